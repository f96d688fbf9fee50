"""A conservative fast pre-check of a published CSV against its Table Schema.

:func:`quick_valid` returns True only when it is certain frictionless would report no
error: it understands the types string, integer, number, boolean, date and year with
default formats and the constraints required, unique, enum, pattern, minLength,
maxLength, minimum and maximum. For anything else (other types or formats, primary or
foreign keys, custom missing values), or at the first doubt, it returns False and the
caller runs frictionless, whose errors are what gets reported. Columns are checked with
one regular-expression match over the joined column, so the cost is a CSV read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

TYPE_RE = {
    "integer": r"-?[0-9]+",
    "number": r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?",
    "boolean": r"true|True|TRUE|1|false|False|FALSE|0",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "year": r"[0-9]{4}",
    "string": None,
}
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "example", "rdfType"}
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"}
SCHEMA_KEYS = {"fields", "missingValues", "$schema", "name", "title", "description"}


def _supported(schema: dict[str, Any]) -> bool:
    if set(schema) - SCHEMA_KEYS or schema.get("missingValues", [""]) != [""]:
        return False
    for f in schema.get("fields", []):
        if set(f) - FIELD_KEYS or f.get("type", "string") not in TYPE_RE:
            return False
        if f.get("format", "default") != "default":
            return False
        cons = f.get("constraints") or {}
        if set(cons) - CONSTRAINTS:
            return False
        if ("minimum" in cons or "maximum" in cons) and f.get("type") not in ("integer", "number", "year"):
            return False
        if "enum" in cons and f.get("type", "string") != "string":
            return False
    return True


def _column_ok(values: list[str], field: dict[str, Any]) -> bool:
    ftype = field.get("type", "string")
    cons = field.get("constraints") or {}
    present = [v for v in values if v != ""]
    if cons.get("required") and len(present) != len(values):
        return False
    if not present:
        return True
    joined = "\n".join(present)
    pattern = TYPE_RE[ftype]
    if pattern and (
        any("\n" in v for v in present) or not re.fullmatch(f"(?:{pattern})(?:\n(?:{pattern}))*", joined)
    ):
        return False
    if ftype == "date":
        try:
            for v in set(present):
                dt.date.fromisoformat(v)
        except ValueError:
            return False
    if "pattern" in cons:
        rx = re.compile(cons["pattern"])
        if not all(rx.fullmatch(v) for v in set(present)):
            return False
    if "enum" in cons and not set(present) <= {str(e) for e in cons["enum"]}:
        return False
    if "minLength" in cons and min(len(v) for v in present) < int(cons["minLength"]):
        return False
    if "maxLength" in cons and max(len(v) for v in present) > int(cons["maxLength"]):
        return False
    if "minimum" in cons or "maximum" in cons:
        nums = [float(v) for v in present]
        if "minimum" in cons and min(nums) < float(cons["minimum"]):
            return False
        if "maximum" in cons and max(nums) > float(cons["maximum"]):
            return False
    if cons.get("unique") and len(set(present)) != len(present):
        return False
    return True


def quick_valid(path: Path, schema: dict[str, Any]) -> bool:
    """True only if frictionless would certainly find no error in ``path``."""
    if not _supported(schema):
        return False
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    with Path(path).open(encoding="utf-8", newline="") as fh:
        text = fh.read()
    if "\x00" in text or text.startswith("\ufeff"):
        return False
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != names or len(set(names)) != len(names):
        return False
    width = len(names)
    body = rows[1:]
    if not body:
        return True
    if set(map(len, body)) != {width} or [""] * width in body:  # ragged or blank rows
        return False
    columns = list(zip(*body, strict=True))
    return all(_column_ok(list(col), f) for col, f in zip(columns, fields, strict=True))
