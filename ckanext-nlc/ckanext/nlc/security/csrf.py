"""CSRF for cookie-authenticated requests, with CKAN's own Flask-WTF ``CSRFProtect``.

CKAN 2.12 exempts a view from CSRF whenever a request to it comes with an API token *or
from an anonymous user*, and ``csrf.exempt`` lasts for the life of the process: after one
anonymous POST to the Action API (or to ``/user/login``, which is always anonymous) every
later cookie-authenticated POST to it skips the check. This hook, run after CKAN's, checks
again what should have been checked:

* an Action API write whose user came from the session or ``remember_token`` cookie (no
  API token): the page's token in the ``X-CSRFToken`` header, as CKAN's JavaScript client
  sends it; refused with the API's own JSON error (403) otherwise;
* any other unsafe request not made with an API token (the login form among them).

A cookie-authenticated request whose ``Origin`` names another site is refused too.
Anonymous API calls carry no ambient authority and API-token calls (harvesters, ckanapi)
none a page could borrow: both pass untouched.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

import ckan.plugins.toolkit as tk
from flask import current_app, g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

log = logging.getLogger(__name__)

API_MESSAGE = (
    "This request was made with a login cookie but without a valid CSRF token: send the page's "
    "token in the X-CSRFToken header, or authenticate with an API token."
)
ORIGIN_MESSAGE = "Cross-site request refused: the Origin header names another site."


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _foreign_origin() -> bool:
    """Does the request's Origin header name a site other than this one?"""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return bool(origin)  # "null": a sandboxed or file page, never ours
    ours = {_origin(str(tk.config.get("ckan.site_url") or "")), _origin(request.host_url)}
    return _origin(origin) not in ours


def _api_error(status: int, message: str) -> Any:
    body = {"success": False, "error": {"__type": "Authorization Error", "message": message}}
    return jsonify(body), status


def check() -> Any:
    """``before_request`` hook: None to go on, or the refusal."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    if request.method not in current_app.config.get("WTF_CSRF_METHODS", ("POST", "PUT", "PATCH", "DELETE")):
        return None
    by_token = bool(g.get("login_via_auth_header")) and current_user.is_authenticated
    cookie_user = current_user.is_authenticated and not by_token
    is_api = request.blueprint == "api"
    if by_token or (is_api and not cookie_user):
        return None
    from ckan.config.middleware.flask_app import csrf

    if cookie_user and _foreign_origin():
        log.warning("refused %s %s: Origin %s", request.method, request.path, request.headers.get("Origin"))
        if is_api:
            return _api_error(403, ORIGIN_MESSAGE)
        raise CSRFError(ORIGIN_MESSAGE)
    try:
        csrf.protect()
    except CSRFError as e:
        log.info("refused %s %s: %s", request.method, request.path, e.description)
        if is_api:
            return _api_error(403, API_MESSAGE)
        raise
    return None


def install(app: Any) -> None:
    """Register the check on CKAN's Flask app (after CKAN's own before_request)."""
    app.before_request(check)
