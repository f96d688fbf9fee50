"""DCAT-AP 2.1.1 (what many national portals still harvest): no violation but where it contradicts 3.0.1.

What remains, by design: 2.1.1 types ``dcat:byteSize`` as ``xsd:decimal`` where 3.0.1 requires
``xsd:nonNegativeInteger``, and 2.1.1 allows only SHA-1 checksums (``spdx:checksumAlgorithm_sha1``)
where the portal records SHA-256.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from tests.conftest import NLC_BBOX
from tests.dcat.test_dcat_shacl import violations

SHAPES = Path(__file__).parent / "shapes" / "2.1.1"
CONTRADICTIONS = ("http://www.w3.org/ns/dcat#byteSize", "http://spdx.org/rdf/terms#algorithm")


@pytest.fixture(scope="module")
def shapes_2() -> rdflib.Graph:
    g = rdflib.Graph()
    for name in ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl"):
        g.parse(SHAPES / name, format="turtle")
    return g


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_only_the_contradictions_of_3_0_1_remain(app, make_dataset, make_resource, shapes_2):
    pkg = make_dataset(name="toilets-dcat2", spatial=json.dumps(NLC_BBOX), tags=[{"name": "toilets"}],
                       temporal_start="2024-01-01", temporal_end="2024-12-31")
    for fmt in ("CSV", "GeoJSON"):
        make_resource(package_id=pkg["id"], url=f"http://example.org/t.{fmt.lower()}", format=fmt,
                      size=1234, hash="sha256:" + "cd" * 32)
    graph = rdflib.Graph().parse(data=app.get("/catalog.ttl").body, format="turtle")
    found = violations(graph, shapes_2)
    assert [v for v in found if not v.startswith(CONTRADICTIONS)] == []
    assert found  # the two contradictions are there (byteSize, checksum algorithm): the check can fail
