"""Point datasets published as tables also get an RFC 7946 GeoJSON file and a bbox.

A resource declares ``geojson: {x: <longitude column>, y: <latitude column>}`` in its
dataset.yaml; the transformed table (already in WGS84) is written as a GeoJSON
FeatureCollection of points (7 decimals, every column a property) for the portal's
map preview, and the points' bounding box becomes the dataset's ``spatial`` extent.
Every point must be WGS84 (longitude -180..180, latitude -90..90) whatever the Table
Schema says; anything else (e.g. British National Grid metres) stops the harvest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harvesters.errors import CoordinateRangeError, TransformError
from harvesters.output import typed_properties
from harvesters.table import Table

DECIMALS = 7


def _number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def _check_wgs84(table: Table, points: list[tuple[int, float, float]], names: tuple[str, str],
                 origin: str) -> None:
    """Raise CoordinateRangeError at the first point outside longitude/latitude ranges."""
    bad = [(i, x, y) for i, x, y in points if not (-180 <= x <= 180 and -90 <= y <= 90)]
    if not bad:
        return
    from gis.crs import likely_crs  # imported lazily: pyproj is only needed to explain the error

    i, x, y = bad[0]
    field = names[0] if not -180 <= x <= 180 else names[1]
    likely = likely_crs((x, y, x, y))
    more = f" ({len(bad) - 1} more row(s) out of range)" if len(bad) > 1 else ""
    raise CoordinateRangeError(
        f"{origin}: geojson", row=table.source_row(i), field=field,
        message=f"{names[0]} = {x:g}, {names[1]} = {y:g} is not WGS84 longitude/latitude (longitude "
                f"-180..180, latitude -90..90)" + (f"; it looks like {likely}" if likely else "")
                + f"{more}; convert the coordinates to WGS84 before publishing them as GeoJSON",
    )


def popup_fields(table: Table, spec: dict[str, Any], schema: dict[str, Any] | None,
                 origin: str) -> dict[str, Any]:
    """The map popup the definition names (``geojson: {popup: [field, ...], title: field}``)
    with each field's label from the Table Schema: a foreign member of the FeatureCollection
    (RFC 7946, 6.1) that the portal's map reads."""
    names = list(spec["popup"])
    title = spec.get("title", names[0])
    missing = [n for n in [*names, title] if n not in table.fields]
    if missing:
        names_text = ', '.join(map(repr, missing))
        raise TransformError(f"{origin}: geojson: popup field(s) {names_text} not in the output")
    titles = {f["name"]: f.get("title") or f["name"] for f in (schema or {}).get("fields", [])}
    return {"title": title, "fields": [{"name": n, "label": titles.get(n, n)} for n in names]}


def attach_geojson(table: Table, spec: dict[str, Any], path: Path, *, origin: str,
                   schema: dict[str, Any] | None = None) -> None:
    """Write ``table``'s points to ``path`` (properties typed as ``schema`` says) and record
    the file and bbox on the table."""
    x_name, y_name = spec.get("x"), spec.get("y")
    missing = [n for n in (x_name, y_name) if n not in table.fields]
    if missing:
        names = ", ".join(map(repr, missing))
        raise TransformError(f"{origin}: geojson: column(s) {names} not in the output")
    xi, yi = table.fields.index(x_name), table.fields.index(y_name)
    points = []
    for i, row in enumerate(table.rows):
        x, y = _number(row[xi]), _number(row[yi])
        if x is not None and y is not None:  # else no location: the row is still in the CSV
            points.append((i, x, y))
    _check_wgs84(table, points, (x_name, y_name), origin)
    features, xs, ys = [], [], []
    for i, x, y in points:
        row = table.rows[i]
        x, y = round(x, DECIMALS), round(y, DECIMALS)
        xs.append(x)
        ys.append(y)
        properties = typed_properties(table.fields, row, schema)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
                         "properties": properties})
    body: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if spec.get("popup"):
        body["popup"] = popup_fields(table, spec, schema, origin)
    text = json.dumps(body, ensure_ascii=False, default=str, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    table.files["GeoJSON"] = path
    if xs:
        pad = 0.0005  # ~50 m, so a single point still has an area
        w, e, s, n = (round(v, 6) for v in (min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad))
        table.spatial = json.dumps({"type": "Polygon", "coordinates": [
            [[w, s], [e, s], [e, n], [w, n], [w, s]]]})
