"""Solr stopped under a running CKAN: a clear message, then recovery without a restart."""
from __future__ import annotations

import subprocess
import time

import pytest
import requests

from tests.live import PORTAL, ROOT, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test


def solr(command: str) -> None:
    subprocess.run([str(ROOT / "scripts" / "solr.sh"), command], check=True, capture_output=True, timeout=180)


@pytest.mark.disruptive
def test_search_pages_explain_a_solr_outage_and_recover():
    require_portal()
    assert requests.get(f"{PORTAL}/dataset/", timeout=30).status_code == 200
    solr("stop")
    try:
        page = requests.get(f"{PORTAL}/dataset/?q=toilets", timeout=30)
        assert "Traceback" not in page.text
        assert "search service is temporarily unavailable" in page.text.lower()
        api = requests.get(f"{PORTAL}/api/3/action/package_search?q=toilets", timeout=30)
        assert api.status_code >= 400 and api.json()["success"] is False
        home = requests.get(f"{PORTAL}/", timeout=30)
        assert home.status_code == 200 and "North Lanarkshire Council Open Data" in home.text
    finally:
        solr("start")
    deadline = time.time() + 60
    while True:
        page = requests.get(f"{PORTAL}/dataset/?q=toilets", timeout=30)
        if page.status_code == 200 and "dataset-heading" in page.text:
            break
        assert time.time() < deadline, "search did not recover after Solr came back"
        time.sleep(1)
