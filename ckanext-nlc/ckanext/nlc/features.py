"""The portal's feature packages (lookups, FOI, DataStore loading, OGC API).

Each package's ``__init__`` exposes ``ACTIONS`` and ``AUTH`` (dicts) and
``blueprints()`` (a list of Flask blueprints); the plugin merges them, so a
feature is added without touching plugin.py.
"""
from __future__ import annotations

import importlib
from typing import Any

FEATURES = ("search_outage", "lookups", "foi", "loading", "ogc", "repair", "catalogue")


def _modules() -> list[Any]:
    return [importlib.import_module(f"ckanext.nlc.{name}") for name in FEATURES]


def actions() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for module in _modules():
        merged.update(getattr(module, "ACTIONS", {}))
    return merged


def auth_functions() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for module in _modules():
        merged.update(getattr(module, "AUTH", {}))
    return merged


def blueprints() -> list[Any]:
    found: list[Any] = []
    for module in _modules():
        make = getattr(module, "blueprints", None)
        if make is not None:
            found.extend(make())
    return found
