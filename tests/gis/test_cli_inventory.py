"""`nlc gis migrate` and `nlc gis inventory`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gis.cli import gis
from gis.inventory import known_layers
from tests.gis.conftest import SAMPLES


def test_known_layers_cover_the_hub_catalogue_and_pisa() -> None:
    layers = {layer["id"]: layer for layer in known_layers()}
    assert len(layers) == 27  # 21 hub layers, wards, listed buildings, PISA, the 3 layers of issue 13
    assert layers["pisa-property-database"]["source_system"] == "PISA"
    for name in (
        "conservation-areas",
        "tree-preservation-orders",
        "polling-districts",
        "wards",
        "listed-buildings",
        "planning-application-sites",
        "road-defects",
        "fly-tipping-incidents",
    ):
        assert (Path(__file__).resolve().parents[2] / layers[name]["sample"]).exists()


def test_migrate_good_and_bad_sources(tmp_path: Path, state_dir: Path) -> None:
    bad_zip = tmp_path / "bad.zip"
    import zipfile

    with zipfile.ZipFile(bad_zip, "w") as zf:
        zf.writestr("../../etc/passwd.shp", b"x")
    missing = tmp_path / "nothing.shp"
    missing.write_bytes(b"")
    result = CliRunner().invoke(
        gis,
        [
            "migrate",
            str(SAMPLES["conservation-areas"]),
            str(bad_zip),
            str(missing),
            str(SAMPLES["listed-buildings"]),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert "bad.zip" in errors[0] and "unsafe archive entry" in errors[0]
    assert "nothing.shp" in errors[1] and "nothing.shx" in errors[1]
    assert "13 in, 13 out (0 fixed, 1 split, 0 rejected)" in result.stdout
    assert "feature 12: split: Self-intersection" in result.stdout
    assert (tmp_path / "out" / "listed_buildings.gpkg").exists()
    assert (tmp_path / "out" / "conservation_areas.geojson").exists()

    listing = CliRunner().invoke(gis, ["inventory", "--json"])
    assert listing.exit_code == 0
    rows = {row["id"]: row for row in json.loads(listing.stdout)}
    assert rows["conservation-areas"]["migrated"] is True
    assert (
        rows["conservation-areas"]["feature_count_in"],
        rows["conservation-areas"]["feature_count_out"],
    ) == (13, 13)
    assert rows["conservation-areas"]["fixed"] == 1 and rows["conservation-areas"]["last_run"]
    assert rows["listed-buildings"]["status"] == "migrated"
    assert rows["pisa-property-database"]["status"] == "not migrated"
    assert rows["green-belt"]["migrated"] is False
    assert rows["bad"]["status"] == "failed" and "unsafe archive" in rows["bad"]["error"]
    assert (state_dir / "inventory.json").exists()


def test_inventory_table(state_dir: Path) -> None:
    result = CliRunner().invoke(gis, ["inventory"])
    assert result.exit_code == 0
    assert "PISA property database" in result.stdout and "not migrated" in result.stdout


def test_crs_option(tmp_path: Path, state_dir: Path) -> None:
    csv = tmp_path / "utm.csv"
    csv.write_text("id,x,y\n1,500000,6200000\n", encoding="utf-8")
    refused = CliRunner().invoke(gis, ["migrate", str(csv), "--out", str(tmp_path / "out")])
    assert refused.exit_code == 1 and "cannot determine the CRS" in refused.stderr
    given = CliRunner().invoke(
        gis, ["migrate", str(csv), "--out", str(tmp_path / "out"), "--crs", "EPSG:32630"]
    )
    assert given.exit_code == 0, given.stderr
