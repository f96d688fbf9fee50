"""The catalogue in the compacted JSON-LD form Open Data Scotland's DCAT processor reads."""
from __future__ import annotations

import json

import pytest
import rdflib
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
FEED = "/api/feed/dcat-ap/2.0.1.json"


def ods_dcat_rows(d: dict) -> list[list]:
    """What OpenDataScotland/the_od_bods dcat.py (ProcessorDCAT.get_datasets) reads from a feed:
    d["dcat:dataset"], each dataset's dct:title/dct:publisher (a string)/dct:issued/dcat:keyword/
    dct:description, its "Web Page" distribution's dcat:accessUrl and the others' dcat:accessUrl
    and dct:title (the file type)."""
    rows = []
    for e in d["dcat:dataset"]:
        keywords = e.get("dcat:keyword", [])
        keywords = [keywords] if isinstance(keywords, str) else keywords
        ds = [e.get("dct:title", ""), e.get("dct:publisher", "").replace(" Mapping", ""), "", "", "",
              e.get("dct:issued", "")[:10], ";".join(map(str, keywords)), e.get("dct:description", "")]
        pages = e.get("dcat:distribution")
        for p in pages:
            if p.get("dct:description", "") == "Web Page":
                ds[2] = p.get("dcat:accessUrl", "")
                break
        for p in pages:
            if p.get("dct:description", "") == "Web Page":
                continue
            rows.append([*ds[:3], p.get("dcat:accessUrl", ""), p.get("dct:title", ""), *ds[5:]])
    return rows


def test_ods_dcat_processor_reads_every_dataset_and_resource(app, make_dataset, make_resource):
    for name in ("public-toilets-feed", "schools-feed"):
        pkg = make_dataset(name=name, title=name.replace("-", " ").title(), tags=[{"name": "toilets"}])
        make_resource(package_id=pkg["id"], url=f"http://example.org/{name}.csv", format="CSV", name="Table")
        make_resource(package_id=pkg["id"], url=f"http://example.org/{name}.geojson", format="GeoJSON",
                      name="Map")
    response = app.get(FEED)
    assert response.status_code == 200
    doc = json.loads(response.body)
    rows = ods_dcat_rows(doc)
    assert len(rows) == 4
    assert {r[1] for r in rows} == {"North Lanarkshire Council"}
    assert {r[4] for r in rows} == {"CSV", "GeoJSON"}
    assert all(r[2].endswith("/dataset/" + r[0].lower().replace(" ", "-")) for r in rows)
    assert all(r[3].startswith("http://example.org/") for r in rows)
    assert {r[6] for r in rows} == {"toilets"}

    graph = rdflib.Graph().parse(data=response.body, format="json-ld")  # and it is JSON-LD
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    assert len(set(graph.subjects(rdflib.RDF.type, dcat.Dataset))) == 2
    assert len(set(graph.objects(None, dcat.downloadURL))) == 4


def test_the_feed_lists_public_datasets_only(app, make_dataset, sysadmin):
    make_dataset(name="open-feed")
    make_dataset(name="draft-feed", private=True)
    call_action("package_search", q="*:*")
    titles = [d["@id"].rsplit("/", 1)[-1] for d in json.loads(app.get(FEED).body)["dcat:dataset"]]
    assert titles == ["open-feed"]


def test_ckan_api_readers_see_the_council_as_publisher(app, make_dataset):
    """Open Data Scotland's CKAN processor files a dataset under package_show's organization.title."""
    from ckan.tests import factories

    org = factories.Organization(name="environment", title="Environment and Climate Change")
    make_dataset(name="toilets-api", owner_org=org["id"])
    shown = app.get("/api/3/action/package_show?id=toilets-api").json["result"]
    assert shown["organization"]["title"] == "North Lanarkshire Council"
    assert shown["organization"]["service_title"] == "Environment and Climate Change"
    assert shown["organization"]["name"] == "environment"
    assert shown["publisher_name"] == "North Lanarkshire Council"
    assert call_action("organization_show", id="environment")["title"] == "Environment and Climate Change"
    assert "Environment and Climate Change" in app.get("/dataset/toilets-api").get_data(as_text=True)
