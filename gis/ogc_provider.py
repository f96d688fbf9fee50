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
from typing import Any

import geopandas as gpd
import pyogrio
from pygeoapi.provider.base import BaseProvider, ProviderItemNotFoundError, ProviderQueryError
from pygeoapi.util import crs_transform
from shapely.geometry import mapping

_TYPES = {"int32": "integer", "int64": "integer", "float64": "number", "float32": "number", "bool": "boolean"}


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

    def _where(self, properties: list[tuple[str, Any]]) -> str | None:
        clauses = []
        for name, value in properties:
            if name not in self.fields:
                raise ProviderQueryError(f"unknown property {name}")
            text = str(value).replace("'", "''")
            clauses.append(f"\"{name}\" = '{text}'")
        return " AND ".join(clauses) or None

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
        """Features in fid order, filtered by bbox (storage CRS) and property equality."""
        where = self._where(properties or [])
        box = tuple(bbox) if bbox else None
        matched = len(
            pyogrio.read_dataframe(
                self.data,
                layer=self.table,
                bbox=box,
                where=where,
                columns=[],
                read_geometry=False,
                fid_as_index=True,
            )
        )
        collection: dict[str, Any] = {"type": "FeatureCollection", "features": [], "numberMatched": matched}
        if resulttype == "hits":
            return collection
        frame = pyogrio.read_dataframe(
            self.data,
            layer=self.table,
            bbox=box,
            where=where,
            skip_features=offset,
            max_features=limit,
            columns=select_properties or None,
            read_geometry=not skip_geometry,
            fid_as_index=True,
        )
        if not isinstance(frame, gpd.GeoDataFrame):
            frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
        collection["features"] = [self._feature(fid, row, skip_geometry) for fid, row in frame.iterrows()]
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
