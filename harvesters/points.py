"""Point datasets published as tables also get an RFC 7946 GeoJSON file and a bbox.

A resource declares ``geojson: {x: <longitude column>, y: <latitude column>}`` in its
dataset.yaml; the transformed table (already in WGS84) is written as a GeoJSON
FeatureCollection of points (7 decimals, every column a property) for the portal's
map preview, and the points' bounding box becomes the dataset's ``spatial`` extent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harvesters.errors import TransformError
from harvesters.table import Table

DECIMALS = 7


def _number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def attach_geojson(table: Table, spec: dict[str, Any], path: Path, *, origin: str) -> None:
    """Write ``table``'s points to ``path`` and record the file and bbox on the table."""
    x_name, y_name = spec.get("x"), spec.get("y")
    missing = [n for n in (x_name, y_name) if n not in table.fields]
    if missing:
        names = ", ".join(map(repr, missing))
        raise TransformError(f"{origin}: geojson: column(s) {names} not in the output")
    xi, yi = table.fields.index(x_name), table.fields.index(y_name)
    features, xs, ys = [], [], []
    for row in table.rows:
        x, y = _number(row[xi]), _number(row[yi])
        if x is None or y is None:
            continue  # no location: the row is still in the CSV, just not on the map
        x, y = round(x, DECIMALS), round(y, DECIMALS)
        xs.append(x)
        ys.append(y)
        properties = {f: ("" if v is None else v) for f, v in zip(table.fields, row, strict=False)}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
                         "properties": properties})
    body = {"type": "FeatureCollection", "features": features}
    text = json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    table.files["GeoJSON"] = path
    if xs:
        pad = 0.0005  # ~50 m, so a single point still has an area
        w, e, s, n = (round(v, 6) for v in (min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad))
        table.spatial = json.dumps({"type": "Polygon", "coordinates": [
            [[w, s], [e, s], [e, n], [w, n], [w, s]]]})
