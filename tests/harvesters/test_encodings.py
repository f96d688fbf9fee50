"""Messy inputs: encodings (one detector for every reader), CR-only line ends, headers that
normalise alike, invalid Table Schemas. Each error names the file and where in it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from harvesters import transform
from harvesters.cli import validate
from harvesters.definition import load_definition
from harvesters.errors import DefinitionError, SourceFormatError, TransformError, ValidationFailed
from harvesters.output import write_csv
from harvesters.sources.csv_file import read_csv
from harvesters.table import Table
from harvesters.validate import validate_csv
from publication_plan.foi_log import parse_log

from .conftest import ROOT

# Real-looking council text: pound signs, accents, non-breaking spaces, curly quotes, a dash.
TOILETS = (
    "Name,Town,Charge,Notes\r\n"
    "Barnard Castle\u00a0\u00a0\u00a0\u00a0,Airdrie,\u00a30.20,"
    "\u201cOpen daily\u201d \u2013 caf\u00e9 nearby\r\n"
    "St Mungo\u2019s Hall,Coatbridge,\u00a30.50,Caf\u00e9 open\r\n"
    "Motherwell Civic Centre,Motherwell,Free,Baby change\r\n"
)
# latin-1 has no curly quotes or dashes
LATIN = "Name,Town,Charge\nCaf\u00e9 Royal,Airdrie,\u00a30.20\nNa\u00efve\u00a0space,Wishaw,\u00bd price\n"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("declared", ["auto", "utf-8"])
def test_utf16_with_bom_is_decoded_and_noted(tmp_path: Path, codec: str, declared: str) -> None:
    p = tmp_path / "toilets.csv"
    p.write_bytes(("\ufeff" + TOILETS).encode(codec))
    t = read_csv(p, encoding=declared)
    assert t.fields == ["Name", "Town", "Charge", "Notes"]
    assert t.rows[1][0] == "St Mungo\u2019s Hall" and t.rows[0][2] == "\u00a30.20"
    label = "UTF-16 LE" if codec.endswith("le") else "UTF-16 BE"
    assert any(label in n and "BOM" in n for n in t.notes)


@pytest.mark.parametrize(
    "text,codec,expected",
    [(TOILETS, "cp1252", "cp1252"), (TOILETS, "mac_roman", "mac_roman"), (LATIN, "latin-1", "cp1252")],
)
def test_auto_tells_cp1252_from_mac_roman(tmp_path: Path, text: str, codec: str, expected: str) -> None:
    from harvesters.encoding import detect

    data = text.encode(codec)
    assert detect(data) == expected  # latin-1 bytes without 0x80-0x9f read the same as cp1252
    p = tmp_path / "x.csv"
    p.write_bytes(data)
    t = read_csv(p, encoding="auto")
    assert t.rows[0][0] == text.splitlines()[1].split(",")[0]
    assert any(expected in n for n in t.notes)


def test_declared_cp1252_but_mac_roman_names_file_line_and_encoding(tmp_path: Path) -> None:
    p = tmp_path / "mac.csv"
    text = "Name,Town\nCoatbridge Library,Coatbridge\nBarnard Castle\u00a0\u00a0\u00a0\u00a0,Airdrie\n"
    p.write_bytes(text.encode("mac_roman"))
    with pytest.raises(SourceFormatError) as e:
        read_csv(p, encoding="cp1252")
    msg = str(e.value)
    assert e.value.row == 3 and "mac.csv" in msg and "mac_roman" in msg and "Ê" in msg
    assert "`encoding: mac_roman`" in msg


def test_utf8_error_advises_the_likely_encoding(tmp_path: Path) -> None:
    p = tmp_path / "mac.csv"
    p.write_bytes(TOILETS.encode("mac_roman"))
    with pytest.raises(SourceFormatError) as e:
        read_csv(p, encoding="utf-8")
    assert e.value.row == 2 and "`encoding: mac_roman`" in str(e.value)
    assert "cp1252" not in str(e.value)


def test_cr_only_line_ends_number_rows(tmp_path: Path) -> None:
    p = tmp_path / "oldmac.csv"
    p.write_bytes(b"Name,Town\rA,Airdrie\rB,Wishaw\rCaf\xe9,Shotts\r")
    with pytest.raises(SourceFormatError, match=r"oldmac\.csv, row 4: not valid UTF-8"):
        read_csv(p, encoding="utf-8")
    p.write_bytes(("Name,Town\rA,Airdrie\rB,Wishaw\rBarnard Castle\u00a0\u00a0,Shotts\r").encode("mac_roman"))
    with pytest.raises(SourceFormatError, match=r"oldmac\.csv, row 4: .*mac_roman"):
        read_csv(p, encoding="cp1252")
    p.write_bytes(b"Preamble\rName,Town\rA,Airdrie\rB\r")
    with pytest.raises(SourceFormatError, match=r"row 3, field 'Town': ragged row"):
        read_csv(p, skip_lines=1)


def test_cr_only_rows_in_validation_errors(tmp_path: Path) -> None:
    """A cell's line break in an old-Mac file is a CR too: published as LF, it must not split
    the published row, or every later row number in the errors is off by one."""
    p = tmp_path / "oldmac.csv"
    p.write_bytes(b'Name,Count\r"Airdrie\rLibrary",1\rB,2\r\rC,x\rD,4\r')
    schema = {"fields": [{"name": "Name", "type": "string"}, {"name": "Count", "type": "integer"}]}
    table = transform.apply(read_csv(p), {}, schema)
    assert table.rows[0] == ("Airdrie\nLibrary", "1")
    out = write_csv(table, tmp_path / "out.csv", schema)
    with pytest.raises(ValidationFailed) as e:
        validate_csv(out, schema, resource="oldmac", source_rows=table.row_numbers)
    assert [(x["row"], x.get("source_row")) for x in e.value.errors] == [(4, 5)]
    assert "row 4 (source row 5), field 'Count'" in str(e.value)


def test_headers_that_normalise_alike_are_an_error(tmp_path: Path) -> None:
    table = Table(
        fields=["Name", "Post Code", "Post-Code"],
        rows=[["A", "ML1 1AA", "ML1 1AB"]],
        source="exports/toilets.csv",
    )
    schema = {"fields": [{"name": "Name"}, {"name": "Postcode"}]}
    for spec in ({"rename": {"Post Code": "Postcode"}}, {}):
        if not spec:
            schema = {"fields": [{"name": "Name"}, {"name": "post_code"}]}
        with pytest.raises(TransformError) as e:
            transform.apply(table, spec, schema)
        msg = str(e.value)
        assert "'Post Code'" in msg and "'Post-Code'" in msg and "exports/toilets.csv" in msg
    # unused look-alikes are harmless
    assert transform.apply(table, {}, {"fields": [{"name": "Name"}]}).rows == [("A",)]


def _with_schema(tmp_path: Path, fields: list[dict]) -> Path:
    d = tmp_path / "council-tax-bands"
    shutil.copytree(ROOT / "datasets" / "council-tax-bands", d)
    schema = json.loads((d / "schema.json").read_text())
    schema["fields"][: len(fields)] = fields
    (d / "schema.json").write_text(json.dumps(schema))
    return d


def test_invalid_table_schema_names_file_and_fields(tmp_path: Path) -> None:
    d = _with_schema(
        tmp_path,
        [
            {"name": "UPRN", "type": "int"},
            {"name": "Address", "type": "string", "constraints": {"maxLength": "ten"}},
        ],
    )
    with pytest.raises(DefinitionError) as e:
        load_definition(d)
    msg = str(e.value)
    assert e.value.file == str(d / "schema.json")
    assert "field 'UPRN'" in msg and '"int"' in msg
    assert "field 'Address'" in msg and "maxLength" in msg
    result = CliRunner().invoke(validate, ["council-tax-bands", "--datasets-dir", str(tmp_path)])
    assert result.exit_code == 1 and "schema.json" in result.output and "UPRN" in result.output
    assert "Traceback" not in result.output


def test_primary_key_must_name_a_field(tmp_path: Path) -> None:
    d = _with_schema(tmp_path, [])
    schema = json.loads((d / "schema.json").read_text())
    schema["primaryKey"] = ["UPRN", "Nope"]
    (d / "schema.json").write_text(json.dumps(schema))
    with pytest.raises(DefinitionError, match=r"schema\.json: primaryKey: .*'Nope'"):
        load_definition(d)


# -- the FOI log reader shares the detector ---------------------------------------------------
FOI_HEADER = "Case Reference,Date Received,Request Summary,Service\r\n"


def test_cp1252_foi_log_larger_than_a_decode_chunk_has_one_header(tmp_path: Path) -> None:
    # the first accented byte comes after the first decode chunks, as in a real log
    rows = [f"FOI/2025/{n:05d},06/01/2025,Bin collections in Airdrie,Waste\r\n" for n in range(1, 1001)]
    title = "Caf\u00e9 licences \u2013 \u00a3 spent on \u201cplay parks\u201d"
    rows += [f"FOI/2025/{n:05d},06/01/2025,{title},Roads\r\n" for n in range(1001, 3001)]
    path = tmp_path / "log.csv"
    path.write_bytes((FOI_HEADER + "".join(rows)).encode("cp1252"))
    assert path.stat().st_size > 200_000
    parsed = parse_log(path, "casework-csv")
    assert len(parsed.records) == 3000 and parsed.duplicates == 0
    assert parsed.records[-1].title == title


@pytest.mark.parametrize("codec", ["mac_roman", "utf-16-le", "utf-16-be"])
def test_foi_log_encodings(tmp_path: Path, codec: str) -> None:
    text = FOI_HEADER + "FOI/1,06/01/2025,St Mungo\u2019s Hall \u00a3 and caf\u00e9\u00a0hours,Halls\r\n"
    bom = "\ufeff" if codec.startswith("utf-16") else ""
    path = tmp_path / "log.csv"
    path.write_bytes((bom + text).encode(codec))
    parsed = parse_log(path, "casework-csv")
    assert [r.title for r in parsed.records] == ["St Mungo\u2019s Hall \u00a3 and caf\u00e9\u00a0hours"]


# -- and so does the GIS CSV reader ---------------------------------------------------------
@pytest.mark.parametrize("codec", ["mac_roman", "utf-16-le", "cp1252"])
def test_gis_csv_is_recoded_from_the_detected_encoding(tmp_path: Path, codec: str) -> None:
    from gis.readers import open_csv

    name = "Barnard Castle\u00a0\u00a0 \u201cKirk\u201d \u00a3 caf\u00e9"
    text = f"Name,Easting,Northing\r\n{name},275000,665000\r\n"
    bom = "\ufeff" if codec.startswith("utf-16") else ""
    path = tmp_path / "buildings.csv"
    path.write_bytes((bom + text).encode(codec))
    layer = open_csv(path)
    try:
        assert Path(layer.path).read_bytes().decode("utf-8-sig") == text
    finally:
        layer.close()


def test_decode_reports_what_it_detected() -> None:
    from harvesters.encoding import decode

    got = decode("\ufeffName\n".encode("utf-16-le"), "auto")
    assert got.text == "Name\n" and got.encoding == "utf-16" and "UTF-16 LE" in (got.note or "")
    assert decode(b"Name\n", "auto").note is None
