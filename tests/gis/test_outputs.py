"""Outputs agree with GDAL: reprojection within 1 mm of ogr2ogr, RFC 7946 GeoJSON, GeoPackage in ogrinfo."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import frictionless
import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Geod

from gis.crs import BNG, WGS84
from gis.migrate import migrate_layer
from gis.rfc7946 import check_feature_collection
from tests.gis.conftest import COUNCIL_AREAS, NLC_WARDS, POOLE_BNG, SAMPLES

GEOD = Geod(ellps="WGS84")
TEST_LAYERS = [POOLE_BNG, SAMPLES["wards"], SAMPLES["polling-districts"], SAMPLES["tree-preservation-orders"]]


def _vertices(frame: gpd.GeoDataFrame) -> np.ndarray:
    geoms = shapely.orient_polygons(frame.geometry.values, exterior_cw=False)
    return shapely.get_coordinates(geoms)


def _ogr2ogr(*args: str) -> None:
    subprocess.run(["ogr2ogr", *args], check=True, capture_output=True)


def _max_distance_m(lonlat_a: np.ndarray, lonlat_b: np.ndarray) -> float:
    _, _, dist = GEOD.inv(lonlat_a[:, 0], lonlat_a[:, 1], lonlat_b[:, 0], lonlat_b[:, 1])
    return float(np.max(dist))


@pytest.mark.parametrize("source", TEST_LAYERS, ids=lambda p: p.name)
def test_reprojection_to_wgs84_within_1mm_of_ogr2ogr(source: Path, tmp_path: Path) -> None:
    result = migrate_layer(source, tmp_path / "nlc")
    ogr = tmp_path / "ogr.gpkg"
    _ogr2ogr(
        "-f", "GPKG", "-t_srs", "EPSG:4326", "-nlt", "PROMOTE_TO_MULTI", str(ogr), result.gpkg_path.as_posix()
    )
    ours = gpd.read_file(result.gpkg_path).to_crs(WGS84)  # gis's own reprojection step (pyproj)
    theirs = gpd.read_file(ogr)
    a, b = _vertices(ours), _vertices(theirs)
    assert a.shape == b.shape and len(a) > 0
    assert _max_distance_m(a, b) < 0.001
    # And the published GeoJSON differs from ogr2ogr's RFC 7946 output only by 7-decimal rounding.
    ogr_json = tmp_path / "ogr.geojson"
    _ogr2ogr(
        "-f",
        "GeoJSON",
        "-t_srs",
        "EPSG:4326",
        "-lco",
        "RFC7946=YES",
        "-nlt",
        "PROMOTE_TO_MULTI",
        str(ogr_json),
        result.gpkg_path.as_posix(),
    )
    ours_json, theirs_json = _vertices(gpd.read_file(result.geojson_path)), _vertices(gpd.read_file(ogr_json))
    assert ours_json.shape == theirs_json.shape
    assert np.max(np.abs(ours_json - theirs_json)) <= 1.5e-7


@pytest.mark.parametrize("source", [COUNCIL_AREAS, NLC_WARDS], ids=lambda p: p.name)
def test_reprojection_to_bng_within_1mm_of_ogr2ogr(source: Path, tmp_path: Path) -> None:
    result = migrate_layer(source, tmp_path / "nlc")
    ogr = tmp_path / "ogr.gpkg"
    _ogr2ogr("-f", "GPKG", "-t_srs", "EPSG:27700", "-nlt", "PROMOTE_TO_MULTI", str(ogr), str(source))
    ours = _vertices(gpd.read_file(result.gpkg_path))
    theirs = _vertices(gpd.read_file(ogr))
    assert ours.shape == theirs.shape
    assert float(np.max(np.hypot(*(ours - theirs).T))) < 0.001  # metres


@pytest.mark.parametrize(
    "source",
    [*TEST_LAYERS, COUNCIL_AREAS, NLC_WARDS, SAMPLES["listed-buildings"], SAMPLES["conservation-areas"]],
    ids=lambda p: p.name,
)
def test_geojson_passes_rfc7946_check(source: Path, tmp_path: Path) -> None:
    result = migrate_layer(source, tmp_path)
    doc = json.loads(result.geojson_path.read_text(encoding="utf-8"))
    assert check_feature_collection(doc) == []
    assert len(doc["features"]) == result.feature_count_out


def test_rfc7946_check_catches_violations() -> None:
    bad = {
        "type": "FeatureCollection",
        "crs": {"type": "name"},
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [275000.0, 665000.0]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": [-3.123456789, 55.0]},
            },
        ],
    }
    problems = check_feature_collection(bad)
    assert len(problems) == 4
    assert any("clockwise" in p for p in problems) and any("'crs'" in p for p in problems)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_geopackage_opens_in_ogrinfo_with_crs_and_count(sample: str, tmp_path: Path) -> None:
    result = migrate_layer(SAMPLES[sample], tmp_path)
    out = subprocess.run(
        ["ogrinfo", "-so", str(result.gpkg_path), result.name], check=True, capture_output=True, text=True
    ).stdout
    assert f"Feature Count: {result.feature_count_out}" in out
    assert 'ID["EPSG",27700]' in out
    tables = subprocess.run(
        [
            "ogrinfo",
            "-ro",
            "-q",
            str(result.gpkg_path),
            "-sql",
            "SELECT table_name FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert re.search(rf"table_name.*= {result.name}\b", tables), "no spatial index"


def test_table_schema_and_bbox(tmp_path: Path) -> None:
    result = migrate_layer(SAMPLES["listed-buildings"], tmp_path)
    schema = frictionless.Schema.from_descriptor(result.table_schema)
    assert [f.name for f in schema.fields] == [
        "lb_number",
        "name",
        "category",
        "parish",
        "date_listed",
        "easting",
        "northing",
    ]
    assert schema.get_field("date_listed").type == "date"
    assert schema.get_field("lb_number").title == "LB_Number"
    points = gpd.read_file(result.gpkg_path).to_crs(WGS84)
    minx, miny, maxx, maxy = points.total_bounds
    assert (
        result.bbox[0] <= minx
        and result.bbox[1] <= miny
        and result.bbox[2] >= maxx
        and result.bbox[3] >= maxy
    )
    assert np.allclose(result.bbox, [minx, miny, maxx, maxy], atol=2e-7)
    spatial = json.loads(result.spatial)
    assert spatial["type"] == "Polygon" and spatial["coordinates"][0][0] == [result.bbox[0], result.bbox[1]]
    properties = json.loads(result.geojson_path.read_text())["features"][0]["properties"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", properties["date_listed"])


def test_original_field_names_kept_in_layer_metadata(tmp_path: Path) -> None:
    result = migrate_layer(POOLE_BNG, tmp_path)
    metadata = pyogrio.read_info(result.gpkg_path)["layer_metadata"]
    names = json.loads(metadata["NLC_ORIGINAL_FIELD_NAMES"])
    assert names["AREA_CODE"] == "area_code" and names["NAME"] == "name"
    assert BNG.equals(gpd.read_file(result.gpkg_path).crs)
