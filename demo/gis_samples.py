"""Rebuild the sample legacy source layers in datasets/*/source/ (``python -m demo.gis_samples``).

Wards and polling districts are derived from NLC's 2013 ward boundaries in the shared data
folder's ``gis_north_lanarkshire_wards_geojson`` (``$NLC_SHARED_DATA``, else
``../shared/data`` beside the checkout; its PROVENANCE.md and licence are copied beside them).
Conservation areas, tree preservation orders and listed buildings are synthetic, shaped like
the council's hub layers, placed around real North Lanarkshire towns. Output is deterministic.
"""

from __future__ import annotations

import json
import math
import os
import random
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely
from shapely.geometry import Polygon, box

REPO = Path(__file__).resolve().parent.parent
WARDS_FOLDER = "gis_north_lanarkshire_wards_geojson"


def shared_wards() -> Path:
    """The shared data folder's ward boundaries (``$NLC_SHARED_DATA`` or ../shared/data)."""
    base = Path(os.environ.get("NLC_SHARED_DATA") or REPO.parent / "shared" / "data")
    folder = base / WARDS_FOLDER
    if not folder.is_dir():
        raise SystemExit(f"{folder} not found: fetch the shared data folder ({WARDS_FOLDER}, NLC's 2013 "
                         "ward boundaries) or set NLC_SHARED_DATA to the folder holding it")
    return folder
TOWNS = {
    "Airdrie": (276500, 665500),
    "Coatbridge": (273000, 665000),
    "Cumbernauld": (277000, 675300),
    "Kilsyth": (271800, 678000),
    "Motherwell": (275000, 656800),
    "Wishaw": (279500, 655000),
    "Bellshill": (273500, 660000),
    "Shotts": (287500, 660000),
    "Chryston": (268800, 670400),
    "Harthill": (290000, 664500),
    "Newmains": (282500, 656000),
    "Stepps": (265800, 668400),
    "Caldercruix": (281800, 667800),
    "Croy": (272500, 675800),
    "Moodiesburn": (270000, 671000),
}


def _blob(rng: random.Random, x: float, y: float, radius: float, n: int = 14) -> Polygon:
    """A simple irregular polygon around (x, y)."""
    pts = []
    for i in range(n):
        angle = 2 * math.pi * i / n
        r = radius * rng.uniform(0.7, 1.0)
        pts.append((round(x + r * math.cos(angle), 2), round(y + r * math.sin(angle), 2)))
    return Polygon(pts)


def _wards_bng() -> gpd.GeoDataFrame:
    wards = gpd.read_file(shared_wards() / "S12000044_wards_2013.geojson").to_crs(27700)
    wards.geometry = shapely.set_precision(wards.geometry.values, 0.01)
    return wards


def _copy_provenance(folder: Path) -> None:
    shutil.copyfile(shared_wards() / "PROVENANCE.md", folder / "PROVENANCE_upstream.md")
    shutil.copyfile(shared_wards() / "LICENCE_upstream.txt", folder / "LICENCE_upstream.txt")


def wards(folder: Path) -> None:
    """NLC 2013 wards as a zipped ESRI shapefile in British National Grid."""
    frame = _wards_bng()[["WD13CD", "WD13CDO", "WD13NM", "geometry"]]
    frame.insert(0, "WARD_NO", range(1, len(frame) + 1))
    tmp = folder / "_wards_tmp"
    tmp.mkdir(exist_ok=True)
    pyogrio.write_dataframe(frame, tmp / "wards.shp", layer_options={"ENCODING": "UTF-8"})
    with zipfile.ZipFile(folder / "wards.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(tmp.iterdir()):
            archive.write(part, f"wards/{part.name}")
    shutil.rmtree(tmp)
    _copy_provenance(folder)


def polling_districts(folder: Path) -> None:
    """Wards cut into polling districts, as an ArcGIS REST query response (f=json)."""
    features = []
    oid = 0
    for _, ward in _wards_bng().iterrows():
        minx, miny, maxx, maxy = ward.geometry.bounds
        midx = (minx + maxx) / 2
        for part, cell in enumerate((box(minx, miny, midx, maxy), box(midx, miny, maxx, maxy)), start=1):
            piece = shapely.set_precision(ward.geometry.intersection(cell), 0.01)
            polys = [p for p in shapely.get_parts(piece) if p.geom_type == "Polygon" and p.area > 1]
            if not polys:
                continue
            oid += 1
            rings = []
            for poly in polys:
                shell = shapely.geometry.polygon.orient(poly, sign=-1.0)  # ESRI: exterior clockwise
                rings.append([[round(x, 2), round(y, 2)] for x, y in shell.exterior.coords])
                rings.extend([[round(x, 2), round(y, 2)] for x, y in ring.coords] for ring in shell.interiors)
            code = f"{ward['WD13CDO'][-2:]}{part:02d}"
            features.append(
                {
                    "attributes": {
                        "OBJECTID": oid,
                        "DISTRICT_CODE": code,
                        "WARD_NAME": ward["WD13NM"],
                        "ELECTORATE": 1500 + (oid * 397) % 3000,
                    },
                    "geometry": {"rings": rings},
                }
            )
    doc = {
        "objectIdFieldName": "OBJECTID",
        "displayFieldName": "DISTRICT_CODE",
        "geometryType": "esriGeometryPolygon",
        "spatialReference": {"wkid": 27700, "latestWkid": 27700},
        "fields": [
            {"name": "OBJECTID", "type": "esriFieldTypeOID", "alias": "OBJECTID"},
            {"name": "DISTRICT_CODE", "type": "esriFieldTypeString", "alias": "District Code", "length": 8},
            {"name": "WARD_NAME", "type": "esriFieldTypeString", "alias": "Ward Name", "length": 60},
            {"name": "ELECTORATE", "type": "esriFieldTypeInteger", "alias": "Electorate"},
        ],
        "features": features,
    }
    (folder / "polling_districts.json").write_text(json.dumps(doc), encoding="utf-8")
    _copy_provenance(folder)


def conservation_areas(folder: Path) -> None:
    """Synthetic conservation areas as a shapefile set (.shp .shx .dbf .prj .cpg)."""
    rng = random.Random(8)  # noqa: S311 - deterministic demo data, not secrets
    rows = []
    for n, town in enumerate(
        [
            "Airdrie",
            "Coatbridge",
            "Cumbernauld",
            "Kilsyth",
            "Motherwell",
            "Wishaw",
            "Bellshill",
            "Shotts",
            "Chryston",
            "Croy",
            "Stepps",
            "Caldercruix",
        ],
        start=1,
    ):
        x, y = TOWNS[town]
        geom = _blob(rng, x, y, rng.uniform(250, 600))
        rows.append(
            {
                "CA_REF": f"CA{n:02d}",
                "CA_NAME": f"{town} {'Village' if n % 3 == 0 else 'Town Centre'}",
                "DESIG_DATE": f"{1972 + n * 3}-0{1 + n % 9}-15",
                "geometry": geom,
            }
        )
    # One legacy digitising error kept on purpose: a ring that crosses itself.
    x, y = TOWNS["Harthill"]
    rows.append(
        {
            "CA_REF": "CA13",
            "CA_NAME": "Harthill Main Street",
            "DESIG_DATE": "2009-11-02",
            "geometry": Polygon([(x, y), (x + 300, y + 300), (x + 300, y), (x, y + 300)]),
        }
    )
    frame = gpd.GeoDataFrame(rows, crs=27700)
    frame["AREA_HA"] = (frame.geometry.area / 10_000).round(2)
    pyogrio.write_dataframe(frame, folder / "conservation_areas.shp", layer_options={"ENCODING": "UTF-8"})


def tree_preservation_orders(folder: Path) -> None:
    """Synthetic TPO areas as MapInfo MIF/MID with a British National Grid CoordSys."""
    rng = random.Random(19)  # noqa: S311 - deterministic demo data, not secrets
    rows = []
    towns = list(TOWNS)
    for n in range(1, 25):
        town = towns[n % len(towns)]
        x, y = TOWNS[town]
        cx, cy = x + rng.uniform(-1500, 1500), y + rng.uniform(-1500, 1500)
        rows.append(
            {
                "TPO_No": f"TPO/{1985 + n}/{n:03d}",
                "Site_Name": f"Land at {town} ({n})",
                "Order_Type": rng.choice(["Area", "Group", "Woodland", "Individual"]),
                "Confirmed": f"{1985 + n}-0{1 + n % 9}-01",
                "geometry": _blob(rng, cx, cy, rng.uniform(40, 160), 10),
            }
        )
    frame = gpd.GeoDataFrame(rows, crs=27700)
    for leftover in folder.glob("tree_preservation_orders.mi*"):
        leftover.unlink()
    pyogrio.write_dataframe(
        frame,
        folder / "tree_preservation_orders.mif",
        driver="MapInfo File",
        dataset_options={"FORMAT": "MIF"},
    )


def listed_buildings(folder: Path) -> None:
    """Synthetic listed buildings as CSV with eastings and northings (HES-like columns)."""
    rng = random.Random(27)  # noqa: S311 - deterministic demo data, not secrets
    lines = ["LB_Number,Name,Category,Parish,Date_Listed,Easting,Northing"]
    kinds = [
        "Parish Church",
        "Town House",
        "Railway Viaduct",
        "Tenement",
        "War Memorial",
        "Former School",
        "Bridge",
        "Villa",
        "Mill",
        "Doocot",
    ]
    towns = list(TOWNS)
    for n in range(1, 31):
        town = towns[n % len(towns)]
        x, y = TOWNS[town]
        e, nn = round(x + rng.uniform(-800, 800)), round(y + rng.uniform(-800, 800))
        cat = rng.choice("ABBCC")
        lines.append(
            f'LB{4000 + n * 37},"{town}, {kinds[n % len(kinds)]}",{cat},{town},'
            f"{1971 + n}-0{1 + n % 9}-1{n % 10},{e},{nn}"
        )
    (folder / "listed_buildings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


BUILDERS = {
    "wards": wards,
    "polling-districts": polling_districts,
    "conservation-areas": conservation_areas,
    "tree-preservation-orders": tree_preservation_orders,
    "listed-buildings": listed_buildings,
}


def main() -> None:
    """Write every sample into datasets/<name>/source/."""
    for name, build in BUILDERS.items():
        folder = REPO / "datasets" / name / "source"
        folder.mkdir(parents=True, exist_ok=True)
        build(folder)
        print(f"wrote {folder}")


if __name__ == "__main__":
    main()
