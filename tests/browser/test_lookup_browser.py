"""Browser test: a visitor uses the postcode lookup and "where is my nearest" on the demo portal."""

from __future__ import annotations

import re

import pytest

from tests.browser.test_portal_browser import run_scenario
from tests.live import ROOT, require_portal


@pytest.fixture(scope="module")
def visitor() -> dict:
    require_portal()
    return run_scenario("lookup_visitor.mjs")


def test_visitor_sees_bands_ward_and_councillors(visitor):
    assert visitor["form_heading"] == "Postcode lookup"
    assert visitor["result_heading"] == "ML7 7FX"
    assert visitor["bands"] and all(re.fullmatch(r"Band [A-H]: \d+", b) for b in visitor["bands"])
    assert visitor["property_rows"] >= 1
    assert visitor["ward"].strip()
    assert visitor["councillors"] and all("Councillor" in c for c in visitor["councillors"])
    assert any("/dataset/council-tax-bands" in s for s in visitor["sources"])
    assert any("/dataset/wards" in s for s in visitor["sources"])


def test_visitor_sees_a_map(visitor):
    assert visitor["map_role"] == "img" and visitor["map_origin"] == 1 and visitor["map_places"] == 4
    assert visitor["map_box"]["width"] > 200 and visitor["map_box"]["height"] > 100
    assert (ROOT / "test-artifacts" / "screenshots" / "postcode_lookup.png").stat().st_size > 10_000


def test_visitor_finds_nearest_libraries(visitor):
    assert len(visitor["nearest"]) == 3
    metres = [float(re.search(r"([\d,]+) m", t).group(1).replace(",", "")) for t in visitor["nearest"]]
    assert metres == sorted(metres)


def test_invalid_postcode_message(visitor):
    assert "not a valid UK postcode" in visitor["error_text"]


def test_lookup_pages_have_no_serious_accessibility_violations(visitor):
    assert visitor["a11y"] and all(v == [] for v in visitor["a11y"].values()), visitor["a11y"]
