"""The eleven top-FOI-topic datasets, created from their definitions as the harvester creates
them, are in the DCAT-AP catalogue with their FOI topic and MPS class, valid against the
official DCAT-AP 3.0.1 SHACL shapes; the layers of the spatial ones are served at /ogc."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from gis.migrate import migrate_layer
from harvesters.definition import DATASETS_DIR, load_definition
from harvesters.publish import Publisher
from tests.dcat.test_dcat_shacl import DCAT, DCT, violations

from .conftest import NEW, SPATIAL, Published

SHAPES = Path(str(resources.files("ckanext.nlc.catalogue").joinpath("shapes/3.0.1/dcat-ap-SHACL.ttl")))


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_new_datasets_are_in_dcat_and_their_layers_in_ogc(
    app, sysadmin, published: dict[str, Published], ckan_config, monkeypatch, tmp_path: Path
) -> None:
    from ckan.tests import factories
    from ckan.tests.helpers import call_action
    from ckanext.nlc.ogc import mount as ogc

    publisher = Publisher(None)  # package fields only
    made: set[str] = set()
    for name in NEW:
        defn = load_definition(DATASETS_DIR / name)
        package = publisher.package_fields(
            defn, spatial=published[name].prepared.spatial, screen="passed", today="2026-04-30"
        )
        for kind, names in (("org", [defn.meta["owner_org"]]), ("group", defn.groups)):
            for n in names:
                if (kind, n) not in made:
                    (factories.Organization if kind == "org" else factories.Group)(name=n)
                    made.add((kind, n))
        pkg = call_action("package_create", {"user": sysadmin["name"]}, **package)
        for f in published[name].prepared.files:
            call_action(
                "resource_create",
                {"user": sysadmin["name"]},
                package_id=pkg["id"],
                name=f.name,
                url=f"http://example.org/{name}/{Path(f.path).name}",
                format=f.format,
                hash=f"sha256:{'ab' * 32}",
            )
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    found = {}
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        themes = {str(t) for t in graph.objects(dataset, DCAT.theme)}
        found[str(graph.value(dataset, DCT.title))] = themes
    assert len(found) == len(NEW)
    for name in NEW:
        defn = load_definition(DATASETS_DIR / name)
        themes = found[defn.meta["title"]]
        assert any(t.endswith(f"/vocabulary/foi-topic/{defn.meta['foi_topics'][0]}") for t in themes), name
        assert any(t.endswith("/vocabulary/mps-class/9") for t in themes), name
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    assert violations(graph, shapes) == []

    # /ogc: the layers as scripts/publish.sh migrates them, served because their datasets are
    # public and screened
    for name in SPATIAL:
        defn = load_definition(DATASETS_DIR / name)
        layer = next(r.source["path"] for r in defn.resources if r.source["type"] == "gis_file")
        migrate_layer(DATASETS_DIR / name / layer, tmp_path)
    monkeypatch.setitem(ckan_config, "ckanext.nlc.gis_migrated_dir", str(tmp_path))
    monkeypatch.setattr(ogc, "RECHECK_SECONDS", 0.0)
    collections = app.get("/ogc/collections?f=json", status=200).json["collections"]
    assert sorted(c["id"] for c in collections) == sorted(n.replace("-", "_") for n in SPATIAL)
    for name in SPATIAL:
        items = app.get(f"/ogc/collections/{name.replace('-', '_')}/items?f=json&limit=2", status=200).json
        assert len(items["features"]) == 2 and items["numberMatched"] > 100
