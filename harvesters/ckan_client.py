"""A thin wrapper over a ckanapi client (RemoteCKAN or LocalCKAN) with typed errors.

It maps connection failures to :class:`CkanUnreachable`, CKAN validation errors to
:class:`PublishError` naming the action and fields, and counts write calls so a run can
prove that an unchanged source made no changes.
"""

from __future__ import annotations

from typing import Any

import requests
from ckanapi import errors as ckerr

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
}
NotFound = ckerr.NotFound
UNAVAILABLE_MARKERS = ("502", "503", "504", "Bad Gateway", "Service Unavailable", "Search Connection Error")


class Ckan:
    """Call CKAN actions through ``ckanapi``; ``address`` is for downloads of uploaded files."""

    def __init__(self, api: Any, *, address: str | None = None, api_token: str | None = None) -> None:
        self.api = api
        self.address = (address or getattr(api, "address", "") or "").rstrip("/")
        self.api_token = api_token or getattr(api, "apikey", None)
        self.writes: list[str] = []
        self.calls = 0
        self._actions: dict[str, bool] = {}

    @classmethod
    def remote(cls, url: str, api_token: str | None, *, timeout: float = 120) -> Ckan:
        from ckanapi import RemoteCKAN

        api = RemoteCKAN(url, apikey=api_token, user_agent="nlc-harvester/0.1")
        api.requests_kwargs = {"timeout": timeout}
        return cls(api, address=url, api_token=api_token)

    def call(self, action: str, files: dict[str, Any] | None = None, **data: Any) -> Any:
        self.calls += 1
        if action not in READ_ACTIONS:
            self.writes.append(action)
        try:
            if files:
                return self.api.call_action(action, data, files=files)
            return self.api.call_action(action, data)
        except ckerr.NotFound:
            raise
        except ckerr.ValidationError as e:
            raise PublishError(f"CKAN rejected {action}: {_fields(e.error_dict)}") from e
        except ckerr.NotAuthorized as e:
            raise PublishError(f"CKAN refused {action}: not authorised (check the API token) {e}") from e
        except (requests.ConnectionError, requests.Timeout, ConnectionError, TimeoutError) as e:
            raise CkanUnreachable(
                f"CKAN at {self.address or 'local'} unreachable during {action}: " f"{type(e).__name__}"
            ) from e
        except ckerr.CKANAPIError as e:
            text = str(e)
            if any(code in text for code in UNAVAILABLE_MARKERS):
                raise CkanUnreachable(
                    f"CKAN at {self.address or 'local'} failed during {action}: {text[:200]}"
                ) from e
            raise PublishError(f"CKAN error in {action}: {text[:300]}") from e

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
            r = requests.get(url, headers=self._auth(), timeout=60)
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
            except (NotFound, PublishError):
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
            status = requests.head(url, headers=self._auth(), timeout=30, allow_redirects=True).status_code
            return status == 404 or status >= 500
        except requests.RequestException:
            return False


def _fields(error_dict: Any) -> str:
    if isinstance(error_dict, dict):
        parts = [f"{k}: {v}" for k, v in error_dict.items() if k != "__type"]
        return "; ".join(parts) or str(error_dict)
    return str(error_dict)
