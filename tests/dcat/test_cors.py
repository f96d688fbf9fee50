"""CORS on the read-only endpoints (Action GETs, DataStore search, lookups, DCAT, /ogc), never on writes."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
ORIGIN = {"Origin": "https://apps.example.org"}
READS = [
    "/api/3/action/package_search?q=toilets",
    "/api/3/action/package_list",
    "/api/action/datastore_search?resource_id=no-such-table",
    "/api/3/action/nlc_postcode_lookup?postcode=ML1%201AB",
    "/catalog.ttl",
    "/catalog.jsonld",
    "/api/feed/dcat-ap/2.0.1.json",
    "/vocabulary/mps-class",
    "/ogc/",
    "/ogc/conformance?f=json",
]


@pytest.mark.parametrize("path", READS)
def test_read_only_endpoints_allow_any_origin(app, path):
    response = app.get(path, headers=ORIGIN)
    assert response.headers.get("Access-Control-Allow-Origin") == "*", (path, response.status_code)
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("path", ["/api/3/action/package_search", "/ogc/collections"])
def test_preflight_of_a_read_is_answered(app, path):
    response = app.options(path, headers={**ORIGIN, "Access-Control-Request-Method": "GET"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "POST" not in response.headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("path", ["/api/3/action/package_create", "/api/3/action/datastore_upsert",
                                  "/api/3/action/package_search"])
def test_writes_never_get_cors(app, path):
    post = app.post(path, json={"name": "x"}, headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in post.headers
    preflight = app.options(path, headers={**ORIGIN, "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers


def test_a_get_of_a_write_action_gets_no_cors(app):
    response = app.get("/api/3/action/package_delete?id=x", headers=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response.headers


def test_html_pages_get_no_cors(app):
    assert "Access-Control-Allow-Origin" not in app.get("/dataset/", headers=ORIGIN).headers


def test_sql_search_is_a_read_and_upsert_a_write():
    from ckanext.nlc.cors import is_read_only

    reads = {"datastore_search_sql", "datastore_search"}
    assert is_read_only("/api/3/action/datastore_search_sql", reads.__contains__)
    assert not is_read_only("/api/3/action/datastore_upsert", reads.__contains__)
    assert is_read_only("/datastore/dump/0b8a", reads.__contains__)
    assert not is_read_only("/dataset/new", reads.__contains__)
