"""Browser test of the FOI dashboard and the Guide to Information on the running demo portal."""

from __future__ import annotations

import warnings

import pytest

from tests.browser.test_portal_browser import run_scenario
from tests.live import ROOT, require_portal

STATUSES = {"published", "overdue", "planned", "missing", "blocked"}


@pytest.fixture(scope="module")
def team() -> dict:
    require_portal()
    return run_scenario("foi_team.mjs")


def test_public_dashboard_has_no_request_details(team):
    assert team["public_rows"] == 20
    assert team["public_has_form"] == 0 and team["public_examples"] == 0


def test_team_sees_top_20_with_statuses_and_the_chart(team):
    if team["login"] != "password":
        warnings.warn(
            "the password in .state/sysadmin.json does not match the demo admin; signed in by API token",
            stacklevel=1,
        )
    assert team["heading"] == "FOI coverage dashboard"
    assert team["rows"] == 20 and len(team["statuses"]) == 20
    assert set(team["statuses"]) <= STATUSES and "published" in team["statuses"]
    assert len(team["status_badges"]) == 20
    assert team["chart_rows"] == 20 and team["chart_bars"] >= 80
    assert team["chart_marks"] >= 1
    assert team["chart_label"] == "foi-chart-title foi-chart-desc"
    assert team["team_examples"] > 0
    assert (ROOT / "test-artifacts" / "screenshots" / "foi-dashboard.png").stat().st_size > 20_000


def test_team_checks_a_new_request(team):
    assert team["suggestions"] and "council tax" in team["suggestions"][0].lower()
    assert "section 25(1)" in team["reply"] and "/dataset/council-tax-bands" in team["reply"]


def test_csv_export(team):
    assert team["csv_header"].startswith("rank,topic,label,requests,status")
    assert team["csv_rows"] == 20


def test_guide_lists_every_class_and_links_every_published_dataset(team):
    assert team["guide_classes"] == [str(n) for n in range(1, 10)]
    assert all(h.startswith(f"Class {n}:") for n, h in enumerate(team["guide_headings"][:9], 1))
    linked = {d["name"] for d in team["guide_datasets"]}
    assert linked == set(team["published"])
    for d in team["guide_datasets"]:
        assert d["href"].endswith(f"/dataset/{d['name']}")
        assert "Formats:" in d["meta"] and "Licence:" in d["meta"]
    assert team["guide_staff_flags"] == 0


def test_pages_have_no_serious_accessibility_violations(team):
    assert team["a11y"] and all(v == [] for v in team["a11y"].values()), team["a11y"]
