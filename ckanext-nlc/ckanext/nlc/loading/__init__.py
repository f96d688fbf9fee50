"""Feature package `loading`: ``nlc_datastore_load``, the harvesters' server-side bulk
load of an uploaded CSV into the DataStore (see ckanext.nlc.features)."""

from __future__ import annotations

from typing import Any

from ckanext.nlc.loading.actions import ACTIONS, AUTH, xloader_can_upload

__all__ = ["ACTIONS", "AUTH", "blueprints", "xloader_can_upload"]


def blueprints() -> list[Any]:
    return []
