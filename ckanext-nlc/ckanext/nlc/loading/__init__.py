"""Feature package `loading`: the harvesters' server-side DataStore loading of uploaded CSVs
(``nlc_datastore_load``, ``nlc_resource_publish``, ``nlc_datastore_status``; see
ckanext.nlc.loading.actions and ckanext.nlc.features)."""

from __future__ import annotations

from typing import Any

from ckanext.nlc.loading.actions import ACTIONS, AUTH, DatastoreUnavailable, xloader_can_upload

__all__ = ["ACTIONS", "AUTH", "DatastoreUnavailable", "blueprints", "xloader_can_upload"]


def blueprints() -> list[Any]:
    """A route-less blueprint whose hook answers 503 when the DataStore database is unavailable."""
    from ckanext.nlc.loading.actions import unavailable_to_503
    from flask import Blueprint

    bp = Blueprint("nlc_loading", __name__)
    bp.after_app_request(unavailable_to_503)
    return [bp]
