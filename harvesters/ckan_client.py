"""A ckanapi client (RemoteCKAN or LocalCKAN) with timeouts, retries and typed errors.

Remote calls go through two ``requests.Session`` objects with urllib3 ``Retry``:

* reads (``package_show`` ...) are retried with exponential backoff on connection errors,
  read timeouts and 502/503/504 answers, honouring ``Retry-After``;
* writes are retried only when the connection could not be made (the request never left),
  since a write whose answer was lost may have happened: the publisher re-reads the
  server's state before writing again.

Every call has a timeout. Outcomes are decided from HTTP status codes, never from text:
connection failures, timeouts and 502/503/504 become :class:`CkanUnreachable`; CKAN's
validation errors a :class:`PublishError` naming the action and fields. Write calls are
counted, so a run can prove that an unchanged source made no changes.
"""

from __future__ import annotations

from typing import Any

import requests
from ckanapi import RemoteCKAN
from ckanapi import errors as ckerr
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from harvesters.errors import CkanUnreachable, PublishError

READ_ACTIONS = {
    "package_show",
    "organization_show",
    "group_show",
    "resource_show",
    "datastore_search",
    "datastore_info",
    "xloader_status",
    "status_show",
    "package_search",
    "task_status_show",
    "help_show",
    "nlc_datastore_status",
}
# Maintenance calls that change nothing the public sees unless something was broken; not
# counted as writes (the publisher counts them only when they repaired something).
UNCOUNTED = {"nlc_repair"}
NotFound = ckerr.NotFound
UNAVAILABLE = (502, 503, 504)
USER_AGENT = "nlc-harvester/0.2"


class ServerError(Exception):
    """CKAN answered with an HTTP error status and no CKAN JSON error body."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"HTTP {status}")
        self.status, self.text = status, text


class _Remote(RemoteCKAN):
    """RemoteCKAN whose non-JSON HTTP errors keep their status code."""

    def _check(self, r: requests.Response) -> tuple[int, str]:
        if r.status_code >= 500 or r.status_code == 429:
            try:
                r.json()
            except ValueError:
                raise ServerError(r.status_code, r.text[:300]) from None
        return r.status_code, r.text

    def _request_fn(self, url, data, headers, files, requests_kwargs):  # noqa: ANN001, ANN202
        return self._check(
            self.session.post(
                url, data=data, headers=headers, files=files, allow_redirects=False, **requests_kwargs
            )
        )


def session(retry: Retry) -> requests.Session:
    """A requests session that retries as ``retry`` says."""
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def read_retry(retries: int, backoff: float) -> Retry:
    """Reads: retry connection errors, timeouts and 502/503/504 (Retry-After honoured)."""
    return Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        allowed_methods=None,
        status_forcelist=UNAVAILABLE,
        backoff_factor=backoff,
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def write_retry(retries: int, backoff: float) -> Retry:
    """Writes: retry only a connection that could not be made (nothing was sent)."""
    return Retry(
        total=retries,
        connect=retries,
        read=0,
        status=0,
        other=0,
        allowed_methods=None,
        backoff_factor=backoff,
        raise_on_status=False,
    )


class Ckan:
    """Call CKAN actions through ``ckanapi``; ``address`` is for downloads of uploaded files."""

    def __init__(
        self,
        api: Any,
        *,
        address: str | None = None,
        api_token: str | None = None,
        read_api: Any = None,
        timeout: float | tuple[float, float] | None = None,
    ) -> None:
        self.api = api
        self.read_api = read_api or api
        self.address = (address or getattr(api, "address", "") or "").rstrip("/")
        self.api_token = api_token or getattr(api, "apikey", None)
        self.timeout = timeout
        self.writes: list[str] = []
        self.calls = 0
        self._actions: dict[str, bool] = {}
        self._http = getattr(self.read_api, "session", None) or requests.Session()

    @classmethod
    def remote(
        cls,
        url: str,
        api_token: str | None,
        *,
        timeout: float = 300,
        connect_timeout: float = 10,
        retries: int = 4,
        backoff: float = 0.5,
    ) -> Ckan:
        """A client of the CKAN at ``url``: ``timeout`` s to wait for an answer, ``retries``
        attempts with ``backoff`` s exponential backoff for transient failures."""
        reads = _Remote(
            url, apikey=api_token, user_agent=USER_AGENT, session=session(read_retry(retries, backoff))
        )
        writes = _Remote(
            url, apikey=api_token, user_agent=USER_AGENT, session=session(write_retry(retries, backoff))
        )
        return cls(
            writes, address=url, api_token=api_token, read_api=reads, timeout=(connect_timeout, timeout)
        )

    def call(self, action: str, files: dict[str, Any] | None = None, **data: Any) -> Any:
        self.calls += 1
        read = action in READ_ACTIONS
        if not read and action not in UNCOUNTED:
            self.writes.append(action)
        api = self.read_api if read else self.api
        kwargs: dict[str, Any] = {}
        if isinstance(api, RemoteCKAN) and self.timeout is not None:
            kwargs["requests_kwargs"] = {"timeout": self.timeout}
        where = self.address or "local"
        try:
            if files:
                return api.call_action(action, data, files=files, **kwargs)
            return api.call_action(action, data, **kwargs)
        except ckerr.NotFound:
            raise
        except ckerr.ValidationError as e:
            raise PublishError(f"CKAN rejected {action}: {_fields(e.error_dict)}") from e
        except ckerr.NotAuthorized as e:
            raise PublishError(f"CKAN refused {action}: not authorised (check the API token) {e}") from e
        except ServerError as e:
            if e.status in UNAVAILABLE or e.status == 429:
                raise CkanUnreachable(f"CKAN at {where} unavailable during {action} (HTTP {e.status})") from e
            raise PublishError(f"CKAN failed in {action} (HTTP {e.status})") from e
        except (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError) as e:
            raise CkanUnreachable(f"CKAN at {where} unreachable during {action}: {_cause(e)}") from e
        except ckerr.CKANAPIError as e:
            raise PublishError(f"CKAN error in {action}: {str(e)[:300]}") from e

    def show(self, action: str, **data: Any) -> dict[str, Any] | None:
        """``*_show`` that returns None instead of raising when the object does not exist."""
        try:
            return self.call(action, **data)
        except ckerr.NotFound:
            return None

    def download(self, url: str) -> bytes | None:
        """Fetch an uploaded file (to restore it if a later step fails); None if not possible."""
        if not url.startswith("http"):
            return None
        try:
            r = self._http.get(url, headers=self._auth(), timeout=self.timeout or 60)
            return r.content if r.ok else None
        except requests.RequestException:
            return None

    def _auth(self) -> dict[str, str]:
        return {"Authorization": self.api_token} if self.api_token else {}

    def has_action(self, name: str) -> bool:
        """Whether the CKAN offers action ``name`` (asked once, through ``help_show``)."""
        if name not in self._actions:
            try:
                self.call("help_show", name=name)
                self._actions[name] = True
            except (NotFound, PublishError) as e:
                if isinstance(e, CkanUnreachable):
                    raise
                self._actions[name] = False
        return self._actions[name]

    def file_missing(self, resource: dict[str, Any]) -> bool:
        """True when CKAN cannot serve an uploaded resource's file, e.g. a database that outlived
        its file store (CKAN 2.12 answers 500 there, not 404); False when it is served, access is
        refused, or it cannot be checked from here."""
        url = resource.get("url") or ""
        if resource.get("url_type") != "upload" or not self.address or not url.startswith(self.address):
            return False
        try:
            status = self._http.head(
                url, headers=self._auth(), timeout=self.timeout or 30, allow_redirects=True
            ).status_code
            return status == 404 or status >= 500
        except requests.RequestException:
            return False


def _cause(e: BaseException) -> str:
    """The innermost reason of a connection failure: 'ReadTimeoutError', 'ConnectionRefusedError'..."""
    reason = getattr(e.args[0], "reason", None) if e.args else None
    if reason is not None:
        inner = getattr(reason, "__context__", None) or getattr(reason, "__cause__", None)
        name = type(reason).__name__
        if inner is not None and name != "ReadTimeoutError":
            return f"{name} ({type(inner).__name__})"
        return name
    return type(e).__name__


def _fields(error_dict: Any) -> str:
    if isinstance(error_dict, dict):
        parts = [f"{k}: {v}" for k, v in error_dict.items() if k != "__type"]
        return "; ".join(parts) or str(error_dict)
    return str(error_dict)
