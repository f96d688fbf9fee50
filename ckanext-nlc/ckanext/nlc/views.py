"""Public pages of the portal (registered through IBlueprint)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckanext.nlc.pages import statutory
from flask import Blueprint

nlc = Blueprint("nlc", __name__)


@nlc.route("/developers")
def developers() -> str:
    """The "API and developers" page with copy-paste examples."""
    return tk.render("nlc/developers.html", {"site_url": tk.config.get("ckan.site_url")})


@nlc.route("/accessibility")
def accessibility() -> str:
    """The accessibility statement (Public Sector Bodies Accessibility Regulations 2018)."""
    return tk.render("nlc/pages/accessibility.html", {"facts": statutory()})


@nlc.route("/privacy")
def privacy() -> str:
    """The privacy notice: what the portal logs and which cookies it sets."""
    return tk.render("nlc/pages/privacy.html", {"facts": statutory()})


def get_blueprints() -> list[Blueprint]:
    return [nlc]
