"""Typed errors of the publication plan package."""

from __future__ import annotations


class PublicationPlanError(Exception):
    """Base class for every error this package raises."""


class VocabularyError(PublicationPlanError, ValueError):
    """The topic vocabulary (topics.yaml) is malformed or names an unknown topic."""


class PlanError(PublicationPlanError, ValueError):
    """The publication plan (plan.yaml) is malformed."""


class GuideError(PublicationPlanError, ValueError):
    """The Guide to Information text (guide.yaml) is malformed."""


class ColumnMapError(PublicationPlanError, ValueError):
    """A column mapping (column_maps/*.yaml) is malformed or unknown."""


class FoiImportError(PublicationPlanError, ValueError):
    """An FOI log cannot be imported; names the file and, where known, row and column."""

    def __init__(self, file: str, message: str, *, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column = file, row, column
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


class StoreError(PublicationPlanError):
    """The FOI store refused an operation (unknown reference, unknown topic)."""
