"""Browser tests of the FOI dashboard and the Guide to Information: on the running demo
portal, and the FOI workbench (classification, replies, deflection, contact page) on a
CKAN of the test's own running this checkout (port 5151)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import warnings
from pathlib import Path

import pytest

from tests.browser.test_portal_browser import HERE, run_scenario
from tests.ckan_server import CkanServer, derived_ini, own_databases
from tests.conftest import dataset_fields
from tests.live import ROOT, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test

WORKBENCH_PORT = 5151

STATUSES = {"published", "overdue", "planned", "missing", "blocked"}


@pytest.fixture(scope="module")
def team() -> dict:
    require_portal()
    return run_scenario("foi_team.mjs")


def test_public_dashboard_has_no_request_details(team):
    assert team["public_rows"] == 20
    assert team["public_has_form"] == 0 and team["public_examples"] == 0


def test_team_sees_top_20_with_statuses_and_the_chart(team):
    if team["login"] != "password":
        warnings.warn(
            "the password in .state/sysadmin.json does not match the demo admin; signed in by API token",
            stacklevel=1,
        )
    assert team["heading"] == "FOI coverage dashboard"
    assert team["rows"] == 20 and len(team["statuses"]) == 20
    assert set(team["statuses"]) <= STATUSES and "published" in team["statuses"]
    assert len(team["status_badges"]) == 20
    assert team["chart_rows"] == 20 and team["chart_bars"] >= 80
    assert team["chart_marks"] >= 1
    assert team["chart_label"] == "foi-chart-title foi-chart-desc"
    assert team["team_examples"] > 0
    assert (ROOT / "test-artifacts" / "screenshots" / "foi-dashboard.png").stat().st_size > 20_000


def test_team_checks_a_new_request(team):
    assert team["suggestions"] and "council tax" in team["suggestions"][0].lower()
    assert "section 25(1)" in team["reply"] and "/dataset/council-tax-bands" in team["reply"]


def test_csv_export(team):
    assert team["csv_header"].startswith("rank,topic,label,requests,status")
    assert team["csv_rows"] == 20


def test_guide_lists_every_class_and_links_every_published_dataset(team):
    assert team["guide_classes"] == [str(n) for n in range(1, 10)]
    assert all(h.startswith(f"Class {n}:") for n, h in enumerate(team["guide_headings"][:9], 1))
    linked = {d["name"] for d in team["guide_datasets"]}
    assert linked == set(team["published"])
    for d in team["guide_datasets"]:
        assert d["href"].endswith(f"/dataset/{d['name']}")
        assert "Formats:" in d["meta"] and "Licence:" in d["meta"]
    assert team["guide_staff_flags"] == 0


def test_pages_have_no_serious_accessibility_violations(team):
    assert team["a11y"] and all(v == [] for v in team["a11y"].values()), team["a11y"]


@pytest.fixture(scope="module")
def workbench(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    import requests
    import sqlalchemy as sa

    from publication_plan.store import FoiRequest, FoiStore

    tmp = tmp_path_factory.mktemp("workbench")
    (tmp / "storage").mkdir()
    url = f"http://127.0.0.1:{WORKBENCH_PORT}"
    base = derived_ini(Path(request.config.getoption("ckan_ini")), tmp / "base.ini", {})
    ini, token = own_databases(
        base,
        tmp / "workbench.ini",
        "foiweb",
        {"ckan.site_url": url, "ckan.storage_path": str(tmp / "storage")},
    )
    work_db = next(
        line.split("=", 1)[1].strip()
        for line in ini.read_text().splitlines()
        if line.startswith("ckanext.nlc.work_db_url")
    )
    store = FoiStore(work_db)
    with store.engine.begin() as conn:
        for table in (store.request_topics, store.requests, store.classifications, store.candidates):
            conn.execute(sa.delete(table))
    today = dt.date.today()
    rows = [
        FoiRequest(f"WB/{n}", today - dt.timedelta(days=9 * n + 3), "Public toilets opening hours")
        for n in range(30)
    ]
    rows += [
        FoiRequest(f"WB/U{n}", today - dt.timedelta(days=n + 2), f"Allotment waiting list query {n}")
        for n in range(4)
    ]
    store.upsert_requests(rows)
    import redis

    settings = dict(
        line.split("=", 1) for line in ini.read_text().splitlines() if "=" in line and line[0] != "#"
    )
    limits = redis.Redis.from_url(settings["ckan.redis.url"].strip())
    for key in limits.scan_iter("nlc:contact:*"):  # the hourly dataset-request counter
        limits.delete(key)
    store.set_auto_topics({r.reference: ("public-toilets",) for r in rows[:30]})
    server = CkanServer(ini, WORKBENCH_PORT, tmp / "uwsgi.log", processes=1)
    server.start()
    try:
        api = f"{url}/api/3/action/"
        headers = {"Authorization": token}
        requests.post(api + "organization_create", json={"name": "environment"}, headers=headers, timeout=60)
        fields = dataset_fields(
            name="public-toilets",
            owner_org="environment",
            notes="Public toilets with opening hours.",
            resources=[{"url": f"{url}/toilets.csv", "format": "CSV", "name": "Public toilets"}],
        )
        # A copy kept in the database by an earlier run may be missing from this Solr index
        # (a fresh Solr home over the same PostgreSQL): start from none.
        requests.post(api + "dataset_purge", json={"id": "public-toilets"}, headers=headers, timeout=60)
        made = requests.post(api + "package_create", json=fields, headers=headers, timeout=60)
        assert made.ok, made.text
        listed = requests.get(
            api + "package_search", params={"fq": "name:public-toilets"}, headers=headers, timeout=60
        ).json()["result"]["results"]
        assert [(d["name"], d["private"], d["foi_topics"]) for d in listed] == [
            ("public-toilets", False, ["public-toilets"])
        ], listed
        env = {
            "PATH": "/usr/bin:/bin:/usr/local/bin",
            "PORTAL_URL": url,
            "NLC_TOKEN": token,
            "SCREENSHOT_DIR": str(ROOT / "test-artifacts" / "screenshots"),
        }
        proc = subprocess.run(
            ["node", str(HERE / "foi_workbench.mjs")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        assert lines, proc.stderr[-2000:]
        out = json.loads(lines[-1])
        assert "error" not in out, out["error"]
        out["store"] = {r.reference: r for r in store.list_requests()}
        out["candidates"] = store.list_candidates()
        return out
    finally:
        server.stop()
        store.engine.dispose()


def test_visitor_requests_a_dataset_and_it_reaches_the_foi_team(workbench):
    assert workbench["contact_mailbox"].startswith("foi@")
    assert (
        "reached the FOI team" in workbench["contact_sent"]
        and "removed personal details" in workbench["contact_sent"]
    )
    [sent] = [c for c in workbench["candidates"] if c["source"] == "contact"]
    assert "bus shelter" in sent["text"] and "sam.sample@example.org" not in sent["text"]
    assert any("bus shelter" in t for t in workbench["dataset_requests"])


def test_foi_team_classifies_many_requests_changes_and_clears(workbench):
    first, second = workbench["first_two"]
    assert workbench["unmatched_before"] == 4 and workbench["unmatched_after"] == 2
    assert any("2 request(s) classified" in t for t in workbench["assign_flash"])
    assert set(workbench["store"][second].topics) == {"libraries", "museums-galleries"}
    assert any("1 request(s) classified: Schools" in t for t in workbench["change_flash"])
    assert workbench["store"][first].topics == () and workbench["store"][first].topic_source == "manual"
    assert workbench["unmatched_final"] == 3


def test_replies_cover_only_what_published_data_holds(workbench):
    assert workbench["partly_suggestions"] == ["Public toilets"], workbench["partly_page"]
    assert any("Council tax bands" in t for t in workbench["partly_open"])
    reply = workbench["partly_reply"]
    assert "section 25(1)" in reply and "is being dealt with" in reply and "new request" not in reply
    assert f"http://127.0.0.1:{WORKBENCH_PORT}/dataset/public-toilets" in reply
    assert workbench["capacity_suggestions"] == 0 and "section 25" not in workbench["capacity_reply"]
    assert "Answer the request in the usual way" in workbench["capacity_reply"]
    assert "empty request" in workbench["empty_error"]


def test_deflection_late_publication_and_guide_contact(workbench):
    assert "full months before" in workbench["deflection"] and workbench["late"] == 1
    assert "foi@" in workbench["guide_contact"] and "Motherwell" in workbench["guide_contact"]
    assert "2027-12-01" in workbench["guide_review"]


def test_workbench_pages_have_no_serious_accessibility_violations(workbench):
    assert workbench["a11y"] and all(v == [] for v in workbench["a11y"].values()), workbench["a11y"]
