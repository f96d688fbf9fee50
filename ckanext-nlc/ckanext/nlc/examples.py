"""Real ids and column names for the examples on /developers and in the Data API dialog,
read from the catalogue and the DataStore (never typed into the templates)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

SQL_ROWS = 5


def _datastore_resource(dataset: str) -> dict[str, Any] | None:
    try:
        pkg = tk.get_action("package_show")({"ignore_auth": False}, {"id": dataset})
    except (tk.ObjectNotFound, tk.NotAuthorized):
        return None
    return next((r for r in pkg.get("resources", []) if r.get("datastore_active")), None)


def table_example(resource_id: str) -> dict[str, Any]:
    """A column and a value of it from the table's first record, for search, filter and SQL
    examples of ``resource_id``; empty when the table cannot be read."""
    try:
        out = tk.get_action("datastore_search")({}, {"resource_id": resource_id, "limit": 1})
    except Exception:  # noqa: BLE001 (not in the DataStore, or it is down: the page works without examples)
        return {}
    fields = [f for f in out.get("fields", []) if f["id"] != "_id"]
    record = (out.get("records") or [{}])[0]
    text = [f["id"] for f in fields if f.get("type") == "text" and record.get(f["id"])]
    if not text:
        return {}
    group = text[-1]  # e.g. "Band": a short category is the better GROUP BY example
    filter_field = text[0]
    word = str(record[filter_field]).split()[0]
    return {"resource_id": resource_id, "filter_field": filter_field, "filter_value": record[filter_field],
            "word": word, "group_field": group, "fields": [f["id"] for f in fields]}


def developer_examples() -> dict[str, Any]:
    """Examples for /developers: the council tax bands table (a real resource id and columns)."""
    res = _datastore_resource("council-tax-bands")
    return table_example(res["id"]) if res else {}
