"""Esri JSON (``f=json``) read through GDAL's ESRIJSON driver (issue 17 point 4), against a
local server replaying recorded ArcGIS REST pages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon, shape

from gis.rfc7946 import check_feature_collection
from harvesters.sources import make_source

from .conftest import FIXTURES, Reply

LAYER = "/server/rest/services/PUBLIC/OPEN_DATA_LAYERS/FeatureServer/3"
ARC = FIXTURES / "arcgis"


def _page(offset: int) -> dict:
    return json.loads((ARC / f"conservation_areas_esrijson_offset{offset}.json").read_text())


def _expected_area(esri_geometry: dict) -> float:
    """Esri's own rule: clockwise rings are outer rings, counter-clockwise ones holes."""
    total = 0.0
    for ring in esri_geometry["rings"]:
        area = Polygon(ring).area
        total += -area if Polygon(ring).exterior.is_ccw else area
    return total


def _extract(replay, tmp_path: Path, pages: dict[int, dict]):
    replay.routes[LAYER + "/query"] = lambda q: Reply(body=pages[int(q["resultOffset"][0])])
    src = make_source(
        {"type": "arcgis_rest", "url": replay.url + LAYER, "format": "json", "page_size": 2,
         "name": "conservation-areas"},
        tmp_path,
        work_dir=tmp_path,
    )
    return src.extract()


def test_esri_polygons_become_valid_polygons_and_multipolygons(replay, tmp_path: Path) -> None:
    pages = {0: _page(0), 2: _page(2)}
    table = _extract(replay, tmp_path, pages)
    assert table.fields == ["OBJECTID", "AREA_NAME", "DESIGNATED", "HECTARES"]
    assert [int(q["resultOffset"][0]) for _, q in replay.log] == [0, 2]
    doc = json.loads(table.files["GeoJSON"].read_text())
    features = doc["features"]
    assert [f["geometry"]["type"] for f in features] == ["MultiPolygon", "Polygon", "MultiPolygon"]
    esri = [f["geometry"] for page in pages.values() for f in page["features"]]
    for feature, source in zip(features, esri, strict=True):
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["properties"]["AREA_NAME"]
        assert geom.area == pytest.approx(_expected_area(source), rel=1e-9)
        assert geom.area > 0
    two_part = shape(features[0]["geometry"])
    assert len(two_part.geoms) == 2 and all(len(p.interiors) == 0 for p in two_part.geoms)
    assert len(shape(features[1]["geometry"]).interiors) == 1
    assert sorted(len(p.interiors) for p in shape(features[2]["geometry"]).geoms) == [0, 1]
    assert check_feature_collection(doc) == []  # RFC 7946 right-hand rule, WGS84
    props = [f["properties"] for f in features]
    assert [p["DESIGNATED"] for p in props] == ["1988-01-01T00:00:00", None, "2005-01-01T00:00:00"]
    assert [p["HECTARES"] for p in props] == [31.4, 12.0, None]
    assert [r[1] for r in table.rows] == [
        "Airdrie Town Centre and Rawyards", "Wishaw Cathedral Precinct", "Cumbernauld Village and Glen",
    ]
    x0, y0, x1, y1 = shape(json.loads(table.spatial)).bounds
    assert (x0, y0, x1, y1) == (-3.99, 55.77, -3.912, 55.956)


def test_esri_json_in_british_national_grid_is_reprojected(replay, tmp_path: Path) -> None:
    """A page whose spatialReference is 27700 (a server ignoring outSR) is published in WGS84,
    each vertex equal to a per-point pyproj transform."""
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    page = _page(0)
    page["spatialReference"] = {"wkid": 27700, "latestWkid": 27700}
    for f in page["features"]:
        rings = f["geometry"]["rings"]
        f["geometry"]["rings"] = [[list(to_bng.transform(x, y)) for x, y in ring] for ring in rings]
    del page["exceededTransferLimit"]
    table = _extract(replay, tmp_path, {0: page})
    features = json.loads(table.files["GeoJSON"].read_text())["features"]
    to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    for feature, source in zip(features, page["features"], strict=True):
        got = shapely.get_coordinates(shape(feature["geometry"]))
        want = [to_wgs84.transform(x, y) for ring in source["geometry"]["rings"] for x, y in ring]
        assert sorted(map(tuple, got.tolist())) == sorted(want)
        assert np.allclose(got, shapely.get_coordinates(shape(_wgs84(feature["properties"]["OBJECTID"]))))


def _wgs84(objectid: int) -> dict:
    """The same feature from the WGS84 page, read the same way (for the approximate check)."""
    from harvesters.sources.arcgis_rest import esri_features

    return next(
        f["geometry"] for f in esri_features(_page(0), "test") if f["properties"]["OBJECTID"] == objectid
    )
