"""The published GeoJSON types its properties as the Table Schema says (issue 14, point 6)."""

from __future__ import annotations

import json
from pathlib import Path

from harvesters.definition import load_definition
from harvesters.output import typed_properties
from harvesters.pipeline import prepare
from harvesters.report import DatasetReport

ROOT = Path(__file__).resolve().parents[2]


def test_public_toilets_geojson_has_booleans_numbers_and_nulls(tmp_path):
    defn = load_definition(ROOT / "datasets" / "public-toilets")
    prepared = prepare(defn, tmp_path, DatasetReport(name=defn.name))
    geojson = next(f.path for f in prepared.files if f.path.suffix == ".geojson")
    props = [f["properties"] for f in json.loads(geojson.read_text())["features"]]
    schema = json.loads((ROOT / "datasets" / "public-toilets" / "schema.json").read_text())
    types = {f["name"]: f["type"] for f in schema["fields"]}
    for p in props:
        for name, value in p.items():
            if value is None:
                continue
            expected = {"boolean": bool, "number": (int, float), "integer": int}.get(types[name], str)
            assert isinstance(value, expected), (name, value, types[name])
    radar = {p["RADARKeyNeeded"] for p in props}
    assert radar == {True, False}, radar
    assert all(isinstance(p["GeoX"], float) for p in props)


def test_values_a_schema_cannot_read_are_kept_as_they_are():
    schema = {"fields": [{"name": "n", "type": "integer"}, {"name": "b", "type": "boolean"},
                         {"name": "s", "type": "string"}]}
    assert typed_properties(["n", "b", "s", "x"], ["12", "no", "", "1"], schema) == {
        "n": 12, "b": "no", "s": None, "x": "1"}
    assert typed_properties(["n"], ["1.5"], None) == {"n": "1.5"}


def test_the_map_popup_names_the_definitions_fields_with_their_labels(tmp_path):
    defn = load_definition(ROOT / "datasets" / "public-toilets")
    prepared = prepare(defn, tmp_path, DatasetReport(name=defn.name))
    geojson = next(f.path for f in prepared.files if f.path.suffix == ".geojson")
    popup = json.loads(geojson.read_text())["popup"]
    assert popup["title"] == "LocationText"
    labels = {f["name"]: f["label"] for f in popup["fields"]}
    assert labels["LocationText"] == "Location" and labels["OpeningHours"] == "Opening hours"
    assert labels["RADARKeyNeeded"] == "RADAR key needed" and "StreetAddress" in labels
    assert "OrganisationURI" not in labels
