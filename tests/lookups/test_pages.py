"""The /postcode, /bin-day and /nearest pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.lookups.conftest import day

pytestmark = [
    pytest.mark.usefixtures("lookup_data"),
    pytest.mark.ckan_config("ckanext.nlc.lookups.check_seconds", "0"),
]


def test_postcode_page_form_results_and_map(app):
    html = app.get("/postcode").body
    assert '<label for="nlc-postcode">' in html and "nlc-lookup-result" not in html
    html = app.get("/postcode", query_string={"postcode": "ml11aa"}).body
    assert "ML1 1AA" in html and "Band B: 2" in html and "Band D: 1" in html and "3 dwellings" in html
    assert 'href="https://www.saa.gov.uk/"' in html and "personal use only" in html
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
    assert len(re.findall(r'<li value="\d+"><strong>School', html)) == 3
    assert '<svg class="nlc-lookup-map"' in html
    html = app.get("/nearest", query_string={"type": "museum", "lat": "55.85", "lon": "-3.9"}).body
    assert "your location" in html and "Museum" in html
    app.get("/nearest", query_string={"type": "pub", "postcode": "ML1 1AA"}, status=400)


def _when(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).strftime("%A %-d %B")


def test_postcode_page_shows_bin_days(app):
    html = app.get("/postcode", query_string={"postcode": "ML1 1AA"}).body
    bins = html.split('id="nlc-bins"')[1].split("</section>")[0]
    assert "General waste (green bin)" in bins and "Paper and card (blue bin)" in bins
    assert f'<time datetime="{day(13)}">{_when(13)}</time>' in bins
    assert "Moved from 25/12 (Christmas Day)" in bins and "/dataset/bin-collection-calendar" in bins


def test_bin_day_page_for_a_postcode_and_an_address(app):
    html = app.get("/bin-day").body
    assert "<h1>Bin collection day</h1>" in html and '<label for="nlc-postcode">' in html
    html = app.get("/bin-day", query_string={"postcode": "ml12bb"}).body
    assert "different collection rounds" in html and "nlc-bin-table" not in html
    assert html.count("<option value=") == 2 and '<label for="nlc-uprn">' in html
    html = app.get("/bin-day", query_string={"postcode": "ML1 2BB", "uprn": "1005"}).body
    assert "11 Low Road" in html and "Wednesday" in html and f'datetime="{day(14)}"' in html
    assert '<option value="1005" selected>' in html
    app.get("/bin-day", query_string={"postcode": "ML1 2BB", "uprn": "nope"}, status=400)


def test_nearest_page_plurals_numbers_and_distances(app):
    html = app.get("/nearest", query_string={"type": "library", "postcode": "ML1 1AA", "n": "4"}).body
    assert "Nearest libraries to ML1 1AA" in html and "librarys" not in html
    listed = re.findall(r'<li value="(\d+)">', html)
    marked = re.findall(r'class="nlc-map-place" data-number="(\d+)"><title>\1\.', html)
    assert listed == marked == ["1", "2", "3", "4"]
    distances = re.findall(r'<span class="nlc-distance">([^<]+)</span>', html)
    assert len(distances) == 4
    assert all(re.fullmatch(r"[\d,.]+ (m|km) \([\d.]+ miles?\)", d) for d in distances), distances
    html = app.get("/nearest", query_string={"type": "museum", "postcode": "ML1 1AA"}).body
    assert "Nearest museums and galleries" in html and "gallerys" not in html


def test_nearest_toilets_show_radar_key_changing_places_charge_and_hours(app):
    html = app.get("/nearest", query_string={"type": "toilet", "postcode": "ML1 1AA", "n": "5"}).body
    for label in ("RADAR key needed", "Changing Places toilet", "Charge (GBP)", "Opening hours"):
        assert f"<dt>{label}</dt>" in html
