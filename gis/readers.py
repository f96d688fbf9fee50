"""Open legacy GIS layers behind one small interface (one opener per format family).

Each opener checks the file set, then returns a :class:`SourceLayer` that knows
its GDAL path, declared CRS (if any), feature count and bounds, and streams its
features as GeoDataFrame batches through pyogrio's Arrow reader, so a large
layer is never held in memory whole.
"""

from __future__ import annotations

import csv
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import geopandas as gpd
import pyogrio
import pyogrio.raw
import shapely

from gis.errors import (
    GisError,
    MissingComponentError,
    UnreadableLayerError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)

BATCH_SIZE = 50_000

EASTING_NAMES = ("easting", "eastings", "east", "x", "x_coord", "xcoord", "os_easting", "grid_easting")
NORTHING_NAMES = ("northing", "northings", "north", "y", "y_coord", "ycoord", "os_northing", "grid_northing")
LONGITUDE_NAMES = ("longitude", "long", "lon", "lng")
LATITUDE_NAMES = ("latitude", "lat")


@dataclass
class SourceLayer:
    """One readable layer: where GDAL finds it and what it declares."""

    source: Path
    path: str
    format_name: str
    driver: str | None
    layer: str | None = None
    declared_crs: str | None = None
    crs_origin: str = "declared by the file"
    open_options: dict[str, str] = field(default_factory=dict)
    feature_count: int = 0
    geometry_type: str = "Unknown"
    bounds: tuple[float, float, float, float] | None = None
    fields: list[str] = field(default_factory=list)
    cleanup: list[Path] = field(default_factory=list)

    def load_info(self) -> SourceLayer:
        """Fill count, bounds, geometry type and CRS from GDAL (a streaming pass at most)."""
        try:
            info = pyogrio.read_info(
                self.path,
                layer=self.layer,
                force_feature_count=True,
                force_total_bounds=True,
                **self.open_options,
            )
        except Exception as exc:  # pyogrio raises several DataSource/DataLayer errors
            raise UnreadableLayerError(self.source, f"GDAL cannot read the layer: {exc}") from exc
        self.feature_count = int(info["features"])
        self.geometry_type = info["geometry_type"] or "Unknown"
        bounds = info.get("total_bounds")
        if bounds is not None and all(b == b for b in bounds):  # NaN when no geometry
            self.bounds = tuple(float(b) for b in bounds)  # type: ignore[assignment]
        self.fields = [str(f) for f in info["fields"]]
        if self.declared_crs is None and info.get("crs"):
            self.declared_crs = info["crs"]
        return self

    def batches(self, batch_size: int = BATCH_SIZE) -> Iterator[gpd.GeoDataFrame]:
        """Yield the features in source order, ``batch_size`` at a time (CRS not set)."""
        try:
            with pyogrio.raw.open_arrow(
                self.path, layer=self.layer, batch_size=batch_size, use_pyarrow=True, **self.open_options
            ) as (meta, reader):
                geom_col = meta["geometry_name"] or "wkb_geometry"
                for batch in reader:
                    frame = batch.to_pandas()
                    wkb = frame.pop(geom_col) if geom_col in frame else None
                    geoms = shapely.from_wkb(wkb.to_numpy(), on_invalid="warn") if wkb is not None else None
                    yield gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index))
        except GisError:
            raise
        except Exception as exc:
            raise UnreadableLayerError(self.source, f"GDAL failed while reading features: {exc}") from exc

    def close(self) -> None:
        """Remove temporary files made while opening (e.g. a re-encoded CSV)."""
        for path in self.cleanup:
            shutil.rmtree(path, ignore_errors=True)


def _sibling(path: Path, suffix: str) -> Path | None:
    """The file beside ``path`` with ``suffix`` in any letter case, if present."""
    want = (path.stem + suffix).lower()
    for candidate in path.parent.iterdir():
        if candidate.name.lower() == want:
            return candidate
    return None


def open_shapefile(path: Path, gdal_path: str | None = None, members: set[str] | None = None) -> SourceLayer:
    """An ESRI shapefile; .shx and .dbf are required, .prj and .cpg optional."""
    for suffix, role in ((".shx", "the shape index"), (".dbf", "the attribute table")):
        if members is not None:
            found = (PurePosixPath(path.as_posix()).with_suffix(suffix).as_posix().lower()) in members
        else:
            found = _sibling(path, suffix) is not None
        if not found:
            raise MissingComponentError(path, f"{path.stem}{suffix}", role)
    has_prj = (
        PurePosixPath(path.as_posix()).with_suffix(".prj").as_posix().lower() in members
        if members is not None
        else _sibling(path, ".prj") is not None
    )
    layer = SourceLayer(
        source=path, path=gdal_path or str(path), format_name="ESRI Shapefile", driver="ESRI Shapefile"
    )
    if not has_prj:
        layer.crs_origin = "no .prj file"
    return layer


def open_mapinfo_tab(path: Path) -> SourceLayer:
    """A MapInfo TAB file set (.tab, .dat, .map, .id)."""
    for suffix, role in (
        (".dat", "the attribute table"),
        (".map", "the geometry file"),
        (".id", "the index"),
    ):
        if _sibling(path, suffix) is None:
            raise MissingComponentError(path, f"{path.stem}{suffix}", role)
    return SourceLayer(source=path, path=str(path), format_name="MapInfo TAB", driver="MapInfo File")


def _mif_column_count(path: Path) -> int:
    """The ``Columns n`` a .mif header declares, read in the encoding the shared detector finds."""
    from harvesters.encoding import detect

    with path.open("rb") as handle:
        head = handle.read(1 << 16)  # the header; the geometry after ``Data`` may be large
    for line in head.decode(detect(head), errors="replace").splitlines():
        match = re.match(r"\s*columns\s+(\d+)", line, re.IGNORECASE)
        if match:
            return int(match.group(1))
        if line.strip().lower() == "data":
            break
    return 0


def open_mapinfo_mif(path: Path) -> SourceLayer:
    """A MapInfo interchange pair (.mif geometry, .mid attributes)."""
    if _mif_column_count(path) > 0 and _sibling(path, ".mid") is None:
        raise MissingComponentError(path, f"{path.stem}.mid", "the attribute table the .mif declares")
    return SourceLayer(source=path, path=str(path), format_name="MapInfo MIF/MID", driver="MapInfo File")


def open_kml(path: Path) -> SourceLayer:
    """KML/KMZ: always WGS84 longitude/latitude."""
    return SourceLayer(
        source=path,
        path=str(path),
        format_name="KML",
        driver=None,
        declared_crs="EPSG:4326",
        crs_origin="KML is always WGS84",
    )


def open_dxf(path: Path) -> SourceLayer:
    """AutoCAD DXF as far as GDAL reads it; DXF carries no CRS."""
    return SourceLayer(
        source=path, path=str(path), format_name="DXF", driver="DXF", crs_origin="DXF has no CRS"
    )


def open_generic(path: Path) -> SourceLayer:
    """GeoJSON, ArcGIS REST JSON (f=json), GeoPackage: GDAL detects the driver."""
    fmt = {".gpkg": "GeoPackage", ".geojson": "GeoJSON"}.get(path.suffix.lower())
    if fmt is None:
        with path.open("rb") as handle:
            head = handle.read(65536)
        fmt = (
            "ArcGIS REST JSON" if (b'"geometryType"' in head or b'"spatialReference"' in head) else "GeoJSON"
        )
    return SourceLayer(source=path, path=str(path), format_name=fmt, driver=None)


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def open_csv(path: Path) -> SourceLayer:
    """CSV with easting/northing (CRS from the values) or latitude/longitude (WGS84) columns.

    A file not in UTF-8 is re-encoded to UTF-8 from the encoding the shared detector
    (:func:`harvesters.encoding.detect_file`) finds: a BOM (UTF-16), else Windows-1252,
    MacRoman or Latin-1."""
    from harvesters.encoding import detect_file
    from harvesters.encoding import name as encoding_name

    source_path = path
    cleanup: list[Path] = []
    encoding = detect_file(path)
    if encoding not in ("utf-8", "utf-8-sig"):
        tmp = Path(tempfile.mkdtemp(prefix="nlc-gis-csv-"))
        cleanup.append(tmp)
        recoded = tmp / path.name
        try:
            with (
                path.open("r", encoding=encoding, newline="") as src,
                recoded.open("w", encoding="utf-8", newline="") as dst,
            ):
                shutil.copyfileobj(src, dst, 1 << 20)
        except UnicodeDecodeError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise UnreadableLayerError(
                path, f"not valid {encoding_name(encoding)} (the encoding detected): {exc.reason}"
            ) from exc
        source_path = recoded
    with source_path.open("r", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    lon, lat = _pick(header, LONGITUDE_NAMES), _pick(header, LATITUDE_NAMES)
    east, north = _pick(header, EASTING_NAMES), _pick(header, NORTHING_NAMES)
    if lon and lat:
        x, y, crs, origin = lon, lat, "EPSG:4326", "latitude/longitude columns"
    elif east and north:
        x, y, crs, origin = east, north, None, f"coordinate columns {east!r}/{north!r} without a CRS"
    else:
        raise UnsupportedFormatError(
            path,
            f"no coordinate columns found in header {header}: "
            "expected easting/northing or latitude/longitude",
        )
    options = {
        "X_POSSIBLE_NAMES": x,
        "Y_POSSIBLE_NAMES": y,
        "AUTODETECT_TYPE": "YES",
        "KEEP_GEOM_COLUMNS": "YES",
        "EMPTY_STRING_AS_NULL": "YES",
    }
    layer = SourceLayer(
        source=path,
        path=str(source_path),
        format_name="CSV",
        driver="CSV",
        declared_crs=crs,
        crs_origin=origin,
        open_options=options,
        cleanup=cleanup,
    )
    layer.source = path
    return layer


ZIP_LAYER_SUFFIXES = (".shp", ".tab", ".mif", ".kml", ".gpkg", ".geojson", ".json", ".dxf")


def check_archive(path: Path) -> list[str]:
    """Names in the zip, refusing absolute paths, '..' components and symlinks."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise UnreadableLayerError(path, f"not a readable zip archive: {exc}") from exc
    with archive:
        from harvesters.sources.archive import ArchiveLimitError, check_zip

        try:
            check_zip(path, archive=archive)  # member count, expanded size, compression ratio
        except ArchiveLimitError as exc:
            raise UnreadableLayerError(path, f"{exc.reason}; archive refused") from exc
        names = []
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            is_link = stat.S_ISLNK(info.external_attr >> 16)
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in parts or is_link:
                raise UnsafeArchiveError(path, info.filename)
            names.append(name)
    return names


def open_zip(path: Path) -> SourceLayer:
    """A zipped layer (usually a shapefile), read in place through GDAL's /vsizip/."""
    names = check_archive(path)
    lowered = {n.lower() for n in names}
    candidates = [n for n in names if n.lower().endswith(ZIP_LAYER_SUFFIXES) and not n.startswith("__MACOSX")]
    if not candidates:
        raise UnsupportedFormatError(
            path, "archive holds no layer (.shp, .tab, .mif, .kml, .gpkg, .geojson, .dxf)"
        )
    shapefiles = [n for n in candidates if n.lower().endswith(".shp")]
    chosen = shapefiles if shapefiles else candidates
    if len(chosen) > 1:
        raise UnsupportedFormatError(
            path,
            f"archive holds {len(chosen)} layers ({', '.join(chosen)}); "
            "migrate them one archive at a time",
        )
    inner = chosen[0]
    gdal_path = f"/vsizip/{path.resolve()}/{inner}"
    if inner.lower().endswith(".shp"):
        layer = open_shapefile(Path(inner), gdal_path=gdal_path, members=lowered)
        layer.format_name = "ESRI Shapefile (zipped)"
    else:
        layer = SourceLayer(
            source=path, path=gdal_path, format_name=f"zipped {Path(inner).suffix[1:]}", driver=None
        )
    layer.source = path
    return layer


OPENERS: dict[str, Callable[[Path], SourceLayer]] = {
    ".shp": open_shapefile,
    ".zip": open_zip,
    ".tab": open_mapinfo_tab,
    ".mif": open_mapinfo_mif,
    ".kml": open_kml,
    ".kmz": open_kml,
    ".dxf": open_dxf,
    ".csv": open_csv,
    ".json": open_generic,
    ".geojson": open_generic,
    ".gpkg": open_generic,
}


def open_layer(source: str | Path) -> SourceLayer:
    """Open any supported legacy layer and load its GDAL information."""
    path = Path(source)
    if not path.exists():
        raise UnreadableLayerError(path, "file not found")
    opener = OPENERS.get(path.suffix.lower())
    if opener is None:
        raise UnsupportedFormatError(
            path,
            f"unsupported format {path.suffix or '(no extension)'}; expected one of {', '.join(OPENERS)}",
        )
    layer = opener(path)
    layer.source = path
    _check_single_layer(layer)
    return layer.load_info()


def _check_single_layer(layer: SourceLayer) -> None:
    """Multi-layer sources (KML folders, GeoPackages) must name or contain one non-empty layer."""
    try:
        listed: Any = pyogrio.list_layers(layer.path)
    except Exception as exc:
        raise UnreadableLayerError(layer.source, f"GDAL cannot open the file: {exc}") from exc
    if len(listed) <= 1 or layer.layer is not None:
        return
    non_empty = [
        str(name)
        for name, _ in listed
        if pyogrio.read_info(layer.path, layer=str(name), **layer.open_options)["features"] != 0
    ]
    if len(non_empty) == 1:
        layer.layer = non_empty[0]
        return
    names = ", ".join(str(name) for name, _ in listed)
    raise UnsupportedFormatError(
        layer.source, f"holds {len(listed)} layers ({names}); split it into one file per layer"
    )



def _shapefile_headers(layer: SourceLayer) -> dict[str, tuple[bytes, int]]:
    """The first 32 bytes and the size of the .shx and .dbf of a loose or zipped shapefile."""
    found: dict[str, tuple[bytes, int]] = {}
    if layer.path.startswith("/vsizip/"):
        inner = PurePosixPath(layer.path[len(f"/vsizip/{layer.source.resolve()}/") :])
        with zipfile.ZipFile(layer.source) as archive:
            names = {n.lower(): n for n in archive.namelist()}
            for suffix in (".shx", ".dbf"):
                name = names.get(inner.with_suffix(suffix).as_posix().lower())
                if name:
                    with archive.open(name) as handle:
                        found[suffix] = (handle.read(32), archive.getinfo(name).file_size)
        return found
    for suffix in (".shx", ".dbf"):
        part = _sibling(Path(layer.path), suffix)
        if part is not None:
            with part.open("rb") as handle:
                found[suffix] = (handle.read(32), part.stat().st_size)
    return found


def declared_counts(layer: SourceLayer) -> dict[str, int]:
    """Feature counts the format itself records, keyed by where each comes from.

    Shapefile: the .shx header's file length (16-bit words at bytes 24-27; 8-byte records
    after a 100-byte header) and the .dbf header's record count (uint32 LE at bytes 4-7).
    GeoPackage: ``gpkg_ogr_contents.feature_count`` when present. Other formats: none.
    """
    counts: dict[str, int] = {}
    if layer.driver == "ESRI Shapefile":
        headers = _shapefile_headers(layer)
        stem = PurePosixPath(layer.path).stem
        (shx, _), (dbf, dbf_size) = headers.get(".shx", (b"", 0)), headers.get(".dbf", (b"", 0))
        if len(shx) >= 28:
            counts[f"{stem}.shx (index header)"] = (int.from_bytes(shx[24:28], "big") * 2 - 100) // 8
        if len(dbf) >= 12:
            records = int.from_bytes(dbf[4:8], "little")
            needed = int.from_bytes(dbf[8:10], "little") + records * int.from_bytes(dbf[10:12], "little")
            short = f"; truncated: {dbf_size} of {needed} bytes" if dbf_size < needed else ""
            counts[f"{stem}.dbf (header record count{short})"] = records
    elif layer.format_name == "GeoPackage" and not layer.path.startswith("/vsi"):
        table = layer.layer or str(pyogrio.list_layers(layer.path)[0][0])
        uri = Path(layer.path).resolve().as_uri() + "?mode=ro"
        try:
            with closing(sqlite3.connect(uri, uri=True)) as db:
                row = db.execute(
                    "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ?", (table,)
                ).fetchone()
        except sqlite3.Error:  # no gpkg_ogr_contents table: nothing declared
            row = None
        if row and row[0] is not None:
            counts[f"gpkg_ogr_contents.feature_count of {table!r}"] = int(row[0])
    return counts
