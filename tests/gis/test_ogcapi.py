"""OGC API - Features over migrated layers: OWSLib lists collections and pages through items."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from owslib.ogcapi.features import Features
from werkzeug.serving import make_server

from gis.migrate import migrate_layer
from gis.ogcapi import config_for_directory, create_app
from tests.gis.conftest import SAMPLES


@pytest.fixture(scope="module")
def ogc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("ogc")
    for sample in ("wards", "listed-buildings", "polling-districts"):
        migrate_layer(SAMPLES[sample], out)
    server = make_server(
        "127.0.0.1", 0, create_app(config_for_directory(out, "http://placeholder/ogc")), threaded=True
    )
    base = f"http://127.0.0.1:{server.server_port}/ogc"
    # Links in responses must point at the real address.
    server.app = create_app(config_for_directory(out, base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(5)


def test_conformance_classes(ogc_server: str) -> None:
    conformance = Features(ogc_server).conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conformance
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in conformance


def test_owslib_lists_collections(ogc_server: str) -> None:
    client = Features(ogc_server)
    ids = {c["id"] for c in client.collections()["collections"]}
    assert ids == {"wards", "listed_buildings", "polling_districts"}
    wards = client.collection("wards")
    minx, miny, maxx, maxy = wards["extent"]["spatial"]["bbox"][0]
    assert -4.3 < minx < maxx < -3.6 and 55.7 < miny < maxy < 56.1


def test_owslib_fetches_items_with_paging(ogc_server: str) -> None:
    client = Features(ogc_server)
    first = client.collection_items("wards", limit=5, offset=0)
    second = client.collection_items("wards", limit=5, offset=5)
    assert first["numberMatched"] == 20
    assert len(first["features"]) == len(second["features"]) == 5
    assert {f["id"] for f in first["features"]}.isdisjoint({f["id"] for f in second["features"]})
    lon, lat = first["features"][0]["geometry"]["coordinates"][0][0][0]
    assert -4.3 < lon < -3.6 and 55.7 < lat < 56.1  # served in CRS84, stored in EPSG:27700
    assert set(first["features"][0]["properties"]) >= {"wd13cd", "wd13nm"}


def test_items_bbox_filter(ogc_server: str) -> None:
    client = Features(ogc_server)
    everything = client.collection_items("listed_buildings", limit=100)
    assert everything["numberMatched"] == 30
    box = [-4.0, 55.85, -3.95, 55.88]  # around Airdrie
    subset = client.collection_items("listed_buildings", bbox=box, limit=100)
    assert 0 < subset["numberMatched"] < 30
    for feature in subset["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def test_single_item_and_missing_item(ogc_server: str) -> None:
    client = Features(ogc_server)
    item = client.collection_item("polling_districts", "3")
    assert item["id"] == 3 and item["properties"]["district_code"]
    import requests

    missing = requests.get(f"{ogc_server}/collections/polling_districts/items/99999?f=json", timeout=10)
    assert missing.status_code == 404


def test_blueprint_prefix(tmp_path: Path) -> None:
    migrate_layer(SAMPLES["conservation-areas"], tmp_path)
    app = create_app(config_for_directory(tmp_path, "http://ckan.example/ogc"), url_prefix="/ogc")
    response = app.test_client().get("/ogc/collections/conservation_areas/items?f=json&limit=2")
    assert response.status_code == 200
    assert response.json["numberMatched"] == 13 and len(response.json["features"]) == 2
