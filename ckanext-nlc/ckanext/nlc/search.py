"""Search in plain words: facet labels from the schema's choices, a checked map filter
(``ext_bbox``), "did you mean" suggestions from Solr's spellchecker and quick answers for
questions a lookup tool answers (``search_hints.yaml``)."""

from __future__ import annotations

import copy
import functools
import logging
import math
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from ckan.lib.search.common import SearchError

log = logging.getLogger(__name__)

DATASET_TYPE = "dataset"
BBOX_HELP = "Give the map area as west,south,east,north in degrees (WGS84), e.g. -4.1,55.8,-3.7,56.0."


def _schema() -> dict[str, Any]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    return scheming_get_dataset_schema(DATASET_TYPE) or {}


def field_choices(field_name: str) -> Mapping[str, str]:
    """Value -> label of a schema field's choices (``choices`` or ``choices_helper``), read
    once per process (the FOI topics' once per version of the vocabulary file)."""
    from publication_plan.vocabulary import TOPICS_FILE

    if not _schema():  # scheming not (yet) loaded: nothing to cache
        return MappingProxyType({})
    try:
        version = TOPICS_FILE.stat().st_mtime_ns
    except OSError:
        version = 0
    return _field_choices(field_name, version)


@functools.lru_cache(maxsize=128)
def _field_choices(field_name: str, vocabulary_version: int) -> Mapping[str, str]:
    from ckanext.scheming.helpers import scheming_field_by_name, scheming_field_choices

    field = scheming_field_by_name(_schema().get("dataset_fields", []), field_name)
    if not field:
        return MappingProxyType({})
    return MappingProxyType({str(c["value"]): str(c["label"]) for c in scheming_field_choices(field) or []})


def _facet_field(facet: str) -> str:
    """The schema field behind a facet (``vocab_foi_topics`` indexes ``foi_topics``)."""
    return facet[len("vocab_"):] if facet.startswith("vocab_") else facet


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """IPackageController.after_dataset_search: facet items named by their schema labels,
    for the search page and ``package_search`` alike."""
    for facet, data in (search_results.get("search_facets") or {}).items():
        labels = field_choices(_facet_field(facet))
        if not labels:
            continue
        for item in data.get("items", []):
            item["display_name"] = labels.get(str(item.get("name")), item.get("display_name"))
    return search_results


def bbox_error(value: str | None) -> str | None:
    """Why ``value`` is not a usable ``ext_bbox`` (``west,south,east,north``), or None."""
    if value is None or value == "":
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        return f"The map area “{value}” is not four numbers. {BBOX_HELP}"
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return f"The map area “{value}” is not four numbers. {BBOX_HELP}"
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        return f"The map area “{value}” is outside the world's longitudes and latitudes. {BBOX_HELP}"
    if west >= east or south >= north:
        return (f"The map area “{value}” has its west edge east of its east edge, or its south edge "
                f"north of its north edge. {BBOX_HELP}")
    return None


def check_bbox(search_params: dict[str, Any]) -> dict[str, Any]:
    """IPackageController.before_dataset_search: refuse a bad ``ext_bbox`` with a message
    (the search page shows it beside the query; the API answers a Search Error)."""
    error = bbox_error((search_params.get("extras") or {}).get("ext_bbox"))
    if error:
        raise SearchError(error)
    return search_params


def did_you_mean(q: str) -> str | None:
    """A spelling correction of ``q`` that finds datasets on this site, or None."""
    if not q or len(q) > 200 or any(c in q for c in ':()[]{}"^~*?\\/'):
        return None
    from ckan.lib.search.common import make_connection

    try:
        answer = make_connection().search(
            q, search_handler="spell", fq=f"+site_id:{tk.config.get('ckan.site_id')} +capacity:public",
            **{"spellcheck.collateParam.q.op": "AND"},
        )
    except Exception as error:  # noqa: BLE001 (pysolr, network and parse errors alike: spelling help is optional)
        log.warning("spellcheck unavailable: %s", error)
        return None
    collations = (answer.spellcheck or {}).get("collations") or []
    for i in range(0, len(collations) - 1, 2):
        if collations[i] == "collation":
            item = collations[i + 1]
            text = item.get("collationQuery") if isinstance(item, dict) else item
            if text and text.lower() != q.lower():
                return text
    return None


@functools.lru_cache(maxsize=1)
def _hints() -> list[dict[str, Any]]:
    text = resources.files("ckanext.nlc").joinpath("search_hints.yaml").read_text("utf-8")
    return yaml.safe_load(text).get("hints", [])


def quick_answers(q: str) -> list[dict[str, str]]:
    """The lookup tools that answer ``q`` (e.g. "bin collection" -> the postcode lookup)."""
    words = q.lower()
    return [h for h in _hints() if any(term in words for term in h["terms"])]


@tk.chained_action
@tk.side_effect_free
def scheming_dataset_schema_show(original: Any, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
    """The schema with every ``choices_helper`` field's choices (values and labels) spelled out."""
    from ckanext.scheming.helpers import scheming_field_choices

    schema = copy.deepcopy(original(context, data_dict))
    for key in ("dataset_fields", "resource_fields"):
        for field in schema.get(key, []):
            if field.get("choices_helper") and "choices" not in field:
                field["choices"] = scheming_field_choices(field)
    return schema


ACTIONS: dict[str, Any] = {"scheming_dataset_schema_show": scheming_dataset_schema_show}
