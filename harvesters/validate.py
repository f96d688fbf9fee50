"""Validate a published CSV against its Table Schema with frictionless.

Every error is reported with the published CSV's row number (header = row 1, as
frictionless counts), the source row it came from, the field name and frictionless's
message. A fast path (:mod:`harvesters.fastcheck`) handles the common schema features
and hands anything it does not fully understand, and any file where it finds an error,
to frictionless so the reported errors are always frictionless's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harvesters.errors import ValidationFailed

MAX_ERRORS = 1000


def frictionless_errors(path: Path, schema: dict[str, Any], limit: int = MAX_ERRORS) -> list[dict[str, Any]]:
    """frictionless's errors for ``path`` as plain dicts (row, field, type, message)."""
    from frictionless import Checklist, Resource, Schema

    path = Path(path).resolve()
    resource = Resource(
        path=path.name,
        basepath=str(path.parent),
        schema=Schema.from_descriptor(schema),
        format="csv",
        encoding="utf-8",
    )
    report = resource.validate(checklist=Checklist(), limit_errors=limit)
    out: list[dict[str, Any]] = []
    for task in report.tasks:
        for err in task.errors:
            out.append(
                {
                    "row": getattr(err, "row_number", None),
                    "field": getattr(err, "field_name", None),
                    "type": err.type,
                    "message": err.message,
                    "note": getattr(err, "note", ""),
                }
            )
    for err in report.errors:
        out.append(
            {
                "row": None,
                "field": None,
                "type": err.type,
                "message": err.message,
                "note": getattr(err, "note", ""),
            }
        )
    return out


def validate_csv(
    path: Path,
    schema: dict[str, Any],
    *,
    resource: str = "",
    source_rows: list[int] | None = None,
    fast: bool = True,
) -> list[dict[str, Any]]:
    """Validate; raise :class:`ValidationFailed` listing every error (with source rows) if any."""
    errors: list[dict[str, Any]]
    if fast:
        from harvesters.fastcheck import quick_valid  # pyarrow: only when validating

        errors = [] if quick_valid(path, schema) else frictionless_errors(path, schema)
    else:
        errors = frictionless_errors(path, schema)
    if source_rows is not None:
        for e in errors:
            row = e.get("row")
            if isinstance(row, int) and 2 <= row < len(source_rows) + 2:
                e["source_row"] = source_rows[row - 2]
    if errors:
        raise ValidationFailed(resource or str(path), errors)
    return errors
