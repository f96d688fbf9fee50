"""The publication plan (`plan.yaml`) and its status, computed live from catalogue dicts.

Dataset status:
  published  public, active, and not overdue for update
  overdue    published, but ``next_update_due`` is before today
  planned    not published yet (absent, deleted or private); target date not passed
  missing    not published and the target date has passed
  blocked    failed its personal-data screen, or a resource failed validation
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ckanext.nlc.vocab import add_interval

from harvesters.definition import organisations, topic_datasets
from publication_plan.errors import PlanError
from publication_plan.models import PlanFile, load_yaml
from publication_plan.vocabulary import Vocabulary

PLAN_FILE = Path(str(resources.files("publication_plan").joinpath("plan.yaml")))
STATUSES = {
    "published": "Published",
    "overdue": "Published, overdue for update",
    "planned": "Planned",
    "missing": "Missing (past target date)",
    "blocked": "Blocked",
}
_TOPIC_ORDER = ("published", "overdue", "blocked", "planned", "missing")


@dataclass(frozen=True)
class PlanItem:
    """One plan line: a topic, the datasets that will answer it, who and by when."""

    topic: str
    datasets: tuple[str, ...]
    service: str
    priority: str
    target_date: dt.date


@dataclass(frozen=True)
class Plan:
    items: dict[str, PlanItem]
    services: dict[str, str]
    path: str = ""

    def service_label(self, name: str | None) -> str:
        return self.services.get(name or "", name or "")


@dataclass(frozen=True)
class DatasetStatus:
    name: str
    status: str
    reason: str
    title: str | None = None
    next_update_due: str | None = None
    published_date: str | None = None
    dataset: dict[str, Any] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class TopicStatus:
    topic: str
    label: str
    status: str
    service: str | None
    priority: str | None
    target_date: dt.date | None
    datasets: tuple[DatasetStatus, ...]

    @property
    def answered(self) -> bool:
        """True when a published, in-date dataset answers the topic."""
        return self.status == "published"

    @property
    def published_date(self) -> dt.date | None:
        """When the topic was first answered by a published dataset."""
        dates = [
            d.published_date
            for d in self.datasets
            if d.status in ("published", "overdue") and d.published_date
        ]
        return dt.date.fromisoformat(min(dates)) if dates else None


def load_plan(
    path: Path | str | None = None, vocabulary: Vocabulary | None = None, datasets_dir: Path | None = None
) -> Plan:
    """Read and validate the plan (model :class:`PlanFile`); errors name the file and topic.

    Each topic's datasets are those whose definition lists it (``foi_topics``), and its
    service must be an organisation of ``organizations.yaml``, both in ``datasets_dir``
    (:func:`harvesters.definition.datasets_dir`).
    """
    path = Path(path or PLAN_FILE)
    model, _ = load_yaml(path, PlanFile, PlanError, "publication plan")
    services = organisations(datasets_dir)
    links = topic_datasets(datasets_dir)
    items: dict[str, PlanItem] = {}
    for entry in model.plan:
        where = f"{path}: topic {entry.topic!r}"
        if vocabulary is not None and entry.topic not in vocabulary.topics:
            raise PlanError(f"{where}: not a topic in {vocabulary.path or 'topics.yaml'}")
        if entry.topic in items:
            raise PlanError(f"{where}: listed twice")
        if entry.service not in services:
            raise PlanError(
                f"{where}: service {entry.service!r} is not an organisation of organizations.yaml "
                f"({', '.join(services)})"
            )
        items[entry.topic] = PlanItem(
            entry.topic, links.get(entry.topic, ()), entry.service, entry.priority, entry.target_date
        )
    return Plan(items, services, str(path))


def next_update_due(dataset: dict[str, Any]) -> dt.date | None:
    """The dataset's ``next_update_due``, or derived from last_updated + update_frequency."""
    due = dataset.get("next_update_due")
    if due:
        try:
            return dt.date.fromisoformat(str(due)[:10])
        except ValueError:
            return None
    try:
        last = dt.date.fromisoformat(str(dataset.get("last_updated") or "")[:10])
    except ValueError:
        return None
    return add_interval(last, str(dataset.get("update_frequency") or ""))


def published_date(dataset: dict[str, Any]) -> str | None:
    """When the dataset was first published (its ``metadata_created`` date)."""
    created = dataset.get("metadata_created")
    return str(created)[:10] if created else None


def is_public(dataset: dict[str, Any]) -> bool:
    """Active and not private: visible to the public."""
    return dataset.get("state", "active") == "active" and not dataset.get("private", False)


def blocked_reason(dataset: dict[str, Any]) -> str | None:
    """Why the dataset may not be published, or None."""
    if dataset.get("personal_data_screen") == "failed":
        return "failed the personal-data screen"
    for res in dataset.get("resources") or []:
        if str(res.get("validation_status", "")).lower() in ("failure", "failed", "error"):
            return f"resource {res.get('name') or res.get('id')!r} failed validation"
    return None


def dataset_status(
    name: str, dataset: dict[str, Any] | None, target_date: dt.date | None, today: dt.date
) -> DatasetStatus:
    """The status of one planned dataset given its catalogue dict (None if absent)."""

    def unpublished(reason: str) -> DatasetStatus:
        late = target_date is None or target_date < today
        when = f"target {target_date.isoformat()}" if target_date else "no target date"
        return DatasetStatus(
            name,
            "missing" if late else "planned",
            f"{reason}; {when}",
            title=dataset.get("title") if dataset else None,
            dataset=dataset,
        )

    if dataset is None:
        return unpublished("not in the catalogue")
    blocked = blocked_reason(dataset)
    if blocked:
        return DatasetStatus(name, "blocked", blocked, title=dataset.get("title"), dataset=dataset)
    if dataset.get("state", "active") != "active":
        return unpublished(f"withdrawn ({dataset.get('state')})")
    if dataset.get("private"):
        return unpublished("withdrawn (private)")
    due = next_update_due(dataset)
    overdue = due is not None and due < today
    return DatasetStatus(
        name,
        "overdue" if overdue else "published",
        f"update was due {due.isoformat()}" if overdue else "published and in date",
        title=dataset.get("title"),
        next_update_due=due.isoformat() if due else None,
        published_date=published_date(dataset),
        dataset=dataset,
    )


def plan_status(
    plan: Plan, datasets: Iterable[dict[str, Any]], vocabulary: Vocabulary, today: dt.date | None = None
) -> dict[str, TopicStatus]:
    """Topic id -> status for every vocabulary topic.

    A topic is answered by the datasets whose definition lists it (the plan item's) and any
    public catalogue dataset tagged with the topic.
    """
    today = today or dt.date.today()
    by_name = {d.get("name"): d for d in datasets}
    tagged: dict[str, list[str]] = {}
    for d in by_name.values():
        if is_public(d):
            for topic in d.get("foi_topics") or []:
                tagged.setdefault(topic, []).append(d["name"])
    result: dict[str, TopicStatus] = {}
    for topic in vocabulary.topics.values():
        item = plan.items.get(topic.id)
        names = list(
            dict.fromkeys([*(item.datasets if item else ()), *tagged.get(topic.id, [])])
        )
        target = item.target_date if item else None
        statuses = tuple(dataset_status(n, by_name.get(n), target, today) for n in names)
        found = {s.status for s in statuses}
        status = next((s for s in _TOPIC_ORDER if s in found), "missing")
        result[topic.id] = TopicStatus(
            topic.id,
            topic.label,
            status,
            item.service if item else None,
            item.priority if item else None,
            target,
            statuses,
        )
    return result
