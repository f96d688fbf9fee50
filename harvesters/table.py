"""The in-memory table every source produces and every later step consumes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Table:
    """Rows of values (lists; tuples from the transform) under ``fields``; ``row_numbers`` are
    the source's own row numbers (1 = header line of a CSV) so errors can point back at the
    export."""

    fields: list[str]
    rows: list[Sequence[Any]]
    source: str
    row_numbers: list[int] | None = None
    files: dict[str, Path] = field(default_factory=dict)
    """Extra files to publish beside the CSV, by format label (e.g. GeoJSON, GeoPackage)."""
    spatial: str | None = None
    """GeoJSON geometry string for the dataset's ``spatial`` field."""
    notes: list[str] = field(default_factory=list)
    schema: dict[str, Any] | None = None
    """A Table Schema the source itself knows (e.g. from the GIS migration)."""
    columns: list[list[Any]] | None = None
    """The same values column by column, when the producer built them that way (the
    transform does); read them with :meth:`values`. Never mutate rows of such a table."""

    def source_row(self, index: int) -> int:
        """The source row number of the ``index``-th data row (0-based)."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return index + 2

    def column(self, name: str) -> list[Any]:
        return self.values(self.fields.index(name))

    def values(self, i: int) -> list[Any]:
        """Column ``i`` (a list the caller must not change)."""
        if self.columns is not None:
            return self.columns[i]
        return [r[i] if i < len(r) else None for r in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.fields, r, strict=False)) for r in self.rows]


def all_strings(values: list[Any]) -> bool:
    """True when every value is a ``str`` (checked at C speed by joining them)."""
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def join_lines(values: list[Any]) -> str | None:
    """The column's values joined by line breaks (so a position's row is its line), or None
    unless every value is a string without a line break of its own."""
    try:
        joined = "\n".join(values)
    except TypeError:  # numbers, None
        return None
    return joined if joined.count("\n") == max(len(values) - 1, 0) else None
