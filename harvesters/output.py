"""Write the published CSV (UTF-8, formula-neutralised) and hash published files."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from harvesters.table import Table, join_lines
from harvesters.transform import neutralise_formula

FORMULA_AFTER_BREAK = re.compile(r"\n[=+\-@\t\r]")
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")
QUOTED_CHARS = re.compile(r'[,"\r]')  # with a line break: what makes csv.writer quote a value


def _neutralised(values: list[Any], joined: str | None) -> list[Any]:
    """A text column with spreadsheet formulas neutralised (the same list when none starts
    like one: one regular-expression search over the joined column decides)."""
    if joined is not None and not joined.startswith(FORMULA_CHARS) and not FORMULA_AFTER_BREAK.search(joined):
        return values
    return [
        neutralise_formula(v) if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v for v in values
    ]


def _plain(columns: list[list[Any]], joined: list[str | None] | None = None) -> bool:
    """True when csv.writer would write every value of ``columns`` as it is: all strings,
    none holding a comma, quote or line break, and more than one column (a row of one
    empty value is written quoted). ``joined``: the columns' :func:`join_lines`, if known."""
    if len(columns) < 2:
        return False
    texts = joined if joined is not None else [join_lines(col) for col in columns]
    return all(text is not None and not QUOTED_CHARS.search(text) for text in texts)


def write_csv(table: Table, path: Path, schema: dict[str, Any], *, append: bool = False) -> Path:
    """Write ``table`` as the published CSV; text columns are formula-neutralised.
    ``append``: add its rows (no header) to the file, the next chunk of a streamed table.

    Columns of plain strings (the usual case) are joined directly, byte for byte what
    ``csv.writer`` writes (tested), at a tenth of its cost; anything else goes through it."""
    text_cols = {
        i for i, f in enumerate(schema.get("fields", [])) if f.get("type", "string") in ("string", "any")
    }
    columns = [table.values(i) for i in range(len(table.fields))]
    safe: list[list[Any]] = []
    joined: list[str | None] = []
    for i, col in enumerate(columns):
        text = join_lines(col)
        if i in text_cols and (fixed := _neutralised(col, text)) is not col:
            col, text = fixed, join_lines(fixed)
        safe.append(col)
        joined.append(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if append else "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if not append:
            w.writerow(table.fields)
        if table.rows and _plain(safe, joined):
            fh.write("\n".join(map(",".join, zip(*safe, strict=True))))
            fh.write("\n")
        else:
            changed = any(a is not b for a, b in zip(safe, columns, strict=True))
            _write_rows(fh, w, zip(*safe, strict=True) if changed else table.rows)
    return path


def _write_rows(fh: Any, w: Any, rows: Any) -> None:
    """``w.writerows(rows)``, except that a value holding a lone CR is quoted too: ``csv.writer``
    quotes only the characters of its own line terminator ("\n" here), and an unquoted CR
    splits the row for every CSV reader."""
    buf = io.StringIO()
    crlf = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        if any(isinstance(v, str) and "\r" in v for v in row):
            buf.seek(0)
            buf.truncate()
            crlf.writerow(row)
            fh.write(buf.getvalue()[:-2] + "\n")
        else:
            w.writerow(row)


def sha256_file(path: Path) -> str:
    """``sha256:<hex>`` of a file's bytes (the resource ``hash`` the publisher compares)."""
    with path.open("rb") as fh:
        return "sha256:" + hashlib.file_digest(fh, "sha256").hexdigest()


_TIMESTAMP = None


def content_hash(path: Path) -> str:
    """The resource ``hash`` of a published file: ``sha256:`` of its bytes, except for a
    GeoPackage, whose SQLite bytes carry write timestamps (``gpkg_contents.last_change``,
    ``gpkg_metadata_reference.timestamp``): there it is the hash of the SQL dump with those
    timestamps blanked, so re-migrating an unchanged layer gives the same hash."""
    if path.suffix.lower() != ".gpkg":
        return sha256_file(path)
    import re
    import sqlite3

    global _TIMESTAMP
    _TIMESTAMP = _TIMESTAMP or re.compile(r"'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z'")
    h = hashlib.sha256()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for line in con.iterdump():
            if line.startswith(('INSERT INTO "gpkg_contents"', 'INSERT INTO "gpkg_metadata_reference"')):
                line = _TIMESTAMP.sub("''", line)
            h.update(line.encode("utf-8") + b"\n")
    finally:
        con.close()
    return "sha256:" + h.hexdigest()


def _json_value(value: Any) -> Any:
    """A cell read by frictionless as JSON: Decimal as int/float, dates as ISO text."""
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "E" not in str(value) else float(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def typed_properties(fields: list[str], row: Any, schema: dict[str, Any] | None) -> dict[str, Any]:
    """A row as GeoJSON properties typed as its Table Schema says (booleans, numbers and
    integers as JSON values, not text); an empty cell is null, a field the schema does not
    describe (or a value it cannot read) stays as it is."""
    from frictionless import Field

    readers = {f["name"]: Field.from_descriptor(f) for f in (schema or {}).get("fields", [])}
    out: dict[str, Any] = {}
    for name, value in zip(fields, row, strict=False):
        reader = readers.get(name)
        if value is None or value == "":
            out[name] = None if reader is not None else ""
            continue
        if reader is None or reader.type in ("string", "any"):
            out[name] = value
            continue
        cell, notes = reader.read_cell(value)
        out[name] = value if notes else _json_value(cell)
    return out
