"""One postcode module (issue 17 point 4): Royal Mail's format rules, used by the transform,
the personal-data screen behind the FOI scrubber, and the lookups."""

from __future__ import annotations

import math

import pytest
from pyproj import Transformer

from harvesters import postcode
from harvesters.errors import TransformError
from harvesters.table import Table
from harvesters.transform import apply
from publication_plan.scrub import REMOVED, scrub

VALID = {
    "M1 1AE": "M1 1AE",  # A9 9AA
    "b338th": "B33 8TH",  # A99
    "CR2 6XH": "CR2 6XH",  # AA9
    " dn55  1pt ": "DN55 1PT",  # AA99
    "W1A 0AX": "W1A 0AX",  # A9A
    "EC1A1BB": "EC1A 1BB",  # AA9A
    "ML1 1AB": "ML1 1AB",
    "G67 1DU": "G67 1DU",
    "GIR 0AA": "GIR 0AA",
}
INVALID = [
    "ML1 1CI",  # inward letters never C, I, K, M, O, V
    "ML1 1AK",
    "ML1 1VA",
    "QL1 1AB",  # first letter never Q, V, X
    "VA1 1AB",
    "XA1 1AB",
    "MJ1 1AB",  # second letter never I, J, Z
    "AZ1 1AB",
    "W1I 0AX",  # A9A: third letter from ABCDEFGHJKPSTUW only
    "EC1C 1BB",  # AA9A: fourth letter from ABEHMNPRVWXY only
    "BAD",
    "ML1",
    "ML1 1AB X",
    "ML123 1AB",
    "1ML 1AB",
    "",
    None,
]


@pytest.mark.parametrize("raw,expected", VALID.items())
def test_valid_forms_normalise(raw: str, expected: str) -> None:
    assert postcode.normalise(raw) == expected
    assert postcode.is_valid(raw)
    assert postcode.key(raw) == expected.replace(" ", "")


@pytest.mark.parametrize("raw", INVALID)
def test_invalid_forms_are_refused(raw: str | None) -> None:
    assert postcode.normalise(raw) is None
    assert not postcode.is_valid(raw)


def test_postcodes_in_free_text() -> None:
    text = "Bins at 3 Main St, motherwell ml1 1ab; also ML1 1CI and ML11AB2"
    assert [m.group(0) for m in postcode.find(text)] == ["ml1 1ab"]
    assert postcode.extract("1 Main Street, Airdrie ML6 6AA") == "ML6 6AA"
    assert postcode.extract("ML6 6AA or G67 1DU") is None  # two different ones
    assert postcode.extract("Jct. with Portland Street SE17") is None


def _table(values: list[str]) -> Table:
    return Table(
        fields=["Name", "Post Code"],
        rows=[[f"site {n}", v] for n, v in enumerate(values)],
        source="datasets/x/source/sites.csv",
        row_numbers=list(range(2, len(values) + 2)),
    )


SCHEMA = {"fields": [{"name": "Name"}, {"name": "Postcode"}]}
SPEC = {"rename": {"Post Code": "Postcode"}, "convert": {"Postcode": "postcode"}}


def test_transform_normalises_a_postcode_column() -> None:
    out = apply(_table(["ml11ab", " G67 1DU ", ""]), SPEC, SCHEMA)
    assert [r[1] for r in out.rows] == ["ML1 1AB", "G67 1DU", ""]


def test_transform_refuses_a_value_that_is_not_a_postcode() -> None:
    with pytest.raises(TransformError) as err:
        apply(_table(["ML1 1AB", "BAD", "ML1 1CI", "ML1 1AB", "BAD"]), SPEC, SCHEMA, origin="datasets/x")
    message = str(err.value)
    assert message.startswith("datasets/x: datasets/x/source/sites.csv, row 3, field 'Postcode': 'BAD' ")
    assert "is not a UK postcode" in message
    assert "3 rows in all; also rows 4, 6" in message


def test_postcode_in_text_leaves_text_without_one_empty() -> None:
    spec = {"rename": {"Post Code": "Postcode"}, "convert": {"Postcode": "postcode_in_text"}}
    out = apply(_table(["Jct. with Portland Street SE17", "12 Main St, Wishaw ML2 7AA"]), spec, SCHEMA)
    assert [r[1] for r in out.rows] == ["", "ML2 7AA"]


def test_foi_scrubber_removes_valid_postcodes_only() -> None:
    text, kinds = scrub("Noise complaints near ML1 1AB and W1A 0AX")
    assert text == f"Noise complaints near {REMOVED} and {REMOVED}" and kinds == ["postcode"]
    assert scrub("Reference ML1 1CI") == ("Reference ML1 1CI", [])


def test_vectorised_coordinates_equal_per_row_projection() -> None:
    """The transform's ``coordinates`` step projects the whole column in one pyproj call;
    every result equals the per-row call it replaced (also with ``grid``)."""
    east = [270000.0, 275432.1, 0.0, 281234.567, 262000.5]
    north = [660000.0, 655111.9, 0.0, 670001.25, 658765.4]
    rows = [[str(e), str(n)] for e, n in zip(east, north, strict=True)] + [["", "1"], ["x", "2"]]
    table = Table(fields=["Easting", "Northing"], rows=rows, source="t.csv")
    schema = {"fields": [{"name": "Easting"}, {"name": "Northing"}, {"name": "GeoX"}, {"name": "GeoY"}]}
    one = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    for grid in (0, 100):
        coords = {"x": "Easting", "y": "Northing", "digits": 7, **({"grid": grid} if grid else {})}
        out = apply(table, {"coordinates": coords}, schema)
        expected = []
        for e, n in zip(east, north, strict=True):
            if (e, n) == (0.0, 0.0):
                expected.append(("", ""))
                continue
            if grid:
                e, n = (e // grid) * grid + grid / 2, (n // grid) * grid + grid / 2
            x, y = one.transform(e, n)
            expected.append((round(x, 7), round(y, 7)))
        assert [(r[2], r[3]) for r in out.rows] == [*expected, ("", ""), ("", "")]
        assert all(math.isfinite(x) for x, _ in expected if x != "")
