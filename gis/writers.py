"""Write migrated features, batch by batch: OGC GeoPackage (EPSG:27700) and RFC 7946 GeoJSON."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from gis.crs import BNG, WGS84

GEOJSON_PRECISION = 7


def _iso_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates/datetimes as ISO 8601 strings (GDAL's GeoJSON writers use ``YYYY/MM/DD``)."""
    out = frame
    for column in frame.columns:
        if column == frame.geometry.name:
            continue
        series = frame[column]
        if series.dtype.kind == "M":
            text = series.map(lambda v: None if pd.isna(v) else v.isoformat())
        elif series.dtype == object and series.map(lambda v: isinstance(v, dt.date | dt.datetime)).any():
            text = series.map(lambda v: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
        else:
            continue
        if out is frame:
            out = frame.copy()
        out[column] = text.astype(object)
    return out


class LayerWriter:
    """Append batches to a GeoPackage and a GeoJSON FeatureCollection.

    The GeoJSON is assembled from GDAL's GeoJSONSeq output (one feature per line,
    WGS84, exterior rings counter-clockwise, coordinates to 7 decimals), so each batch is
    written and then released; nothing holds the whole layer.
    """

    def __init__(
        self,
        gpkg_path: Path,
        geojson_path: Path,
        layer: str,
        geometry_type: str,
        layer_metadata: dict[str, str],
    ) -> None:
        self.gpkg_path, self.geojson_path, self.layer = gpkg_path, geojson_path, layer
        self.geometry_type = geometry_type
        self.layer_metadata = layer_metadata
        self.count = 0
        self.bounds = np.array([np.inf, np.inf, -np.inf, -np.inf])
        self._tmp = Path(tempfile.mkdtemp(prefix="nlc-gis-", dir=geojson_path.parent))
        self._geojson = geojson_path.open("w", encoding="utf-8")
        self._geojson.write(
            '{"type": "FeatureCollection", "name": ' + json.dumps(layer) + ', "features": [\n'
        )

    def write(self, frame: gpd.GeoDataFrame) -> None:
        """Write one batch given in EPSG:27700."""
        if frame.empty:
            return
        first = self.count == 0
        pyogrio.write_dataframe(
            frame,
            self.gpkg_path,
            layer=self.layer,
            driver="GPKG",
            append=not first,
            geometry_type=self.geometry_type,
            use_arrow=True,
            promote_to_multi=False,
            layer_options={"SPATIAL_INDEX": "YES"} if first else None,
            layer_metadata=self.layer_metadata if first else None,
            dataset_options={"VERSION": "1.2"} if first else None,
        )
        wgs84 = _iso_dates(frame.to_crs(WGS84))
        minx, miny, maxx, maxy = wgs84.total_bounds
        self.bounds = np.array(
            [
                min(self.bounds[0], minx),
                min(self.bounds[1], miny),
                max(self.bounds[2], maxx),
                max(self.bounds[3], maxy),
            ]
        )
        seq = self._tmp / "batch.geojsonl"
        seq.unlink(missing_ok=True)
        pyogrio.write_dataframe(
            wgs84,
            seq,
            driver="GeoJSONSeq",
            use_arrow=True,
            layer_options={"COORDINATE_PRECISION": str(GEOJSON_PRECISION)},
        )
        with seq.open("r", encoding="utf-8") as lines:
            for line in lines:
                line = line.strip().lstrip("\x1e")
                if not line:
                    continue
                if self.count:
                    self._geojson.write(",\n")
                self._geojson.write(line)
                self.count += 1

    def close(self) -> None:
        """Finish the FeatureCollection and remove temporary files."""
        if not self._geojson.closed:
            self._geojson.write("\n]}\n")
            self._geojson.close()
        for path in self._tmp.glob("*"):
            path.unlink()
        self._tmp.rmdir()

    @property
    def bbox(self) -> list[float] | None:
        """WGS84 ``[minx, miny, maxx, maxy]`` of everything written."""
        if not self.count:
            return None
        scale = 10**GEOJSON_PRECISION
        minx, miny, maxx, maxy = self.bounds
        return [
            float(np.floor(minx * scale) / scale),
            float(np.floor(miny * scale) / scale),
            float(np.ceil(maxx * scale) / scale),
            float(np.ceil(maxy * scale) / scale),
        ]


def bbox_polygon(bbox: list[float]) -> dict[str, Any]:
    """The bbox as a GeoJSON Polygon (for the catalogue's ``spatial`` field)."""
    minx, miny, maxx, maxy = bbox
    return {
        "type": "Polygon",
        "coordinates": [[[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]],
    }


__all__ = ["BNG", "LayerWriter", "bbox_polygon"]
