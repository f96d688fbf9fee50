"""The lookup fast path asks CKAN's auth function first: it answers only what CKAN would answer
for an anonymous user, and hands anything else to CKAN (issue 17, point 3)."""

from __future__ import annotations

import json

import pytest
from ckanext.nlc.lookups.middleware import AuthorisedLookupFastPath, anonymous_may
from werkzeug.test import Client

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.fast_path", "false"),  # the stack's own: off
]
URL = "/api/3/action/nlc_postcode_lookup"
FAST = "X-NLC-Served-By"


def lookup(app, auth: str) -> tuple[bool, dict]:
    """(answered by the fast path?, body) for one lookup through a fast path checking ``auth``."""
    client = Client(AuthorisedLookupFastPath(app.app, 0, auth=auth))
    resp = client.get(URL, query_string={"postcode": "ML1 1AA"})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return FAST in resp.headers, json.loads(resp.get_data())


def test_the_lookups_own_auth_function_lets_the_fast_path_answer(app):
    assert anonymous_may("nlc_postcode_lookup", {"postcode": "ML1 1AA"})
    fast, body = lookup(app, "nlc_postcode_lookup")
    assert fast and body["result"]["ward"]["name"] == "Westward"


@pytest.mark.ckan_config("ckan.auth.anon_create_dataset", "false")
def test_an_auth_function_refusing_anonymous_users_sends_the_request_to_ckan(app):
    assert not anonymous_may("package_create", {})
    fast, body = lookup(app, "package_create")
    assert not fast  # CKAN's stack answered (and ran nlc_postcode_lookup's own auth)
    assert body["success"] and body["result"]["ward"]["name"] == "Westward"


@pytest.mark.ckan_config("ckan.auth.anon_create_dataset", "true")
@pytest.mark.ckan_config("ckan.auth.create_unowned_dataset", "true")
@pytest.mark.ckan_config("ckan.auth.create_dataset_if_not_in_organization", "true")
def test_the_decision_is_the_auth_functions_not_a_list_in_the_middleware(app):
    assert anonymous_may("package_create", {})
    fast, _ = lookup(app, "package_create")
    assert fast
