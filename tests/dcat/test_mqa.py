"""The portal scores its datasets by the data.europa.eu MQA method (405 points, Excellent from 351)."""
from __future__ import annotations

import io
import json
import time

import pytest
import rdflib
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckanext.nlc.catalogue import mqa
from rdflib.namespace import RDF

from tests.conftest import NLC_BBOX

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


def test_points_table_is_the_mqa_one():
    assert mqa.maximum() == 405
    dims: dict[str, int] = {}
    for i in mqa.table()["indicators"]:
        dims[i["dimension"]] = dims.get(i["dimension"], 0) + i["points"]
    assert dims == {"Findability": 100, "Accessibility": 100, "Interoperability": 110,
                    "Reusability": 75, "Contextuality": 20}
    assert mqa.rating(351) == "Excellent" and mqa.rating(350.9) == "Good"


def test_a_distribution_without_download_url_loses_its_points():
    g = rdflib.Graph()
    ds, d1, d2 = rdflib.URIRef("urn:ds"), rdflib.URIRef("urn:d1"), rdflib.URIRef("urn:d2")
    g.add((ds, RDF.type, DCAT.Dataset))
    for d in (d1, d2):
        g.add((ds, DCAT.distribution, d))
        g.add((d, DCAT.accessURL, rdflib.URIRef("http://example.org/a.csv")))
    g.add((d1, DCAT.downloadURL, rdflib.URIRef("http://example.org/a.csv")))
    result = mqa.score_graph(g, ds, reachable=lambda url: True)
    points = {r["id"]: r["points"] for r in result["indicators"]}
    assert points["download_url"] == 10 and points["download_url_status"] == 15
    assert points["access_url_status"] == 50
    assert "dcat:keyword" in {m["property"] for m in result["missing"]}
    dead = mqa.score_graph(g, ds, reachable=lambda url: False)
    assert {r["id"]: r["points"] for r in dead["indicators"]}["access_url_status"] == 0


def _upload(package_id: str, sysadmin: dict, name: str, body: bytes, fmt: str) -> dict:
    from werkzeug.datastructures import FileStorage

    return call_action("resource_create", {"user": sysadmin["name"]}, package_id=package_id, format=fmt,
                       name=name, upload=FileStorage(io.BytesIO(body), filename=name), url=name)


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "with_request_context")
def test_a_complete_council_dataset_is_excellent_and_a_bare_one_is_told_what_is_missing(
        make_dataset, sysadmin):
    group = factories.Group(name="environment-and-green-space")
    pkg = make_dataset(name="toilets-mqa", spatial=json.dumps(NLC_BBOX), tags=[{"name": "toilets"}],
                       temporal_start="2024-01-01", temporal_end="2024-12-31", groups=[{"id": group["id"]}])
    _upload(pkg["id"], sysadmin, "toilets.csv", b"name,x\nA,1\n", "CSV")
    _upload(pkg["id"], sysadmin, "toilets.geojson", b'{"type":"FeatureCollection","features":[]}', "GeoJSON")
    started = time.monotonic()
    result = call_action("nlc_mqa_score", id=pkg["id"])
    elapsed = time.monotonic() - started
    assert result["max"] == 405
    assert result["score"] >= 351, result["missing"]
    assert result["rating"] == "Excellent"
    assert result["violations"] == []
    assert result["unchecked_urls"] == []  # uploads on this portal: their files were checked
    assert elapsed < 20

    bare = make_dataset(name="bare-mqa")
    call_action("resource_create", {"user": sysadmin["name"]}, package_id=bare["id"],
                url="http://example.org/report.pdf", format="PDF")
    scored = call_action("nlc_mqa_score", id=bare["id"])
    missing = {m["id"] for m in scored["missing"]}
    assert {"keyword", "temporal", "non_proprietary", "machine_readable"} <= missing
    assert scored["score"] < result["score"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_missing_upload_costs_the_accessibility_points(make_dataset, sysadmin, ckan_config):
    import os

    from ckan.lib.uploader import get_resource_uploader

    pkg = make_dataset(name="lost-file-mqa", tags=[{"name": "toilets"}])
    res = _upload(pkg["id"], sysadmin, "lost.csv", b"a\n1\n", "CSV")
    os.remove(get_resource_uploader(res).get_path(res["id"]))
    call_action("package_patch", {"user": sysadmin["name"]}, id=pkg["id"], notes="file lost")
    points = {r["id"]: r["points"] for r in call_action("nlc_mqa_score", id=pkg["id"])["indicators"]}
    assert points["access_url_status"] == 0 and points["download_url_status"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_private_dataset_is_not_scored_for_the_public(make_dataset):
    from ckan.logic import NotAuthorized

    pkg = make_dataset(name="private-mqa", private=True)
    with pytest.raises(NotAuthorized):
        call_action("nlc_mqa_score", {"user": "", "ignore_auth": False}, id=pkg["id"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_dataset_page_shows_the_score_and_what_is_missing(app, make_dataset):
    make_dataset(name="page-mqa")
    page = app.get("/dataset/page-mqa").body
    assert "Metadata quality" in page and "/ 405" in page
    assert "dcat:keyword" in page  # no keywords: listed as missing
