"""pygeoapi configuration for migrated layers (OGC API - Features); no web framework here.

``build_config`` makes a pygeoapi configuration for a set of migrated GeoPackages and
``config_for_directory`` one for a migration output folder; ``storage_bbox`` turns a CRS84
``bbox`` parameter into the storage CRS. The CKAN extension serves the configuration
(``ckanext.nlc.ogc.app``); ``python -m gis.ogcapi DIR URL`` writes it as a pygeoapi YAML
file for running pygeoapi on its own (``PYGEOAPI_CONFIG=... pygeoapi serve``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyogrio

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


def layer_fields(gpkg: str | Path, table: str | None = None) -> list[str]:
    """The property names of a GeoPackage layer."""
    info = pyogrio.read_info(gpkg, layer=table)
    return [str(f) for f in info["fields"]]


def serve_directories(directories: Iterable[Path], base_url: str) -> dict[str, Any]:
    """One configuration for several migration output folders."""
    entries: dict[str, Any] = {}
    for directory in directories:
        entries.update(config_for_directory(Path(directory), base_url)["resources"])
    return build_config(entries, base_url)


def main(argv: list[str] | None = None) -> None:
    """``python -m gis.ogcapi DIR BASE_URL [OUT.yml]``: a pygeoapi config file for DIR's layers."""
    import yaml

    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        raise SystemExit("usage: python -m gis.ogcapi MIGRATED_DIR BASE_URL [OUT.yml]")
    text = yaml.safe_dump(config_for_directory(Path(args[0]), args[1]), sort_keys=False)
    if len(args) == 3:
        Path(args[2]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
