"""Shared fixtures of the security suite: users who log in through the real login form."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.lookups.conftest import lookup_data, publish  # noqa: F401 - the lookup datasets

PASSWORD = "correct-horse-battery-9"
TOKEN_FIELD = re.compile(r'name="_csrf_token"\s+value="([^"]+)"')
META_TOKEN = re.compile(r'<meta name="_csrf_token" content="([^"]+)"')


def host() -> str:
    """The host the test client's cookies belong to (that of ``ckan.site_url``)."""
    from urllib.parse import urlsplit

    from ckan.plugins.toolkit import config

    return urlsplit(config["ckan.site_url"]).hostname or "localhost"


def form_token(html: str) -> str:
    """The CSRF token a page's form (or its meta tag, for JavaScript) carries."""
    found = TOKEN_FIELD.search(html) or META_TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def log_in(app: Any, user: dict[str, Any], remember: bool = False) -> Any:
    """Log in as a browser does (GET the form, POST it with its token); the client keeps the cookies."""
    client = app.test_client()
    token = form_token(client.get("/user/login").get_data(as_text=True))
    data = {"login": user["name"], "password": PASSWORD, "_csrf_token": token}
    if remember:
        data["remember"] = "63072000"
    resp = client.post("/user/login", data=data, follow_redirects=False)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def editor_and_dataset(make_dataset) -> tuple[dict[str, Any], dict[str, Any]]:
    """An editor of one organisation and a dataset of that organisation."""
    from ckan.tests import factories

    user = factories.User(password=PASSWORD)
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return user, make_dataset(name="csrf-target", owner_org=org["id"])


@pytest.fixture
def csrf_exemption_primed(app) -> None:
    """One anonymous POST to the Action API first: CKAN 2.12 then exempts the API view from
    CSRF for the rest of the process (what any visitor's or harvester's call does on the demo)."""
    assert app.post("/api/3/action/status_show", json={}).status_code == 200
