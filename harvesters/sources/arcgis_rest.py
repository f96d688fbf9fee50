"""An ArcGIS REST FeatureServer/MapServer layer, read with paged ``query`` requests."""

from __future__ import annotations

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
        features = [to_geojson_feature(f, geojson) for p in pages for f in p["features"]]
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


def to_geojson_feature(feature: dict[str, Any], geojson: bool) -> dict[str, Any]:
    """A GeoJSON feature from either an ``f=geojson`` feature or an Esri JSON one."""
    if geojson:
        return {
            "type": "Feature",
            "properties": dict(feature.get("properties") or {}),
            "geometry": feature.get("geometry"),
        }
    geom = feature.get("geometry") or {}
    if "x" in geom:
        g: dict[str, Any] | None = {"type": "Point", "coordinates": [geom["x"], geom["y"]]}
    elif "rings" in geom:
        g = {"type": "Polygon", "coordinates": geom["rings"]}
    elif "paths" in geom:
        g = {"type": "MultiLineString", "coordinates": geom["paths"]}
    else:
        g = None
    return {"type": "Feature", "properties": dict(feature.get("attributes") or {}), "geometry": g}


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
