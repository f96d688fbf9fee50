"""Statutory pages: accessibility statement, privacy and cookie notices (facts in statutory.yaml)."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml


@functools.lru_cache(maxsize=1)
def statutory() -> dict[str, Any]:
    """The facts the statutory pages state (``ckanext/nlc/statutory.yaml``)."""
    return yaml.safe_load(resources.files("ckanext.nlc").joinpath("statutory.yaml").read_text("utf-8"))


def non_essential_cookies() -> list[dict[str, Any]]:
    """Cookies the portal sets that are not strictly necessary (a cookie notice lists them)."""
    return [c for c in statutory().get("cookies", []) if not c.get("essential")]
