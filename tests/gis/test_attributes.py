"""Attribute names become snake_case and unique; mis-decoded text is repaired and reported."""

from __future__ import annotations

import struct
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
from shapely.geometry import Point

from gis.attributes import field_names, repair_encodings, repair_text, snake_case
from gis.migrate import migrate_layer


def test_snake_case() -> None:
    assert snake_case("Ward Name (2013)") == "ward_name_2013"
    assert snake_case("WardCode") == "ward_code"
    assert snake_case("WD13NM") == "wd13nm"
    assert snake_case("Café Name") == "cafe_name"
    assert snake_case("2019 Pop") == "f_2019_pop"
    assert snake_case("%%") == "field"


def test_field_names_are_unique_and_avoid_reserved() -> None:
    assert field_names(["Name", "NAME", "name ", "FID", "geometry"]) == {
        "Name": "name",
        "NAME": "name_2",
        "name ": "name_3",
        "FID": "fid_attr",
        "geometry": "geometry_attr",
    }


def test_repair_text() -> None:
    assert repair_text("CafÃ© Royal") == ("Café Royal", "UTF-8 text had been decoded as latin-1")
    assert repair_text("St Maryâ€™s") == ("St Mary’s", "UTF-8 text had been decoded as cp1252")
    assert repair_text("St Mary\x92s") == ("St Mary’s", "Windows-1252 text had been decoded as Latin-1")
    assert repair_text("Café") == ("Café", None)
    assert repair_text("plain") == ("plain", None)


def test_repair_encodings_reports_each_feature() -> None:
    frame = pd.DataFrame({"name": ["ok", "GlenbÃ¶ig", None], "n": [1, 2, 3]}, index=[10, 11, 12])
    entries = repair_encodings(frame, 100, {"name": "NAME"})
    assert frame["name"].tolist()[:2] == ["ok", "Glenböig"] and pd.isna(frame["name"].iloc[2])
    assert [(e.feature, e.action) for e in entries] == [(101, "fixed")]
    assert "'NAME'" in entries[0].reason


def _dbf_with_wrong_cpg(folder: Path) -> Path:
    """A shapefile whose .dbf holds UTF-8 text but whose .cpg says Windows-1252."""
    frame = gpd.GeoDataFrame({"Site": ["Glenboig Brickworks"]}, geometry=[Point(273000, 668000)], crs=27700)
    shp = folder / "sites.shp"
    pyogrio.write_dataframe(frame, shp, layer_options={"ENCODING": ""})
    (folder / "sites.cpg").write_text("1252")
    dbf = folder / "sites.dbf"
    data = bytearray(dbf.read_bytes())
    data[29] = 0  # no language driver id: the .cpg decides
    header_len = struct.unpack("<H", data[8:10])[0]
    text = "Gartcosh Café".encode()
    record = header_len + 1
    data[record : record + len(text)] = text
    dbf.write_bytes(bytes(data))
    return shp


def test_utf8_shapefile_with_wrong_cpg_is_repaired(tmp_path: Path) -> None:
    shp = _dbf_with_wrong_cpg(tmp_path)
    result = migrate_layer(shp, tmp_path / "out")
    written = gpd.read_file(result.gpkg_path)
    assert written["site"].iloc[0].startswith("Gartcosh Café")
    assert result.report == [
        {
            "feature": 0,
            "action": "fixed",
            "reason": "attribute 'Site': UTF-8 text had been decoded as latin-1",
        }
    ]
