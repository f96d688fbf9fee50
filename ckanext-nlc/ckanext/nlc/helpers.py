"""Template helpers (registered through ITemplateHelpers)."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckanext.nlc import vocab


def nlc_mps_class_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    return [{"value": k, "label": f"{k}. {v}"} for k, v in vocab.MPS_CLASSES.items()]


def nlc_update_frequency_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    return [{"value": k, "label": label} for k, (label, _) in vocab.UPDATE_FREQUENCIES.items()]


def nlc_foi_topic_choices(field: dict[str, Any]) -> list[dict[str, str]]:
    return [{"value": k, "label": v} for k, v in vocab.foi_topics().items()]


def nlc_mps_class_label(value: str) -> str:
    return f"{value}. {vocab.MPS_CLASSES.get(str(value), value)}"


def nlc_foi_topic_label(value: str) -> str:
    return vocab.foi_topics().get(value, value)


def nlc_table_schema(resource: dict[str, Any]) -> dict[str, Any] | None:
    """A resource's Table Schema as a dict, or None."""
    schema = resource.get("schema")
    if isinstance(schema, str) and schema:
        try:
            schema = json.loads(schema)
        except ValueError:
            return None
    return schema if isinstance(schema, dict) and schema.get("fields") else None


def nlc_constraints_text(field: dict[str, Any]) -> str:
    """A field's Table Schema constraints in words."""
    parts = []
    for key, value in (field.get("constraints") or {}).items():
        if key == "enum":
            value = ", ".join(map(str, value))
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def nlc_report_problem_url(pkg: dict[str, Any]) -> str:
    to = pkg.get("maintainer_email") or tk.config.get("ckanext.nlc.report_problem_email")
    subject = f"Problem with open data: {pkg.get('title') or pkg.get('name')}"
    return f"mailto:{to}?subject={subject.replace(' ', '%20')}"


def _search(**params: Any) -> dict[str, Any]:
    try:
        return tk.get_action("package_search")({}, params)
    except Exception:  # search down: the home page still renders, without lists
        return {"count": 0, "results": [], "facets": {}, "search_facets": {}}


def nlc_home_stats() -> dict[str, int]:
    """Counts for the home page: public datasets, services publishing, FOI topics answered."""
    result = _search(rows=0, **{"facet.field": '["organization", "vocab_foi_topics"]', "facet.limit": -1})
    facets = result.get("facets", {})
    return {
        "datasets": result["count"],
        "services": len(facets.get("organization", {})),
        "foi_topics": len(facets.get("vocab_foi_topics", {})),
    }


def nlc_foi_datasets(limit: int = 9) -> list[dict[str, Any]]:
    """Datasets that answer FOI topics, most recently updated first."""
    return _search(fq="vocab_foi_topics:[* TO *]", rows=limit, sort="metadata_modified desc")["results"]


def nlc_recent_datasets(limit: int = 6) -> list[dict[str, Any]]:
    return _search(rows=limit, sort="metadata_modified desc")["results"]


def nlc_today() -> str:
    return dt.date.today().isoformat()


def get_helpers() -> dict[str, Any]:
    from ckanext.nlc.ogc import nlc_ogc_collection_url

    return {nlc_ogc_collection_url.__name__: nlc_ogc_collection_url} | {
        f.__name__: f
        for f in (nlc_mps_class_choices, nlc_update_frequency_choices, nlc_foi_topic_choices,
                  nlc_mps_class_label, nlc_foi_topic_label, nlc_table_schema,
                  nlc_constraints_text, nlc_report_problem_url, nlc_home_stats,
                  nlc_foi_datasets, nlc_recent_datasets, nlc_today)
    }
