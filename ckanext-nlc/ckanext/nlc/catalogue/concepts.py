"""SKOS concept schemes the portal publishes: Model Publication Scheme classes and FOI topics.

Scheme ``<site>/vocabulary/<scheme>``, concept ``<site>/vocabulary/<scheme>/<code>``; both
resolve (Turtle, or JSON-LD with ``?format=jsonld`` / ``Accept: application/ld+json``).
EU data themes come from the ``eu_themes`` choices of the dataset schema.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc import vocab
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

SCHEMES = {"mps-class": "Model Publication Scheme classes (Scotland)",
           "foi-topic": "North Lanarkshire Council FOI request topics"}
EU_DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme"
CONCEPT = re.compile(r"/vocabulary/(mps-class|foi-topic)/([^/?#]+)$")


def _site() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def scheme_uri(scheme: str) -> str:
    return f"{_site()}/vocabulary/{scheme}"


def concept_uri(scheme: str, code: str) -> str:
    return f"{scheme_uri(scheme)}/{code}"


def scheme_title(uri: str) -> str:
    if uri.rstrip("/") == EU_DATA_THEME:
        return "Data theme (EU Publications Office)"
    return SCHEMES.get(uri.rstrip("/").rsplit("/", 1)[-1], uri)


def parse_concept(uri: str) -> tuple[str, str] | None:
    """(scheme, code) of a concept URI of these schemes on any portal, else None."""
    match = CONCEPT.search(uri)
    return (match.group(1), match.group(2)) if match else None


def labels(scheme: str) -> dict[str, str]:
    """Code -> label of a scheme's concepts."""
    if scheme == "mps-class":
        return {str(k): str(v) for k, v in vocab.MPS_CLASSES.items()}
    if scheme == "foi-topic":
        return vocab.foi_topics()
    raise KeyError(scheme)


def _eu_theme_choices() -> list[dict[str, Any]]:
    from ckanext.scheming.helpers import scheming_field_by_name, scheming_get_dataset_schema

    schema = scheming_get_dataset_schema("dataset") or {}
    field = scheming_field_by_name(schema.get("dataset_fields", []), "eu_themes") or {}
    return list(field.get("choices") or [])


def eu_themes(dataset_dict: dict[str, Any]) -> dict[str, str]:
    """EU theme code -> label: the dataset's own choice, else those of its theme groups, else GOVE."""
    choices = _eu_theme_choices()
    by_code = {c["value"]: c["label"] for c in choices}
    chosen = [t for t in dataset_dict.get("eu_themes") or [] if t in by_code]
    if not chosen:
        groups = {g.get("name") for g in dataset_dict.get("groups") or []}
        chosen = [c["value"] for c in choices if groups & set(c.get("groups") or [])]
    return {code: by_code.get(code, code) for code in (chosen or ["GOVE"])}


def scheme_graph(scheme: str, code: str | None = None) -> Graph:
    """The scheme with its concepts (or one concept) as an RDF graph."""
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dct", DCTERMS)
    ref = URIRef(scheme_uri(scheme))
    g.add((ref, RDF.type, SKOS.ConceptScheme))
    g.add((ref, DCTERMS.title, Literal(SCHEMES[scheme], lang="en")))
    for key, label in labels(scheme).items():
        if code is not None and key != code:
            continue
        concept = URIRef(concept_uri(scheme, key))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((concept, SKOS.notation, Literal(key)))
        g.add((concept, SKOS.inScheme, ref))
        g.add((concept, SKOS.topConceptOf, ref))
        g.add((ref, SKOS.hasTopConcept, concept))
    return g


def scheme_page(scheme: str, code: str | None = None) -> Any:
    """/vocabulary/<scheme>[/<code>]: the scheme or one concept, as Turtle or JSON-LD."""
    from flask import make_response, request

    if scheme.endswith(".jsonld"):
        scheme, wanted = scheme.removesuffix(".jsonld"), "json-ld"
    elif scheme.endswith(".ttl"):
        scheme, wanted = scheme.removesuffix(".ttl"), "turtle"
    else:
        accept = request.headers.get("Accept", "")
        wanted = "json-ld" if request.args.get("format") == "jsonld" or "ld+json" in accept else "turtle"
    if scheme not in SCHEMES or (code is not None and code not in labels(scheme)):
        return tk.abort(404, tk._("No such concept scheme or concept"))
    body = scheme_graph(scheme, code).serialize(format=wanted)
    response = make_response(body)
    response.headers["Content-Type"] = ("application/ld+json" if wanted == "json-ld" else "text/turtle") + \
        "; charset=utf-8"
    return response
