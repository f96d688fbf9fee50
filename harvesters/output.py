"""Write the published CSV (UTF-8, formula-neutralised) and hash published files."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

from harvesters.table import Table
from harvesters.transform import neutralise_formula


def write_csv(table: Table, path: Path, schema: dict[str, Any]) -> Path:
    """Write ``table`` as the published CSV; text columns are formula-neutralised."""
    text_cols = [
        i for i, f in enumerate(schema.get("fields", [])) if f.get("type", "string") in ("string", "any")
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(table.fields)
        if text_cols:
            for row in table.rows:
                row = list(row)
                for i in text_cols:
                    v = row[i]
                    if isinstance(v, str) and v and v[0] in "=+-@\t\r":
                        row[i] = neutralise_formula(v)
                w.writerow(row)
        else:
            w.writerows(table.rows)
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
