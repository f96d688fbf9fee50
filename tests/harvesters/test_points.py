"""Point tables also publish an RFC 7946 GeoJSON and fill the dataset's spatial extent."""
from __future__ import annotations

import json

import pytest

from gis.rfc7946 import check_feature_collection
from harvesters.errors import TransformError
from harvesters.points import attach_geojson
from harvesters.table import Table


def test_points_become_geojson_and_a_bbox(tmp_path):
    table = Table(fields=["Name", "Lon", "Lat"], source="t.csv",
                  rows=[["Motherwell", "-3.99123456789", "55.789"], ["No location", "", ""],
                        ["Airdrie", -3.98, 55.866]])
    attach_geojson(table, {"x": "Lon", "y": "Lat"}, tmp_path / "p.geojson", origin="test")
    body = json.loads((tmp_path / "p.geojson").read_text())
    assert [f["properties"]["Name"] for f in body["features"]] == ["Motherwell", "Airdrie"]
    assert body["features"][0]["geometry"]["coordinates"] == [-3.9912346, 55.789]
    assert check_feature_collection(body) == []
    ring = json.loads(table.spatial)["coordinates"][0]
    assert min(p[0] for p in ring) < -3.9912 and max(p[1] for p in ring) > 55.866
    assert table.files["GeoJSON"] == tmp_path / "p.geojson"


def test_missing_coordinate_column_is_a_clear_error(tmp_path):
    table = Table(fields=["Name"], source="t.csv", rows=[["x"]])
    with pytest.raises(TransformError, match="'Lon'"):
        attach_geojson(table, {"x": "Lon", "y": "Lat"}, tmp_path / "p.geojson", origin="datasets/x")


def test_bng_metres_in_lat_lon_columns_are_refused(tmp_path):
    from harvesters.errors import CoordinateRangeError, HarvestError

    table = Table(fields=["Name", "Longitude", "Latitude"], source="t.csv", row_numbers=[2, 3, 4],
                  rows=[["Airdrie", -3.98, 55.866], ["Motherwell", "270000", "660000"],
                        ["Wishaw", 280000, 655000]])
    with pytest.raises(CoordinateRangeError) as err:
        attach_geojson(table, {"x": "Longitude", "y": "Latitude"}, tmp_path / "p.geojson",
                       origin="datasets/x/dataset.yaml points")
    message = str(err.value)
    assert message.startswith("datasets/x/dataset.yaml points: geojson: row 3, field 'Longitude': ")
    assert "British National Grid (EPSG:27700)" in message and "1 more row(s)" in message
    assert isinstance(err.value, HarvestError) and isinstance(err.value, TransformError)
    assert err.value.as_dict()["kind"] == "coordinate-range-error"
    assert "Traceback" not in err.value.as_dict()["message"]
    assert not (tmp_path / "p.geojson").exists() and table.spatial is None


def test_latitude_out_of_range_names_the_latitude_column(tmp_path):
    from harvesters.errors import CoordinateRangeError

    table = Table(fields=["Lon", "Lat"], source="t.csv", rows=[[-3.98, 655.8]])
    with pytest.raises(CoordinateRangeError, match=r"row 2, field 'Lat'.*latitude -90\.\.90"):
        attach_geojson(table, {"x": "Lon", "y": "Lat"}, tmp_path / "p.geojson", origin="test")
