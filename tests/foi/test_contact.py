"""The contact page: FOI mailbox, postal address and a "request a dataset" form whose
requests reach the FOI team (CSRF, rate limit, personal data screened before storing);
the FOI team classifies requests from the dashboard."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "foi_log")


def _csrf(html: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture(autouse=True)
def fresh_limit():
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    for key in redis.scan_iter("nlc:contact:*"):
        redis.delete(key)


def test_contact_page_has_the_foi_mailbox_address_and_form(app):
    html = app.get("/contact").body
    foi = html.split('id="nlc-contact-foi"')[1].split("</address>")[0]
    assert "mailto:foi@northlanarkshire.gov.uk" in foi and "Civic Centre" in foi
    assert 'id="nlc-contact-form"' in html and 'name="_csrf_token"' in html


def test_dataset_request_is_screened_stored_and_shown_to_the_foi_team(app, foi_log, sysadmin, token_for):
    token = _csrf(app.get("/contact").body)
    text = "Please publish public toilet opening hours. I am Jane Smith, jane.smith@example.org, 07700 900123"
    html = app.post("/contact", data={"dataset_request": text, "_csrf_token": token}).body
    assert 'id="nlc-contact-sent"' in html and "removed personal details" in html
    [stored] = [c for c in foi_log["store"].list_candidates() if c["source"] == "contact"]
    assert "toilet opening hours" in stored["text"] and stored["topic"] == "public-toilets"
    assert "jane.smith@example.org" not in stored["text"] and "07700 900123" not in stored["text"]
    dash = app.get("/foi/dashboard", headers=token_for(sysadmin)).body
    listed = dash.split('id="nlc-foi-dataset-requests"')[1].split("</ul>")[0]
    assert "toilet opening hours" in listed
    assert "toilet opening hours" not in app.get("/foi/dashboard").body


def test_dataset_request_needs_the_csrf_token_and_text(app, foi_log):
    assert app.post("/contact", data={"dataset_request": "bus timetables"}).status_code == 400
    token = _csrf(app.get("/contact").body)
    resp = app.post("/contact", data={"dataset_request": "  ", "_csrf_token": token})
    assert resp.status_code == 400 and 'id="nlc-contact-error"' in resp.body
    assert not [c for c in foi_log["store"].list_candidates() if c["source"] == "contact"]


@pytest.mark.ckan_config("ckanext.nlc.contact_rate_limit", "2")
def test_dataset_requests_are_rate_limited(app, foi_log):
    token = _csrf(app.get("/contact").body)
    for n in range(2):
        resp = app.post("/contact", data={"dataset_request": f"allotments {n}", "_csrf_token": token})
        assert resp.status_code == 200
    resp = app.post("/contact", data={"dataset_request": "allotments again", "_csrf_token": token})
    assert resp.status_code == 429 and "Too many requests" in resp.body
    assert len([c for c in foi_log["store"].list_candidates() if c["source"] == "contact"]) == 2


def test_foi_team_assigns_changes_and_clears_topics_of_many_requests(app, foi_log, sysadmin, token_for):
    store = foi_log["store"]
    unmatched = [r.reference for r in store.unmatched()][:2]
    headers = token_for(sysadmin)
    token = _csrf(app.get("/foi/dashboard", headers=headers).body)
    form = {
        "reference": unmatched,
        "topic": ["libraries", "museums-galleries"],
        "action": "assign",
        "_csrf_token": token,
    }
    app.post("/foi/classify", data=form, headers=headers)
    rows = {r.reference: r for r in store.list_requests()}
    for ref in unmatched:
        assert (
            set(rows[ref].topics) == {"libraries", "museums-galleries"} and rows[ref].topic_source == "manual"
        )
    form = {"references": unmatched[0], "topic": ["schools"], "action": "assign", "_csrf_token": token}
    app.post("/foi/classify", data=form, headers=headers)
    assert {r.reference: r for r in store.list_requests()}[unmatched[0]].topics == ("schools",)
    app.post(
        "/foi/classify",
        data={"references": unmatched[0], "action": "clear", "_csrf_token": token},
        headers=headers,
    )
    assert {r.reference: r for r in store.list_requests()}[unmatched[0]].topics == ()


def test_only_the_foi_team_classifies(app, foi_log, token_for):
    from ckan.tests import factories

    ref = foi_log["store"].unmatched()[0].reference
    outsider = token_for(factories.User())
    resp = app.post("/foi/classify", data={"references": ref, "topic": "schools"}, headers=outsider)
    assert resp.status_code == 403
    assert app.post("/foi/classify", data={"references": ref, "topic": "schools"}).status_code in (400, 403)
    assert foi_log["store"].unmatched()[0].reference == ref
