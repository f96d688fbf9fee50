"""A lean WSGI path for the public postcode lookup API.

``GET /api/3/action/nlc_postcode_lookup?postcode=...`` (or ``/api/action/...``) with only a
``postcode`` parameter is answered straight from the in-process lookup indexes, skipping
CKAN's request stack (Flask routing, session and login, i18n, auth): the answer is public
open data, and the JSON is what CKAN's Action API would send. Anything else (other
parameters, POST, a postcode that is invalid or unknown, a lookup dataset missing) goes on
to CKAN, which answers it, errors included, exactly as before.

Answers are memoised per postcode in a bounded LRU (``ckanext.nlc.lookups.answer_cache_size``
entries per process, 0 = off), keyed by the versions of the indexes they were built from
(so republishing any lookup dataset retires them) and by the day (the next bin collections).
"""

from __future__ import annotations

import datetime as dt
import json as stdjson
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any
from urllib.parse import parse_qs

from ckan import model
from ckan.common import json
from ckan.views.api import _json_serial
from ckanext.nlc.lookups import data
from ckanext.nlc.lookups.actions import POSTCODE_KINDS, postcode_answer

log = logging.getLogger(__name__)
ACTION = "nlc_postcode_lookup"
PATHS = frozenset({f"/api/3/action/{ACTION}", f"/api/action/{ACTION}"})
HEADER = ("X-NLC-Served-By", "lookup-fast-path")


class AnswerCache:
    """A thread-safe LRU of response bodies."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class LookupFastPath:
    """WSGI middleware in front of CKAN's Flask app (registered through IMiddleware)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], cache_size: int = 10_000) -> None:
        self.app = app
        self.cache = AnswerCache(cache_size)

    def __getattr__(self, name: str) -> Any:  # CKAN and Flask look for attributes of the app
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") in PATHS:
            body = answer(environ.get("QUERY_STRING", ""), self.cache)
            if body is not None:
                start_response(
                    "200 OK",
                    [
                        ("Content-Type", "application/json;charset=utf-8"),
                        ("Content-Length", str(len(body))),
                        HEADER,
                    ],
                )
                return [body]
        return self.app(environ, start_response)


def dumps(envelope: dict[str, Any]) -> bytes:
    """The JSON CKAN's Action API would send (simplejson, dates as ISO), written by the standard
    library's C encoder (several times faster); simplejson for what only it can write (Decimal)."""
    return _dumps(envelope).encode("utf-8")


def _dumps(envelope: dict[str, Any]) -> str:
    try:
        return stdjson.dumps(envelope, default=_json_serial)
    except TypeError:
        return json.dumps(envelope, default=_json_serial, for_json=True)


# A placeholder string no data holds (random per process): JSON-encoded as is, no escapes.
_MARK = f"nlc-source-{secrets.token_hex(8)}-"


class Citations:
    """The answer's ``source`` citations as placeholders, replaced in the encoded body by each
    source's JSON (encoded once per index version: most of the body, the same bytes each time)."""

    def __init__(self) -> None:
        self.sources: list[data.Source] = []

    def __call__(self, source: data.Source) -> str:
        self.sources.append(source)
        return f"{_MARK}{len(self.sources) - 1}"

    def dumps(self, envelope: dict[str, Any]) -> bytes:
        """``envelope`` as :func:`dumps` writes it with the sources in place."""
        first, *rest = _dumps(envelope).split(f'"{_MARK}')
        pieces = [first]
        for part in rest:  # 'N", ...': source N's JSON, then the rest
            i, _, tail = part.partition('"')
            pieces += (self.sources[int(i)].as_json(), tail)
        return "".join(pieces).encode("utf-8")


def answer(query_string: str, cache: AnswerCache | None = None) -> bytes | None:
    """The API response body for a successful lookup, else None (CKAN will answer)."""
    params = parse_qs(query_string, keep_blank_values=True)
    if list(params) != ["postcode"] or len(params["postcode"]) != 1:
        return None
    postcode = data.normalise_postcode(params["postcode"][0].strip())
    if postcode is None:
        return None
    loads = data.loads()
    try:
        key = (postcode, data.versions(POSTCODE_KINDS), dt.date.today())  # bins: the next dates
        body = cache.get(key) if cache is not None else None
        if body is None:
            cite = Citations()
            result = postcode_answer({"postcode": postcode}, cite)
            site = str(data.setting("ckan.site_url") or "").rstrip("/")
            envelope = {
                "help": f"{site}/api/3/action/help_show?name={ACTION}",
                "success": True,
                "result": result,
            }
            body = cite.dumps(envelope)
            if cache is not None:
                cache.put(key, body)
        return body
    except Exception as e:  # noqa: BLE001 - CKAN answers it, in its own error format
        log.debug("lookup fast path passes %r to CKAN: %s", query_string, e)
        return None
    finally:
        if data.loads() != loads:  # a freshness check ran, through the ORM session
            model.Session.remove()
