"""Publishing to the running CKAN through RemoteCKAN: idempotence, updates, failures, DataStore.

These run against a CKAN of their own (``harvest_ckan`` in conftest.py: test.ini with
databases of its own), on uniquely named copies of shipped datasets that are purged afterwards.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import requests

from harvesters.ckan_client import Ckan
from harvesters.errors import CkanUnreachable, DataStoreLoadError, PublishError
from harvesters.pipeline import run
from harvesters.publish import Publisher

from .conftest import CKAN_URL


def _api(action: str, token: str | None = None, **params):
    headers = {"Authorization": token} if token else {}
    r = requests.post(f"{CKAN_URL}/api/3/action/{action}", json=params, headers=headers, timeout=60)
    return r.json()


def _publisher(token: str, root: Path, url: str = CKAN_URL) -> Publisher:
    ckan = Ckan.remote(url, token, timeout=30, retries=2, backoff=0.1)
    return Publisher(ckan, datasets_dir=root, recover_wait=2)


def test_publish_searchable_datastore_and_idempotent(ckan_token, scratch_datasets) -> None:
    folder = scratch_datasets("school-term-dates")
    gis = scratch_datasets("wards")
    root, name = folder.parent, folder.name
    pub = _publisher(ckan_token, root)
    report = run((name, gis.name), pub, datasets_dir=root, show_progress=False)
    assert [d.status for d in report.datasets] == ["published", "published"], report.as_dict()
    pkg = _api("package_show", id=name)["result"]  # anonymous: it is public
    assert pkg["mps_class"] == ["5", "9"] and pkg["foi_topics"] == ["school-term-dates"]
    assert pkg["personal_data_screen"] == "passed" and pkg["organization"]["name"] == "education"
    res = pkg["resources"][0]
    assert res["hash"].startswith("sha256:") and res["datastore_active"]
    ds = _api("datastore_search", resource_id=res["id"], limit=1)["result"]
    assert ds["total"] == 20
    types = {f["id"]: f["type"] for f in ds["fields"]}
    assert types["StartDate"] == "date" and types["Session"] == "text"
    found = _api("package_search", q=f"name:{name}")["result"]
    assert found["count"] == 1
    wards = _api("package_show", id=gis.name)["result"]
    assert {r["format"] for r in wards["resources"]} == {"CSV", "GeoJSON", "GPKG"}
    assert json.loads(wards["spatial"])["type"] == "Polygon"
    # unchanged source: no write calls at all
    pub2 = _publisher(ckan_token, root)
    again = run((name, gis.name), pub2, datasets_dir=root, show_progress=False)
    assert [d.status for d in again.datasets] == ["unchanged", "unchanged"]
    assert pub2.ckan.writes == []


def test_changed_source_updates_and_activity_shows_it(ckan_token, scratch_datasets) -> None:
    folder = scratch_datasets("school-term-dates")
    root, name = folder.parent, folder.name
    run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    before = _api("package_show", id=name)["result"]["resources"][0]
    src = folder / "source" / "term_dates.csv"
    src.write_text(src.read_text() + "2025/26,Term 3,Extra holiday (sample),26/05/2026,26/05/2026\r\n")
    report = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    d = report.datasets[0]
    assert d.status == "published" and any("updated resource" in c for c in d.changes)
    after = _api("package_show", id=name)["result"]["resources"][0]
    assert after["id"] == before["id"] and after["hash"] != before["hash"]
    assert _api("datastore_search", resource_id=after["id"], limit=0)["result"]["total"] == 21
    acts = _api("package_activity_list", ckan_token, id=name)["result"]
    assert any(a["activity_type"] == "changed package" for a in acts)


def test_failing_dataset_keeps_previous_version_and_others_publish(ckan_token, scratch_datasets) -> None:
    bad = scratch_datasets("school-term-dates")
    good = scratch_datasets("museums-galleries")
    root = bad.parent
    run((bad.name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    before = _api("package_show", id=bad.name)["result"]
    src = bad / "source" / "term_dates.csv"
    src.write_text(src.read_text() + "2025/26,Term 3,Broken,31/02/2026,not a date\r\n")
    report = run((bad.name, good.name), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    status = {d.name: d for d in report.datasets}
    assert status[bad.name].status == "failed" and status[good.name].status == "published"
    err = status[bad.name].errors[0]
    assert err["kind"] == "validation-failed" and {e["field"] for e in err["errors"]} == {
        "StartDate",
        "EndDate",
    }
    after = _api("package_show", id=bad.name)["result"]
    assert after["resources"][0]["hash"] == before["resources"][0]["hash"]
    assert after["metadata_modified"] == before["metadata_modified"]


def test_failed_first_publication_leaves_no_dataset_and_no_datastore_table(ckan_token, scratch_datasets):
    folder = scratch_datasets("school-term-dates")
    pub = _publisher(ckan_token, folder.parent)
    loaded: list[str] = []
    real_call = pub.ckan.call

    def call(action: str, **data):
        if action == "package_patch":  # the last step: making the new dataset public
            raise PublishError("CKAN rejected package_patch: refused by the test")
        out = real_call(action, **data)
        if action == "nlc_datastore_load":
            loaded.append(data["resource_id"])
        if action == "nlc_resource_publish" and out.get("rows") is not None:
            loaded.append(out["id"])  # file and DataStore table in one call
        return out

    pub.ckan.call = call
    report = run((folder.name,), pub, datasets_dir=folder.parent, show_progress=False)
    assert report.datasets[0].status == "failed" and loaded
    assert _api("package_show", ckan_token, id=folder.name)["success"] is False
    gone = _api("datastore_search", ckan_token, resource_id=loaded[0])
    assert gone["success"] is False and gone["error"]["__type"] == "Not Found Error"


def test_personal_data_blocks_publication(ckan_token, scratch_datasets) -> None:
    folder = scratch_datasets("councillors")
    y = folder / "dataset.yaml"
    text = y.read_text()
    y.write_text(text[: text.index("allow:")] + text[text.index("resources:") :])
    report = run(
        (folder.name,), _publisher(ckan_token, folder.parent), datasets_dir=folder.parent, show_progress=False
    )
    d = report.datasets[0]
    assert d.status == "failed" and d.errors[0]["kind"] == "personal-data-found"
    assert {f["field"] for f in d.errors[0]["findings"]} == {"Councillor", "Email"}
    assert _api("package_show", ckan_token, id=folder.name)["success"] is False


def test_ckan_unreachable_mid_run_leaves_nothing_half_published(
    ckan_token, scratch_datasets, dropping_proxy
) -> None:
    folder = scratch_datasets("libraries-first-stop-shops")
    root, name = folder.parent, folder.name
    proxy = dropping_proxy(action="nlc_resource_publish")
    report = run((name,), _publisher(ckan_token, root, proxy.url), datasets_dir=root, show_progress=False)
    d = report.datasets[0]
    assert d.status == "failed" and d.errors[0]["kind"] == "ckan-unreachable"
    assert "nlc_resource_publish" in d.errors[0]["message"]
    shown = _api("package_show", ckan_token, id=name)
    assert not shown["success"] or shown["result"]["private"] is True  # never public half-made
    assert _api("package_show", id=name)["success"] is False  # anonymous cannot see it
    # with CKAN back, the next run completes it and makes it public
    report = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    assert report.datasets[0].status == "published"
    pkg = _api("package_show", id=name)["result"]
    assert pkg["private"] is False
    assert sorted(r["format"] for r in pkg["resources"]) == ["CSV", "GeoJSON"]  # the table and its points


def test_ckan_unreachable_after_n_requests(ckan_token, scratch_datasets, dropping_proxy) -> None:
    folder = scratch_datasets("postcodes")
    proxy = dropping_proxy(at=2)
    report = run(
        (folder.name,),
        _publisher(ckan_token, folder.parent, proxy.url),
        datasets_dir=folder.parent,
        show_progress=False,
    )
    assert report.datasets[0].status == "failed"
    assert report.datasets[0].errors[0]["kind"] == "ckan-unreachable"
    assert _api("package_show", id=folder.name)["success"] is False


def test_update_rolled_back_when_a_later_step_fails(ckan_token, scratch_datasets) -> None:
    from harvesters.definition import load_definition
    from harvesters.pipeline import prepare
    from harvesters.report import DatasetReport

    folder = scratch_datasets("wards")
    root, name = folder.parent, folder.name
    run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    before = {r["name"]: r for r in _api("package_show", id=name)["result"]["resources"]}
    csv_before = requests.get(before["Multi-member wards"]["url"], timeout=30).content
    defn = load_definition(folder)
    defn.meta["title"] = "Wards (changed)"
    prepared = prepare(defn, folder.parent / "work", DatasetReport(name=name))
    csv = next(f for f in prepared.files if f.format == "CSV")
    csv.path.write_text(csv.path.read_text().replace("Kilsyth", "Kilsyth (renamed)"))
    from harvesters.output import sha256_file

    csv.hash = sha256_file(csv.path)
    pub = _publisher(ckan_token, root)
    package = pub.package_fields(defn, spatial=prepared.spatial, screen="passed", today="2030-01-01")

    def fail_later(res, f):
        if f.format == "CSV":
            raise DataStoreLoadError("simulated DataStore failure after upload")

    with pytest.raises(DataStoreLoadError):
        pub.publish(defn, prepared.files, package, fail_later)
    after_pkg = _api("package_show", id=name)["result"]
    after = {r["name"]: r for r in after_pkg["resources"]}
    assert after_pkg["title"] == "Multi-member wards"
    assert after["Multi-member wards"]["hash"] == before["Multi-member wards"]["hash"]
    assert requests.get(after["Multi-member wards"]["url"], timeout=30).content == csv_before


def test_ckan_unreachable_error_type() -> None:
    ckan = Ckan.remote("http://127.0.0.1:9", None, timeout=2)
    with pytest.raises(CkanUnreachable, match="unreachable during package_show"):
        ckan.call("package_show", id="x")


def test_file_missing_from_ckan_store_is_reuploaded(ckan_token, harvest_ckan, scratch_datasets) -> None:
    """A database that outlived its file store (CKAN answers 500 for the download) must not
    leave an "unchanged" dataset whose files cannot be downloaded."""
    folder = scratch_datasets("school-term-dates")
    root, name = folder.parent, folder.name
    run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    res = _api("package_show", id=name)["result"]["resources"][0]
    rid = res["id"]
    stored = harvest_ckan.storage / "resources" / rid[:3] / rid[3:6] / rid[6:]
    assert stored.is_file(), f"uploaded file not where ckan.storage_path keeps it: {stored}"
    stored.unlink()
    assert not requests.get(res["url"], timeout=30).ok
    report = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    d = report.datasets[0]
    assert d.status == "published", report.as_dict()
    assert any(c.startswith("re-uploaded resource") for c in d.changes), d.changes
    got = requests.get(res["url"], timeout=30)
    assert got.ok, got.status_code
    assert "sha256:" + hashlib.sha256(got.content).hexdigest() == res["hash"]
    assert _api("package_show", id=name)["result"]["resources"][0]["id"] == rid


def test_a_tag_removed_from_the_definition_is_removed_and_the_rerun_is_unchanged(
    ckan_token, scratch_datasets
) -> None:
    """package_patch keeps the current tags beside a tag_string: the tags are sent as a list."""
    folder = scratch_datasets("school-term-dates")
    root, name = folder.parent, folder.name
    y = folder / "dataset.yaml"
    text = y.read_text()
    tags_line = next(ln for ln in text.splitlines() if ln.startswith("tags:"))
    y.write_text(text.replace(tags_line, "tags: [school terms, holidays, obsolete tag]"))
    first = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    assert first.datasets[0].status == "published", first.as_dict()
    y.write_text(text.replace(tags_line, "tags: [school terms, holidays]"))
    second = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    assert second.datasets[0].status == "published"
    tags = sorted(t["name"] for t in _api("package_show", id=name)["result"]["tags"])
    assert tags == ["holidays", "school terms"]
    third = run((name,), _publisher(ckan_token, root), datasets_dir=root, show_progress=False)
    assert third.datasets[0].status == "unchanged"
