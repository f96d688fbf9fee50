"""CSV exports: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, MacRoman, Latin-1
(or ``auto``), optional preamble lines."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from harvesters import encoding as encoding_
from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources.base import BaseSource
from harvesters.table import Table

LONE_CR = re.compile(r"\r(?!\n)")
LINE_BREAK = re.compile(r"\r\n?")


def decode(data: bytes, encoding: str, origin: str, notes: list[str] | None = None) -> str:
    """Decode ``data`` with the shared detector (:mod:`harvesters.encoding`): a BOM (UTF-8,
    UTF-16) wins, ``auto`` detects. A wrong declared encoding is an error naming the line and
    the likely encoding; what was detected instead of the declared encoding goes to ``notes``."""
    try:
        got = encoding_.decode(data, encoding)
    except encoding_.EncodingProblem as e:
        raise SourceFormatError(origin, str(e), row=e.line) from e
    if got.note and notes is not None:
        notes.append(f"{origin}: {got.note}")
    return got.text


class CsvSource(BaseSource):
    """``type: csv``: keys ``path``, ``encoding`` (utf-8 | cp1252 | mac_roman | latin-1 | auto),
    ``delimiter``, ``skip_lines`` (preamble lines before the header), ``pad_short_rows`` (bool),
    ``columns`` (the column names of a file without a header row, e.g. Ordnance Survey
    Code-Point Open)."""

    type_name: ClassVar[str] = "csv"
    required = ("path",)

    def extract(self) -> Table:
        path = self.path()
        return read_csv(
            path,
            encoding=str(self.config.get("encoding", "utf-8")),
            delimiter=str(self.config.get("delimiter", ",")),
            skip_lines=int(self.config.get("skip_lines", 0)),
            pad_short_rows=bool(self.config.get("pad_short_rows", False)),
            columns=[str(c) for c in self.config["columns"]] if self.config.get("columns") else None,
        )

    def describe(self) -> str:
        return f"csv {self.config.get('path')}"


def read_csv(
    path: Path,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    skip_lines: int = 0,
    pad_short_rows: bool = False,
    columns: list[str] | None = None,
) -> Table:
    """Read a CSV file strictly: ragged rows are errors naming the row (record number, header = 1;
    for a file without a header, given ``columns``, its first line is row 1)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise SourceUnavailable(f"{path}: file not found") from e
    except OSError as e:
        raise SourceUnavailable(f"{path}: cannot read ({e})") from e
    notes: list[str] = []
    text = decode(data, encoding, str(path), notes)
    if "\x00" in text:
        raise SourceFormatError(str(path), "contains NUL bytes: not a text CSV export (is it a spreadsheet?)")

    def reader() -> Any:
        stream = io.StringIO(text, newline="")
        for _ in range(skip_lines):
            stream.readline()
        return csv.reader(stream, delimiter=delimiter, strict=True)

    records = reader()
    if columns:
        table = _records(records, reader, [c.strip() for c in columns], path, pad_short_rows, first=0)
        return _finish(table, text, notes)
    try:
        header = next(records)
    except StopIteration as e:
        raise SourceFormatError(str(path), "file is empty (no header row)") from e
    except csv.Error as e:
        raise SourceFormatError(str(path), f"unreadable header: {e}", row=1) from e
    header = [h.strip() for h in header]
    while header and header[-1] == "":
        header.pop()
    if not header:
        raise SourceFormatError(str(path), "header row is empty", row=1)
    return _finish(_records(records, reader, header, path, pad_short_rows, first=1), text, notes)


def _finish(table: Table, text: str, notes: list[str]) -> Table:
    """Add the decoding notes; in a file with old-Mac (CR) line ends, a line break inside a
    cell becomes LF (the published CSV's line end), so no later reader splits the row there."""
    table.notes[:0] = notes
    if LONE_CR.search(text):
        table.rows = [[LINE_BREAK.sub("\n", c) if "\r" in c else c for c in row] for row in table.rows]
    return table


def _records(
    records: Any,
    reader: Callable[[], Any],
    header: list[str],
    path: Path,
    pad_short_rows: bool,
    *,
    first: int,
) -> Table:
    """The data rows of ``records`` (a CSV reader after row ``first``: the header's row number,
    0 when there is none). ``reader()`` reads the file again from its first line (after any
    preamble), for the row-by-row pass that names a malformed row."""
    width = len(header)
    try:
        rows = list(records)
    except csv.Error:
        pass  # read again row by row below, to name the row
    else:
        # Fast path: every record has the header's width and none is blank, so record n of
        # the list is source row first + 1 + n.
        if set(map(len, rows)) <= {width} and (width > 1 or [""] not in rows):
            numbers = list(range(first + 1, first + 1 + len(rows)))
            return Table(fields=header, rows=rows, source=str(path), row_numbers=numbers)
        return _records_checked(iter(rows), header, path, pad_short_rows, first=first)
    records = reader()
    if first:
        next(records)
    return _records_checked(records, header, path, pad_short_rows, first=first)


def _records_checked(
    reader: Any, header: list[str], path: Path, pad_short_rows: bool, *, first: int
) -> Table:
    """Row by row: blank lines skipped, ragged rows mended as configured or reported."""
    width = len(header)
    rows: list[list[str]] = []
    numbers: list[int] = []
    record = first
    try:
        for row in reader:
            record += 1
            if not row or (len(row) == 1 and row[0] == ""):
                continue  # blank line
            if len(row) != width:
                extra = row[width:]
                if len(row) > width and not any(c.strip() for c in extra):
                    row = row[:width]
                elif len(row) < width and pad_short_rows:
                    row = row + [""] * (width - len(row))
                else:
                    raise SourceFormatError(
                        str(path),
                        f"ragged row: {len(row)} cells but the header has {width}",
                        row=record,
                        field=header[min(len(row), width) - 1] if len(row) > width else header[len(row)],
                    )
            rows.append(row)
            numbers.append(record)
    except csv.Error as e:
        raise SourceFormatError(str(path), f"malformed CSV: {e}", row=record + 1) from e
    return Table(fields=header, rows=rows, source=str(path), row_numbers=numbers)
