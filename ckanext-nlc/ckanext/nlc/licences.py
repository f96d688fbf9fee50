"""The portal's licence register (``licenses_group_url``, licenses.json): ids, aliases, EU URIs.

Each register entry may carry ``aliases`` (other ids clients send for the same licence,
matched case-insensitively) and ``eu_uri`` (its concept in the EU licence vocabulary).
"""
from __future__ import annotations

from typing import Any

from ckan import model

EU_LICENCE = "http://publications.europa.eu/resource/authority/licence/"


def register() -> list[Any]:
    """The licences CKAN loaded from ``licenses_group_url``."""
    return list(model.Package.get_license_register().values())


def normalise(value: str) -> str | None:
    """The register id for ``value`` (an id or one of its aliases, any case); None if unknown."""
    wanted = value.strip().lower()
    for licence in register():
        names = [licence.id, *(getattr(licence, "aliases", None) or [])]
        if wanted in (n.lower() for n in names):
            return licence.id
    return None


def entry(licence_id: str | None) -> Any | None:
    """The register entry of ``licence_id``, or None."""
    return model.Package.get_license_register().get(licence_id or "")


def eu_uri(licence_id: str | None) -> str | None:
    """The licence's EU vocabulary URI, when it has one."""
    licence = entry(licence_id)
    return (getattr(licence, "eu_uri", None) or None) if licence else None


def by_url(url: str) -> str | None:
    """The register id whose url or EU URI is ``url`` (for parsing DCAT back)."""
    url = url.rstrip("/")
    for licence in register():
        if url in ((licence.url or "").rstrip("/"), (getattr(licence, "eu_uri", "") or "").rstrip("/")):
            return licence.id
    return None
