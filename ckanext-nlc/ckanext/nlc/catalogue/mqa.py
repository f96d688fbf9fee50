"""A scorer of the data.europa.eu Metadata Quality Assessment (MQA) over a dataset's DCAT graph.

The points table is data (``mqa.yaml``). ``score_graph`` scores one `dcat:Dataset` of an
rdflib graph; the action ``nlc_mqa_score`` scores a dataset as the portal publishes it
(the `nlc_dcat` profile's output), reachability checked as the MQA does: a distribution URL
served by this portal counts when its uploaded file exists, another URL when a HEAD request
(``check_urls``) answers below 400 (unchecked otherwise, and said so).
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import rdflib
import yaml
from rdflib.namespace import RDF

NS = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"}
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
DCAT_DATASET = rdflib.URIRef(NS["dcat"] + "Dataset")
DCAT_DISTRIBUTION = rdflib.URIRef(NS["dcat"] + "distribution")


@functools.lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    """The MQA points table (``mqa.yaml``)."""
    return yaml.safe_load(resources.files("ckanext.nlc.catalogue").joinpath("mqa.yaml").read_text("utf-8"))


def maximum() -> int:
    return sum(i["points"] for i in table()["indicators"])


def rating(score: float) -> str:
    return next(name for name, low in sorted(table()["ratings"].items(), key=lambda r: -r[1]) if score >= low)


def _uri(prefixed: str) -> rdflib.URIRef:
    prefix, _, local = prefixed.partition(":")
    return rdflib.URIRef(NS[prefix] + local)


@functools.lru_cache(maxsize=2)
def _shapes(path: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format="turtle")


def shacl_violations(graph: rdflib.Graph, shapes_path: str | Path) -> list[str]:
    """DCAT-AP SHACL violations of ``graph`` as 'path: message'."""
    import pyshacl

    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    _, report, _ = pyshacl.validate(graph, shacl_graph=_shapes(str(shapes_path)), inference="none",
                                    allow_warnings=True)
    return [f"{report.value(r, sh.resultPath)}: {report.value(r, sh.resultMessage)}"
            for r in report.subjects(RDF.type, sh.ValidationResult)
            if report.value(r, sh.resultSeverity) == sh.Violation]


def score_graph(graph: rdflib.Graph, dataset: rdflib.term.Node | None = None, *,
                reachable: Callable[[str], bool | None] | None = None,
                shapes_path: str | Path | None = None) -> dict[str, Any]:
    """MQA score of ``dataset`` (the graph's only dcat:Dataset by default).

    ``reachable(url)`` answers True/False, or None for "not checked" (scored as reachable and
    listed under ``unchecked``). Without ``shapes_path`` the compliance indicator checks the
    DCAT-AP mandatory properties only.
    """
    spec = table()
    dataset = dataset if dataset is not None else next(graph.subjects(RDF.type, DCAT_DATASET))
    dists = list(graph.objects(dataset, DCAT_DISTRIBUTION))
    unchecked: set[str] = set()
    problems = _compliance_problems(graph, dataset, shapes_path)

    def passes(node: rdflib.term.Node, indicator: dict[str, Any]) -> bool:
        check = indicator.get("check")
        if check == "shacl":
            return not problems
        values = list(graph.objects(node, _uri(indicator["property"])))
        if not values:
            return False
        if check == "reachable":
            answers = [reachable(str(v)) if reachable else None for v in values]
            unchecked.update(str(v) for v, a in zip(values, answers, strict=True) if a is None)
            return any(a is not False for a in answers)
        if check == "vocabulary":
            prefixes = spec["vocabularies"][indicator["property"]]
            return any(str(v).startswith(tuple(prefixes)) for v in values)
        if check in ("non_proprietary", "machine_readable"):
            codes = {str(v)[len(FILE_TYPE):] for v in values if str(v).startswith(FILE_TYPE)}
            return bool(codes & set(spec[check]))
        return True

    results = []
    for indicator in spec["indicators"]:
        if indicator["level"] == "dataset":
            share = 1.0 if passes(dataset, indicator) else 0.0
        else:
            share = sum(passes(d, indicator) for d in dists) / len(dists) if dists else 0.0
        results.append({"id": indicator["id"], "dimension": indicator["dimension"],
                        "property": indicator.get("property", ""), "max": indicator["points"],
                        "points": round(indicator["points"] * share, 1)})
    total = round(sum(r["points"] for r in results), 1)
    return {
        "score": total, "max": maximum(), "rating": rating(total),
        "indicators": results,
        "missing": [r for r in results if r["points"] < r["max"]],
        "unchecked_urls": sorted(unchecked),
        "violations": problems,
    }


def _compliance_problems(graph: rdflib.Graph, dataset: rdflib.term.Node,
                         shapes_path: str | Path | None) -> list[str]:
    if shapes_path:
        return shacl_violations(graph, shapes_path)
    problems = [f"dcat:Dataset lacks {p}" for p in ("dct:title", "dct:description")
                if not any(graph.objects(dataset, _uri(p)))]
    for dist in graph.objects(dataset, DCAT_DISTRIBUTION):
        if not any(graph.objects(dist, _uri("dcat:accessURL"))):
            problems.append(f"dcat:Distribution {dist} lacks dcat:accessURL")
    return problems
