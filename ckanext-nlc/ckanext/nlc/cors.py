"""CORS for the read-only endpoints, so browser apps on other sites can use the open data.

GET/HEAD (and their preflight) of: side-effect-free actions (``/api/.../action/<name>``:
package_search, datastore_search, datastore_search_sql, the lookups...), DataStore dumps,
the DCAT documents, the concept schemes, the aggregators' feed and ``/ogc``. Writes (any
other method, any other action) never get CORS headers: a browser on another site cannot
send them. No credentials are allowed (``*`` origin, no cookies).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

READ_PATHS = re.compile(
    r"^/(?:ogc(?:/.*)?"
    r"|catalog\.\w+|dataset/[^/]+\.(?:ttl|rdf|jsonld|xml|n3|json)"
    r"|datastore/dump/[^/]+"
    r"|vocabulary/[^/]+(?:/[^/]+)?"
    r"|api/feed/.*)$"
)
ACTION = re.compile(r"^/api/(?:\d/)?action/([\w-]+)$")
READ_METHODS = ("GET", "HEAD")
ALLOW = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "Content-Type, Content-Length, Content-Disposition, Link"),
]


def is_read_only(path: str, side_effect_free: Callable[[str], bool]) -> bool:
    """Whether ``path`` is a read-only endpoint (CORS allowed for GET/HEAD)."""
    match = ACTION.match(path)
    if match:
        return side_effect_free(match.group(1))
    return bool(READ_PATHS.match(path))


def _side_effect_free(name: str) -> bool:
    import ckan.plugins.toolkit as tk

    try:
        return bool(getattr(tk.get_action(name), "side_effect_free", False))
    except (KeyError, tk.ObjectNotFound):
        return False


class Cors:
    """WSGI middleware adding CORS headers to read-only endpoints only."""

    def __init__(self, app: Any, side_effect_free: Callable[[str], bool] = _side_effect_free) -> None:
        self.app = app
        self.side_effect_free = side_effect_free

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "")
        if method == "OPTIONS" and environ.get("HTTP_ORIGIN"):
            wanted = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "").upper()
            if wanted in READ_METHODS and is_read_only(path, self.side_effect_free):
                start_response("204 No Content", [
                    *ALLOW,
                    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
                    ("Access-Control-Allow-Headers", "Accept, Content-Type, If-None-Match"),
                    ("Access-Control-Max-Age", "86400"),
                    ("Content-Length", "0"),
                ])
                return [b""]
            return self.app(environ, start_response)
        if method not in READ_METHODS or not is_read_only(path, self.side_effect_free):
            return self.app(environ, start_response)

        def with_cors(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            names = {k.lower() for k, _ in headers}
            extra = [h for h in ALLOW if h[0].lower() not in names]
            return start_response(status, [*headers, *extra], exc_info)

        return self.app(environ, with_cors)


def install(app: Any) -> Any:
    """Wrap the Flask app's WSGI callable (what CKAN's test client and every Flask view go through)."""
    app.wsgi_app = Cors(app.wsgi_app)
    return app
