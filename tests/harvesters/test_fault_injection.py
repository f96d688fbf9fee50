"""Publishing survives crashes: kill -9 the server, or drop the answer, at each CKAN call.

A CKAN of the test's own (uWSGI, deploy/uwsgi.ini, databases ckan_fault and
datastore_fault, port 5071) serves
a generated 20,000-row council tax extract. For a new dataset, an update with one changed
row and an update that changes a column's type, the harvest runs through a proxy that
injects one fault at the n-th action call, for every n: the answer is lost (``drop``), the
server is killed after doing the call (``kill``), or killed in the middle of the upload and
load (``kill-during``). After each fault the public sees the old version or the new one,
whole; after a restart and a re-run the portal holds exactly the new version: file, hash,
DataStore rows and types, the loader's record, the search index, and no orphan file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from harvesters.ckan_client import Ckan
from harvesters.pipeline import run
from harvesters.publish import Publisher, ShrinkPolicy
from tests.ckan_server import ROOT, CkanServer, own_server
from tests.fault_proxy import FaultProxy

PORT = 5071
ROWS = 20_000
NAME = "fault-council-tax"
WRITES = {"package_create", "nlc_resource_publish", "package_patch", "nlc_repair", "resource_delete"}


@dataclass
class Version:
    """One version of the source: its rows, the changed row's band and UPRN's column type."""

    label: str
    band: str  # band of the row with UPRN CHANGED
    uprn_type: str  # the Table Schema type of UPRN: integer or string
    csv_hash: str = ""
    rows: int = ROWS
    drop: str | None = None  # a column this version no longer has
    no_town: bool = False  # the export lost the Town values (an empty column)


CHANGED = 100_000_007


def _source_rows(band: str, count: int, town: str = "Airdrie") -> list[list[str]]:
    rnd = random.Random(11)
    rows = []
    for i in range(count):
        uprn = 100_000_000 + i
        b = band if uprn == CHANGED else rnd.choice("ABCDEFGH")
        rows.append([f"CT{i:07d}", f"{i % 300 + 1} Main Street", town, "ML6 0AA", str(uprn), b, "", ""])
    return rows


# The per-dwelling definition (the published dataset is counts per postcode) and the export's
# header, as the shipped sample of the council tax system's extract has it.
DEFINITION = ROOT / "bench" / "council-tax-extract"
SHIPPED_SOURCE = ROOT / "datasets" / "council-tax-bands" / "source" / "ctax_property_extract.csv"
SOURCE_HEADER = SHIPPED_SOURCE.read_text(encoding="cp1252").splitlines()[1].split(",")


def write_version(folder: Path, v: Version) -> None:
    """The dataset folder as the council's export of version ``v`` would leave it."""
    src = folder / "source" / "ctax_property_extract.csv"
    buf = io.StringIO()
    buf.write("SYNTHETIC SAMPLE - fault injection test\r\n")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SOURCE_HEADER)
    w.writerows(_source_rows(v.band, v.rows, "" if v.no_town else "Airdrie"))
    src.write_bytes(buf.getvalue().encode("cp1252"))
    schema = json.loads((DEFINITION / "schema.json").read_text())
    schema["fields"] = [f for f in schema["fields"] if f["name"] != v.drop]
    for f in schema["fields"]:
        if f["name"] == "Town" and v.no_town:
            f["constraints"] = {}  # an optional column, as most are
        if f["name"] == "UPRN" and v.uprn_type == "string":
            f["type"] = "string"
            f["constraints"] = {"required": True, "unique": True}
    (folder / "schema.json").write_text(json.dumps(schema, indent=2))
    y = (DEFINITION / "dataset.yaml").read_text()
    y = y.replace("name: council-tax-extract\n", f"name: {NAME}\n", 1)
    y = y.replace("groups: [housing-and-property, council-and-democracy]\n", "")
    if v.uprn_type == "string":
        y = y.replace("convert: {Postcode: postcode, UPRN: integer}", "convert: {Postcode: postcode}")
    (folder / "dataset.yaml").write_text(y)


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The test's own CKAN, a sysadmin token and a datasets folder with NAME in it."""
    tmp = tmp_path_factory.mktemp("faults")
    server, token, storage = own_server(tmp, "fault", PORT, {"ckanext.nlc.orphan_grace_seconds": "0"})
    server.start()
    root = tmp / "datasets"
    (root / NAME / "source").mkdir(parents=True)
    for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
        shutil.copy(ROOT / "datasets" / f, root / f)
    try:
        yield {"server": server, "token": token, "root": root, "storage": storage, "tmp": tmp}
    finally:
        server.stop()


def _harvest(
    portal: dict[str, Any], url: str, *, recover_wait: float = 0, timeout: float = 60, **kw: Any
) -> Any:
    ckan = Ckan.remote(url, portal["token"], timeout=timeout, retries=2, backoff=0.1)
    pub = Publisher(
        ckan, datasets_dir=portal["root"], recover_wait=recover_wait, lock_dir=portal["tmp"], **kw
    )
    return run((NAME,), pub, datasets_dir=portal["root"], show_progress=False).datasets[0]


def _api(portal: dict[str, Any], action: str, *, auth: bool = True, **params: Any) -> dict[str, Any]:
    headers = {"Authorization": portal["token"]} if auth else {}
    r = requests.post(
        f"{portal['server'].url}/api/3/action/{action}", json=params, headers=headers, timeout=60
    )
    return r.json()


def _publish(portal: dict[str, Any], v: Version) -> None:
    """Publish ``v`` directly (no faults); record its CSV hash."""
    write_version(portal["root"] / NAME, v)
    d = _harvest(portal, portal["server"].url, recover_wait=30)
    assert d.status in ("published", "unchanged"), d
    v.csv_hash = _resource(portal, auth=True)["hash"]


def _resource(portal: dict[str, Any], *, auth: bool) -> dict[str, Any]:
    pkg = _api(portal, "package_show", auth=auth, id=NAME)["result"]
    csvs = [r for r in pkg["resources"] if r["format"] == "CSV"]
    assert len(csvs) == 1, pkg["resources"]
    return csvs[0]


class Mixed(AssertionError):
    """The public file is one version and its DataStore table another."""


def public_version(portal: dict[str, Any], versions: list[Version]) -> str:
    """What an anonymous visitor sees: 'absent', or the label of the one version that the
    file and the DataStore table both hold (fails on a mix, a short table or no table)."""
    shown = _api(portal, "package_show", auth=False, id=NAME)
    if not shown["success"]:
        return "absent"
    res = _resource(portal, auth=False)
    got = requests.get(res["url"], timeout=60)
    assert got.ok, f"file of a public resource not served: {got.status_code}"
    sha = "sha256:" + hashlib.sha256(got.content).hexdigest()
    file_v = [v for v in versions if v.csv_hash == sha]
    assert file_v, f"public file is no published version ({sha})"
    if res["hash"] != sha:  # CKAN renames the upload into place before its commit
        raise Mixed(f"the file is version {file_v[0].label} but the resource hash is another")
    ds = _api(portal, "datastore_search", auth=False, resource_id=res["id"], filters={"UPRN": CHANGED})
    assert ds["success"], f"public resource without its DataStore table: {ds}"
    total = _api(portal, "datastore_search", auth=False, resource_id=res["id"], limit=0)["result"]["total"]
    types = {f["id"]: f["type"] for f in ds["result"]["fields"]}
    band = ds["result"]["records"][0]["Band"]
    table = (total, band, types["UPRN"])
    v = file_v[0]
    want = (ROWS, v.band, "int8" if v.uprn_type == "integer" else "text")
    if table != want:
        raise Mixed(f"file is version {v.label} but the table holds {table}")
    return v.label


def assert_converged(portal: dict[str, Any], v: Version) -> None:
    """The portal holds exactly ``v``: public, file, hash, rows, types, loader record, index, files."""
    assert public_version(portal, [v]) == v.label
    res = _resource(portal, auth=True)
    st = _api(portal, "nlc_datastore_status", resource_id=res["id"])["result"]
    assert st["file_hash"] == st["loaded_hash"] == res["hash"] == v.csv_hash, st
    assert st["rows"] == ROWS
    dump = requests.get(f"{portal['server'].url}/datastore/dump/{res['id']}", timeout=60).text
    published = requests.get(res["url"], timeout=60).text
    rows = [r[1:] for r in csv.reader(io.StringIO(dump))][1:]
    assert rows == list(csv.reader(io.StringIO(published)))[1:], "DataStore rows differ from the file"
    pkg = _api(portal, "package_show", id=NAME)["result"]
    hits = _api(portal, "package_search", fq=f'name:"{NAME}"', include_private=True)["result"]["results"]
    assert len(hits) == 1 and hits[0]["metadata_modified"] == pkg["metadata_modified"]
    assert [r["id"] for r in hits[0]["resources"]] == [r["id"] for r in pkg["resources"]]
    owned = {r["id"] for r in pkg["resources"]}
    stored = [p for p in (portal["storage"] / "resources").rglob("*") if p.is_file()]
    ids = {p.parent.parent.name + p.parent.name + p.name for p in stored}
    assert ids == owned, f"orphan or missing files: stored {sorted(ids)}, owned {sorted(owned)}"


def _trials(portal: dict[str, Any], before: Version | None, after: Version) -> list[str]:
    """Inject each fault at each call in turn; return the fault matrix rows."""
    matrix: list[str] = []
    server: CkanServer = portal["server"]
    plan: list[tuple[int, str]] = []
    n = 1
    while True:  # drop every call's answer in turn; kill at each write
        if before is None:
            _purge(portal)
        else:
            _publish(portal, before)
        write_version(portal["root"] / NAME, after)
        proxy = FaultProxy(server.url, at=n, mode="drop", kill=server.kill)
        try:
            d = _harvest(portal, proxy.url, recover_wait=10)
        finally:
            proxy.close()
        if proxy.fired is None:
            break
        calls = list(proxy.calls)
        seen = public_version(portal, _known(before, after))
        again = _harvest(portal, server.url)
        assert again.status in ("published", "unchanged"), again
        assert_converged(portal, after)
        matrix.append(
            f"drop  at {n:2} {proxy.fired:<22} -> {d.status:<9} public {seen:<7} -> re-run {again.status}"
        )
        if calls[n - 1] in WRITES:
            plan += [
                (n, m)
                for m in (("kill", "kill-during") if calls[n - 1] == "nlc_resource_publish" else ("kill",))
            ]
        n += 1
    for at, mode in plan:
        if before is None:
            _purge(portal)
        else:
            _publish(portal, before)
        write_version(portal["root"] / NAME, after)
        proxy = FaultProxy(server.url, at=at, mode=mode, kill=server.kill, delay=0.4)
        try:
            d = _harvest(portal, proxy.url)
        finally:
            proxy.close()
        assert proxy.fired is not None
        if not server.up():
            server.start()
        # Every fault, a kill inside nlc_resource_publish included, leaves one whole version:
        # the first read settles an interrupted publication (ckanext.nlc.loading.recovery).
        seen = public_version(portal, _known(before, after))
        assert (
            seen != "absent" or before is None
        ), f"{mode} at {proxy.fired}: the published version disappeared"
        again = _harvest(portal, server.url)
        assert again.status in ("published", "unchanged"), again
        assert_converged(portal, after)
        row = f"{mode:<11} at {at:2} {proxy.fired:<22} -> {d.status:<9} public {seen:<7}"
        matrix.append(f"{row} -> re-run {again.status}")
    return matrix + _window_trials(portal, before, after)


class KillWhen:
    """Kill the server the moment ``seen()`` turns true (polled every 2 ms in a thread)."""

    def __init__(self, server: CkanServer, seen: Any) -> None:
        self.server, self.seen, self.fired = server, seen, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            if self.seen():
                self.server.kill()
                self.fired = True
                return
            time.sleep(0.002)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _journal_has_entry() -> Any:
    """A probe: does the test CKAN's publication journal hold an entry right now?"""
    import psycopg2

    conn = psycopg2.connect("postgresql://ckan:ckan@127.0.0.1:5432/datastore_fault")
    conn.autocommit = True

    def seen() -> bool:
        cur = conn.cursor()
        cur.execute("SELECT to_regclass('nlc_journal.publishing') IS NOT NULL")
        if not cur.fetchone()[0]:
            return False
        cur.execute("SELECT count(*) FROM nlc_journal.publishing")
        return cur.fetchone()[0] > 0

    return seen


def _file_replaced(portal: dict[str, Any]) -> Any:
    """A probe: has the published resource's stored file been replaced (a new inode)?"""
    rid = _resource(portal, auth=True)["id"]
    path = portal["storage"] / "resources" / rid[:3] / rid[3:6] / rid[6:]
    inode = path.stat().st_ino
    return lambda: path.exists() and path.stat().st_ino != inode


def _window_trials(portal: dict[str, Any], before: Version | None, after: Version) -> list[str]:
    """Kills that land inside nlc_resource_publish's window on purpose: as soon as its journal
    entry is written (the file not yet replaced), and, for an update, as soon as the stored file
    is replaced (CKAN's commit and the DataStore swap still to come)."""
    rows = []
    server: CkanServer = portal["server"]
    probes = [("kill-at-entry", lambda: _journal_has_entry())]
    if before is not None:
        probes.append(("kill-at-file", lambda: _file_replaced(portal)))
    for mode, probe in probes:
        if before is None:
            _purge(portal)
        else:
            _publish(portal, before)
        write_version(portal["root"] / NAME, after)
        watcher = KillWhen(server, probe())
        try:
            d = _harvest(portal, server.url)
        finally:
            watcher.close()
        assert watcher.fired, f"{mode}: the probe never fired"
        server.start()
        seen = public_version(portal, _known(before, after))
        assert seen != "absent" or before is None, f"{mode}: the published version disappeared"
        again = _harvest(portal, server.url)
        assert again.status in ("published", "unchanged"), again
        assert_converged(portal, after)
        row = f"{mode:<13} nlc_resource_publish   -> {d.status:<9} public {seen:<7}"
        rows.append(f"{row} -> re-run {again.status}")
    return rows


def _known(before: Version | None, after: Version) -> list[Version]:
    return [v for v in (before, after) if v is not None]


def _purge(portal: dict[str, Any]) -> None:
    ckan = Ckan.remote(portal["server"].url, portal["token"], timeout=60)
    Publisher(ckan, datasets_dir=portal["root"]).purge(NAME)


def _report(title: str, matrix: list[str]) -> None:
    out = ROOT / "test-artifacts" / "fault-matrix.txt"
    out.parent.mkdir(exist_ok=True)
    with out.open("a") as fh:
        fh.write(f"## {title}\n" + "\n".join(matrix) + "\n\n")
    print(f"\n{title}\n" + "\n".join(matrix))


def test_faults_new_dataset_then_updates(portal: dict[str, Any]) -> None:
    v1 = Version("v1", "C", "integer")
    v2 = Version("v2", "A", "integer")
    v3 = Version("v3", "B", "string")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "fault-matrix.txt").write_text("")
    # the versions' hashes, from a clean publication of each
    for v in (v1, v2, v3):
        _purge(portal)
        _publish(portal, v)
    matrix = _trials(portal, None, v1)
    _report("new dataset (v1)", matrix)
    assert any(m.startswith("kill ") for m in matrix) and any(m.startswith("kill-during") for m in matrix)
    _report("update: one row changed (v1 -> v2)", _trials(portal, v1, v2))
    _report("update: UPRN integer -> string (v2 -> v3)", _trials(portal, v2, v3))
    assert portal["server"].kills >= 9
    # the kills inside the window were settled by the journal, both ways
    log = portal["server"].log_text()
    assert "publication journal:" in log and " rolled back " in log and " completed " in log, (
        "no interrupted publication was settled: the window was never hit"
    )


@pytest.mark.parametrize(
    ("version", "message"),
    [
        (Version("empty", "A", "integer", rows=0), "the source yielded no rows"),
        (Version("shrunk", "A", "integer", rows=ROWS // 3), "more than 50% fewer"),
        (
            Version("no-town", "A", "integer", drop="Town"),
            "column(s) Town of the published version are missing",
        ),
    ],
    ids=["header-only", "two-thirds-lost", "column-dropped"],
)
def test_no_silent_shrinkage(portal: dict[str, Any], version: Version, message: str) -> None:
    v1 = Version("v1", "C", "integer")
    _publish(portal, v1)
    write_version(portal["root"] / NAME, version)
    d = _harvest(portal, portal["server"].url)
    assert d.status == "failed" and d.errors[0]["kind"] == "shrinkage-refused", d
    assert message in d.errors[0]["message"] and "--allow-shrink" in d.errors[0]["message"]
    assert public_version(portal, [v1]) == "v1"
    # the command-line flag (or the definition's `publish:` block) allows it
    allow = ShrinkPolicy(max_row_loss=1, allow_empty=True, allow_dropped_columns=True)
    d = _harvest(portal, portal["server"].url, shrink=allow)
    assert d.status == "published", d
    res = _resource(portal, auth=False)
    total = _api(portal, "datastore_search", auth=False, resource_id=res["id"], limit=0)["result"]["total"]
    assert total == version.rows


def test_two_harvests_at_once_one_waits(portal: dict[str, Any]) -> None:
    _purge(portal)
    write_version(portal["root"] / NAME, Version("v1", "C", "integer"))
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.append(_harvest(portal, portal["server"].url)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(d.status for d in results) == ["published", "unchanged"], [vars(d) for d in results]
    # a harvest that may not wait stops with a clear message
    ckan = Ckan.remote(portal["server"].url, portal["token"])
    holder = Publisher(ckan, datasets_dir=portal["root"], lock_dir=portal["tmp"])
    with holder.lock(NAME):
        d = _harvest(portal, portal["server"].url, lock_wait=0)
    assert d.status == "failed" and d.errors[0]["kind"] == "harvest-busy"
    assert "another harvest of this dataset" in d.errors[0]["message"]


def test_stalled_answer_times_out(portal: dict[str, Any]) -> None:
    write_version(portal["root"] / NAME, Version("v1", "C", "integer"))
    proxy = FaultProxy(portal["server"].url, at=1, mode="stall", kill=lambda: None, delay=30)
    try:
        t0 = time.monotonic()
        d = _harvest(portal, proxy.url, timeout=2)
        took = time.monotonic() - t0
    finally:
        proxy.close()
    assert d.status == "failed" and d.errors[0]["kind"] == "ckan-unreachable", d
    assert "ReadTimeout" in d.errors[0]["message"] or "Timeout" in d.errors[0]["message"]
    assert took < 25, took


def test_503_with_retry_after_is_retried(portal: dict[str, Any]) -> None:
    _purge(portal)
    write_version(portal["root"] / NAME, Version("v1", "C", "integer"))
    proxy = FaultProxy(portal["server"].url, at=1, mode="unavailable", kill=lambda: None)
    try:
        d = _harvest(portal, proxy.url)
    finally:
        proxy.close()
    assert d.status == "published", d
    assert proxy.fired and proxy.calls[0] == proxy.calls[1]  # the same read, asked again


def test_definition_publish_block_allows_an_empty_version(portal: dict[str, Any]) -> None:
    _publish(portal, Version("v1", "C", "integer"))
    folder = portal["root"] / NAME
    write_version(folder, Version("empty", "A", "integer", rows=0))
    y = folder / "dataset.yaml"
    y.write_text(y.read_text() + "publish:\n  allow_empty: true\n")
    assert _harvest(portal, portal["server"].url).status == "published"
    res = _resource(portal, auth=False)
    found = _api(portal, "datastore_search", auth=False, resource_id=res["id"], limit=0)
    assert found["result"]["total"] == 0
    y.write_text(y.read_text().replace("allow_empty: true", "allow_emtpy: true"))
    d = _harvest(portal, portal["server"].url)
    assert d.status == "failed" and "publish.allow_emtpy" in d.errors[0]["message"], d
