"""A purged dataset leaves nothing behind: activities, uploaded files, DataStore tables.

Tried from the Action API (a sysadmin's token, as ckanapi sends it) and through the
harvester's purge path (``Publisher.purge``), then looked for as an anonymous visitor would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "clean_datastore")

SECRET_TITLE = "Zebra crossing survey 7Q4X"


@pytest.fixture
def published(make_dataset, create_with_upload, sysadmin) -> dict[str, Any]:
    """A public dataset with an uploaded CSV loaded into the DataStore, edited once."""
    pkg = make_dataset(name="purge-me", title=SECRET_TITLE, notes="Notes only this dataset has: 7Q4X.")
    ctx = {"user": sysadmin["name"]}
    res = create_with_upload(
        "site,count\nMain Street,3\n", "survey.csv", url="survey.csv", package_id=pkg["id"],
        format="CSV", context=dict(ctx),
    )
    call_action("datastore_create", dict(ctx), resource_id=res["id"], force=True,
                fields=[{"id": "site", "type": "text"}, {"id": "count", "type": "int"}],
                records=[{"site": "Main Street", "count": 3}])
    call_action("package_patch", dict(ctx), id=pkg["id"], notes="Edited notes: 7Q4X.")
    from ckan.lib.uploader import get_resource_uploader

    path = Path(get_resource_uploader(res).get_path(res["id"]))
    assert path.exists()
    assert _table_exists(res["id"])
    assert _visible_to_anonymous(pkg["id"]), "the dataset's activities should be listed before the purge"
    return {"pkg": pkg, "res": res, "path": path}


def _table_exists(resource_id: str) -> bool:
    from ckanext.datastore.backend.postgres import get_write_engine

    with get_write_engine().connect() as conn:
        sql = sa.text("SELECT 1 FROM pg_tables WHERE tablename = :t")
        return conn.execute(sql, {"t": resource_id}).first() is not None


def _visible_to_anonymous(package_id: str) -> bool:
    """Does anonymous recently_changed_packages_activity_list show the dataset, by id or text?"""
    listed = call_action("recently_changed_packages_activity_list", {"user": ""}, limit=100)
    text = json.dumps(listed)
    return any(a["object_id"] == package_id for a in listed) or "7Q4X" in text


def _left_behind(published: dict[str, Any]) -> dict[str, bool]:
    from ckan import model
    from ckanext.activity.model import Activity

    pkg_id = published["pkg"]["id"]
    return {
        "anonymous activity list": _visible_to_anonymous(pkg_id),
        "activity rows": model.Session.query(Activity).filter(Activity.object_id == pkg_id).count() > 0,
        "uploaded file": published["path"].exists(),
        "DataStore table": _table_exists(published["res"]["id"]),
    }


def test_api_purge_removes_activities_files_and_tables(app, published, sysadmin):
    from ckan.tests import factories

    token = factories.APIToken(user=sysadmin["name"])["token"]
    resp = app.post("/api/3/action/dataset_purge", json={"id": published["pkg"]["name"]},
                    headers={"Authorization": token})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    assert _left_behind(published) == dict.fromkeys(_left_behind(published), False)


def test_harvester_purge_path_removes_activities_files_and_tables(published, sysadmin, tmp_path):
    from ckanapi import LocalCKAN

    from harvesters.ckan_client import Ckan
    from harvesters.publish import Publisher

    publisher = Publisher(Ckan(LocalCKAN(username=sysadmin["name"])), datasets_dir=tmp_path)
    publisher.purge(published["pkg"]["id"])
    assert call_action("package_search", q="name:purge-me")["count"] == 0
    assert _left_behind(published) == dict.fromkeys(_left_behind(published), False)
