"""Public pages of the portal (registered through IBlueprint)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

nlc = Blueprint("nlc", __name__)


@nlc.route("/developers")
def developers() -> str:
    """The "API and developers" page with copy-paste examples."""
    return tk.render("nlc/developers.html", {"site_url": tk.config.get("ckan.site_url")})


def get_blueprints() -> list[Blueprint]:
    return [nlc]
