"""A small accessible inline SVG map of a point, nearby places and a ward outline."""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 560, 400, 28
COLOURS = {
    "origin": "#b00020",
    "toilet": "#005ea5",
    "library": "#4c2c92",
    "first_stop_shop": "#00703c",
    "school": "#8a4a00",
    "museum": "#6f1d46",
}


def render(
    origin: dict[str, Any], places: list[dict[str, Any]], ward: Any = None, title: str = "Map"
) -> Markup:
    """SVG with a <title>/<desc>, the origin, places numbered as in the list beside the map
    (``number``, else their order) and (optionally) a ward polygon."""
    pts = [(origin["lon"], origin["lat"])] + [(p["lon"], p["lat"]) for p in places]
    rings: list[list[tuple[float, float]]] = []
    if ward is not None:
        geoms = getattr(ward, "geoms", [ward])
        rings = [list(g.exterior.coords) for g in geoms if hasattr(g, "exterior")]
    all_pts = pts + [c for r in rings for c in r]
    lons = [p[0] for p in all_pts]
    lats = [p[1] for p in all_pts]
    kx = math.cos(math.radians(origin["lat"]))
    span_x = max((max(lons) - min(lons)) * kx, 0.005)
    span_y = max(max(lats) - min(lats), 0.005)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (round(WIDTH / 2 + (lon - cx) * kx * scale, 1), round(HEIGHT / 2 - (lat - cy) * scale, 1))

    desc = [f"Marker at {origin.get('postcode') or 'your location'}."]
    parts = [f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#f4f7f5"/>']
    for ring in rings:
        d = " ".join(f"{x},{y}" for x, y in (xy(*c[:2]) for c in ring))
        parts.append(f'<polygon points="{d}" fill="#dfeee2" stroke="#2e5d3a" stroke-width="1.5"/>')
    if rings:
        desc.append("The shaded area is the ward.")
    for i, p in enumerate(places, start=1):
        x, y = xy(p["lon"], p["lat"])
        colour = COLOURS.get(p.get("type", ""), "#333")
        number = p.get("number", i)  # the number of the place in the list beside the map
        distance = p.get("distance_text") or f"{round(p.get('distance_m', 0))} m"
        label = f"{number}. {p.get('label', '')}: {p.get('name') or ''}, {distance}"
        desc.append(label + ".")
        parts.append(
            f'<g class="nlc-map-place" data-number="{number}"><title>{escape(label)}</title>'
            f'<circle cx="{x}" cy="{y}" r="10" fill="{colour}" stroke="#fff" stroke-width="2"/>'
            f'<text x="{x}" y="{y + 4}" text-anchor="middle" font-size="11" font-weight="bold" '
            f'fill="#fff">{number}</text></g>'
        )
    ox, oy = xy(origin["lon"], origin["lat"])
    parts.append(
        f'<g class="nlc-map-origin"><title>{escape(origin.get("postcode") or "Your location")}</title>'
        f'<path d="M{ox},{oy} l-8,-18 a9,9 0 1,1 16,0 z" fill="{COLOURS["origin"]}" stroke="#fff" '
        f'stroke-width="2"/></g>'
    )
    return Markup(
        f'<svg class="nlc-lookup-map" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="nlc-map-title nlc-map-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="nlc-map-title">{escape(title)}</title>'
        f'<desc id="nlc-map-desc">{escape(" ".join(desc))}</desc>{"".join(parts)}</svg>'
    )
