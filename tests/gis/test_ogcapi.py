"""OGC API - Features over migrated layers: OWSLib lists collections and pages through items."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from ckanext.nlc.ogc.app import create_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from owslib.ogcapi.features import Features
from werkzeug.serving import make_server

from gis.migrate import migrate_layer
from gis.ogcapi import config_for_directory
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


# -- an OGC API that keeps its word (issue 16, point 6) ----------------------------------------
@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("ogc-word")
    for sample in ("listed-buildings", "wards"):
        migrate_layer(SAMPLES[sample], out)
    return create_app(config_for_directory(out, "http://ckan.example/ogc")).test_client()


@pytest.mark.parametrize("bbox", ["-180,-90,180,90", "-200,-100,200,100", "-181,-91,181,91"])
def test_a_world_bbox_returns_every_feature(client, bbox: str) -> None:
    response = client.get(f"/ogc/collections/listed_buildings/items?f=json&limit=100&bbox={bbox}")
    assert response.status_code == 200
    assert response.json["numberMatched"] == 30 and len(response.json["features"]) == 30


def test_a_bbox_outside_great_britain_is_empty_not_an_error(client) -> None:
    response = client.get("/ogc/collections/listed_buildings/items?f=json&bbox=100,10,110,20")
    assert response.status_code == 200 and response.json["numberMatched"] == 0


@pytest.mark.parametrize("query", ["bbox=1,2,3", "bbox=a,b,c,d", "bbox=3,0,1,1", "bbox=nan,0,1,1",
                                   "sortby=", "sortby=nope", "sortby=+", "limit=-1", "limit=x", "offset=x",
                                   "crs=EPSG:4326x", "ward_no=abc", "ward_no=9223372036854775808"])
def test_invalid_values_are_400_with_an_ogc_exception(client, query: str) -> None:
    response = client.get(f"/ogc/collections/wards/items?f=json&{query}")
    assert response.status_code == 400, (query, response.status_code)
    assert response.json["code"] and response.json["description"]


def test_sortby_sorts_both_ways(client) -> None:
    field = "wd13nm"
    up = client.get(f"/ogc/collections/wards/items?f=json&limit=100&sortby={field}").json["features"]
    down = client.get(f"/ogc/collections/wards/items?f=json&limit=100&sortby=-{field}").json["features"]
    names = [f["properties"][field] for f in up]
    by_fid = [f["properties"][field] for f in sorted(up, key=lambda f: f["id"])]
    assert names == sorted(names) and names != by_fid
    assert [f["properties"][field] for f in down] == sorted(names, reverse=True)
    page = client.get(f"/ogc/collections/wards/items?f=json&limit=5&offset=5&sortby={field}").json["features"]
    assert [f["properties"][field] for f in page] == names[5:10]


def test_items_are_geojson_and_count_is_cheap(client, monkeypatch) -> None:
    import pyogrio

    calls = []
    real = pyogrio.read_dataframe
    monkeypatch.setattr(pyogrio, "read_dataframe", lambda *a, **k: calls.append(k) or real(*a, **k))
    response = client.get("/ogc/collections/listed_buildings/items?f=json&limit=3&offset=3")
    assert response.headers["Content-Type"].startswith("application/geo+json")
    assert response.json["numberMatched"] == 30 and len(response.json["features"]) == 3
    assert len(calls) == 1 and "fid IN" in calls[0]["where"]  # only the page is read
    item = client.get("/ogc/collections/listed_buildings/items/1?f=json")
    assert item.headers["Content-Type"].startswith("application/geo+json")


def test_conformance_and_landing_page_list_only_what_works(client) -> None:
    conformance = client.get("/ogc/conformance?f=json").json["conformsTo"]
    assert not any("features-4" in c or "features-5" in c for c in conformance)
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conformance
    links = client.get("/ogc/?f=json").json["links"]
    for link in links:
        href = link["href"].replace("http://ckan.example/ogc", "/ogc")
        if href.startswith("/ogc"):
            assert client.get(href).status_code == 200, href


def test_html_pages_get_their_css(client) -> None:
    page = client.get("/ogc/collections?f=html").get_data(as_text=True)
    assert "/static/css/default.css" in page
    css = client.get("/ogc/static/css/default.css")
    assert css.status_code == 200 and css.headers["Content-Type"].startswith("text/css")


QUERY = st.fixed_dictionaries({}, optional={
    "bbox": st.one_of(st.lists(st.one_of(st.floats(), st.integers(-1000, 1000)), min_size=0, max_size=7)
                      .map(lambda xs: ",".join(map(str, xs))), st.text(max_size=12)),
    "limit": st.one_of(st.integers(-5, 20_000).map(str), st.text(max_size=6)),
    "offset": st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=6)),
    "crs": st.sampled_from(["http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                            "http://www.opengis.net/def/crs/EPSG/0/27700", "EPSG:4326", "", "x"]),
    "bbox-crs": st.sampled_from(["http://www.opengis.net/def/crs/EPSG/0/27700", "", "x"]),
    "sortby": st.one_of(st.sampled_from(["wd13nm", "-wd13nm", "+fid", "", "-", "+", ",", "nope"]),
                        st.text(max_size=8)),
    "wd13nm": st.text(max_size=10),
    "wd13cd": st.text(max_size=10),
    "ward_no": st.one_of(st.integers().map(str), st.text(max_size=6)),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERY)
def test_no_parameter_value_gives_a_500(client, query: dict[str, str]) -> None:
    response = client.get("/ogc/collections/wards/items", query_string={"f": "json", **query})
    assert response.status_code in (200, 400), (query, response.status_code, response.get_data(as_text=True))
    if response.status_code == 400:
        assert response.json["code"] and response.json["description"]
