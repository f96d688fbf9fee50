"""The transform's privacy steps: ``redact`` (by source condition), ``aggregate`` (counts per
group) and ``coordinates.grid`` (a point moved to the centre of its grid square)."""

from __future__ import annotations

import pytest

from harvesters import transform
from harvesters.errors import TransformError
from harvesters.table import Table

PAYMENTS = Table(
    fields=["Supplier", "Supplier Type", "Amount", "Date"],
    rows=[
        ["Acme Ltd", "Company", "600.00", "03/04/2026"],
        ["Jean Smith", "Individual", "750.00", "04/04/2026"],
        ["Bob's Vans", "sole trader ", "900.00", "05/05/2026"],
    ],
    source="payments.csv",
)
SCHEMA = {"fields": [{"name": "SupplierName"}, {"name": "Amount"}, {"name": "Month"}, {"name": "Payments"}]}


def _apply(spec: dict, table: Table = PAYMENTS, schema: dict = SCHEMA) -> Table:
    return transform.apply(table, {"rename": {"Supplier": "SupplierName", "Date": "Month"}, **spec}, schema)


def test_redact_when_source_column_matches() -> None:
    out = _apply(
        {"redact": [{"fields": ["SupplierName"], "when": {"Supplier Type": ["Individual", "Sole Trader"]}}]}
    )
    assert out.column("SupplierName") == ["Acme Ltd", transform.REDACTED, transform.REDACTED]
    assert out.column("Amount") == ["600.00", "750.00", "900.00"]  # the rows stay
    assert "Jean Smith" not in str(out.rows) and "Bob's Vans" not in str(out.rows)


def test_redact_unless_keeps_only_listed_rows() -> None:
    out = _apply(
        {"redact": [{"fields": ["SupplierName"], "unless": {"Supplier Type": "Company"}, "text": ""}]}
    )
    assert out.column("SupplierName") == ["Acme Ltd", "", ""]


@pytest.mark.parametrize(
    "rule,message",
    [
        ({"fields": ["SupplierName"]}, "exactly one of `when` or `unless`"),
        ({"fields": ["Nope"], "when": {"Supplier Type": ["x"]}}, "not in the Table Schema"),
        ({"fields": ["SupplierName"], "when": {"Payee kind": ["x"]}}, "names source column 'Payee kind'"),
    ],
)
def test_redact_rule_errors_name_the_rule(rule: dict, message: str) -> None:
    with pytest.raises(TransformError, match="redact") as e:
        _apply({"redact": [rule]})
    assert message in str(e.value)


def test_aggregate_counts_and_sums_per_group() -> None:
    out = _apply(
        {
            "convert": {"Month": "year_month"},
            "constants": {"SupplierName": "all"},
            "aggregate": {"by": ["Month"], "count": "Payments", "sum": ["Amount"]},
        }
    )
    assert out.records() == [
        {"SupplierName": "all", "Amount": "1350.00", "Month": "2026-04", "Payments": "2"},
        {"SupplierName": "all", "Amount": "900.00", "Month": "2026-05", "Payments": "1"},
    ]
    assert out.row_numbers == [2, 4]  # each group points at its first source row
    assert out.column("Payments") == ["2", "1"]


def test_aggregate_refuses_a_field_that_differs_within_a_group() -> None:
    with pytest.raises(TransformError, match="'SupplierName' is neither in `by`"):
        _apply({"convert": {"Month": "year_month"}, "aggregate": {"by": ["Month"], "count": "Payments"}})


def test_grid_moves_points_to_the_centre_of_their_square() -> None:
    t = Table(fields=["E", "N"], rows=[["275107", "657009"], ["275199.9", "657000"]], source="x.csv")
    schema = {"fields": [{"name": "GeoX"}, {"name": "GeoY"}]}
    spec = {"coordinates": {"from": "EPSG:27700", "x": "E", "y": "N", "to": "EPSG:27700", "grid": 100}}
    out = transform.apply(t, spec, schema)
    assert out.rows == [(275150.0, 657050.0), (275150.0, 657050.0)]
    exact = transform.apply(t, {"coordinates": {**spec["coordinates"], "grid": 0}}, schema)
    assert exact.rows[0] == (275107.0, 657009.0)
    with pytest.raises(TransformError, match="coordinates.grid must be a positive number"):
        transform.apply(t, {"coordinates": {**spec["coordinates"], "grid": -5}}, schema)
