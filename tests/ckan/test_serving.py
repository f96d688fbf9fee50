"""The production serving set-up (uWSGI, deploy/uwsgi.ini) never kills a healthy request.

uWSGI 2.0.31 with threads > 1 and post-buffering killed workers about 1 s into uploads
(one harakiri timer per worker shared by its threads). For 20 s, two clients upload 4 MB
files while four others loop on GET requests; no request may fail and the log may show no
harakiri and no worker respawn.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from urllib3 import encode_multipart_formdata

from tests.ckan_server import CkanServer, derived_ini
from tests.conftest import dataset_fields

PORT = 5072
SECONDS = 20


class SlowBody:
    """A request body sent in 64 KB pieces with a pause between them, as a remote client's
    upload arrives (a loopback upload would be buffered before any other request ends)."""

    def __init__(self, data: bytes, pause: float = 0.02) -> None:
        self.data, self.pause = data, pause

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self):  # noqa: ANN204
        for i in range(0, len(self.data), 65536):
            time.sleep(self.pause)
            yield self.data[i : i + 65536]


def test_uploads_and_reads_at_once_kill_no_worker(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    from ckan.tests import factories

    storage = tmp_path / "storage"
    storage.mkdir()
    ini = derived_ini(
        Path(request.config.getoption("ckan_ini")),  # the databases the factories write to
        tmp_path / "serving.ini",
        {"ckan.site_url": f"http://127.0.0.1:{PORT}", "ckan.storage_path": str(storage)},
    )
    server = CkanServer(ini, PORT, tmp_path / "uwsgi.log")
    server.start()
    try:
        user = factories.Sysadmin()
        token = factories.APIToken(user=user["name"])["token"]
        org = factories.Organization()
        auth = {"Authorization": token}
        name = f"serving-uploads-{uuid.uuid4().hex[:8]}"
        pkg = requests.post(
            f"{server.url}/api/3/action/package_create",
            json={"name": name, "owner_org": org["id"], **dataset_fields(title="Uploads")},
            headers=auth,
            timeout=60,
        ).json()
        assert pkg["success"], pkg
        blob = (b"0123456789abcdef" * 64 + b"\n") * 4000  # about 4 MB
        failures: list[str] = []
        counts = {"upload": 0, "get": 0}
        stop = time.monotonic() + SECONDS

        def upload() -> None:
            while time.monotonic() < stop:
                try:
                    fields = {"package_id": pkg["result"]["id"], "name": "blob", "format": "TXT"}
                    body, content_type = encode_multipart_formdata({**fields, "upload": ("blob.txt", blob)})
                    r = requests.post(
                        f"{server.url}/api/3/action/resource_create",
                        data=SlowBody(body),
                        headers={**auth, "Content-Type": content_type},
                        timeout=120,
                    )
                    if not r.ok:
                        failures.append(f"upload: HTTP {r.status_code}")
                    counts["upload"] += 1
                except requests.RequestException as e:
                    failures.append(f"upload: {type(e).__name__}")

        def get() -> None:
            while time.monotonic() < stop:
                try:
                    r = requests.get(f"{server.url}/api/3/action/package_show?id={name}", timeout=60)
                    if not r.ok:
                        failures.append(f"get: HTTP {r.status_code}")
                    counts["get"] += 1
                except requests.RequestException as e:
                    failures.append(f"get: {type(e).__name__}")

        threads = [threading.Thread(target=upload) for _ in range(2)] + [
            threading.Thread(target=get) for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        requests.post(f"{server.url}/api/3/action/dataset_purge", json={"id": name}, headers=auth, timeout=60)
    finally:
        server.stop()
    log = server.log_text()
    assert not failures, failures[:10]
    assert counts["upload"] >= 4 and counts["get"] >= 20, counts
    assert "HARAKIRI" not in log, [ln for ln in log.splitlines() if "HARAKIRI" in ln][:5]
    assert "DAMN ! worker" not in log and "Respawned uWSGI worker" not in log
