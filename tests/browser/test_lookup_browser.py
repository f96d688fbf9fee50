"""Browser test: a visitor uses the postcode lookup, the bin-day page and "where is my nearest"
on the demo portal (PORTAL_URL), with the bundled sample datasets published."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_portal_browser import run_scenario
from tests.live import ROOT, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test


@pytest.fixture(scope="module")
def visitor() -> dict:
    require_portal()
    return run_scenario("lookup_visitor.mjs")


def test_visitor_sees_bands_and_the_assessor_for_one_property(visitor):
    assert visitor["form_heading"] == "Postcode lookup"
    assert visitor["result_heading"] == "ML7 7FX"
    assert visitor["bands"] and all(re.fullmatch(r"Band [A-H]: \d+", b) for b in visitor["bands"])
    assert visitor["assessor_link"] == "https://www.saa.gov.uk/"
    assert any("/dataset/council-tax-bands" in s for s in visitor["sources"])


def test_visitor_sees_bin_days(visitor):
    services = {b["service"] for b in visitor["bins"]}
    assert services == {
        "General waste (green bin)",
        "Plastics, cans and glass (purple bin)",
        "Paper and card (blue bin)",
        "Food and garden waste (brown bin)",
    }
    dates = [b["next"] for b in visitor["bins"] if b["next"]]
    assert dates and dates == sorted(dates)  # soonest first
    assert any("/dataset/bin-collection-calendar" in s for s in visitor["sources"])


def test_visitor_chooses_an_address_on_the_bin_day_page(visitor):
    assert visitor["bin_day_addresses"] >= 2
    assert visitor["bin_day_chosen"].split(",")[0] in visitor["bin_day_heading"]
    assert visitor["bin_day_rows"] == 4


def test_visitor_sees_ward_councillors_and_numbered_services(visitor):
    assert visitor["ward"].strip()
    assert visitor["councillors"] and all("Councillor" in c for c in visitor["councillors"])
    assert any("/dataset/wards" in s for s in visitor["sources"])
    n = len(visitor["nearest_list"])
    assert n == 4 and visitor["nearest_numbers"] == list(range(1, n + 1))
    assert visitor["map_numbers"] == [str(i) for i in range(1, n + 1)]
    assert all(re.search(r"(m|km) \([\d.]+ miles?\)", t) for t in visitor["nearest_list"])


def test_visitor_sees_a_map(visitor):
    assert visitor["map_role"] == "img" and visitor["map_origin"] == 1
    assert visitor["map_box"]["width"] > 200 and visitor["map_box"]["height"] > 100
    assert (ROOT / "test-artifacts" / "screenshots" / "postcode_lookup.png").stat().st_size > 10_000
    assert visitor["narrow_scroll"] <= 0  # no sideways scroll at 390 px


def test_visitor_finds_nearest_libraries_and_toilets(visitor):
    assert visitor["nearest_heading"] == "Nearest libraries to ML7 7FX"
    assert len(visitor["nearest"]) == 3 and visitor["nearest_map_numbers"] == ["1", "2", "3"]
    km = []
    for text in visitor["nearest"]:
        m = re.search(r"([\d,.]+) (m|km) \(([\d.]+) miles?\)", text)
        assert m, text
        km.append(float(m.group(1).replace(",", "")) / (1000 if m.group(2) == "m" else 1))
    assert km == sorted(km)
    assert {"Opening hours", "RADAR key needed", "Changing Places toilet"} <= set(visitor["toilet_details"])


def test_invalid_postcode_message(visitor):
    assert "not a valid UK postcode" in visitor["error_text"]


def test_lookup_pages_have_no_serious_accessibility_violations(visitor):
    assert visitor["a11y"] and all(v == [] for v in visitor["a11y"].values()), visitor["a11y"]
