"""pydantic models of the publication plan's YAML files, and one way of reading them.

``topics.yaml`` (:class:`VocabularyFile`), ``plan.yaml`` (:class:`PlanFile`), ``guide.yaml``
(:class:`GuideFile`) and ``column_maps/*.yaml`` (:class:`ColumnMapFile`). :func:`load_yaml`
names the file and the field of every problem; ``python -m harvesters.json_schemas`` publishes
the JSON Schemas for editors (``schemas/``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from ckanext.nlc.vocab import MPS_CLASSES
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from pydantic import model_validator as model_check

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
TopicId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Model = TypeVar("Model", bound=BaseModel)
REQUIRED_SECTIONS = ("How to get information", "Charges", "Contact us", "Copyright and re-use")
REQUIRED_FIELDS = ("reference", "received", "title")
OPTIONAL_FIELDS = ("responded", "service", "outcome", "exemptions", "regime")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Topic(_Strict):
    """One FOI request topic and the terms that assign a request to it."""

    id: TopicId
    label: Text
    phrases: tuple[Text, ...] = ()
    keywords: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    # phrases that are not this topic although they contain its terms ("housing benefit")
    excluded: tuple[Text, ...] = ()
    eir: bool = False

    @model_check(mode="after")
    def _has_terms(self) -> Topic:
        if not (self.phrases or self.keywords or self.related):
            raise ValueError("needs at least one phrase, keyword or related term")
        return self


class VocabularyFile(_Strict):
    """``topics.yaml``: every FOI topic, in file order, and the score that assigns one."""

    min_score: Annotated[int, Field(ge=1)] = 2
    topics: Annotated[list[Topic], Field(min_length=1)]

    @field_validator("topics")
    @classmethod
    def _distinct(cls, topics: list[Topic]) -> list[Topic]:
        seen: set[str] = set()
        for t in topics:
            if t.id in seen:
                raise ValueError(f"topic {t.id!r} is listed twice")
            seen.add(t.id)
        return topics


class PlanEntry(_Strict):
    """One plan line: a topic, the service that answers it, the priority and the target date."""

    topic: TopicId
    service: Text = Field(description="a CKAN organisation name from datasets/organizations.yaml")
    priority: Literal["high", "medium", "low"]
    target_date: dt.date


class PlanFile(_Strict):
    """``plan.yaml``. The datasets answering each topic are in their definitions' ``foi_topics``."""

    plan: list[PlanEntry]


class GuideEntry(BaseModel):
    """Something the council publishes in a class, with where to find it."""

    model_config = ConfigDict(extra="allow")
    title: Text
    url: Text


class GuideClass(_Strict):
    """The council's text for one Model Publication Scheme class."""

    description: str = ""
    entries: list[GuideEntry] = Field(default_factory=list)
    topics: list[TopicId] = Field(default_factory=list)


class GuideSection(_Strict):
    title: Text
    body: str = ""


class GuideContact(_Strict):
    """How to ask for information (also the contact page's details)."""

    team: str = ""
    email: Text
    postal_address: Text | list[Text]
    online_form: Text
    phone: str = ""


class GuideFile(_Strict):
    """``guide.yaml``: the Guide to Information's council-edited text."""

    authority: str = ""
    introduction: str = ""
    classes: dict[Literal[tuple(MPS_CLASSES)], GuideClass | None] = Field(  # type: ignore[valid-type]
        default_factory=dict
    )
    sections: list[GuideSection]
    contact: GuideContact
    review_date: dt.date

    @field_validator("sections")
    @classmethod
    def _required_sections(cls, sections: list[GuideSection]) -> list[GuideSection]:
        missing = [t for t in REQUIRED_SECTIONS if t not in {s.title for s in sections}]
        if missing:
            raise ValueError(f"missing section(s): {', '.join(missing)}")
        return sections


Headings = Text | Annotated[list[Text], Field(min_length=1)]


class Regime(_Strict):
    default: Literal["FOISA", "EIR", "foisa", "eir"] = "FOISA"
    eir_reference_pattern: str | None = None

    @field_validator("eir_reference_pattern")
    @classmethod
    def _regex(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return pattern


class ColumnMapFile(_Strict):
    """One ``column_maps/*.yaml``: which export heading holds which FOI field."""

    name: str | None = None
    description: str = ""
    sheet: str | None = None
    columns: dict[Literal[REQUIRED_FIELDS + OPTIONAL_FIELDS], Headings]  # type: ignore[valid-type]
    date_formats: Annotated[list[Text], Field(min_length=1)] = ["%d/%m/%Y", "%Y-%m-%d"]
    regime: Regime = Regime()

    @field_validator("columns")
    @classmethod
    def _required(cls, columns: dict[str, Any]) -> dict[str, Any]:
        missing = [f for f in REQUIRED_FIELDS if f not in columns]
        if missing:
            raise ValueError(f"required field(s) not mapped: {', '.join(missing)}")
        return columns


def _where(loc: tuple[Any, ...], data: Any) -> str:
    """A dotted field path; list items with an ``id`` or ``topic`` are named by it."""
    path, node = "", data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") or item.get("topic") if isinstance(item, dict) else None
            path += f"[{ident!r}]" if ident else f"[{part}]"
            node = item
        else:
            path += f".{part}" if path else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return path


def problems(error: ValidationError, data: Any) -> list[str]:
    """``field: message`` for every problem, e.g. ``topics['bins'].label: Field required``."""
    out = []
    for e in error.errors():
        message = {"extra_forbidden": "unknown field", "missing": "is required"}.get(e["type"], e["msg"])
        where = _where(tuple(e["loc"]), data)
        out.append(f"{where}: {message}" if where else message)
    return out


def load_yaml(path: Path, model: type[Model], error: type[Exception], what: str) -> tuple[Model, Any]:
    """``path`` parsed and checked against ``model``; ``error`` names the file and each field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read {what}: not valid YAML or unreadable: {exc}") from exc
    try:
        return model.model_validate(data), data
    except ValidationError as exc:
        raise error(f"{path}: " + "; ".join(problems(exc, data))) from None
