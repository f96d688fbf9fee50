"""What the ``nlc`` plugin registers, as explicit lists (the plugin hands them to ``tk.blanket``).

Each feature module may define ``ACTIONS``, ``AUTH`` and ``HELPERS`` (dicts) and
``blueprints()`` (a list of Flask blueprints). A feature is added by importing its module
here and listing it in ``FEATURES``. Two chained actions of one name (``package_search``,
say) are chained in turn, the later feature outermost.
"""
from __future__ import annotations

import functools
from types import ModuleType
from typing import Any

from ckanext.nlc import (
    catalogue,
    foi,
    helpers,
    loading,
    lookups,
    ogc,
    repair,
    search,
    search_outage,
    security,
    validators,
    views,
)

FEATURES: tuple[ModuleType, ...] = (
    search_outage, search, lookups, foi, loading, ogc, repair, security, catalogue,
)


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
    for module in FEATURES:
        for name, fn in getattr(module, "ACTIONS", {}).items():
            old = merged.get(name)
            chained = getattr(old, "chained_action", False) and getattr(fn, "chained_action", False)
            if old is not None and chained:
                fn = _chain(fn, old)
            elif old is not None:
                raise RuntimeError(f"action {name} is defined by two features")
            merged[name] = fn
    return merged


def _merged(attribute: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    merged = dict(base or {})
    for module in FEATURES:
        for name, item in getattr(module, attribute, {}).items():
            if name in merged:
                raise RuntimeError(f"{attribute} {name} is defined twice")
            merged[name] = item
    return merged


def auth_functions() -> dict[str, Any]:
    """Every feature's auth functions."""
    return _merged("AUTH")


def template_helpers() -> dict[str, Any]:
    """The portal's template helpers and every feature's."""
    return _merged("HELPERS", helpers.get_helpers())


def validator_functions() -> dict[str, Any]:
    """The schema's validators."""
    return validators.get_validators()


def blueprints() -> list[Any]:
    """The portal's pages and every feature's blueprints."""
    found: list[Any] = list(views.get_blueprints())
    for module in FEATURES:
        make = getattr(module, "blueprints", None)
        if make is not None:
            found.extend(make())
    return found


def commands() -> list[Any]:
    """``ckan nlc ...`` (imported when CKAN's CLI asks, not at every start-up)."""
    from ckanext.nlc import cli

    return cli.get_commands()
