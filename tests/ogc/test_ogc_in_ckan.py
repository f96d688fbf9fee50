"""OGC API - Features mounted in CKAN at /ogc, read by OWSLib and linked from dataset pages."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from owslib.ogcapi.features import Features

from gis.migrate import migrate_layer
from tests.live import PORTAL, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test

ROOT = Path(__file__).parents[2]
WARDS = ROOT / "datasets" / "wards" / "source" / "wards.zip"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("migrated")
    migrate_layer(WARDS, out)
    return out


@pytest.fixture
def wards_dataset(make_dataset):
    """The layer's dataset: public, its publication screened."""
    return make_dataset(name="wards", personal_data_screen="passed")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "wards_dataset")
def test_collections_items_and_paging_through_ckan(app, migrated, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(migrated))
    collections = app.get("/ogc/collections?f=json", status=200).json["collections"]
    assert [c["id"] for c in collections] == ["wards"]
    conformance = app.get("/ogc/conformance?f=json", status=200).json["conformsTo"]
    assert any(c.endswith("/conf/core") for c in conformance)
    assert any(c.endswith("/conf/geojson") for c in conformance)
    page = app.get("/ogc/collections/wards/items?f=json&limit=5&offset=5", status=200).json
    assert len(page["features"]) == 5 and page["numberMatched"] == 20
    everything = app.get("/ogc/collections/wards/items?f=json&limit=100", status=200).json["features"]
    lons = [pt[0] for f in everything for poly in f["geometry"]["coordinates"] for pt in poly[0]]
    west = min(lons)
    box = f"{west - 0.01},55.0,{west + 0.02},57.0"
    in_box = app.get(f"/ogc/collections/wards/items?f=json&bbox={box}&limit=100", status=200).json
    assert 0 < len(in_box["features"]) < 20


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_unknown_collection_is_a_clear_404(app, migrated, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(migrated))
    body = app.get("/ogc/collections/nope/items?f=json", status=404).json
    assert "nope" in body["description"].lower() or "not found" in body["description"].lower()


def test_owslib_lists_and_fetches_from_the_live_portal():
    """`make demo` migrates the bundled layers; OWSLib reads them from CKAN's /ogc."""
    require_portal()
    api = Features(f"{PORTAL}/ogc")
    ids = {c["id"] for c in api.collections()["collections"]}
    assert {"wards", "conservation_areas", "polling_districts", "tree_preservation_orders",
            "listed_buildings"} <= ids
    items = api.collection_items("wards", limit=3)
    assert len(items["features"]) == 3
    page = requests.get(f"{PORTAL}/dataset/wards", timeout=30).text
    assert f"{PORTAL}/ogc/collections/wards" in page


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_layer_is_served_only_while_its_dataset_is_public_and_screened(
        app, migrated, ckan_config, monkeypatch, make_dataset, sysadmin):
    from ckan.tests.helpers import call_action
    from ckanext.nlc.ogc import mount

    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(migrated))
    monkeypatch.setattr(mount, "RECHECK_SECONDS", 0.0)

    def served() -> list[str]:
        return [c["id"] for c in app.get("/ogc/collections?f=json", status=200).json["collections"]]

    assert served() == []  # no dataset for the layer
    app.get("/ogc/collections/wards/items?f=json", status=404)
    pkg = make_dataset(name="wards", personal_data_screen="failed")
    assert served() == []
    call_action("package_patch", {"user": sysadmin["name"]}, id=pkg["id"], personal_data_screen="passed")
    assert served() == ["wards"]
    call_action("package_patch", {"user": sysadmin["name"]}, id=pkg["id"], private=True)
    assert served() == []
    app.get("/ogc/collections/wards/items/1?f=json", status=404)
    call_action("package_patch", {"user": sysadmin["name"]}, id=pkg["id"], private=False)
    assert served() == ["wards"]
    call_action("package_delete", {"user": sysadmin["name"]}, id=pkg["id"])
    assert served() == []
