"""``nlc_datastore_load``: load a resource's uploaded CSV into the DataStore, server side.

The harvesters upload a validated CSV and then call this action instead of pushing rows
through ``datastore_upsert`` (JSON, row by row) or waiting for xloader (a background job,
and untyped columns on a first load). Resources loaded this way carry
``datastore_loader: nlc``, which tells xloader to leave them alone (``can_upload``).
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from ckanext.nlc.loading.bulk import BulkLoadError, read_header, replace_rows

LOADER = "nlc"
TYPES = {"text", "int4", "int8", "numeric", "float8", "bool", "date", "time", "timestamp"}


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return "sha256:" + hashlib.file_digest(fh, "sha256").hexdigest()


def _fields(data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    fields = data_dict.get("fields")
    if not isinstance(fields, list) or not fields:
        raise tk.ValidationError({"fields": ["a non-empty list of {id, type, info} is required"]})
    out = []
    for i, f in enumerate(fields):
        if not isinstance(f, dict) or not f.get("id") or str(f["id"]).startswith("_"):
            raise tk.ValidationError({"fields": [f"field {i + 1}: an id not starting with '_' is required"]})
        if f.get("type", "text") not in TYPES:
            raise tk.ValidationError(
                {"fields": [f"field {f['id']}: type {f.get('type')!r} is not one of {sorted(TYPES)}"]}
            )
        out.append({"id": str(f["id"]), "type": f.get("type", "text"), "info": f.get("info") or {}})
    ids = [f["id"] for f in out]
    if len(set(ids)) != len(ids):
        raise tk.ValidationError({"fields": [f"field ids must be unique: {ids}"]})
    return out


def _current(resource_id: str) -> list[dict[str, Any]] | None:
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    return [f for f in info.get("fields", []) if f.get("id") != "_id"]


def _prepare_table(user: str, resource_id: str, fields: list[dict[str, Any]], path: Path) -> str:
    """Make the table's columns equal ``fields``; return created / kept / recreated."""
    from ckanext.datastore.backend.postgres import get_write_engine
    from ckanext.nlc.loading.bulk import check_copy

    ctx = {"ignore_auth": True, "user": user}  # the caller may datastore_create (checked)
    current = _current(resource_id)
    create = {"resource_id": resource_id, "fields": fields, "force": True}
    if current is None:
        tk.get_action("datastore_create")(dict(ctx), create)
        return "created"
    if [(f["id"], f["type"]) for f in current] == [(f["id"], f["type"]) for f in fields]:
        if [f.get("info") or {} for f in current] != [f["info"] for f in fields]:
            tk.get_action("datastore_create")(dict(ctx), create)  # data dictionary only
        return "kept"
    # New columns or types: check the file fits them before dropping the published table.
    check_copy(get_write_engine(), fields, path)
    tk.get_action("datastore_delete")(dict(ctx), {"resource_id": resource_id, "force": True})
    tk.get_action("datastore_create")(dict(ctx), create)
    return "recreated"


def nlc_datastore_load(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Replace the DataStore rows of an uploaded CSV resource with the file's rows, atomically.

    :param resource_id: a resource whose file was uploaded to CKAN (``url_type: upload``)
    :param fields: DataStore fields ``{id, type, info}``, in the CSV's column order
    :param expected_hash: optional ``sha256:...``; refuse to load a file with another hash
    :returns: ``resource_id``, ``rows`` loaded, ``replaced`` (rows before), ``table``
        (``created``, ``kept`` or ``recreated``) and ``seconds``
    """
    started = time.perf_counter()
    resource_id = tk.get_or_bust(data_dict, "resource_id")
    tk.check_access("nlc_datastore_load", context, data_dict)
    fields = _fields(data_dict)
    res = tk.get_action("resource_show")(context, {"id": resource_id})
    if res.get("url_type") != "upload":
        raise tk.ValidationError(
            {"resource_id": ["only a resource whose file is uploaded to CKAN can be loaded"]}
        )
    from ckan.lib.uploader import get_resource_uploader

    path = Path(get_resource_uploader(res).get_path(resource_id))
    if not path.is_file():
        raise tk.ValidationError({"resource_id": [f"the uploaded file of resource {resource_id} is missing"]})
    expected = data_dict.get("expected_hash")
    if expected and _sha256(path) != expected:
        raise tk.ValidationError({"expected_hash": ["the uploaded file has another hash: upload it again"]})
    header = read_header(path)
    ids = [f["id"] for f in fields]
    if header != ids:
        raise tk.ValidationError({"fields": [f"the CSV header {header} does not match the fields {ids}"]})

    from ckanext.datastore.backend.postgres import get_write_engine

    try:
        table = _prepare_table(context.get("user") or "", resource_id, fields, path)
        loaded = replace_rows(get_write_engine(), resource_id, fields, path)
    except BulkLoadError as e:
        raise tk.ValidationError({"records": [f"{res.get('name') or resource_id}: {e.where()}{e}"]}) from e
    return {
        "resource_id": resource_id,
        "rows": loaded.rows,
        "replaced": loaded.replaced,
        "table": table,
        "seconds": round(time.perf_counter() - started, 3),
    }


def nlc_datastore_load_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whoever may ``datastore_create`` on the resource (edit rights on its dataset)."""
    return authz.is_authorized("datastore_create", context, {"resource_id": data_dict.get("resource_id")})


def xloader_can_upload(resource_id: str) -> bool:
    """False for resources this action loads, so xloader does not load them a second time."""
    from ckan import model

    res = model.Resource.get(resource_id)
    return not (res is not None and (res.extras or {}).get("datastore_loader") == LOADER)


ACTIONS = {"nlc_datastore_load": nlc_datastore_load}
AUTH = {"nlc_datastore_load": nlc_datastore_load_auth}
