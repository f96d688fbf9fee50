"""The council dataset schema: validation, derived fields, facets, bbox search, access."""
from __future__ import annotations

import json

import pytest
from ckan.logic import ValidationError
from ckan.tests.helpers import call_action

from tests.conftest import NLC_BBOX

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_licence_defaults_to_ogl_and_mps_class_to_9(make_dataset):
    pkg = make_dataset(name="defaults", license_id=None, mps_class=None)
    assert pkg["license_id"] == "OGL-UK-3.0"
    assert pkg["mps_class"] == ["9"]


@pytest.mark.parametrize("licence", ["", "notspecified"])
def test_public_dataset_without_licence_is_refused(make_dataset, licence):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="no-licence", license_id=licence)
    assert "licence is required" in str(err.value.error_dict["license_id"])


def test_private_dataset_may_wait_for_its_licence(make_dataset):
    assert make_dataset(name="draft", license_id="notspecified", private=True)["license_id"] == "notspecified"


def test_bad_mps_class_is_refused(make_dataset):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="bad-class", mps_class=["10"])
    assert "mps_class" in err.value.error_dict


def test_unknown_foi_topic_is_refused(make_dataset):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="bad-topic", foi_topics=["alien-abductions"])
    assert "foi_topics" in err.value.error_dict


def test_private_mailbox_is_refused_as_contact(make_dataset):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="gmail", maintainer_email="someone@gmail.com")
    assert "maintainer_email" in err.value.error_dict


def test_next_update_due_is_derived(make_dataset):
    pkg = make_dataset(name="due", last_updated="2026-01-31", update_frequency="monthly")
    assert pkg["next_update_due"] == "2026-02-28"
    pkg = make_dataset(name="due-q", last_updated="2026-03-15", update_frequency="quarterly")
    assert pkg["next_update_due"] == "2026-06-15"
    assert make_dataset(name="irr", update_frequency="irregular")["next_update_due"] == ""


def test_faceted_search_by_mps_class_and_foi_topic(make_dataset):
    make_dataset(name="toilets", foi_topics=["public-toilets"], mps_class=["9"])
    make_dataset(name="allowances", foi_topics=["councillor-expenses"], mps_class=["4", "9"])
    make_dataset(name="bands", foi_topics=["council-tax-bands"], mps_class=["9"])

    by_class = call_action("package_search", fq="vocab_mps_class:4")
    assert [d["name"] for d in by_class["results"]] == ["allowances"]
    by_topic = call_action("package_search", fq="vocab_foi_topics:public-toilets")
    assert [d["name"] for d in by_topic["results"]] == ["toilets"]

    facets = call_action(
        "package_search", rows=0, **{"facet.field": '["vocab_mps_class", "vocab_foi_topics"]'}
    )["facets"]
    assert facets["vocab_mps_class"] == {"9": 3, "4": 1}
    assert facets["vocab_foi_topics"]["council-tax-bands"] == 1


def test_bbox_search_finds_datasets_by_extent(make_dataset):
    make_dataset(name="in-nlc", spatial=json.dumps(NLC_BBOX))
    far = {"type": "Polygon",
           "coordinates": [[[-2.0, 57.0], [-1.9, 57.0], [-1.9, 57.1], [-2.0, 57.1], [-2.0, 57.0]]]}
    make_dataset(name="in-aberdeen", spatial=json.dumps(far))
    hits = call_action("package_search", extras={"ext_bbox": "-4.0,55.8,-3.9,55.9"})
    assert [d["name"] for d in hits["results"]] == ["in-nlc"]


def test_invalid_spatial_is_refused(make_dataset):
    with pytest.raises(ValidationError) as err:
        make_dataset(name="bad-spatial", spatial='{"type": "Polygon"}')
    assert "spatial" in err.value.error_dict


def test_data_dictionary_is_rendered_on_the_resource_page(app, make_dataset, make_resource):
    pkg = make_dataset(name="dictionary")
    schema = {"fields": [
        {"name": "GeoX", "type": "number", "description": "Easting (British National Grid)",
         "constraints": {"minimum": 0, "maximum": 700000}},
        {"name": "Band", "type": "string", "description": "Council tax band",
         "constraints": {"enum": ["A", "B"]}},
    ]}
    res = make_resource(package_id=pkg["id"], url="http://example.org/t.csv", format="CSV",
                        schema=json.dumps(schema))
    assert call_action("resource_show", id=res["id"])["schema"]["fields"][0]["name"] == "GeoX"
    page = app.get(f"/dataset/{pkg['name']}/resource/{res['id']}")
    assert "Data dictionary" in page.body
    assert "Easting (British National Grid)" in page.body and "maximum: 700000" in page.body
    assert "enum: A, B" in page.body


def test_bad_table_schema_is_refused(make_dataset, make_resource):
    pkg = make_dataset(name="bad-schema")
    with pytest.raises(ValidationError) as err:
        make_resource(package_id=pkg["id"], url="http://example.org/t.csv", schema='{"fields": [{}]}')
    assert "schema" in str(err.value)


def test_anonymous_users_cannot_see_private_datasets(app, make_dataset):
    make_dataset(name="public-one", title="Open conservation areas")
    make_dataset(name="secret-one", title="Unreleased draft layer", private=True)
    assert app.get("/dataset/secret-one", status=404)
    names = [d["name"] for d in app.get("/api/3/action/package_search?q=*:*").json["result"]["results"]]
    assert names == ["public-one"]
    assert app.get("/api/3/action/package_show?id=secret-one", status=403)
    catalog = app.get("/catalog.ttl").body
    assert "Open conservation areas" in catalog and "Unreleased draft layer" not in catalog
    assert app.get("/dataset/secret-one.ttl", status=403)
