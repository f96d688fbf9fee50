"""The migration inventory: every known layer, its source, and what its last migration did.

Known layers come from the packaged ``gis/layers.yaml`` (or ``$NLC_GIS_LAYERS``); run results are kept in
``inventory.json`` in a state directory (``NLC_GIS_STATE_DIR``, default
``~/.local/state/nlc/gis``) so the portal and ``nlc gis inventory`` can show them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from gis.migrate import MigrationResult

PACKAGED_LAYERS = resources.files("gis") / "layers.yaml"


def layers_file() -> Traversable:
    """The layer list: ``$NLC_GIS_LAYERS`` (a council's own), else the packaged gis/layers.yaml."""
    configured = os.environ.get("NLC_GIS_LAYERS")
    return Path(configured) if configured else PACKAGED_LAYERS


def state_dir(override: str | Path | None = None) -> Path:
    """Where inventory.json lives."""
    if override:
        return Path(override)
    return Path(os.environ.get("NLC_GIS_STATE_DIR", Path.home() / ".local" / "state" / "nlc" / "gis"))


def known_layers(path: Path | Traversable | None = None) -> list[dict[str, Any]]:
    """The council's known layers, as listed in layers.yaml (:func:`layers_file` unless given)."""
    return list(yaml.safe_load((path or layers_file()).read_text(encoding="utf-8"))["layers"])


def _is_sample(source: Path, sample: str) -> bool:
    """Whether ``source`` is the layer's sample file (``sample`` is a path ending, e.g.
    ``datasets/wards/source/wards.zip``, wherever the datasets folder is)."""
    parts = Path(sample).parts
    return source.parts[-len(parts):] == parts


def _load(state: Path) -> dict[str, Any]:
    file = state / "inventory.json"
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def _save(state: Path, runs: dict[str, Any]) -> None:
    state.mkdir(parents=True, exist_ok=True)
    tmp = state / "inventory.json.tmp"
    tmp.write_text(json.dumps(runs, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, state / "inventory.json")


def match_layer(source: str | Path, name: str, layers: list[dict[str, Any]]) -> str:
    """The layers.yaml id a source belongs to (by sample path or name), else its own name."""
    resolved = Path(source).resolve()
    for layer in layers:
        if layer.get("sample") and _is_sample(resolved, layer["sample"]):
            return str(layer["id"])
    slug = name.replace("_", "-")
    for layer in layers:
        if layer["id"] in (slug, name):
            return str(layer["id"])
    return slug


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def record_success(result: MigrationResult, *, layer_id: str | None = None, state: Path | None = None) -> str:
    """Store a successful migration under its layer id; returns the id."""
    state = state_dir(state)
    lid = layer_id or match_layer(result.source, result.name, known_layers())
    runs = _load(state)
    runs[lid] = {
        "status": "migrated",
        "last_run": result.finished or _now(),
        "source": result.source,
        "source_format": result.source_format,
        "feature_count_in": result.feature_count_in,
        "feature_count_out": result.feature_count_out,
        "fixed": sum(1 for e in result.report if e["action"] in ("fixed", "split")),
        "rejected": sum(1 for e in result.report if e["action"] == "rejected"),
        "gpkg_path": str(result.gpkg_path),
        "geojson_path": str(result.geojson_path),
        "report_path": str(result.report_path),
        "error": None,
    }
    _save(state, runs)
    return lid


def record_failure(
    source: str | Path, error: Exception, *, layer_id: str | None = None, state: Path | None = None
) -> str:
    """Store a failed migration attempt (the error message names the problem)."""
    state = state_dir(state)
    lid = layer_id or match_layer(source, Path(source).stem.lower(), known_layers())
    runs = _load(state)
    previous = runs.get(lid, {})
    runs[lid] = {
        **previous,
        "status": "failed",
        "last_run": _now(),
        "source": str(source),
        "error": str(error),
    }
    _save(state, runs)
    return lid


def inventory(state: Path | None = None) -> list[dict[str, Any]]:
    """One row per known layer (plus any migrated layer not listed), with its last run."""
    runs = _load(state_dir(state))
    rows = []
    for layer in known_layers():
        run = runs.get(layer["id"], {})
        rows.append(_row(layer, run))
    listed = {layer["id"] for layer in known_layers()}
    for lid, run in sorted(runs.items()):
        if lid not in listed:
            rows.append(
                _row(
                    {
                        "id": lid,
                        "title": lid,
                        "source_system": "unlisted",
                        "format": run.get("source_format", ""),
                    },
                    run,
                )
            )
    return rows


def _row(layer: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": layer["id"],
        "title": layer.get("title", layer["id"]),
        "source_system": layer.get("source_system", ""),
        "format": layer.get("format", ""),
        "dataset": layer.get("dataset"),
        "migrated": run.get("status") == "migrated",
        "status": run.get("status", "not migrated"),
        "feature_count_in": run.get("feature_count_in"),
        "feature_count_out": run.get("feature_count_out"),
        "fixed": run.get("fixed"),
        "rejected": run.get("rejected"),
        "last_run": run.get("last_run"),
        "error": run.get("error"),
    }
