"""Dashboard, CSV export and Guide to Information pages, incl. access control."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.foi.conftest import SECRET

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "foi_log")


def _csrf(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', html).group(1)


def test_anonymous_dashboard_shows_summary_chart_and_no_request_texts(app, make_dataset):
    make_dataset(name="public-toilets")
    html = app.get("/foi/dashboard").body
    assert SECRET not in html
    assert 'id="nlc-foi-top"' in html and 'data-status="published"' in html
    assert html.count('class="nlc-foi-chart-row"') == 3
    assert 'role="img"' in html and 'id="foi-chart-desc"' in html and "Chart data as a table" in html
    assert 'class="nlc-foi-published"' in html  # publication date marked
    assert "nlc-foi-suggest-form" not in html
    assert "/foi/dashboard.csv" in html and "cdn" not in html.lower().split("<svg")[1].split("</svg>")[0]


def test_anonymous_cannot_post_a_request(app):
    # refused by the CSRF check (400) or, with a token, by the FOI-team check (403)
    resp = app.post("/foi/dashboard", data={"request_text": "council tax"})
    assert resp.status_code in (400, 403) and "nlc-foi-suggestion" not in resp.body


def test_team_dashboard_shows_request_texts_and_the_form(app, foi_team_member, token_for):
    html = app.get("/foi/dashboard", headers=token_for(foi_team_member)).body
    assert SECRET in html
    assert 'id="nlc-foi-suggest-form"' in html and 'id="nlc-foi-unmatched"' in html


def test_overdue_datasets_are_listed(app, make_dataset):
    make_dataset(name="public-toilets", update_frequency="monthly", last_updated="2020-01-01")
    html = app.get("/foi/dashboard").body
    assert 'id="nlc-foi-overdue"' in html and 'data-status="overdue"' in html


def test_csv_export_has_the_top_topics_and_no_request_texts(app, make_dataset, sysadmin, token_for):
    make_dataset(name="public-toilets")
    for headers in ({}, token_for(sysadmin)):
        resp = app.get("/foi/dashboard.csv", headers=headers)
        assert resp.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in resp.headers["Content-Disposition"]
        assert SECRET not in resp.body
        rows = list(csv.DictReader(io.StringIO(resp.body)))
        assert [r["topic"] for r in rows] == ["public-toilets", "council-tax-bands", "business-rates"]
        assert rows[0]["status"] == "published" and rows[0]["requests"] == "30"


def test_pasted_request_shows_suggestions_and_draft_reply(app, make_dataset, sysadmin, token_for):
    make_dataset(
        name="council-tax-bands",
        title="Council tax bands",
        foi_topics=["council-tax-bands"],
        tag_string="council tax,bands,property",
    )
    headers = token_for(sysadmin)
    token = _csrf(app.get("/foi/dashboard", headers=headers).body)
    html = app.post(
        "/foi/dashboard",
        data={
            "request_text": "Number of properties in each council tax band",
            "_csrf_token": token,
            "reference": "FOI/2026/9999",
        },
        headers=headers,
    ).body
    suggestions = html.split('id="nlc-foi-suggestions"')[1].split("</ol>")[0]
    assert "/dataset/council-tax-bands" in suggestions
    reply = html.split('id="nlc-foi-reply"')[1].split("</textarea>")[0]
    assert "FOI/2026/9999" in reply and "section 25(1)" in reply and "/dataset/council-tax-bands" in reply

    html = app.post(
        "/foi/dashboard",
        data={"request_text": "Number of ukrainian refugees supported", "_csrf_token": token},
        headers=headers,
    ).body
    assert 'id="nlc-foi-no-suggestion"' in html and "candidate #" in html


def test_deflection_per_month_late_publication_and_partial_periods(app, make_dataset):
    make_dataset(name="public-toilets")  # published today, target 2026-03-31 in plan.yaml
    html = app.get("/foi/dashboard").body
    row = html.split('data-topic="public-toilets" data-status="published"')[1].split("</tr>")[0]
    assert "Requests per month before / after publication" in html
    assert 'class="nlc-badge nlc-status-overdue nlc-foi-late"' in row and "published late:" in row
    assert "full months before" in row
    api = app.get("/api/3/action/nlc_foi_coverage").json["result"]
    toilets = next(r for r in api["top_topics"] if r["topic"] == "public-toilets")
    defl = toilets["deflection"]
    assert defl["late"] and defl["days_late"] > 0 and defl["target"] == "2026-03-31"
    assert len(defl["per_month"]) in (12, 13) and defl["per_month"][-1]["phase"] == "publication"
    assert defl["before_months"] >= 10 and defl["after_months"] == 0
    if api["partial_quarters"]:
        assert "(partial)" in html and 'id="nlc-foi-partial-note"' in html
    header = app.get("/foi/dashboard.csv").body.splitlines()[0]
    assert "before_per_month" in header and "published_late" in header
