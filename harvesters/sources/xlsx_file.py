"""XLSX workbooks (one sheet), with messy multi-line headers cleaned."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar

from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources.archive import ArchiveLimitError, check_zip
from harvesters.sources.base import BaseSource
from harvesters.table import Table


def clean_header(value: Any) -> str:
    """Collapse embedded line breaks and runs of spaces in a header cell."""
    return re.sub(r"\s+", " ", str(value if value is not None else "")).strip()


def cell_text(value: Any) -> Any:
    """Dates to ISO strings, whole floats to ints, strings stripped; other values unchanged."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


class XlsxSource(BaseSource):
    """``type: xlsx``: keys ``path``, ``sheet`` (name or 0-based index), ``header_row`` (1-based)."""

    type_name: ClassVar[str] = "xlsx"
    required = ("path",)

    def describe(self) -> str:
        return f"xlsx {self.config.get('path')}"

    def extract(self) -> Table:
        import openpyxl

        path = self.path()
        if not path.exists():
            raise SourceUnavailable(f"{path}: file not found")
        try:
            check_zip(path)  # an XLSX is a zip: member count, expanded size, compression ratio
        except ArchiveLimitError as e:
            raise SourceFormatError(str(path), f"{e.reason}; workbook refused") from e
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises several unrelated types for bad files
            raise SourceFormatError(
                str(path), f"not a readable XLSX workbook ({type(e).__name__}: {e})"
            ) from e
        try:
            sheet = self.config.get("sheet", 0)
            ws = wb.worksheets[sheet] if isinstance(sheet, int) else wb[sheet]
            header_row = int(self.config.get("header_row", 1))
            it = ws.iter_rows(min_row=header_row, values_only=True)
            try:
                raw_header = next(it)
            except StopIteration as e:
                raise SourceFormatError(str(path), "sheet is empty", row=header_row) from e
            header = [clean_header(h) for h in raw_header]
            while header and header[-1] == "":
                header.pop()
            width = len(header)
            rows, numbers = [], []
            for n, raw in enumerate(it, start=header_row + 1):
                cells = [cell_text(v) for v in raw]
                if any(c not in (None, "") for c in cells[width:]):
                    col = next(i for i, c in enumerate(cells) if i >= width and c not in (None, ""))
                    raise SourceFormatError(
                        str(path), f"value in column {col + 1} which has no header", row=n
                    )
                cells = (cells + [None] * width)[:width]
                if all(c in (None, "") for c in cells):
                    continue
                rows.append(["" if c is None else c for c in cells])
                numbers.append(n)
        finally:
            wb.close()
        return Table(fields=header, rows=rows, source=str(path), row_numbers=numbers)
