"""Migrate one legacy layer to GeoPackage + GeoJSON, streaming it in batches."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gis.attributes import field_names, repair_encodings, snake_case
from gis.crs import BNG, resolve_crs
from gis.errors import (
    EmptyLayerError,
    GisError,
    IncompleteLayerError,
    PersonalDataInLayerError,
    RejectedFeaturesError,
)
from gis.readers import BATCH_SIZE, SourceLayer, declared_counts, open_layer
from gis.repair import OUTPUT_TYPE, ReportEntry, choose_family, repair_batch
from gis.table_schema import table_schema
from gis.writers import LayerWriter, bbox_polygon


def source_root() -> Path:
    """What recorded source paths are relative to: ``$NLC_GIS_SOURCE_ROOT``, else the working
    directory (``scripts/publish.sh`` runs the migration from the checkout)."""
    return Path(os.environ.get("NLC_GIS_SOURCE_ROOT") or Path.cwd()).resolve()


def portable_source(source: Any, root: Path | None = None) -> str:
    """The source path as recorded in the output: relative to :func:`source_root` when inside
    it, so the same layer migrated from two checkouts gives byte-identical metadata."""
    text = str(source)
    prefix = str(root or source_root()) + os.sep
    return text.replace(prefix, "", 1) if prefix in text else text

Progress = Callable[[int, int], None]


@dataclass
class MigrationResult:
    """What a migration produced (the contract harvesters rely on)."""

    name: str
    source: str
    source_format: str
    gpkg_path: Path
    geojson_path: Path
    report_path: Path
    table_schema: dict[str, Any]
    bbox: list[float]
    report: list[dict[str, Any]]
    feature_count_in: int
    feature_count_out: int
    crs: str
    crs_decision: str
    geometry_type: str
    field_names: dict[str, str]
    notes: list[str] = field(default_factory=list)
    finished: str = ""

    @property
    def spatial(self) -> str:
        """The bbox as a GeoJSON Polygon string for the CKAN ``spatial`` field."""
        return json.dumps(bbox_polygon(self.bbox))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (written beside the outputs as ``<name>.migration.json``)."""
        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}
        data["spatial"] = self.spatial
        return data


def _batch_size(source: Path, features: int, budget: int = 8 << 20) -> int:
    """Features per batch so one batch is about ``budget`` bytes of source."""
    size = sum(p.stat().st_size for p in source.parent.glob(f"{source.stem}.*")) if source.is_file() else 0
    per_feature = max(size // max(features, 1), 1)
    return int(min(max(budget // per_feature, 1_000), BATCH_SIZE))


def layer_name(source: Path, name: str | None) -> str:
    """The output layer name: given, or the source file's stem, in snake_case."""
    return snake_case(name or source.stem)


def allowed_rejections(source: Path, name: str) -> int:
    """``max_rejected`` of the layer's entry in gis/layers.yaml (matched by sample path or id), else 0."""
    from gis.inventory import known_layers, match_layer  # gis.inventory imports this module

    layers = known_layers()
    layer_id = match_layer(source, name, layers)
    entry = next((layer for layer in layers if layer["id"] == layer_id), {})
    return int(entry.get("max_rejected", 0))


def allowed_fields(source: Path, name: str) -> dict[str, str]:
    """Field -> reason from ``allow:`` on the layer's entry in gis/layers.yaml (the same form
    as a dataset definition's allow-list)."""
    from gis.inventory import known_layers, match_layer

    layers = known_layers()
    layer_id = match_layer(source, name, layers)
    entry = next((layer for layer in layers if layer["id"] == layer_id), {})
    return {str(a["field"]): str(a.get("reason", "")) for a in entry.get("allow") or [] if a.get("field")}


def screen_batch(batch: Any, back: dict[str, str], first: int, allow: dict[str, str]) -> list[dict[str, Any]]:
    """The harvest screen's findings in a batch's text attributes (one per field and kind);
    ``feature`` counts from 1 in source order."""
    import pandas as pd

    from harvesters.personal import default_detector
    from harvesters.screen import mask, screen_values

    detector = default_detector()
    found = []
    for column in batch.columns:
        original = back.get(column, column)
        if column == batch.geometry.name or column in allow or original in allow:
            continue
        dtype = batch[column].dtype
        if not (pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)):
            continue  # numbers, dates, booleans
        for kind, idx, value, message in screen_values(detector, original, batch[column].tolist()):
            found.append(
                {"feature": first + idx + 1, "field": original, "kind": kind, "example": mask(value),
                 "message": message}
            )
    return found


def check_complete(layer: SourceLayer, read: int) -> None:
    """Raise IncompleteLayerError unless every count the source declares equals ``read``."""
    declared = {"GDAL's feature count": layer.feature_count, **declared_counts(layer)}
    wrong = [f"{where} says {count}" for where, count in declared.items() if count != read]
    if wrong:
        raise IncompleteLayerError(
            layer.source,
            f"{read} features could be read but {'; '.join(wrong)}: the file set is truncated or "
            "damaged; supply a complete copy",
        )


def _check_outcome(source: Path, layer: SourceLayer, done: int, personal: list[dict[str, Any]],
                   writer: LayerWriter | None, report: list[ReportEntry], allowed: int) -> LayerWriter:
    """Raise the GisError a finished run deserves (incomplete, personal data, nothing kept, too
    many rejected); sorts ``report`` by feature. The writer, which kept something, if none."""
    check_complete(layer, done)
    if personal:
        raise PersonalDataInLayerError(source, personal)
    if writer is None or writer.count == 0:
        raise EmptyLayerError(
            source,
            f"all {done} features were rejected: "
            + "; ".join(f"feature {e.feature}: {e.reason}" for e in report[:5]),
        )
    report.sort(key=lambda e: e.feature)
    rejected = [(e.feature, e.reason) for e in report if e.action == "rejected"]
    if len(rejected) > allowed:
        raise RejectedFeaturesError(source, rejected, allowed)
    return writer


def migrate_layer(
    source: str | Path,
    out_dir: Path,
    *,
    crs: str | None = None,
    name: str | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    max_rejected: int | None = None,
    allow: dict[str, str] | None = None,
) -> MigrationResult:
    """Read a legacy layer, repair it and write ``<name>.gpkg``, ``<name>.geojson`` and a report.

    Features are processed ``batch_size`` at a time (by default about 8 MB of source
    per batch, at most 50,000 features) so large layers are streamed.
    The run fails if the features read differ from the count the format declares, if more than
    ``max_rejected`` features are rejected (default: the layer's ``max_rejected`` in
    gis/layers.yaml, else 0), if the coordinates do not fit the CRS's area of use, or if the
    personal-data screen finds personal data in a text attribute that ``allow`` (default: the
    layer's ``allow:`` in gis/layers.yaml) does not list.
    Raises a :class:`gis.errors.GisError` subclass naming the file when the layer
    cannot be migrated; outputs of a failed run are removed.
    """
    source = Path(source)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    layer = open_layer(source)
    try:
        if layer.feature_count == 0:
            raise EmptyLayerError(source, "the layer has no features")
        if layer.bounds is None:
            raise EmptyLayerError(source, f"none of the {layer.feature_count} features has a geometry")
        decision = resolve_crs(source, layer.declared_crs, layer.bounds, crs, layer.crs_origin)
        lname = layer_name(source, name)
        batch_size = batch_size or _batch_size(source, layer.feature_count)
        paths = {ext: out_dir / f"{lname}.{ext}" for ext in ("gpkg", "geojson", "migration.json")}
        partial = {ext: out_dir / f"{lname}.partial.{ext}" for ext in paths}
        for p in partial.values():
            p.unlink(missing_ok=True)
        mapping = field_names(layer.fields)
        back = {new: old for old, new in mapping.items()}
        allow = allowed_fields(source, lname) if allow is None else allow
        personal: list[dict[str, Any]] = []
        report: list[ReportEntry] = []
        notes = [f"CRS: {decision.how}"]
        writer: LayerWriter | None = None
        schema: dict[str, Any] = {"fields": []}
        family = ""
        done = 0
        try:
            for batch in layer.batches(batch_size):
                batch = batch.rename(columns=mapping)
                if writer is None:
                    family, how = choose_family(layer.geometry_type, batch.geometry.to_numpy())
                    notes.append(f"geometry: {how}")
                    metadata = {
                        "NLC_SOURCE": portable_source(source),
                        "NLC_SOURCE_FORMAT": layer.format_name,
                        "NLC_ORIGINAL_FIELD_NAMES": json.dumps(mapping),
                    }
                    writer = LayerWriter(
                        partial["gpkg"], partial["geojson"], lname, OUTPUT_TYPE[family], metadata
                    )
                report.extend(repair_encodings(batch, done, back))
                seen = {(f["field"], f["kind"]) for f in personal}
                personal.extend(
                    f for f in screen_batch(batch, back, done, allow) if (f["field"], f["kind"]) not in seen
                )
                geoms, keep, entries = repair_batch(batch.geometry.to_numpy(), done, family)
                report.extend(entries)
                batch = batch.set_geometry(geoms, crs=decision.crs)[keep]
                if not decision.crs.equals(BNG):
                    batch = batch.to_crs(BNG)
                if not schema["fields"] and len(batch.columns) > 1:
                    schema = table_schema(batch, back)
                writer.write(batch)
                done += len(keep)
                if progress:
                    progress(done, layer.feature_count)
        finally:
            if writer is not None:
                writer.close()
        allowed = allowed_rejections(source, lname) if max_rejected is None else max_rejected
        writer = _check_outcome(source, layer, done, personal, writer, report, allowed)
        result = MigrationResult(
            name=lname,
            source=str(source),
            source_format=layer.format_name,
            gpkg_path=paths["gpkg"],
            geojson_path=paths["geojson"],
            report_path=paths["migration.json"],
            table_schema=schema,
            bbox=writer.bbox or [],
            report=[e.as_dict() for e in report],
            feature_count_in=done,
            feature_count_out=writer.count,
            crs="EPSG:27700",
            crs_decision=decision.how,
            geometry_type=OUTPUT_TYPE[family],
            field_names=mapping,
            notes=notes,
            finished=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        partial["migration.json"].write_text(json.dumps(result.as_dict(), indent=2), encoding="utf-8")
        for ext, p in partial.items():
            os.replace(p, paths[ext])
        return result
    except GisError:
        for p in locals().get("partial", {}).values():
            p.unlink(missing_ok=True)
        raise
    finally:
        layer.close()
