"""The ``remember_token`` cookie as strict as the session cookie; Secure over https.

Flask-Login's defaults (CKAN 2.12: ``REMEMBER_COOKIE_SAMESITE = None``) let a cross-site page
send the year-long remember cookie where the session cookie (``Lax``) would not go. The
session cookie's settings are the one place these are decided: the remember cookie copies
them. A site whose ``ckan.site_url`` is https marks both cookies Secure whatever the ini says
(``SESSION_COOKIE_SECURE = true`` in deploy/production-settings.ini says so explicitly).
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import ckan.plugins.toolkit as tk


def apply(config: MutableMapping[str, Any]) -> None:
    """Align the remember cookie with the session cookie in CKAN's config (update_config)."""
    secure = tk.asbool(config.get("SESSION_COOKIE_SECURE")) or str(
        config.get("ckan.site_url") or ""
    ).lower().startswith("https://")
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_HTTPONLY"] = tk.asbool(config.get("SESSION_COOKIE_HTTPONLY", True))
    config["REMEMBER_COOKIE_SAMESITE"] = config.get("SESSION_COOKIE_SAMESITE") or "Lax"
