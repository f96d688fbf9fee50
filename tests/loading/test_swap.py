"""nlc_datastore_load builds the new table aside and swaps it in: readers never wait for a load,
``_id`` follows the CSV, a failed or killed load leaves the published table as it was."""

from __future__ import annotations

import random
import re
import threading
import time
from typing import Any

import pytest
import sqlalchemy as sa
from ckan.plugins import toolkit as tk
from ckan.tests.helpers import call_action

from tests.loading.test_datastore_load import FIELDS, ROWS, csv_bytes, load, records, write_engine

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")

SMALL = [
    {"id": "UPRN", "type": "int8", "info": {"label": "UPRN"}},
    {"id": "Address", "type": "text", "info": {"label": "Address"}},
    {"id": "Band", "type": "text", "info": {"label": "Band"}},
]
SMALL_HEADER = "UPRN,Address,Band\n"


def small_csv(uprns: list[int], band: str = "A") -> bytes:
    lines = [f"{u},{u % 997} Main Street Airdrie ML6 {u % 9}AB,{band}\n" for u in uprns]
    return (SMALL_HEADER + "".join(lines)).encode()


@pytest.fixture(scope="module")
def big_csv() -> bytes:
    return small_csv(list(range(118_000_000, 118_200_000)))


def read_engine() -> sa.Engine:
    return sa.create_engine(tk.config["ckan.datastore.read_url"], pool_size=2)


def stage_pids(conn: sa.Connection) -> list[int]:
    return list(
        conn.execute(
            sa.text(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND query LIKE 'COPY %nlc\\_stage\\_%' AND state = 'active'"
            )
        ).scalars()
    )


def stray_tables() -> list[str]:
    with write_engine().connect() as conn:
        sql = "SELECT relname FROM pg_class WHERE relname ~ '^_?nlc_(stage|fts|aside|ix)_'"
        return list(conn.execute(sa.text(sql)).scalars())


def test_point_reads_do_not_wait_for_a_200000_row_load(upload, sysadmin, big_csv):
    res = upload(big_csv)
    load(sysadmin, res["id"], fields=SMALL)
    res = upload(big_csv.replace(b",A\n", b",B\n"), res)
    engine = read_engine()
    waits: list[float] = []
    stamps: list[float] = []
    done = threading.Event()

    def reader() -> None:
        sql = sa.text(f'SELECT "UPRN", "Band" FROM "{res["id"]}" WHERE _id = :i')
        with engine.connect() as conn:
            while not done.is_set():
                started = time.perf_counter()
                conn.execute(sql, {"i": random.randint(1, 200_000)}).all()
                conn.commit()
                waits.append(time.perf_counter() - started)
                stamps.append(started)
                time.sleep(0.002)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        time.sleep(0.2)
        started = time.perf_counter()
        out = load(sysadmin, res["id"], fields=SMALL)
        seconds = time.perf_counter() - started
        time.sleep(0.1)
    finally:
        done.set()
        thread.join()
        engine.dispose()
    assert out["rows"] == 200_000 and out["replaced"] == 200_000
    worst = max(waits) * 1000
    slow = sorted(zip(waits, stamps, strict=True), reverse=True)[:5]
    print("slowest:", [(round(w * 1000, 1), round(t - started, 3)) for w, t in slow])
    print(f"\nload {seconds:.2f} s (swap {out['swap_ms']} ms); {len(waits)} point reads, max {worst:.1f} ms")
    assert len(waits) > 20
    assert worst < 50, f"a point read waited {worst:.0f} ms during the load"
    found = call_action("datastore_search", resource_id=res["id"], filters={"UPRN": 118_000_005})
    assert [r["Band"] for r in found["records"]] == ["B"]


def test_id_order_is_the_csv_row_order(upload, sysadmin):
    uprns = list(range(118_000_000, 118_003_000))
    random.Random(11).shuffle(uprns)
    res = upload(small_csv(uprns))
    load(sysadmin, res["id"], fields=SMALL)
    with write_engine().connect() as conn:
        rows = conn.execute(sa.text(f'SELECT _id, "UPRN" FROM "{res["id"]}" ORDER BY _id')).all()
    assert [r[0] for r in rows] == list(range(1, 3001))
    assert [r[1] for r in rows] == uprns
    call_action(  # the sequence goes on after the file's rows
        "datastore_upsert", resource_id=res["id"], method="insert", force=True,
        records=[{"UPRN": 1, "Address": "x", "Band": "A"}],
    )
    found = call_action("datastore_search", resource_id=res["id"], filters={"UPRN": 1})
    assert [r["_id"] for r in found["records"]] == [3001]


def _old_table(resource_id: str) -> tuple[list[Any], dict[str, str]]:
    info = call_action("datastore_info", id=resource_id)
    return records(resource_id), {f["id"]: f["type"] for f in info["fields"]}


def test_type_change_with_a_bad_last_line_keeps_the_old_table(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    before = _old_table(res["id"])
    changed = [dict(f, type="int4") if f["id"] == "Rate" else f for f in FIELDS]
    lines = [f"{118000010 + i},{i} Main Street,A,1991-04-01,{i},false,\n" for i in range(2999)]
    lines.append("118009999,Last Street,A,1991-04-01,1.5,false,\n")  # 1.5 is not an int4
    res = upload(csv_bytes(*lines), res)
    with pytest.raises(tk.ValidationError) as e:
        load(sysadmin, res["id"], fields=changed)
    message = str(e.value.error_dict["records"])
    assert "line 3001" in message and "column Rate" in message
    assert _old_table(res["id"]) == before
    assert stray_tables() == []


def test_type_change_killed_midway_keeps_the_old_table(upload, sysadmin, big_csv):
    """The server side of the measured fault: a kill during a column type change left 0 rows."""
    res = upload(small_csv([1, 2, 3]))
    load(sysadmin, res["id"], fields=SMALL)
    before = _old_table(res["id"])
    changed = [dict(f, type="int4") if f["id"] == "UPRN" else f for f in SMALL]
    res = upload(big_csv.replace(b"\n118", b"\n8"), res)  # UPRNs that fit an int4
    killed: list[int] = []
    done = threading.Event()

    def killer() -> None:
        with write_engine().connect() as conn:
            while not done.is_set() and not killed:
                for pid in stage_pids(conn):
                    conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
                    killed.append(pid)
                conn.commit()
                time.sleep(0.005)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        with pytest.raises(tk.ValidationError) as e:
            load(sysadmin, res["id"], fields=changed)
    finally:
        done.set()
        thread.join()
    assert killed
    message = str(e.value.error_dict)
    assert "DataStore database unavailable" in message and "line " not in message
    assert _old_table(res["id"]) == before
    assert stray_tables() == []



def catalog(resource_id: str) -> dict[str, Any]:
    """What a DataStore table consists of, with its own id written as ``RID``."""
    q = '"' + resource_id + '"'
    with write_engine().connect() as conn:
        def rows(sql: str) -> list[Any]:
            result = conn.execute(sa.text(sql), {"t": q, "r": resource_id}).all()
            return sorted(tuple(str(v).replace(resource_id, "RID") for v in row) for row in result)

        return {
            "columns": rows(
                "SELECT attnum, attname, format_type(atttypid, atttypmod), attnotnull, "
                "pg_get_expr(d.adbin, d.adrelid), col_description(attrelid, attnum) FROM pg_attribute a "
                "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
            ),
            "indexes": rows(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(:t AS regclass)"
            ),
            "constraints": rows(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = CAST(:t AS regclass)"
            ),
            "triggers": rows(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = CAST(:t AS regclass)"
            ),
            "sequence": rows("SELECT pg_get_serial_sequence(:t, '_id')"),
            "acl": rows("SELECT relacl FROM pg_class WHERE oid = CAST(:t AS regclass)"),
            "metadata": rows('SELECT name, alias_of FROM "_table_metadata" WHERE name = :r OR alias_of = :r'),
        }



def test_swapped_table_is_what_datastore_create_makes(upload, sysadmin):
    from ckanext.datastore.backend.postgres import _generate_index_name
    from ckanext.nlc.loading.actions import _spec
    from ckanext.nlc.lookups.data import KEY_COLUMNS

    keys = [f["id"] for f in FIELDS if f["id"] in KEY_COLUMNS]  # the lookups' b-tree indexes
    ours = upload(csv_bytes(*ROWS))
    load(sysadmin, ours["id"])
    load(sysadmin, ours["id"])  # a swap over an existing table too
    theirs = upload(csv_bytes(*ROWS))
    ctx = {"user": sysadmin["name"]}
    call_action("datastore_create", ctx, resource_id=theirs["id"], fields=FIELDS, indexes=keys, force=True)
    def described(resource_id: str) -> list[dict[str, Any]]:  # index names hold the resource id
        fields = call_action("datastore_info", id=resource_id)["fields"]
        return [{**f, "schema": {k: v for k, v in f["schema"].items() if k != "index_name"}} for f in fields]

    assert described(ours["id"]) == described(theirs["id"])
    a, b = catalog(ours["id"]), catalog(theirs["id"])
    for key in ("columns", "constraints", "triggers", "sequence", "acl", "metadata"):
        assert a[key] == b[key], key
    assert a["sequence"] == [('public."RID__id_seq"',)] and "datastore_default=r" in a["acl"][0][0]
    assert a["metadata"] == [("RID", "None")]
    def unnamed(indexes: list[Any]) -> list[str]:
        return sorted(re.sub(r"INDEX \S+ ON", "INDEX ON", d) for _, d in indexes)

    assert unnamed(a["indexes"]) == unnamed(b["indexes"])

    def names(resource_id: str) -> set[str]:  # CKAN's: sha1(resource id + expression), and the key
        expressions = [e for _, e in _spec(None, FIELDS, None).fts_indexes] + [f'"{k}"' for k in keys]
        return {_generate_index_name(resource_id, e) for e in expressions} | {"RID_pkey"}

    assert {n for n, _ in a["indexes"]} == names(ours["id"])
    assert {n for n, _ in b["indexes"]} == names(theirs["id"])
    # so datastore_create recognises them and adds no second index
    call_action("datastore_create", ctx, resource_id=ours["id"], fields=FIELDS, indexes=keys, force=True)
    assert catalog(ours["id"])["indexes"] == a["indexes"]


def test_ckan_actions_work_on_a_swapped_table(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    load(sysadmin, res["id"])
    rid = res["id"]
    call_action(
        "datastore_upsert", resource_id=rid, method="insert", force=True,
        records=[{"UPRN": 118000004, "Address": "4 Kirk Road Shotts", "Band": "D"}],
    )
    found = call_action("datastore_search", resource_id=rid, filters={"Band": "D"})
    assert [(r["_id"], r["UPRN"]) for r in found["records"]] == [(4, 118000004)]
    assert call_action("datastore_search", resource_id=rid, q="Kirk")["total"] == 2
    sql = call_action("datastore_search_sql", sql=f'SELECT count(*) AS n FROM "{rid}"')  # read-only role
    assert sql["records"] == [{"n": 4}]
    info = call_action("datastore_info", id=rid)
    assert info["meta"]["count"] == 4 and [f["id"] for f in info["fields"]] == [f["id"] for f in FIELDS]
    wider = FIELDS + [{"id": "Ward", "type": "int4", "info": {}}]
    call_action("datastore_create", {"user": sysadmin["name"]}, resource_id=rid, fields=wider, force=True)
    call_action("datastore_delete", {"user": sysadmin["name"]}, resource_id=rid, force=True)
    with write_engine().connect() as conn:
        assert conn.execute(sa.text("SELECT to_regclass(:t)"), {"t": f'"{rid}"'}).scalar() is None
    assert call_action("resource_show", id=rid)["datastore_active"] is False
    assert load(sysadmin, rid)["table"] == "created"  # and loads again from nothing


def test_aliases_survive_a_swap(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    load(sysadmin, res["id"])
    ctx = {"user": sysadmin["name"]}
    call_action("datastore_create", ctx, resource_id=res["id"], aliases="council-bands", force=True)
    upload(csv_bytes(ROWS[0]), res)
    load(sysadmin, res["id"])
    assert call_action("datastore_search", resource_id="council-bands")["total"] == 1
