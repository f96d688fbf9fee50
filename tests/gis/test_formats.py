"""Every legacy format family reads and migrates (sample layers and tmp-built inputs)."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import LineString, Point, Polygon

from gis.migrate import migrate_layer
from gis.readers import open_layer
from tests.gis.conftest import COUNCIL_AREAS, POOLE_BNG, SAMPLES

EXPECTED = {  # sample -> (features, format, geometry type)
    "conservation-areas": (13, "ESRI Shapefile", "MultiPolygon"),
    "tree-preservation-orders": (24, "MapInfo MIF/MID", "MultiPolygon"),
    "listed-buildings": (30, "CSV", "Point"),
    "polling-districts": (40, "ArcGIS REST JSON", "MultiPolygon"),
    "wards": (20, "ESRI Shapefile (zipped)", "MultiPolygon"),
}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_sample_layers_migrate_in_bng(sample: str, tmp_path: Path) -> None:
    count, fmt, geom_type = EXPECTED[sample]
    result = migrate_layer(SAMPLES[sample], tmp_path)
    assert result.source_format == fmt
    assert result.feature_count_in == count
    assert result.feature_count_out == count
    assert result.geometry_type == geom_type
    info = pyogrio.read_info(result.gpkg_path)
    assert info["crs"] == "EPSG:27700"
    minx, miny, maxx, maxy = info["total_bounds"]
    assert 255_000 <= minx and maxx <= 300_000 and 650_000 <= miny and maxy <= 685_000
    assert -4.3 < result.bbox[0] < result.bbox[2] < -3.6 and 55.7 < result.bbox[1] < result.bbox[3] < 56.1


def _bng_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"SiteName": ["Palacerigg", "Drumpellier"], "Ref": [1, 2]},
        geometry=[
            Polygon([(278000, 673000), (278500, 673000), (278500, 673400)]),
            Polygon([(271000, 665500), (271600, 665500), (271600, 666000)]),
        ],
        crs=27700,
    )


def test_mapinfo_tab(tmp_path: Path) -> None:
    pyogrio.write_dataframe(_bng_frame(), tmp_path / "sites.tab", driver="MapInfo File")
    result = migrate_layer(tmp_path / "sites.tab", tmp_path / "out")
    assert (result.source_format, result.feature_count_out) == ("MapInfo TAB", 2)
    assert result.field_names == {"SiteName": "site_name", "Ref": "ref"}


def test_kml_is_read_as_wgs84(tmp_path: Path) -> None:
    frame = _bng_frame().to_crs(4326)[["SiteName", "geometry"]].rename(columns={"SiteName": "Name"})
    pyogrio.write_dataframe(frame, tmp_path / "sites.kml", driver="KML")
    result = migrate_layer(tmp_path / "sites.kml", tmp_path / "out")
    assert result.feature_count_out == 2
    assert "KML is always WGS84" in result.crs_decision
    back = gpd.read_file(result.gpkg_path)
    assert back.geometry.iloc[0].bounds[0] == pytest.approx(278000, abs=0.01)


def test_dxf_needs_bng_coordinates(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        geometry=[
            LineString([(270000, 660000), (270500, 660200)]),
            LineString([(271000, 661000), (271300, 661900)]),
        ]
    )
    pyogrio.write_dataframe(frame, tmp_path / "paths.dxf", driver="DXF")
    result = migrate_layer(tmp_path / "paths.dxf", tmp_path / "out")
    assert result.feature_count_out == 2 and result.geometry_type == "MultiLineString"
    assert "British National Grid" in result.crs_decision


def test_csv_latitude_longitude(tmp_path: Path) -> None:
    csv = tmp_path / "libraries.csv"
    csv.write_text(
        "Library Name,Latitude,Longitude\nAirdrie Library,55.8660,-3.9826\n"
        "Motherwell Library,55.7900,-3.9940\n",
        encoding="utf-8",
    )
    result = migrate_layer(csv, tmp_path / "out")
    assert result.feature_count_out == 2
    assert result.crs_decision.startswith("latitude/longitude columns")
    x, y = gpd.read_file(result.gpkg_path).geometry.iloc[0].coords[0]
    assert 276_000 < x < 277_500 and 665_000 < y < 666_500


def test_csv_in_windows_1252_is_recoded(tmp_path: Path) -> None:
    csv = tmp_path / "buildings.csv"
    csv.write_bytes("Name,Easting,Northing\nSt Mary\u2019s Kirk \u00a3,275000,665000\n".encode("cp1252"))
    result = migrate_layer(csv, tmp_path / "out")
    names = gpd.read_file(result.gpkg_path)["name"].tolist()
    assert names == ["St Mary\u2019s Kirk \u00a3"]


def test_arcgis_rest_json_declares_bng() -> None:
    layer = open_layer(SAMPLES["polling-districts"])
    assert layer.format_name == "ArcGIS REST JSON"
    assert layer.declared_crs == "EPSG:27700"


def test_geojson_with_legacy_crs_member(tmp_path: Path) -> None:
    result = migrate_layer(POOLE_BNG, tmp_path)
    assert result.crs_decision.endswith("EPSG:27700")
    doc = json.loads(result.geojson_path.read_text())
    assert "crs" not in doc


def test_shapefile_with_prj_and_cpg_in_wgs84(tmp_path: Path) -> None:
    result = migrate_layer(COUNCIL_AREAS, tmp_path)
    assert result.feature_count_in == result.feature_count_out == 32
    assert pyogrio.read_info(result.gpkg_path)["crs"] == "EPSG:27700"


def test_point_layer_from_shapefile_without_cpg(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(275000, 665000)], crs=27700)
    pyogrio.write_dataframe(frame, tmp_path / "pts.shp")
    (tmp_path / "pts.cpg").unlink(missing_ok=True)
    assert migrate_layer(tmp_path / "pts.shp", tmp_path / "out").feature_count_out == 1
