"""CSV and XLSX connectors: encodings, ragged rows, header mapping, formula injection."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from harvesters import transform
from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.output import write_csv
from harvesters.sources import make_source
from harvesters.sources.csv_file import read_csv

from .conftest import SHARED

ROWS = "Name,Town\nCaf\u00e9 Royal,Airdrie\nSt Mungo\u2019s Hall,Coatbridge\n"


@pytest.mark.parametrize(
    "encoding,declared",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("cp1252", "cp1252"),
        ("cp1252", "auto"),
        ("utf-8-sig", "auto"),
    ],
)
def test_csv_encodings(tmp_path: Path, encoding: str, declared: str) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(ROWS.encode(encoding))
    t = make_source({"type": "csv", "path": "x.csv", "encoding": declared}, tmp_path).extract()
    assert t.fields == ["Name", "Town"]  # no BOM left on the first header
    assert t.rows[0] == ["Caf\u00e9 Royal", "Airdrie"]
    assert t.rows[1][0] == "St Mungo\u2019s Hall"


def test_csv_bad_encoding_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(b"Name,Town\nOK,Airdrie\n" + "Caf\u00e9,Wishaw\n".encode("cp1252"))
    with pytest.raises(SourceFormatError) as e:
        read_csv(p, encoding="utf-8")
    assert e.value.row == 3 and "bad.csv" in str(e.value) and "UTF-8" in str(e.value)


def test_csv_ragged_row_names_row_and_field(tmp_path: Path) -> None:
    p = tmp_path / "ragged.csv"
    p.write_text("Name,Town,Postcode\nA,Airdrie,ML6 6AA\nB,Wishaw\nC,Shotts,ML7 4AA\n")
    with pytest.raises(SourceFormatError) as e:
        read_csv(p)
    assert e.value.row == 3 and e.value.field == "Postcode"
    assert "ragged row: 2 cells but the header has 3" in str(e.value)
    long = tmp_path / "long.csv"
    long.write_text("Name,Town\nA,Airdrie,extra\n")
    with pytest.raises(SourceFormatError, match="row 2"):
        read_csv(long)


def test_csv_bad_quoting_names_its_row(tmp_path: Path) -> None:
    p = tmp_path / "quotes.csv"
    p.write_text('Name,Town\nA,Airdrie\nB,Wishaw\n"C"x,Shotts\nD,Kilsyth\n')
    with pytest.raises(SourceFormatError) as e:
        read_csv(p)
    assert e.value.row == 4 and "malformed CSV" in str(e.value)


def test_csv_trailing_empty_cells_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("Name,Town,,\nA,Airdrie,,\n\nB,Wishaw\n")
    t = read_csv(p, pad_short_rows=True)
    assert t.fields == ["Name", "Town"] and t.rows == [["A", "Airdrie"], ["B", "Wishaw"]]
    assert t.row_numbers == [2, 4]


def test_csv_missing_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailable, match="file not found"):
        read_csv(tmp_path / "nope.csv")


def test_formula_injection_neutralised_in_published_csv(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        'Venue,Notes,Count\n"=HYPERLINK(""http://evil.example/"",""Click"")",+cmd|x,-3\n'
        "Library,@SUM(A1:A2),4\nHall,-not a number,5\n"
    )
    schema = {
        "fields": [
            {"name": "Venue", "type": "string"},
            {"name": "Notes", "type": "string"},
            {"name": "Count", "type": "integer"},
        ]
    }
    t = transform.apply(read_csv(src), {}, schema)
    out = write_csv(t, tmp_path / "out.csv", schema)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example/","Click")'
    assert rows[1][1] == "'+cmd|x" and rows[2][1] == "'@SUM(A1:A2)" and rows[3][1] == "'-not a number"
    assert rows[1][2] == "-3"  # numbers in numeric columns are left alone


def test_header_mapping_and_constants(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("Property Address , POST CODE,Band\n1 Main Street,ml6 6aa,C\n")
    schema = {"fields": [{"name": "Address"}, {"name": "Postcode"}, {"name": "Band"}, {"name": "Council"}]}
    spec = {
        "rename": {"property address": "Address", "Post Code": "Postcode"},
        "convert": {"Postcode": "postcode"},
        "constants": {"Council": "North Lanarkshire"},
    }
    t = transform.apply(read_csv(src), spec, schema)
    assert [list(r) for r in t.rows] == [["1 Main Street", "ML6 6AA", "C", "North Lanarkshire"]]
    with pytest.raises(Exception, match="names source column 'Nope'"):
        transform.apply(read_csv(src), {"rename": {"Nope": "Address"}}, schema)


def test_xlsx_messy_headers_real_sutton_file() -> None:
    path = SHARED / "toilets_sutton_xlsx" / "sutton_raw.xlsx"
    t = make_source({"type": "xlsx", "path": str(path)}, Path(".")).extract()
    assert "Level access Y/N" in t.fields and "Post-code" in t.fields
    assert all("\n" not in f for f in t.fields)
    assert t.rows[0][0] == "Beddington Park" and t.row_numbers[0] == 2
    assert len(t.fields) == 13  # the 13 trailing empty header cells are dropped


def test_xlsx_value_in_unheaded_column_is_an_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Name", "Town"])
    ws.append(["A", "Airdrie"])
    ws.append(["B", "Wishaw", "stray"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(SourceFormatError, match="row 3"):
        make_source({"type": "xlsx", "path": "x.xlsx"}, tmp_path).extract()
    (tmp_path / "notxlsx.xlsx").write_text("hello")
    with pytest.raises(SourceFormatError, match="not a readable XLSX"):
        make_source({"type": "xlsx", "path": "notxlsx.xlsx"}, tmp_path).extract()


def test_gis_file_source_publishes_geojson_gpkg_and_bbox(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "datasets" / "wards"
    t = make_source({"type": "gis_file", "path": "source/wards.zip"}, root, work_dir=tmp_path).extract()
    assert len(t.rows) == 20 and t.fields[:2] == ["ward_no", "wd13cd"]
    assert t.files["GeoJSON"].exists() and t.files["GeoPackage"].suffix == ".gpkg"
    geom = json.loads(t.spatial)
    xs = [c[0] for c in geom["coordinates"][0]]
    assert geom["type"] == "Polygon" and -4.3 < min(xs) < max(xs) < -3.6


def test_unknown_source_type_names_file_and_key() -> None:
    with pytest.raises(Exception, match=r"source.type.*unknown source type 'ftp'"):
        make_source({"type": "ftp"}, Path("."), origin="datasets/x/dataset.yaml")
