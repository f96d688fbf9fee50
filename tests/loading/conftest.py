"""Fixtures of the DataStore loading tests."""

from __future__ import annotations

import os
from typing import Any

import pytest


@pytest.fixture
def upload(make_dataset, create_with_upload, sysadmin):
    """Create (or replace) an uploaded CSV resource; returns the resource dict."""

    def make(content: bytes, resource: dict[str, Any] | None = None) -> dict[str, Any]:
        fields = {"url": "bands.csv", "format": "CSV", "name": "Bands", "datastore_loader": "nlc"}
        context = {"user": sysadmin["name"]}
        if resource is None:
            pkg = make_dataset(name=f"bands-{os.urandom(3).hex()}")
            return create_with_upload(content, "bands.csv", package_id=pkg["id"], context=context, **fields)
        return create_with_upload(
            content, "bands.csv", action="resource_update", id=resource["id"], context=context, **fields
        )

    return make
