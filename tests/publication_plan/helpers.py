"""Shared test data: catalogue dataset dicts shaped like CKAN's package_show output."""

from __future__ import annotations

import datetime as dt
from typing import Any

TODAY = dt.date(2026, 11, 30)
SITE = "https://data.northlanarkshire.gov.uk"


def dataset(name: str, topics: list[str] | None = None, **fields: Any) -> dict[str, Any]:
    """A dataset dict shaped like CKAN's package_show output for the nlc schema."""
    d: dict[str, Any] = {
        "name": name,
        "title": name.replace("-", " ").capitalize(),
        "notes": f"{name} published by North Lanarkshire Council.",
        "state": "active",
        "private": False,
        "license_id": "OGL-UK-3.0",
        "license_title": "Open Government Licence v3.0",
        "mps_class": ["9"],
        "foi_topics": topics if topics is not None else [],
        "update_frequency": "annual",
        "last_updated": "2026-09-01",
        "next_update_due": "2027-09-01",
        "metadata_created": "2026-01-10T09:00:00.000000",
        "personal_data_screen": "passed",
        "groups": [],
        "tags": [],
        "resources": [{"name": f"{name}.csv", "format": "CSV", "url": f"{SITE}/{name}.csv"}],
    }
    d.update(fields)
    return d
