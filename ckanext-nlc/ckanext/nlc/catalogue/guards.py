"""Clear answers where CKAN and ckanext-dcat answer a developer's request with a 500.

Runs before every request (``before_app_request`` of the catalogue blueprint):
``/catalog.json`` and ``/dataset/<id>.json`` redirect to the JSON-LD document,
``/dataset/<id>.html`` to the dataset page, other unknown RDF formats are 406 naming
the formats there are; ``/datastore/dump/<id>?format=`` outside CKAN's dump formats is
406; the download of an uploaded file that is missing from the file store is 404;
a sign-in whose ``came_from`` is not a path on this portal (``//evil.example``, also
encoded twice, which CKAN took for an endpoint name: BuildError, 500) goes to the sign-in
without it (307, so a form post is resent as it was).
"""
from __future__ import annotations

import os
import re
from typing import Any

import ckan.plugins.toolkit as tk

RDF_PATH = re.compile(r"^/(?:catalog|dataset/(?P<id>[^/.]+))\.(?P<format>[^/.]+)$")
DOWNLOAD_PATH = re.compile(r"^/dataset/[^/]+/resource/(?P<id>[^/]+)/download(?:/[^/]*)?$")
DUMP_PATH = re.compile(r"^/datastore/dump/[^/]+$")
DUMP_FORMATS = ("csv", "tsv", "json", "xml")


def _plain(status: int, message: str) -> Any:
    from flask import make_response

    response = make_response(message + "\n", status)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    return response


def local_path(came_from: str) -> bool:
    """Whether ``came_from`` (decoded as often as it is encoded) is a path on this site."""
    from urllib.parse import unquote

    for _ in range(5):
        decoded = unquote(came_from)
        if decoded == came_from:
            break
        came_from = decoded
    return came_from.startswith("/") and not came_from.startswith(("//", "/\\")) and "\\" not in came_from


def before_request() -> Any:
    """None to let CKAN answer, else the clear answer."""
    from flask import redirect, request

    path = request.path
    if path == "/user/login" and "came_from" in request.args and not local_path(request.args["came_from"]):
        from urllib.parse import urlencode

        rest = [(k, v) for k, v in request.args.items(multi=True) if k != "came_from"]
        return redirect(path + ("?" + urlencode(rest) if rest else ""), code=307)
    if request.method not in ("GET", "HEAD"):
        return None
    match = RDF_PATH.match(path)
    if match:
        from ckanext.dcat.utils import CONTENT_TYPES

        fmt, dataset = match.group("format"), match.group("id")
        if fmt in CONTENT_TYPES:
            return None
        base = f"/dataset/{dataset}" if dataset else "/catalog"
        query = ("?" + request.query_string.decode()) if request.query_string else ""
        if fmt == "json":
            return redirect(f"{base}.jsonld{query}", code=302)
        if fmt == "html" and dataset:
            return redirect(f"/dataset/{dataset}{query}", code=301)
        return _plain(406, tk._("No {} version of this document: use one of {}.").format(
            fmt, ", ".join(sorted(CONTENT_TYPES))))
    if DUMP_PATH.match(path):
        fmt = (request.args.get("format") or "csv").lower()
        if fmt not in DUMP_FORMATS:
            message = tk._("No {} dump: format must be one of {}.")
            return _plain(406, message.format(fmt, ", ".join(DUMP_FORMATS)))
        return None
    match = DOWNLOAD_PATH.match(path)
    if match:
        return _missing_upload(match.group("id"))
    return None


def _missing_upload(resource_id: str) -> Any:
    from ckan.lib.uploader import get_resource_uploader

    try:
        resource = tk.get_action("resource_show")({}, {"id": resource_id})
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return None  # CKAN answers 404/403 itself
    if resource.get("url_type") != "upload":
        return None
    if os.path.isfile(get_resource_uploader(resource).get_path(resource["id"])):
        return None
    return _plain(404, tk._("The file of this resource is missing from the portal's file store; "
                            "please report it with the dataset page's \"Report a problem\" link."))
