"""A topic model learnt from the FOI team's own classifications (scikit-learn).

The rules in :mod:`publication_plan.matching` assign a topic whenever the
vocabulary says so; this model only speaks for requests the rules leave
unmatched, and only when it is confident (probability at least ``threshold``).
It is trained on the titles the FOI team classified (a decision of "no topic"
is a negative example for every topic) plus the vocabulary's own terms, so that
every topic has positive examples before the team has classified anything.
Models are kept in the FOI database (table ``foi_topic_models``), newest wins.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import joblib
import sqlalchemy as sa
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from publication_plan.errors import PublicationPlanError
from publication_plan.evaluation import LabelledTitle
from publication_plan.matching import Matcher, tokens
from publication_plan.store import FoiStore
from publication_plan.vocabulary import Vocabulary

DEFAULT_THRESHOLD = 0.7


class ModelError(PublicationPlanError):
    """No model can be trained or loaded (no examples, unreadable stored model)."""


Example = tuple[str, Sequence[str]]


def vocabulary_examples(vocabulary: Vocabulary) -> list[Example]:
    """Each phrase and keyword of the vocabulary as a one-line example of its topic."""
    return [
        (term, (topic.id,))
        for topic in vocabulary.topics.values()
        for term in (*topic.phrases, *topic.keywords)
    ]


def _analyzer(text: str) -> list[str]:
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class TopicModel:
    """A fitted TF-IDF + one-vs-rest logistic regression over the topic ids."""

    pipeline: Pipeline
    topics: tuple[str, ...]
    threshold: float
    examples: int
    trained_at: dt.datetime

    def probabilities(self, text: str) -> dict[str, float]:
        """Every topic's probability for ``text``."""
        return self.probabilities_many([text])[0]

    def probabilities_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Every topic's probability for each of ``texts``, in one call to the model."""
        if not texts:
            return []
        rows = self.pipeline.predict_proba(list(texts))
        return [{t: float(p) for t, p in zip(self.topics, row, strict=True)} for row in rows]

    def confident(self, probs: dict[str, float]) -> list[tuple[str, float]]:
        """Topics at or above the threshold, most probable first (ties by id)."""
        confident = [(t, p) for t, p in probs.items() if p >= self.threshold]
        return sorted(confident, key=lambda tp: (-tp[1], tp[0]))

    def predict(self, text: str) -> list[tuple[str, float]]:
        """Topics at or above the threshold, most probable first (ties by id)."""
        return self.confident(self.probabilities(text))


def train(
    examples: Iterable[Example], vocabulary: Vocabulary, *, threshold: float = DEFAULT_THRESHOLD
) -> TopicModel:
    """Fit a model on ``examples`` (title, topic ids; empty = no topic) and the vocabulary terms."""
    data = [(t, tuple(topics)) for t, topics in examples if t and t.strip()]
    known = set(vocabulary.topics)
    for title, topics in data:
        unknown = set(topics) - known
        if unknown:
            raise ModelError(f"example {title!r}: unknown topic(s) {', '.join(sorted(unknown))}")
    data += vocabulary_examples(vocabulary)
    binarizer = MultiLabelBinarizer(classes=list(vocabulary.topics))
    y = binarizer.fit_transform([topics for _, topics in data])
    pipeline = Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True)),
            ("clf", OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=2000))),
        ]
    )
    pipeline.fit([t for t, _ in data], y)
    return TopicModel(pipeline, tuple(binarizer.classes_), threshold, len(data), dt.datetime.now(dt.UTC))


class ModelStore:
    """Trained models in the FOI database; :meth:`latest` is the one in use."""

    def __init__(self, engine: sa.Engine, *, schema: str | None = None):
        self.engine = engine
        md = sa.MetaData(schema=schema)
        self.table = sa.Table(
            "foi_topic_models",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("examples", sa.Integer, nullable=False),
            sa.Column("threshold", sa.Float, nullable=False),
            sa.Column("model", sa.LargeBinary, nullable=False),
        )  # made by the FOI store's migrations (publication_plan.migrations), not here

    def save(self, model: TopicModel) -> int:
        buffer = io.BytesIO()
        joblib.dump(model, buffer)
        with self.engine.begin() as conn:
            result = conn.execute(
                sa.insert(self.table)
                .values(
                    trained_at=model.trained_at,
                    examples=model.examples,
                    threshold=model.threshold,
                    model=buffer.getvalue(),
                )
                .returning(self.table.c.id)
            )
            return int(result.scalar_one())

    def latest(self) -> TopicModel | None:
        query = sa.select(self.table.c.model).order_by(self.table.c.id.desc()).limit(1)
        with self.engine.connect() as conn:
            blob = conn.scalar(query)
        if blob is None:
            return None
        try:
            model = joblib.load(io.BytesIO(blob))
        except Exception as exc:  # a model from another scikit-learn version, a damaged row
            raise ModelError(f"the stored topic model cannot be read ({exc}); run: nlc foi retrain") from exc
        if not isinstance(model, TopicModel):
            raise ModelError("the stored topic model is not a TopicModel; run: nlc foi retrain")
        return model


@dataclass(frozen=True)
class Assignment:
    """The topics given to one request and who gave them ('rules', 'model' or nobody)."""

    topics: tuple[str, ...]
    source: str | None
    reasons: tuple[str, ...] = ()


class TopicAssigner:
    """Rules first: every topic reaching the vocabulary's minimum score (the precision gate).
    The model speaks only for requests the rules leave unmatched, and only when confident.
    Topics are ordered by rule score, then model probability, then id (never file order)."""

    def __init__(self, matcher: Matcher, model: TopicModel | None = None):
        self.matcher, self.model = matcher, model

    def assign(self, text: str) -> Assignment:
        return self.assign_many([text])[text]

    def assign_many(self, texts: Iterable[str]) -> dict[str, Assignment]:
        """Each distinct text's assignment; the model is asked once for all that need it."""
        matched = {text: self.matcher.matching(text) for text in dict.fromkeys(texts)}
        ask = [
            t for t, ms in matched.items() if not ms or len({m.rank()[:3] for m in ms}) < len(ms)
        ] if self.model is not None else []
        probs = dict(zip(ask, self.model.probabilities_many(ask), strict=True)) if ask else {}
        out: dict[str, Assignment] = {}
        for text, matches in matched.items():
            p = probs.get(text, {})
            if matches:
                ordered = sorted(matches, key=lambda m: (m.rank()[:3], -p.get(m.topic, 0.0), m.topic))
                out[text] = Assignment(
                    tuple(m.topic for m in ordered), "rules", tuple(m.reason() for m in ordered)
                )
            elif predicted := (self.model.confident(p) if p else []):
                out[text] = Assignment(
                    tuple(t for t, _ in predicted),
                    "model",
                    tuple(f"model probability {q:.2f}" for _, q in predicted),
                )
            else:
                out[text] = Assignment((), None)
        return out


def rules_and_model(
    matcher: Matcher, *, threshold: float = DEFAULT_THRESHOLD, extra: Sequence[Example] = ()
) -> Callable[[Sequence[LabelledTitle]], Callable[[str], tuple[str, ...]]]:
    """For evaluation: labelled titles -> an assign function (rules + a model trained on them
    and on ``extra``, e.g. the evaluation set's train part)."""

    def make(items: Sequence[LabelledTitle]) -> Callable[[str], tuple[str, ...]]:
        examples = [(i.title, tuple(i.topics)) for i in items] + list(extra)
        model = train(examples, matcher.vocabulary, threshold=threshold)
        assigner = TopicAssigner(matcher, model)
        return lambda text: assigner.assign(text).topics

    return make


def team_examples(store: FoiStore) -> list[Example]:
    """The FOI team's own classifications: (title, topics) of every request with a manual decision."""
    decided = set(store.decisions())
    return [(r.title, r.topics) for r in store.list_requests() if r.reference in decided]


def assigner_for(store: FoiStore, matcher: Matcher) -> TopicAssigner:
    """Rules plus the newest stored model (rules alone before the first retrain)."""
    return TopicAssigner(matcher, ModelStore(store.engine, schema=store.metadata.schema).latest())


def reassign(store: FoiStore, assigner: TopicAssigner) -> tuple[int, int]:
    """Give every request without a manual decision all the topics ``assigner`` finds.
    Returns (requests written, of which with at least one topic)."""
    requests = store.list_requests()
    assigned = assigner.assign_many(r.title for r in requests)
    topics = {r.reference: assigned[r.title].topics for r in requests}
    decided = set(store.decisions())
    written = store.set_auto_topics(topics)
    return written, sum(1 for ref, ts in topics.items() if ts and ref not in decided)


@dataclass(frozen=True)
class RetrainReport:
    model_id: int
    classifications: int
    examples: int
    written: int
    matched: int

    def summary(self) -> str:
        return (
            f"Topic model #{self.model_id} trained on {self.classifications} FOI team classification(s) "
            f"and the vocabulary ({self.examples} examples). Re-assigned {self.written} request(s) without "
            f"a manual decision: {self.matched} with a topic, {self.written - self.matched} unmatched."
        )


def retrain(
    store: FoiStore, matcher: Matcher, *, threshold: float = DEFAULT_THRESHOLD
) -> RetrainReport:
    """Train on the team's classifications, keep the model, and re-assign the log with it."""
    examples = team_examples(store)
    model = train(examples, matcher.vocabulary, threshold=threshold)
    model_id = ModelStore(store.engine, schema=store.metadata.schema).save(model)
    written, matched = reassign(store, TopicAssigner(matcher, model))
    return RetrainReport(model_id, len(examples), model.examples, written, matched)
