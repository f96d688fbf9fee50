"""The council as publisher where aggregators read the CKAN API, without renaming organisations.

Aggregators reading ``package_show`` (Open Data Scotland's CKAN processor) file a dataset
under ``organization.title``: the portal's organisations are the council's services, so
they filed it under six service names. Answers of the Action API's ``package_show`` carry
the council (``ckanext.nlc.council_name``) as ``organization.title`` and the service as
``organization.service_title``, plus ``publisher_name`` at the top level; the
organisations, the portal's pages and the search index keep the service names.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

API_SHOW = re.compile(r"^/api/(?:\d/)?action/package_show$")


def after_dataset_show(context: dict[str, Any], pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """IPackageController hook: the council as the organisation title of an API package_show."""
    from flask import has_request_context, request

    if not enabled() or not has_request_context() or not API_SHOW.match(request.path):
        return pkg_dict
    from ckanext.nlc.dcat_profile import council

    name = council()["name"]
    pkg_dict["publisher_name"] = name
    org = pkg_dict.get("organization")
    if isinstance(org, dict) and org.get("title") != name:
        pkg_dict["organization"] = {**org, "title": name, "service_title": org.get("title")}
    return pkg_dict


def enabled() -> bool:
    return tk.asbool(tk.config.get("ckanext.nlc.api_council_as_organization_title"))
