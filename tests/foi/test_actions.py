"""nlc_foi_coverage, nlc_publication_plan, nlc_foi_suggest: access control and live status."""

from __future__ import annotations

import json

import pytest

from tests.foi.conftest import SECRET
from tests.foi.helpers import api, api_post, days_ago, row

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "foi_log")


def test_anonymous_gets_the_summary_without_any_request_text(app, make_dataset):
    make_dataset(name="public-toilets")
    dash = api(app, "nlc_foi_coverage")
    assert dash["detail"] == "summary"
    assert SECRET not in json.dumps(dash)
    assert "unmatched_requests" not in dash
    assert all("example_requests" not in r for r in dash["top_topics"])
    assert dash["requests_in_window"] == 67 and dash["unmatched_in_window"] == 5


def test_logged_in_outsider_gets_the_summary(app, token_for):
    from ckan.tests import factories

    dash = api(app, "nlc_foi_coverage", token_for(factories.User()))
    assert dash["detail"] == "summary" and SECRET not in json.dumps(dash)


def test_sysadmin_and_foi_team_member_get_request_details(app, sysadmin, foi_team_member, token_for):
    for user in (sysadmin, foi_team_member):
        dash = api(app, "nlc_foi_coverage", token_for(user))
        assert dash["detail"] == "full"
        assert len(dash["unmatched_requests"]) == 5
        assert SECRET in row(dash, "public-toilets")["example_requests"][0]["title"]


def test_team_group_is_configurable(app, foi_team_member, token_for, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.nlc.foi_team_group", "another-group")
    assert api(app, "nlc_foi_coverage", token_for(foi_team_member))["detail"] == "summary"


def test_ranking_and_coverage_follow_publication(app, make_dataset):
    before = api(app, "nlc_foi_coverage")
    assert [r["topic"] for r in before["top_topics"]] == [
        "public-toilets",
        "council-tax-bands",
        "business-rates",
    ]
    assert before["coverage"]["topics_answered"] == 0
    assert row(before, "public-toilets")["status"] in ("planned", "missing")

    make_dataset(name="public-toilets")
    after = api(app, "nlc_foi_coverage")
    toilets = row(after, "public-toilets")
    assert toilets["status"] == "published" and toilets["published_date"] == days_ago(0)
    assert after["coverage"] == {
        "topics_answered": 1,
        "topics_total": 3,
        "topic_share": round(1 / 3, 4),
        "requests_answered": 30,
        "requests_total": 62,
        "request_share": round(30 / 62, 4),
    }


def test_overdue_dataset_is_listed_and_stops_counting(app, make_dataset):
    make_dataset(name="public-toilets", update_frequency="monthly", last_updated=days_ago(400))
    make_dataset(
        name="council-tax-bands",
        title="Council tax bands",
        foi_topics=["council-tax-bands"],
        update_frequency="annual",
        last_updated=days_ago(10),
    )
    dash = api(app, "nlc_foi_coverage")
    assert row(dash, "public-toilets")["status"] == "overdue"
    assert row(dash, "council-tax-bands")["status"] == "published"
    assert [d["dataset"] for d in dash["overdue"]] == ["public-toilets"]
    assert dash["coverage"]["topics_answered"] == 1 and dash["coverage"]["requests_answered"] == 20


def test_withdrawn_datasets_no_longer_answer(app, make_dataset, sysadmin, token_for):
    from ckan.tests.helpers import call_action

    toilets = make_dataset(name="public-toilets")
    call_action("package_patch", {"user": sysadmin["name"]}, id=toilets["id"], private=True)
    for headers in ({}, token_for(sysadmin)):
        dash = api(app, "nlc_foi_coverage", headers)
        assert row(dash, "public-toilets")["status"] in ("planned", "missing")
        assert dash["coverage"]["topics_answered"] == 0

    call_action("package_patch", {"user": sysadmin["name"]}, id=toilets["id"], private=False)
    assert row(api(app, "nlc_foi_coverage"), "public-toilets")["status"] == "published"

    call_action("package_delete", {"user": sysadmin["name"]}, id=toilets["id"])
    dash = api(app, "nlc_foi_coverage", token_for(sysadmin))
    toilets_row = row(dash, "public-toilets")
    assert toilets_row["status"] in ("planned", "missing")
    assert "withdrawn (deleted)" in toilets_row["datasets"][0]["reason"]


def test_blocked_dataset(app, make_dataset):
    make_dataset(name="public-toilets", personal_data_screen="failed")
    assert row(api(app, "nlc_foi_coverage"), "public-toilets")["status"] == "blocked"


def test_parameters_are_validated(app):
    assert len(api(app, "nlc_foi_coverage", top=2)["top_topics"]) == 2
    body = api(app, "nlc_foi_coverage", status=409, top="many")
    assert "top" in body["error"]


def test_publication_plan_lists_every_topic_with_status(app, make_dataset, sysadmin, token_for):
    make_dataset(name="public-toilets")
    plan = api(app, "nlc_publication_plan")
    topics = {t["topic"]: t for t in plan["topics"]}
    assert len(topics) == 25
    assert topics["public-toilets"]["status"] == "published"
    assert topics["public-toilets"]["service"] and topics["public-toilets"]["target_date"]
    assert topics["business-rates"]["status"] in ("planned", "missing")
    assert "candidates" not in plan
    assert "candidates" in api(app, "nlc_publication_plan", token_for(sysadmin))


def test_suggest_is_for_the_foi_team_only(app, make_dataset, sysadmin, token_for):
    make_dataset(
        name="council-tax-bands",
        title="Council tax bands",
        foi_topics=["council-tax-bands"],
        tag_string="council tax,bands,property",
    )
    api_post(app, "nlc_foi_suggest", status=403, text="council tax bands")
    result = api_post(
        app, "nlc_foi_suggest", token_for(sysadmin), text="Number of properties in each council tax band"
    )
    assert result["suggestions"][0]["name"] == "council-tax-bands"
    assert "/dataset/council-tax-bands" in result["draft_reply"]

    none = api_post(
        app, "nlc_foi_suggest", token_for(sysadmin), text="Number of ukrainian refugees supported"
    )
    assert none["suggestions"] == [] and none["candidate_id"]
    candidates = api(app, "nlc_publication_plan", token_for(sysadmin))["candidates"]
    assert candidates[0]["text"] == "Number of ukrainian refugees supported"
