"""The postcode lookup API's fast path answers as CKAN's Action API would, and hands
everything it does not answer to CKAN."""

from __future__ import annotations

import json

import pytest
from ckan.tests.helpers import call_action
from werkzeug.test import Client

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]
URL = "/api/3/action/nlc_postcode_lookup"
FAST = "X-NLC-Served-By"


@pytest.fixture
def wsgi(app) -> Client:
    """A client of the whole WSGI stack gunicorn serves (CKAN's ``app`` fixture calls the
    Flask app inside it, past the IMiddleware wrappers)."""
    return Client(app.app)


def get(client: Client, url: str, status: int = 200, **query: str):
    resp = client.get(url, query_string=query)
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    return resp


def test_fast_answer_is_the_action_result_in_ckans_envelope(wsgi):
    resp = get(wsgi, URL, postcode="ml11aa")
    assert resp.headers.get(FAST) == "lookup-fast-path"
    assert resp.headers["Content-Type"] == "application/json;charset=utf-8"
    body = json.loads(resp.get_data())
    assert body["success"] is True and body["help"].endswith("help_show?name=nlc_postcode_lookup")
    assert body["result"] == json.loads(json.dumps(call_action("nlc_postcode_lookup", postcode="ML1 1AA")))
    assert body["result"]["ward"]["name"] == "Westward"
    assert get(wsgi, "/api/action/nlc_postcode_lookup", postcode="ML1 1AA").headers.get(FAST)


@pytest.mark.parametrize(
    ("query", "status", "error_type"),
    [
        ({"postcode": "nonsense"}, 409, "Validation Error"),
        ({"postcode": "ML9 9ZZ"}, 404, "Not Found Error"),
        ({}, 409, "Validation Error"),
    ],
)
def test_errors_are_ckans_own(wsgi, query, status, error_type):
    resp = get(wsgi, URL, status, **query)
    assert FAST not in resp.headers
    assert json.loads(resp.get_data())["error"]["__type"] == error_type


def test_other_requests_go_through_ckan(wsgi):
    resp = get(wsgi, URL, postcode="ML1 1AA", callback="cb")
    assert FAST not in resp.headers and resp.get_data(as_text=True).startswith("cb(")
    resp = wsgi.post(URL, json={"postcode": "ML1 1AA"})
    assert FAST not in resp.headers and resp.json["result"]["postcode"] == "ML1 1AA"


@pytest.mark.ckan_config("ckanext.nlc.lookups.fast_path", "false")
def test_fast_path_can_be_switched_off(wsgi):
    resp = get(wsgi, URL, postcode="ML1 1AA")
    assert FAST not in resp.headers and resp.json["result"]["ward"]["name"] == "Westward"


def test_cached_answers_follow_a_republished_dataset(wsgi, lookup_data, replace_rows):
    first = json.loads(get(wsgi, URL, postcode="ML1 2BB").get_data())["result"]
    assert first["ward"]["name"] == "Eastward"
    again = get(wsgi, URL, postcode="ml12bb")  # same answer, any spelling
    assert json.loads(again.get_data())["result"] == first
    replace_rows(
        lookup_data["postcodes"]["id"],
        [{"pcds": "ML1 2BB", "lat": 55.85, "long": -3.95, "osward": "S13000001"}],  # moved west
    )
    moved = get(wsgi, URL, postcode="ML1 2BB")
    assert moved.headers.get(FAST) and json.loads(moved.get_data())["result"]["ward"]["name"] == "Westward"


def test_answer_cache_is_a_bounded_lru():
    from ckanext.nlc.lookups.fastpath import AnswerCache

    cache = AnswerCache(2)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"  # a is now the most recent
    cache.put("c", b"3")
    assert cache.get("b") is None and cache.get("a") == b"1" and cache.get("c") == b"3"
    off = AnswerCache(0)
    off.put("a", b"1")
    assert off.get("a") is None
