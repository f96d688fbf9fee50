"""Legacy GIS files (shapefile, MapInfo, CSV with eastings/northings, Esri JSON, zipped
shapefile) migrated through ``gis.migrate.migrate_layer`` to GeoJSON + GeoPackage."""

from __future__ import annotations

import json
from typing import ClassVar

from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources.base import BaseSource
from harvesters.table import Table


class GisFileSource(BaseSource):
    """``type: gis_file``: ``path``, optional ``crs`` (when the file does not say) and ``name``.

    The attribute table becomes the CSV resource; the migration's GeoJSON and GeoPackage are
    published beside it and its WGS84 bbox becomes the dataset's ``spatial`` field.
    """

    type_name: ClassVar[str] = "gis_file"
    required = ("path",)

    def describe(self) -> str:
        return f"gis_file {self.config.get('path')}"

    def extract(self) -> Table:
        from gis.errors import GisError  # imported lazily: gis pulls in GDAL
        from gis.migrate import migrate_layer

        path = self.path()
        if not path.exists():
            raise SourceUnavailable(f"{path}: file not found")
        try:
            result = migrate_layer(
                path, self.work_dir, crs=self.config.get("crs"), name=self.config.get("name")
            )
        except GisError as e:
            raise SourceFormatError(str(path), f"GIS migration failed: {e}") from e
        collection = json.loads(result.geojson_path.read_text(encoding="utf-8"))
        fields = [f["name"] for f in result.table_schema.get("fields", [])]
        rows = [[(feat.get("properties") or {}).get(k) for k in fields] for feat in collection["features"]]
        rows = [["" if v is None else v for v in r] for r in rows]
        rejected = result.feature_count_in - result.feature_count_out
        notes = [
            f"{result.feature_count_out} of {result.feature_count_in} features migrated"
            + (f" ({rejected} rejected, see migration report)" if rejected else ""),
            *getattr(result, "notes", []),
        ]
        return Table(
            fields=fields,
            rows=rows,
            source=str(path),
            row_numbers=list(range(1, len(rows) + 1)),
            files={"GeoJSON": result.geojson_path, "GeoPackage": result.gpkg_path},
            spatial=json.dumps(_bbox_polygon(result.bbox)),
            notes=notes,
            schema=result.table_schema,
        )


def _bbox_polygon(b: list[float]) -> dict:
    x0, y0, x1, y1 = b
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}
