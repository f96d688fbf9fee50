"""Over-long requests get 414 (URI) or 431 (headers) with a clear error, never a different answer.

uWSGI's HTTP parser passes a request whose query string is over 16 KB with an empty
``QUERY_STRING`` (the full ``REQUEST_URI`` still there): CKAN would answer as if no
parameter had been given (``package_search`` returns the whole catalogue). This WSGI
middleware refuses such requests, and any whose URI or headers pass the configured
limits (``ckanext.nlc.max_uri_bytes``, ``ckanext.nlc.max_header_bytes``), telling the
client to POST long queries (the Action API takes a JSON body).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any


class RequestLimits:
    """WSGI middleware: 414/431 for requests over the limits or mangled by the server."""

    def __init__(self, app: Any, max_uri: int = 8192, max_headers: int = 32768) -> None:
        self.app, self.max_uri, self.max_headers = app, max_uri, max_headers

    def _problem(self, environ: dict[str, Any]) -> tuple[str, str] | None:
        query = environ.get("QUERY_STRING", "")
        uri = environ.get("REQUEST_URI") or environ.get("RAW_URI") or ""
        given = uri.partition("?")[2]
        if len(uri) > self.max_uri or len(query) + len(environ.get("PATH_INFO", "")) > self.max_uri or (
                given and not query):
            return "414 URI Too Long", (
                f"The request URI is longer than this portal accepts ({self.max_uri} bytes). "
                "Send long queries as POST with a JSON body (the Action API takes one).")
        size = sum(len(k) + len(str(v)) for k, v in environ.items() if k.startswith("HTTP_"))
        if size > self.max_headers:
            return "431 Request Header Fields Too Large", (
                f"The request headers are larger than this portal accepts ({self.max_headers} bytes).")
        return None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        problem = self._problem(environ)
        if problem is None:
            return self.app(environ, start_response)
        status, message = problem
        if environ.get("PATH_INFO", "").startswith("/api/"):
            error = {"__type": status[4:], "message": message}
            body = json.dumps({"success": False, "error": error}).encode()
            kind = "application/json;charset=utf-8"
        else:
            body, kind = (message + "\n").encode(), "text/plain; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Connection", "close")])
        return [body]


def wrap(app: Any, config: Any) -> RequestLimits:
    """The middleware with the limits from the CKAN config."""
    return RequestLimits(app, int(config.get("ckanext.nlc.max_uri_bytes")),  # declared defaults
                         int(config.get("ckanext.nlc.max_header_bytes")))
