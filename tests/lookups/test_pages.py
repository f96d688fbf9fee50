"""The /postcode and /nearest pages."""

from __future__ import annotations

import pytest

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]


def test_postcode_page_form_results_and_map(app):
    html = app.get("/postcode").body
    assert '<label for="nlc-postcode">' in html and "nlc-lookup-result" not in html
    html = app.get("/postcode", query_string={"postcode": "ml11aa"}).body
    assert "ML1 1AA" in html and "Band B: 2" in html and "Band D: 1" in html
    assert "Westward" in html and "Councillor Ann West" in html
    assert '<svg class="nlc-lookup-map"' in html and 'role="img"' in html and "<polygon" in html
    assert "/dataset/council-tax-bands" in html and "/dataset/wards" in html
    assert "cdn" not in html.split("<svg")[1].split("</svg>")[0].lower()


def test_postcode_page_errors(app):
    resp = app.get("/postcode", query_string={"postcode": "nonsense"}, status=400)
    assert "not a valid UK postcode" in resp.body and 'aria-invalid="true"' in resp.body
    resp = app.get("/postcode", query_string={"postcode": "ML9 9ZZ"}, status=404)
    assert "was not found" in resp.body


def test_nearest_page_lists_and_maps(app):
    html = app.get("/nearest").body
    assert '<label for="nlc-type">' in html and '<label for="nlc-postcode">' in html
    html = app.get("/nearest", query_string={"type": "school", "postcode": "ML1 1AA", "n": "3"}).body
    assert html.count("<li><strong>School") == 3 and '<svg class="nlc-lookup-map"' in html
    html = app.get("/nearest", query_string={"type": "museum", "lat": "55.85", "lon": "-3.9"}).body
    assert "your location" in html and "Museum" in html
    app.get("/nearest", query_string={"type": "pub", "postcode": "ML1 1AA"}, status=400)
