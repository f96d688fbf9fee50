"""Feature package `lookups`: postcode lookup (council tax bands, bin collection days, ward,
councillors, nearest services), bin day and "where is my nearest", from the published open
data in the DataStore (see ckanext.nlc.features)."""

from __future__ import annotations

from typing import Any

from ckanext.nlc.lookups.actions import ACTIONS, AUTH

__all__ = ["ACTIONS", "AUTH", "blueprints"]


def blueprints() -> list[Any]:
    """The /postcode, /bin-day and /nearest pages."""
    from ckanext.nlc.lookups.views import get_blueprints

    return get_blueprints()
