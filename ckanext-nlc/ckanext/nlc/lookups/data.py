"""In-process indexes over the published lookup datasets, read from the DataStore.

Each *kind* (postcodes, council tax bands, wards, councillors, bin rounds and calendar,
places...) is read from the dataset named by ``ckanext.nlc.lookups.<kind>_dataset`` (the
kinds of place and their labels are data: ``kinds.yaml``); its index is rebuilt
whenever the resource or its DataStore rows change (checked at most every
``ckanext.nlc.lookups.check_seconds``), so republishing a dataset changes the answers.
"""

from __future__ import annotations

import bisect
import itertools
import json
import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any

import ckan.plugins.toolkit as tk
import numpy as np
import sqlalchemy as sa
import yaml
from ckanext.nlc.lookups import bins
from pyproj import Geod
from shapely.geometry import Point, shape
from shapely.ops import nearest_points
from shapely.prepared import prep

from harvesters import postcode

EARTH_RADIUS_M = 6_371_008.8
GEOD = Geod(ellps="WGS84")
# Wards: a centroid this close (metres) to a ward but inside none is given that ward.
BOUNDARY_TOLERANCE_M = 250.0
log = logging.getLogger(__name__)

# The kinds of place (nearest toilet, library...): dataset, row filter, labels, details shown.
PLACES: dict[str, dict[str, Any]] = yaml.safe_load(
    resources.files("ckanext.nlc.lookups").joinpath("kinds.yaml").read_text("utf-8")
)
PLACE_KINDS = tuple(PLACES)
PLACE_LABELS = {k: str(v["label"]) for k, v in PLACES.items()}
PLACE_PLURALS = {k: str(v["plural"]) for k, v in PLACES.items()}
DEFAULT_DATASETS = {
    "postcode": "postcodes",
    "council_tax": "council-tax-bands",
    "ward": "wards",
    "councillor": "councillors",
    "bin_rounds": "bin-collection-calendar",
    "bin_calendar": "bin-collection-calendar",
    **{k: str(v["dataset"]) for k, v in PLACES.items()},
}
# Kinds read from one of several DataStore resources of their dataset: the resource's name
# (configurable: ckanext.nlc.lookups.<kind>_resource).
DEFAULT_RESOURCES = {"bin_rounds": "Collection rounds by address", "bin_calendar": "Collection calendar"}
LAT_COLUMNS = ("lat", "latitude", "geoy", "y")
LON_COLUMNS = ("long", "lon", "lng", "longitude", "geox", "x")
# The columns rows are found by (a postcode, an address, a ward, a collection round): every
# DataStore load indexes them (ckanext.nlc.loading.bulk), so datastore_search filters on them
# use an index.
KEY_COLUMNS = frozenset({"pcds", "pcd", "Postcode", "postcode", "UPRN", "WardCode", "Round"})
NAME_COLUMNS = ("name", "locationtext", "school", "venue", "site name", "establishment")


class LookupDataError(Exception):
    """A lookup dataset is missing or unusable (not the user's fault)."""


_SETTINGS: dict[str, tuple[Any, float]] = {}  # key -> (value, when it was read, monotonic)


def setting(key: str) -> Any:
    """A config value, read at most once a second (CKAN's ``config.get`` costs more than
    the rest of a cached lookup)."""
    now = time.monotonic()
    found = _SETTINGS.get(key)
    if found is None or now - found[1] >= 1.0:
        found = (tk.config.get(key), now)
        _SETTINGS[key] = found
    return found[0]


_CHECK = (5.0, -math.inf)  # check_seconds, when it was read (monotonic)


def check_seconds() -> float:
    """``ckanext.nlc.lookups.check_seconds`` (0 = check on every request), read at most once a
    second (each answer asks about twenty times)."""
    global _CHECK
    now = time.monotonic()
    if now - _CHECK[1] >= 1.0:
        value = tk.config.get("ckanext.nlc.lookups.check_seconds")
        _CHECK = (5.0 if value in (None, "") else float(value), now)
    return _CHECK[0]


def dataset_name(kind: str) -> str:
    return str(tk.config.get(f"ckanext.nlc.lookups.{kind}_dataset") or DEFAULT_DATASETS[kind])


def resource_name(kind: str) -> str | None:
    """The name of the resource a kind reads, for datasets with several (else None: the first)."""
    if kind not in DEFAULT_RESOURCES:
        return None
    return str(tk.config.get(f"ckanext.nlc.lookups.{kind}_resource") or DEFAULT_RESOURCES[kind])


# The one postcode module (Royal Mail format rules), as the transform and the FOI scrubber use it.
normalise_postcode = postcode.normalise  # 'ml11ab ' -> 'ML1 1AB'; None when not a UK postcode
postcode_key = postcode.key  # 'ML1 1AB' -> 'ML11AB', the look-up key


# --------------------------------------------------------------------------- distances


def haversine_m(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances (metres) from one point to arrays of points (degrees)."""
    p1, l1 = math.radians(lat), math.radians(lon)
    p2, l2 = np.radians(lats), np.radians(lons)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def geodesic_m(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """WGS84 ellipsoidal distances (metres): the true distance used for ordering."""
    n = len(lats)
    _, _, dist = GEOD.inv(np.full(n, lon), np.full(n, lat), np.asarray(lons), np.asarray(lats))
    return np.asarray(dist)


# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    """Where a kind's data came from, for citing in every answer."""

    dataset: str
    title: str
    resource_id: str
    resource_name: str

    _json: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def as_json(self) -> str:
        """:meth:`as_dict` as JSON (the standard library's encoding), made once per site URL."""
        site = str(setting("ckan.site_url") or "")
        if self._json is None or self._json[0] != site:
            self._json = (site, json.dumps(self.as_dict()))
        return self._json[1]

    def as_dict(self) -> dict[str, str]:
        site = str(setting("ckan.site_url") or "").rstrip("/")
        return {
            "dataset": self.dataset,
            "title": self.title,
            "url": f"{site}/dataset/{self.dataset}",
            "resource_id": self.resource_id,
            "resource_url": f"{site}/dataset/{self.dataset}/resource/{self.resource_id}",
        }


def _package(name: str) -> dict[str, Any] | None:
    """The few fields of a public dataset and its resources needed here (straight from the
    model: much cheaper than package_show, which the freshness check would call often)."""
    from ckan import model

    pkg = model.Package.get(name)
    if pkg is None or pkg.state != "active" or pkg.private:
        return None
    resources = []
    for res in pkg.resources:  # active resources, in order
        extras = res.extras or {}
        resources.append(
            {
                "id": res.id,
                "name": res.name,
                "format": res.format,
                "url": res.url,
                "url_type": res.url_type,
                "datastore_active": extras.get("datastore_active") in (True, "true", "True"),
                "last_modified": str(res.last_modified),
                "metadata_modified": str(res.metadata_modified),
                "hash": res.hash,
                "size": res.size,
            }
        )
    return {"name": pkg.name, "title": pkg.title, "resources": resources}


def _pick_resource(pkg: dict[str, Any], geojson: bool, name: str | None = None) -> dict[str, Any]:
    for res in pkg.get("resources", []):
        if name is not None and res.get("name") != name:
            continue
        fmt = (res.get("format") or "").lower()
        if geojson and (fmt == "geojson" or (res.get("url") or "").lower().endswith(".geojson")):
            return res
        if not geojson and res.get("datastore_active"):
            return res
    what = "GeoJSON resource" if geojson else "resource in the DataStore"
    if name is not None:
        what += f" named {name!r}"
    raise LookupDataError(f"dataset {pkg.get('name')!r} has no {what}")


# The change signal of a DataStore table, read from a few catalogue rows and one index probe,
# never a scan: the table's oid (a load swapped in is a new table), its comment (what the
# loader recorded: file hash and rows), max(_id) through the primary key (every insert,
# a delete-and-reload included, raises it) and PostgreSQL's cumulative row counters (updates
# and deletes in place; published by the writing backend within about a second of its commit).
FINGERPRINT_SQL = (
    "SELECT t.oid::bigint, obj_description(t.oid, 'pg_class'), (SELECT max(_id) FROM {table}), "
    "pg_stat_get_tuples_inserted(t.oid), pg_stat_get_tuples_updated(t.oid), "
    "pg_stat_get_tuples_deleted(t.oid) FROM (SELECT %(name)s::regclass AS oid) t"
)


def _datastore_fingerprint(resource_id: str) -> tuple[Any, ...]:
    """A cheap signature of a DataStore table's content: changes on insert/update/delete
    (see :data:`FINGERPRINT_SQL`); its cost does not grow with the table."""
    from ckanext.datastore.backend.postgres import get_read_engine

    table = _quote(resource_id)
    sql = FINGERPRINT_SQL.replace("{table}", table)
    with get_read_engine().connect() as conn:
        return tuple(conn.exec_driver_sql(sql, {"name": table}).one())


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_table(resource_id: str) -> list[dict[str, Any]]:
    """Every row of a DataStore table (straight from its database, not paged)."""
    from ckanext.datastore.backend.postgres import get_read_engine

    with get_read_engine().connect() as conn:
        result = conn.execute(sa.text(f"SELECT * FROM {_quote(resource_id)} ORDER BY _id"))  # noqa: S608 - quoted
        return [dict(row._mapping) for row in result]


def read_geojson(res: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON resource's content: from CKAN's file store when uploaded, else its URL."""
    if res.get("url_type") == "upload":
        from ckan.lib.uploader import get_resource_uploader

        path = get_resource_uploader(res).get_path(res["id"])
        try:
            with open(path, encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError) as e:  # the path and cause to the log, not to callers
            log.error("resource %s (%s): file %s unreadable: %s", res["id"], res.get("name"), path, e)
            raise LookupDataError("the GeoJSON resource's file is unreadable") from e
    from ckanext.nlc.security.remote import RemoteFetchError, fetch_json

    try:
        return fetch_json(res["url"])
    except RemoteFetchError as e:  # the URL and cause to the log, not to callers
        log.error("resource %s (%s): %s", res["id"], res.get("name"), e.log_message)
        raise LookupDataError(f"the GeoJSON resource could not be read. {e.user_message.rstrip('.')}") from e


# --------------------------------------------------------------------------- indexes


@dataclass
class PostcodeIndex:
    by_key: dict[str, dict[str, Any]]


@dataclass
class BandIndex:
    """Dwellings by council tax band, per postcode key: {"bands": {"A": 3, ...}, "dwellings": 3}."""

    by_key: dict[str, dict[str, Any]]


@dataclass
class Ward:
    code: str
    name: str
    number: Any
    geometry: Any
    prepared: Any


# Degrees around a ward's bounding box beyond which no point is within BOUNDARY_TOLERANCE_M
# (250 m is 0.0023 degrees of latitude, and 0.0052 of longitude as far north as 64 N).
BOUNDS_MARGIN_DEG = 0.01


@dataclass
class WardIndex:
    wards: list[Ward]
    by_code: dict[str, Ward]
    bounds: np.ndarray = field(init=False)  # one row per ward: min lon, min lat, max lon, max lat

    def __post_init__(self) -> None:
        boxes = [w.geometry.bounds for w in self.wards]
        self.bounds = np.array(boxes, dtype=float).reshape(len(boxes), 4)

    def locate(self, lat: float, lon: float, fallback_code: str | None = None) -> tuple[Ward | None, str]:
        """The ward containing a point (boundary included), else the nearest within
        tolerance, else the postcode directory's ward code; with the method used. Wards
        whose bounding box is far from the point are not looked at (most of a national
        postcode directory is nowhere near the council)."""
        b, m = self.bounds, BOUNDS_MARGIN_DEG
        near = (b[:, 0] - m <= lon) & (lon <= b[:, 2] + m) & (b[:, 1] - m <= lat) & (lat <= b[:, 3] + m)
        candidates = [self.wards[int(i)] for i in np.nonzero(near)[0]]
        pt = Point(lon, lat) if candidates else None
        for ward in candidates:
            if ward.prepared.covers(pt):
                return ward, "contains"
        best: tuple[float, Ward] | None = None
        for ward in candidates:
            q = nearest_points(ward.geometry, pt)[0]
            d = float(geodesic_m(lat, lon, np.array([q.y]), np.array([q.x]))[0])
            if best is None or d < best[0]:
                best = (d, ward)
        if best is not None and best[0] <= BOUNDARY_TOLERANCE_M:
            return best[1], "nearest_boundary"
        if fallback_code and fallback_code in self.by_code:
            return self.by_code[fallback_code], "postcode_directory"
        return None, "outside"


@dataclass
class CouncillorIndex:
    by_ward: dict[str, list[dict[str, Any]]]


# Place tables up to this size are searched in pure Python: numpy's cost per search (about
# 15 us CPU here) is more than the arithmetic on a few dozen points (25 places: 11 us).
SMALL_TABLE = 48
# Geodesic over spherical distance (mean radius) stays within 0.6 % on WGS84; taken as 1 %.
SPHERE_ERROR = 0.01


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    """The point's unit vector (degrees in): chord lengths between them order points as the
    great-circle distance does (haversine's ``a`` is the squared chord over 4)."""
    p, lam = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(lam), math.cos(p) * math.sin(lam), math.sin(p))


def _chord2(distance_m: float) -> float:
    """The squared chord of a great-circle distance (metres) on the unit sphere."""
    return 4 * math.sin(min(distance_m / (2 * EARTH_RADIUS_M), math.pi / 2)) ** 2


@dataclass
class PlaceIndex:
    kind: str
    lats: np.ndarray
    lons: np.ndarray
    rows: list[dict[str, Any]]
    labels: dict[str, str] = field(default_factory=dict)  # detail column -> data dictionary title

    def __post_init__(self) -> None:
        self._lat_rad = np.radians(self.lats)
        self._lon_rad = np.radians(self.lons)
        self._cos_lat = np.cos(self._lat_rad)
        # small tables: each place with finite coordinates, its unit vector and (lat, lon, row)
        finite = [
            (lat, lon, i)
            for i, (lat, lon) in enumerate(zip(self.lats.tolist(), self.lons.tolist(), strict=True))
            if math.isfinite(lat) and math.isfinite(lon)
        ]
        self._where = finite
        self._xyz = [_unit(lat, lon) for lat, lon, _ in finite]

    def nearest(self, lat: float, lon: float, n: int) -> list[dict[str, Any]]:
        """The n places nearest by WGS84 geodesic distance (spherical shortlist, exact sort;
        ties by row order)."""
        if not self.rows or n <= 0:
            return []
        k = min(n, len(self.rows))
        search = self._nearest_small if len(self.rows) <= SMALL_TABLE else self._nearest_numpy
        return [{**self.rows[i], "distance_m": round(d, 1)} for d, i in search(lat, lon, k)]

    def _nearest_small(self, lat: float, lon: float, k: int) -> list[tuple[float, int]]:
        """(geodesic metres, row) of the k nearest, in pure Python: places in order of chord
        length; the exact distance only for those the shortlist's bounds cannot rule out."""
        x, y, z = _unit(lat, lon)
        scored = sorted([((px - x) ** 2 + (py - y) ** 2 + (pz - z) ** 2, j) for j, (px, py, pz) in
                         enumerate(self._xyz)])  # fmt: skip
        if not scored:
            return []
        kth = scored[min(k, len(scored)) - 1][0] / 4  # haversine's a of the k-th nearest
        radius = 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(max(kth, 0.0), 1.0)))
        limit = _chord2(radius * (1 + SPHERE_ERROR) + 1.0)  # the shortlist _nearest_numpy takes
        best: list[tuple[float, int]] = []
        for c2, j in scored:
            if c2 > limit:
                break
            plat, plon, i = self._where[j]
            found = (float(GEOD.inv(lon, lat, plon, plat)[2]), i)
            if len(best) < k or found < best[-1]:
                bisect.insort(best, found)
                del best[k:]
                if len(best) == k:  # no place past this chord can be nearer than the k-th found
                    limit = min(limit, _chord2(best[-1][0] / (1 - SPHERE_ERROR)))
        return best

    def _nearest_numpy(self, lat: float, lon: float, k: int) -> list[tuple[float, int]]:
        """(geodesic metres, row) of the k nearest: haversine shortlist in numpy, exact sort."""
        p1, l1 = math.radians(lat), math.radians(lon)
        # haversine's a (monotonic in the great-circle distance), from precomputed radians
        a = (
            np.sin((self._lat_rad - p1) / 2) ** 2
            + math.cos(p1) * self._cos_lat * np.sin((self._lon_rad - l1) / 2) ** 2
        )
        kth = float(a.min()) if k == 1 else float(np.partition(a, k - 1)[k - 1])
        radius = 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(max(kth, 0.0), 1.0)))
        limit = (
            math.sin(min((radius * (1 + SPHERE_ERROR) + 1.0) / (2 * EARTH_RADIUS_M), math.pi / 2)) ** 2
        )  # sphere vs ellipsoid < 0.6 %
        cand = np.nonzero(a <= limit)[0]
        if len(cand) == 1:
            exact = np.array([GEOD.inv(lon, lat, float(self.lons[cand[0]]), float(self.lats[cand[0]]))[2]])
        else:
            exact = geodesic_m(lat, lon, self.lats[cand], self.lons[cand])
        order = np.lexsort((cand, exact))[:k]
        return [(float(exact[i]), int(cand[i])) for i in order]


def _col(row: dict[str, Any], names: tuple[str, ...]) -> str | None:
    lower = {k.lower(): k for k in row}
    for name in names:
        if name in lower:
            return lower[name]
    return None


def _build_postcodes(rows: list[dict[str, Any]]) -> PostcodeIndex:
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        pc = row.get("pcds") or row.get("pcd") or row.get("Postcode") or row.get("postcode")
        lat, lon = row.get("lat", row.get("Latitude")), row.get("long", row.get("Longitude"))
        if not pc or lat is None or lon is None or row.get("doterm"):
            continue
        by_key[postcode_key(pc)] = {
            "postcode": normalise_postcode(str(pc)) or str(pc).strip(),
            "lat": float(lat),
            "lon": float(lon),
            "ward_code": row.get("osward"),
        }
    return PostcodeIndex(by_key)


def _build_bands(rows: list[dict[str, Any]]) -> BandIndex:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[postcode_key(row.get("Postcode"))][str(row.get("Band"))] += int(row.get("Dwellings") or 0)
    return BandIndex(
        {
            key: {"bands": dict(sorted(bands.items())), "dwellings": sum(bands.values())}
            for key, bands in counts.items()
        }
    )


def _build_wards(geojson: dict[str, Any]) -> WardIndex:
    wards = []
    for feat in geojson.get("features", []):
        props = feat.get("properties") or {}
        code = props.get("wd13cd") or props.get("WardCode") or props.get("code")
        geom = shape(feat["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        wards.append(
            Ward(
                str(code),
                str(props.get("wd13nm") or props.get("name") or code),
                props.get("ward_no"),
                geom,
                prep(geom),
            )
        )
    return WardIndex(wards, {w.code: w for w in wards})


def _build_councillors(rows: list[dict[str, Any]]) -> CouncillorIndex:
    by_ward: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_ward[str(row.get("WardCode"))].append(
            {
                "name": row.get("Councillor"),
                "party": row.get("Party"),
                "email": row.get("Email"),
                "ward": row.get("Ward"),
            }
        )
    return CouncillorIndex(dict(by_ward))


def _build_places(kind: str, rows: list[dict[str, Any]], labels: dict[str, str]) -> PlaceIndex:
    keep: list[dict[str, Any]] = []
    lats: list[float] = []
    lons: list[float] = []
    if not rows:
        return PlaceIndex(kind, np.array([]), np.array([]), [])
    lat_c, lon_c, name_c = _col(rows[0], LAT_COLUMNS), _col(rows[0], LON_COLUMNS), _col(rows[0], NAME_COLUMNS)
    if lat_c is None or lon_c is None:
        raise LookupDataError(f"the {kind} dataset has no latitude/longitude columns")
    spec = PLACES[kind]
    wanted = {c: str(v).strip().lower() for c, v in (spec.get("filter") or {}).items()}
    details = [str(c) for c in spec.get("details") or []]
    for row in rows:
        if any(str(row.get(c) or "").strip().lower() != v for c, v in wanted.items()):
            continue
        lat, lon = row.get(lat_c), row.get(lon_c)
        if lat is None or lon is None:
            continue
        address = ", ".join(str(row[c]) for c in ("Address", "StreetAddress", "Town") if row.get(c))
        keep.append(
            {
                "name": row.get(name_c) if name_c else None,
                "address": address or None,
                "postcode": row.get("Postcode"),
                "lat": float(lat),
                "lon": float(lon),
                "details": [
                    {"field": c, "label": labels.get(c) or c, "value": _detail(row[c])}
                    for c in details
                    if row.get(c) not in (None, "")
                ],
            }
        )
        lats.append(float(lat))
        lons.append(float(lon))
    return PlaceIndex(kind, np.array(lats), np.array(lons), keep, {c: labels.get(c) or c for c in details})


def _detail(value: Any) -> Any:
    """A detail value for people: booleans as Yes/No, decimals with two places (charges)."""
    if isinstance(value, bool) or str(value) in ("True", "False"):
        return "Yes" if str(value) == "True" else "No"
    if isinstance(value, float | Decimal):
        return f"{value:.2f}"
    return value


def field_labels(resource_id: str) -> dict[str, str]:
    """Column -> label from a DataStore table's data dictionary (the Table Schema's titles)."""
    info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    return {
        f["id"]: str((f.get("info") or {}).get("label") or "")
        for f in info.get("fields", [])
        if (f.get("info") or {}).get("label")
    }


# --------------------------------------------------------------------------- cache


_VERSIONS = itertools.count(1)


@dataclass
class _Entry:
    source: Source
    fingerprint: tuple[Any, ...]
    index: Any
    checked: float = field(default_factory=time.monotonic)
    version: int = field(default_factory=lambda: next(_VERSIONS))


_CACHE: dict[str, _Entry] = {}
_LOCKS: dict[str, threading.Lock] = defaultdict(threading.Lock)
_LOADS = [0]  # freshness checks begun in this process


def loads() -> int:
    """How many freshness checks (which use CKAN's ORM session) this process has begun."""
    return _LOADS[0]


def _load(kind: str, previous: _Entry | None) -> _Entry:
    _LOADS[0] += 1
    name = dataset_name(kind)
    pkg = _package(name)
    if pkg is None:
        raise LookupDataError(f"the {kind} dataset {name!r} is not published")
    geo = kind == "ward"
    res = _pick_resource(pkg, geojson=geo, name=resource_name(kind))
    meta = (
        res["id"],
        res.get("last_modified"),
        res.get("metadata_modified"),
        res.get("hash"),
        res.get("size"),
    )
    fingerprint = meta if geo else meta + _datastore_fingerprint(res["id"])
    source = Source(pkg["name"], pkg.get("title") or pkg["name"], res["id"], res.get("name") or "")
    if previous is not None and previous.fingerprint == fingerprint:
        if previous.source != source:  # retitled: answers cite the new title
            previous.source, previous.version = source, next(_VERSIONS)
        previous.checked = time.monotonic()
        return previous
    builder: Callable[[Any], Any]
    if geo:
        index = _build_wards(read_geojson(res))
    else:
        rows = read_table(res["id"])
        builder = {
            "postcode": _build_postcodes,
            "council_tax": _build_bands,
            "councillor": _build_councillors,
            "bin_rounds": bins.build_rounds,
            "bin_calendar": bins.build_calendar,
        }.get(kind) or (lambda r: _build_places(kind, r, field_labels(res["id"])))
        index = builder(rows)
    return _Entry(source, fingerprint, index)


def get(kind: str) -> tuple[Any, Source]:
    """A kind's current index and source, reloaded when its data has changed."""
    entry = _CACHE.get(kind)
    if entry is not None and time.monotonic() - entry.checked < check_seconds():
        return entry.index, entry.source
    with _LOCKS[kind]:
        entry = _CACHE.get(kind)
        if entry is None or time.monotonic() - entry.checked >= check_seconds():
            entry = _load(kind, entry)
            _CACHE[kind] = entry
    return entry.index, entry.source


def versions(kinds: tuple[str, ...]) -> tuple[int, ...]:
    """Version numbers of the current indexes of ``kinds`` (refreshing those due a check):
    they change whenever an index or its source changes, so they key cached answers."""
    now, every = time.monotonic(), check_seconds()
    out = []
    for kind in kinds:
        entry = _CACHE.get(kind)
        if entry is None or now - entry.checked >= every:
            get(kind)
            entry = _CACHE[kind]
        out.append(entry.version)
    return tuple(out)


def clear() -> None:
    """Forget every index (tests)."""
    global _CHECK
    _CACHE.clear()
    _SETTINGS.clear()
    _CHECK = (5.0, -math.inf)
