"""Browser tests: Debian's Chromium (playwright-core) against the running demo portal."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.live import PORTAL, ROOT, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test

HERE = Path(__file__).parent


def run_scenario(script: str, timeout: float = 240) -> dict:
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "PORTAL_URL": PORTAL,
           "SCREENSHOT_DIR": str(ROOT / "test-artifacts" / "screenshots")}
    for name in ("NLC_STATE", "PORTAL_SYSADMIN"):  # whose sysadmin signs in (default the demo's)
        if os.environ.get(name):
            env[name] = os.environ[name]
    proc = subprocess.run(["node", str(HERE / script)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"{script} printed no result: {proc.stderr[-2000:]}"
    out = json.loads(lines[-1])
    assert "error" not in out, out["error"]
    return out


@pytest.fixture(scope="module")
def visitor() -> dict:
    require_portal()
    return run_scenario("portal_visitor.mjs")


def test_home_page_shows_the_council_and_a_skip_link(visitor):
    assert visitor["home_title"] == "North Lanarkshire Council Open Data"
    assert visitor["first_tab"] == "Skip to main content"
    assert (ROOT / "test-artifacts" / "screenshots" / "home.png").stat().st_size > 10_000


def test_search_for_toilets_finds_the_dataset(visitor):
    assert any("toilet" in t.lower() for t in visitor["search_results"])
    assert "/dataset/public-toilets" in visitor["dataset_url"]


def test_dataset_map_shows_features(visitor):
    assert visitor["map_features"] > 0


def test_data_dictionary_and_csv_download(visitor):
    assert visitor["dictionary_rows"] >= 10
    assert "GeoX" in visitor["dictionary_fields"] and "Postcode" in visitor["dictionary_fields"]
    assert visitor["download_status"] == 200
    assert visitor["download_head"].lstrip("\ufeff").startswith("ExtractDate")


def test_pages_have_no_serious_accessibility_violations(visitor):
    assert visitor["a11y"] and all(v == [] for v in visitor["a11y"].values()), visitor["a11y"]
