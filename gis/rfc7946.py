"""Check a GeoJSON document against the RFC 7946 rules the migration promises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}


def _positions(coords: Any) -> Iterator[list[float]]:
    if coords and isinstance(coords[0], int | float):
        yield coords
    else:
        for item in coords:
            yield from _positions(item)


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False)) / 2


def _check_polygon(rings: list, where: str) -> list[str]:
    problems = []
    for n, ring in enumerate(rings):
        if len(ring) < 4 or ring[0] != ring[-1]:
            problems.append(f"{where}: ring {n} is not a closed ring of 4 or more positions")
            continue
        area = _signed_area(ring)
        if n == 0 and area < 0:
            problems.append(f"{where}: exterior ring is clockwise (RFC 7946 3.1.6 right-hand rule)")
        if n > 0 and area > 0:
            problems.append(f"{where}: hole {n} is counter-clockwise (RFC 7946 3.1.6 right-hand rule)")
    return problems


def check_geometry(geometry: dict[str, Any] | None, where: str, decimals: int = 7) -> list[str]:
    """Problems with one geometry (WGS84 ranges, precision, ring orientation)."""
    if geometry is None:
        return []
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        return [f"{where}: unknown geometry type {kind!r}"]
    if kind == "GeometryCollection":
        return [
            p
            for i, g in enumerate(geometry.get("geometries", []))
            for p in check_geometry(g, f"{where} part {i}", decimals)
        ]
    problems = []
    for pos in _positions(geometry.get("coordinates", [])):
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append(f"{where}: position {pos} is not WGS84 longitude/latitude")
            break
        if any(round(v, decimals) != v for v in pos[:2]):
            problems.append(f"{where}: position {pos} has more than {decimals} decimals")
            break
    if kind == "Polygon":
        problems += _check_polygon(geometry["coordinates"], where)
    elif kind == "MultiPolygon":
        for i, polygon in enumerate(geometry["coordinates"]):
            problems += _check_polygon(polygon, f"{where} polygon {i}")
    return problems


def check_feature_collection(doc: dict[str, Any], decimals: int = 7) -> list[str]:
    """Every RFC 7946 problem found in a FeatureCollection (empty list: it passes)."""
    problems = []
    if doc.get("type") != "FeatureCollection":
        problems.append("top level is not a FeatureCollection")
    if "crs" in doc:
        problems.append("has a 'crs' member (removed by RFC 7946; coordinates must be WGS84)")
    for i, feature in enumerate(doc.get("features", [])):
        if feature.get("type") != "Feature":
            problems.append(f"feature {i}: type is not 'Feature'")
        if "properties" not in feature or "geometry" not in feature:
            problems.append(f"feature {i}: missing 'properties' or 'geometry'")
        problems += check_geometry(feature.get("geometry"), f"feature {i}", decimals)
    return problems
