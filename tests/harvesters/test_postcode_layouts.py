"""Postcode centroids from either national layout: ONSPD (header row, WGS84 given) or OS
Code-Point Open (no header row, British National Grid only)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from harvesters.definition import load_definition
from harvesters.errors import SourceFormatError
from harvesters.pipeline import prepare
from harvesters.report import DatasetReport

ROOT = Path(__file__).resolve().parents[2]
ONSPD = ROOT / "datasets" / "postcodes" / "source" / "onspd_nlc_sample.csv"
COLUMNS = [
    "Postcode", "Positional_quality_indicator", "Eastings", "Northings", "Country_code",
    "NHS_regional_HA_code", "NHS_HA_code", "Admin_county_code", "Admin_district_code", "Admin_ward_code",
]  # fmt: skip


def _onspd_rows(n: int) -> list[dict[str, str]]:
    with ONSPD.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))[:n]


def _codepoint_line(pc: str, east: str, north: str, district: str, ward: str) -> str:
    # Code-Point Open writes postcodes in 7 characters: "ML1 1AA", "G651DU" has no room for a space.
    compact = pc.replace(" ", "")
    seven = compact if len(compact) == 7 else f"{compact[:-3]:<4}{compact[-3:]}"
    return f'"{seven}",10,{east},{north},"S92000003","","","","{district}","{ward}"\n'


def _codepoint_dataset(tmp_path: Path, lines: list[str]) -> Path:
    root = tmp_path / "datasets"
    root.mkdir()
    for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
        shutil.copy(ROOT / "datasets" / f, root / f)
    folder = root / "postcodes"
    shutil.copytree(ROOT / "datasets" / "postcodes", folder)
    (folder / "source" / "ML.csv").write_text("".join(lines), encoding="utf-8")
    meta = yaml.safe_load((folder / "dataset.yaml").read_text())
    meta["resources"][0]["source"] = {"type": "csv", "path": "source/ML.csv", "columns": COLUMNS}
    meta["resources"][0]["transform"] = "postcodes_codepoint_open"
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    return folder


def _published(folder: Path, tmp_path: Path) -> list[dict[str, str]]:
    work = tmp_path / "work"
    work.mkdir()
    prepared = prepare(load_definition(folder), work, DatasetReport(name="postcodes"))
    with prepared.files[0].path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_code_point_open_maps_to_the_onspd_layout(tmp_path: Path) -> None:
    sample = _onspd_rows(6)
    lines = [
        _codepoint_line(r["pcds"], r["oseast1m"], r["osnrth1m"], r["oslaua"], r["osward"]) for r in sample
    ]
    lines.insert(
        2, _codepoint_line("ML3 0AA", "270000", "655000", "S12000029", "S13002886")
    )  # South Lanarkshire
    out = _published(_codepoint_dataset(tmp_path, lines), tmp_path)
    assert [r["pcds"] for r in out] == [r["pcds"] for r in sample]  # validated; the neighbour left out
    for got, want in zip(out, sample, strict=True):
        assert (got["oseast1m"], got["osnrth1m"], got["osward"]) == (
            want["oseast1m"],
            want["osnrth1m"],
            want["osward"],
        )
        # WGS84 from the grid reference (pyproj), against ONSPD's own lat/long: within ~10 m
        assert abs(float(got["lat"]) - float(want["lat"])) < 1e-4
        assert abs(float(got["long"]) - float(want["long"])) < 1e-4
        assert got["doterm"] == ""


def test_headerless_file_errors_count_rows_from_its_first_line(tmp_path: Path) -> None:
    r = _onspd_rows(1)[0]
    lines = [_codepoint_line(r["pcds"], r["oseast1m"], r["osnrth1m"], r["oslaua"], r["osward"])] * 2
    lines.append('"ML1 1AA",10,275000\n')  # ragged third line
    with pytest.raises(SourceFormatError) as e:
        _published(_codepoint_dataset(tmp_path, lines), tmp_path)
    assert e.value.as_dict()["row"] == 3 and "ragged row" in str(e.value)
