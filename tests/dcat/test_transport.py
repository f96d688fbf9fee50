"""Over-long requests to the portal as served (uWSGI, deploy/uwsgi.ini) get 414/431, never another answer."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.ckan_server import CkanServer, derived_ini

PORT = 5161


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("transport")
    (tmp / "storage").mkdir()
    base = Path(request.config.getoption("ckan_ini"))
    overrides = {"ckan.site_url": f"http://127.0.0.1:{PORT}", "ckan.storage_path": str(tmp / "storage")}
    ini = derived_ini(base, tmp / "transport.ini", overrides)
    ckan = CkanServer(ini, PORT, tmp / "uwsgi.log", processes=1)
    ckan.start()
    try:
        yield ckan.url
    finally:
        ckan.stop()


@pytest.mark.parametrize("size", [9_000, 17_000, 40_000])
def test_an_over_long_query_is_414_with_a_clear_error(server: str, size: int) -> None:
    response = requests.get(f"{server}/api/3/action/package_search", params={"q": "x" * size}, timeout=30)
    assert response.status_code == 414
    body = response.json()
    assert body["success"] is False and "POST" in body["error"]["message"]


def test_a_long_query_sent_as_post_is_answered(server: str) -> None:
    response = requests.post(f"{server}/api/3/action/package_search", json={"q": "x" * 17_000}, timeout=30)
    assert response.status_code == 200 and response.json()["result"]["count"] == 0


def test_a_normal_query_is_answered(server: str) -> None:
    assert requests.get(f"{server}/api/3/action/package_search?q=toilets", timeout=30).status_code == 200


def test_over_large_headers_are_431(server: str) -> None:
    headers = {f"X-Pad-{i}": "y" * 1000 for i in range(40)}
    response = requests.get(f"{server}/api/3/action/package_search?q=toilets", headers=headers, timeout=30)
    assert response.status_code == 431
