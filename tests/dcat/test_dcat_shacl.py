"""The DCAT-AP catalogue validates against the official DCAT-AP 3.0.1 SHACL shapes."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pyshacl
import pytest
import rdflib
import requests
from rdflib.namespace import RDF

from tests.conftest import NLC_BBOX
from tests.live import PORTAL, require_portal

pytestmark = pytest.mark.demo  # needs the published demo portal: the demo stage of make test

SHAPES = Path(str(resources.files("ckanext.nlc.catalogue").joinpath("shapes/3.0.1/dcat-ap-SHACL.ttl")))
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


def violations(data: rdflib.Graph, shapes: rdflib.Graph) -> list[str]:
    """Every sh:Violation as 'path: message (focus)'."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) == SH.Violation:
            found.append(f"{report.value(result, SH.resultPath)}: {report.value(result, SH.resultMessage)}"
                         f" ({report.value(result, SH.focusNode)})")
    return found


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_catalogue_of_a_council_dataset_is_dcat_ap_3_valid(app, make_dataset, make_resource, shapes):
    pkg = make_dataset(name="conservation-areas-dcat", title="Conservation areas",
                       spatial=json.dumps(NLC_BBOX), foi_topics=["conservation-areas"], mps_class=["2", "9"],
                       tags=[{"name": "heritage"}, {"name": "planning"}])
    for fmt in ("CSV", "GeoJSON", "GPKG"):
        make_resource(package_id=pkg["id"], url=f"http://example.org/ca.{fmt.lower()}", format=fmt,
                      hash="sha256:" + "ab" * 32)
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    keywords = {str(k) for k in graph.objects(dataset, DCAT.keyword)}
    assert keywords and all(":" not in k and "," not in k for k in keywords)
    themes = {str(t) for t in graph.objects(dataset, DCAT.theme)}
    assert any(t.endswith("/vocabulary/mps-class/9") for t in themes)
    assert any(t.endswith("/vocabulary/foi-topic/conservation-areas") for t in themes)
    assert len(list(graph.subjects(RDF.type, DCAT.Distribution))) == 3
    ogl = rdflib.URIRef("http://publications.europa.eu/resource/authority/licence/OGL_3_0")
    assert set(graph.objects(None, DCT.license)) == {ogl}
    assert (dataset, DCT.license, ogl) in graph
    assert any(graph.objects(None, DCT.spatial))
    assert violations(graph, shapes) == []


def test_a_broken_catalogue_is_caught(shapes):
    """The check can fail: a distribution without an access URL is a violation."""
    graph = rdflib.Graph()
    dist = rdflib.URIRef("http://example.org/d")
    graph.add((dist, RDF.type, DCAT.Distribution))
    assert any("accessURL" in v for v in violations(graph, shapes))


def test_published_catalogue_of_bundled_datasets_is_dcat_ap_3_valid(shapes):
    """`make demo` publishes every bundled dataset; its whole catalogue validates."""
    require_portal()
    bundled = sorted(p.parent.name for p in (Path(__file__).parents[2] / "datasets").glob("*/dataset.yaml"))
    body = requests.get(f"{PORTAL}/catalog.ttl", timeout=120).text
    graph = rdflib.Graph().parse(data=body, format="turtle")
    names = requests.get(f"{PORTAL}/api/3/action/package_list", timeout=30).json()["result"]
    assert set(bundled) <= set(names)
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) >= len(bundled)
    assert violations(graph, shapes) == []
