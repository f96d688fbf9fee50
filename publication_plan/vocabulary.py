"""The FOI topic vocabulary (`topics.yaml`): load and validate it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publication_plan.errors import VocabularyError

TOPICS_FILE = Path(__file__).resolve().parent / "topics.yaml"
# The Scottish Information Commissioner's Model Publication Scheme classes.
MPS_CLASSES: dict[str, str] = {
    "1": "About the authority",
    "2": "How we deliver our functions and services",
    "3": "How we take decisions and what we have decided",
    "4": "What we spend and how we spend it",
    "5": "How we manage our human, physical and information resources",
    "6": "How we procure goods and services from external providers",
    "7": "How we are performing",
    "8": "Our commercial publications",
    "9": "Our open data",
}
TERM_LISTS = ("phrases", "keywords", "related")


@dataclass(frozen=True)
class Topic:
    """One FOI request topic and the terms that assign a request to it."""

    id: str
    label: str
    datasets: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    eir: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """All topics, in file order, and the minimum score that assigns one."""

    topics: dict[str, Topic]
    min_score: int = 2
    path: str = ""

    def label(self, topic_id: str | None) -> str:
        """The topic's label (the id itself if unknown, "Unclassified" for None)."""
        if topic_id is None:
            return "Unclassified"
        topic = self.topics.get(topic_id)
        return topic.label if topic else topic_id

    def require(self, topic_id: str) -> Topic:
        """The topic, or a VocabularyError naming the unknown id."""
        try:
            return self.topics[topic_id]
        except KeyError:
            raise VocabularyError(
                f"{self.path or 'topics.yaml'}: unknown topic {topic_id!r}; known topics: "
                + ", ".join(self.topics)
            ) from None


def _str_list(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{where}: field {field!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _topic(item: Any, path: Path, index: int) -> Topic:
    if not isinstance(item, dict):
        raise VocabularyError(f"{path}: topic #{index + 1} must be a mapping, got {type(item).__name__}")
    topic_id = item.get("id")
    if not isinstance(topic_id, str) or not topic_id.strip():
        raise VocabularyError(f"{path}: topic #{index + 1} has no 'id'")
    where = f"{path}: topic {topic_id!r}"
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        raise VocabularyError(f"{where}: field 'label' is required")
    unknown = set(item) - {"id", "label", "datasets", "eir", *TERM_LISTS}
    if unknown:
        raise VocabularyError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    terms = {name: _str_list(item.get(name), where, name) for name in TERM_LISTS}
    if not any(terms.values()):
        raise VocabularyError(f"{where}: needs at least one phrase, keyword or related term")
    return Topic(
        id=topic_id,
        label=label,
        datasets=_str_list(item.get("datasets"), where, "datasets"),
        eir=bool(item.get("eir", False)),
        **terms,
    )


def load_vocabulary(path: Path | str | None = None) -> Vocabulary:
    """Read and validate the topic vocabulary; errors name the file and topic."""
    path = Path(path or TOPICS_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read topic vocabulary: {exc}") from exc
    except yaml.YAMLError as exc:
        raise VocabularyError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise VocabularyError(f"{path}: expected a mapping with a 'topics' list")
    min_score = data.get("min_score", 2)
    if not isinstance(min_score, int) or min_score < 1:
        raise VocabularyError(f"{path}: 'min_score' must be a positive integer")
    topics: dict[str, Topic] = {}
    for index, item in enumerate(data["topics"]):
        topic = _topic(item, path, index)
        if topic.id in topics:
            raise VocabularyError(f"{path}: topic {topic.id!r} is listed twice")
        topics[topic.id] = topic
    return Vocabulary(topics=topics, min_score=min_score, path=str(path))
