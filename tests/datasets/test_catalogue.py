"""The eleven top-FOI-topic datasets against the publication plan, the GIS inventory and OGC
API, and the FOI coverage they give: 20 of the 20 top topics on the sample log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from ckanext.nlc.ogc.app import create_app

from demo.sample_log import write_sample
from gis.inventory import known_layers
from gis.migrate import migrate_layer
from gis.ogcapi import config_for_directory
from harvesters.definition import DATASETS_DIR, discover, load_definition
from harvesters.publish import Publisher
from publication_plan.coverage import build_dashboard
from publication_plan.foi_log import parse_log
from publication_plan.plan import load_plan
from publication_plan.vocabulary import load_vocabulary

from .conftest import NEW, SPATIAL, Published

ROOT = DATASETS_DIR.parent


def test_each_dataset_answers_its_planned_topic_for_its_service() -> None:
    vocab = load_vocabulary()
    plan = load_plan(vocabulary=vocab)
    orgs = {o["name"] for o in yaml.safe_load((DATASETS_DIR / "organizations.yaml").read_text())}
    planned = {d: item for item in plan.items.values() for d in item.datasets}
    for name in NEW:
        defn = load_definition(DATASETS_DIR / name)
        item = planned[name]
        assert defn.meta["foi_topics"] == [item.topic], name
        assert defn.meta["owner_org"] == item.service and item.service in orgs, name
        assert set(defn.meta["mps_class"]) >= {"9"} and len(defn.meta["mps_class"]) >= 2, name
        assert defn.sample and "synthetic" in defn.meta["notes"].lower(), name
        assert "SYNTHETIC SAMPLE" in (DATASETS_DIR / name / "README.md").read_text(encoding="utf-8"), name


def test_each_dataset_validates_and_passes_the_screen(published: dict[str, Published]) -> None:
    """The session fixture ran extract, transform, validation and the personal-data screen."""
    for name in NEW:
        pub = published[name]
        assert pub.prepared.screen["status"] == "passed", name
        assert all(f.rows for f in pub.prepared.files if f.format == "CSV"), name


@pytest.mark.parametrize("name", SPATIAL)
def test_spatial_datasets_are_in_the_gis_inventory_and_served_by_ogc_api(
    name: str, tmp_path: Path, published: dict[str, Published]
) -> None:
    defn = load_definition(DATASETS_DIR / name)
    sources = [r.source["path"] for r in defn.resources if r.source["type"] == "gis_file"]
    assert len(sources) == 1
    sample = f"datasets/{name}/{sources[0]}"
    layer = next(entry for entry in known_layers() if entry.get("sample") == sample)
    assert layer["dataset"] == name
    formats = {f.format for f in published[name].prepared.files}
    assert {"CSV", "GeoJSON", "GPKG"} <= formats
    # as scripts/publish.sh does it: migrate the gis_file source, serve the directory at /ogc
    result = migrate_layer(ROOT / sample, tmp_path)
    client = create_app(config_for_directory(tmp_path, "http://localhost/ogc")).test_client()
    ids = [c["id"] for c in client.get("/ogc/collections?f=json").get_json()["collections"]]
    assert ids == [result.name] == [Path(sources[0]).stem]
    assert result.name.replace("_", "-") == name  # how CKAN's /ogc finds the layer's dataset
    items = client.get(f"/ogc/collections/{result.name}/items?f=json&limit=5").get_json()
    assert items["numberMatched"] == result.feature_count_out > 100
    lon, lat = items["features"][0]["geometry"]["coordinates"]
    assert -4.3 < lon < -3.6 and 55.7 < lat < 56.1  # North Lanarkshire, CRS84


def test_the_bundled_definitions_answer_20_of_the_20_top_topics(tmp_path: Path) -> None:
    """Coverage as `make demo` computes it (scripts/foi_demo.sh's sample log, the plan), with
    every bundled definition taken as published today."""
    today = dt.date.today()
    log = tmp_path / "sample-foi-log.csv"
    write_sample(log, today)
    requests = parse_log(log).records
    publisher = Publisher(None)  # only builds package fields: no CKAN is called
    datasets = []
    for folder in discover():
        package = publisher.package_fields(
            load_definition(folder), spatial=None, screen="passed", today=today.isoformat()
        )
        datasets.append(
            {**package, "state": "active", "private": False, "metadata_created": today.isoformat()}
        )
    assert len(datasets) == 26
    vocab = load_vocabulary()
    dash = build_dashboard(requests, datasets, load_plan(vocabulary=vocab), vocab, today=today)
    missing = [row["topic"] for row in dash["top_topics"] if row["status"] != "published"]
    assert missing == []
    assert (dash["coverage"]["topics_answered"], dash["coverage"]["topics_total"]) == (20, 20)
    assert dash["coverage"]["requests_answered"] == dash["coverage"]["requests_total"]
