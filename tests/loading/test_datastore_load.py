"""nlc_datastore_load: server-side bulk load of an uploaded CSV into the DataStore."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests import factories
from ckan.tests.helpers import call_action

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

FIELDS = [
    {"id": "UPRN", "type": "int8", "info": {"label": "UPRN", "notes": "Unique Property Reference Number"}},
    {"id": "Address", "type": "text", "info": {"label": "Address", "notes": ""}},
    {"id": "Band", "type": "text", "info": {"label": "Council tax band", "notes": "A to H"}},
    {"id": "Valued", "type": "date", "info": {"label": "Valuation date", "notes": ""}},
    {"id": "Rate", "type": "numeric", "info": {"label": "Rate", "notes": ""}},
    {"id": "Exempt", "type": "bool", "info": {"label": "Exempt", "notes": ""}},
    {"id": "Checked", "type": "timestamp", "info": {"label": "Checked", "notes": ""}},
]
HEADER = "UPRN,Address,Band,Valued,Rate,Exempt,Checked\n"
ROWS = [
    "118000001,1 Main Street Airdrie,A,1991-04-01,1.50,false,2025-03-01T10:15:00\n",
    "118000002,2 Kirk Road Shotts,H,1991-04-01,0.25,true,\n",
    '118000003,"3 Station Road, Wishaw",C,,,,2025-03-02T08:00:00\n',
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(rows)).encode()


def load(sysadmin: dict[str, Any], resource_id: str, fields=FIELDS, **extra: Any) -> dict[str, Any]:
    return call_action(
        "nlc_datastore_load", {"user": sysadmin["name"]}, resource_id=resource_id, fields=fields, **extra
    )


def records(resource_id: str) -> list[dict[str, Any]]:
    out = call_action("datastore_search", resource_id=resource_id, sort="_id", limit=100)
    return out["records"]


def write_engine():
    from ckanext.datastore.backend.postgres import get_write_engine

    return get_write_engine()


def test_first_load_creates_typed_table_with_data_dictionary(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    out = load(sysadmin, res["id"])
    assert out["rows"] == 3 and out["replaced"] == 0 and out["table"] == "created"
    info = call_action("datastore_info", id=res["id"])
    types = {f["id"]: f["type"] for f in info["fields"]}
    assert types == {f["id"]: f["type"] for f in FIELDS}
    notes = {f["id"]: f.get("info", {}).get("notes") for f in info["fields"]}
    assert notes["UPRN"] == "Unique Property Reference Number"
    rows = records(res["id"])
    assert [r["UPRN"] for r in rows] == [118000001, 118000002, 118000003]
    assert rows[2]["Address"] == "3 Station Road, Wishaw" and rows[2]["Valued"] is None
    assert call_action("resource_show", id=res["id"])["datastore_active"] is True


def test_full_text_search_matches_what_ckans_trigger_stores(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    found = call_action("datastore_search", resource_id=res["id"], q="Shotts")
    assert [r["UPRN"] for r in found["records"]] == [118000002]
    table = '"' + res["id"] + '"'
    with write_engine().begin() as conn:
        ours = conn.execute(sa.text(f"SELECT _id, _full_text::text FROM {table} ORDER BY _id")).all()
        conn.execute(sa.text(f"UPDATE {table} SET _full_text = NULL"))  # CKAN's trigger recomputes it
        theirs = conn.execute(sa.text(f"SELECT _id, _full_text::text FROM {table} ORDER BY _id")).all()
    assert ours == theirs and all(text for _, text in ours)


WIDE_FIELDS = [
    {"id": "Ref", "type": "int4", "info": {}},
    {"id": "Name", "type": "text", "info": {}},
    {"id": "Area", "type": "float8", "info": {}},
    {"id": "Rate", "type": "numeric", "info": {}},
    {"id": "Open", "type": "bool", "info": {}},
    {"id": "Opened", "type": "date", "info": {}},
    {"id": "Seen", "type": "timestamp", "info": {}},
    {"id": "At", "type": "time", "info": {}},
]
WIDE_ROWS = [
    '1,"Caf\u00e9 ""Bob\'s"" \\\\ back-room, e-mail: team@northlanarkshire.gov.uk",1.5e-7,1e3,true,'
    "2024-02-29,2025-03-01T10:15:30.5,09:30\n",
    "2,The quick brown foxes were jumping over the lazy dogs,-0.0,NaN,false,1991-04-01,,23:59:59\n",
    "3,,12345678901.25,-12.500,,,1999-12-31T23:59:59,\n",
    '4,"Line one\nline two: Motherwell ML1 1AA",,,,,,\n',
]


def test_full_text_matches_the_trigger_for_every_column_type(upload, sysadmin):
    header = ",".join(f["id"] for f in WIDE_FIELDS) + "\n"
    res = upload(csv_bytes(*WIDE_ROWS, header=header))
    load(sysadmin, res["id"], fields=WIDE_FIELDS)
    table = '"' + res["id"] + '"'
    with write_engine().begin() as conn:
        ours = conn.execute(sa.text(f"SELECT _id, _full_text::text FROM {table} ORDER BY _id")).all()
        conn.execute(sa.text(f"UPDATE {table} SET _full_text = NULL"))  # CKAN's trigger recomputes it
        theirs = conn.execute(sa.text(f"SELECT _id, _full_text::text FROM {table} ORDER BY _id")).all()
        enabled = conn.execute(
            sa.text(
                "SELECT tgenabled FROM pg_trigger "
                "WHERE tgrelid = CAST(:t AS regclass) AND tgname = 'zfulltext'"
            ),
            {"t": table},
        ).scalar()
    assert len(ours) == 4 and ours == theirs
    assert enabled == "O"  # the trigger paused for the load is enabled again
    found = call_action("datastore_search", resource_id=res["id"], q="jumping fox")
    assert [r["Ref"] for r in found["records"]] == [2]


def test_reload_replaces_every_row(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    res = upload(csv_bytes("119000009,9 New Street Airdrie,B,1991-04-01,2,false,\n"), res)
    out = load(sysadmin, res["id"])
    assert out["rows"] == 1 and out["replaced"] == 3 and out["table"] == "kept"
    rows = records(res["id"])
    assert [(r["_id"], r["UPRN"]) for r in rows] == [(1, 119000009)]
    assert call_action("datastore_search", resource_id=res["id"], limit=0)["total"] == 1
    with write_engine().connect() as conn:
        left = conn.execute(sa.text("SELECT relname FROM pg_class WHERE relname ~ '^nlc_(stage|fts)_'")).all()
        cached = conn.execute(
            sa.text("SELECT stats ->> 'rows' FROM _table_stats WHERE resource_id = :r"), {"r": res["id"]}
        ).scalar()
    assert left == [] and cached == "1"


def test_load_into_an_emptied_table_numbers_rows_from_one(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    call_action("datastore_delete", resource_id=res["id"], filters={}, force=True)  # rows only
    assert records(res["id"]) == []
    out = load(sysadmin, res["id"])
    assert out["replaced"] == 0 and out["table"] == "kept"
    numbered = [(r["_id"], r["UPRN"]) for r in records(res["id"])]
    assert numbered == [(1, 118000001), (2, 118000002), (3, 118000003)]


def test_bad_value_names_line_and_column_and_keeps_published_rows(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    res = upload(csv_bytes(ROWS[0], "not-a-number,2 Kirk Road,H,1991-04-01,1,true,\n"), res)
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, res["id"])
    message = str(e.value.error_dict["records"])
    assert "line 3" in message and "column UPRN" in message and "not-a-number" in message
    assert [r["UPRN"] for r in records(res["id"])] == [118000001, 118000002, 118000003]
    with write_engine().connect() as conn:
        left = conn.execute(sa.text("SELECT relname FROM pg_class WHERE relname ~ '^nlc_(stage|fts)_'")).all()
    assert left == []  # the staging tables went with the rolled-back transaction


def test_new_column_recreates_table_only_when_the_file_fits(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    wider = FIELDS + [{"id": "Ward", "type": "int4", "info": {}}]
    bad = upload(csv_bytes(ROWS[0].rstrip("\n") + ",seven\n", header=HEADER.rstrip("\n") + ",Ward\n"), res)
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, bad["id"], fields=wider)
    assert "column Ward" in str(e.value.error_dict["records"])
    assert len(records(res["id"])) == 3  # the published table was not dropped
    good = upload(csv_bytes(ROWS[0].rstrip("\n") + ",7\n", header=HEADER.rstrip("\n") + ",Ward\n"), res)
    out = load(sysadmin, good["id"], fields=wider)
    assert out["table"] == "recreated"
    assert [(r["UPRN"], r["Ward"]) for r in records(res["id"])] == [(118000001, 7)]


def test_header_must_match_fields(upload, sysadmin):
    res = upload(csv_bytes(*ROWS, header="UPRN,Address,Band,Valued,Rate,Exempt,Checked,Extra\n"))
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, res["id"])
    assert "does not match the fields" in str(e.value.error_dict["fields"])


def test_expected_hash_guards_against_a_stale_file(upload, sysadmin):
    content = csv_bytes(*ROWS)
    res = upload(content)
    with pytest.raises(tk.ValidationError):
        load(sysadmin, res["id"], expected_hash="sha256:" + "0" * 64)
    out = load(sysadmin, res["id"], expected_hash="sha256:" + hashlib.sha256(content).hexdigest())
    assert out["rows"] == 3


def test_bad_fields_and_link_resources_are_refused(upload, sysadmin, make_dataset, make_resource):
    res = upload(csv_bytes(*ROWS))
    with pytest.raises(tk.ValidationError):
        load(sysadmin, res["id"], fields=[{"id": "UPRN", "type": "text; DROP TABLE x"}])
    with pytest.raises(tk.ValidationError):
        load(sysadmin, res["id"], fields=[{"id": "_id", "type": "int8"}])
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, res["id"], fields=[{"id": "UPRN", "type": "int8"}, {"id": "UPRN", "type": "text"}])
    assert "unique" in str(e.value.error_dict["fields"])
    link = make_resource(package_id=make_dataset(name="linked")["id"], url="http://example.com/a.csv")
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, link["id"])
    assert "uploaded" in str(e.value.error_dict["resource_id"])


def test_only_editors_may_load(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    stranger = factories.User()
    with pytest.raises(tk.NotAuthorized):
        call_action(
            "nlc_datastore_load",
            {"user": stranger["name"], "ignore_auth": False},
            resource_id=res["id"],
            fields=FIELDS,
        )
    with pytest.raises(tk.NotAuthorized):
        call_action(
            "nlc_datastore_load", {"user": "", "ignore_auth": False}, resource_id=res["id"], fields=FIELDS
        )


def test_xloader_skips_resources_loaded_by_nlc(upload, make_dataset, make_resource):
    from ckanext.nlc.loading import xloader_can_upload

    ours = upload(csv_bytes(*ROWS))
    assert call_action("resource_show", id=ours["id"])["datastore_loader"] == "nlc"
    theirs = make_resource(package_id=make_dataset(name="other")["id"], url="http://example.com/b.csv")
    assert xloader_can_upload(ours["id"]) is False
    assert xloader_can_upload(theirs["id"]) is True
