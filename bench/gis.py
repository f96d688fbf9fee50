"""Benchmark: migrate 200,000 synthetic polygons (EPSG:27700 shapefile -> GeoPackage + GeoJSON).

Runs ``gis.migrate.migrate_layer`` and the same two conversions with GDAL's ``ogr2ogr``
(GeoPackage in EPSG:27700; RFC 7946 GeoJSON in WGS84) on the same input, in the same
run. Target: within 1.5x of ogr2ogr. The last line printed is a JSON object.

    python bench/gis.py [--features 200000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gis.migrate import migrate_layer  # noqa: E402


def synthetic_layer(path: Path, count: int, seed: int = 1) -> None:
    """``count`` small 8-vertex polygons scattered over North Lanarkshire, as a shapefile."""
    rng = np.random.default_rng(seed)
    cx = rng.uniform(255_000, 300_000, count)
    cy = rng.uniform(650_000, 685_000, count)
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    radius = rng.uniform(5, 40, (count, 1)) * rng.uniform(0.7, 1.0, (count, 8))
    xs = cx[:, None] + radius * np.cos(angles)
    ys = cy[:, None] + radius * np.sin(angles)
    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1]], axis=1).round(2)
    geoms = shapely.polygons(rings)
    frame = gpd.GeoDataFrame(
        {
            "PARCEL_ID": np.arange(count),
            "Name": [f"Parcel {i}" for i in range(count)],
            "AreaHa": np.round(shapely.area(geoms) / 10_000, 4),
        },
        geometry=geoms,
        crs=27700,
    )
    pyogrio.write_dataframe(frame, path, layer_options={"ENCODING": "UTF-8"})


def run_ogr2ogr(source: Path, out: Path) -> float:
    """Seconds for ogr2ogr to write the GeoPackage and the RFC 7946 GeoJSON."""
    start = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(out / "ogr.gpkg"), str(source)], check=True)
    subprocess.run(
        [
            "ogr2ogr",
            "-f",
            "GeoJSON",
            "-t_srs",
            "EPSG:4326",
            "-lco",
            "RFC7946=YES",
            str(out / "ogr.geojson"),
            str(source),
        ],
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nlc-gis-bench-"))
    try:
        source = work / "parcels.shp"
        print(f"building {args.features} polygons in {source} ...", flush=True)
        synthetic_layer(source, args.features)
        size = sum(p.stat().st_size for p in work.glob("parcels.*"))
        print(f"source: {size / 1e6:.1f} MB", flush=True)
        print("ogr2ogr ...", flush=True)
        ogr_seconds = run_ogr2ogr(source, work)
        print(f"ogr2ogr: {ogr_seconds:.2f} s", flush=True)
        print("gis.migrate ...", flush=True)
        start = time.perf_counter()
        result = migrate_layer(source, work / "nlc")
        ours = time.perf_counter() - start
        print(
            f"gis.migrate: {ours:.2f} s ({result.feature_count_out} features, "
            f"{len(result.report)} report entries)",
            flush=True,
        )
        ogr_count = pyogrio.read_info(work / "ogr.gpkg")["features"]
        figures = {
            "features": args.features,
            "feature_count_out": result.feature_count_out,
            "ogr2ogr_feature_count": int(ogr_count),
            "source_mb": round(size / 1e6, 1),
            "nlc_seconds": round(ours, 2),
            "ogr2ogr_seconds": round(ogr_seconds, 2),
            "slowdown_vs_ogr2ogr": round(ours / ogr_seconds, 2),
            "target": 1.5,
        }
        print(json.dumps(figures))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
