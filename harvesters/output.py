"""Write the published CSV (UTF-8, formula-neutralised) and hash published files."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path
from typing import Any

from harvesters.table import Table
from harvesters.transform import neutralise_formula

FORMULA_AFTER_BREAK = re.compile(r"\n[=+\-@\t\r]")
FORMULA_CHARS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(values: list[Any]) -> list[Any]:
    """A text column with spreadsheet formulas neutralised (the same list when none starts
    like one: one regular-expression search over the joined column decides)."""
    try:
        joined = "\n".join(values)
    except TypeError:  # not all strings
        joined = None
    if joined is not None and not joined.startswith(FORMULA_CHARS) and not FORMULA_AFTER_BREAK.search(joined):
        return values
    return [
        neutralise_formula(v) if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v for v in values
    ]


def write_csv(table: Table, path: Path, schema: dict[str, Any]) -> Path:
    """Write ``table`` as the published CSV; text columns are formula-neutralised."""
    text_cols = {
        i for i, f in enumerate(schema.get("fields", [])) if f.get("type", "string") in ("string", "any")
    }
    rows: Any = table.rows
    if text_cols:
        columns = [table.values(i) for i in range(len(table.fields))]
        safe = [_neutralised(col) if i in text_cols else col for i, col in enumerate(columns)]
        if any(a is not b for a, b in zip(safe, columns, strict=True)):
            rows = zip(*safe, strict=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(table.fields)
        w.writerows(rows)
    return path


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
