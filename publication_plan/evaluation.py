"""Measure topic assignment on a hand-labelled set of real request titles.

The set is a CSV with columns council, title, topics (ids separated by ";",
empty = no topic), split (dev or heldout) and source_url. Precision and recall
are counted over (request, topic) pairs, overall, per topic and per council.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from publication_plan.errors import PublicationPlanError
from publication_plan.vocabulary import Vocabulary

COLUMNS = ("council", "title", "topics", "split", "source_url")
SPLITS = ("dev", "heldout")


class EvaluationSetError(PublicationPlanError, ValueError):
    """The evaluation set is malformed; names the file, row and field."""


@dataclass(frozen=True)
class LabelledTitle:
    council: str
    title: str
    topics: frozenset[str]
    split: str
    source_url: str


def load_set(path: Path | str, vocabulary: Vocabulary) -> list[LabelledTitle]:
    """Read and check the evaluation set (known topics, known split, a source for every title)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise EvaluationSetError(f"{path}: cannot read: {exc}") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvaluationSetError(f"{path}: missing column(s) {', '.join(missing)}")
        items = []
        for row_number, row in enumerate(reader, start=2):
            for name in ("council", "title", "split", "source_url"):
                if not (row.get(name) or "").strip():
                    raise EvaluationSetError(f"{path}, row {row_number}, field {name!r}: empty")
            topics = frozenset(t.strip() for t in (row["topics"] or "").split(";") if t.strip())
            unknown = sorted(topics - set(vocabulary.topics))
            if unknown:
                raise EvaluationSetError(
                    f"{path}, row {row_number}, field 'topics': unknown topic(s) {', '.join(unknown)}"
                )
            if row["split"] not in SPLITS:
                raise EvaluationSetError(
                    f"{path}, row {row_number}, field 'split': {row['split']!r} is not dev or heldout"
                )
            items.append(
                LabelledTitle(
                    row["council"].strip(),
                    row["title"].strip(),
                    topics,
                    row["split"],
                    row["source_url"].strip(),
                )
            )
    return items


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    overall: Counts = field(default_factory=Counts)
    by_topic: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_council: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[tuple[LabelledTitle, frozenset[str]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        def d(c: Counts) -> dict[str, float | int]:
            return {
                "precision": round(c.precision, 3),
                "recall": round(c.recall, 3),
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
            }

        return {
            "overall": d(self.overall),
            "by_topic": {k: d(v) for k, v in sorted(self.by_topic.items())},
            "by_council": {k: d(v) for k, v in sorted(self.by_council.items())},
        }


def score(items: Iterable[LabelledTitle], assign: Callable[[str], Iterable[str]]) -> Scores:
    """Compare ``assign(title)`` with the labels of each item."""
    scores = Scores()
    for item in items:
        predicted = frozenset(assign(item.title))
        if predicted != item.topics:
            scores.errors.append((item, predicted))
        for counts in (scores.overall, scores.by_council[item.council]):
            counts.tp += len(predicted & item.topics)
            counts.fp += len(predicted - item.topics)
            counts.fn += len(item.topics - predicted)
        for topic in predicted | item.topics:
            counts = scores.by_topic[topic]
            counts.tp += topic in predicted and topic in item.topics
            counts.fp += topic in predicted and topic not in item.topics
            counts.fn += topic in item.topics and topic not in predicted
    return scores


def learning_curve(
    train_items: Sequence[LabelledTitle],
    test_items: Sequence[LabelledTitle],
    make_assign: Callable[[Sequence[LabelledTitle]], Callable[[str], Iterable[str]]],
    *,
    steps: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0),
    seed: int = 15,
) -> list[tuple[int, Counts]]:
    """Held-out figures when the model learns from growing shares of ``train_items``."""
    order = list(train_items)
    random.Random(seed).shuffle(order)
    curve = []
    for share in steps:
        subset = order[: round(share * len(order))]
        curve.append((len(subset), score(test_items, make_assign(subset)).overall))
    return curve
