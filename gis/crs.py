"""Decide a layer's CRS: declared, given, or recognised as British National Grid; never guessed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyproj import CRS
from pyproj.exceptions import CRSError

from gis.errors import UnknownCrsError

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
        return CrsDecision(parse_crs(override, source), f"given as {override}")
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
