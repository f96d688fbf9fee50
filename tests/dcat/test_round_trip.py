"""A second CKAN harvesting our DCAT with ckanext-dcat's parser gets complete council datasets."""
from __future__ import annotations

import json

import pytest
from ckan.tests import factories
from ckan.tests.helpers import call_action
from ckanext.dcat.processors import RDFParser
from shapely.geometry import shape

from tests.conftest import NLC_BBOX

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def _harvest(app, fmt: str, path: str) -> list[dict]:
    """What a DCAT harvester does: fetch, parse with the configured profiles, create the datasets."""
    parser = RDFParser()
    parser.parse(app.get(path).body, _format=fmt)
    return list(parser.datasets())


@pytest.mark.parametrize(("path", "fmt"), [("/catalog.ttl", "turtle"), ("/catalog.rdf", "xml")])
def test_catalogue_harvested_with_ckanext_dcat_keeps_every_council_field(app, make_dataset, make_resource,
                                                                         sysadmin, path, fmt):
    made = []
    for i, (topics, classes, freq, licence) in enumerate([
            (["public-toilets"], ["5", "9"], "quarterly", "OGL-UK-3.0"),
            (["conservation-areas"], ["2", "9"], "irregular", "CC-BY-4.0")]):
        pkg = make_dataset(name=f"source-{i}", title=f"Source {i}", foi_topics=topics, mps_class=classes,
                           update_frequency=freq, license_id=licence, spatial=json.dumps(NLC_BBOX),
                           tags=[{"name": "toilets"}, {"name": "public conveniences"}])
        make_resource(package_id=pkg["id"], url=f"http://example.org/{i}.csv", format="CSV", name="Table")
        make_resource(package_id=pkg["id"], url=f"http://example.org/{i}.geojson", format="GeoJSON",
                      name="Map")
        made.append(call_action("package_show", id=pkg["id"]))

    harvested = _harvest(app, fmt, path)
    assert len(harvested) == 2
    target = factories.Organization(name="harvesting-ckan")
    for original in made:
        parsed = next(d for d in harvested if d["title"] == original["title"])
        parsed.update(name=original["name"] + "-copy", owner_org=target["id"])
        parsed.pop("id", None)
        copy = call_action("package_create", {"user": sysadmin["name"]}, **parsed)  # no tag cleaning needed
        assert copy["mps_class"] == original["mps_class"]
        assert copy["foi_topics"] == original["foi_topics"]
        assert copy["update_frequency"] == original["update_frequency"]
        assert copy["license_id"] == original["license_id"]
        assert copy["maintainer_email"] == original["maintainer_email"]
        assert shape(json.loads(copy["spatial"])).equals(shape(json.loads(original["spatial"])))
        assert sorted(r["format"] for r in copy["resources"]) == ["CSV", "GeoJSON"] or \
            sorted(r["format"].upper() for r in copy["resources"]) == ["CSV", "GEOJSON"]
        assert sorted(r["url"] for r in copy["resources"]) == sorted(r["url"] for r in original["resources"])
        assert {t["name"] for t in copy["tags"]} == {"toilets", "public conveniences"}
