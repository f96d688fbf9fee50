"""The eleven top-FOI-topic datasets run through the harvest pipeline (no CKAN): each
definition prepared once per session (extract, transform, validate, personal-data screen)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harvesters.definition import DATASETS_DIR, load_definition
from harvesters.pipeline import Prepared, prepare
from harvesters.report import DatasetReport

NEW = (
    "business-rates",
    "contracts-register",
    "council-housing-stock",
    "council-spending-over-500",
    "empty-properties",
    "fly-tipping-incidents",
    "parking-penalty-charge-notices",
    "planning-applications",
    "public-health-funerals",
    "road-defects",
    "senior-officer-salaries",
)
SPATIAL = ("fly-tipping-incidents", "planning-applications", "road-defects")


@dataclass
class Published:
    """What one dataset would publish: its files, the CSV rows and the whole text of every file."""

    prepared: Prepared
    tables: dict[str, list[dict[str, str]]]  # resource name -> CSV rows
    text: str  # every published file (CSV, GeoJSON) as one text, for "is it anywhere" checks

    def rows(self, resource: str | None = None) -> list[dict[str, str]]:
        return self.tables[resource or next(iter(self.tables))]

    def geojson(self, resource: str) -> dict[str, Any]:
        f = next(f for f in self.prepared.files if f.name == f"{resource} (GeoJSON)")
        return json.loads(f.path.read_text(encoding="utf-8"))


def source_rows(name: str, file: str) -> list[dict[str, str]]:
    """The rows of a dataset's sample export."""
    with (DATASETS_DIR / name / "source" / file).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Published]:
    """Every new dataset prepared as ``nlc harvest`` prepares it (raises if one fails)."""
    out = {}
    for name in NEW:
        work = tmp_path_factory.mktemp(name)
        prepared = prepare(load_definition(DATASETS_DIR / name), work, DatasetReport(name=name))
        tables, texts = {}, []
        for f in prepared.files:
            texts.append(Path(f.path).read_text(encoding="utf-8") if f.format != "GPKG" else "")
            if f.format == "CSV":
                with Path(f.path).open(encoding="utf-8", newline="") as fh:
                    tables[f.name] = list(csv.DictReader(fh))
        out[name] = Published(prepared, tables, "\n".join(texts))
    return out
