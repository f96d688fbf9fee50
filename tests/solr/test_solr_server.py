"""The development Solr (scripts/solr.sh) against the documents and queries CKAN really sends.

Needs the server up at SOLR_URL (default: the test core). Each test indexes its own
documents under a site_id of its own and deletes them afterwards.
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pysolr
import pytest
import requests

SOLR_URL = os.environ.get("SOLR_URL", "http://127.0.0.1:8983/solr/ckan_test").rstrip("/")
QUERY_FIELDS = "name^4 title^4 tags^2 groups^2 text"  # ckan.lib.search.query.QUERY_FIELDS
NLC_BBOX = {"minx": -4.18, "miny": 55.74, "maxx": -3.70, "maxy": 56.02}  # North Lanarkshire, WGS84


def ckan_document(site_id: str, **overrides: Any) -> dict[str, Any]:
    """A dataset as ckan.lib.search.index.PackageSearchIndex.index_package sends it to Solr."""
    dataset_id = str(uuid.uuid4())
    doc: dict[str, Any] = {
        "id": dataset_id,
        "site_id": site_id,
        "index_id": hashlib.md5(f"{dataset_id}{site_id}".encode(), usedforsecurity=False).hexdigest(),
        "entity_type": "package",
        "dataset_type": "dataset",
        "state": "active",
        "capacity": "public",
        "name": "public-toilets",
        "title": "Public toilets",
        "notes": "Locations and opening hours of public toilets run by the council.",
        "tags": ["toilets", "accessibility"],
        "groups": ["community"],
        "organization": "environmental-services",
        "owner_org": str(uuid.uuid4()),
        "license_id": "OGL-UK-3.0",
        "res_name": ["Public toilets (CSV)"],
        "res_format": ["CSV"],
        "res_url": ["http://127.0.0.1/public-toilets.csv"],
        "num_resources": 1,
        "num_tags": 2,
        "metadata_created": "2024-05-01T09:30:00Z",
        "metadata_modified": "2024-06-01T10:00:00Z",
        "extras_update_frequency": "annual",
        "vocab_foi_topics": ["public-toilets"],
        "bbox_area": (NLC_BBOX["maxx"] - NLC_BBOX["minx"]) * (NLC_BBOX["maxy"] - NLC_BBOX["miny"]),
        **NLC_BBOX,
    }
    doc.update(overrides)
    doc["data_dict"] = json.dumps({k: v for k, v in doc.items() if k != "index_id"})
    return doc


def ckan_search(solr: pysolr.Solr, site_id: str, q: str = "*:*", **params: Any) -> pysolr.Results:
    """Search the way CKAN's PackageSearchQuery.run does, limited to one site's public datasets."""
    query: dict[str, Any] = {
        "fq": [f'+site_id:"{site_id}" +capacity:public', "+dataset_type:dataset"],
        "defType": "edismax",
        "qf": QUERY_FIELDS,
        "tie": "0.1",
        "mm": "2<-1 5<80%",
        "q.op": "AND",
        "fl": "id name title capacity minx maxx miny maxy bbox_area score",
        "sort": "score desc, metadata_modified desc",
        "facet": "true",
        "facet.field": ["tags", "groups", "res_format", "organization"],
        "facet.mincount": 1,
        "facet.limit": 50,
        "rows": 20,
        "wt": "json",
    }
    query.update(params)
    return solr.search(q, **query)


@pytest.fixture(scope="module")
def solr() -> pysolr.Solr:
    """A pysolr connection to SOLR_URL, failing (never skipping) when the core does not answer."""
    try:
        answer = requests.get(f"{SOLR_URL}/admin/ping", params={"wt": "json"}, timeout=10)
        answer.raise_for_status()
        assert answer.json()["status"] == "OK", answer.text
    except (requests.RequestException, ValueError) as e:
        raise AssertionError(
            f"Solr core {SOLR_URL} is not answering (scripts/solr.sh start starts it): {e}"
        ) from e
    return pysolr.Solr(SOLR_URL, always_commit=True, timeout=30)


@pytest.fixture
def site_id(solr: pysolr.Solr) -> Iterator[str]:
    """A site_id of this test's own; every document under it is deleted afterwards."""
    site = f"solr-test-{uuid.uuid4().hex[:12]}"
    yield site
    solr.delete(q=f'site_id:"{site}"', commit=True)


def test_ckan_document_is_indexed_and_found_with_ckan_params(solr: pysolr.Solr, site_id: str) -> None:
    doc = ckan_document(site_id)
    solr.add([doc], commit=True)

    results = ckan_search(solr, site_id)

    assert results.hits == 1
    found = results.docs[0]
    assert (found["id"], found["name"], found["title"]) == (doc["id"], "public-toilets", "Public toilets")
    stored = solr.search(f'index_id:"{doc["index_id"]}"', fl="data_dict").docs[0]
    assert json.loads(stored["data_dict"])["name"] == "public-toilets"


def test_text_search_uses_ckan_query_fields_and_stemming(solr: pysolr.Solr, site_id: str) -> None:
    libraries = ckan_document(site_id, name="libraries", title="Libraries", notes="Branch libraries.",
                              tags=["books"], res_name=["Libraries (CSV)"], vocab_foi_topics=["libraries"])
    solr.add([ckan_document(site_id), libraries], commit=True)

    assert [d["name"] for d in ckan_search(solr, site_id, q="toilet").docs] == ["public-toilets"]
    assert [d["name"] for d in ckan_search(solr, site_id, q="opening hours").docs] == ["public-toilets"]
    assert [d["name"] for d in ckan_search(solr, site_id, q="books").docs] == ["libraries"]
    assert ckan_search(solr, site_id, q="swimming").hits == 0


def test_private_and_other_site_datasets_are_filtered_out(solr: pysolr.Solr, site_id: str) -> None:
    other_site = f"{site_id}-other"
    try:
        solr.add([
            ckan_document(site_id),
            ckan_document(site_id, name="staff-rota", title="Staff rota", capacity="private"),
            ckan_document(other_site),
        ], commit=True)

        assert [d["name"] for d in ckan_search(solr, site_id).docs] == ["public-toilets"]
        assert solr.search(f'site_id:"{site_id}"').hits == 2
    finally:
        solr.delete(q=f'site_id:"{other_site}"', commit=True)


def test_reindexing_replaces_the_document_by_index_id(solr: pysolr.Solr, site_id: str) -> None:
    doc = ckan_document(site_id)
    solr.add([doc], commit=True)
    solr.add([{**doc, "title": "Public conveniences"}], commit=True)

    results = ckan_search(solr, site_id)

    assert results.hits == 1
    assert results.docs[0]["title"] == "Public conveniences"


def test_facets_count_tags_groups_and_formats(solr: pysolr.Solr, site_id: str) -> None:
    solr.add([
        ckan_document(site_id),
        ckan_document(
            site_id, name="toilet-changing-places", tags=["toilets"], res_format=["CSV", "GeoJSON"]
        ),
    ], commit=True)

    fields = ckan_search(solr, site_id).facets["facet_fields"]

    def counts(field: str) -> dict[str, int]:
        flat = fields[field]
        return dict(zip(flat[::2], flat[1::2], strict=True))

    assert counts("tags") == {"toilets": 2, "accessibility": 1}
    assert counts("res_format") == {"CSV": 2, "GeoJSON": 1}
    assert counts("groups") == {"community": 2}
    assert counts("organization") == {"environmental-services": 2}


def test_bbox_fields_are_stored_floats_and_range_searchable(solr: pysolr.Solr, site_id: str) -> None:
    solr.add([ckan_document(site_id)], commit=True)

    found = ckan_search(solr, site_id).docs[0]
    for field, value in NLC_BBOX.items():
        assert isinstance(found[field], float) and found[field] == pytest.approx(value)
    assert found["bbox_area"] == pytest.approx(0.48 * 0.28, rel=1e-4)

    in_range = [f'+site_id:"{site_id}"', "minx:[-4.5 TO -3.5]", "maxy:[55.9 TO 56.1]"]
    inside = ckan_search(solr, site_id, fq=in_range)
    assert inside.hits == 1
    outside = ckan_search(solr, site_id, fq=[f'+site_id:"{site_id}"', "minx:[-0.5 TO 0.5]"])
    assert outside.hits == 0


def test_ckanext_spatial_bbox_query_selects_overlapping_datasets(solr: pysolr.Solr, site_id: str) -> None:
    from ckanext.spatial.search import SolrBBoxSearchBackend

    london = {"minx": -0.51, "miny": 51.28, "maxx": 0.33, "maxy": 51.69}
    solr.add([ckan_document(site_id), ckan_document(site_id, name="london-toilets", **london)], commit=True)

    def spatial_search(bbox: dict[str, float]) -> list[str]:
        params = SolrBBoxSearchBackend().search_params(dict(bbox), {})
        fq = [f'+site_id:"{site_id}" +capacity:public', *params["fq_list"]]
        found = ckan_search(solr, site_id, fq=fq, bf=params["bf"], defType=params["defType"])
        return [d["name"] for d in found.docs]

    glasgow_east = {"minx": -4.3, "miny": 55.8, "maxx": -3.9, "maxy": 55.95}
    assert spatial_search(glasgow_east) == ["public-toilets"]
    assert spatial_search(london) == ["london-toilets"]
    assert spatial_search({"minx": 10.0, "miny": 10.0, "maxx": 11.0, "maxy": 11.0}) == []


def test_deleted_document_is_no_longer_found(solr: pysolr.Solr, site_id: str) -> None:
    doc = ckan_document(site_id)
    solr.add([doc], commit=True)
    assert ckan_search(solr, site_id).hits == 1

    solr.delete(q=f'+index_id:"{doc["index_id"]}" +site_id:"{site_id}"', commit=True)

    assert ckan_search(solr, site_id).hits == 0
