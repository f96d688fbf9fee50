"""OGC API - Features for the migrated GIS layers, served inside CKAN under ``/ogc``.

pygeoapi (through ``gis.ogcapi``) serves the layers migrated into
``ckanext.nlc.gis_migrated_dir`` whose dataset (the collection id with ``-`` for
``_``) is public and whose last publication passed the personal-data screen. The
pygeoapi app is mounted at ``/ogc`` in front of CKAN's Flask app and rebuilt when a
layer is (re)migrated or a dataset's state changes (checked every few seconds), so a
layer appears or goes without restarting CKAN.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.middleware.dispatcher import DispatcherMiddleware

PREFIX = "/ogc"
RECHECK_SECONDS = 5.0


def gis_state_dir() -> Path:
    """Where `nlc gis migrate --state-dir` keeps the migration inventory."""
    configured = tk.config.get("ckanext.nlc.gis_state_dir")
    return Path(configured) if configured else migrated_dir().parent


def nlc_gis_inventory_auth(context: dict[str, Any], data_dict: dict[str, Any] | None) -> dict[str, Any]:
    """Staff only: sysadmins (CKAN lets sysadmins through before this is called)."""
    return {"success": False, "msg": tk._("Only council staff can see the GIS migration inventory")}


@tk.side_effect_free
def nlc_gis_inventory(context: dict[str, Any], data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """Every known GIS layer: source system and format, migrated or not, feature counts, last run."""
    tk.check_access("nlc_gis_inventory", context, data_dict)
    from gis.inventory import inventory

    served = set(collection_ids())
    rows = inventory(gis_state_dir())
    for row in rows:
        collection = (row.get("dataset") or row["id"]).replace("-", "_")
        row["ogc_collection"] = collection if collection in served else None
    return rows


ACTIONS: dict[str, Any] = {"nlc_gis_inventory": nlc_gis_inventory}
AUTH: dict[str, Any] = {"nlc_gis_inventory": nlc_gis_inventory_auth}


def inventory_page() -> Any:
    """/gis/inventory: the migration inventory, for staff."""
    try:
        rows = tk.get_action("nlc_gis_inventory")({}, {})
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Only council staff can see the GIS migration inventory"))
    migrated = sum(1 for r in rows if r["migrated"])
    return tk.render("nlc/gis_inventory.html", {"rows": rows, "migrated": migrated})


def blueprints() -> list[Any]:
    from flask import Blueprint

    bp = Blueprint("nlc_gis", __name__)
    bp.add_url_rule("/gis/inventory", "inventory", inventory_page)
    return [bp]


def migrated_dir() -> Path:
    return Path(tk.config.get("ckanext.nlc.gis_migrated_dir") or ".")


def dataset_name(collection: str) -> str:
    return collection.replace("_", "-")


def servable(collection: str) -> bool:
    """The collection's dataset is public and its last publication passed the screen."""
    from ckan import model

    try:
        pkg = model.Package.get(dataset_name(collection))
        return bool(pkg is not None and pkg.state == "active" and not pkg.private
                    and (pkg.extras or {}).get("personal_data_screen") == "passed")
    finally:
        model.Session.remove()  # /ogc requests bypass CKAN's request teardown


def collection_ids(directory: Path | None = None) -> list[str]:
    """Ids of the collections served: one per ``<layer>.migration.json``, if ``servable``."""
    return [c for c in migrated_ids(directory) if servable(c)]


def migrated_ids(directory: Path | None = None) -> list[str]:
    """Ids of the migrated layers (one per ``<layer>.migration.json``)."""
    directory = directory or migrated_dir()
    ids = []
    for report in sorted(directory.glob("*.migration.json")):
        try:
            ids.append(json.loads(report.read_text(encoding="utf-8"))["name"])
        except (OSError, ValueError, KeyError):
            continue
    return ids


class LazyOgcApp:
    """A WSGI app serving pygeoapi for the migrated directory, rebuilt when it changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._app: Any = None
        self._signature: tuple[Any, ...] | None = None
        self._checked = 0.0

    def _current_signature(self, directory: Path) -> tuple[Any, ...]:
        files = sorted(directory.glob("*.migration.json"))
        return (str(directory), tuple(collection_ids(directory)),
                *((f.name, f.stat().st_mtime_ns) for f in files))

    def _get_app(self) -> Any:
        now = time.monotonic()
        directory = migrated_dir()
        if self._app is not None and now - self._checked < RECHECK_SECONDS and \
                self._signature and self._signature[0] == str(directory):
            return self._app
        with self._lock:
            signature = self._current_signature(directory) if directory.is_dir() else (str(directory),)
            if self._app is None or signature != self._signature:
                from gis.ogcapi import config_for_directory, create_app

                base_url = tk.config.get("ckan.site_url").rstrip("/") + PREFIX
                served = set(signature[1]) if len(signature) > 1 else set()
                config = config_for_directory(directory if directory.is_dir() else Path("/nonexistent"),
                                              base_url, serve=served.__contains__)
                self._app = create_app(config, url_prefix="")
                self._signature = signature
            self._checked = now
            return self._app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self._get_app()(environ, start_response)


def mount(app: Any) -> Any:
    """IMiddleware hook: route ``/ogc/...`` to pygeoapi, everything else to CKAN."""
    app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {PREFIX: LazyOgcApp()})
    return app


def nlc_ogc_collection_url(dataset_name: str) -> str | None:
    """The OGC API - Features collection serving a dataset's layer, if one is migrated."""
    collection = (dataset_name or "").replace("-", "_")
    if collection in collection_ids():
        return tk.config.get("ckan.site_url").rstrip("/") + f"{PREFIX}/collections/{collection}"
    return None
