"""Catalogue access (through a ckanapi client) and small readers of CKAN dataset dicts."""

from __future__ import annotations

from typing import Any

LICENCES = {
    "OGL-UK-3.0": (
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    ),
    "OS-OpenData": (
        "OS OpenData Licence",
        "https://www.ordnancesurvey.co.uk/documents/licensing/os-opendata-licence.pdf",
    ),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}
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
        except Exception:  # ckanapi NotFound / NotAuthorized: the dataset is simply absent
            continue
    return found


def dataset_url(site_url: str, name: str) -> str:
    """The dataset's page on the portal."""
    return f"{site_url.rstrip('/')}/dataset/{name}"


def dataset_licence(dataset: dict[str, Any]) -> tuple[str, str]:
    """(licence title, licence URL) of a dataset dict."""
    known = LICENCES.get(dataset.get("license_id") or "", (None, None))
    title = dataset.get("license_title") or known[0] or dataset.get("license_id") or "Licence not specified"
    return title, dataset.get("license_url") or known[1] or ""


def dataset_formats(dataset: dict[str, Any]) -> tuple[str, ...]:
    """Distinct resource formats, upper case, in resource order."""
    formats = [str(r.get("format") or "").strip().upper() for r in dataset.get("resources") or []]
    return tuple(dict.fromkeys(f for f in formats if f))
