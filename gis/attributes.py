"""Attribute names (snake_case, unique) and text encoding repairs."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from gis.repair import ReportEntry

RESERVED = {"fid", "geom", "geometry", "ogc_fid"}
_HIGH = re.compile(r"[\u0080-\u00ff]")


def snake_case(name: str) -> str:
    """``'Ward Name (2013)'`` -> ``'ward_name_2013'``; ``'WardCode'`` -> ``'ward_code'``."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])", "_", text)
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    if not text:
        text = "field"
    if text[0].isdigit():
        text = f"f_{text}"
    return text


def field_names(originals: list[str]) -> dict[str, str]:
    """Map each original field name to a unique snake_case name (order kept)."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for original in originals:
        base = snake_case(original)
        if base in RESERVED:
            base = f"{base}_attr"
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}_{n}", n + 1
        used.add(candidate)
        mapping[original] = candidate
    return mapping


def repair_text(value: str) -> tuple[str, str | None]:
    """Undo the usual mis-decodings; return (text, reason or None when unchanged).

    UTF-8 bytes read as Latin-1/Windows-1252 (``CafÃ©``) are re-decoded as UTF-8;
    Windows-1252 bytes read as Latin-1 (C1 control characters) are re-decoded as cp1252.
    """
    if not _HIGH.search(value):
        return value, None
    for wrong in ("latin-1", "cp1252"):
        try:
            fixed = value.encode(wrong).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != value:
            return fixed, f"UTF-8 text had been decoded as {wrong}"
    if re.search(r"[\u0080-\u009f]", value):
        try:
            return value.encode("latin-1").decode("cp1252"), "Windows-1252 text had been decoded as Latin-1"
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return value, None


def repair_encodings(frame: pd.DataFrame, start: int, originals: dict[str, str]) -> list[ReportEntry]:
    """Fix mis-decoded text in place; one report entry per feature and field changed.

    ``originals`` maps the frame's (snake_case) column names back to the source names.
    """
    entries: list[ReportEntry] = []
    for column in frame.columns:
        if column == "geometry" or not (
            frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
        ):
            continue
        values = frame[column]
        is_text = values.map(lambda v: isinstance(v, str))
        if not is_text.any():
            continue
        candidates = values[is_text].str.contains(_HIGH, regex=True)
        for idx in candidates[candidates].index:
            fixed, reason = repair_text(values.at[idx])
            if reason:
                frame.at[idx, column] = fixed
                position = start + int(frame.index.get_loc(idx))
                entries.append(
                    ReportEntry(position, "fixed", f"attribute {originals.get(column, column)!r}: {reason}")
                )
    return entries
