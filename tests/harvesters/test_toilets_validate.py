"""Real council toilet files mapped into the LGA schema; validation errors; fast-path parity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvesters import transform
from harvesters.errors import ValidationFailed
from harvesters.fastcheck import quick_valid
from harvesters.layouts import load_layout
from harvesters.output import write_csv
from harvesters.sources import make_source
from harvesters.validate import frictionless_errors, validate_csv

from .conftest import ROOT, SHARED

LGA = json.loads((ROOT / "datasets" / "public-toilets" / "schema.json").read_text())
FILES = {
    "toilets_camden": {"type": "csv", "path": str(SHARED / "toilets_camden" / "Public_toilets.csv")},
    "toilets_hillingdon": {
        "type": "csv",
        "path": str(SHARED / "toilets_hillingdon_lga_schema" / "hillingdon_export_public_conveniences.csv"),
    },
    "toilets_southwark": {"type": "csv", "path": str(SHARED / "toilets_southwark" / "southwark_toilets.csv")},
    "toilets_sutton": {"type": "xlsx", "path": str(SHARED / "toilets_sutton_xlsx" / "sutton_raw.xlsx")},
}


def _publishable(layout: str, tmp_path: Path):
    t = make_source(FILES[layout], Path(".")).extract()
    out = transform.apply(t, load_layout(layout), LGA)
    return out, write_csv(out, tmp_path / f"{layout}.csv", LGA)


@pytest.mark.parametrize(
    "layout,rows", [("toilets_camden", 47), ("toilets_hillingdon", 48), ("toilets_southwark", 41)]
)
def test_real_toilet_files_map_into_lga_schema(tmp_path: Path, layout: str, rows: int) -> None:
    out, csv_path = _publishable(layout, tmp_path)
    assert len(out.rows) == rows
    validate_csv(csv_path, LGA, resource=layout)  # raises if invalid
    assert frictionless_errors(csv_path, LGA) == []
    rec = dict(zip(out.fields, out.rows[0], strict=True))
    assert rec["ServiceTypeURI"] == "http://id.esd.org.uk/service/579"
    assert rec["CoordinateReferenceSystem"] == "WGS84"
    assert -0.6 < float(rec["GeoX"]) < 0.1 and 51.2 < float(rec["GeoY"]) < 51.8  # London, as lon/lat


def test_bng_converted_to_wgs84_matches_published_latlong(tmp_path: Path) -> None:
    """Camden publishes both: converting its BNG eastings/northings lands on its own lat/long."""
    t = make_source(FILES["toilets_camden"], Path(".")).extract()
    spec = {
        **load_layout("toilets_camden"),
        "coordinates": {
            "from": "EPSG:27700",
            "x": "Easting",
            "y": "Northing",
            "out_x": "GeoX",
            "out_y": "GeoY",
        },
    }
    spec["rename"] = {k: v for k, v in spec["rename"].items() if v not in ("GeoX", "GeoY")}
    conv = transform.apply(t, spec, LGA)
    i_lon, i_lat = t.fields.index("Longitude"), t.fields.index("Latitude")
    for src, row in zip(t.rows, conv.rows, strict=True):
        x, y = (
            row[LGA["fields"].index(next(f for f in LGA["fields"] if f["name"] == "GeoX"))],
            row[[f["name"] for f in LGA["fields"]].index("GeoY")],
        )
        assert abs(float(src[i_lon]) - x) < 0.0005 and abs(float(src[i_lat]) - y) < 0.0005


def test_sutton_fails_clearly_without_coordinates(tmp_path: Path) -> None:
    out, csv_path = _publishable("toilets_sutton", tmp_path)
    with pytest.raises(ValidationFailed) as e:
        validate_csv(csv_path, LGA, resource="sutton", source_rows=out.row_numbers)
    errors = e.value.errors
    assert {x["field"] for x in errors} == {"GeoX", "GeoY"}
    assert all(x["type"] == "constraint-error" and x["row"] >= 2 for x in errors)
    assert errors[0]["source_row"] == out.row_numbers[errors[0]["row"] - 2]
    assert "row 2" in str(e.value) and "'GeoX'" in str(e.value)


def test_schema_violations_report_row_and_field(tmp_path: Path) -> None:
    schema = json.loads((ROOT / "bench" / "council-tax-extract" / "schema.json").read_text())
    p = tmp_path / "ct.csv"
    p.write_text(
        "UPRN,Address,Town,Postcode,Band\n118000001,1 Main Street,Airdrie,ML6 6AA,C\n"
        "abc,2 Main Street,Airdrie,ML6 6AA,I\n118000001,,Airdrie,ML66AA,A\n"
    )
    with pytest.raises(ValidationFailed) as e:
        validate_csv(p, schema, resource="ctax")
    found = {(x["row"], x["field"], x["type"]) for x in e.value.errors}
    assert (3, "UPRN", "type-error") in found and (3, "Band", "constraint-error") in found
    assert (4, "Address", "constraint-error") in found and (4, "Postcode", "constraint-error") in found
    assert (4, "UPRN", "unique-error") in found


PARITY_CASES = {
    "valid": "UPRN,Address,Town,Postcode,Band\n1,a,b,ML6 6AA,A\n2,c,d,G67 1AA,H\n",
    "bad-int": "UPRN,Address,Town,Postcode,Band\n1.5,a,b,ML6 6AA,A\n",
    "enum": "UPRN,Address,Town,Postcode,Band\n1,a,b,ML6 6AA,Z\n",
    "missing": "UPRN,Address,Town,Postcode,Band\n1,,b,ML6 6AA,A\n",
    "dup": "UPRN,Address,Town,Postcode,Band\n1,a,b,ML6 6AA,A\n1,a,b,ML6 6AA,A\n",
    "header": "UPRN,Addr,Town,Postcode,Band\n1,a,b,ML6 6AA,A\n",
    "ragged": "UPRN,Address,Town,Postcode,Band\n1,a,b,ML6 6AA\n",
    "blank": "UPRN,Address,Town,Postcode,Band\n1,a,b,ML6 6AA,A\n,,,,\n",
    "pattern": "UPRN,Address,Town,Postcode,Band\n1,a,b,ml6 6aa,A\n",
    "minimum": "UPRN,Address,Town,Postcode,Band\n0,a,b,ML6 6AA,A\n",
    "multiline": 'UPRN,Address,Town,Postcode,Band\n1,"a\nb",b,ML6 6AA,A\n',
}


@pytest.mark.parametrize("case", sorted(PARITY_CASES))
def test_fast_path_never_disagrees_with_frictionless(tmp_path: Path, case: str) -> None:
    schema = json.loads((ROOT / "bench" / "council-tax-extract" / "schema.json").read_text())
    p = tmp_path / f"{case}.csv"
    p.write_text(PARITY_CASES[case])
    fric = frictionless_errors(p, schema)
    if quick_valid(p, schema):
        assert fric == []
    try:
        reported = validate_csv(p, schema)
    except ValidationFailed as e:
        reported = e.errors
    assert [(e["row"], e["field"], e["type"], e["message"]) for e in reported] == [
        (e["row"], e["field"], e["type"], e["message"]) for e in fric
    ]
    assert (fric == []) == (case in ("valid", "multiline"))


H = "UPRN,Address,Town,Postcode,Band"
# Files the fast path (Arrow's CSV reader) must read as Python's csv module does, or defer.
READER_CASES = {
    "crlf": H + "\r\n1,a,b,ML6 6AA,A\r\n2,c,d,G67 1AA,H\r\n",
    "cr-only": H + "\r1,a,b,ML6 6AA,A\r",
    "no-final-newline": H + "\n1,a,b,ML6 6AA,A",
    "header-only": H + "\n",
    "unicode": H + "\n1,Caf\u00e9 \u2013 Main St,Airdrie,ML6 6AA,A\n",
    "tab-in-value": H + "\n1,a\tb,c,ML6 6AA,A\n",
    "quoted": H + '\n1,"a, ""b""",c,ML6 6AA,A\n2,"",d,G67 1AA,H\n',
    "quoted-empty-required": H + '\n1,"",b,ML6 6AA,A\n',
    "trailing-blank-lines": H + "\n1,a,b,ML6 6AA,A\n\n\n",
    "bom": "\ufeff" + H + "\n1,a,b,ML6 6AA,A\n",
    "leading-space-int": H + "\n 1,a,b,ML6 6AA,A\n",
    "plus-int": H + "\n+1,a,b,ML6 6AA,A\n",
    "semicolons": H.replace(",", ";") + "\n1;a;b;ML6 6AA;A\n",
}
DECIDED_FAST = {"crlf", "cr-only", "no-final-newline", "header-only", "unicode", "tab-in-value"}


@pytest.mark.parametrize("case", sorted(READER_CASES))
def test_fast_reader_agrees_with_frictionless(tmp_path: Path, case: str) -> None:
    schema = json.loads((ROOT / "bench" / "council-tax-extract" / "schema.json").read_text())
    p = tmp_path / f"{case}.csv"
    p.write_bytes(READER_CASES[case].encode("utf-8"))
    fric = frictionless_errors(p, schema)
    fast = quick_valid(p, schema)
    assert fast == (case in DECIDED_FAST)  # the fast path decides the plain files itself
    if fast:
        assert fric == []
    try:
        reported = validate_csv(p, schema)
    except ValidationFailed as e:
        reported = e.errors
    def key(errors: list[dict]) -> list[tuple]:
        return [(e["row"], e["field"], e["type"]) for e in errors]

    assert key(reported) == key(fric)


def test_fast_path_parity_on_real_files(tmp_path: Path) -> None:
    for layout in FILES:
        _, p = _publishable(layout, tmp_path)
        fric = frictionless_errors(p, LGA)
        assert quick_valid(p, LGA) == (fric == [])
