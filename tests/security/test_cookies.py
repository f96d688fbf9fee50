"""Login cookies: the remember cookie as strict as the session cookie; Secure over https."""

from __future__ import annotations

import pytest

from tests.security.conftest import PASSWORD, form_token

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


def _login_cookies(app, base: str = "http://127.0.0.1:5000") -> dict[str, str]:
    """Set-Cookie headers of a "remember me" login at ``base``, by cookie name (lower-cased)."""
    from ckan.tests import factories

    user = factories.User(password=PASSWORD)
    client = app.test_client()
    token = form_token(client.get("/user/login", base_url=base).get_data(as_text=True))
    resp = client.post(
        "/user/login",
        base_url=base,
        headers={"Referer": f"{base}/user/login"},
        data={"login": user["name"], "password": PASSWORD, "_csrf_token": token, "remember": "3600000"},
        follow_redirects=False,
    )
    assert resp.status_code == 302
    return {h.split("=", 1)[0]: h.lower() for h in resp.headers.getlist("Set-Cookie")}


def test_remember_cookie_is_samesite_lax_and_httponly_like_the_session_cookie(app):
    cookies = _login_cookies(app)
    assert "samesite=lax" in cookies["ckan"] and "httponly" in cookies["ckan"]
    assert "samesite=lax" in cookies["remember_token"], cookies["remember_token"]
    assert "httponly" in cookies["remember_token"]
    assert "secure" not in cookies["remember_token"]  # plain http: a Secure cookie would be lost


@pytest.mark.ckan_config("ckan.site_url", "https://data.northlanarkshire.gov.uk")
def test_both_cookies_are_secure_when_the_site_is_https(app):
    cookies = _login_cookies(app, "https://data.northlanarkshire.gov.uk")
    assert "; secure" in cookies["ckan"], cookies["ckan"]
    assert "; secure" in cookies["remember_token"], cookies["remember_token"]
