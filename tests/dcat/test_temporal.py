"""dct:temporal where the data has dates: the span of the DataStore table's date columns."""
from __future__ import annotations

import json

import pytest
import rdflib
from ckan.tests.helpers import call_action
from rdflib.namespace import RDF

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")


def test_a_dated_table_gives_the_dataset_its_period(app, make_dataset, sysadmin):
    pkg = make_dataset(name="planning-dates")
    schema = {"fields": [{"name": "ref", "type": "string"}, {"name": "ExtractDate", "type": "date"},
                         {"name": "DecisionDate", "type": "date"}]}
    res = call_action("datastore_create", {"user": sysadmin["name"]}, force=True,
                      resource={"package_id": pkg["id"], "name": "Applications", "format": "CSV",
                                "schema": json.dumps(schema)},
                      fields=[{"id": "ref", "type": "text"}, {"id": "ExtractDate", "type": "date"},
                              {"id": "DecisionDate", "type": "date"}],
                      records=[{"ref": "a", "ExtractDate": "2026-12-01", "DecisionDate": "2023-04-05"},
                               {"ref": "b", "ExtractDate": "2026-12-01", "DecisionDate": "2025-11-30"}])
    assert res["resource_id"]
    graph = rdflib.Graph().parse(data=app.get("/dataset/planning-dates.ttl").body, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    period = graph.value(dataset, DCT.temporal)
    assert period is not None
    assert str(graph.value(period, DCAT.startDate)) == "2023-04-05"
    assert str(graph.value(period, DCAT.endDate)) == "2025-11-30"  # the constant extract date is left out
    points = {r["id"]: r["points"] for r in call_action("nlc_mqa_score", id=pkg["id"])["indicators"]}
    assert points["temporal"] == 20
