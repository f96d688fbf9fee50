"""The fast pre-check is never more lenient than frictionless (issue 11, point 7).

:func:`harvesters.fastcheck.quick_valid` may say True only where frictionless finds no
error; where it is unsure it must say False and let frictionless decide. A property-based
test generates small tables and Table Schemas full of the values where the two could part
(``01``, ``-0``, ``1.0``, ``1e3``, ``True``/``1``, integers beyond 2**53 and 2**63,
2023-02-29, empty cells...); explicit cases pin each disagreement found so far.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from harvesters.fastcheck import CANONICAL_RE, TYPE_RE, _canonical, quick_valid
from harvesters.validate import frictionless_errors

TYPES = ["string", "integer", "number", "boolean", "date", "year"]
CONSTRAINTS = {
    "string": ["required", "unique", "enum", "pattern", "minLength", "maxLength"],
    "integer": ["required", "unique", "minimum", "maximum"],
    "number": ["required", "unique", "minimum", "maximum"],
    "year": ["required", "unique", "minimum", "maximum"],
    "date": ["required", "unique"],
    "boolean": ["required", "unique"],
}
ALL_CONSTRAINTS = sorted({c for cs in CONSTRAINTS.values() for c in cs})
BIG = [2**53 - 1, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 2**63 + 1, 2**64, -(2**63), -(2**63) - 1]
TOKENS = [
    "", "0", "-0", "00", "+0", "1", "01", "+1", "-1", "1.0", "1.", ".5", "0.5", "-0.0", "1e3", "1E3",
    "1000", "1e-3", "0.001", "1.5", "10", "2", "true", "True", "TRUE", "false", "False", "FALSE",
    "yes", "2023-02-28", "2023-02-29", "2024-02-29", "2023-13-01", "0000-01-01", "0001-01-01",
    "2023-1-5", "2023", "0999", "999", "99999", "a", "b", "ab", "abc", "ABC", "x y", " 1", "1 ",
    "NaN", "inf", "1_000", "\u0661", "caf\u00e9", "a,b", "a\"b", "a\nb", "ab\n", "a;b", "a\tb", " ",
    *map(str, BIG),
]


def _spellings(n: int) -> list[str]:
    """Texts for the integer ``n``: plain, with leading zeros or a sign, as a float or exponent."""
    s = str(abs(n))
    sign = "-" if n < 0 else ""
    return [str(n), f"{sign}0{s}", f"+{n}" if n >= 0 else str(n), f"{n}.0", f"{n}e0", f"{sign}{s}.00"]


def values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(TOKENS),
        st.integers(-(2**70), 2**70).flatmap(lambda n: st.sampled_from(_spellings(n))),
        st.integers(-3, 3).flatmap(lambda n: st.sampled_from(_spellings(n))),
        st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100).map(str),
        st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
        st.dates().map(lambda d: d.isoformat()),
        st.integers(0, 9999).map(lambda y: f"{y:04d}"),
        st.text(alphabet="abAB1 .-", max_size=4),
    )


def bounds() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-5, 5),
        st.sampled_from([*BIG, 0.1, 0.5, 1.5, 2.0, 1000, 1999, 2000, 9999, 10000, -1, "1", "abc", True]),
        st.none(),
        st.integers(-(2**70), 2**70),
        st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10, max_value=10).map(float),
    )


CONSTRAINT_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "required": st.sampled_from([True, False, True]),
    "unique": st.sampled_from([True, True, False]),
    "enum": st.lists(st.one_of(st.sampled_from(TOKENS), st.integers(-2, 2)), max_size=4),
    "pattern": st.sampled_from(["[0-9]+", "a|b", "[a-z]*", ".*", "(?i)abc", "a+", "[ab]{1,2}", "x)("]),
    "minLength": st.integers(0, 4),
    "maxLength": st.integers(0, 4),
    "minimum": bounds(),
    "maximum": bounds(),
}


@st.composite
def fields(draw: st.DrawFn, name: str) -> dict[str, Any]:
    ftype = draw(st.sampled_from(TYPES))
    # Mostly constraints the type supports; now and then one it does not (an invalid schema).
    allowed = CONSTRAINTS[ftype] if draw(st.integers(0, 9)) else ALL_CONSTRAINTS
    names = draw(st.lists(st.sampled_from(allowed), max_size=3, unique=True))
    cons = {c: draw(CONSTRAINT_VALUES[c]) for c in names}
    field: dict[str, Any] = {"name": name, "type": ftype}
    if cons:
        field["constraints"] = cons
    return field


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[list[str]]]:
    n_fields = draw(st.integers(1, 3))
    schema = {"fields": [draw(fields(f"f{i}")) for i in range(n_fields)], "missingValues": [""]}
    # Each column draws from a few values, so repeats (and near-repeats like 1 / 01) are common.
    pools = [draw(st.lists(values(), min_size=1, max_size=4)) for _ in range(n_fields)]
    n_rows = draw(st.integers(0, 6))
    rows = [[draw(st.sampled_from(pool)) for pool in pools] for _ in range(n_rows)]
    return schema, rows


def _write(rows: list[list[str]], schema: dict[str, Any], path: Path) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([f["name"] for f in schema["fields"]])
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _frictionless(path: Path, schema: dict[str, Any]) -> list[Any]:
    """frictionless's errors; a schema it refuses (an exception) counts as an error too."""
    try:
        return frictionless_errors(path, schema)
    except Exception as e:  # noqa: BLE001 (any refusal, whatever its class, is "not valid")
        return [repr(e)]


def _check(schema: dict[str, Any], rows: list[list[str]], path: Path) -> tuple[bool, list[Any]]:
    _write(rows, schema, path)
    fast = quick_valid(path, schema)
    fric = _frictionless(path, schema)
    if fast:
        assert fric == [], f"quick_valid said valid, frictionless found {fric}"
    return fast, fric


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
@example(({"fields": [{"name": "f0", "type": "integer", "constraints": {"unique": True}}]}, [["1"], ["01"]]))
@example(({"fields": [{"name": "f0", "type": "number", "constraints": {"maximum": 0.1}}]}, [["0.10000001"]]))
def test_quick_valid_never_more_lenient_than_frictionless(table: tuple[dict[str, Any], list[list[str]]]):
    schema, rows = table
    with tempfile.TemporaryDirectory() as tmp:
        fast, fric = _check(schema, rows, Path(tmp) / "t.csv")
    event("fast path: valid" if fast else "frictionless: " + ("error" if fric else "valid"))


def _one(field: dict[str, Any]) -> dict[str, Any]:
    return {"fields": [{"name": "a", **field}, {"name": "b"}]}


# Each of these was reported valid by the fast path while frictionless reports an error (or
# refuses the schema).
REGRESSIONS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "integer-unique-leading-zero": ({"type": "integer", "constraints": {"unique": True}}, ["1", "01"]),
    "integer-unique-minus-zero": ({"type": "integer", "constraints": {"unique": True}}, ["0", "-0"]),
    "integer-unique-zeros": ({"type": "integer", "constraints": {"unique": True}}, ["7", "-0", "00"]),
    "number-unique-1-1.0": ({"type": "number", "constraints": {"unique": True}}, ["1", "1.0"]),
    "number-unique-exponent": ({"type": "number", "constraints": {"unique": True}}, ["1000", "1e3"]),
    "number-unique-minus-zero": ({"type": "number", "constraints": {"unique": True}}, ["0", "-0.0"]),
    "number-unique-dot": ({"type": "number", "constraints": {"unique": True}}, ["0.5", ".50"]),
    "boolean-unique-true-True": ({"type": "boolean", "constraints": {"unique": True}}, ["true", "True"]),
    "boolean-unique-1-TRUE": ({"type": "boolean", "constraints": {"unique": True}}, ["1", "false", "TRUE"]),
    "integer-maximum-2**53": ({"type": "integer", "constraints": {"maximum": 2**53}}, [str(2**53 + 1)]),
    "integer-minimum-2**53": ({"type": "integer", "constraints": {"minimum": 2**53 + 1}}, [str(2**53)]),
    "integer-maximum-2**63": ({"type": "integer", "constraints": {"maximum": 2**63}}, [str(2**63 + 1)]),
    "number-maximum-0.1": ({"type": "number", "constraints": {"maximum": 0.1}}, ["0.1000000000000000001"]),
    "number-minimum-big": ({"type": "number", "constraints": {"minimum": 2**60 + 1}}, [str(2**60)]),
    "integer-too-many-digits": ({"type": "integer"}, ["1" * 5000]),
    "number-huge-exponent": ({"type": "number"}, ["1e99999999999999999999"]),
    "enum-non-string-entry": ({"type": "string", "constraints": {"enum": [1, "a"]}}, ["1"]),
    "pattern-global-flag": ({"type": "string", "constraints": {"pattern": "(?i)abc"}}, ["abc"]),
    "pattern-on-integer": ({"type": "integer", "constraints": {"pattern": "[0-9]+"}}, ["1"]),
    "minLength-on-integer": ({"type": "integer", "constraints": {"minLength": 1}}, ["1"]),
    "integer-minimum-1.5": ({"type": "integer", "constraints": {"minimum": 1.5}}, ["2"]),
    "year-maximum-out-of-range": ({"type": "year", "constraints": {"maximum": 20000}}, ["2000"]),
    "year-minimum-negative": ({"type": "year", "constraints": {"minimum": -1}}, ["2000"]),
    "required-not-boolean": ({"type": "string", "constraints": {"required": "yes"}}, ["a"]),
    "unique-not-boolean": ({"type": "string", "constraints": {"unique": None}}, ["a"]),
    "maxLength-boolean": ({"type": "string", "constraints": {"maxLength": True}}, ["a"]),
    "enum-not-list": ({"type": "string", "constraints": {"enum": "abc"}}, ["a"]),
    "constraints-null": ({"type": "integer", "constraints": None}, ["1"]),
    "example-invalid": ({"type": "integer", "example": "abc"}, ["1"]),
    "title-not-string": ({"type": "string", "title": 5}, ["a"]),
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_regressions_handed_to_frictionless(tmp_path: Path, case: str) -> None:
    field, column = REGRESSIONS[case]
    schema = _one(field)
    fast, fric = _check(schema, [[v, "x"] for v in column], tmp_path / "t.csv")
    assert fric != []
    assert not fast


@pytest.mark.parametrize(
    "schema,text",
    [
        ({"name": 5, "fields": [{"name": "a"}]}, "a\n1\n"),
        ({"fields": [{"name": ""}, {"name": "b"}]}, ",b\nx,y\n"),
        ({"fields": [{"name": " a"}, {"name": "b"}]}, " a,b\nx,y\n"),
    ],
)
def test_schema_and_header_regressions(tmp_path: Path, schema: dict[str, Any], text: str) -> None:
    p = tmp_path / "t.csv"
    p.write_text(text)
    assert _frictionless(p, schema) != []
    assert not quick_valid(p, schema)


# The common, plain files must still be decided by the fast path itself.
FAST: dict[str, tuple[dict[str, Any], list[str]]] = {
    "integer-unique": ({"type": "integer", "constraints": {"unique": True, "required": True}}, ["1", "-3"]),
    "integer-unique-big": ({"type": "integer", "constraints": {"unique": True}}, [str(2**63 + 1), "9"]),
    "integer-unique-one-zero-spelling": ({"type": "integer", "constraints": {"unique": True}}, ["1", "02"]),
    "number-unique": ({"type": "number", "constraints": {"unique": True}}, ["1", "1.5", "-0.25", "0", ""]),
    "number-unique-spellings": ({"type": "number", "constraints": {"unique": True}}, ["1", "1.50", "2e3"]),
    "number-bounds": ({"type": "number", "constraints": {"minimum": 0, "maximum": 100}}, ["0", "100", "1e2"]),
    "number-bound-float": ({"type": "number", "constraints": {"maximum": 0.1}}, ["0.1", "0.09999"]),
    "integer-bounds-big": ({"type": "integer", "constraints": {"maximum": 2**63}}, [str(2**63), "-5"]),
    "year-bounds": ({"type": "year", "constraints": {"minimum": 1900, "maximum": 2100}}, ["1900", "2100"]),
    "boolean-unique": ({"type": "boolean", "constraints": {"unique": True}}, ["true", "0", ""]),
    "date-unique": ({"type": "date", "constraints": {"unique": True}}, ["2024-02-29", "2023-02-28"]),
    "string-enum-pattern": (
        {"type": "string", "constraints": {"enum": ["A", "B", 1], "pattern": "[A-H]", "unique": True}},
        ["A", "B"],
    ),
}


@pytest.mark.parametrize("case", sorted(FAST))
def test_plain_files_decided_fast(tmp_path: Path, case: str) -> None:
    field, column = FAST[case]
    fast, fric = _check(_one(field), [[v, "x"] for v in column], tmp_path / "t.csv")
    assert fric == []
    assert fast


@given(st.one_of(values(), st.decimals(allow_nan=False, allow_infinity=False).map(str)))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_canonical_spelling_is_the_value(text: str) -> None:
    """_canonical spells the same value as its input, in the form unique compares as text."""
    for ftype in ("integer", "number"):
        if not re.fullmatch(TYPE_RE[ftype], text):
            continue
        spelt = _canonical(ftype, text)
        assert re.fullmatch(CANONICAL_RE[ftype], spelt), (text, spelt)
        assert Decimal(spelt) == Decimal(text)
