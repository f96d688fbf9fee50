"""OGC API - Features for migrated layers, served by pygeoapi as a Flask blueprint.

``build_config`` makes a pygeoapi configuration for a set of migrated GeoPackages;
``create_blueprint`` binds pygeoapi's API functions to it (without importing
``pygeoapi.flask_app``, which reads a global config file at import time), so the
blueprint can be mounted in CKAN (IBlueprint) under ``/ogc`` or run on its own
with ``create_app``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pyogrio
from flask import Blueprint, Flask, Response, make_response, request

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
BNG_URI = "http://www.opengis.net/def/crs/EPSG/0/27700"
PROVIDER = "gis.ogc_provider.GeoPackageProvider"


def collection_from_migration(report_path: Path) -> tuple[str, dict[str, Any]]:
    """A collection entry from a ``<name>.migration.json`` written by migrate_layer."""
    data = json.loads(Path(report_path).read_text(encoding="utf-8"))
    gpkg = Path(data["gpkg_path"])
    if not gpkg.is_absolute():
        gpkg = Path(report_path).parent / gpkg.name
    return data["name"], collection(
        gpkg, data["name"], title=data["name"].replace("_", " ").title(), bbox=data["bbox"]
    )


def collection(
    gpkg: Path,
    table: str,
    *,
    title: str,
    bbox: list[float] | None = None,
    description: str | None = None,
    keywords: list[str] | None = None,
) -> dict[str, Any]:
    """The pygeoapi resource entry for one GeoPackage layer."""
    if bbox is None:
        import geopandas as gpd

        info = pyogrio.read_info(gpkg, layer=table, force_total_bounds=True)
        bbox = list(
            gpd.GeoSeries.from_xy(
                list(info["total_bounds"][::2]), list(info["total_bounds"][1::2]), crs="EPSG:27700"
            )
            .to_crs(4326)
            .total_bounds
        )
    return {
        "type": "collection",
        "title": title,
        "description": description or f"{title} (North Lanarkshire Council)",
        "keywords": keywords or ["North Lanarkshire"],
        "links": [],
        "extents": {"spatial": {"bbox": [float(v) for v in bbox], "crs": CRS84}},
        "providers": [
            {
                "type": "feature",
                "name": PROVIDER,
                "data": str(gpkg),
                "table": table,
                "id_field": "fid",
                "storage_crs": BNG_URI,
                "crs": [CRS84, BNG_URI],
            }
        ],
    }


def build_config(
    collections: dict[str, dict[str, Any]],
    base_url: str,
    *,
    title: str = "North Lanarkshire " "Council open spatial data",
) -> dict[str, Any]:
    """A pygeoapi configuration serving ``collections`` at ``base_url`` (e.g. ``https://.../ogc``)."""
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": 5000},
            "url": base_url.rstrip("/"),
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-GB"],
            "limits": {"default_items": 10, "max_items": 1000},
            "map": {
                "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                "attribution": "&copy; OpenStreetMap contributors",
            },
            "pretty_print": False,
            "gzip": False,
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": title,
                "description": "Council GIS layers migrated to open standards",
                "keywords": ["North Lanarkshire", "open data"],
                "keywords_type": "theme",
                "terms_of_service": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                "url": base_url,
            },
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
            "provider": {"name": "North Lanarkshire Council", "url": "https://www.northlanarkshire.gov.uk"},
            "contact": {
                "name": "Open data team",
                "email": "opendata@northlanarkshire.gov.uk",
                "url": "https://www.northlanarkshire.gov.uk",
                "role": "pointOfContact",
            },
        },
        "resources": collections,
    }


def config_for_directory(
    directory: Path, base_url: str, serve: Callable[[str], bool] | None = None
) -> dict[str, Any]:
    """A configuration serving the layers migrated into ``directory`` (those ``serve`` allows)."""
    entries = dict(collection_from_migration(p) for p in sorted(Path(directory).glob("*.migration.json")))
    return build_config({k: v for k, v in entries.items() if serve is None or serve(k)}, base_url)


# Conformance classes this server keeps (pygeoapi also declares Part 4 writes and Part 5
# schemas, which these read-only GeoPackage collections do not offer).
CONFORMANCE = (
    "/ogcapi-common-1/1.0/conf/", "/ogcapi-common-2/1.0/conf/collections",
    "/ogcapi-features-1/1.0/conf/", "/ogcapi-features-2/1.0/conf/crs",
    "/ogcapi-features-3/1.0/conf/queryables",
)
UNSERVED_LINKS = ("/processes", "/jobs", "/TileMatrixSets", "/tileMatrixSets", "/stac")
GEOJSON = "application/geo+json"
ACCESSIBLE_CSS = resources.files("gis") / "static" / "ogc-accessible.css"


def area_of_use(crs_uri: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) in degrees of a CRS's area of use (EPSG:27700: Great Britain)."""
    from pyproj import CRS

    area = CRS.from_user_input(crs_uri).area_of_use
    return (area.west, area.south, area.east, area.north) if area else (-180.0, -90.0, 180.0, 90.0)


def storage_bbox(text: str, storage_crs: str) -> list[float] | None:
    """A CRS84 ``bbox`` parameter clamped to the storage CRS's area of use and transformed into it.

    None when it lies wholly outside that area (nothing stored there). Raises ValueError for
    anything but 4 (or 6) finite numbers with min <= max.
    """
    import math

    from pyproj import Transformer

    try:
        values = [float(v) for v in text.split(",")]
    except ValueError as exc:
        raise ValueError("bbox must be 4 (or 6) comma-separated numbers") from exc
    if len(values) not in (4, 6) or not all(math.isfinite(v) for v in values):
        raise ValueError("bbox must be 4 (or 6) comma-separated finite numbers")
    half = len(values) // 2
    minx, miny, maxx, maxy = values[0], values[1], values[half], values[half + 1]
    if minx > maxx or miny > maxy:
        raise ValueError("bbox minimum values must not be greater than its maximum values")
    west, south, east, north = area_of_use(storage_crs)
    minx, miny, maxx, maxy = max(minx, west), max(miny, south), min(maxx, east), min(maxy, north)
    if minx > maxx or miny > maxy:
        return None
    transformer = Transformer.from_crs("OGC:CRS84", storage_crs, always_xy=True)
    return list(transformer.transform_bounds(minx, miny, maxx, maxy, densify_pts=21))


def _exception(api: Any, api_request: Any, status: int, code: str, message: str) -> tuple[dict, int, str]:
    return api.get_exception(status, api_request.get_response_headers(**api.api_headers),
                             api_request.format, code, message)


def _items_request(api: Any, api_request: Any, collection_id: str) -> tuple[dict, int, str] | None:
    """Check and rewrite an items request's parameters; an OGC exception (400) if one is invalid."""
    from werkzeug.datastructures import MultiDict

    params = MultiDict(api_request.params)
    resource = api.config["resources"].get(collection_id)
    if resource is None:
        return None  # pygeoapi answers the 404
    provider = resource["providers"][0]
    for name in ("limit", "offset"):
        value = params.get(name)
        if value is not None and not (value.isdigit() and int(value) < 10**9):
            return _exception(api, api_request, 400, "InvalidParameterValue",
                              f"{name} must be a whole number from 0")
    sortby = params.get("sortby")
    if sortby is not None:
        fields = set(api_request_fields(provider))
        for term in sortby.split(","):
            prop = term[1:] if term[:1] in "+-" else term
            if not term or prop not in fields:
                return _exception(api, api_request, 400, "InvalidParameterValue",
                                  f"sortby: {term!r} is not a property of {collection_id}")
    bbox = params.get("bbox")
    bbox_crs = params.get("bbox-crs")
    if bbox is not None and bbox_crs in (None, CRS84):
        try:
            box = storage_bbox(bbox, provider.get("storage_crs", CRS84))
        except ValueError as err:
            return _exception(api, api_request, 400, "InvalidParameterValue", str(err))
        if box is None:  # wholly outside the area of use: a box where nothing is stored
            box = [-1e9, -1e9, -1e9 + 1, -1e9 + 1]
        params["bbox"] = ",".join(repr(v) for v in box)
        params["bbox-crs"] = provider.get("storage_crs", CRS84)
    api_request._args = params
    return None


def api_request_fields(provider: dict[str, Any]) -> list[str]:
    """The property names of a provider's layer."""
    info = pyogrio.read_info(provider["data"], layer=provider.get("table"))
    return [str(f) for f in info["fields"]]


def _only_what_works(function: Callable[..., Any], api: Any, api_request: Any, *args: Any) -> tuple:
    """Landing page and conformance without what this server does not offer."""
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


def create_blueprint(config: dict[str, Any], name: str = "nlc_ogcapi", url_prefix: str = "/ogc") -> Blueprint:
    """A Flask blueprint exposing pygeoapi's OGC API - Features endpoints for ``config``."""
    import pygeoapi
    import pygeoapi.api as core_api
    import pygeoapi.api.itemtypes as itemtypes_api
    from flask import send_from_directory
    from pygeoapi.api import API, APIRequest, apply_gzip
    from pygeoapi.openapi import get_oas

    api = API(config, get_oas(config))
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)
    static = Path(pygeoapi.__file__).parent / "static"

    def run(function: Callable[..., Any], *args: Any, check: bool = True, items: bool = False,
            geojson: bool = False) -> Response:
        api_request = APIRequest.from_flask(request, api.locales)
        answer = None
        if check and not api_request.is_valid():
            answer = api.get_format_exception(api_request)
        elif items:
            answer = _items_request(api, api_request, *args[:1])
        headers, status, content = answer or function(api, api_request, *args)
        if (items or geojson) and status == 200 and api_request.format in (None, "json"):
            headers["Content-Type"] = GEOJSON
        content = apply_gzip(headers, content)
        response = make_response(content, status)
        if headers:
            response.headers = headers
        return response

    blueprint.add_url_rule(
        "/", "landing_page", lambda: run(lambda a, r: _only_what_works(core_api.landing_page, a, r)))
    blueprint.add_url_rule("/openapi", "openapi", lambda: run(core_api.openapi_))
    blueprint.add_url_rule(
        "/conformance", "conformance", lambda: run(lambda a, r: _only_what_works(core_api.conformance, a, r)))
    blueprint.add_url_rule("/collections", "collections", lambda: run(core_api.describe_collections, None))
    blueprint.add_url_rule(
        "/collections/<path:collection_id>",
        "collection",
        lambda collection_id: run(core_api.describe_collections, collection_id),
    )
    blueprint.add_url_rule(
        "/collections/<path:collection_id>/queryables",
        "queryables",
        lambda collection_id: run(itemtypes_api.get_collection_queryables, collection_id),
    )
    blueprint.add_url_rule(
        "/collections/<path:collection_id>/items",
        "items",
        lambda collection_id: run(itemtypes_api.get_collection_items, collection_id, check=False, items=True),
    )
    blueprint.add_url_rule(
        "/collections/<path:collection_id>/items/<path:item_id>",
        "item",
        lambda collection_id, item_id: run(itemtypes_api.get_collection_item, collection_id, item_id,
                                           geojson=True),
    )
    def static_file(filename: str) -> Response:
        if filename == "css/default.css":  # pygeoapi's stylesheet, then the accessibility rules
            body = (static / filename).read_bytes() + b"\n" + ACCESSIBLE_CSS.read_bytes()
            return Response(body, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})
        return send_from_directory(static, filename)

    blueprint.add_url_rule("/static/<path:filename>", "static", static_file)
    return blueprint


def create_app(config: dict[str, Any], url_prefix: str = "/ogc") -> Flask:
    """A stand-alone Flask app serving the blueprint (for running beside CKAN, and tests)."""
    app = Flask(__name__, static_folder=None)  # /static is the blueprint's (pygeoapi's files)
    app.url_map.strict_slashes = False
    app.register_blueprint(create_blueprint(config, url_prefix=url_prefix))
    return app


def serve_directories(directories: Iterable[Path], base_url: str) -> dict[str, Any]:
    """One configuration for several migration output folders."""
    entries: dict[str, Any] = {}
    for directory in directories:
        entries.update(config_for_directory(Path(directory), base_url)["resources"])
    return build_config(entries, base_url)
