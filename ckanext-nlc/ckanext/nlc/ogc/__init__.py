"""OGC API - Features for the migrated GIS layers, served inside CKAN under ``/ogc``.

pygeoapi serves the layers migrated into ``ckanext.nlc.gis_migrated_dir`` whose dataset
(the collection id with ``-`` for ``_``) is public and whose last publication passed the
personal-data screen. ``gis.ogcapi`` writes the pygeoapi configuration, :mod:`.app` serves
it (Flask), :mod:`.mount` puts it at ``/ogc`` in front of CKAN (IMiddleware). This module
holds the inventory action and page and which collections are served.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk

PREFIX = "/ogc"


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
    return Path(tk.config.get("ckanext.nlc.gis_migrated_dir"))


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


def nlc_ogc_collection_url(dataset_name: str) -> str | None:
    """The OGC API - Features collection serving a dataset's layer, if one is migrated."""
    collection = (dataset_name or "").replace("-", "_")
    if collection in collection_ids():
        return tk.config.get("ckan.site_url").rstrip("/") + f"{PREFIX}/collections/{collection}"
    return None
