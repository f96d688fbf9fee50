"""Fixtures for the harvester tests: a replaying HTTP server, a dropping CKAN proxy, live CKAN."""

from __future__ import annotations

import json
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from harvesters.ckan_client import Ckan
from harvesters.publish import Publisher
from tests.fault_proxy import FaultProxy
from tests.shared_data import shared_data_dir

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = shared_data_dir()
HARVEST_PORT = 5162  # the harvester tests' own CKAN (never the demo's on 5000)
CKAN_URL = f"http://127.0.0.1:{HARVEST_PORT}"


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list = b""
    content_type: str = "application/json"
    delay: float = 0.0


@dataclass
class Replay:
    """Routes: path -> callable(query) -> Reply; every request is logged."""

    url: str = ""
    routes: dict[str, Callable[[dict[str, list[str]]], Reply]] = field(default_factory=dict)
    log: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)


@pytest.fixture
def replay() -> Iterator[Replay]:
    """A local HTTP server on 127.0.0.1 (port 0) replaying recorded responses."""
    state = Replay()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            state.log.append((parts.path, query))
            route = state.routes.get(parts.path)
            reply = (
                route(query) if route else Reply(404, "<html><title>Not Found</title></html>", "text/html")
            )
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            if isinstance(body, dict | list):
                body = json.dumps(body)
            data = body.encode() if isinstance(body, str) else body
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def dropping_proxy() -> Iterator[Callable[..., FaultProxy]]:
    """A proxy to the demo CKAN that drops every call from the ``at``-th one (or the first call
    of ``action``) on, unanswered."""
    made: list[FaultProxy] = []

    def make(**kw: Any) -> FaultProxy:
        p = FaultProxy(CKAN_URL, mode="refuse", **kw)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()


@dataclass
class HarvestCkan:
    """The harvester tests' CKAN: its URL, a sysadmin token and its file store."""

    url: str
    token: str
    storage: Path


@pytest.fixture(scope="session")
def harvest_ckan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HarvestCkan]:
    """A CKAN of these tests' own (test.ini with databases ``ckan_harvest``/``datastore_harvest``,
    its own file store, port HARVEST_PORT), so publishing tests never touch the demo portal."""
    from tests.ckan_server import own_server

    server, token, storage = own_server(tmp_path_factory.mktemp("harvest-ckan"), "harvest", HARVEST_PORT)
    server.start()
    try:
        yield HarvestCkan(CKAN_URL, token, storage)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ckan_token(harvest_ckan: HarvestCkan) -> str:
    """The sysadmin API token of the harvester tests' CKAN."""
    return harvest_ckan.token


@pytest.fixture
def scratch_datasets(tmp_path: Path, ckan_token: str) -> Iterator[Callable[..., Path]]:
    """Copy shipped dataset folders under unique names into a temp datasets dir; purge them after."""
    root = tmp_path / "datasets"
    root.mkdir()
    for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
        shutil.copy(ROOT / "datasets" / f, root / f)
    names: list[str] = []

    def make(base: str) -> Path:
        name = f"test-{base}-{uuid.uuid4().hex[:8]}"
        shutil.copytree(ROOT / "datasets" / base, root / name)
        y = root / name / "dataset.yaml"
        y.write_text(y.read_text().replace(f"name: {base}\n", f"name: {name}\n", 1))
        names.append(name)
        return root / name

    yield make
    publisher = Publisher(Ckan.remote(CKAN_URL, ckan_token, timeout=60))
    for name in names:  # with their DataStore tables, which dataset_purge leaves behind
        publisher.purge(name)
