"""``dataset_purge`` that leaves nothing of the dataset behind.

CKAN's purge removes the dataset's rows but keeps its activities (anonymous
``recently_changed_packages_activity_list`` goes on showing title and notes), its uploaded
files and its resources' DataStore tables. Chained here, every purge (API, UI, the
harvester's ``Publisher.purge``) also drops the tables (before: ``datastore_delete`` needs
the resource), then removes the files (``nlc_repair``'s orphan sweep, no grace) and the
activities whose object is the dataset.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def _resource_ids(package_id: str) -> list[str]:
    """Every resource the dataset ever had that is still in the database (deleted too)."""
    from ckan import model

    rows = model.Session.query(model.Resource.id).filter(model.Resource.package_id == package_id)
    return [rid for (rid,) in rows]


def _drop_tables(context: dict[str, Any], resource_ids: list[str]) -> int:
    from ckan.plugins import plugin_loaded

    if not plugin_loaded("datastore"):
        return 0
    dropped = 0
    delete = tk.get_action("datastore_delete")
    for rid in resource_ids:
        try:
            delete({"ignore_auth": True, "user": context.get("user")}, {"resource_id": rid, "force": True})
            dropped += 1
        except tk.ObjectNotFound:
            pass
    return dropped


def _delete_activities(package_id: str) -> int:
    try:
        from ckanext.activity.model import Activity
    except ImportError:  # pragma: no cover - activity plugin not installed
        return 0
    from ckan import model

    count = model.Session.query(Activity).filter(Activity.object_id == package_id).delete(
        synchronize_session=False
    )
    model.Session.commit()
    return int(count)


@tk.chained_action
def dataset_purge(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """Purge a dataset with its activities, uploaded files and DataStore tables."""
    from ckan import model
    from ckanext.nlc import repair

    pkg = model.Package.get(str(tk.get_or_bust(data_dict, "id")))
    if pkg is None:
        raise tk.ObjectNotFound("Dataset was not found")
    tk.check_access("dataset_purge", dict(context, package=pkg), data_dict)
    package_id, name = pkg.id, pkg.name
    resource_ids = _resource_ids(package_id)
    tables = _drop_tables(context, resource_ids)
    result = original(context, data_dict)
    files = repair._remove_orphan_files(resource_ids, grace=0) if resource_ids else 0
    activities = _delete_activities(package_id)
    log.info("purged %s (%s): %d activities, %d files, %d DataStore tables", name, package_id,
             activities, files, tables)
    return result
