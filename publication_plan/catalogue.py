"""Catalogue access (through a ckanapi client) and small readers of CKAN dataset dicts."""

from __future__ import annotations

import functools
import json
import sys
import urllib.parse
import urllib.request
from importlib import resources
from typing import Any

from ckanapi.errors import NotAuthorized, NotFound

LICENCES_OPTION = "licenses_group_url"  # CKAN's licence register setting
PAGE = 500


def fetch_datasets(
    ckan: Any, *, include_private: bool = True, extra_names: list[str] | None = None
) -> list[dict[str, Any]]:
    """Every dataset visible to the client (a ckanapi RemoteCKAN or LocalCKAN).

    ``extra_names``: datasets to look up with package_show when search does
    not return them (deleted ones, for sysadmins), so withdrawals are seen.
    """
    found: list[dict[str, Any]] = []
    start = 0
    while True:
        page = ckan.action.package_search(
            q="*:*", rows=PAGE, start=start, include_private=include_private, sort="name asc"
        )
        found.extend(page["results"])
        start += PAGE
        if start >= page["count"] or not page["results"]:
            break
    names = {d["name"] for d in found}
    for name in extra_names or []:
        if name in names:
            continue
        try:
            found.append(ckan.action.package_show(id=name))
        except (NotFound, NotAuthorized):  # the dataset is simply absent (or not visible)
            continue
    return found


def dataset_url(site_url: str, name: str) -> str:
    """The dataset's page on the portal."""
    return f"{site_url.rstrip('/')}/dataset/{name}"


def licence_register_url() -> str:
    """The licence register: CKAN's ``licenses_group_url`` when CKAN's config is loaded, else the
    extension's packaged ``licenses.json`` (the file the portal's ini points at)."""
    if "ckan.common" in sys.modules:
        configured = sys.modules["ckan.common"].config.get(LICENCES_OPTION)
        if configured:
            return str(configured)
    return resources.files("ckanext.nlc").joinpath("licenses.json").as_uri()


@functools.lru_cache(maxsize=4)
def licence_register(url: str | None = None) -> dict[str, dict[str, Any]]:
    """Licence id -> register entry (title, url, aliases, eu_uri) of the register at ``url``."""
    url = url or licence_register_url()
    if urllib.parse.urlsplit(url).scheme not in ("file", "http", "https"):
        raise ValueError(f"{LICENCES_OPTION} {url!r}: not a file or http(s) URL")
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (scheme checked above)
        entries = json.load(answer)
    return {str(e["id"]): e for e in entries}


def dataset_licence(dataset: dict[str, Any]) -> tuple[str, str]:
    """(licence title, licence URL) of a dataset dict, completed from the licence register."""
    known = licence_register().get(dataset.get("license_id") or "", {})
    title = dataset.get("license_title") or known.get("title") or dataset.get("license_id")
    return title or "Licence not specified", dataset.get("license_url") or known.get("url") or ""


def dataset_formats(dataset: dict[str, Any]) -> tuple[str, ...]:
    """Distinct resource formats, upper case, in resource order."""
    formats = [str(r.get("format") or "").strip().upper() for r in dataset.get("resources") or []]
    return tuple(dict.fromkeys(f for f in formats if f))
