"""The council portal the public can use (issue 14, points 1-6 and 9), in Chromium at 1280 and
390 px against the running portal (PORTAL_URL, default the demo): one scenario
(portal_public.mjs) collects what a visitor sees; each test checks one point."""

from __future__ import annotations

import re

import pytest
import requests

from tests.browser.test_portal_browser import run_scenario
from tests.live import PORTAL, ROOT, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test

SHOTS = ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def seen() -> dict:
    require_portal()
    return run_scenario("portal_public.mjs", timeout=600)


# 1. Table previews
def test_the_csv_has_a_table_preview_with_the_dictionary_labels(seen):
    assert seen["preview"]["no_views_text"] == 0
    assert seen["preview"]["rows"] > 0
    headers = seen["preview"]["headers"]
    assert "Location" in headers and "Opening hours" in headers, headers  # labels, not LocationText
    assert "LocationText" not in headers


# 2. Maps
def test_the_map_has_a_backdrop_not_a_warning(seen):
    m = seen["map"]
    assert m["warning"] == 0 and m["backdrop_note"] == 1
    assert m["backdrop_paths"] >= 20  # the council's wards
    assert "North Lanarkshire Council" in m["attribution"]


def test_markers_are_numbered_named_and_reachable_by_keyboard(seen):
    m = seen["map"]
    assert m["markers"] == len(m["list"]) > 0
    assert all(t == 0 for t in m["marker_tabindex"])
    assert m["marker_names"] == [f"{i}. {name}" for i, name in enumerate(m["list"], 1)]
    assert "Marker" not in m["marker_names"]


def test_popups_show_the_definitions_fields_with_labels(seen):
    m = seen["map"]
    assert m["popup_title"] == m["list"][0]
    assert m["popup_labels"][:4] == ["Location", "Street address", "Postcode", "Opening hours"]
    assert "RADAR key needed" in m["popup_labels"] and "OrganisationURI" not in m["popup_labels"]
    assert m["a11y"] == []


# 3. Home page
def test_home_page_puts_the_postcode_box_first(seen):
    for width in ("desktop", "phone"):
        home = seen[f"home_{width}"]
        assert home["first_input"] == "postcode"
        assert home["postcode_hint"] == "Your council tax band, bin day, councillor and nearest services"


def test_home_page_foi_topics_are_the_dashboards_numbers(seen):
    coverage = requests.get(f"{PORTAL}/api/3/action/nlc_foi_coverage", timeout=30).json()["result"]
    home = seen["home_desktop"]
    c = coverage["coverage"]
    assert home["coverage"] == f"{c['topics_answered']}/{c['topics_total']}"
    top = coverage["top_topics"][: len(home["topics"])]
    assert [(t["label"], t["requests"]) for t in home["topics"]] == [(t["label"], t["requests"]) for t in top]
    assert home["topics"][0]["label"] == "Council tax bands"
    assert home["topics"][0]["datasets"] == ["/dataset/council-tax-bands"]


# 4. Council theme and statutory pages
def test_council_logo_and_statutory_pages(seen):
    home = seen["home_desktop"]
    assert "/nlc/logo.svg?v=" in home["logo"] and "North Lanarkshire Council" in home["logo_alt"]
    for link in ("/about", "/accessibility", "/privacy", "/contact"):
        assert link in home["footer"]
    assert seen["about"]["h1"] == "About North Lanarkshire Council Open Data"
    assert "CKAN" not in seen["about"]["text"]
    headings = seen["accessibility"]["h2"]
    for required in ("Feedback and contact information", "Enforcement procedure", "Compliance status",
                     "Non-accessible content", "Preparation of this accessibility statement"):
        assert required in headings
    assert "partially compliant" in seen["accessibility"]["status"]
    assert "Web server access log" in seen["privacy"]["logs"]


def test_every_cookie_set_is_listed_and_essential_so_there_is_no_cookie_notice(seen):
    listed = dict(zip(seen["privacy"]["cookies"], seen["privacy"]["essential"], strict=True))
    assert seen["cookies"] and set(seen["cookies"]) <= set(listed), (seen["cookies"], listed)
    assert all(listed[c] == "yes" for c in seen["cookies"])
    assert seen["home_desktop"]["cookie_notice"] == 0


# 5. Search in plain words
def test_facet_labels_come_from_the_schema(seen):
    facets = seen["facets"]
    assert "9. Our open data" in facets["Publication scheme class"]
    assert "Quarterly" in facets["Update frequency"] and "quarterly" not in facets["Update frequency"]
    assert "Council tax bands" in facets["FOI topic"]
    coded = [facets[f] for f in ("FOI topic", "Update frequency", "Publication scheme class")]
    ids = [label for labels in coded for label in labels if re.fullmatch(r"[a-z0-9-]+|[0-9]+", label)]
    assert ids == [], ids  # no value shown as its code
    assert "Culture and Leisure (CultureNL)" in facets["Service"]  # not cut to "Culture and..."


def test_facet_labels_in_the_api():
    require_portal()
    params = {"rows": 0, "facet.field": '["vocab_mps_class", "update_frequency"]'}
    out = requests.get(f"{PORTAL}/api/3/action/package_search", params=params, timeout=30)
    facets = out.json()["result"]["search_facets"]
    names = {i["name"]: i["display_name"] for i in facets["update_frequency"]["items"]}
    assert names.get("quarterly") == "Quarterly"
    classes = {i["name"]: i["display_name"] for i in facets["vocab_mps_class"]["items"]}
    assert classes["9"] == "9. Our open data"
    schema = requests.get(f"{PORTAL}/api/3/action/scheming_dataset_schema_show", params={"type": "dataset"},
                          timeout=30).json()["result"]
    freq = next(f for f in schema["dataset_fields"] if f["field_name"] == "update_frequency")
    shown = [{k: c[k] for k in ("value", "label")} for c in freq["choices"]]
    assert {"value": "quarterly", "label": "Quarterly"} in shown


def test_everyday_words_and_place_names_find_datasets(seen):
    for q in ("loos", "councilor", "counciltax", "Motherwell"):
        assert seen["queries"][q]["results"] > 0, q
    assert "/postcode" in seen["queries"]["bin collection"]["answer_links"]


def test_did_you_mean_and_one_message_for_an_empty_result(seen):
    assert seen["queries"]["tiolets"]["did_you_mean"] == "toilet"
    for q in ("tiolets", "zzzzqqq"):
        assert len(seen["queries"][q]["messages"]) == 1, (q, seen["queries"][q])
        assert seen["queries"][q]["facet_empty_messages"] == 0


def test_an_unparseable_query_is_kept_and_explained(seen):
    bad = seen["bad_query"]
    assert bad["value"] == "a:b:c)" and bad["error_h1"] == 0
    assert "special meanings" in bad["message"] and "a b c" in bad["message"]


def test_a_page_past_the_end_says_so_once(seen):
    past = seen["past_end"]
    assert past["results"] == 0 and len(past["messages"]) == 1
    assert past["messages"][0].startswith("There is no page 99")


def test_the_map_area_filter_is_shown_cleared_and_checked(seen):
    bbox = seen["bbox"]
    assert "ext_bbox=-3.93" in bbox["url"] and "-3.93,55.76,-3.86,55.80" in bbox["active"]
    assert "ext_bbox" not in bbox["cleared_url"] and bbox["cleared_active"] == 0
    assert "not four numbers" in seen["bad_bbox"]["message"] and seen["bad_bbox"]["value"] == "1,2,3"


# 6. Dataset page
def test_dataset_page_on_a_phone_puts_title_summary_update_downloads_first(seen):
    d = seen["dataset_phone"]
    assert d["title"] < d["summary"] < d["update"] < d["downloads"] < d["sidebar"], d
    assert d["title"] < d["viewport"]  # the title is on the first screen
    assert not d["followers"]
    assert d["sideways"] == 0 and d["break_all"] == 0


def test_dataset_page_hides_empty_fields_and_shows_the_dictionary(seen):
    d = seen["dataset_phone"]
    assert not any(label.startswith("Temporal coverage") for label in d["labels"]), d["labels"]
    assert d["dictionary_rows"] >= 30


def test_geojson_download_is_an_attachment_typed_as_the_schema_says(seen):
    dl = seen["download"]
    assert dl["disposition"].startswith("attachment")
    assert set(dl["radar"]) <= {True, False, None} and True in dl["radar"]
    assert dl["geox"] == "number"


# 9. Accessibility
def test_skip_link_leads_to_the_results(seen):
    assert seen["search_first_tab"] == "Skip to results"
    assert seen["search_skip_target"] == "nlc-results"
    assert seen["tabs_to_first_result"] <= 3


def test_focus_is_visible_on_every_control(seen):
    for key in ("home_focus", "search_focus"):
        assert seen[key]["controls"] > 10 and seen[key]["invisible"] == [], seen[key]


def test_no_sideways_scroll_on_any_page(seen):
    wide = {k: v for k, v in seen["sideways"].items() if v > 0}
    assert sorted(wide) == [], wide


def test_axe_finds_no_serious_issue_on_any_page_signed_in_or_out(seen):
    assert seen["login"] == "password"
    failing = {k: v for k, v in seen["a11y"].items() if v}
    assert sorted(failing) == [], failing  # the pages first, then what axe found on them


def test_screenshots_of_every_page_at_both_widths(seen):
    for name in ("home", "search", "dataset", "preview", "map", "postcode"):
        for width in (1280, 390):
            assert (SHOTS / f"{name}-{width}.png").stat().st_size > 10_000, (name, width)
