"""Column mappings (`column_maps/*.yaml`): which export heading holds which FOI field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from publication_plan.errors import ColumnMapError
from publication_plan.models import OPTIONAL_FIELDS, REQUIRED_FIELDS, ColumnMapFile, load_yaml

MAPS_DIR = Path(str(resources.files("publication_plan").joinpath("column_maps")))
__all__ = [
    "OPTIONAL_FIELDS", "REQUIRED_FIELDS", "ColumnMap", "available_maps", "get_column_map", "load_column_map",
]


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
    """Read one mapping file (model :class:`ColumnMapFile`); errors name the file and field."""
    path = Path(path)
    model, _ = load_yaml(path, ColumnMapFile, ColumnMapError, "column map")
    return ColumnMap(
        name=model.name or path.stem,
        columns={k: (v,) if isinstance(v, str) else tuple(v) for k, v in model.columns.items()},
        date_formats=tuple(model.date_formats),
        default_regime=model.regime.default.upper(),
        eir_reference_pattern=model.regime.eir_reference_pattern,
        sheet=model.sheet,
        description=model.description,
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
