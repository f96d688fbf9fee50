"""With Solr unreachable, pages and the API explain the outage instead of failing.

Solr is made unreachable for this test's requests only (the search layer's
connection points at a closed port); tests/ckan/test_solr_outage.py stops the
real Solr under the live portal.
"""
from __future__ import annotations

import ckan.lib.search.common as common
import ckan.lib.search.index as index
import ckan.lib.search.query as query
import pysolr
import pytest
from ckanext.nlc.search_outage import MESSAGE


@pytest.fixture
def solr_down(monkeypatch):
    def dead(decode_dates: bool = True) -> pysolr.Solr:
        return pysolr.Solr("http://127.0.0.1:9/solr/none", timeout=2)

    for module in (common, query, index):
        monkeypatch.setattr(module, "make_connection", dead, raising=False)


@pytest.mark.usefixtures("solr_down")
def test_search_page_explains_the_outage(app):
    page = app.get("/dataset/?q=toilets", status=200).get_data(as_text=True)
    assert "error while searching" in page.lower() or MESSAGE in page
    assert "Traceback" not in page


@pytest.mark.usefixtures("solr_down")
def test_home_page_still_renders(app):
    page = app.get("/", status=200).get_data(as_text=True)
    assert "North Lanarkshire Council Open Data" in page


@pytest.mark.usefixtures("solr_down")
def test_api_reports_a_search_error(app):
    body = app.get("/api/3/action/package_search?q=toilets", status=409).json
    assert body["success"] is False
    assert body["error"]["__type"] == "Search Error"
    assert "temporarily unavailable" in body["error"]["message"]


@pytest.mark.usefixtures("solr_down")
@pytest.mark.parametrize("url", ["/organization/", "/group/"])
def test_listing_pages_get_a_clear_503(app, url):
    page = app.get(url, status=503).get_data(as_text=True)
    assert MESSAGE in page and "Traceback" not in page


@pytest.mark.usefixtures("solr_down")
def test_search_page_calls_an_outage_an_outage(app):
    page = app.get("/dataset/?q=toilets", status=200).get_data(as_text=True)
    assert MESSAGE in page and "could not understand" not in page


def test_unparseable_query_is_not_called_an_outage(app):
    page = app.get("/dataset/?q=a:b:c)", status=200).get_data(as_text=True)
    assert "could not understand" in page and MESSAGE not in page
