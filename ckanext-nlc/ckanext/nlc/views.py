"""Public pages of the portal (registered through IBlueprint)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckanext.nlc import serving
from ckanext.nlc.pages import statutory
from flask import Blueprint, Response, request

nlc = Blueprint("nlc", __name__)
nlc.record_once(lambda state: serving.install(state.app))  # compression, static lifetimes


@nlc.route("/developers")
def developers() -> str:
    """The "API and developers" page with copy-paste examples."""
    from ckanext.nlc.examples import developer_examples

    return tk.render("nlc/developers.html", {"site_url": tk.config.get("ckan.site_url"),
                                             "table": developer_examples()})


@nlc.route("/accessibility")
def accessibility() -> str:
    """The accessibility statement (Public Sector Bodies Accessibility Regulations 2018)."""
    return tk.render("nlc/pages/accessibility.html", {"facts": statutory()})


@nlc.route("/privacy")
def privacy() -> str:
    """The privacy notice: what the portal logs and which cookies it sets."""
    return tk.render("nlc/pages/privacy.html", {"facts": statutory()})


@nlc.after_app_request
def downloads_as_attachments(response: Response) -> Response:
    """A resource download is saved, not opened in the browser (GeoJSON, CSV and the like)."""
    endpoint = request.endpoint or ""
    disposition = response.headers.get("Content-Disposition", "")
    if endpoint.endswith(".download") and disposition.startswith("inline"):
        response.headers["Content-Disposition"] = "attachment" + disposition[len("inline"):]
    return response


def get_blueprints() -> list[Blueprint]:
    return [nlc]
