"""A local HTTP server standing in for a remote host that a resource URL points at."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PORT = 5112  # the security suite's port range: 5111-5119

SMALL = {"type": "FeatureCollection", "features": []}


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        Handler.hits.append(self.path)
        if self.path.endswith("/wards.geojson"):
            body = json.dumps(SMALL).encode()
            self._head(200, {"Content-Length": str(len(body))})
            self.wfile.write(body)
        elif self.path == "/big":  # 50 MB, no Content-Length: only counting while reading stops it
            self._head(200, {"Connection": "close"})
            try:
                for _ in range(50 * 16):
                    self.wfile.write(b" " * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/big-declared":
            self._head(200, {"Content-Length": str(50_000_000)})
        elif self.path == "/slow":  # 1 KB every 0.2 s for 30 s: every read is quick, the whole is not
            self._head(200, {"Connection": "close"})
            try:
                for _ in range(150):
                    self.wfile.write(b" " * 1024)
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/redirect":
            self._head(302, {"Location": f"http://localhost:{PORT}/wards.geojson", "Content-Length": "0"})
        else:
            self._head(404, {"Content-Length": "0"})

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()


class RemoteHost:
    """The server on 127.0.0.1:PORT (reachable as 127.0.0.1 and as localhost) in a thread."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def hits(self) -> list[str]:
        return Handler.hits

    def __enter__(self) -> RemoteHost:
        Handler.hits = []
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
