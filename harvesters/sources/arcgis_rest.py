"""An ArcGIS REST FeatureServer/MapServer layer, read with paged ``query`` requests."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any, ClassVar

from harvesters.errors import SourceFormatError
from harvesters.sources.base import BaseSource
from harvesters.table import Table

GEOMETRY_FIELDS = ("geometry_x", "geometry_y")


class ArcGisRestSource(BaseSource):
    """``type: arcgis_rest``: ``url`` (layer URL ending in ``/FeatureServer/N``), ``format``
    (``geojson`` or ``json``), ``page_size`` (resultRecordCount, default 1000), ``where``,
    ``out_fields``, ``out_sr`` (default 4326), plus timeout/retries/backoff.

    Point layers gain ``geometry_x``/``geometry_y`` columns; every layer is also written
    as a GeoJSON file (``Table.files['GeoJSON']``) with its bbox in ``Table.spatial``.
    """

    type_name: ClassVar[str] = "arcgis_rest"
    required = ("url",)

    def describe(self) -> str:
        return f"arcgis_rest {self.config.get('url')}"

    def query_url(self) -> str:
        return str(self.config["url"]).rstrip("/") + "/query"

    def pages(self) -> list[dict[str, Any]]:
        """Every page of features, following ``resultOffset`` until the server says there is no more."""
        fmt = str(self.config.get("format", "geojson"))
        if fmt not in ("geojson", "json"):
            raise SourceFormatError(self.origin, f"source.format must be geojson or json, not {fmt!r}")
        size = int(self.config.get("page_size", 1000))
        params: dict[str, Any] = {
            "where": self.config.get("where", "1=1"),
            "outFields": self.config.get("out_fields", "*"),
            "outSR": self.config.get("out_sr", 4326),
            "f": fmt,
            "returnGeometry": "true",
            "orderByFields": self.config.get("order_by", "OBJECTID"),
            "resultRecordCount": size,
        }
        pages, offset = [], 0
        max_pages = int(self.config.get("max_pages", 10_000))
        for _ in range(max_pages):
            params["resultOffset"] = offset
            page = self.http_get(self.query_url(), params)
            feats = page.get("features") if isinstance(page, dict) else None
            if not isinstance(feats, list):
                raise SourceFormatError(
                    self.query_url(), f"page at resultOffset={offset} has no features list"
                )
            pages.append(page)
            more = page.get("exceededTransferLimit") or (page.get("properties") or {}).get(
                "exceededTransferLimit"
            )
            if not feats or not more:
                break
            offset += len(feats)
        return pages

    def extract(self) -> Table:
        pages = self.pages()
        geojson = str(self.config.get("format", "geojson")) == "geojson"
        if geojson:
            features = [geojson_feature(f) for p in pages for f in p["features"]]
        else:
            features = [f for p in pages for f in esri_features(p, self.query_url())]
        fields: list[str] = []
        for f in features:
            for k in f["properties"]:
                if k not in fields:
                    fields.append(k)
        points = bool(features) and all((f.get("geometry") or {}).get("type") == "Point" for f in features)
        rows = []
        for f in features:
            row = [f["properties"].get(k, "") for k in fields]
            if points:
                row += list(f["geometry"]["coordinates"][:2])
            rows.append(row)
        out = self.work_dir / f"{self.config.get('name', 'layer')}.geojson"
        out.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
        return Table(
            fields=fields + (list(GEOMETRY_FIELDS) if points else []),
            rows=rows,
            source=self.describe(),
            row_numbers=list(range(1, len(rows) + 1)),
            files={"GeoJSON": out},
            spatial=bbox_geometry(features),
        )


def geojson_feature(feature: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON feature from an ``f=geojson`` one (Esri JSON pages go through :func:`esri_features`)."""
    return {
        "type": "Feature",
        "properties": dict(feature.get("properties") or {}),
        "geometry": feature.get("geometry"),
    }


def _plain(value: Any) -> Any:
    """A JSON-ready attribute value (GDAL gives Esri dates as datetimes: ISO 8601 text)."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime | dt.time) else value


def esri_features(page: dict[str, Any], origin: str) -> list[dict[str, Any]]:
    """GeoJSON features from one Esri JSON (``f=json``) page, read by GDAL's ESRIJSON driver
    (through pyogrio): rings become Polygons or MultiPolygons by their orientation (an outer
    ring per part, holes inside their part), paths LineStrings or MultiLineStrings; geometries
    in another ``spatialReference`` are reprojected to WGS84 and every ring follows RFC 7946's
    right-hand rule."""
    if not page.get("features"):
        return []
    import shapely  # imported here: GDAL, GEOS and PROJ only for Esri JSON layers
    from pyogrio.errors import DataSourceError
    from pyogrio.raw import read_arrow
    from pyproj import CRS

    from gis.crs import WGS84, reproject

    try:
        meta, table = read_arrow(io.BytesIO(json.dumps(page).encode("utf-8")))
    except DataSourceError as e:
        raise SourceFormatError(origin, f"GDAL cannot read this Esri JSON page: {e}") from e
    geometry_column = meta.get("geometry_name") or "wkb_geometry"
    geometries = shapely.from_wkb(table.column(geometry_column).to_numpy(zero_copy_only=False))
    if meta.get("crs") and CRS.from_user_input(meta["crs"]) != WGS84:
        geometries = reproject(geometries, meta["crs"], WGS84)
    texts = shapely.to_geojson(shapely.orient_polygons(geometries))
    rows = table.drop_columns([geometry_column]).to_pylist()
    return [
        {
            "type": "Feature",
            "properties": {k: _plain(v) for k, v in row.items()},
            "geometry": json.loads(text) if text is not None else None,
        }
        for row, text in zip(rows, texts.tolist(), strict=True)
    ]


def _coords(obj: Any) -> list[tuple[float, float]]:
    if isinstance(obj, list) and obj and isinstance(obj[0], int | float):
        return [(float(obj[0]), float(obj[1]))]
    out: list[tuple[float, float]] = []
    if isinstance(obj, list):
        for item in obj:
            out.extend(_coords(item))
    return out


def bbox_geometry(features: list[dict[str, Any]]) -> str | None:
    """The features' bounding box as a GeoJSON Polygon string (None without geometry)."""
    pts = [c for f in features for c in _coords((f.get("geometry") or {}).get("coordinates"))]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    if x0 == x1 and y0 == y1:
        return json.dumps({"type": "Point", "coordinates": [x0, y0]})
    return json.dumps(
        {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}
    )
