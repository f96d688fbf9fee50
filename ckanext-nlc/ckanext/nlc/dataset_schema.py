"""The council dataset schema (ckanext-scheming ``schemas/dataset.yaml``), read as data.

The one list of dataset fields and of the choices of the controlled fields (MPS classes,
update frequencies with their intervals and EU frequency URIs). It is read from the package
(``importlib.resources``) with plain YAML, so the harvester and the publication plan use it
without a CKAN configuration; scheming reads the same file for the portal.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

SCHEMA = ("schemas", "dataset.yaml")
# nlc_from values: fields that are not keys of a dataset definition (see the schema's header).
FROM_DATA, FROM_RUN, FROM_CKAN = "data", "run", "ckan"
# A contact mailbox (maintainer_email, validator nlc_team_mailbox; the harvester's definitions).
MAILBOX = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


@functools.cache
def dataset_schema() -> dict[str, Any]:
    """The parsed scheming schema."""
    text = resources.files("ckanext.nlc").joinpath(*SCHEMA).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def dataset_fields() -> list[dict[str, Any]]:
    """The schema's dataset fields, in form order."""
    return list(dataset_schema()["dataset_fields"])


def field(name: str) -> dict[str, Any]:
    """One dataset field; KeyError naming it when the schema has none."""
    for f in dataset_fields():
        if f["field_name"] == name:
            return f
    raise KeyError(f"the dataset schema has no field {name!r}")


def choices(name: str) -> list[dict[str, Any]]:
    """The ``choices`` of a dataset field (value, label and any extra keys)."""
    return list(field(name).get("choices") or [])


def definition_keys() -> tuple[str, ...]:
    """Fields a dataset definition writes (``tag_string`` is written ``tags:`` there)."""
    return tuple(
        f["field_name"] for f in dataset_fields() if "nlc_from" not in f and f["field_name"] != "tag_string"
    )


def required_keys() -> tuple[str, ...]:
    """Definition keys the schema marks ``required``."""
    return tuple(f["field_name"] for f in dataset_fields() if f.get("required") and "nlc_from" not in f)


def compared_keys() -> tuple[str, ...]:
    """Fields whose published value the harvester compares with the desired one.

    The definition keys and the fields computed from the data; not ``name`` (the identity),
    not tags (compared as a list on their own), not the per-run stamps.
    """
    return tuple(
        f["field_name"]
        for f in dataset_fields()
        if f.get("nlc_from", FROM_DATA) == FROM_DATA and f["field_name"] not in ("name", "tag_string")
    )
