"""The FOI topic vocabulary (``topics.yaml``): the one loader, strict, used by every package.

The file is found in the package (``importlib.resources``); its structure is the pydantic
model :class:`publication_plan.models.VocabularyFile`. Which datasets answer a topic is not
here: each dataset's definition lists its topics (``harvesters.definition.topic_datasets``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from publication_plan.errors import VocabularyError
from publication_plan.models import Topic, VocabularyFile, load_yaml

TOPICS_FILE = Path(str(resources.files("publication_plan").joinpath("topics.yaml")))
__all__ = ["TOPICS_FILE", "Topic", "Vocabulary", "load_vocabulary"]


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


@functools.lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Vocabulary:
    model, _ = load_yaml(Path(path), VocabularyFile, VocabularyError, "topic vocabulary")
    return Vocabulary({t.id: t for t in model.topics}, model.min_score, path)


def load_vocabulary(path: Path | str | None = None) -> Vocabulary:
    """Read and validate the topic vocabulary (cached until the file changes); errors name the
    file and topic."""
    path = Path(path or TOPICS_FILE)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read topic vocabulary: {exc}") from exc
    return _load(str(path), mtime)
