"""Settle publications that died midway (see :mod:`.journal`) before anyone reads them.

Every read a visitor or a harvester makes of a dataset, a resource or its DataStore table
(``package_show``, ``resource_show``, ``datastore_search``, ``datastore_search_sql``,
``datastore_info``, ``nlc_datastore_status``) first settles the journal's interrupted
entries, normally none (one read of an empty table). An interrupted entry is:

- rolled back when the stored file is not the new one (nothing visible had changed yet);
- completed when it is: the resource gets the new file's hash and size, and the DataStore
  table is loaded from the stored file with the fields recorded, then the entry is deleted in
  the swap's transaction. A crash inside the completion leaves the entry for the next read.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc.loading import bulk, journal

log = logging.getLogger(__name__)
_busy = threading.local()  # settling calls actions that read: do not settle again inside


def _find(entry: journal.Entry) -> Any:
    from ckan import model

    if entry.resource_id:
        res = model.Resource.get(entry.resource_id)
        return res if res is not None and res.state == "active" else None
    pkg = model.Package.get(entry.package_id)
    if pkg is None:
        return None
    named = [r for r in pkg.resources if r.name == entry.name]  # active resources only
    return named[-1] if named else None


def settle(entry: journal.Entry) -> str:
    """Roll ``entry`` back or complete it; returns what was done (or ``busy``: a live
    publisher holds the dataset's lock)."""
    from ckanext.nlc.loading import actions

    engine = actions._write_engine()
    with journal.settling(engine, entry) as mine:
        if not mine:
            return "busy"
        res = _find(entry)
        path = actions._stored_path({"id": res.id, "url_type": res.url_type}) if res is not None else None
        if path is None or actions._sha256(path) != entry.file_hash:
            journal.forget(engine, entry)
            log.warning("publication journal: %s rolled back (the new file was never stored)", entry.key)
            return "rolled back"
        _complete(entry, res.id, path)
        log.warning("publication journal: %s completed from the stored file", entry.key)
        return "completed"


def _complete(entry: journal.Entry, resource_id: str, path: Path) -> None:
    from ckan import model
    from ckanext.nlc.loading import actions

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    context = {"ignore_auth": True, "user": site}
    res = model.Resource.get(resource_id)
    size = path.stat().st_size
    if res.hash != entry.file_hash or res.size != size:  # killed before CKAN's commit
        patch = {"id": resource_id, "hash": entry.file_hash, "size": size, "datastore_loader": actions.LOADER}
        tk.get_action("resource_patch")(dict(context), patch)
    status = actions.nlc_datastore_status_unsettled(resource_id)
    engine = actions._write_engine()
    if status.get("loaded_hash") == entry.file_hash:
        journal.forget(engine, entry)
    else:
        aside, _ = actions._build(entry.name or resource_id, resource_id, entry.fields, path, entry.file_hash)
        actions._swap(aside, resource_id, also=journal.delete_sql(entry.key))
    actions._mark_active(context, resource_id)


def settle_pending() -> None:
    """Settle every interrupted entry (a no-op read when there is none)."""
    if getattr(_busy, "on", False):
        return
    from ckanext.nlc.loading import actions

    _busy.on = True
    try:
        for entry in journal.pending(actions._write_engine()):
            settle_quietly(entry)
    except Exception as e:  # a reader is answered even if the journal cannot be read
        if not bulk.is_unavailable(e):
            log.exception("publication journal: could not be read")
    finally:
        _busy.on = False


def settle_quietly(entry: journal.Entry) -> None:
    """:func:`settle`, logging (not raising) what fails: the entry then waits for the next read."""
    try:
        settle(entry)
    except Exception:
        log.exception("publication journal: %s could not be settled yet", entry.key)


def _settled_first(name: str) -> Any:
    @tk.chained_action
    def action(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
        settle_pending()
        return original(context, data_dict)

    action.__name__ = name
    action.__doc__ = f"``{name}``, after settling interrupted publications (ckanext.nlc.loading.recovery)."
    return tk.side_effect_free(action)  # every read chained here is side-effect free in CKAN


READS = ("package_show", "resource_show", "datastore_search", "datastore_search_sql", "datastore_info")
CHAINED = {name: _settled_first(name) for name in READS}
