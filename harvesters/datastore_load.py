"""Load a published CSV resource into the DataStore with the Table Schema's column types.

Where the target CKAN runs ckanext-nlc, :func:`load_direct` calls its
``nlc_datastore_load`` action: the server COPYs the file it has just received into a
staging table and replaces the table's rows in one transaction (typed columns, data
dictionary from the Table Schema); the resource is marked ``datastore_loader: nlc`` so
xloader leaves it alone. Any other CKAN gets :func:`load` below.

Fallback: the load goes through ckanext-xloader (``xloader_submit`` / ``xloader_status``),
which streams the uploaded CSV into PostgreSQL with ``COPY``. Before the load the
DataStore table is declared with ``datastore_create``: typed columns (``int8``,
``numeric``, ``date``, ``bool``, ``text``...) with ``info.type_override`` and the Table
Schema's titles and descriptions as the data dictionary, so xloader COPYs into typed
columns instead of text. The upload itself triggers xloader; this module waits for that
job, and if the table was not yet typed (first publication) declares the types and
reloads. Finally it checks the DataStore row count against the CSV's and puts the
resource's ``sha256:`` hash back (xloader writes its own md5 into ``hash``).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from harvesters.ckan_client import Ckan, NotFound
from harvesters.errors import DataStoreLoadError

PG_TYPES = {
    "string": "text",
    "integer": "int8",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "year": "int4",
    "time": "time",
    "any": "text",
}
DONE, FAILED = "complete", "error"


def datastore_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """DataStore field definitions (type and data dictionary) from a Table Schema."""
    out = []
    for f in schema.get("fields", []):
        pg = PG_TYPES.get(f.get("type", "string"), "text")
        info = {"type_override": pg, "label": f.get("title", ""), "notes": f.get("description", "")}
        out.append({"id": f["name"], "type": pg, "info": info})
    return out


def current_types(ckan: Ckan, resource_id: str) -> dict[str, str] | None:
    try:
        info = ckan.call("datastore_info", id=resource_id)
    except NotFound:
        return None
    fields = info.get("fields", []) if isinstance(info, dict) else []
    return {f["id"]: f.get("type", "") for f in fields if f.get("id") != "_id"}


def _status(ckan: Ckan, resource_id: str) -> dict[str, Any]:
    try:
        return ckan.call("xloader_status", resource_id=resource_id)
    except NotFound:
        return {"status": "none"}


def wait(ckan: Ckan, resource_id: str, *, since: str | None, timeout: float, poll: float) -> dict[str, Any]:
    """Poll ``xloader_status`` until the job started after ``since`` completes."""
    deadline = time.monotonic() + timeout
    st: dict[str, Any] = {}
    while time.monotonic() < deadline:
        st = _status(ckan, resource_id)
        fresh = since is None or str(st.get("last_updated") or "") >= since
        if fresh and st.get("status") == DONE:
            return st
        if fresh and st.get("status") == FAILED:
            err = st.get("error") or {}
            raise DataStoreLoadError(
                f"resource {resource_id}: xloader failed: "
                f"{err.get('message') if isinstance(err, dict) else err}"
            )
        time.sleep(poll)
    raise DataStoreLoadError(
        f"resource {resource_id}: DataStore load not finished after {timeout:g} s "
        f"(last xloader status {st.get('status')!r})"
    )


def _utcnow() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()


def load(
    ckan: Ckan,
    resource: dict[str, Any],
    schema: dict[str, Any],
    rows: int,
    *,
    content_hash: str,
    started: str | None = None,
    timeout: float = 900,
    poll: float = 0.25,
) -> dict[str, Any]:
    """Make the DataStore table of ``resource`` hold the CSV's ``rows`` rows with typed columns."""
    rid = resource["id"]
    fields = datastore_fields(schema)
    want = {f["id"]: f["type"] for f in fields}
    st = _status(ckan, rid)
    loads = 0
    if st.get("status") in ("pending", "submitting", "running", DONE, FAILED) and st.get("status") != "none":
        try:
            wait(ckan, rid, since=started, timeout=timeout, poll=poll)
            loads += 1
        except DataStoreLoadError:
            if current_types(ckan, rid) is None:
                raise
    have = current_types(ckan, rid)
    if have != want or loads == 0:
        if have is not None and have != want:
            ckan.call("datastore_delete", resource_id=rid, force=True)
        ckan.call("datastore_create", resource_id=rid, fields=fields, force=True)
        mark = _utcnow()
        ckan.call("xloader_submit", resource_id=rid, ignore_hash=True)
        wait(ckan, rid, since=mark, timeout=timeout, poll=poll)
        loads += 1
    result = ckan.call("datastore_search", resource_id=rid, limit=0, include_total=True)
    total = int(result.get("total", -1))
    if total != rows:
        raise DataStoreLoadError(f"resource {rid}: DataStore holds {total} rows but the CSV has {rows}")
    have = current_types(ckan, rid)
    if have != want:
        raise DataStoreLoadError(
            f"resource {rid}: DataStore column types {have} do not match the schema {want}"
        )
    res = ckan.call("resource_show", id=rid)
    if res.get("hash") != content_hash:
        ckan.call("resource_patch", id=rid, hash=content_hash)
    return {"rows": total, "loads": loads, "method": "xloader COPY into typed table"}


def load_direct(
    ckan: Ckan, resource: dict[str, Any], schema: dict[str, Any], rows: int, *, content_hash: str
) -> dict[str, Any]:
    """``nlc_datastore_load`` the uploaded CSV; check the row count it reports."""
    out = ckan.call(
        "nlc_datastore_load",
        resource_id=resource["id"],
        fields=datastore_fields(schema),
        expected_hash=content_hash,
    )
    if int(out.get("rows", -1)) != rows:
        raise DataStoreLoadError(
            f"resource {resource['id']}: DataStore holds {out.get('rows')} rows but the CSV has {rows}"
        )
    return {**out, "method": "nlc_datastore_load (server-side COPY, one transaction)"}
