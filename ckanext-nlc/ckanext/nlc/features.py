"""The portal's feature packages (lookups, FOI, DataStore loading, OGC API).

Each package's ``__init__`` exposes ``ACTIONS`` and ``AUTH`` (dicts) and
``blueprints()`` (a list of Flask blueprints); the plugin merges them, so a
feature is added without touching plugin.py.
"""
from __future__ import annotations

import functools
import importlib
from typing import Any

FEATURES = ("search_outage", "lookups", "foi", "loading", "ogc", "repair", "security", "catalogue")


def _modules() -> list[Any]:
    return [importlib.import_module(f"ckanext.nlc.{name}") for name in FEATURES]


def _chain(outer: Any, inner: Any) -> Any:
    """Two chained actions of one name as one: ``outer`` runs ``inner``, which runs CKAN's."""

    def both(original: Any, context: Any, data_dict: Any) -> Any:
        return outer(functools.partial(inner, original), context, data_dict)

    both.__dict__.update(inner.__dict__)
    both.__dict__.update(outer.__dict__)
    both.__doc__ = outer.__doc__
    return both


def actions() -> dict[str, Any]:
    """Every feature's actions; chained actions of the same name are chained in turn."""
    merged: dict[str, Any] = {}
    for module in _modules():
        for name, fn in getattr(module, "ACTIONS", {}).items():
            old = merged.get(name)
            chained = getattr(old, "chained_action", False) and getattr(fn, "chained_action", False)
            if old is not None and chained:
                fn = _chain(fn, old)
            elif old is not None:
                raise RuntimeError(f"action {name} is defined by two features")
            merged[name] = fn
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
