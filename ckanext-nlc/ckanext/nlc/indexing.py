"""Search index shaping: multi-valued council fields become facetable Solr fields."""
from __future__ import annotations

import json
from typing import Any

# Dataset list fields indexed as CKAN's multi-valued string fields `vocab_<name>`.
LIST_FIELDS = ("mps_class", "foi_topics")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    return [str(v) for v in value or []]


def before_dataset_index(data: dict[str, Any]) -> dict[str, Any]:
    """Add `vocab_mps_class` and `vocab_foi_topics` for faceting and filtering."""
    validated = json.loads(data.get("validated_data_dict") or "{}")
    for name in LIST_FIELDS:
        values = _as_list(validated.get(name, data.get(name)))
        data.pop(name, None)
        if values:
            data[f"vocab_{name}"] = values
    return data
