"""Issue 13 point 2: each dataset's privacy rule, checked on what the pipeline publishes.

The sample exports hold the personal data a real export would (names of individuals and sole
traders, applicants, registrations, tenants, the deceased); every test first checks the
source has it, then that none of it is in any published file.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pyproj import Transformer

from harvesters.definition import DATASETS_DIR, load_definition
from harvesters.errors import PersonalDataFound
from harvesters.pipeline import prepare
from harvesters.report import DatasetReport
from harvesters.transform import REDACTED

from .conftest import Published, source_rows

PERSONAL_SUPPLIERS = ("Individual", "Sole trader")
PERSONAL_RATEPAYERS = ("Individual", "Sole trader", "Partnership")


def absent(values: set[str], pub: Published) -> list[str]:
    """The values (at least 4 characters long) that appear anywhere in the published files."""
    return sorted(v for v in values if len(v) >= 4 and v in pub.text)


def test_payments_never_name_individuals_or_sole_traders(published: dict[str, Published]) -> None:
    src = source_rows("council-spending-over-500", "ap_payments_over_500_2025-26.csv")
    personal = [r for r in src if r["Supplier Type"] in PERSONAL_SUPPLIERS]
    assert len(personal) > 50
    names = {r["Supplier Name"] for r in personal} | {r["Supplier Name"].split(" t/a ")[0] for r in personal}
    pub = published["council-spending-over-500"]
    assert absent(names, pub) == []
    assert absent({r["Supplier Address"] for r in src}, pub) == []
    rows = {r["TransactionNumber"]: r for r in pub.rows()}
    for r in personal:  # the payment is still there, its payee is not
        out = rows[r["Payment Ref"]]
        assert out["NetAmount"] == r["Net Amount"] and out["SupplierType"] == r["Supplier Type"]
        assert {out[k] for k in ("SupplierName", "SupplierID", "InvoiceNumber", "ExtendedDescription")} == {
            REDACTED
        }
    companies = [r for r in src if r["Supplier Type"] == "Company"]
    assert rows[companies[0]["Payment Ref"]]["SupplierName"] == companies[0]["Supplier Name"]


@pytest.mark.parametrize(
    "name,file,kind,payer,contacts",
    [
        (
            "business-rates",
            "nndr_accounts_extract.csv",
            "Liable Party Type",
            "Liable Party",
            ("Correspondence Address", "Contact Phone"),
        ),
        (
            "empty-properties",
            "nndr_empty_property_report.csv",
            "Ratepayer Type",
            "Ratepayer",
            ("Ratepayer Phone", "Ratepayer Email"),
        ),
    ],
)
def test_business_rates_never_name_individuals_or_sole_traders(
    published: dict[str, Published], name: str, file: str, kind: str, payer: str, contacts: tuple[str, ...]
) -> None:
    src = source_rows(name, file)
    personal = [r for r in src if r[kind] in PERSONAL_RATEPAYERS]
    assert personal
    pub = published[name]
    assert absent({r[payer] for r in personal} | {r[payer].split(" t/a ")[0] for r in personal}, pub) == []
    assert absent({r[c] for r in src for c in contacts if r[kind] in PERSONAL_RATEPAYERS}, pub) == []
    by_ref = {r["PropertyReference"]: r for r in pub.rows()}
    assert all(by_ref[r["Assessor Ref"]]["Ratepayer"] == REDACTED for r in personal)
    company = next(r for r in src if r[kind] == "Limited company")
    assert by_ref[company["Assessor Ref"]]["Ratepayer"] == company[payer]


def test_planning_publishes_no_private_applicants(published: dict[str, Published]) -> None:
    src = source_rows("planning-applications", "uniform_planning_register.csv")
    private = [r for r in src if not r["APPLICANTCOMPANY"]]
    assert len(private) > 100
    pub = published["planning-applications"]
    people = {r[c] for r in src for c in ("APPLICANTNAME", "AGENTNAME", "CASEOFFICER", "AGENTPHONE")}
    people |= {r["AGENTNAME"].split(" ", 1)[-1] for r in src if r["AGENTNAME"]}  # without the title
    assert absent(people, pub) == []
    out = {r["CaseReference"]: r for r in pub.rows("Planning applications")}
    assert {out[r["REFVAL"]]["ApplyingOrganisation"] for r in private} == {
        "Private applicant (name withheld)"
    }
    company = next(r for r in src if r["APPLICANTCOMPANY"])
    assert out[company["REFVAL"]]["ApplyingOrganisation"] == company["APPLICANTCOMPANY"]


def test_pcns_only_counts_never_registrations(published: dict[str, Published]) -> None:
    src = source_rows("parking-penalty-charge-notices", "pcn_system_export.csv")
    pub = published["parking-penalty-charge-notices"]
    assert absent({r["VRM"] for r in src} | {r["VRM"].replace(" ", "") for r in src}, pub) == []
    assert absent({r[c] for r in src for c in ("Keeper Name", "Keeper Address", "PCN Number")}, pub) == []
    rows = pub.rows()
    assert list(rows[0]) == [
        "Month",
        "Street",
        "Town",
        "ContraventionCode",
        "Contravention",
        "Outcome",
        "Notices",
    ]
    assert sum(int(r["Notices"]) for r in rows) == len(src)
    month = {r["PCN Number"]: r["Date Issued"][6:] + "-" + r["Date Issued"][3:5] for r in src}
    want = Counter(
        (month[r["PCN Number"]], r["Street"], r["Town"], r["Contravention Code"], r["Current Status"])
        for r in src
    )
    got = {
        (r["Month"], r["Street"], r["Town"], r["ContraventionCode"], r["Outcome"]): int(r["Notices"])
        for r in rows
    }
    assert got == dict(want)


TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def test_fly_tipping_located_to_100_m_never_to_a_house(published: dict[str, Published]) -> None:
    src = source_rows("fly-tipping-incidents", "env_services_flytipping_export.csv")
    pub = published["fly-tipping-incidents"]
    assert (
        absent(
            {r[c] for r in src for c in ("Location", "Reporter Name", "Reporter Phone", "Offender Name")}, pub
        )
        == []
    )
    exact = {r["Incident Ref"]: (int(r["Easting"]), int(r["Northing"])) for r in src}
    table = pub.rows("Fly-tipping incidents")
    layer = pub.geojson("Fly-tipping map layer")["features"]
    points = [(r["IncidentReference"], float(r["GeoX"]), float(r["GeoY"])) for r in table]
    points += [(f["properties"]["incident_ref"], *f["geometry"]["coordinates"]) for f in layer]
    assert len(points) == 2 * len(src)
    moved = 0
    for ref, lon, lat in points:
        e, n = TO_BNG.transform(lon, lat)
        assert abs(e % 100 - 50) < 1 and abs(n % 100 - 50) < 1, (ref, e, n)  # a square's centre
        ex, ny = exact[ref]
        assert (ex // 100, ny // 100) == (int(e // 100), int(n // 100))  # the square it was found in
        moved += (round(e), round(n)) != (ex, ny)
    assert moved > 0.95 * len(points)


def test_housing_stock_without_tenants(published: dict[str, Published]) -> None:
    src = source_rows("council-housing-stock", "housing_stock_extract.csv")
    pub = published["council-housing-stock"]
    columns = ("Tenant Name", "Joint Tenant Name", "Tenancy Ref", "Address", "UPRN", "Prop Ref")
    assert absent({r[c] for r in src for c in columns}, pub) == []
    rows = pub.rows()
    assert list(rows[0]) == ["ExtractDate", "WardCode", "Ward", "PropertyType", "Bedrooms", "Properties"]
    assert sum(int(r["Properties"]) for r in rows) == len(src)


def test_senior_salaries_by_band_named_only_where_the_accounts_name_them(
    published: dict[str, Published],
) -> None:
    src = source_rows("senior-officer-salaries", "hr_establishment_extract.csv")
    named = {r["Post ID"]: r["Employee Name"] for r in src if r["Named in Remuneration Report"] == "Y"}
    unnamed = [r for r in src if r["Named in Remuneration Report"] == "N" and r["Employee Name"]]
    assert named and unnamed
    pub = published["senior-officer-salaries"]
    assert absent({r["Employee Name"] for r in unnamed}, pub) == []
    assert absent({r[c] for r in src for c in ("NI Number", "Date of Birth", "Employee No")}, pub) == []
    rows = pub.rows()
    assert {r["PostID"]: r["PostHolder"] for r in rows if r["PostHolder"]} == named
    assert "Salary" not in " ".join(rows[0]).replace("SalaryBand", "")
    assert all(float(r["SalaryBandMinimum"]) < float(r["SalaryBandMaximum"]) for r in rows)
    defn = load_definition(DATASETS_DIR / "senior-officer-salaries")
    assert "remuneration report" in defn.allow["PostHolder"]


def test_public_health_funerals_without_the_deceased(published: dict[str, Published]) -> None:
    src = source_rows("public-health-funerals", "public_health_funerals_register.csv")
    pub = published["public-health-funerals"]
    full_names = {f"{r['Deceased Forename']} {r['Deceased Surname']}" for r in src}
    surnames = {r["Deceased Surname"] for r in src}
    assert absent(full_names | surnames, pub) == []
    assert (
        absent({r[c] for r in src for c in ("Last Address", "Next of Kin", "Next of Kin Phone")}, pub) == []
    )
    assert absent({r["Date of Birth"] for r in src}, pub) == []
    rows = pub.rows()
    assert list(rows[0]) == [
        "CaseReference",
        "FuneralDate",
        "Area",
        "FuneralType",
        "Cost",
        "CostsRecovered",
        "ReferredToKLTR",
    ]
    assert {r["ReferredToKLTR"] for r in rows} == {"True", "False"}


@pytest.mark.parametrize(
    "name,undo",
    [
        ("council-spending-over-500", lambda t: t.pop("redact")),
        ("business-rates", lambda t: t.pop("redact")),
        ("empty-properties", lambda t: t.pop("redact")),
        (
            "planning-applications",
            lambda t: t["rename"].update({"APPLICANTNAME": "ApplyingOrganisation"})
            or t["rename"].pop("APPLICANTCOMPANY"),
        ),
    ],
)
def test_screen_blocks_the_dataset_without_its_privacy_step(tmp_path: Path, name: str, undo) -> None:
    """The personal-data screen, not only the transform, stands between the export and the portal."""
    folder = tmp_path / name
    shutil.copytree(DATASETS_DIR / name, folder)
    data = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8"))
    transform = data["resources"][0]["transform"]
    undo(transform)
    if name == "planning-applications":
        transform.pop("redact")
    (folder / "dataset.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PersonalDataFound) as e:
        prepare(load_definition(folder), tmp_path / "work", DatasetReport(name=name))
    assert any(f["kind"] == "person-name" for f in e.value.findings)
