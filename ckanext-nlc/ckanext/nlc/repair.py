"""Feature ``repair``: ``nlc_repair``, what a crash in the middle of a CKAN write leaves.

CKAN writes an upload's file and updates the search index before its database transaction
commits, so a server killed at the wrong moment leaves a file no resource owns (or a
``<file>~`` half written) and a search entry the database lacks. The harvester calls this
action after every change it makes (see harvesters.publish); sysadmins only.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk


def _storage_files(resource_ids: list[str] | None) -> list[tuple[str, Path]]:
    """(resource id, path) of every stored upload, or of ``resource_ids`` only."""
    root = tk.config.get("ckan.storage_path")
    if not root:
        return []
    base = Path(root) / "resources"
    if resource_ids:
        out = []
        for rid in resource_ids:
            folder = base / rid[:3] / rid[3:6]
            out += [(rid, p) for p in (folder / rid[6:], folder / f"{rid[6:]}~") if p.exists()]
        return out
    found = []
    for dirpath, _dirs, names in os.walk(base):
        rel = Path(dirpath).relative_to(base).parts
        if len(rel) != 2:
            continue
        found += [(rel[0] + rel[1] + name.rstrip("~"), Path(dirpath) / name) for name in names]
    return found


def _remove_orphan_files(resource_ids: list[str] | None, grace: float) -> int:
    from ckan import model

    removed, now = 0, time.time()
    for rid, path in _storage_files(resource_ids):
        res = model.Resource.get(rid)
        orphan = path.name.endswith("~") or res is None or res.state == "deleted"
        if orphan and now - path.stat().st_mtime >= grace:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _repair_index(name: str) -> tuple[bool, list[str]]:
    """Re-index dataset ``name`` from the database; drop index entries of that name the
    database lacks. Returns (re-indexed, removed entry ids)."""
    from ckan import model
    from ckan.lib import search

    pkg = model.Package.get(name)
    site_id = tk.config.get("ckan.site_id")
    conn = search.make_connection()
    hits = conn.search(
        q=f'name:"{name}" OR id:"{name}"', fq=f'+site_id:"{site_id}" +entity_type:package', fl="id"
    )
    stale = [h["id"] for h in hits if pkg is None or h["id"] != pkg.id]
    index = search.index_for(model.Package)
    for pid in stale:
        index.delete_package({"id": pid})
    if pkg is not None and pkg.state != "deleted":
        search.rebuild(pkg.id)
        return True, stale
    return False, stale


def nlc_repair(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Repair what a crash mid-write left for a dataset.

    :param id: dataset name or id: re-index it from the database and remove search entries
        of that name the database lacks
    :param resource_ids: optional list: check only these resources' files (after a purge)
    :param grace_seconds: optional: remove orphan files older than this (default
        ``ckanext.nlc.orphan_grace_seconds``)
    :returns: ``reindexed`` (bool), ``index_removed`` (ids), ``files_removed`` (count)
    """
    tk.check_access("nlc_repair", context, data_dict)
    name = str(tk.get_or_bust(data_dict, "id"))
    ids = data_dict.get("resource_ids")
    if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        raise tk.ValidationError({"resource_ids": ["a list of resource ids"]})
    try:
        grace = float(data_dict.get("grace_seconds", tk.config.get("ckanext.nlc.orphan_grace_seconds")))
    except (TypeError, ValueError) as e:
        raise tk.ValidationError({"grace_seconds": ["a number of seconds"]}) from e
    reindexed, stale = _repair_index(name)
    return {"reindexed": reindexed, "index_removed": stale, "files_removed": _remove_orphan_files(ids, grace)}


def nlc_repair_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Sysadmins only (CKAN lets them through before this is asked)."""
    return {"success": False, "msg": "only sysadmins may repair the catalogue"}


ACTIONS = {"nlc_repair": nlc_repair}
AUTH = {"nlc_repair": nlc_repair_auth}


def blueprints() -> list[Any]:
    return []
