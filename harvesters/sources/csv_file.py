"""CSV exports: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, MacRoman, Latin-1
(or ``auto``), optional preamble lines.

The file is streamed: a first pass decodes it block by block (strictly) to settle the
encoding, a second reads it through a text stream in chunks of rows, so a million-row export
is never held whole. A file the first pass doubts is decoded whole once, so its error (line,
likely encoding) is :mod:`harvesters.encoding`'s own.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any, ClassVar, NoReturn

from harvesters import encoding as encoding_
from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources.base import BaseSource
from harvesters.table import Table

LONE_CR = re.compile(r"\r(?!\n)")
LINE_BREAK = re.compile(r"\r\n?")
BLOCK = 1 << 20
CHUNK_ROWS = 100_000
"""Rows per chunk a streamed CSV yields."""


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

    def _options(self) -> dict[str, Any]:
        return {
            "encoding": str(self.config.get("encoding", "utf-8")),
            "delimiter": str(self.config.get("delimiter", ",")),
            "skip_lines": int(self.config.get("skip_lines", 0)),
            "pad_short_rows": bool(self.config.get("pad_short_rows", False)),
            "columns": [str(c) for c in self.config["columns"]] if self.config.get("columns") else None,
        }

    def extract(self) -> Table:
        return read_csv(self.path(), **self._options())

    def extract_chunks(self, rows: int = CHUNK_ROWS) -> Iterator[Table]:
        return read_csv_chunks(self.path(), chunk_rows=rows, **self._options())

    def describe(self) -> str:
        return f"csv {self.config.get('path')}"


def read_csv(path: Path, **options: Any) -> Table:
    """Read a CSV file strictly, whole (see :func:`read_csv_chunks` for the options)."""
    chunks = read_csv_chunks(path, **options)
    table = next(chunks)
    numbers = list(table.row_numbers or [])
    for more in chunks:
        table.rows.extend(more.rows)
        numbers.extend(more.row_numbers or [])
    table.row_numbers = numbers
    return table


def _codec(path: Path, encoding: str, notes: list[str]) -> tuple[str, bool]:
    """The codec to read ``path`` with (its decoding notes added to ``notes``, as :func:`decode`
    gives them) and whether the text has old-Mac (lone CR) line ends. Streamed: one strict
    decoding pass in blocks; a file that does not read cleanly in the declared encoding (or
    whose single-byte text another code page explains) is decoded whole by :func:`decode`,
    which raises the error naming the line, or accepts it."""
    origin = str(path)
    try:
        fh = path.open("rb")
    except FileNotFoundError as e:
        raise SourceUnavailable(f"{path}: file not found") from e
    except OSError as e:
        raise SourceUnavailable(f"{path}: cannot read ({e})") from e
    with fh:
        told = encoding_.bom(fh.read(4))
        fh.seek(0)
        auto = encoding.lower() == "auto"
        try:
            codec = (
                told[0] if told else encoding_.detect_file(path) if auto else codecs.lookup(encoding).name
            )
        except LookupError:
            codec = ""
        codec = "utf-8" if codec == "utf-8-sig" and not told else codec
        nul, lone_cr, ascii_only, doubt = False, False, True, not codec
        if codec:
            decoder, last_cr = codecs.getincrementaldecoder(codec)(), False
            try:
                while block := fh.read(BLOCK):
                    ascii_only = ascii_only and block.isascii()
                    text = decoder.decode(block)
                    if text:
                        nul = nul or "\x00" in text
                        lone_cr = lone_cr or (last_cr and text[0] != "\n") or bool(LONE_CR.search(text[:-1]))
                        last_cr = text[-1] == "\r"
                decoder.decode(b"", final=True)
                lone_cr = lone_cr or last_cr
            except UnicodeDecodeError:
                doubt = True
        if not (doubt or told or auto or ascii_only or codec.startswith("utf")):
            doubt = encoding_.name(encoding_.detect_file(path)) != encoding_.name(encoding)
        if doubt:
            fh.seek(0)
            try:
                got = encoding_.decode(fh.read(), encoding)
            except encoding_.EncodingProblem as e:
                raise SourceFormatError(origin, str(e), row=e.line) from e
            codec, nul, lone_cr = got.encoding, "\x00" in got.text, bool(LONE_CR.search(got.text))
            del got
    if nul:
        raise SourceFormatError(origin, "contains NUL bytes: not a text CSV export (is it a spreadsheet?)")
    if told:  # as encoding.decode notes it
        single_byte = not auto and not encoding_.name(encoding).startswith("utf")
        if not (told[1] == "UTF-8" and not single_byte):
            notes.append(f"{origin}: encoding {told[1]}, told by its byte-order mark (BOM)")
    elif auto and codec != "utf-8":
        notes.append(f"{origin}: encoding detected as {encoding_.name(codec)}")
    return codec, lone_cr


def read_csv_chunks(
    path: Path,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    skip_lines: int = 0,
    pad_short_rows: bool = False,
    columns: list[str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[Table]:
    """Read a CSV file strictly, ``chunk_rows`` records at a time (at least one table, maybe
    without rows): ragged rows are errors naming the row (record number, header = 1; for a
    file without a header, given ``columns``, its first line is row 1). The first table
    carries the decoding notes."""
    notes: list[str] = []
    codec, lone_cr = _codec(path, encoding, notes)

    def reader(fh: IO[str]) -> Any:
        for _ in range(skip_lines):
            fh.readline()
        return csv.reader(fh, delimiter=delimiter, strict=True)

    with path.open(encoding=codec, newline="") as fh:
        records = reader(fh)
        if columns:
            header, first = [c.strip() for c in columns], 0
        else:
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
            first = 1
        record, yielded = first, False
        while True:
            try:
                rows = list(islice(records, chunk_rows))
            except csv.Error:
                _malformed(path, codec, reader, header, pad_short_rows, first, chunk_rows)
            if not rows and yielded:
                return
            table = _records(rows, header, path, pad_short_rows, first=record)
            if lone_cr:  # a line break inside a cell becomes LF, so no later reader splits the row
                table.rows = [[LINE_BREAK.sub("\n", c) if "\r" in c else c for c in r] for r in table.rows]
            if not yielded:
                table.notes[:0] = notes
            record += len(rows)
            yielded = True
            yield table
            if len(rows) < chunk_rows:
                return


def _malformed(
    path: Path, codec: str, reader: Any, header: list[str], pad_short_rows: bool, first: int, chunk_rows: int
) -> NoReturn:
    """Read the file again, a chunk at a time, to name the record the CSV reader refused (or
    a ragged row before it, as a row-by-row read would)."""
    with path.open(encoding=codec, newline="") as fh:
        records = reader(fh)
        if first:
            next(records)
        rows: list[list[str]] = []
        record = first
        try:
            for row in records:
                rows.append(row)
                if len(rows) == chunk_rows:
                    _records(rows, header, path, pad_short_rows, first=record)
                    record, rows = record + len(rows), []
        except csv.Error as e:
            _records(rows, header, path, pad_short_rows, first=record)
            raise SourceFormatError(str(path), f"malformed CSV: {e}", row=record + len(rows) + 1) from e
    raise SourceFormatError(str(path), "malformed CSV", row=record + len(rows) + 1)


def _records(
    rows: list[list[str]], header: list[str], path: Path, pad_short_rows: bool, *, first: int
) -> Table:
    """The data rows of ``rows`` (records after record ``first``: the header's row number,
    0 when there is none, or the last record of the chunk before)."""
    width = len(header)
    # Fast path: every record has the header's width and none is blank, so record n of
    # the list is source row first + 1 + n.
    if set(map(len, rows)) <= {width} and (width > 1 or [""] not in rows):
        numbers = list(range(first + 1, first + 1 + len(rows)))
        return Table(fields=header, rows=rows, source=str(path), row_numbers=numbers)
    return _records_checked(iter(rows), header, path, pad_short_rows, first=first)


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
