"""Feature package `lookups` (see ckanext.nlc.features)."""
from __future__ import annotations

from typing import Any

ACTIONS: dict[str, Any] = {}
AUTH: dict[str, Any] = {}


def blueprints() -> list[Any]:
    return []
