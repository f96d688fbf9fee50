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

frictionless compares values, not texts, so the fast path does too: ``unique`` holds when
the texts differ and no two spell one value (``1``/``01``, ``0``/``-0``, ``1``/``1.0``/``1e0``,
``true``/``True``/``1``): texts not in canonical form are respelt in Python and looked up.
Bounds are compared exactly (Python int or Decimal) on the few cells Arrow's float64 view
puts near the bound, so integers beyond 2**53 and decimals beyond float precision are right.
The schema is checked as frictionless checks it (constraints the type supports, constraint
and property types, ``example``, bounds frictionless can read): any doubt hands over.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

TYPE_RE = {
    "integer": r"-?[0-9]+",
    # An exponent of at most 4 digits: Decimal refuses exponents beyond its limits (a type error).
    "number": r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,4})?",
    "boolean": r"true|True|TRUE|1|false|False|FALSE|0",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "year": r"[0-9]{4}",
    "string": None,
}
# Texts that are the only spelling of their value: two different ones are two different values,
# so ``unique`` can compare the text. (Integers without leading zeros or "-0"; numbers also
# without an exponent or trailing zeros in the fraction.)
CANONICAL_RE = {
    "integer": r"^(?:0|-?[1-9][0-9]*)$",
    "number": r"^(?:0|-?[1-9][0-9]*(?:\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9])$",
}
TRUE_RE = r"^(?:true|True|TRUE|1)$"
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "example", "rdfType"}
SCHEMA_KEYS = {"fields", "missingValues", "$schema", "name", "title", "description"}
# What frictionless accepts per type (its ``supported_constraints`` plus ``unique``); any other
# constraint makes the schema invalid.
CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "integer": {"required", "unique", "minimum", "maximum"},
    "number": {"required", "unique", "minimum", "maximum"},
    "year": {"required", "unique", "minimum", "maximum"},
    "date": {"required", "unique"},
    "boolean": {"required", "unique"},
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bound(ftype: str, value: Any) -> int | Decimal | None:
    """A minimum/maximum as frictionless reads it (its value reader applied to the constraint),
    or None where frictionless's reading is not certain to be a plain finite number."""
    if ftype in ("integer", "year"):
        if not _is_int(value):
            return None
        if ftype == "year" and not 0 <= value <= 9999:
            return None  # frictionless reads it as None and fails comparing
        return value
    if _is_int(value):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return Decimal(str(value))
    return None


def _int_digits_ok(length: int) -> bool:
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return limit == 0 or length <= limit


def _field_supported(f: Any) -> bool:
    if not isinstance(f, dict) or set(f) - FIELD_KEYS:
        return False
    name = f.get("name")
    # frictionless compares the name with the label stripped and with newlines as spaces
    if not isinstance(name, str) or not name or name != name.strip() or "\n" in name:
        return False
    ftype = f.get("type", "string")
    if ftype not in TYPE_RE or f.get("format", "default") != "default":
        return False
    if any(not isinstance(f.get(k, ""), str) for k in ("title", "description", "rdfType")):
        return False
    if "example" in f and f["example"] and not (
        isinstance(f["example"], str) and _value_ok(pa.chunked_array([[f["example"]]]), ftype)
    ):
        return False
    return _constraints_supported(f.get("constraints", {}), ftype)


def _constraints_supported(cons: Any, ftype: str) -> bool:
    """A field's constraints the fast check evaluates exactly as frictionless does."""
    if not isinstance(cons, dict) or set(cons) - CONSTRAINTS[ftype]:
        return False
    for key in ("required", "unique"):
        if key in cons and not isinstance(cons[key], bool):
            return False
    for key in ("minLength", "maxLength"):
        if key in cons and not _is_int(cons[key]):
            return False
    for key in ("minimum", "maximum"):
        if key in cons and _bound(ftype, cons[key]) is None:
            return False
    if "pattern" in cons:
        if not isinstance(cons["pattern"], str):
            return False
        try:
            re.compile(f"^{cons['pattern']}$")  # as frictionless compiles it
        except (re.error, RecursionError, OverflowError):
            return False
    return not ("enum" in cons and not isinstance(cons["enum"], list))


def _supported(schema: Any) -> bool:
    if not isinstance(schema, dict) or set(schema) - SCHEMA_KEYS:
        return False
    if schema.get("missingValues", [""]) != [""]:
        return False
    if any(not isinstance(schema.get(k, ""), str) for k in ("$schema", "name", "title", "description")):
        return False
    fields = schema.get("fields")
    return isinstance(fields, list) and all(_field_supported(f) for f in fields)


def _empty(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where the cell is empty. (Built without Python scalars: converting one makes
    pyarrow import pandas, a third of a second.)"""
    return pc.invert(pc.cast(pc.utf8_length(column), pa.bool_()))


def _all_match(column: pa.ChunkedArray, regex: str) -> bool:
    return bool(pc.all(pc.match_substring_regex(column, regex)).as_py())


def _value_ok(present: pa.ChunkedArray, ftype: str) -> bool:
    """Every (non-empty) cell reads as a value of ``ftype``."""
    pattern = TYPE_RE[ftype]
    if pattern and not _all_match(present, f"^(?:{pattern})$"):
        return False
    if ftype == "integer" and not _int_digits_ok(pc.max(pc.utf8_length(present)).as_py()):
        return False  # int() refuses more digits than sys.get_int_max_str_digits()
    if ftype == "date":
        try:
            for v in pc.unique(present).to_pylist():
                dt.date.fromisoformat(v)
        except ValueError:
            return False
    return True


def _parse(ftype: str, text: str) -> int | Decimal:
    return Decimal(text) if ftype == "number" else int(text)


def _canonical(ftype: str, text: str) -> str:
    """The one text of CANONICAL_RE spelling the value of ``text``."""
    if ftype != "number":
        return str(int(text))
    d = Decimal(text)
    if d.is_zero():
        return "0"
    sign, digits, exp = d.as_tuple()
    ds = "".join(map(str, digits)).lstrip("0")
    stripped = ds.rstrip("0")
    exp = int(exp) + len(ds) - len(stripped)
    ds = stripped
    if exp >= 0:
        s = ds + "0" * exp
    elif len(ds) > -exp:
        s = ds[:exp] + "." + ds[exp:]
    else:
        s = "0." + "0" * (-exp - len(ds)) + ds
    return ("-" if sign else "") + s


def _unique_ok(present: pa.ChunkedArray, ftype: str) -> bool:
    """No two cells hold the same value (frictionless compares the values it read)."""
    if ftype == "boolean":
        trues = pc.sum(pc.match_substring_regex(present, TRUE_RE)).as_py() or 0
        return trues <= 1 and len(present) - trues <= 1
    if pc.count_distinct(present).as_py() != len(present):
        return False  # the same text is the same value
    if ftype not in CANONICAL_RE:
        return True  # string, date, year: one text per value
    canonical = pc.match_substring_regex(present, CANONICAL_RE[ftype])
    if pc.all(canonical).as_py():
        return True
    # Spell each other text canonically: it must not meet another cell's value.
    others = pc.filter(present, pc.invert(canonical)).to_pylist()
    try:
        spelt = [_canonical(ftype, v) for v in others]
    except (InvalidOperation, ValueError):
        return False
    if len(set(spelt)) != len(spelt):
        return False
    return not pc.any(pc.is_in(pa.array(spelt, pa.string()), value_set=present)).as_py()


def _bounds_ok(present: pa.ChunkedArray, ftype: str, cons: dict[str, Any]) -> bool:
    """minimum/maximum compared exactly: Arrow's float64 view picks the few cells that
    could be out of bounds (rounding is monotonic; a margin covers a last-digit error) and
    Python compares those, as int or Decimal, with the bound."""
    try:
        floats = pc.cast(present, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    for key, below in (("minimum", True), ("maximum", False)):
        if key not in cons:
            continue
        bound = _bound(ftype, cons[key])
        if bound is None:
            return False
        try:
            limit = float(bound)
        except OverflowError:
            return False
        if math.isfinite(limit):
            margin = abs(limit) * 1e-9 + 1e-300
            limit = limit + margin if below else limit - margin
        near = pc.less_equal(floats, limit) if below else pc.greater_equal(floats, limit)
        for v in pc.unique(pc.filter(present, near)).to_pylist():
            try:
                value = _parse(ftype, v)
                if (value < bound) if below else (value > bound):
                    return False
            except (InvalidOperation, ValueError):
                return False
    return True


def _column_ok(column: pa.ChunkedArray, field: dict[str, Any]) -> bool:
    ftype = field.get("type", "string")
    cons = field.get("constraints") or {}
    empty = _empty(column)
    if cons.get("required") and pc.any(empty).as_py():
        return False
    present = pc.filter(column, pc.invert(empty))
    if len(present) == 0:
        return True
    if not _value_ok(present, ftype):
        return False
    distinct: list[str] | None = None
    if "pattern" in cons or "enum" in cons:
        distinct = pc.unique(present).to_pylist()
    if "pattern" in cons:
        rx = re.compile(f"^{cons['pattern']}$")  # frictionless: re.match, so "$" allows a final "\n"
        if not all(rx.match(v) for v in distinct or []):
            return False
    # frictionless reads the enum's entries as strings: a non-string entry matches nothing
    if "enum" in cons and not set(distinct or []) <= {e for e in cons["enum"] if isinstance(e, str)}:
        return False
    if "minLength" in cons or "maxLength" in cons:
        lengths = pc.min_max(pc.utf8_length(present)).as_py()
        if "minLength" in cons and lengths["min"] < cons["minLength"]:
            return False
        if "maxLength" in cons and lengths["max"] > cons["maxLength"]:
            return False
    if ("minimum" in cons or "maximum" in cons) and not _bounds_ok(present, ftype, cons):
        return False
    if cons.get("unique") and not _unique_ok(present, ftype):
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
