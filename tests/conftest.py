"""Shared fixtures: council datasets valid against the nlc schema, a clean DataStore."""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.shared_data"]  # missing ../shared/data: a failure saying what to fetch


def pytest_configure(config: pytest.Config) -> None:
    """Give each pytest-xdist worker but the first the databases of its own that
    ``scripts/test-private.sh --prepare gwN`` made; then refuse to run against a database whose
    name does not end in _test: CKAN's clean_db fixture empties whatever database the ini
    names, and the demo's must survive the tests."""
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker and worker != "gw0":
        state = Path(os.environ.get("NLC_STATE", Path(__file__).resolve().parent.parent / ".state"))
        own = state / "private" / worker / "test.ini"
        if not own.is_file():
            raise pytest.UsageError(f"{own} is missing: run scripts/test-private.sh --prepare {worker}")
        config.option.ckan_ini = str(own)
    ini = config.getoption("ckan_ini", default=None)
    if not ini:
        return
    from configparser import ConfigParser

    parser = ConfigParser(interpolation=None, strict=False)
    parser.read(ini)
    url = parser.get("app:main", "sqlalchemy.url", fallback="")
    if url and not url.rsplit("/", 1)[-1].split("?")[0].endswith("_test"):
        raise pytest.UsageError(f"{ini} points at {url}: the tests need a *_test database (use test.ini)")


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
def sysadmin() -> dict[str, Any]:
    from ckan.tests import factories

    return factories.Sysadmin()


@pytest.fixture
def make_dataset(sysadmin) -> Callable[..., dict[str, Any]]:
    """Create a council dataset through the Action API as a sysadmin."""
    from ckan.tests import factories
    from ckan.tests.helpers import call_action

    def make(**overrides: Any) -> dict[str, Any]:
        org = overrides.pop("owner_org", None) or factories.Organization()["id"]
        return call_action(
            "package_create", {"user": sysadmin["name"]}, owner_org=org, **dataset_fields(**overrides)
        )

    return make


@pytest.fixture
def make_resource(sysadmin) -> Callable[..., dict[str, Any]]:
    """Create a resource through the Action API as a sysadmin."""
    from ckan.tests.helpers import call_action

    def make(**fields: Any) -> dict[str, Any]:
        return call_action("resource_create", {"user": sysadmin["name"]}, **fields)

    return make


@pytest.fixture
def clean_db(clean_db, migrate_db_for):
    """CKAN's clean_db, plus the migrations of plugins with tables of their own."""
    migrate_db_for("activity")


@pytest.fixture
def clean_datastore(clean_db, clean_index):
    """Drop every DataStore table (CKAN's own helper, as its datastore tests use)."""
    from ckanext.datastore.tests import helpers as ds_helpers

    engine = ds_helpers.db.get_write_engine()
    ds_helpers.rebuild_all_dbs(ds_helpers.orm.scoped_session(ds_helpers.orm.sessionmaker(bind=engine)))


def pytest_collection_modifyitems(config, items):
    """Tests that stop a shared service run last, so they cannot disturb the others."""
    items.sort(key=lambda item: item.get_closest_marker("disruptive") is not None)


_LOADED: dict[str, Any] = {"key": None, "services": None}


def _services() -> tuple[int, ...]:
    from ckan.plugins import core

    return tuple(id(s) for s in core._PLUGINS_SERVICE.values())


@pytest.fixture
def with_plugins(ckan_config, provide_plugin, monkeypatch, request):
    """CKAN's ``with_plugins``, without reloading an unchanged plugin set for every test.

    CKAN's fixture unloads and reloads every plugin around each test (each load calls every
    plugin's ``update_config``; 2 s per test here). This one reloads only when the plugin list or
    the test's ``ckan_config`` marks differ from the last load, or when something else reloaded
    the plugins since (``app`` does; the plugin objects are then new). Plugins a test provides
    (mock implementations) are unloaded after it, as CKAN does.
    """
    import ckan.plugins

    names: list[str] = []
    provided = False
    for mark in request.node.iter_markers("with_plugins"):
        for plugin in mark.args:
            if isinstance(plugin, dict):
                for name, impl in plugin.items():
                    provide_plugin(name, impl)
                    names.append(name)
                provided = True
            else:
                names.append(plugin)
    current = ckan_config["ckan.plugins"]
    current = current.split() if isinstance(current, str) else list(current)
    monkeypatch.setitem(ckan_config, "ckan.plugins", current + names)
    marks = tuple((m.args[0], repr(m.args[1])) for m in request.node.iter_markers("ckan_config"))
    key = (tuple(current + names), marks)
    if provided or key != _LOADED["key"] or _services() != _LOADED["services"]:
        ckan.plugins.load_all()
        _LOADED.update(key=key, services=_services())
    yield
    if provided:
        ckan.plugins.unload_all()
        _LOADED.update(key=None, services=None)
