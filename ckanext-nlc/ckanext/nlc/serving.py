"""Page weight: compressed responses (Flask-Compress: brotli or gzip) and long cache lifetimes
for cache-busted static assets (CKAN's content-hashed /webassets/ files, and the extension's
own files linked with ``?v=<content hash>`` by :func:`asset_url`)."""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Flask, Response, request

YEAR = 31_536_000
STATIC = ("static", "webassets.index")  # endpoints of CKAN's public folders and asset bundles
COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/csv", "text/javascript", "application/javascript",
    "application/json", "application/geo+json", "application/ld+json", "image/svg+xml", "text/turtle",
    "application/rdf+xml",
]


@functools.lru_cache(maxsize=256)
def _content_hash(path: str) -> str | None:
    file = resources.files("ckanext.nlc").joinpath("public", path.lstrip("/"))
    if not file.is_file():
        return None
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def asset_url(path: str) -> str:
    """``path`` (under the extension's public folder) with its content hash, so a changed
    file has a new URL and browsers may keep each version for a year."""
    url = tk.h.url_for_static(path)
    digest = _content_hash(path)
    return f"{url}?v={digest}" if digest else url


def _is_busted() -> bool:
    """Whether the requested static URL changes with its content."""
    if request.path.startswith("/webassets/"):
        return True  # CKAN names bundles by their content hash (e.g. 975ea767_main.js)
    digest = request.args.get("v")
    return bool(digest) and digest == _content_hash(request.path)


def cache_static(response: Response) -> Response:
    """A year (immutable) for cache-busted static files; CKAN's own lifetime for the rest."""
    if response.status_code == 200 and request.method in ("GET", "HEAD") and _is_busted():
        cc = response.cache_control
        cc.no_cache = None
        cc.must_revalidate = False
        cc.public = True
        cc.max_age = YEAR
        cc.immutable = True
        response.headers.pop("Expires", None)
        response.vary.discard("Cookie")  # the same file for everyone: one cached copy
    return response


class _NoSessionOnAssets:
    """CKAN's session interface, except that a cache-busted asset's answer sets no session
    cookie and does not vary by cookie (CKAN's rolling session cookie changes on every
    answer, so ``Vary: Cookie`` would make browsers fetch the asset again each time)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def save_session(self, app: Flask, session: Any, response: Response) -> None:
        if response.status_code == 200 and _is_busted():
            return None
        return self.inner.save_session(app, session, response)


def _readable_static(response: Response) -> Response:
    """A static text file read whole, so Flask-Compress compresses it with any algorithm
    and gives its length (a streamed file gets neither gzip nor a Content-Length)."""
    if response.direct_passthrough and response.mimetype in COMPRESSED_TYPES and request.endpoint in STATIC:
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response


def install(app: Flask) -> None:
    """Compress responses and set static lifetimes on CKAN's Flask app."""
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 512)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    Compress(app)
    app.after_request(_readable_static)  # registered after Compress's, so it runs before it
    # After every other after_request function (Flask runs them last-registered first), so
    # CKAN's ckan.cache_expires does not overwrite the lifetime of a busted asset.
    funcs: list[Any] = app.after_request_funcs.setdefault(None, [])
    funcs.insert(0, cache_static)
    app.session_interface = _NoSessionOnAssets(app.session_interface)
