"""Feature package `foi`: FOI coverage dashboard, publication plan API and the
Guide to Information (see ckanext.nlc.features and publication_plan/)."""

from __future__ import annotations

from typing import Any

from ckanext.nlc.foi.actions import ACTIONS, AUTH

__all__ = ["ACTIONS", "AUTH", "blueprints"]


def blueprints() -> list[Any]:
    """The dashboard and Guide to Information pages."""
    from ckanext.nlc.foi.views import get_blueprints

    return get_blueprints()
