"""The sample exports are what ``datasets/samples/foi_topics.py`` writes (deterministic), and
every UPRN, address and postcode in them comes from the shared synthetic gazetteer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harvesters.definition import DATASETS_DIR

from .conftest import NEW, source_rows

sys.path.insert(0, str(DATASETS_DIR))
from samples import foi_topics, gazetteer  # noqa: E402

# (dataset, file, UPRN column, address column, postcode column); None: the file has none
ADDRESSES = [
    ("business-rates", "nndr_accounts_extract.csv", "UPRN", "Property Address", "Postcode"),
    ("empty-properties", "nndr_empty_property_report.csv", "UPRN", "Property Address", "Postcode"),
    ("planning-applications", "uniform_planning_register.csv", "UPRN", None, "POSTCODE"),
    ("council-housing-stock", "housing_stock_extract.csv", "UPRN", "Address", "Postcode"),
    ("parking-penalty-charge-notices", "pcn_system_export.csv", None, None, "Keeper Postcode"),
    ("public-health-funerals", "public_health_funerals_register.csv", None, None, "Postcode"),
]


def test_the_generator_reproduces_the_committed_samples(tmp_path: Path) -> None:
    foi_topics.main((), root=tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.csv"))
    assert {p.parts[0] for p in written} == set(NEW)
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (DATASETS_DIR / rel).read_bytes(), rel


@pytest.mark.parametrize("name,file,uprn,address,postcode", ADDRESSES)
def test_sample_addresses_come_from_the_gazetteer(
    name: str, file: str, uprn: str | None, address: str | None, postcode: str
) -> None:
    gaz = {a.uprn: a for a in gazetteer.load().addresses}
    postcodes = {a.postcode for a in gaz.values()}
    rows = source_rows(name, file)
    assert rows and all(r[postcode] in postcodes for r in rows)
    if uprn:
        assert all(int(r[uprn]) in gaz for r in rows)
        assert all(gaz[int(r[uprn])].postcode == r[postcode] for r in rows)
    if address:
        assert all(gaz[int(r[uprn])].address == r[address] for r in rows)


@pytest.mark.parametrize(
    "name,file",
    [
        ("road-defects", "roads_defects_export.csv"),
        ("fly-tipping-incidents", "env_services_flytipping_export.csv"),
        ("parking-penalty-charge-notices", "pcn_system_export.csv"),
    ],
)
def test_sample_streets_come_from_the_gazetteer(name: str, file: str) -> None:
    streets = set(gazetteer.load().streets())
    assert all((r["Street"], r["Town"]) in streets for r in source_rows(name, file))
