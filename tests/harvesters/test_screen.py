"""Personal-data screen: names in occupier columns, emails, phones, NI numbers, dates of birth."""

from __future__ import annotations

import pytest

from harvesters.screen import ScreenConfig, screen_table
from harvesters.table import Table

CFG = ScreenConfig(council_domains=["northlanarkshire.gov.uk"], council_phones={"01698403200"})


def _t(fields, *rows):
    return Table(fields=list(fields), rows=[list(r) for r in rows], source="test")


@pytest.mark.parametrize(
    "fields,row,kind",
    [
        (("Address", "Occupier"), ("1 Main St", "Mrs Agnes Docherty"), "person-name"),
        (("Request", "Requester name"), ("bins", "John Smith"), "person-name"),
        (("Venue", "Contact"), ("Hall", "j.smith1970@gmail.com"), "email"),
        (("Venue", "Contact"), ("Hall", "john.smith@northlanarkshire.gov.uk"), "email"),
        (("Venue", "Phone"), ("Hall", "07700 900123"), "phone"),
        (("Venue", "Notes"), ("Hall", "call 01236 812345 after 5"), "phone"),
        (("Case", "Ref"), ("1", "JK 12 34 56 C"), "national-insurance-number"),
        (("Pupil ref", "DOB"), ("1", "2014-03-02"), "date-of-birth"),
    ],
)
def test_personal_data_found(fields, row, kind) -> None:
    r = screen_table(_t(fields, ("",) * len(fields), row), cfg=CFG)
    assert r.status == "failed"
    f = r.findings[0]
    assert f["kind"] == kind and f["field"] == fields[1] and f["row"] == 3
    assert row[1] not in f["example"]  # masked in the report


def test_council_contacts_and_place_names_pass() -> None:
    t = _t(
        ("Name", "Email", "Phone", "Notes"),
        ("Motherwell Library", "motherwelllibrary@northlanarkshire.gov.uk", "01698 403200", "Opens 9.30"),
        ("Summerlee Museum", "museums@northlanarkshire.gov.uk", "01698 403200", "Heritage Way, ML5 1QD"),
        ("Airdrie Town Hall", "", "", "Built 1826; UPRN 118001234"),
    )
    r = screen_table(t, cfg=CFG)
    assert r.status == "passed" and r.findings == []


def test_allowed_field_with_reason() -> None:
    t = _t(("Councillor", "Ward"), ("Councillor Fiona Paterson", "Kilsyth"))
    assert screen_table(t, cfg=CFG).status == "failed"
    r = screen_table(t, {"Councillor": "public office holders"}, cfg=CFG)
    assert r.status == "passed" and r.allowed == {"Councillor": "public office holders"}


def test_large_table_finding_names_its_source_row() -> None:
    rows = [(str(118000000 + i), f"{i} Main Street", "Airdrie", "ML6 6AA", "C") for i in range(160_000)]
    rows[123_456] = (rows[123_456][0], "Flat 2, AB 12 34 56 C", *rows[123_456][2:])
    t = _t(("UPRN", "Address", "Town", "Postcode", "Band"), *rows)
    r = screen_table(t, cfg=CFG)
    assert r.status == "failed" and len(r.findings) == 1
    assert r.findings[0]["row"] == 123_456 + 2 and r.findings[0]["field"] == "Address"
