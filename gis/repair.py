"""Check and repair geometries; every feature fixed, split or rejected is reported with a reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

FAMILY_OF = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "LinearRing": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}
OUTPUT_TYPE = {"point": "Point", "line": "MultiLineString", "polygon": "MultiPolygon"}
# shapely type ids: 0 Point, 1 LineString, 2 LinearRing, 3 Polygon, 4 MultiPoint,
# 5 MultiLineString, 6 MultiPolygon, 7 GeometryCollection
FAMILY_TYPE_IDS = {"point": (0, 4), "line": (1, 2, 5), "polygon": (3, 6)}


@dataclass(frozen=True)
class ReportEntry:
    """What happened to one feature (``feature`` is its 0-based position in the source)."""

    feature: int
    action: str  # fixed | split | rejected
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _family_of_type(geometry_type: str) -> str | None:
    base = geometry_type.replace(" Z", "").replace(" M", "").replace("25D", "").strip()
    return FAMILY_OF.get(base)


def choose_family(declared_type: str, geoms: np.ndarray) -> tuple[str, str]:
    """The layer's geometry family and how it was chosen.

    The declared type decides when it is specific; for mixed layers (GeoJSON, KML, DXF)
    the family most features in the first batch have is kept and the others rejected.
    """
    family = _family_of_type(declared_type)
    if family:
        return family, f"declared geometry type {declared_type}"
    types = [FAMILY_OF.get(g.geom_type) for g in geoms if g is not None and not g.is_empty]
    counts = Counter(t for t in types if t)
    if not counts:
        return "polygon", "no geometries to inspect; polygon assumed"
    family, _ = counts.most_common(1)[0]
    if len(counts) > 1:
        others = ", ".join(f"{n} {fam}" for fam, n in counts.items() if fam != family)
        return family, f"mixed geometry types; kept the {family} majority, rejected {others} feature(s)"
    return family, f"all geometries are {family}s"


def _family_parts(geom: BaseGeometry, family: str) -> list[BaseGeometry]:
    """The parts of ``geom`` belonging to ``family`` (flattening collections)."""
    wanted = FAMILY_TYPE_IDS[family]
    parts = shapely.get_parts(geom)
    out: list[BaseGeometry] = []
    for part in parts:
        if shapely.get_type_id(part) == 7:
            out.extend(_family_parts(part, family))
        elif shapely.get_type_id(part) in wanted and not part.is_empty:
            out.extend(shapely.get_parts(part))
    return out


def _assemble(parts: list[BaseGeometry], family: str) -> BaseGeometry:
    if family == "polygon":
        return shapely.MultiPolygon(parts)
    if family == "line":
        return shapely.MultiLineString(parts)
    return parts[0] if len(parts) == 1 else shapely.MultiPoint(parts)


def _repair_one(geom: BaseGeometry, family: str) -> tuple[BaseGeometry | None, str, str]:
    """Repair an invalid or collection geometry: (result or None, action, reason)."""
    reason = shapely.is_valid_reason(geom)
    method = "structure" if family == "polygon" else "linework"
    fixed = (
        geom
        if reason == "Valid Geometry"
        else shapely.make_valid(
            geom, method=method, **({"keep_collapsed": False} if method == "structure" else {})
        )
    )
    parts = _family_parts(fixed, family)
    if not parts:
        return None, "rejected", f"{reason}: nothing of the {family} geometry survives repair"
    before = len(shapely.get_parts(geom))
    result = _assemble(parts, family)
    if reason == "Valid Geometry":
        return result, "fixed", f"kept the {family} parts of a {geom.geom_type}"
    if len(parts) > before:
        return result, "split", f"{reason}: made valid as {len(parts)} parts (was {before})"
    return result, "fixed", f"{reason}: made valid"


def repair_batch(
    geoms: np.ndarray, start: int, family: str
) -> tuple[np.ndarray, np.ndarray, list[ReportEntry]]:
    """Repaired geometries, a keep-mask and report entries for one batch.

    ``start`` is the source position of the batch's first feature. Valid geometries of
    the right family pass through untouched (vectorised); only the others are visited.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    keep = np.ones(len(geoms), dtype=bool)
    entries: list[ReportEntry] = []
    missing = shapely.is_missing(geoms)
    empty = np.zeros(len(geoms), dtype=bool)
    empty[~missing] = shapely.is_empty(geoms[~missing])
    type_ids = np.full(len(geoms), -1)
    type_ids[~missing] = shapely.get_type_id(geoms[~missing])
    valid = np.zeros(len(geoms), dtype=bool)
    present = ~missing & ~empty
    valid[present] = shapely.is_valid(geoms[present])
    right_family = np.isin(type_ids, FAMILY_TYPE_IDS[family])
    for i in np.flatnonzero(missing | empty):
        keep[i] = False
        entries.append(
            ReportEntry(start + int(i), "rejected", "no geometry" if missing[i] else "empty geometry")
        )
    wrong = present & ~right_family & (type_ids != 7)
    for i in np.flatnonzero(wrong):
        keep[i] = False
        entries.append(
            ReportEntry(
                start + int(i),
                "rejected",
                f"{geoms[i].geom_type} does not match the layer's {family} geometry",
            )
        )
    for i in np.flatnonzero(present & ~wrong & (~valid | (type_ids == 7))):
        result, action, reason = _repair_one(geoms[i], family)
        entries.append(ReportEntry(start + int(i), action, reason))
        if result is None:
            keep[i] = False
        else:
            out[i] = result
    out = _promote(out, keep, family)
    entries.sort(key=lambda e: e.feature)
    return out, keep, entries


def _promote(geoms: np.ndarray, keep: np.ndarray, family: str) -> np.ndarray:
    """Promote single polygons/lines to Multi* so the layer has one geometry type."""
    single = {"polygon": 3, "line": 1}.get(family)
    if single is None:
        return geoms
    ids = np.full(len(geoms), -1)
    ids[keep] = shapely.get_type_id(geoms[keep])
    idx = np.flatnonzero((ids == single) | (ids == 2))
    if len(idx):
        build = shapely.multipolygons if family == "polygon" else shapely.multilinestrings
        singles = geoms[idx]
        if family == "line":
            singles = np.array(
                [shapely.LineString(g.coords) if g.geom_type == "LinearRing" else g for g in singles],
                dtype=object,
            )
        geoms[idx] = build(singles, indices=np.arange(len(idx)))
    return geoms
