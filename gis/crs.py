"""Decide a layer's CRS: declared, given, or recognised as British National Grid; never guessed."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from gis.errors import CrsMismatchError, UnknownCrsError

BNG = CRS.from_epsg(27700)
WGS84 = CRS.from_epsg(4326)
# Where British National Grid coordinates can fall for NLC's purposes (metres).
BNG_EXTENT = (0.0, 0.0, 700_000.0, 1_300_000.0)
# Coordinates this large cannot be degrees, so a layer inside BNG_EXTENT is "clearly BNG".
NOT_DEGREES = 1_000.0

Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class CrsDecision:
    """The CRS a layer is read in and how it was decided (for the migration report)."""

    crs: CRS
    how: str


@functools.lru_cache(maxsize=32)
def transformer(src: Any, dst: Any) -> Transformer:
    """A cached ``always_xy`` transformer (building one costs milliseconds; using it, nanoseconds
    per point). ``src``/``dst``: anything :meth:`pyproj.CRS.from_user_input` takes."""
    return Transformer.from_crs(src, dst, always_xy=True)


def transform_xy(xs: np.ndarray, ys: np.ndarray, src: Any, dst: Any) -> tuple[np.ndarray, np.ndarray]:
    """Coordinate arrays transformed in one pyproj call (never one call per point)."""
    tx, ty = transformer(src, dst).transform(np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))
    return np.asarray(tx, dtype=float), np.asarray(ty, dtype=float)


def reproject(geometries: np.ndarray, src: Any, dst: Any) -> np.ndarray:
    """An array of shapely geometries (None allowed) reprojected with one pyproj call over
    every coordinate of every geometry (:func:`shapely.transform`, 2D)."""

    def xy(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(transform_xy(coords[:, 0], coords[:, 1], src, dst))

    return shapely.transform(np.asarray(geometries, dtype=object), xy)


def clearly_bng(bounds: Bounds | None) -> bool:
    """True when every coordinate lies in the BNG extent and the values cannot be degrees."""
    if bounds is None:
        return False
    minx, miny, maxx, maxy = bounds
    x0, y0, x1, y1 = BNG_EXTENT
    inside = x0 <= minx and y0 <= miny and maxx <= x1 and maxy <= y1
    return inside and max(maxx, maxy) > NOT_DEGREES


def looks_like_degrees(bounds: Bounds | None) -> bool:
    """True when the coordinates fit longitude/latitude ranges."""
    if bounds is None:
        return True
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


# CRSs a mislabelled layer is usually really in, most specific (smallest area of use) first.
CANDIDATES = {
    "EPSG:27700": "British National Grid",
    "EPSG:4326": "WGS84 longitude/latitude",
    "EPSG:3857": "Web Mercator",
}


def fits(crs: CRS, bounds: Bounds) -> bool:
    """True when ``bounds`` (in ``crs``) lie inside the CRS's area of use.

    A projected layer whose every coordinate fits longitude/latitude ranges would sit
    within 180 m of the false origin: that is degrees under the wrong label, not a fit.
    """
    if crs.is_projected and looks_like_degrees(bounds):
        return False
    area = crs.area_of_use
    if area is None or area.west > area.east:  # unknown, or across the antimeridian
        return True
    box = (area.west, area.south, area.east, area.north)
    if not crs.is_geographic:
        box = Transformer.from_crs(WGS84, crs, always_xy=True).transform_bounds(*box)
    minx, miny, maxx, maxy = bounds
    return box[0] <= minx and box[1] <= miny and maxx <= box[2] and maxy <= box[3]


def likely_crs(bounds: Bounds) -> str | None:
    """The first of :data:`CANDIDATES` whose area of use the bounds fit, as "Name (EPSG:n)"."""
    for code, label in CANDIDATES.items():
        if fits(CRS.from_user_input(code), bounds):
            return f"{label} ({code})"
    return None


def check_fits(source: str | Path, crs: CRS, bounds: Bounds | None, how: str) -> None:
    """Raise CrsMismatchError naming the likely CRS when ``bounds`` do not fit ``crs``."""
    if bounds is None or fits(crs, bounds):
        return
    area = crs.area_of_use
    where = f"lon {area.west:g}..{area.east:g}, lat {area.south:g}..{area.north:g}" if area else "none"
    likely = likely_crs(bounds)
    guess = (
        f"they look like {likely}, not {crs.to_string()} {crs.name}"
        if likely
        else f"they fit none of {', '.join(CANDIDATES)} either"
    )
    raise CrsMismatchError(
        source,
        f"{how} {crs.to_string()}, but the coordinates ({_describe(bounds)}) do not fit its area of use "
        f"({where}): {guess}; fix the CRS declaration or pass the right one with --crs",
    )


def parse_crs(value: str, source: str | Path) -> CRS:
    """A CRS from user input (``EPSG:27700``, ``27700``, WKT), or UnknownCrsError."""
    text = value.strip()
    try:
        return normalise(CRS.from_user_input(int(text) if text.isdigit() else text))
    except CRSError as exc:
        raise UnknownCrsError(source, f"cannot understand CRS {value!r}: {exc}") from exc


def normalise(crs: CRS) -> CRS:
    """Replace an ESRI/MapInfo rendering of a known EPSG CRS by the EPSG definition."""
    if crs.equals(BNG, ignore_axis_order=True):
        return BNG
    code = crs.to_epsg(min_confidence=70)
    return CRS.from_epsg(code) if code else crs


def _describe(bounds: Bounds | None) -> str:
    if bounds is None:
        return "no coordinates"
    minx, miny, maxx, maxy = bounds
    return f"x {minx:.6g}..{maxx:.6g}, y {miny:.6g}..{maxy:.6g}"


def resolve_crs(
    source: str | Path,
    declared: str | None,
    bounds: Bounds | None,
    override: str | None = None,
    origin: str = "declared by the file",
) -> CrsDecision:
    """The layer's CRS; raise UnknownCrsError rather than guess.

    Order: an explicit ``override``; the declared CRS if the coordinates fit it; BNG when
    the coordinates are clearly BNG metres; otherwise refuse.
    """
    if override:
        given = parse_crs(override, source)
        check_fits(source, given, bounds, "given as")
        return CrsDecision(given, f"given as {override}")
    hint = "; pass the CRS explicitly (e.g. --crs EPSG:27700)"
    if declared:
        try:
            crs = normalise(CRS.from_user_input(declared))
        except CRSError:
            crs = None
        if crs is not None and crs.type_name not in ("Engineering CRS", "Local CRS"):
            if crs.is_geographic and not looks_like_degrees(bounds):
                if clearly_bng(bounds):
                    return CrsDecision(
                        BNG,
                        f"declared {crs.name} but coordinates ({_describe(bounds)}) "
                        "are British National Grid metres",
                    )
                raise UnknownCrsError(
                    source,
                    f"declares {crs.name} but coordinates ({_describe(bounds)}) " f"are not degrees{hint}",
                )
            check_fits(source, crs, bounds, "declares")
            return CrsDecision(crs, f"{origin}: {crs.to_string()}")
        origin = f"unusable CRS declaration {declared[:60]!r}"
    if clearly_bng(bounds):
        return CrsDecision(
            BNG,
            f"{origin}; coordinates ({_describe(bounds)}) are within the British "
            "National Grid extent, so EPSG:27700 was recognised",
        )
    raise UnknownCrsError(
        source,
        f"cannot determine the CRS ({origin}); coordinates ({_describe(bounds)}) are not clearly British "
        f"National Grid (eastings 0-700000, northings 0-1300000){hint}",
    )
