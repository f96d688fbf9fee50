"""Completeness and sanity: no silently lost features, no unlisted rejections, no mislabelled CRS."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner
from pyproj import CRS
from pyproj.enums import WktVersion
from shapely.geometry import Point, Polygon

from gis.cli import gis
from gis.crs import likely_crs
from gis.errors import CrsMismatchError, IncompleteLayerError, RejectedFeaturesError
from gis.migrate import migrate_layer
from tests.gis.conftest import COUNCIL_AREAS

STEM = COUNCIL_AREAS.stem


def _copy_council_areas(folder: Path) -> Path:
    """A writable copy of the real 32-area shapefile."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in COUNCIL_AREAS.parent.glob(f"{STEM}.*"):
        shutil.copyfile(part, folder / part.name)
    return folder / COUNCIL_AREAS.name


def _points(path: Path, coords: list[tuple[float, float]], crs: int | None = 27700) -> Path:
    frame = gpd.GeoDataFrame(
        {"ref": list(range(len(coords)))}, geometry=[Point(x, y) for x, y in coords], crs=crs
    )
    pyogrio.write_dataframe(frame, path)
    return path


def _set_dbf_count(dbf: Path, count: int, *, cut: bool = False) -> None:
    """Write ``count`` as the .dbf header record count; ``cut`` also drops the records after it."""
    data = bytearray(dbf.read_bytes())
    data[4:8] = count.to_bytes(4, "little")
    if cut:
        header, record = int.from_bytes(data[8:10], "little"), int.from_bytes(data[10:12], "little")
        data = data[: header + count * record] + b"\x1a"
    dbf.write_bytes(bytes(data))


BNG_POINTS = [(275000, 665000), (276000, 666000), (277000, 667000)]


def test_dbf_cut_in_half_fails_naming_the_dbf(tmp_path: Path) -> None:
    shp = _copy_council_areas(tmp_path / "in")
    dbf = shp.with_suffix(".dbf")
    dbf.write_bytes(dbf.read_bytes()[: dbf.stat().st_size // 2])
    with pytest.raises(IncompleteLayerError) as err:
        migrate_layer(shp, tmp_path / "out")
    message = str(err.value)
    assert str(shp) in message and "15 features could be read" in message
    assert f"{STEM}.dbf (header record count; truncated: 1377 of 2753 bytes) says 32" in message
    assert list((tmp_path / "out").glob("*")) == []


def test_dbf_header_claiming_more_records_fails(tmp_path: Path) -> None:
    shp = _points(tmp_path / "pts.shp", BNG_POINTS)
    _set_dbf_count(shp.with_suffix(".dbf"), 5)
    with pytest.raises(IncompleteLayerError, match=r"3 features could be read but pts\.dbf .* says 5"):
        migrate_layer(shp, tmp_path / "out")


def test_shx_and_dbf_counts_are_compared_with_what_was_read(tmp_path: Path) -> None:
    # .shx and .shp intact (3 records); .dbf consistently cut to 2 records: one feature lost.
    shp = _points(tmp_path / "pts.shp", BNG_POINTS)
    _set_dbf_count(shp.with_suffix(".dbf"), 2, cut=True)
    with pytest.raises(IncompleteLayerError) as err:
        migrate_layer(shp, tmp_path / "out")
    message = str(err.value)
    assert "2 features could be read" in message and "pts.shx (index header) says 3" in message


def test_truncated_dbf_inside_a_zip_fails(tmp_path: Path) -> None:
    shp = _copy_council_areas(tmp_path / "in")
    archive = tmp_path / "areas.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            data = part.read_bytes()
            zf.writestr(part.name, data[: len(data) // 2] if part.suffix == ".dbf" else data)
    pattern = rf"areas\.zip: .*{STEM}\.dbf \(header record count; truncated: .*\) says 32"
    with pytest.raises(IncompleteLayerError, match=pattern):
        migrate_layer(archive, tmp_path / "out")


def test_geopackage_feature_count_is_checked(tmp_path: Path) -> None:
    gpkg = _points(tmp_path / "pts.gpkg", BNG_POINTS)
    with sqlite3.connect(gpkg) as db:
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = 4")
    db.close()
    with pytest.raises(IncompleteLayerError, match=r"gpkg_ogr_contents\.feature_count of 'pts' says 4"):
        migrate_layer(gpkg, tmp_path / "out")


def test_complete_layers_still_migrate(tmp_path: Path) -> None:
    result = migrate_layer(_points(tmp_path / "pts.gpkg", BNG_POINTS), tmp_path / "out")
    assert result.feature_count_in == result.feature_count_out == 3


SQUARE = [[-3.98, 55.86], [-3.97, 55.86], [-3.97, 55.87], [-3.98, 55.87], [-3.98, 55.86]]
SPIKE = [[-3.98, 55.86], [-3.96, 55.86], [-3.97, 55.86], [-3.98, 55.86]]


def _with_rejects(path: Path) -> Path:
    geometries = [
        {"type": "Polygon", "coordinates": [SQUARE]},
        None,
        {"type": "Polygon", "coordinates": [SPIKE]},
    ]
    features = [{"type": "Feature", "properties": {"n": i}, "geometry": g} for i, g in enumerate(geometries)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_rejected_features_fail_the_run_and_are_listed(tmp_path: Path) -> None:
    src = _with_rejects(tmp_path / "areas.geojson")
    with pytest.raises(RejectedFeaturesError) as err:
        migrate_layer(src, tmp_path / "out")
    message = str(err.value)
    assert "2 feature(s) rejected, the layer allows 0" in message
    assert "feature 1: rejected: no geometry" in message
    assert "feature 2: rejected: " in message and "nothing of the polygon geometry survives" in message
    assert list((tmp_path / "out").glob("*")) == []


def test_rejections_allowed_by_the_caller_or_the_layer_definition(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _with_rejects(tmp_path / "areas.geojson")
    with pytest.raises(RejectedFeaturesError, match="allows 1"):
        migrate_layer(src, tmp_path / "out", max_rejected=1)
    assert migrate_layer(src, tmp_path / "out", max_rejected=2).feature_count_out == 1
    monkeypatch.setattr("gis.inventory.known_layers", lambda: [{"id": "areas", "max_rejected": 2}])
    result = migrate_layer(src, tmp_path / "out2")
    assert [e["feature"] for e in result.report if e["action"] == "rejected"] == [1, 2]


def test_cli_lists_rejected_features_and_exits_1(tmp_path: Path, state_dir: Path) -> None:
    src = _with_rejects(tmp_path / "areas.geojson")
    result = CliRunner().invoke(gis, ["migrate", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "feature 1: rejected: no geometry" in result.stderr
    assert "feature 2: rejected:" in result.stderr


def test_wgs84_degrees_labelled_bng_fail_naming_wgs84(tmp_path: Path) -> None:
    shp = _points(tmp_path / "pts.shp", [(-3.98, 55.86), (-3.95, 55.80)], crs=27700)
    with pytest.raises(CrsMismatchError) as err:
        migrate_layer(shp, tmp_path / "out")
    message = str(err.value)
    assert str(shp) in message
    assert "look like WGS84 longitude/latitude (EPSG:4326), not EPSG:27700" in message
    assert list((tmp_path / "out").glob("*")) == []


def test_real_wgs84_layer_with_a_bng_prj_fails(tmp_path: Path, state_dir: Path) -> None:
    shp = _copy_council_areas(tmp_path / "in")
    shp.with_suffix(".prj").write_text(CRS.from_epsg(27700).to_wkt(WktVersion.WKT1_ESRI))
    result = CliRunner().invoke(gis, ["migrate", str(shp), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "(EPSG:4326), not EPSG:27700" in result.stderr


def test_web_mercator_labelled_bng_fails_naming_3857(tmp_path: Path) -> None:
    polygon = Polygon([(-443000, 7520000), (-442000, 7520000), (-442000, 7521000)])
    gpkg = tmp_path / "wm.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"n": [1]}, geometry=[polygon], crs=27700), gpkg)
    with pytest.raises(CrsMismatchError, match=r"look like Web Mercator \(EPSG:3857\), not EPSG:27700"):
        migrate_layer(gpkg, tmp_path / "out")


def test_given_crs_is_checked_too(tmp_path: Path) -> None:
    csv = tmp_path / "pts.csv"
    csv.write_text("id,x,y\n1,-3.98,55.86\n", encoding="utf-8")
    with pytest.raises(CrsMismatchError, match=r"given as EPSG:27700.*\(EPSG:4326\)"):
        migrate_layer(csv, tmp_path / "out", crs="EPSG:27700")


@pytest.mark.parametrize(
    ("bounds", "likely"),
    [
        ((-4.1, 55.8, -3.7, 55.95), "EPSG:4326"),
        ((255000, 650000, 300000, 685000), "EPSG:27700"),
        ((-480000, 7480000, -400000, 7560000), "EPSG:3857"),
    ],
)
def test_likely_crs(bounds: tuple[float, float, float, float], likely: str) -> None:
    assert likely in (likely_crs(bounds) or "")
