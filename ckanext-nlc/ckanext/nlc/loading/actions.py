"""Server-side DataStore loading of uploaded CSVs: ``nlc_datastore_load``,
``nlc_resource_publish`` and ``nlc_datastore_status``.

The harvesters upload a validated CSV and have the server COPY it into the DataStore
instead of pushing rows through ``datastore_upsert`` (JSON, row by row) or waiting for
xloader (a background job, and untyped columns on a first load). Resources loaded this way
carry ``datastore_loader: nlc``, which tells xloader to leave them alone (``can_upload``).

Every load builds the complete new table aside, then swaps it in with one short
transaction (see :mod:`ckanext.nlc.loading.bulk`): readers never wait for a load, a failed
or killed load (also one that changes column types) leaves the published table as it was,
and the swap records the loaded file's sha256 and row count on the table.
``nlc_resource_publish`` writes the file and swaps the table in one call, so the public
sees the old file with the old table or the new file with the new table;
``nlc_datastore_status`` tells a client whether the two agree. A publication that dies
between the file and the table is settled by the next read (:mod:`.journal`, :mod:`.recovery`).

A DataStore database that cannot be reached (or a swap that cannot get its lock within
``ckanext.nlc.datastore_swap_lock_timeout``) is reported as :class:`DatastoreUnavailable`,
a ``ValidationError`` on ``datastore`` saying "DataStore database unavailable: ...", which
the Action API answers with HTTP 503 and ``Retry-After`` (see :func:`unavailable_to_503`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import ckan.plugins.toolkit as tk
from ckan import authz
from ckanext.nlc import previews
from ckanext.nlc.loading import bulk, journal, recovery
from ckanext.nlc.loading.bulk import BulkLoadError, DatabaseUnavailable, read_header

log = logging.getLogger(__name__)

LOADER = "nlc"
TYPES = {"text", "int4", "int8", "numeric", "float8", "bool", "date", "time", "timestamp"}
LOCK_TIMEOUT = "ckanext.nlc.datastore_swap_lock_timeout"
RESOURCE_FIELDS = ("name", "description", "format", "hash", "schema")
RETRY_AFTER = "30"


class DatastoreUnavailable(tk.ValidationError):
    """The DataStore database was unreachable or busy; nothing was changed, try again."""


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return "sha256:" + hashlib.file_digest(fh, "sha256").hexdigest()


def _fields(data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    fields = data_dict.get("fields")
    if isinstance(fields, str):  # a multipart form sends it as JSON
        try:
            fields = json.loads(fields)
        except ValueError:
            raise tk.ValidationError({"fields": ["not valid JSON"]}) from None
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


def _unavailable(error: DatabaseUnavailable | Exception, what: str = "") -> DatastoreUnavailable:
    """The error to raise, and a note for :func:`unavailable_to_503`."""
    try:
        from flask import g

        g.nlc_datastore_unavailable = True
    except RuntimeError:  # no request (a CLI or test call): the exception says it all
        pass
    detail = getattr(error, "detail", "") or error
    log.error("DataStore database unavailable%s: %s", f" ({what})" if what else "", detail)
    # the driver's text (host, port) goes to the log only: the caller may be anonymous
    return DatastoreUnavailable({"datastore": [f"DataStore database unavailable: {error}{what}"]})


def _write_engine() -> Any:
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine()


def _current(resource_id: str) -> list[dict[str, Any]] | None:
    """The published table's fields (``datastore_info``), or None when there is no table."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return None
    except Exception as e:
        if bulk.is_unavailable(e):
            raise _unavailable(bulk.unavailable(e)) from e
        raise
    return [f for f in info.get("fields", []) if f.get("id") != "_id"]


def _plugin_data(resource_id: str | None, fields: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """What datastore_create's IDataDictionaryForm plugins (e.g. xloader's
    ``strip_extra_white``) would store in each column comment, by field position."""
    from ckan import model
    from ckan.lib.navl.dictization_functions import validate
    from ckan.plugins import PluginImplementations
    from ckanext.datastore import interfaces
    from ckanext.datastore.logic import action as ds_action
    from ckanext.datastore.logic import schema as ds_schema

    schema = ds_schema.datastore_create_schema()
    for plugin in PluginImplementations(interfaces.IDataDictionaryForm):
        schema = plugin.update_datastore_create_schema(schema)
    data: dict[str, Any] = {"fields": [dict(f) for f in fields]}
    if resource_id:
        data["resource_id"] = resource_id
    with ds_action._create_validate_context({"ignore_auth": True}, data) as context:
        plugin_data = context["plugin_data"]
        context.setdefault("model", model)  # type: ignore[typeddict-item]
        context.setdefault("session", model.Session)  # type: ignore[typeddict-item]
        _, errors = validate(data, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return plugin_data


def _spec(
    resource_id: str | None, fields: list[dict[str, Any]], current: list[dict[str, Any]] | None
) -> bulk.TableSpec:
    """The new table as ``datastore_create`` would make it: column comments (the published
    table's comment of a column kept with its type, then plugin data and ``_info``, as
    CKAN's ``alter_table`` merges them) and CKAN's full-text indexes."""
    from ckanext.datastore.backend.postgres import _build_fts_indexes, _generate_index_name

    plugin_data = _plugin_data(resource_id, fields)
    raw: dict[str, Any] = {}
    if current is not None and resource_id:
        from ckanext.datastore.backend import DatastoreBackend

        raw = DatastoreBackend.get_active_backend().resource_plugin_data(resource_id) or {}
    kept = {(f["id"], f["type"]) for f in current or []}
    comments = {}
    for i, f in enumerate(fields):
        comment = dict(raw.get(f["id"], {})) if (f["id"], f["type"]) in kept else {}
        comment.update(plugin_data.get(i, {}))
        comment["_info"] = f["info"]
        comments[f["id"]] = " " + json.dumps(comment, ensure_ascii=False, separators=(",", ":"))
    sep = "\x1f"
    made, _ = _build_fts_indexes(
        {"resource_id": "x"}, sep.join(["{name}", "{method}", "{fields}"]), [dict(f) for f in fields]
    )
    fts = [(m, e) for _, m, e in (s.split(sep, 2) for s in made)]
    return bulk.TableSpec(
        fields=fields, comments=comments, fts_indexes=fts, index_name=_generate_index_name
    )


def _lock_timeout() -> str:
    return str(tk.config.get(LOCK_TIMEOUT) or "5s")


def _build(
    label: str, resource_id: str | None, fields: list[dict[str, Any]], path: Path, file_hash: str
) -> tuple[bulk.Aside, str]:
    """Build the new table of ``resource_id`` aside; return it and created/kept/recreated."""
    current = _current(resource_id) if resource_id else None
    if current is None:
        table = "created"
    elif [(f["id"], f["type"]) for f in current] == [(f["id"], f["type"]) for f in fields]:
        table = "kept"
    else:
        table = "recreated"
    spec = _spec(resource_id, fields, current)
    try:
        aside = bulk.build(
            _write_engine(), spec, path, file_hash, source=resource_id if current is not None else None
        )
    except BulkLoadError as e:
        raise tk.ValidationError({"records": [f"{label}: {e.where()}{e}"]}) from e
    except DatabaseUnavailable as e:
        raise _unavailable(e) from e
    return aside, table


def _swap(
    aside: bulk.Aside, resource_id: str, what: str = "", also: tuple[str, tuple] | None = None
) -> bulk.Loaded:
    try:
        return aside.swap(resource_id, _lock_timeout(), _write_engine(), also)
    except DatabaseUnavailable as e:
        raise _unavailable(e, what) from e


def _mark_active(context: dict[str, Any], resource_id: str) -> None:
    """Set ``datastore_active`` as ``datastore_create`` does, if it is not set yet."""
    from ckan import model

    res = model.Resource.get(resource_id)
    if res is not None and not res.extras.get("datastore_active"):
        tk.get_action("resource_patch")(
            tk.fresh_context(context), {"id": resource_id, "datastore_active": True}
        )
    previews.ensure_default_views(context, resource_id)  # a table preview once it is in the DataStore


def _check_header(path: Path, fields: list[dict[str, Any]]) -> None:
    header = read_header(path)
    ids = [f["id"] for f in fields]
    if header != ids:
        raise tk.ValidationError({"fields": [f"the CSV header {header} does not match the fields {ids}"]})


def nlc_datastore_load(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Replace the DataStore table of an uploaded CSV resource with the file's rows, atomically.

    :param resource_id: a resource whose file was uploaded to CKAN (``url_type: upload``)
    :param fields: DataStore fields ``{id, type, info}``, in the CSV's column order
    :param expected_hash: optional ``sha256:...``; refuse to load a file with another hash
    :returns: ``resource_id``, ``rows`` loaded, ``replaced`` (rows before), ``table``
        (``created``, ``kept`` or ``recreated``), ``file_hash`` and ``seconds``
    :raises ValidationError: bad fields or file (``records`` names the line and column);
        :class:`DatastoreUnavailable` when the DataStore database is unreachable or busy
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
    path = _stored_path(res)
    if path is None:
        raise tk.ValidationError({"resource_id": [f"the uploaded file of resource {resource_id} is missing"]})
    file_hash = _sha256(path)
    expected = data_dict.get("expected_hash")
    if expected and file_hash != expected:
        raise tk.ValidationError({"expected_hash": ["the uploaded file has another hash: upload it again"]})
    _check_header(path, fields)
    aside, table = _build(res.get("name") or resource_id, resource_id, fields, path, file_hash)
    loaded = _swap(aside, resource_id)
    _mark_active(context, resource_id)
    return {
        "resource_id": resource_id,
        "rows": loaded.rows,
        "replaced": loaded.replaced,
        "table": table,
        "file_hash": file_hash,
        "swap_ms": loaded.swap_ms,
        "seconds": round(time.perf_counter() - started, 3),
    }


def nlc_datastore_load_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whoever may ``datastore_create`` on the resource (edit rights on its dataset)."""
    return authz.is_authorized("datastore_create", context, {"resource_id": data_dict.get("resource_id")})


def _stored_path(res: dict[str, Any]) -> Path | None:
    from ckan.lib.uploader import get_resource_uploader

    if res.get("url_type") != "upload":
        return None
    path = Path(get_resource_uploader(res).get_path(res["id"]))
    return path if path.is_file() else None


@tk.side_effect_free
def nlc_datastore_status(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whether a resource's stored file and its DataStore table agree.

    :param resource_id: the resource
    :returns: ``resource_id``; ``file_hash``: ``sha256:...`` of the uploaded file as stored now
        (None if there is none); ``loaded_hash``: the file the DataStore table was last loaded
        from by nlc (None if never); ``rows``: the table's row count (None if no table);
        ``datastore_active``
    """
    resource_id = tk.get_or_bust(data_dict, "resource_id")
    tk.check_access("nlc_datastore_status", context, data_dict)
    res = tk.get_action("resource_show")(context, {"id": resource_id})  # settles the journal
    path = _stored_path(res)
    return {
        "resource_id": res["id"],
        "file_hash": _sha256(path) if path is not None else None,
        "datastore_active": bool(res.get("datastore_active")),
        **nlc_datastore_status_unsettled(res["id"]),
    }


def nlc_datastore_status_unsettled(resource_id: str) -> dict[str, Any]:
    """The table's ``rows`` and ``loaded_hash`` (None, None without a table), as it is now."""
    out: dict[str, Any] = {"loaded_hash": None, "rows": None}
    try:
        with _write_engine().connect() as conn:
            cur = conn.connection.cursor()
            cur.execute("SELECT to_regclass(%s)", (bulk.quote(resource_id),))
            if cur.fetchone()[0] is not None:
                cur.execute(f"SELECT count(*) FROM {bulk.quote(resource_id)}")  # noqa: S608 (an identifier quoted by bulk.quote)
                out["rows"] = cur.fetchone()[0]
                out["loaded_hash"] = (bulk.table_comment(cur, resource_id) or {}).get("file_hash")
            conn.connection.rollback()
    except Exception as e:
        if bulk.is_unavailable(e):
            raise _unavailable(bulk.unavailable(e)) from e
        raise
    return out


def nlc_datastore_status_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Whoever may ``resource_show`` the resource."""
    return authz.is_authorized("resource_show", context, {"id": data_dict.get("resource_id")})


def _save_upload(upload: Any) -> tuple[Path, str, str]:
    """Copy a FileStorage (or file object) to a temporary file: its path, sha256 and name."""
    stream = getattr(upload, "stream", upload)
    if not hasattr(stream, "read"):
        raise tk.ValidationError({"upload": ["a file is required (multipart/form-data)"]})
    name = os.path.basename(getattr(upload, "filename", None) or getattr(stream, "name", "") or "data.csv")
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix="nlc-publish-", suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp), "sha256:" + digest.hexdigest(), name


def nlc_resource_publish(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """Store an uploaded file as a resource and swap in its DataStore table, in one call.

    The new table is built aside first (the slow part, invisible); then the resource is
    created or updated with the file (``resource_create``/``resource_update``) and the table
    swapped in right after, so readers see the old file and table or the new ones.

    :param upload: the file (multipart/form-data; a FileStorage or a file object)
    :param id: the resource to update, or ``package_id``: the dataset to add it to
    :param name, description, format, hash, schema: resource fields (others are kept);
        ``hash``, if given with ``fields``, must be the file's ``sha256:...`` (a GeoPackage's
        resource hash may be of its content, not its bytes)
    :param fields: DataStore fields ``{id, type, info}`` (a list, or JSON in a form) to load
        the file into the DataStore; without them only the file is stored
    :returns: the resource dict plus ``rows``, ``replaced`` and ``table`` (None without fields)
    :raises ValidationError: as ``nlc_datastore_load``, or :class:`DatastoreUnavailable`
    """
    resource_id = data_dict.get("id")
    package_id = data_dict.get("package_id")
    if not resource_id and not package_id:
        raise tk.ValidationError({"id": ["id (to update) or package_id (to create) is required"]})
    tk.check_access("nlc_resource_publish", context, data_dict)
    old = tk.get_action("resource_show")(dict(context), {"id": resource_id}) if resource_id else None
    fields = _fields(data_dict) if data_dict.get("fields") not in (None, "", []) else None
    path, file_hash, filename = _save_upload(data_dict.get("upload"))
    try:
        given = data_dict.get("hash")
        if fields is not None and given and given != file_hash:  # what the DataStore records
            raise tk.ValidationError({"hash": [f"the file's hash is {file_hash}, not {given}"]})
        aside = table = None
        if fields is not None:
            _check_header(path, fields)
            label = data_dict.get("name") or (old or {}).get("name") or filename
            aside, table = _build(label, resource_id, fields, path, file_hash)
        resource = dict(old) if old else {"package_id": package_id}
        resource.update({k: data_dict[k] for k in RESOURCE_FIELDS if k in data_dict})
        resource.setdefault("hash", file_hash)
        entry = None
        if aside is not None:
            resource["datastore_loader"] = LOADER  # xloader leaves it to us
            pkg = resource["package_id"]
            entry = journal.Entry(
                journal.key_for(pkg, resource_id, resource.get("name")),
                pkg, resource_id, resource.get("name"), file_hash, fields or [],
            )
        loaded = None
        try:
            with journal.publishing(_write_engine(), entry) if entry is not None else nullcontext():
                try:
                    saved = _write_resource(context, resource, path, filename, bool(old))
                except BaseException:
                    if aside is not None:
                        aside.abandon()
                    raise
                if aside is not None and entry is not None:
                    loaded = _swap(
                        aside, saved["id"], "; the file was stored: it is loaded on the next read",
                        also=journal.delete_sql(entry.key),
                    )
        except DatabaseUnavailable as e:  # the journal could not be written: nothing changed
            raise _unavailable(e) from e
        except Exception:
            if entry is not None:  # settle it now if it can be (a validation error: roll back)
                recovery.settle_quietly(entry)
            raise
        if loaded is not None:
            _mark_active(context, saved["id"])
    finally:
        path.unlink(missing_ok=True)
    out = tk.get_action("resource_show")(tk.fresh_context(context), {"id": saved["id"]})
    out.update(
        rows=loaded.rows if loaded else None, replaced=loaded.replaced if loaded else None, table=table
    )
    return out


def _write_resource(
    context: dict[str, Any], resource: dict[str, Any], path: Path, filename: str, update: bool
) -> dict[str, Any]:
    """``resource_update`` (or ``resource_create``) with ``path`` as its uploaded file."""
    from werkzeug.datastructures import FileStorage

    with path.open("rb") as fh:
        resource = dict(resource, url=filename, upload=FileStorage(stream=fh, filename=filename))
        action = "resource_update" if update else "resource_create"
        return tk.get_action(action)(tk.fresh_context(context, nlc_loader=True), resource)


def nlc_resource_publish_auth(context: dict[str, Any], data_dict: dict[str, Any]) -> dict[str, Any]:
    """As ``resource_update`` on the resource, or ``resource_create`` in the dataset."""
    if data_dict.get("id"):
        return authz.is_authorized("resource_update", context, {"id": data_dict["id"]})
    return authz.is_authorized("resource_create", context, {"package_id": data_dict.get("package_id")})


def unavailable_to_503(response: Any) -> Any:
    """After an API request whose action raised :class:`DatastoreUnavailable` (answered 409
    by CKAN's API view): answer 503 with ``Retry-After``, so clients retry later."""
    from flask import g

    if getattr(g, "nlc_datastore_unavailable", False) and response.status_code == 409:
        response.status_code = 503
        response.headers["Retry-After"] = RETRY_AFTER
        body = response.get_json(silent=True)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            body["error"]["__type"] = "Service Unavailable"
            response.set_data(json.dumps(body))
    return response


def xloader_can_upload(resource_id: str) -> bool:
    """False for resources this action loads, so xloader does not load them a second time."""
    from ckan import model

    res = model.Resource.get(resource_id)
    return not (res is not None and (res.extras or {}).get("datastore_loader") == LOADER)


ACTIONS = {
    "nlc_datastore_load": nlc_datastore_load,
    "nlc_datastore_status": nlc_datastore_status,
    "nlc_resource_publish": nlc_resource_publish,
    **recovery.CHAINED,
}
AUTH = {
    "nlc_datastore_load": nlc_datastore_load_auth,
    "nlc_datastore_status": nlc_datastore_status_auth,
    "nlc_resource_publish": nlc_resource_publish_auth,
}
__all__ = ["ACTIONS", "AUTH", "DatastoreUnavailable", "xloader_can_upload"]
