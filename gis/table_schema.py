"""Frictionless Table Schema describing a migrated layer's attributes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd


def _field_type(series: pd.Series) -> tuple[str, str | None]:
    kind = series.dtype.kind
    if kind == "b":
        return "boolean", None
    if kind in "iu":
        return "integer", None
    if kind == "f":
        return "number", None
    if kind == "M":
        return "datetime", None
    sample = series.dropna()
    first = sample.iloc[0] if len(sample) else None
    if isinstance(first, dt.datetime):
        return "datetime", None
    if isinstance(first, dt.date):
        return "date", None
    if isinstance(first, bool):
        return "boolean", None
    return "string", None


def table_schema(frame: pd.DataFrame, originals: dict[str, str]) -> dict[str, Any]:
    """Table Schema of ``frame``'s attribute columns; titles keep the source field names.

    ``originals`` maps the snake_case column names to the names in the legacy layer.
    """
    fields = []
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        kind, fmt = _field_type(frame[column])
        field: dict[str, Any] = {"name": column, "type": kind, "title": originals.get(column, column)}
        if fmt:
            field["format"] = fmt
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}
