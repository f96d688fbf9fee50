"""The web side of OGC API - Features: pygeoapi's API behind a Flask blueprint.

``gis.ogcapi`` builds the pygeoapi configuration (no web framework there); this module
serves it the way ``pygeoapi.flask_app`` does (``APIRequest.from_flask``, the API functions
of ``pygeoapi.api`` and ``pygeoapi.api.itemtypes``, ``apply_gzip``), without importing
``pygeoapi.flask_app`` itself, which reads one global configuration file at import time.
Items requests are checked first (a bad ``limit``/``sortby``/``bbox`` is a 400, not a 500)
and a CRS84 ``bbox`` is rewritten into the storage CRS by giving pygeoapi a request built
from the rewritten query string. pygeoapi's static files are served at ``/static``, its
stylesheet with the portal's accessibility rules appended.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, make_response, request, send_from_directory
from werkzeug.wrappers import Request

from gis.ogcapi import CONFORMANCE, CRS84, UNSERVED_LINKS, layer_fields, storage_bbox

GEOJSON = "application/geo+json"
ACCESSIBLE_CSS = resources.files("ckanext.nlc.ogc") / "static" / "ogc-accessible.css"
NOWHERE = [-1e9, -1e9, -1e9 + 1, -1e9 + 1]  # a box where nothing is stored
Answer = tuple[dict[str, Any], int, Any]


def _exception(api: Any, api_request: Any, status: int, message: str) -> Answer:
    return api.get_exception(status, api_request.get_response_headers(**api.api_headers),
                             api_request.format, "InvalidParameterValue", message)


def _check_paging(params: dict[str, str]) -> str | None:
    for name in ("limit", "offset"):
        value = params.get(name)
        if value is not None and not (value.isdigit() and int(value) < 10**9):
            return f"{name} must be a whole number from 0"
    return None


def _check_sortby(params: dict[str, str], provider: dict[str, Any], collection_id: str) -> str | None:
    sortby = params.get("sortby")
    if sortby is None:
        return None
    fields = set(layer_fields(provider["data"], provider.get("table")))
    for term in sortby.split(","):
        prop = term[1:] if term[:1] in "+-" else term
        if not term or prop not in fields:
            return f"sortby: {term!r} is not a property of {collection_id}"
    return None


def items_query(params: dict[str, str], resource: dict[str, Any], collection_id: str) -> dict[str, str]:
    """An items request's parameters as pygeoapi should see them; ValueError if one is invalid."""
    provider = resource["providers"][0]
    problem = _check_paging(params) or _check_sortby(params, provider, collection_id)
    if problem:
        raise ValueError(problem)
    bbox = params.get("bbox")
    if bbox is None or params.get("bbox-crs") not in (None, CRS84):
        return params
    storage_crs = provider.get("storage_crs", CRS84)
    box = storage_bbox(bbox, storage_crs) or NOWHERE
    return {**params, "bbox": ",".join(repr(v) for v in box), "bbox-crs": storage_crs}


def _only_what_works(function: Callable[..., Answer]) -> Callable[..., Answer]:
    """Landing page and conformance without what this server does not offer."""

    def answer(api: Any, api_request: Any, *args: Any) -> Answer:
        headers, status, content = function(api, api_request, *args)
        if api_request.format not in (None, "json") or status != 200:
            return headers, status, content
        doc = json.loads(content)
        if "conformsTo" in doc:
            doc["conformsTo"] = [c for c in doc["conformsTo"] if any(k in c for k in CONFORMANCE)]
        if "links" in doc:
            doc["links"] = [link for link in doc["links"]
                            if not any(u in link.get("href", "") for u in UNSERVED_LINKS)]
        return headers, status, json.dumps(doc)

    return answer


class OgcViews:
    """pygeoapi's API for one configuration, answering Flask requests."""

    def __init__(self, config: dict[str, Any]) -> None:
        from pygeoapi import l10n
        from pygeoapi.api import API
        from pygeoapi.openapi import get_oas

        # pygeoapi keeps the configuration its HTML templates see in a per-process cache (by
        # locale), assuming one configuration per process. This app is rebuilt when layers
        # change: without clearing it a new layer's HTML page failed (500) until a restart.
        getattr(l10n, "_cfg_cache", {}).clear()
        self.api = API(config, get_oas(config))

    def _respond(self, headers: dict[str, Any], status: int, content: Any, geojson: bool = False) -> Response:
        from pygeoapi.api import apply_gzip

        if geojson and status == 200 and headers.get("Content-Type", "").startswith("application/json"):
            headers["Content-Type"] = GEOJSON
        response = make_response(apply_gzip(headers, content), status)
        if headers:
            response.headers = headers
        return response

    def run(self, function: Callable[..., Answer], *args: Any, geojson: bool = False) -> Response:
        """``pygeoapi.flask_app.execute_from_flask``, for this configuration."""
        from pygeoapi.api import APIRequest

        api_request = APIRequest.from_flask(request, self.api.locales)
        if not api_request.is_valid():
            return self._respond(*self.api.get_format_exception(api_request))
        return self._respond(*function(self.api, api_request, *args), geojson=geojson)

    def items(self, collection_id: str) -> Response:
        import pygeoapi.api.itemtypes as itemtypes_api
        from pygeoapi.api import APIRequest

        resource = self.api.config["resources"].get(collection_id)
        if resource is None:  # pygeoapi answers the 404
            return self.run(itemtypes_api.get_collection_items, collection_id)
        params = request.args.to_dict()
        try:
            query = items_query(params, resource, collection_id)
        except ValueError as err:
            api_request = APIRequest.from_flask(request, self.api.locales)
            return self._respond(*_exception(self.api, api_request, 400, str(err)))
        rewritten = Request(dict(request.environ, QUERY_STRING=urlencode(query)))
        api_request = APIRequest.from_flask(rewritten, self.api.locales)
        answer = itemtypes_api.get_collection_items(self.api, api_request, collection_id)
        return self._respond(*answer, geojson=True)


def static_file(filename: str) -> Response:
    """pygeoapi's static files; its stylesheet followed by the accessibility rules."""
    import pygeoapi

    static = Path(pygeoapi.__file__).parent / "static"
    if filename == "css/default.css":
        body = (static / filename).read_bytes() + b"\n" + ACCESSIBLE_CSS.read_bytes()
        return Response(body, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})
    return send_from_directory(static, filename)


def create_blueprint(config: dict[str, Any], name: str = "nlc_ogcapi", url_prefix: str = "/ogc") -> Blueprint:
    """A Flask blueprint exposing pygeoapi's OGC API - Features endpoints for ``config``."""
    import pygeoapi.api as core_api
    import pygeoapi.api.itemtypes as itemtypes_api

    views = OgcViews(config)
    bp = Blueprint(name, __name__, url_prefix=url_prefix)
    collection = "/collections/<path:collection_id>"
    bp.add_url_rule("/", "landing_page", lambda: views.run(_only_what_works(core_api.landing_page)))
    bp.add_url_rule("/openapi", "openapi", lambda: views.run(core_api.openapi_))
    bp.add_url_rule("/conformance", "conformance", lambda: views.run(_only_what_works(core_api.conformance)))
    bp.add_url_rule("/collections", "collections", lambda: views.run(core_api.describe_collections, None))
    bp.add_url_rule(collection, "collection", lambda collection_id: views.run(
        core_api.describe_collections, collection_id))
    bp.add_url_rule(f"{collection}/queryables", "queryables", lambda collection_id: views.run(
        itemtypes_api.get_collection_queryables, collection_id))
    bp.add_url_rule(f"{collection}/items", "items", views.items)
    bp.add_url_rule(f"{collection}/items/<path:item_id>", "item", lambda collection_id, item_id: views.run(
        itemtypes_api.get_collection_item, collection_id, item_id, geojson=True))
    bp.add_url_rule("/static/<path:filename>", "static", static_file)
    return bp


def create_app(config: dict[str, Any], url_prefix: str = "/ogc") -> Flask:
    """A stand-alone Flask app serving the blueprint (mounted in CKAN at /ogc, or run on its own)."""
    app = Flask(__name__, static_folder=None)  # /static is the blueprint's (pygeoapi's files)
    app.url_map.strict_slashes = False
    app.register_blueprint(create_blueprint(config, url_prefix=url_prefix))
    return app
