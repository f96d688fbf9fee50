"""nlc_datastore_status, nlc_resource_publish, and the DataStore being unavailable."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckanext.nlc.loading import DatastoreUnavailable
from werkzeug.datastructures import FileStorage

from tests.loading.test_datastore_load import FIELDS, ROWS, csv_bytes, load, records, write_engine
from tests.loading.test_swap import stray_tables

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

NEW_ROW = "119000009,9 New Street Airdrie,B,1991-04-01,2,false,\n"


def sha(content: bytes) -> str:
    return "sha256:" + hashlib.sha256(content).hexdigest()


def status(resource_id: str, **context: Any) -> dict[str, Any]:
    return call_action("nlc_datastore_status", context or None, resource_id=resource_id)


def stored(resource_id: str) -> bytes:
    from ckan.lib.uploader import get_resource_uploader

    res = call_action("resource_show", id=resource_id)
    return Path(get_resource_uploader(res).get_path(resource_id)).read_bytes()


def publish(sysadmin: dict[str, Any], content: bytes, **fields: Any) -> dict[str, Any]:
    upload = FileStorage(stream=io.BytesIO(content), filename="bands.csv")
    return call_action("nlc_resource_publish", {"user": sysadmin["name"]}, upload=upload, **fields)


def test_status_reports_file_and_loaded_hashes_and_rows(upload, sysadmin):
    first = csv_bytes(*ROWS)
    res = upload(first)
    assert status(res["id"]) == {
        "resource_id": res["id"], "file_hash": sha(first), "loaded_hash": None, "rows": None,
        "datastore_active": False,
    }
    load(sysadmin, res["id"], expected_hash=sha(first))
    assert status(res["id"]) == {
        "resource_id": res["id"], "file_hash": sha(first), "loaded_hash": sha(first), "rows": 3,
        "datastore_active": True,
    }
    second = csv_bytes(NEW_ROW)
    upload(second, res)  # a crash before the load: the file is new, the table old
    now = status(res["id"])
    assert (now["file_hash"], now["loaded_hash"], now["rows"]) == (sha(second), sha(first), 3)
    load(sysadmin, res["id"])  # what the harvester's re-run does
    now = status(res["id"])
    assert now["file_hash"] == now["loaded_hash"] == sha(second) and now["rows"] == 1
    stranger = factories.User()  # a public dataset: anyone who may see the resource
    assert status(res["id"], user=stranger["name"], ignore_auth=False)["rows"] == 1


def test_publish_creates_then_updates_resource_and_table(make_dataset, sysadmin):
    pkg = make_dataset(name="bands-publish")
    first = csv_bytes(*ROWS)
    out = publish(
        sysadmin, first, package_id=pkg["id"], name="Bands", description="Council tax bands",
        format="CSV", hash=sha(first), fields=FIELDS,
    )
    assert (out["rows"], out["replaced"], out["table"]) == (3, 0, "created")
    assert out["url_type"] == "upload" and out["datastore_active"] is True
    assert out["datastore_loader"] == "nlc" and out["hash"] == sha(first) and out["name"] == "Bands"
    assert stored(out["id"]) == first
    assert [r["UPRN"] for r in records(out["id"])] == [118000001, 118000002, 118000003]

    second = csv_bytes(NEW_ROW, ROWS[0])
    again = publish(sysadmin, second, id=out["id"], hash=sha(second), fields=json.dumps(FIELDS))
    assert (again["id"], again["rows"], again["replaced"], again["table"]) == (out["id"], 2, 3, "kept")
    assert again["description"] == "Council tax bands"  # fields not given are kept
    assert stored(out["id"]) == second
    assert [r["UPRN"] for r in records(out["id"])] == [119000009, 118000001]
    now = status(out["id"])
    assert now["file_hash"] == now["loaded_hash"] == sha(second) and now["rows"] == 2
    assert len(call_action("package_show", id=pkg["id"])["resources"]) == 1


def test_publish_refuses_a_wrong_hash_or_bad_file_and_changes_nothing(make_dataset, sysadmin):
    pkg = make_dataset(name="bands-refused")
    first = csv_bytes(*ROWS)
    out = publish(sysadmin, first, package_id=pkg["id"], name="Bands", format="CSV", fields=FIELDS)
    second = csv_bytes(NEW_ROW)
    with pytest.raises(tk.ValidationError) as e:
        publish(sysadmin, second, id=out["id"], hash="sha256:" + "0" * 64, fields=FIELDS)
    assert "hash" in e.value.error_dict
    bad = csv_bytes("not-a-number,x,A,,,,\n")
    with pytest.raises(tk.ValidationError) as e:
        publish(sysadmin, bad, id=out["id"], fields=FIELDS)
    assert "line 2" in str(e.value.error_dict["records"])
    assert stored(out["id"]) == first and len(records(out["id"])) == 3
    assert status(out["id"])["loaded_hash"] == sha(first) and stray_tables() == []


def test_publish_through_the_api_multipart(app, make_dataset, sysadmin):
    pkg = make_dataset(name="bands-api")
    token = factories.APIToken(user=sysadmin["name"])["token"]
    content = csv_bytes(*ROWS)
    response = app.post(
        "/api/3/action/nlc_resource_publish",
        data={
            "package_id": pkg["id"], "name": "Bands", "format": "CSV", "hash": sha(content),
            "fields": json.dumps(FIELDS), "upload": (io.BytesIO(content), "bands.csv"),
        },
        headers={"Authorization": token},
        status=200,
    )
    result = response.json["result"]
    assert result["rows"] == 3 and result["datastore_active"] is True
    assert stored(result["id"]) == content


def test_only_editors_may_publish(make_dataset):
    pkg = make_dataset(name="bands-auth")
    stranger = factories.User()
    with pytest.raises(tk.NotAuthorized):
        call_action(
            "nlc_resource_publish", {"user": stranger["name"], "ignore_auth": False},
            package_id=pkg["id"], upload=FileStorage(stream=io.BytesIO(csv_bytes(*ROWS)), filename="a.csv"),
        )


@pytest.mark.ckan_config("ckanext.nlc.datastore_swap_lock_timeout", "300ms")
def test_swap_lock_timeout_is_reported_as_unavailable_and_503(app, upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    upload(csv_bytes(NEW_ROW), res)
    with write_engine().connect() as reader:  # a long read holds the table
        reader.execute(sa.text(f'SELECT count(*) FROM "{res["id"]}"')).all()
        with pytest.raises(DatastoreUnavailable) as e:
            load(sysadmin, res["id"])
        message = str(e.value.error_dict["datastore"])
        assert "DataStore database unavailable" in message and "lock timeout" in message
        assert "line " not in message
        token = factories.APIToken(user=sysadmin["name"])["token"]
        response = app.post(
            "/api/3/action/nlc_datastore_load",
            json={"resource_id": res["id"], "fields": FIELDS},
            headers={"Authorization": token},
            status=503,
        )
        assert response.headers["Retry-After"] == "30"
        assert "DataStore database unavailable" in response.json["error"]["datastore"][0]
        reader.rollback()
    assert [r["UPRN"] for r in records(res["id"])] == [118000001, 118000002, 118000003]
    assert stray_tables() == []
    assert load(sysadmin, res["id"])["rows"] == 1  # and it works once the table is free


def test_unreachable_database_is_reported_as_unavailable(upload, sysadmin, monkeypatch):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    from ckanext.nlc.loading import actions

    dead = sa.create_engine("postgresql://ckan:ckan@127.0.0.1:1/datastore_test")
    monkeypatch.setattr(actions, "_write_engine", lambda: dead)
    with pytest.raises(DatastoreUnavailable) as e:
        load(sysadmin, res["id"])
    message = str(e.value.error_dict["datastore"])
    assert "DataStore database unavailable" in message and "line " not in message
    monkeypatch.undo()
    assert len(records(res["id"])) == 3
