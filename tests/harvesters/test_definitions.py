"""Shipped dataset definitions load, validate and screen; definition errors name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from ckanext.nlc import vocab
from click.testing import CliRunner

from harvesters.cli import validate
from harvesters.definition import discover, load_definition
from harvesters.errors import DefinitionError

from .conftest import ROOT

EXPECTED = {
    "council-tax-bands",
    "public-toilets",
    "councillor-allowances-expenses",
    "conservation-areas",
    "listed-buildings",
    "tree-preservation-orders",
    "museums-galleries",
    "libraries-first-stop-shops",
    "schools",
    "school-term-dates",
    "polling-districts",
    "wards",
    "councillors",
    "postcodes",
    "bin-collection-calendar",
    # the top-FOI-topic datasets of issue 13
    "business-rates",
    "contracts-register",
    "council-housing-stock",
    "council-spending-over-500",
    "empty-properties",
    "fly-tipping-incidents",
    "parking-penalty-charge-notices",
    "planning-applications",
    "public-health-funerals",
    "road-defects",
    "senior-officer-salaries",
}


def test_all_datasets_shipped_with_metadata() -> None:
    folders = discover()
    assert {f.name for f in folders} == EXPECTED
    for f in folders:
        d = load_definition(f)
        assert d.meta["mps_class"] and d.meta["foi_topics"]
        assert set(d.meta["foi_topics"]) <= set(vocab.foi_topics())
        assert d.meta["maintainer_email"].endswith("@northlanarkshire.gov.uk")
        assert d.sample and (f / "README.md").exists() and "sample" in (f / "README.md").read_text().lower()


def test_validate_command_all_datasets() -> None:
    result = CliRunner().invoke(validate, sorted(EXPECTED))
    assert result.exit_code == 0, result.output
    summary = [line.split() for line in result.output.splitlines() if line.startswith(" validated  ")]
    assert sorted(s[1] for s in summary) == sorted(EXPECTED)


def test_occupier_column_in_schema_is_blocked(tmp_path: Path) -> None:
    import shutil

    # the council tax extract published one row per dwelling (the bench's definition)
    d = tmp_path / "council-tax-extract"
    shutil.copytree(ROOT / "bench" / "council-tax-extract", d)
    shutil.copytree(ROOT / "datasets" / "council-tax-bands" / "source", d / "source")
    schema = (
        (d / "schema.json")
        .read_text()
        .replace('"fields": [', '"fields": [\n    {"name": "Occupier Name", "type": "string"},', 1)
    )
    (d / "schema.json").write_text(schema)
    args = ["council-tax-extract", "--datasets-dir", str(tmp_path), "--report", str(tmp_path / "r.json")]
    result = CliRunner().invoke(validate, args)
    assert result.exit_code == 1
    assert "personal data found" in result.output and "Occupier Name" in result.output
    import json

    report = json.loads((tmp_path / "r.json").read_text())
    assert report["datasets"][0]["personal_data_screen"]["status"] == "failed"


@pytest.mark.parametrize(
    "mutate,key",
    [
        (
            lambda y: y.replace("update_frequency: monthly", "update_frequency: fortnightly"),
            "update_frequency",
        ),
        (lambda y: y.replace("foi_topics: [council-tax-bands]", "foi_topics: [unicorns]"), "foi_topics"),
        (lambda y: y.replace("schema: schema.json", "schema: missing.json"), "resources[0].schema"),
        (lambda y: y.replace("      type: csv\n", "      type: ftp\n"), None),
        (lambda y: y.replace("name: council-tax-bands\n", "name: other\n", 1), "name"),
    ],
)
def test_definition_errors_name_file_and_key(tmp_path: Path, mutate, key) -> None:
    import shutil

    d = tmp_path / "council-tax-bands"
    shutil.copytree(ROOT / "datasets" / "council-tax-bands", d)
    y = d / "dataset.yaml"
    y.write_text(mutate(y.read_text()))
    if key is None:  # unknown source type is reported when the source is built
        result = CliRunner().invoke(validate, ["council-tax-bands", "--datasets-dir", str(tmp_path)])
        assert result.exit_code == 1 and "source.type" in result.output and "dataset.yaml" in result.output
        return
    with pytest.raises(DefinitionError) as e:
        load_definition(d)
    assert str(y) in str(e.value) and e.value.key == key
