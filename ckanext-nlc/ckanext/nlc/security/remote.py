"""Bounded remote fetches: only from configured hosts, with size and time limits.

``ckanext.nlc.remote_fetch.allowed_hosts`` lists the hosts a resource URL may be fetched
from (none by default: an editor's URL is not a reason for the server to connect anywhere);
``max_bytes`` is checked while the body streams in; ``timeout_seconds`` bounds each read and
the whole fetch (checked after every 8 KB chunk). Redirects are followed only to allowed
hosts. Errors carry an HTTP status and a user message without the URL or the exception
text; the full story is their log message.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urljoin, urlsplit

import ckan.plugins.toolkit as tk
import requests

MAX_REDIRECTS = 3
CHUNK = 8 * 1024  # the whole-fetch deadline is checked after every chunk


class RemoteFetchError(Exception):
    """A refused or failed fetch: ``status`` and ``user_message`` for callers, ``log_message``
    (with URL and cause) for the log."""

    def __init__(self, status: int, user_message: str, log_message: str) -> None:
        super().__init__(log_message)
        self.status, self.user_message, self.log_message = status, user_message, log_message


def allowed_hosts() -> set[str]:
    value = tk.config.get("ckanext.nlc.remote_fetch.allowed_hosts") or []
    hosts = value.split() if isinstance(value, str) else value
    return {h.strip().lower() for h in hosts if h.strip()}


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise RemoteFetchError(400, "The resource's URL cannot be fetched.", f"{url}: not an http(s) URL")
    if host not in allowed_hosts():
        raise RemoteFetchError(
            403,
            "The resource's URL is on a host this portal does not fetch from.",
            f"{url}: host {host!r} is not in ckanext.nlc.remote_fetch.allowed_hosts",
        )


def fetch(url: str) -> bytes:
    """The body of ``url`` (an allowed host), within the configured size and time."""
    max_bytes = int(tk.config.get("ckanext.nlc.remote_fetch.max_bytes"))
    timeout = float(tk.config.get("ckanext.nlc.remote_fetch.timeout_seconds"))
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        _check_url(url)
        try:
            with requests.get(url, stream=True, timeout=timeout, allow_redirects=False) as resp:
                if resp.is_redirect:
                    url = urljoin(url, resp.headers.get("Location", ""))
                    continue
                resp.raise_for_status()
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise _too_big(url, max_bytes, f"Content-Length {declared}")
                body = bytearray()
                for chunk in resp.iter_content(CHUNK):
                    body += chunk
                    if len(body) > max_bytes:
                        raise _too_big(url, max_bytes, f"over {len(body)} bytes read")
                    if time.monotonic() > deadline:
                        raise _too_slow(url, timeout)
                return bytes(body)
        except requests.Timeout as e:
            raise _too_slow(url, timeout) from e
        except requests.RequestException as e:
            raise RemoteFetchError(
                502, "The resource's URL could not be fetched.", f"{url}: {type(e).__name__}: {e}"
            ) from e
    raise RemoteFetchError(502, "The resource's URL could not be fetched.", f"{url}: too many redirects")


def fetch_json(url: str) -> Any:
    """``fetch`` parsed as JSON."""
    body = fetch(url)
    try:
        return json.loads(body)
    except ValueError as e:
        raise RemoteFetchError(502, "The resource's content is not valid JSON.", f"{url}: {e}") from e


def _too_big(url: str, max_bytes: int, what: str) -> RemoteFetchError:
    return RemoteFetchError(
        413, f"The resource is larger than this portal fetches ({max_bytes:,} bytes).", f"{url}: {what}"
    )


def _too_slow(url: str, timeout: float) -> RemoteFetchError:
    return RemoteFetchError(
        504, f"The resource took longer than {timeout:g} s to fetch.", f"{url}: not fetched in {timeout:g} s"
    )
