"""The matcher's indexed, cached scoring gives exactly what the plain scan over every term gave.

``reference_score`` is the scoring loop as it was before the first-stem index and the
per-text cache (every term compared at every position of every text). Both are run on the
development titles of the evaluation set (held-out titles are not read here), the labelled
requests, a year of the sample log, every vocabulary term and misspelt variants, and must agree
on every field of every match, in order.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from demo.sample_log import generate_sample
from publication_plan.matching import Matcher, TopicMatch

HERE = Path(__file__).parent
EVAL_SET = HERE.parent / "foi_eval" / "titles.csv"


def reference_score(matcher: Matcher, text: str) -> list[TopicMatch]:
    """The original scan: every term of ``matcher`` tried at every position of ``text``."""
    words = matcher.normalise(text)
    spans: dict[str, dict[tuple[str, ...], tuple[str, int, set[int]]]] = {}
    for topic_id, term, stems, weight in matcher._terms:
        n = len(stems)
        hits = {i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == stems}
        if hits and stems not in spans.setdefault(topic_id, {}):
            covered = {i + k for i in hits for k in range(n)}
            spans[topic_id][stems] = (term, weight, covered)
    every = [covered for found in spans.values() for _, _, covered in found.values()]
    matches = []
    for topic_id, found in spans.items():
        kept = [(t, w, c) for t, w, c in found.values() if not any(c < other for other in every)]
        kept = matcher.drop_excluded(topic_id, words, kept)
        if kept:
            matches.append(
                TopicMatch(
                    topic_id,
                    sum(w for _, w, _ in kept),
                    tuple(t for t, _, _ in kept),
                    max(w for _, w, _ in kept),
                    len(set().union(*(c for _, _, c in kept))),
                )
            )
    return sorted(matches, key=TopicMatch.rank)


def sample_texts(matcher: Matcher) -> list[str]:
    with EVAL_SET.open(newline="", encoding="utf-8") as fh:
        texts = [r["title"] for r in csv.DictReader(fh) if r["split"] == "dev"]
    with (HERE / "labelled_requests.csv").open(newline="", encoding="utf-8") as fh:
        texts += [r["title"] for r in csv.DictReader(fh)]
    texts += [r["title"] for r in generate_sample(dt.date(2026, 11, 30), seed=7)]
    terms = [term for _, term, _, _ in matcher._terms]
    texts += terms + [" and ".join(terms[i : i + 3]) for i in range(0, len(terms), 3)]
    texts += [t[:3] + t[4:] for t in terms if len(t) > 6]  # a letter dropped: the typo path
    return texts


def test_indexed_scoring_equals_the_full_scan(matcher):
    texts = sample_texts(matcher)
    assert len(texts) > 2000
    fresh = Matcher(matcher.vocabulary)  # an empty score cache
    differ = [i for i, t in enumerate(texts) if fresh.score(t) != reference_score(fresh, t)]
    # positions only: the development titles are not printed
    assert differ == [], f"{len(differ)} of {len(texts)} texts scored differently, e.g. #{differ[:5]}"
    matched = sum(1 for t in texts if fresh.matching(t))
    assert 0 < matched < len(texts)  # the sample exercises both outcomes


def test_cached_scores_are_copies(matcher):
    fresh = Matcher(matcher.vocabulary)
    text = "Number of properties in each council tax band"
    first = fresh.score(text)
    assert first, "the sample text matches a topic"
    first.clear()  # a caller changing its list must not change the next answer
    assert fresh.score(text) == reference_score(fresh, text) != []
