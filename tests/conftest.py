"""Shared fixtures: council datasets valid against the nlc schema, a clean DataStore."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pytest

NLC_BBOX = {
    "type": "Polygon",
    "coordinates": [[[-4.18, 55.74], [-3.70, 55.74], [-3.70, 56.02], [-4.18, 56.02], [-4.18, 55.74]]],
}


def dataset_fields(**overrides: Any) -> dict[str, Any]:
    """The minimum a council dataset needs to pass the nlc schema."""
    fields: dict[str, Any] = {
        "title": "Public toilets",
        "notes": "Public toilets run by the council.",
        "maintainer": "Open data team",
        "maintainer_email": "opendata@northlanarkshire.gov.uk",
        "license_id": "OGL-UK-3.0",
        "mps_class": ["9"],
        "foi_topics": ["public-toilets"],
        "update_frequency": "annual",
        "last_updated": dt.date.today().isoformat(),
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def make_dataset() -> Callable[..., dict[str, Any]]:
    """Create a council dataset through the Action API as a sysadmin."""
    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    def make(**overrides: Any) -> dict[str, Any]:
        sysadmin = factories.Sysadmin()
        org = overrides.pop("owner_org", None) or factories.Organization()["id"]
        return call_action(
            "package_create", {"user": sysadmin["name"]}, owner_org=org, **dataset_fields(**overrides)
        )

    return make


@pytest.fixture
def clean_datastore(clean_db, clean_index):
    """Drop every DataStore table (CKAN's own helper, as its datastore tests use)."""
    from ckanext.datastore.tests import helpers as ds_helpers

    engine = ds_helpers.db.get_write_engine()
    ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(ds_helpers.orm.sessionmaker(bind=engine)))
