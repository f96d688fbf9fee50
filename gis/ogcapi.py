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


def config_for_directory(directory: Path, base_url: str) -> dict[str, Any]:
    """A configuration serving every layer migrated into ``directory``."""
    entries = dict(collection_from_migration(p) for p in sorted(Path(directory).glob("*.migration.json")))
    return build_config(entries, base_url)


def create_blueprint(config: dict[str, Any], name: str = "nlc_ogcapi", url_prefix: str = "/ogc") -> Blueprint:
    """A Flask blueprint exposing pygeoapi's OGC API - Features endpoints for ``config``."""
    import pygeoapi.api as core_api
    import pygeoapi.api.itemtypes as itemtypes_api
    from pygeoapi.api import API, APIRequest, apply_gzip
    from pygeoapi.openapi import get_oas

    api = API(config, get_oas(config))
    blueprint = Blueprint(name, __name__, url_prefix=url_prefix)

    def run(function: Callable[..., Any], *args: Any, check: bool = True) -> Response:
        api_request = APIRequest.from_flask(request, api.locales)
        if check and not api_request.is_valid():
            headers, status, content = api.get_format_exception(api_request)
        else:
            headers, status, content = function(api, api_request, *args)
            content = apply_gzip(headers, content)
        response = make_response(content, status)
        if headers:
            response.headers = headers
        return response

    blueprint.add_url_rule("/", "landing_page", lambda: run(core_api.landing_page))
    blueprint.add_url_rule("/openapi", "openapi", lambda: run(core_api.openapi_))
    blueprint.add_url_rule("/conformance", "conformance", lambda: run(core_api.conformance))
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
        lambda collection_id: run(itemtypes_api.get_collection_items, collection_id, check=False),
    )
    blueprint.add_url_rule(
        "/collections/<path:collection_id>/items/<path:item_id>",
        "item",
        lambda collection_id, item_id: run(itemtypes_api.get_collection_item, collection_id, item_id),
    )
    return blueprint


def create_app(config: dict[str, Any], url_prefix: str = "/ogc") -> Flask:
    """A stand-alone Flask app serving the blueprint (for running beside CKAN, and tests)."""
    app = Flask(__name__)
    app.url_map.strict_slashes = False
    app.register_blueprint(create_blueprint(config, url_prefix=url_prefix))
    return app


def serve_directories(directories: Iterable[Path], base_url: str) -> dict[str, Any]:
    """One configuration for several migration output folders."""
    entries: dict[str, Any] = {}
    for directory in directories:
        entries.update(config_for_directory(Path(directory), base_url)["resources"])
    return build_config(entries, base_url)
