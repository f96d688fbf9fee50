"""An HTTP proxy between a client and CKAN that injects one fault at the n-th action call.

Modes: ``drop`` (CKAN does the call, its answer is lost: the connection is closed),
``kill`` (CKAN does the call, then the server is killed before the answer is relayed),
``kill-during`` (the server is killed ``delay`` s into the call), ``stall`` (this call
and every later one waits ``delay`` s before it is forwarded) and ``unavailable`` (a 503 with ``Retry-After:
1`` instead of the call, as a load balancer answers while CKAN restarts) and ``refuse``
(this call, or the first call of ``action``, and every later one are dropped unanswered
without reaching CKAN: CKAN has gone away). After the fault the
proxy forwards as before (to a dead server, in the kill modes: the client's connections
are then closed unanswered).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

HOP = {"content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"}


class FaultProxy:
    def __init__(  # noqa: C901 (the handler class inside closes over the proxy: one fault table)
        self,
        target: str,
        *,
        at: int = 0,
        mode: str,
        kill: Callable[[], None] = lambda: None,
        delay: float = 0.0,
        action: str | None = None,
    ) -> None:
        self.target, self.at, self.mode, self.kill, self.delay = target.rstrip("/"), at, mode, kill, delay
        self.action = action
        self.calls: list[str] = []
        self.fired: str | None = None  # the action the fault hit
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                fault = None
                if "/api/action/" in self.path or "/api/3/action/" in self.path:
                    with proxy._lock:
                        proxy.calls.append(self.path.rsplit("/", 1)[-1].split("?")[0])
                        n = len(proxy.calls)
                        sticky = proxy.mode in ("stall", "refuse") and proxy.fired is not None
                        if n == proxy.at or proxy.calls[-1] == proxy.action or sticky:
                            fault, proxy.fired = proxy.mode, proxy.fired or proxy.calls[-1]
                if fault == "refuse":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
                }
                if fault == "unavailable":
                    self.send_response(503)
                    self.send_header("Retry-After", "1")
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "19")
                    self.end_headers()
                    self.wfile.write(b"Service Unavailable")
                    return
                if fault == "stall":
                    time.sleep(proxy.delay)
                    fault = None
                if fault == "kill-during":
                    timer = threading.Timer(proxy.delay, proxy.kill)
                    timer.start()
                try:
                    r = requests.request(
                        method,
                        proxy.target + self.path,
                        data=body,
                        headers=headers,
                        timeout=120,
                        allow_redirects=False,
                    )
                except requests.RequestException:
                    r = None
                if fault == "kill-during":
                    timer.join()
                elif fault == "kill":
                    proxy.kill()
                if r is None or fault is not None:
                    self.close_connection = True
                    try:
                        self.connection.shutdown(2)
                    except OSError:
                        pass
                    return
                try:
                    self.send_response(r.status_code)
                    for k, v in r.headers.items():
                        if k.lower() not in HOP:
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(r.content)))
                    self.end_headers()
                    self.wfile.write(r.content)
                except OSError:  # the client gave up (its timeout)
                    pass

            def do_GET(self) -> None:  # noqa: N802
                self._handle("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

            def do_HEAD(self) -> None:  # noqa: N802
                self._handle("HEAD")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
