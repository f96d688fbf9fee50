"""Import an FOI case-log export (CSV or XLSX) into the FOI store.

Only the mapped columns are read; every other column (requester name, email,
address, phone, notes, ...) is dropped at ingest and never stored, and every
free-text value kept (title, service, outcome, exemptions) is scrubbed of names,
emails, phone numbers, NI numbers, addresses and postcodes before it is stored.
A row with a blank title is skipped with a warning naming it; a reference that is
too long or holds line breaks or control characters is refused naming file, row
and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvesters.encoding import detect_file
from harvesters.encoding import name as encoding_name
from publication_plan.column_map import REQUIRED_FIELDS, ColumnMap, available_maps, get_column_map
from publication_plan.errors import FoiImportError
from publication_plan.matching import Matcher, default_matcher
from publication_plan.scrub import scrub
from publication_plan.store import FIELD_LENGTHS, FoiRequest, FoiStore

PERSONAL_HEADING = re.compile(
    r"name|e-?mail|address|phone|mobile|\btel\b|telephone|postcode|post code|contact"
    r"|^\s*(requester|requestor|applicant|customer|enquirer)\s*$",
    re.IGNORECASE,
)


@dataclass
class ParsedLog:
    """Requests read from one export, and what was left out of them."""

    file: str
    column_map: str
    records: list[FoiRequest]
    personal_columns: list[str]
    other_dropped_columns: list[str]
    scrubbed: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import stored and what it dropped."""

    parsed: ParsedLog
    inserted: int
    updated: int
    matched: int
    unmatched: int

    @property
    def total(self) -> int:
        return len(self.parsed.records)

    def summary(self) -> str:
        """A plain-language account of the import, including the personal data dropped."""
        p = self.parsed
        regimes = {r: sum(1 for x in p.records if x.regime == r) for r in ("FOISA", "EIR")}
        lines = [
            f"Imported {self.total:,} requests from {p.file} (column map {p.column_map}): "
            f"{self.inserted:,} new, {self.updated:,} updated; {regimes['FOISA']:,} "
            f"FOISA, {regimes['EIR']:,} EIR.",
            f"Topics: {self.matched:,} assigned, {self.unmatched:,} unmatched (list "
            "them with `nlc foi unmatched`).",
            "Personal data: requester names, emails, addresses and phone numbers are dropped at ingest "
            "and never stored.",
            "  Requester columns dropped: " + (", ".join(p.personal_columns) or "none present"),
        ]
        if p.other_dropped_columns:
            lines.append("  Other unmapped columns dropped: " + ", ".join(p.other_dropped_columns))
        if p.scrubbed:
            kinds = ", ".join(f"{k} x{n}" for k, n in sorted(p.scrubbed.items()))
            lines.append(f"  Removed from free-text columns before storing: {kinds}")
        for warning in p.warnings:
            lines.append(f"  Warning: {warning}")
        if p.duplicates:
            lines.append(
                f"  {p.duplicates} repeated reference(s) in the file: the last row of each was kept."
            )
        return "\n".join(lines)


def _read_csv(path: Path) -> Iterator[list[Any]]:
    """Rows of a CSV export in the encoding the shared detector finds (BOM, UTF-8, else
    Windows-1252 / MacRoman / Latin-1), decided once before the first row is read."""
    encoding = detect_file(path)
    number = 0
    try:
        with path.open(newline="", encoding=encoding) as fh:
            for number, row in enumerate(csv.reader(fh), start=1):  # noqa: B007
                yield row
    except UnicodeDecodeError as exc:
        raise FoiImportError(
            str(path), f"not valid {encoding_name(encoding)} after row {number}: {exc.reason}"
        ) from exc


def _read_xlsx(path: Path, sheet: str | None) -> Iterator[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise FoiImportError(str(path), f"not a readable XLSX workbook: {exc}") from exc
    try:
        ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
        for row in ws.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def read_rows(path: Path, sheet: str | None = None) -> Iterator[list[Any]]:
    """Rows (heading row first) of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    raise FoiImportError(str(path), f"unsupported file type {suffix!r}: give a .csv or .xlsx export")


def _date(value: Any, fmap: ColumnMap, file: str, row: int, column: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    found = _parse_date(text, fmap.date_formats)
    if found is None:
        expected = " or ".join(fmap.date_formats)
        raise FoiImportError(file, f"{text!r} is not a date (expected {expected})", row=row, column=column)
    return found


@functools.lru_cache(maxsize=16384)
def _parse_date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    """``text`` read with the first of ``formats`` that fits, else None (a log repeats its days)."""
    for fmt in formats:
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


_ODD = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
FREE_TEXT = ("title", "service", "outcome", "exemptions")


def _reference(value: Any, file: str, row: int, column: str) -> str:
    """The case reference as text; refused when it holds line breaks or control
    characters, or is longer than the store keeps."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a numeric reference read from a spreadsheet
    text = str(value).strip()
    if _ODD.search(text):
        raise FoiImportError(
            file, f"reference {text[:40]!r} holds a line break or control character", row=row, column=column
        )
    if len(text) > FIELD_LENGTHS["reference"]:
        raise FoiImportError(
            file,
            f"reference is {len(text)} characters long; the FOI store keeps at most "
            f"{FIELD_LENGTHS['reference']} (starts {text[:40]!r})",
            row=row,
            column=column,
        )
    return text


def _regime(value: Any, reference: str, fmap: ColumnMap, file: str, row: int, column: str) -> str:
    text = (_text(value) or "").upper()
    if text:
        if "EIR" in text or "ENVIRONMENTAL" in text:
            return "EIR"
        if "FOI" in text or "FREEDOM" in text:
            return "FOISA"
        raise FoiImportError(file, f"{value!r} is neither FOISA nor EIR", row=row, column=column)
    if fmap.eir_reference_pattern and re.search(fmap.eir_reference_pattern, reference, re.IGNORECASE):
        return "EIR"
    return fmap.default_regime


def detect_column_map(headings: list[str], file: str) -> ColumnMap:
    """The first shipped mapping whose required headings are all present."""
    maps = available_maps()
    for fmap in maps.values():
        if not fmap.missing_required(headings):
            return fmap
    raise FoiImportError(
        file,
        "no column map fits its headings "
        + ", ".join(repr(h) for h in headings if h)
        + f"; give one with --map (shipped: {', '.join(maps)}) or a mapping file",
    )


def parse_log(
    path: Path | str, column_map: ColumnMap | str | None = None, *, matcher: Matcher | None = None
) -> ParsedLog:
    """Read an export into FoiRequest records (topics assigned); nothing is stored."""
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise FoiImportError(file, "file not found")
    fmap = get_column_map(column_map) if isinstance(column_map, str) else column_map
    rows = read_rows(path, fmap.sheet if fmap else None)
    headings = next(rows, None)
    if not headings:
        raise FoiImportError(file, "the file is empty (no heading row)")
    headings = [str(h).strip() if h is not None else "" for h in headings]
    if fmap is None:
        fmap = detect_column_map(headings, file)
    missing = fmap.missing_required(headings)
    if missing:
        raise FoiImportError(
            file, f"required column(s) missing for column map {fmap.name}: {', '.join(missing)}"
        )
    where = fmap.resolve(headings)
    used = set(where.values())
    dropped = [h for i, h in enumerate(headings) if i not in used and h]
    personal = [h for h in dropped if PERSONAL_HEADING.search(h)]
    matcher = matcher or default_matcher()
    parsed = ParsedLog(file, fmap.name, [], personal, [h for h in dropped if h not in personal])
    by_ref: dict[str, FoiRequest] = {}
    for number, row in enumerate(rows, start=2):
        if row.count(None) + row.count("") == len(row):  # a blank row
            continue

        def cell(name: str, row: list[Any] = row) -> Any:
            i = where.get(name)
            return row[i] if i is not None and i < len(row) else None

        if _text(cell("title")) is None:
            parsed.warnings.append(
                f"{file}, row {number}: the title ({headings[where['title']]!r}) is blank; row skipped"
            )
            continue
        for name in REQUIRED_FIELDS:
            if _text(cell(name)) is None:
                raise FoiImportError(
                    file, f"required value {name} is empty", row=number, column=headings[where[name]]
                )
        reference = _reference(cell("reference"), file, number, headings[where["reference"]])
        text: dict[str, str | None] = {}
        for name in FREE_TEXT:
            clean, kinds = scrub(_text(cell(name)) or "")
            for kind in kinds:
                parsed.scrubbed[kind] = parsed.scrubbed.get(kind, 0) + 1
            limit = FIELD_LENGTHS.get(name)
            if limit and len(clean) > limit:
                raise FoiImportError(
                    file, f"{name} is {len(clean)} characters long; at most {limit} are kept",
                    row=number, column=headings[where[name]],
                )
            text[name] = clean or None
        title = text["title"] or ""
        regime_col = headings[where["regime"]] if "regime" in where else "regime"
        matches = matcher.matching(title)
        match = matches[0] if matches else None
        record = FoiRequest(
            reference=reference,
            received=_date(cell("received"), fmap, file, number, headings[where["received"]]),  # type: ignore[arg-type]
            responded=_date(cell("responded"), fmap, file, number, headings[where["responded"]])
            if "responded" in where
            else None,
            title=title,
            service=text["service"],
            outcome=text["outcome"],
            exemptions=text["exemptions"],
            regime=_regime(cell("regime"), reference, fmap, file, number, regime_col),
            topic=match.topic if match else None,
            topic_source="auto" if match else None,
            topics=tuple(m.topic for m in matches),
        )
        if reference in by_ref:
            parsed.duplicates += 1
        by_ref[reference] = record
    parsed.records = list(by_ref.values())
    return parsed


def import_log(
    path: Path | str,
    store: FoiStore,
    column_map: ColumnMap | str | None = None,
    *,
    matcher: Matcher | None = None,
) -> ImportReport:
    """Parse an export and upsert it by reference (re-imports are idempotent;
    the FOI team's manual topic decisions are kept)."""
    parsed = parse_log(path, column_map, matcher=matcher)
    inserted, updated = store.upsert_requests(parsed.records)
    decisions = store.decisions()
    topics = [
        decisions.get(r.reference, r.topic) if r.reference in decisions else r.topic for r in parsed.records
    ]
    matched = sum(1 for t in topics if t is not None)
    return ImportReport(parsed, inserted, updated, matched, len(topics) - matched)
