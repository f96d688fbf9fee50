"""The running demo portal (after scripts/foi_demo.sh): the public never sees request texts."""

from __future__ import annotations

import html
import json

import pytest
import requests

from tests.live import PORTAL, require_portal, sysadmin_token

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test


@pytest.fixture(scope="module")
def team_view() -> dict:
    require_portal()
    resp = requests.get(
        f"{PORTAL}/api/3/action/nlc_foi_coverage", headers={"Authorization": sysadmin_token()}, timeout=60
    )
    resp.raise_for_status()
    dash = resp.json()["result"]
    assert dash["requests_in_window"] >= 1500, "import the sample FOI log first: scripts/foi_demo.sh"
    return dash


def test_demo_dashboard_has_meaningful_figures(team_view):
    assert team_view["detail"] == "full"
    assert len(team_view["top_topics"]) == 20
    assert 0 < team_view["coverage"]["topics_answered"] <= 20  # every top topic may be answered by now
    assert team_view["unmatched_requests"]


def test_public_page_api_and_csv_never_contain_request_texts(team_view):
    titles = {r["title"] for row in team_view["top_topics"] for r in row["example_requests"]}
    titles |= {r["title"] for r in team_view["unmatched_requests"]}
    # Short generic titles ("Contracts register") can equal a topic label; check distinctive ones.
    titles = {t for t in titles if len(t.split()) >= 4}
    assert len(titles) > 50
    api = requests.get(f"{PORTAL}/api/3/action/nlc_foi_coverage", timeout=60).json()["result"]
    assert api["detail"] == "summary"
    api_text = json.dumps(api, ensure_ascii=False)
    page = requests.get(f"{PORTAL}/foi/dashboard", timeout=60).text
    csv_text = requests.get(f"{PORTAL}/foi/dashboard.csv", timeout=60).text
    for title in titles:
        assert title not in api_text and title not in csv_text
        assert title not in page and html.escape(title) not in page
