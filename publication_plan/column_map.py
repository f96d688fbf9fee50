"""Column mappings (`column_maps/*.yaml`): which export heading holds which FOI field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publication_plan.errors import ColumnMapError

MAPS_DIR = Path(__file__).resolve().parent / "column_maps"
REQUIRED_FIELDS = ("reference", "received", "title")
OPTIONAL_FIELDS = ("responded", "service", "outcome", "exemptions", "regime")


@dataclass(frozen=True)
class ColumnMap:
    """How one case-management system's export maps onto the stored fields."""

    name: str
    columns: dict[str, tuple[str, ...]]
    date_formats: tuple[str, ...] = ("%d/%m/%Y", "%Y-%m-%d")
    default_regime: str = "FOISA"
    eir_reference_pattern: str | None = None
    sheet: str | None = None
    description: str = ""
    path: str = field(default="", compare=False)

    def resolve(self, headings: list[str]) -> dict[str, int]:
        """Field -> column index for the headings present (case and spacing ignored)."""
        index = {_key(h): i for i, h in enumerate(headings) if h is not None}
        found: dict[str, int] = {}
        for name, alternatives in self.columns.items():
            for heading in alternatives:
                if _key(heading) in index:
                    found[name] = index[_key(heading)]
                    break
        return found

    def missing_required(self, headings: list[str]) -> list[str]:
        """Required fields whose heading is absent, as 'field (heading)' strings."""
        found = self.resolve(headings)
        return [f"{f} ({' or '.join(self.columns[f])})" for f in REQUIRED_FIELDS if f not in found]


def _key(heading: Any) -> str:
    return re.sub(r"\s+", " ", str(heading)).strip().lower()


def load_column_map(path: Path | str) -> ColumnMap:
    """Read one mapping file; errors name the file and field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ColumnMapError(f"{path}: cannot read column map: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ColumnMapError(f"{path}: expected a mapping with a 'columns' mapping")
    columns: dict[str, tuple[str, ...]] = {}
    for name, heading in data["columns"].items():
        if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
            raise ColumnMapError(
                f"{path}: unknown field {name!r}; fields are {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}"
            )
        headings = [heading] if isinstance(heading, str) else heading
        if not isinstance(headings, list) or not headings or not all(isinstance(h, str) for h in headings):
            raise ColumnMapError(f"{path}: field {name!r} must name a heading or a list of headings")
        columns[name] = tuple(headings)
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise ColumnMapError(f"{path}: required field(s) not mapped: {', '.join(missing)}")
    regime = data.get("regime") or {}
    default_regime = str(regime.get("default", "FOISA")).upper()
    if default_regime not in ("FOISA", "EIR"):
        raise ColumnMapError(f"{path}: regime.default must be FOISA or EIR")
    pattern = regime.get("eir_reference_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ColumnMapError(f"{path}: regime.eir_reference_pattern is not a valid regex: {exc}") from exc
    formats = data.get("date_formats") or ["%d/%m/%Y", "%Y-%m-%d"]
    return ColumnMap(
        name=str(data.get("name") or path.stem),
        columns=columns,
        date_formats=tuple(formats),
        default_regime=default_regime,
        eir_reference_pattern=pattern,
        sheet=data.get("sheet"),
        description=str(data.get("description", "")),
        path=str(path),
    )


def available_maps(directory: Path = MAPS_DIR) -> dict[str, ColumnMap]:
    """Every shipped mapping by name."""
    maps = [load_column_map(p) for p in sorted(directory.glob("*.yaml"))]
    return {m.name: m for m in maps}


def get_column_map(name_or_path: str, directory: Path = MAPS_DIR) -> ColumnMap:
    """A shipped mapping by name, or a mapping file by path."""
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path:
        return load_column_map(name_or_path)
    maps = available_maps(directory)
    if name_or_path not in maps:
        raise ColumnMapError(f"unknown column map {name_or_path!r}; available: {', '.join(maps)}")
    return maps[name_or_path]
