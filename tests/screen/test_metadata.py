"""The screen covers a dataset's own metadata and blocks its publication (issue 12, point 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from harvesters.pipeline import harvest_dataset

ROOT = Path(__file__).resolve().parents[2]


def _copy(tmp_path: Path, **changes: str) -> Path:
    folder = tmp_path / "school-term-dates"
    shutil.copytree(ROOT / "datasets" / "school-term-dates", folder)
    meta = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key == "description":
            meta["resources"][0]["description"] = value
        else:
            meta[key] = value
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "changes, field, kind",
    [
        ({"notes": "Questions to Mrs Gillian Campbell on 07700 900123."}, "notes", "person-name"),
        ({"maintainer_email": "g.campbell@northlanarkshire.gov.uk"}, "maintainer_email", "email"),
        (
            {"description": "Checked by gillian dot campbell at gmail dot com"},
            "resources[School term dates].description",
            "email",
        ),
    ],
)
def test_personal_metadata_blocks_publication(tmp_path: Path, changes, field, kind) -> None:
    report = harvest_dataset(_copy(tmp_path, **changes), None)
    assert report.status == "failed"
    assert report.personal_data_screen["status"] == "failed"
    finding = next(f for f in report.personal_data_screen["findings"] if f["field"] == field)
    assert finding["kind"] == kind and finding["resource"] == "metadata"
    assert "campbell" not in str(report.personal_data_screen).lower()  # masked


def test_council_metadata_passes(tmp_path: Path) -> None:
    report = harvest_dataset(_copy(tmp_path), None)
    assert report.status == "validated", report.errors
