"""The catalogue as compacted JSON-LD in the form of ArcGIS Hub's DCAT-AP 2.0.1 feed.

Aggregators written for Hub feeds (Open Data Scotland's DCAT processor) read
``dcat:dataset`` as a list, ``dct:publisher`` as a name, ``dcat:keyword`` as strings and
each distribution's ``dcat:accessUrl``/``dct:title``; the first distribution, described
"Web Page", is the landing page. Each distribution also carries the DCAT terms proper
(``dcat:accessURL``/``dcat:downloadURL`` as IRIs, ``dcat:mediaType``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "ftype": "http://publications.europa.eu/resource/authority/file-type/",
    "lang": "http://publications.europa.eu/resource/authority/language/",
}
PAGE = 1000


def _datasets() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")({}, {"q": "*:*", "rows": PAGE, "start": len(found),
                                                    "sort": "name asc", "include_private": False})
        found.extend(page["results"])
        if not page["results"] or len(found) >= page["count"]:
            return found


def _distribution(resource: dict[str, Any]) -> dict[str, Any]:
    from ckanext.nlc.dcat_profile import FILE_TYPES, IANA

    fmt = (resource.get("format") or "").upper().replace(".", "")
    file_type, media = FILE_TYPES.get(fmt, (None, resource.get("mimetype")))
    dist: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": resource.get("format") or resource.get("name") or "",
        "dct:description": resource.get("name") or "",
        "dcat:accessUrl": resource.get("url"),
        "dcat:accessURL": {"@id": resource.get("url")},
        "dcat:downloadURL": {"@id": resource.get("url")},
    }
    if file_type:
        dist["dct:format"] = {"@id": "ftype:" + file_type}
    if media:
        dist["dcat:mediaType"] = {"@id": IANA + media}
    return dist


def dataset_entry(pkg: dict[str, Any]) -> dict[str, Any]:
    """One dataset in Hub form."""
    from ckanext.nlc.dcat_profile import council, site_url

    landing = f"{site_url()}/dataset/{pkg['name']}"
    return {
        "@type": "dcat:Dataset",
        "@id": landing,
        "dct:identifier": pkg["id"],
        "dct:title": pkg["title"],
        "dct:description": pkg.get("notes") or "",
        "dct:publisher": council()["name"],
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": pkg.get("maintainer") or "",
            "vcard:organization-name": (pkg.get("organization") or {}).get("title", ""),
            "vcard:hasEmail": f"mailto:{pkg.get('maintainer_email') or ''}",
        },
        "dct:accessRights": "public",
        "dct:license": {"@id": pkg.get("license_url")} if pkg.get("license_url") else None,
        "dcat:keyword": [t["name"] for t in pkg.get("tags") or []],
        "dct:issued": pkg.get("metadata_created"),
        "dct:modified": pkg.get("last_updated") or pkg.get("metadata_modified"),
        "dct:language": {"@id": "lang:ENG"},
        "dcat:distribution": [
            {"@type": "dcat:Distribution", "dcat:accessUrl": landing, "dcat:accessURL": {"@id": landing},
             "dct:format": {"@id": "ftype:HTML"}, "dct:description": "Web Page", "dct:title": "Dataset page"},
            *(_distribution(r) for r in pkg.get("resources") or []),
        ],
    }


def catalogue() -> dict[str, Any]:
    """The whole public catalogue in Hub's compacted JSON-LD form."""
    from ckanext.nlc.dcat_profile import council, site_url

    return {
        "@context": CONTEXT,
        "@id": site_url(),
        "@type": "dcat:Catalog",
        "dct:title": tk.config.get("ckan.site_title") or "",
        "dct:description": tk.config.get("ckan.site_description") or "",
        "dct:publisher": council()["name"],
        "foaf:homepage": {"foaf:Document": site_url()},
        "dct:language": {"@id": "lang:ENG"},
        "dcat:dataset": [{k: v for k, v in dataset_entry(p).items() if v is not None} for p in _datasets()],
    }


def feed_page() -> Any:
    """/api/feed/dcat-ap/2.0.1.json"""
    from flask import jsonify

    response = jsonify(catalogue())
    response.headers["Content-Type"] = "application/ld+json; charset=utf-8"
    return response
