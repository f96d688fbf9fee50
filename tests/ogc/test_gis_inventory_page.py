"""The GIS migration inventory is shown to staff in the portal, and to nobody else."""
from __future__ import annotations

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action

from gis.inventory import record_success
from gis.migrate import migrate_layer
from tests.ogc.test_ogc_in_ckan import WARDS

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")


@pytest.fixture
def state(tmp_path, ckan_config, monkeypatch):
    migrated = tmp_path / "migrated"
    result = migrate_layer(WARDS, migrated)
    record_success(result, state=tmp_path)
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(migrated))
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_state_dir", str(tmp_path))
    return tmp_path


def test_staff_see_every_known_layer_and_the_migrated_one(app, state, sysadmin, make_dataset):
    unserved = [r for r in call_action("nlc_gis_inventory", {"user": sysadmin["name"]}) if r["migrated"]]
    assert unserved[0]["ogc_collection"] is None  # no public, screened dataset: /ogc does not serve it
    make_dataset(name="wards", personal_data_screen="passed")
    rows = call_action("nlc_gis_inventory", {"user": sysadmin["name"]})
    assert len(rows) >= 15  # the council's known layers (gis/layers.yaml)
    wards = [r for r in rows if r["migrated"]]
    assert len(wards) == 1 and wards[0]["feature_count_in"] == wards[0]["feature_count_out"] == 20
    assert wards[0]["ogc_collection"] == "wards"
    page = app.get("/gis/inventory", headers={"Authorization": sysadmin_token(sysadmin)}, status=200)
    text = page.get_data(as_text=True)
    assert "GIS migration inventory" in text and "/ogc/collections/wards" in text


def test_public_and_ordinary_users_are_refused(app, state):
    app.get("/gis/inventory", status=403)
    body = app.get("/api/3/action/nlc_gis_inventory", status=403).json
    assert body["success"] is False
    user = factories.User()
    token = factories.APIToken(user=user["name"])["token"]
    app.get("/gis/inventory", headers={"Authorization": token}, status=403)


def sysadmin_token(sysadmin: dict) -> str:
    return factories.APIToken(user=sysadmin["name"])["token"]
