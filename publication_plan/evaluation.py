"""Measure topic assignment on a hand-labelled set of real request titles.

The set is a CSV with columns council, title, topics (ids separated by ";",
empty = no topic), split (dev, heldout, or train: requests to other councils that
only ever serve as extra training examples) and source_url. Precision and recall
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
SPLITS = ("dev", "heldout", "train")


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
                    f"{path}, row {row_number}, field 'split': {row['split']!r} is not one of "
                    + ", ".join(SPLITS)
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


Assign = Callable[[str], Iterable[str]]
MakeAssign = Callable[[Sequence[LabelledTitle]], Assign]
CURVE_SHARES = (0.1, 0.25, 0.5, 1.0)


def add(total: Counts, part: Counts) -> None:
    """Add ``part``'s counts to ``total``."""
    total.tp, total.fp, total.fn = total.tp + part.tp, total.fp + part.fp, total.fn + part.fn


def by_council(
    items: Sequence[LabelledTitle], make_assign: MakeAssign, *, share: float = 1.0, seed: int = 15
) -> Scores:
    """Leave-one-council-out: each council's titles are scored by a model that learnt from
    ``share`` of the other councils' titles (a seeded random sample), the counts added up."""
    total = Scores()
    for council in sorted({i.council for i in items}):
        train = [i for i in items if i.council != council]
        random.Random(f"{seed}:{council}").shuffle(train)  # noqa: S311 - a reproducible sample
        assign = make_assign(train[: round(share * len(train))])
        part = score([i for i in items if i.council == council], assign)
        add(total.overall, part.overall)
        for name, counts in part.by_topic.items():
            add(total.by_topic[name], counts)
        for name, counts in part.by_council.items():
            add(total.by_council[name], counts)
        total.errors += part.errors
    return total


def learning_curve(
    items: Sequence[LabelledTitle],
    make_assign: MakeAssign,
    *,
    shares: Sequence[float] = CURVE_SHARES,
    seed: int = 15,
) -> list[tuple[float, int, Counts]]:
    """Leave-one-council-out figures (see :func:`by_council`) when the model learns from growing
    shares of the training classifications: (share, mean training examples, counts)."""
    councils = {i.council for i in items}
    curve = []
    for share in shares:
        examples = sum(round(share * sum(1 for i in items if i.council != c)) for c in councils)
        counts = by_council(items, make_assign, share=share, seed=seed).overall
        curve.append((share, round(examples / len(councils)), counts))
    return curve


def _line(name: str, c: Counts) -> str:
    return f"{name}: precision {c.precision:.3f}, recall {c.recall:.3f} (tp/fp/fn {c.tp}/{c.fp}/{c.fn})"


def train_examples(path: Path | str, vocabulary: Vocabulary) -> list[tuple[str, tuple[str, ...]]]:
    """(title, topics) of the train part: ``train.csv`` beside the set at ``path`` (none if absent)."""
    train = Path(path).with_name("train.csv")
    if not train.exists():
        return []
    return [(i.title, tuple(sorted(i.topics))) for i in load_set(train, vocabulary) if i.split == "train"]


def development_report(path: Path | str) -> list[str]:
    """Development-part figures of the set at ``path`` (its held-out rows are never read
    past loading): rules alone, rules + model by council, and the learning curve; the model
    also learns from the train part (:func:`train_examples`) in every fold."""
    from publication_plan.matching import default_matcher
    from publication_plan.model import rules_and_model

    matcher = default_matcher()
    dev = [i for i in load_set(path, matcher.vocabulary) if i.split == "dev"]
    make = rules_and_model(matcher, extra=train_examples(path, matcher.vocabulary))
    lines = [
        f"development part: {len(dev)} titles, {len({i.council for i in dev})} councils, "
        f"{sum(len(i.topics) for i in dev)} (title, topic) pairs",
        _line("rules alone", score(dev, lambda t: [m.topic for m in matcher.matching(t)]).overall),
        _line("rules + model, leave one council out", by_council(dev, make).overall),
        "learning curve (share of training classifications, mean examples -> precision, recall):",
    ]
    lines += [
        f"  {share:4.0%}  {n:4d}  {c.precision:.3f}  {c.recall:.3f}  (tp/fp/fn {c.tp}/{c.fp}/{c.fn})"
        for share, n, c in learning_curve(dev, make)
    ]
    return lines


if __name__ == "__main__":
    import sys

    default = Path(__file__).resolve().parent.parent / "tests" / "foi_eval" / "titles.csv"
    print("\n".join(development_report(sys.argv[1] if len(sys.argv) > 1 else default)))
