"""Cross-site request forgery: cookie-authenticated writes and the login form need a token."""

from __future__ import annotations

import pytest
from ckan.tests.helpers import call_action

from tests.security.conftest import PASSWORD, form_token, host, log_in

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "csrf_exemption_primed")

EVIL = "https://evil.example"


def _title(name: str) -> str:
    return call_action("package_show", id=name)["title"]


def test_session_cookie_write_without_token_is_refused(app, editor_and_dataset):
    user, ds = editor_and_dataset
    browser = log_in(app, user)
    for headers in ({"Origin": EVIL}, {}):  # a cross-site page's fetch; a form with no Origin
        resp = browser.post("/api/3/action/package_patch", json={"id": ds["id"], "title": "Forged"},
                            headers=headers)
        assert resp.status_code == 403
        assert resp.json["success"] is False
        assert ("Cross-site" if headers else "CSRF") in resp.json["error"]["message"]
    assert _title(ds["name"]) == ds["title"]


def test_remember_cookie_alone_write_is_refused(app, editor_and_dataset):
    user, ds = editor_and_dataset
    browser = log_in(app, user, remember=True)
    remember = browser.get_cookie("remember_token", domain=host())
    assert remember is not None, "the login form did not set remember_token"
    cookie_only = app.test_client()
    cookie_only.set_cookie("remember_token", remember.value, domain=host())
    me = cookie_only.get("/api/3/action/package_show", query_string={"id": ds["id"]})
    assert me.status_code == 200  # the remember cookie alone does sign the user in
    resp = cookie_only.post("/api/3/action/package_patch", json={"id": ds["id"], "title": "Forged"})
    assert resp.status_code == 403
    assert _title(ds["name"]) == ds["title"]


def test_page_token_in_header_is_accepted(app, editor_and_dataset):
    """CKAN's JavaScript client sends the page's token as X-CSRFToken: that keeps working."""
    user, ds = editor_and_dataset
    browser = log_in(app, user)
    token = form_token(browser.get(f"/dataset/edit/{ds['name']}").get_data(as_text=True))
    resp = browser.post(
        "/api/3/action/package_patch",
        json={"id": ds["id"], "title": "Edited"},
        headers={"X-CSRFToken": token},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert _title(ds["name"]) == "Edited"


def test_foreign_origin_is_refused_even_with_a_token(app, editor_and_dataset):
    user, ds = editor_and_dataset
    browser = log_in(app, user)
    token = form_token(browser.get(f"/dataset/edit/{ds['name']}").get_data(as_text=True))
    resp = browser.post(
        "/api/3/action/package_patch",
        json={"id": ds["id"], "title": "Forged"},
        headers={"X-CSRFToken": token, "Origin": EVIL},
    )
    assert resp.status_code == 403
    assert _title(ds["name"]) == ds["title"]


def test_api_token_write_needs_no_csrf_token(app, editor_and_dataset):
    """Harvesters and ckanapi authenticate with an API token: no cookie, no CSRF token."""
    from ckan.tests import factories

    user, ds = editor_and_dataset
    token = factories.APIToken(user=user["name"])["token"]
    resp = app.test_client().post(
        "/api/3/action/package_patch", json={"id": ds["id"], "title": "By token"},
        headers={"Authorization": token, "Origin": EVIL},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert _title(ds["name"]) == "By token"


def test_anonymous_api_post_still_answers(app):
    resp = app.test_client().post("/api/3/action/package_search", json={"q": "*:*"})
    assert resp.status_code == 200


def test_login_post_without_token_is_refused(app):
    from ckan.tests import factories

    user = factories.User(password=PASSWORD)
    app.post("/user/login", data={"login": "nobody", "password": "x"})  # CKAN exempts the view after this
    client = app.test_client()
    client.get("/user/login")  # a session, as a victim's browser has
    resp = client.post(
        "/user/login", data={"login": user["name"], "password": PASSWORD}, follow_redirects=False
    )
    assert resp.status_code == 400
    assert client.get_cookie("remember_token", domain=host()) is None
    me = client.get("/dashboard/datasets", follow_redirects=False)
    assert me.status_code != 200  # not signed in
