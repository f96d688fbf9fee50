"""Copies that work: a resource cannot claim a DataStore table or loader it does not have.

``ckanapi load`` (and any client) copying a dataset sends the source's ``datastore_active:
true`` and ``datastore_loader: nlc``: the copy would claim a table that does not exist and
xloader would skip it, so it never gets one. These resource validators keep
``datastore_active`` true only while the resource's DataStore table exists, and drop the
``nlc`` loader marker of a resource that claims a table it does not have (a copy), unless
the nlc loader sets it (its actions flag their context ``nlc_loader``) or the resource
already carried it: xloader then loads the copy's upload like any other. A client may
still create a resource with the marker alone and load it itself (``nlc_datastore_load``,
as the harvester does on portals without ``nlc_resource_publish``).
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.navl.dictization_functions import StopOnError

LOADER = "nlc"


def _resource_id(key: tuple, data: dict) -> str | None:
    value = data.get(key[:-1] + ("id",))
    return value if isinstance(value, str) and value else None


def _table_exists(resource_id: str | None) -> bool:
    if not resource_id:
        return False
    try:
        from ckanext.datastore.backend import DatastoreBackend

        return bool(DatastoreBackend.get_active_backend().resource_exists(resource_id))
    except Exception:  # noqa: BLE001 - DataStore off or unreachable: claim nothing
        return False


def _marker_is_ours(resource_id: str | None, context: dict) -> bool:
    """The nlc loader is writing, or the stored resource already carries the marker."""
    if context.get("nlc_loader"):
        return True
    from ckan import model

    stored = model.Resource.get(resource_id) if resource_id else None
    return stored is not None and (stored.extras or {}).get("datastore_loader") == LOADER


def nlc_datastore_active(key: tuple, data: dict, errors: dict, context: dict) -> None:
    """True only while the resource's DataStore table exists; a false claim drops the marker too.

    (CKAN validates a resource's fields in name order: this runs before ``datastore_loader``.)
    """
    value = data.get(key)
    if value in (None, "", tk.missing):
        data.pop(key, None)
        raise StopOnError
    resource_id = _resource_id(key, data)
    if tk.asbool(value) and not _table_exists(resource_id):
        data[key] = False
        loader = key[:-1] + ("datastore_loader",)
        if data.get(loader) == LOADER and not _marker_is_ours(resource_id, context):
            data.pop(loader, None)  # a copy's claim: xloader loads it
    else:
        data[key] = tk.asbool(value)


def nlc_datastore_loader(key: tuple, data: dict, errors: dict, context: dict) -> None:
    """Only the value ``nlc``; see ``nlc_datastore_active`` for when it is dropped."""
    value = data.get(key)
    if value in (None, "", tk.missing):
        data.pop(key, None)
        raise StopOnError
    if value != LOADER:
        message = tk._("datastore_loader can only be {!r} (set by the portal's loader)")
        errors[key].append(message.format(LOADER))


VALIDATORS = {f.__name__: f for f in (nlc_datastore_active, nlc_datastore_loader)}
