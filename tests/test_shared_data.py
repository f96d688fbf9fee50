"""A test needing ../shared/data that cannot find it fails saying what to fetch (issue 17
point 5), never skips; other errors are left as they are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.shared_data import ROOT, missing_message, shared_data_dir

PROBE = '''
import pytest
from pyogrio import read_info
from tests.shared_data import require, shared_data_dir

def test_open_csv():
    (shared_data_dir() / "toilets_camden" / "Public_toilets.csv").read_text()

def test_gdal_reads_shapefile():
    read_info(shared_data_dir() / "gis_scotland_council_areas_shapefile" / "areas.shp")

@pytest.fixture
def feed():
    return (shared_data_dir() / "north_lanarkshire_dcat_catalogue" / "feed.json").read_bytes()

def test_fixture_reads_feed(feed):
    assert feed

def test_require():
    require("postcodes_scotland_samples", "onspd.csv")

def test_unrelated_missing_file():
    open("/nonexistent-parsers-probe/x.csv")

def test_no_shared_data_needed():
    assert 1 + 1 == 2
'''


def test_missing_shared_data_fails_naming_what_to_fetch(tmp_path: Path) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    shared = str(tmp_path / "no-shared-data")
    env = {**os.environ, "NLC_SHARED_DATA": shared, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    run = subprocess.run(  # noqa: S603 - this interpreter's pytest on a file written above
        [sys.executable, "-m", "pytest", "-p", "tests.shared_data", "-p", "no:ckan", "-p", "no:cacheprovider",
         "-o", "addopts=", "-rN", "-q", str(tmp_path / "test_probe.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    out = run.stdout
    assert "4 failed, 1 passed" in out and "1 error" in out, out  # the fixture's is a set-up error
    assert "skipped" not in out
    folders = ("toilets_camden", "gis_scotland_council_areas_shapefile", "north_lanarkshire_dcat_catalogue",
               "postcodes_scotland_samples")
    for folder in folders:
        assert f"its folder '{folder}' is at {tmp_path / 'no-shared-data' / folder}" in out, folder
    # -rN: no short summary, whose one-line reasons (as wide as the terminal) would repeat the message
    assert out.count("Fetch the project's shared data set") == 4
    assert "FileNotFoundError" in out and "/nonexistent-parsers-probe/x.csv" in out  # left alone


def test_message_names_the_folder_and_where_it_looked() -> None:
    path = shared_data_dir() / "toilets_southwark" / "southwark_toilets.csv"
    message = missing_message(path)
    assert "'toilets_southwark'" in message and "PROVENANCE.md" in message and "NLC_SHARED_DATA" in message
