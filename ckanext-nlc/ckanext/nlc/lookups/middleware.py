"""IMiddleware part of the lookups: the postcode fast path, behind CKAN's auth function.

:class:`~ckanext.nlc.lookups.fastpath.LookupFastPath` answers
``GET /api/3/action/nlc_postcode_lookup?postcode=...`` without CKAN's request stack, so it
never learns who is asking: it may answer only a request CKAN would answer for anyone. Each
such request first runs ``tk.check_access`` on the action's auth function with an anonymous
context; if anonymous access is refused (a plugin chained the auth function, say), the
request goes on to CKAN, which identifies the user and decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import ckan.plugins.toolkit as tk
from ckan import model
from ckanext.nlc.lookups.fastpath import ACTION, PATHS, LookupFastPath


def anonymous_may(auth: str, data_dict: dict[str, Any]) -> bool:
    """Whether CKAN's auth function for ``auth`` lets an anonymous user call it."""
    try:
        return tk.check_access(auth, {"user": "", "auth_user_obj": None}, data_dict)
    except tk.NotAuthorized:
        return False
    finally:
        model.Session.remove()  # outside CKAN's request teardown


class AuthorisedLookupFastPath(LookupFastPath):
    """The fast path, taken only when the action's auth function allows anonymous access."""

    def __init__(self, app: Callable[..., Iterable[bytes]], cache_size: int, auth: str = ACTION) -> None:
        super().__init__(app, cache_size)
        self.auth = auth

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") in PATHS:
            params = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            if not anonymous_may(self.auth, params):
                return self.app(environ, start_response)
        return super().__call__(environ, start_response)


def wrap(app: Any, config: Any) -> Any:
    """The fast path in front of ``app``, unless ``ckanext.nlc.lookups.fast_path`` is off."""
    if not tk.asbool(config.get("ckanext.nlc.lookups.fast_path")):
        return app
    return AuthorisedLookupFastPath(app, int(config.get("ckanext.nlc.lookups.answer_cache_size")))
