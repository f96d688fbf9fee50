"""Bad inputs are refused with typed errors naming the file, or repaired and reported."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point, Polygon

from gis.errors import (
    EmptyLayerError,
    GisError,
    MissingComponentError,
    UnknownCrsError,
    UnsafeArchiveError,
    UnsupportedFormatError,
)
from gis.migrate import migrate_layer
from tests.gis.conftest import SAMPLES


def _shapefile(folder: Path, crs: int | None = 27700, coords: tuple[float, float] = (275000, 665000)) -> Path:
    x, y = coords
    frame = gpd.GeoDataFrame(
        {"NAME": ["a", "b"]},
        geometry=[
            Polygon([(x, y), (x + 100, y), (x + 100, y + 100)]),
            Polygon([(x + 200, y), (x + 300, y), (x + 300, y + 100)]),
        ],
        crs=crs,
    )
    folder.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(frame, folder / "layer.shp")
    return folder / "layer.shp"


@pytest.mark.parametrize("part", [".shx", ".dbf"])
def test_missing_shapefile_component(tmp_path: Path, part: str) -> None:
    shp = _shapefile(tmp_path / "in")
    (tmp_path / "in" / f"layer{part}").unlink()
    with pytest.raises(MissingComponentError) as err:
        migrate_layer(shp, tmp_path / "out")
    assert str(shp) in str(err.value) and f"layer{part}" in str(err.value)
    assert not list((tmp_path / "out").glob("*"))


def test_missing_component_inside_zip(tmp_path: Path) -> None:
    _shapefile(tmp_path / "in")
    archive = tmp_path / "layer.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in ("layer.shp", "layer.shx", "layer.prj"):
            zf.write(tmp_path / "in" / part, part)
    with pytest.raises(MissingComponentError, match=r"layer\.dbf"):
        migrate_layer(archive, tmp_path / "out")


def test_missing_mid_file(tmp_path: Path) -> None:
    src = SAMPLES["tree-preservation-orders"]
    shutil.copy(src, tmp_path / src.name)
    with pytest.raises(MissingComponentError, match=r"tree_preservation_orders\.mid"):
        migrate_layer(tmp_path / src.name, tmp_path / "out")


@pytest.mark.parametrize("entry", ["../evil.shp", "sub/../../evil.txt", "/etc/evil.shp", "..\\evil.dbf"])
def test_zip_with_path_traversal_is_refused(tmp_path: Path, entry: str) -> None:
    shp = _shapefile(tmp_path / "in")
    archive = tmp_path / "layer.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
        zf.writestr(entry, b"x")
    with pytest.raises(UnsafeArchiveError) as err:
        migrate_layer(archive, tmp_path / "out")
    assert "layer.zip" in str(err.value) and "refused" in str(err.value)
    assert not (tmp_path / "evil.shp").exists()
    assert list((tmp_path / "out").glob("*")) == []


def test_unknown_crs_is_refused_not_guessed(tmp_path: Path) -> None:
    # UTM-like metres with no .prj: not British National Grid, so no guess is made.
    shp = _shapefile(tmp_path / "in", crs=None, coords=(500000, 6_200_000))
    with pytest.raises(UnknownCrsError) as err:
        migrate_layer(shp, tmp_path / "out")
    message = str(err.value)
    assert str(shp) in message and "no .prj file" in message and "--crs" in message


def test_degrees_without_prj_are_refused(tmp_path: Path) -> None:
    shp = _shapefile(tmp_path / "in", crs=None, coords=(-3.9, 55.8))
    with pytest.raises(UnknownCrsError, match="not clearly British National Grid"):
        migrate_layer(shp, tmp_path / "out")


def test_crs_can_be_given(tmp_path: Path) -> None:
    shp = _shapefile(tmp_path / "in", crs=None, coords=(500000, 6_200_000))
    result = migrate_layer(shp, tmp_path / "out", crs="EPSG:32630")
    assert result.crs_decision == "given as EPSG:32630"
    assert result.feature_count_out == 2


def test_bng_without_prj_is_recognised(tmp_path: Path) -> None:
    shp = _shapefile(tmp_path / "in", crs=None)
    result = migrate_layer(shp, tmp_path / "out")
    assert "no .prj file" in result.crs_decision and "EPSG:27700 was recognised" in result.crs_decision
    assert pyogrio.read_info(result.gpkg_path)["crs"] == "EPSG:27700"


def test_unparseable_crs_option(tmp_path: Path) -> None:
    with pytest.raises(UnknownCrsError, match="cannot understand CRS 'EPSG:999999'"):
        migrate_layer(_shapefile(tmp_path / "in"), tmp_path / "out", crs="EPSG:999999")


def _geojson(path: Path, geometries: list[dict | None]) -> Path:
    features = [
        {"type": "Feature", "properties": {"Ref": i}, "geometry": g} for i, g in enumerate(geometries)
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


SQUARE = {
    "type": "Polygon",
    "coordinates": [[[-3.98, 55.86], [-3.97, 55.86], [-3.97, 55.87], [-3.98, 55.87], [-3.98, 55.86]]],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[-3.98, 55.86], [-3.97, 55.87], [-3.97, 55.86], [-3.98, 55.87], [-3.98, 55.86]]],
}
SPIKE = {"type": "Polygon", "coordinates": [[[-3.98, 55.86], [-3.96, 55.86], [-3.97, 55.86], [-3.98, 55.86]]]}


def test_self_intersecting_and_empty_geometries_are_reported(tmp_path: Path) -> None:
    src = _geojson(
        tmp_path / "areas.geojson", [SQUARE, BOWTIE, None, {"type": "Polygon", "coordinates": []}, SPIKE]
    )
    result = migrate_layer(src, tmp_path / "out", max_rejected=3)
    by_feature = {e["feature"]: e for e in result.report}
    assert result.feature_count_in == 5 and result.feature_count_out == 2
    assert by_feature[1]["action"] == "split" and "Self-intersection" in by_feature[1]["reason"]
    assert by_feature[2] == {"feature": 2, "action": "rejected", "reason": "no geometry"}
    assert by_feature[3]["action"] == "rejected" and "empty" in by_feature[3]["reason"]
    assert (
        by_feature[4]["action"] == "rejected"
        and "nothing of the polygon geometry survives" in by_feature[4]["reason"]
    )
    assert 0 not in by_feature
    written = gpd.read_file(result.gpkg_path)
    assert written.is_valid.all() and written["ref"].tolist() == [0, 1]
    assert len(written.geometry.iloc[1].geoms) == 2
    stored = json.loads(result.report_path.read_text())
    assert stored["report"] == result.report


def test_mixed_geometry_types_keep_majority_and_report_the_rest(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [-3.975, 55.865]}
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    src = _geojson(tmp_path / "mixed.geojson", [SQUARE, point, multi, SQUARE])
    result = migrate_layer(src, tmp_path / "out", max_rejected=1)
    assert result.geometry_type == "MultiPolygon"
    assert result.report == [
        {"feature": 1, "action": "rejected", "reason": "Point does not match the layer's polygon geometry"}
    ]
    assert any("mixed geometry types" in note for note in result.notes)
    assert pyogrio.read_info(result.gpkg_path)["geometry_type"] == "MultiPolygon"


def test_all_features_empty(tmp_path: Path) -> None:
    src = _geojson(tmp_path / "nothing.geojson", [None, None])
    with pytest.raises(EmptyLayerError, match="none of the 2 features has a geometry"):
        migrate_layer(src, tmp_path / "out")


def test_unsupported_extension(tmp_path: Path) -> None:
    (tmp_path / "layer.xyz").write_text("x")
    with pytest.raises(UnsupportedFormatError, match=r"layer\.xyz: unsupported format \.xyz"):
        migrate_layer(tmp_path / "layer.xyz", tmp_path / "out")


def test_csv_without_coordinates(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("a,b\n1,2\n")
    with pytest.raises(GisError, match="no coordinate columns"):
        migrate_layer(tmp_path / "t.csv", tmp_path / "out")


def test_corrupt_shapefile_names_file(tmp_path: Path) -> None:
    shp = _shapefile(tmp_path / "in")
    shp.write_bytes(b"not a shapefile" * 10)
    with pytest.raises(GisError) as err:
        migrate_layer(shp, tmp_path / "out")
    assert str(shp) in str(err.value)


def test_point_layer_rejects_empty_point(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"n": [1, 2]}, geometry=[Point(275000, 665000), Point()], crs=27700)
    pyogrio.write_dataframe(frame, tmp_path / "p.gpkg")
    result = migrate_layer(tmp_path / "p.gpkg", tmp_path / "out", max_rejected=1)
    assert result.feature_count_out == 1
    assert result.report[0]["action"] == "rejected"
