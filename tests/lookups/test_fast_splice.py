"""The fast path's body, with each source's pre-encoded JSON spliced in, is byte for byte the
JSON of the action's answer encoded whole."""

from __future__ import annotations

import json

import pytest
from ckanext.nlc.lookups import data, fastpath
from ckanext.nlc.lookups.actions import postcode_answer

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]


def whole(postcode: str) -> bytes:
    site = str(data.setting("ckan.site_url") or "").rstrip("/")
    envelope = {
        "help": f"{site}/api/3/action/help_show?name={fastpath.ACTION}",
        "success": True,
        "result": postcode_answer({"postcode": postcode}),
    }
    return fastpath.dumps(envelope)


@pytest.mark.parametrize("postcode", ["ML1 1AA", "ML1 2BB", "ML1 3DD", "ML1 4DD", "ML1 5EE", "G1 1AA"])
def test_spliced_body_is_the_whole_encoding(postcode):
    body = fastpath.answer("postcode=" + postcode.replace(" ", "").lower(), None)
    assert body is not None and body == whole(postcode)
    assert fastpath._MARK.encode() not in body and body.count(b'"resource_url": ') == 10


def test_source_json_is_its_dict_encoded_once_per_site():
    source = data.Source("toilets", "Public toilets", "abc", "Toilets")
    assert source.as_json() == json.dumps(source.as_dict()) and source.as_json() is source.as_json()
    source._json = ("http://elsewhere.example", "stale")  # made under another site URL
    assert source.as_json() == json.dumps(source.as_dict())
    retitled = data.Source("toilets", "Renamed toilets", "abc", "Toilets")
    assert "Renamed toilets" in retitled.as_json() and retitled != source
