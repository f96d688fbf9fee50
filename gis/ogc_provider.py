"""A pygeoapi feature provider reading migrated GeoPackages through pyogrio.

pygeoapi's own ``SQLiteGPKG`` provider needs the ``mod_spatialite`` SQLite
extension and a Python built with extension loading, neither of which the
platform has; this provider reads the same GeoPackage (spatial index included)
through GDAL. Features are stored in EPSG:27700; pygeoapi's ``crs_transform``
turns them into CRS84 for clients.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from contextlib import closing
from typing import Any

import geopandas as gpd
import pyogrio
from pygeoapi.provider.base import BaseProvider, ProviderInvalidQueryError, ProviderItemNotFoundError
from pygeoapi.util import crs_transform
from shapely.geometry import mapping

_TYPES = {"int32": "integer", "int64": "integer", "float64": "number", "float32": "number", "bool": "boolean"}


def quote(identifier: str) -> str:
    """An SQLite identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def _value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


class GeoPackageProvider(BaseProvider):
    """Read-only OGC API - Features provider for one GeoPackage layer (``table``)."""

    def __init__(self, provider_def: dict[str, Any]) -> None:
        super().__init__(provider_def)
        self.table = provider_def.get("table")
        self.id_field = self.id_field or "fid"
        self.get_fields()

    def get_fields(self) -> dict[str, dict[str, str]]:
        if not self._fields:
            info = pyogrio.read_info(self.data, layer=self.table)
            for name, dtype in zip(info["fields"], info["dtypes"], strict=False):
                self._fields[str(name)] = {"type": _TYPES.get(str(dtype), "string")}
        return self._fields

    def _layout(self) -> tuple[str | None, str | None]:
        """(geometry column, R-tree table) of the layer, from the GeoPackage's own tables."""
        if not hasattr(self, "_rtree"):
            with closing(sqlite3.connect(f"file:{self.data}?mode=ro", uri=True)) as db:
                row = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                 (self.table,)).fetchone()
                column = row[0] if row else None
                rtree = f"rtree_{self.table}_{column}" if column else None
                known = db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone()
                rtree = rtree if known else None
            self._geometry_column, self._rtree = column, rtree
        return self._geometry_column, self._rtree

    def _value_for(self, name: str, value: Any) -> Any:
        kind = self.fields[name]["type"]
        try:
            if kind == "integer":
                number = int(value)
                if not -(2**63) <= number < 2**63:  # SQLite's INTEGER
                    raise ValueError(value)
                return number
            if kind == "number":
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError(value)
                return number
        except (TypeError, ValueError) as exc:
            kind_name = "an integer" if kind == "integer" else "a number"
            raise ProviderInvalidQueryError(user_msg=f"{name} must be {kind_name}") from exc
        return str(value)

    def _select(self, bbox: list | None, properties: list[tuple[str, Any]]) -> tuple[str, list[Any]]:
        """The WHERE clause (SQLite, parameters) selecting the features asked for."""
        clauses: list[str] = []
        params: list[Any] = []
        for name, value in properties:
            if name not in self.fields:
                raise ProviderInvalidQueryError(user_msg=f"unknown property {name}")
            clauses.append(f"{quote(name)} = ?")
            params.append(self._value_for(name, value))
        if bbox:
            minx, miny, maxx, maxy = (float(v) for v in (bbox[0], bbox[1], bbox[-2], bbox[-1]))
            _, rtree = self._layout()
            if rtree:
                clauses.append(f"fid IN (SELECT id FROM {quote(rtree)} WHERE maxx >= ? AND minx <= ? "  # noqa: S608
                               "AND maxy >= ? AND miny <= ?)")
                params += [minx, maxx, miny, maxy]
            else:  # no spatial index: GDAL's own filter
                fids = pyogrio.read_dataframe(self.data, layer=self.table, bbox=(minx, miny, maxx, maxy),
                                              columns=[], read_geometry=False, fid_as_index=True).index
                clauses.append(f"fid IN ({','.join(str(int(f)) for f in fids) or 'NULL'})")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _order(self, sortby: list[dict[str, str]] | None) -> str:
        terms = []
        for term in sortby or []:
            if term.get("property") not in self.fields:
                raise ProviderInvalidQueryError(user_msg=f"cannot sort by {term.get('property')}")
            terms.append(f"{quote(term['property'])} {'DESC' if term.get('order') == '-' else 'ASC'}")
        return " ORDER BY " + ", ".join([*terms, "fid"])

    def _feature(self, fid: Any, row: Any, skip_geometry: bool) -> dict[str, Any]:
        props = {k: _value(v) for k, v in row.items() if k != "geometry"}
        geometry = None if skip_geometry or row.geometry is None else mapping(row.geometry)
        return {"type": "Feature", "id": int(fid), "geometry": geometry, "properties": props}

    @crs_transform
    def query(
        self,
        offset: int = 0,
        limit: int = 10,
        resulttype: str = "results",
        bbox: list | None = None,
        datetime_: str | None = None,
        properties: list | None = None,
        sortby: list | None = None,
        select_properties: list | None = None,
        skip_geometry: bool = False,
        q: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Features filtered by bbox (storage CRS; the R-tree) and property equality, sorted, paged.

        Selection, count (``numberMatched``: one COUNT over the index) and paging run in SQLite;
        only the page's features are read, through GDAL.
        """
        where, params = self._select(bbox, properties or [])
        order = self._order(sortby)
        with closing(sqlite3.connect(f"file:{self.data}?mode=ro", uri=True)) as db:
            # identifiers quoted (properties checked against the layer's fields), values bound
            matched = db.execute(f"SELECT COUNT(*) FROM {quote(self.table)}{where}",  # noqa: S608
                                 params).fetchone()[0]
            fids = [] if resulttype == "hits" else [r[0] for r in db.execute(
                f"SELECT fid FROM {quote(self.table)}{where}{order} LIMIT ? OFFSET ?",  # noqa: S608
                [*params, max(int(limit), 0), max(int(offset), 0)])]
        collection: dict[str, Any] = {"type": "FeatureCollection", "features": [], "numberMatched": matched}
        if resulttype == "hits":
            return collection
        if fids:
            frame = pyogrio.read_dataframe(
                self.data,
                layer=self.table,
                where=f"fid IN ({','.join(str(int(f)) for f in fids)})",
                columns=select_properties or None,
                read_geometry=not skip_geometry,
                fid_as_index=True,
            )
            if not isinstance(frame, gpd.GeoDataFrame):
                frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
            rows = {int(fid): row for fid, row in frame.iterrows()}
            collection["features"] = [self._feature(f, rows[f], skip_geometry) for f in fids if f in rows]
        collection["numberReturned"] = len(collection["features"])
        return collection

    @crs_transform
    def get(self, identifier: Any, **kwargs: Any) -> dict[str, Any]:
        """One feature by fid."""
        try:
            fid = int(identifier)
        except (TypeError, ValueError) as exc:
            raise ProviderItemNotFoundError(f"no feature {identifier}") from exc
        frame = pyogrio.read_dataframe(self.data, layer=self.table, where=f"fid = {fid}", fid_as_index=True)
        if frame.empty:
            raise ProviderItemNotFoundError(f"no feature {identifier}")
        fid_, row = next(frame.iterrows())
        return self._feature(fid_, row, False)
