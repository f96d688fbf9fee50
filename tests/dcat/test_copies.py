"""Copies that work: a copied resource cannot claim a DataStore table or the nlc loader it lacks."""
from __future__ import annotations

import io

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckanext.nlc.loading import xloader_can_upload
from werkzeug.datastructures import FileStorage

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


def _published(make_dataset, sysadmin) -> dict:
    """A dataset published by the harvester's path: nlc_resource_publish loads its table."""
    pkg = make_dataset(name="toilets-source")
    call_action("nlc_resource_publish", {"user": sysadmin["name"]}, package_id=pkg["id"], name="Toilets",
                format="CSV", upload=FileStorage(io.BytesIO(b"name,seats\nA,2\n"), filename="toilets.csv"),
                fields=[{"id": "name", "type": "text"}, {"id": "seats", "type": "int4"}])
    return call_action("package_show", id=pkg["id"])


def test_the_portal_loader_keeps_its_marker(make_dataset, sysadmin):
    source = _published(make_dataset, sysadmin)
    res = source["resources"][0]
    assert res["datastore_active"] is True and res["datastore_loader"] == "nlc"
    assert not xloader_can_upload(res["id"])  # the nlc loader owns it
    patched = call_action("resource_patch", {"user": sysadmin["name"]}, id=res["id"], description="new words")
    assert patched["datastore_loader"] == "nlc" and patched["datastore_active"] is True


def test_a_ckanapi_style_copy_claims_no_table_and_gets_loaded(make_dataset, sysadmin):
    source = _published(make_dataset, sysadmin)
    org = factories.Organization(name="another-council")
    copy = {k: v for k, v in source.items() if k not in ("id", "organization", "owner_org", "name")}
    copy["resources"] = [{k: v for k, v in r.items() if k not in ("id", "package_id")}
                         for r in source["resources"]]
    assert copy["resources"][0]["datastore_active"] and copy["resources"][0]["datastore_loader"] == "nlc"
    made = call_action("package_create", {"user": sysadmin["name"]}, name="toilets-copy", owner_org=org["id"],
                       **copy)
    res = made["resources"][0]
    assert not res.get("datastore_active")
    assert not res.get("datastore_loader")
    assert xloader_can_upload(res["id"])  # xloader loads the copy's file


def test_a_client_cannot_switch_the_load_off(make_dataset, sysadmin):
    pkg = make_dataset(name="toilets-upload")
    res = call_action("resource_create", {"user": sysadmin["name"]}, package_id=pkg["id"], format="CSV",
                      url="t.csv", upload=FileStorage(io.BytesIO(b"a\n1\n"), filename="t.csv"),
                      datastore_loader="nlc", datastore_active=True)
    assert not res.get("datastore_loader") and not res.get("datastore_active")
    assert xloader_can_upload(res["id"])
    again = call_action("resource_patch", {"user": sysadmin["name"]}, id=res["id"], datastore_loader="nlc",
                        datastore_active=True)
    assert not again.get("datastore_loader") and not again.get("datastore_active")
