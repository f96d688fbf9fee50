"""pydantic models of the dataset definition (``datasets/<name>/dataset.yaml``).

The package keys are built from the scheming schema (:mod:`ckanext.nlc.dataset_schema`): each
dataset field without ``nlc_from`` is a key, required where the schema says so, limited to the
schema's choices where it has them (FOI topics: the vocabulary's ids). ``python -m
harvesters.json_schemas`` publishes the JSON Schema for editors (``schemas/``).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

from ckanext.nlc import dataset_schema
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    create_model,
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]  # kept as written (notes end in a newline)
NAME = r"^[a-z0-9][a-z0-9_-]{1,99}$"


def error_lines(error: ValidationError) -> list[tuple[str, str]]:
    """(dotted field path, message) for each problem pydantic found, e.g. ``resources[0].schema``."""
    lines = []
    for e in error.errors():
        loc, message = list(e["loc"]), e["msg"]
        if e["type"] == "literal_error":  # a value outside the choices: name the list and the value
            loc = loc[:-1] if loc and isinstance(loc[-1], int) else loc
            message = f"{e['input']!r} is not allowed: {message}"
        message = {"extra_forbidden": "unknown key", "missing": "is required"}.get(e["type"], message)
        path = ""
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        lines.append((path, message))
    return lines


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Allow(_Strict):
    """A column the personal-data screen lets through, and why."""

    field: Text
    reason: Text


class PublishPolicy(_Strict):
    """How much smaller than the published version a new one may be (``harvesters.publish``)."""

    max_row_loss: Annotated[float, Field(ge=0, le=1)] | None = None
    allow_empty: bool | None = None
    allow_dropped_columns: bool | None = None


class Source(BaseModel):
    """Where a resource's rows come from; ``type`` picks the reader (``harvesters.sources``)."""

    model_config = ConfigDict(extra="allow")
    type: Text


class Resource(_Strict):
    """One published table: its Table Schema file, source and transform."""

    name: Text
    slug: str | None = None
    description: str = ""
    schema_file: Annotated[str, Field(alias="schema", min_length=1)]
    source: Source | None = None
    transform: dict[str, Any] | str = Field(default_factory=dict)
    datastore: bool = True
    geojson: dict[str, Any] | None = None


def _field_type(f: dict[str, Any], topics: tuple[str, ...]) -> Any:
    """The Python type of one schema field in a definition."""
    multiple = str(f.get("preset", "")).startswith("multiple_")
    values = tuple(str(c["value"]) for c in f.get("choices") or [])
    if f["field_name"] == "foi_topics":
        values = topics
    if f["field_name"] == "name":
        return Annotated[str, StringConstraints(pattern=NAME)]
    if f["field_name"] == "maintainer_email":
        return Annotated[str, StringConstraints(pattern=dataset_schema.MAILBOX)]
    if values:
        choice = Literal[values]  # type: ignore[valid-type]
        return list[choice] if multiple else choice
    if multiple:
        return list[str]
    if f.get("preset") == "date":
        return dt.date | str
    return NonEmpty


class DefinitionBase(_Strict):
    """What a definition holds besides the package fields of the schema."""

    groups: list[Text] = Field(default_factory=list)
    tags: list[Text] = Field(default_factory=list)
    allow: list[Allow] = Field(default_factory=list)
    sample: bool = False
    publish: PublishPolicy | None = None
    source: Source | None = None  # the resources' default source
    resources: Annotated[list[Resource], Field(min_length=1)]


@functools.cache
def definition_model(topics: tuple[str, ...]) -> type[DefinitionBase]:
    """The dataset definition model for the FOI topic ids ``topics``."""
    required = set(dataset_schema.required_keys())
    fields: dict[str, Any] = {}
    for f in dataset_schema.dataset_fields():
        name = f["field_name"]
        if name not in dataset_schema.definition_keys():
            continue
        kind = _field_type(f, topics)
        default = f.get("default")
        if name in required:
            fields[name] = (kind, Field(description=f.get("label")))
        else:
            fields[name] = (kind | None, Field(default=default, description=f.get("label")))
    return create_model("DatasetDefinition", __base__=DefinitionBase, **fields)


class Organisation(_Strict):
    """A service of ``datasets/organizations.yaml``: a CKAN organisation."""

    name: Annotated[str, StringConstraints(pattern=NAME)]
    title: Text
    description: str = ""


OrganisationList = TypeAdapter(list[Organisation])
