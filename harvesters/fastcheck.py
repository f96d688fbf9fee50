"""A conservative fast pre-check of a published CSV against its Table Schema.

:func:`quick_valid` returns True only when it is certain frictionless would report no
error: it understands the types string, integer, number, boolean, date and year with
default formats and the constraints required, unique, enum, pattern, minLength,
maxLength, minimum and maximum. For anything else (other types or formats, primary or
foreign keys, custom missing values), or at the first doubt, it returns False and the
caller runs frictionless, whose errors are what gets reported.

The file is parsed by Apache Arrow's CSV reader into string columns (a ragged row, a bad
quote or invalid UTF-8 is a doubt) and each column is checked with Arrow's vectorised
kernels: the type patterns (simple enough to mean the same to RE2 and to Python), enum,
lengths, bounds and uniqueness; ``pattern`` constraints and dates, where Python's own
semantics matter, are checked with Python on the column's distinct values.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

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


def _empty(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where the cell is empty. (Built without Python scalars: converting one makes
    pyarrow import pandas, a third of a second.)"""
    return pc.invert(pc.cast(pc.utf8_length(column), pa.bool_()))


def _column_ok(column: pa.ChunkedArray, field: dict[str, Any]) -> bool:
    ftype = field.get("type", "string")
    cons = field.get("constraints") or {}
    empty = _empty(column)
    if cons.get("required") and pc.any(empty).as_py():
        return False
    present = pc.filter(column, pc.invert(empty))
    if len(present) == 0:
        return True
    pattern = TYPE_RE[ftype]
    if pattern and not pc.all(pc.match_substring_regex(present, f"^(?:{pattern})$")).as_py():
        return False
    distinct: list[str] | None = None
    if ftype == "date" or "pattern" in cons or "enum" in cons:
        distinct = pc.unique(present).to_pylist()
    if ftype == "date":
        try:
            for v in distinct or []:
                dt.date.fromisoformat(v)
        except ValueError:
            return False
    if "pattern" in cons:
        rx = re.compile(cons["pattern"])
        if not all(rx.fullmatch(v) for v in distinct or []):
            return False
    if "enum" in cons and not set(distinct or []) <= {str(e) for e in cons["enum"]}:
        return False
    if "minLength" in cons or "maxLength" in cons:
        lengths = pc.min_max(pc.utf8_length(present)).as_py()
        if "minLength" in cons and lengths["min"] < int(cons["minLength"]):
            return False
        if "maxLength" in cons and lengths["max"] > int(cons["maxLength"]):
            return False
    if "minimum" in cons or "maximum" in cons:
        try:
            bounds = pc.min_max(pc.cast(present, pa.float64())).as_py()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return False
        if "minimum" in cons and bounds["min"] < float(cons["minimum"]):
            return False
        if "maximum" in cons and bounds["max"] > float(cons["maximum"]):
            return False
    if cons.get("unique") and pc.count_distinct(present).as_py() != len(present):
        return False
    return True


def _read(data: bytes, names: list[str]) -> pa.Table | None:
    """The CSV as string columns, or None if Arrow finds it irregular (ragged, bad quoting)."""
    try:
        return pa_csv.read_csv(
            pa.py_buffer(data),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None


def quick_valid(path: Path, schema: dict[str, Any]) -> bool:
    """True only if frictionless would certainly find no error in ``path``."""
    if not _supported(schema):
        return False
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    if not names or len(set(names)) != len(names):
        return False
    data = Path(path).read_bytes()
    if b"\x00" in data or data.startswith(codecs.BOM_UTF8):
        return False
    table = _read(data, names)
    if table is None or table.column_names != names:
        return False
    if table.num_rows == 0:
        return True
    columns = table.columns
    blank = _empty(columns[0])
    for col in columns[1:]:
        blank = pc.and_(blank, _empty(col))
    if pc.any(blank).as_py():  # a row of empty cells
        return False
    return all(_column_ok(col, f) for col, f in zip(columns, fields, strict=True))
