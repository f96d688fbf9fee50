"""Assign request texts to FOI topics by weighted keyword and phrase scoring.

Texts and vocabulary terms go through the same normalisation: lower case,
possessives, numbers, years and amounts dropped, hyphens split, plurals and
-ing/-ed endings folded ("stemming-lite"). Words missing from the vocabulary
of six letters or more are matched to a vocabulary word within a small edit
distance, so common typos ("councilor", "toliets", "potholles") still count;
shorter ones only get back a letter the stemmer cut ("damag" -> "damage"), as
they are too often other real words ("three" is not "tree").
A topic's ``excluded`` phrases cancel its terms inside them ("housing benefit"
is not council housing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from publication_plan.vocabulary import Vocabulary, load_vocabulary

WEIGHTS = {"phrases": 3, "keywords": 2, "related": 1}
MIN_TYPO_LENGTH = 6  # shorter stems are only completed by one letter, never corrected
_NUMBER = re.compile(r"[£$€]?\d[\d,.:/-]*(?:k|m|bn|st|nd|rd|th|s)?\b")
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s?\b")
_WORD = re.compile(r"[a-z]+")
_DOUBLE = re.compile(r"([bdgmnprt])\1$")
# -ing words that are not a form of their stem ("parking" is not "park")
_WHOLE = frozenset({"parking", "planning", "housing", "funding", "spring", "evening", "ceiling"})


def stem(word: str) -> str:
    """Fold plural and -ing/-ed endings so related word forms compare equal."""
    if len(word) <= 3 or word in _WHOLE:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses") or word.endswith(("ches", "shes", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            word = _DOUBLE.sub(r"\1", word)
            break
    return word


def tokens(text: str) -> list[str]:
    """The normalised word stems of ``text`` (numbers, years and amounts dropped)."""
    text = text.lower().replace("&", " and ")
    text = _POSSESSIVE.sub("", text)
    text = _NUMBER.sub(" ", text)
    return [stem(w) for w in _WORD.findall(text)]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (adjacent transpositions count 1), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True)
class TopicMatch:
    """A topic's score for one text and the vocabulary terms that earned it."""

    topic: str
    score: int
    terms: tuple[str, ...]
    strongest: int
    words: int = 0  # distinct words of the text the terms cover

    def rank(self) -> tuple[int, int, int, str]:
        """Sort key, best first: score, strongest term, words covered, then the id (never file order)."""
        return (-self.score, -self.strongest, -self.words, self.topic)

    def reason(self) -> str:
        """A short human explanation, e.g. 'mentions "council tax band", "band"'."""
        return "mentions " + ", ".join(f'"{t}"' for t in self.terms)


class Matcher:
    """Scores texts against a vocabulary; build once, use for many texts."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self._terms: list[tuple[str, str, tuple[str, ...], int]] = []
        for topic in vocabulary.topics.values():
            for kind, weight in WEIGHTS.items():
                for term in getattr(topic, kind):
                    stems = tuple(tokens(term))
                    if stems:
                        self._terms.append((topic.id, term, stems, weight))
        self._known = {s for _, _, stems, _ in self._terms for s in stems}
        self._excluded = {
            topic.id: [stems for phrase in topic.excluded if (stems := tuple(tokens(phrase)))]
            for topic in vocabulary.topics.values()
            if topic.excluded
        }
        # term positions in ``_terms`` by first stem: a text is only compared with the terms
        # that start with one of its words, in ``_terms`` order (so results are unchanged)
        self._by_first: dict[str, list[int]] = {}
        for k, (_, _, stems, _) in enumerate(self._terms):
            self._by_first.setdefault(stems[0], []).append(k)
        self._correct = functools.lru_cache(maxsize=8192)(self._correct_uncached)
        self._scored = functools.lru_cache(maxsize=65536)(self._score_uncached)

    def _correct_uncached(self, word: str) -> str:
        if word in self._known or len(word) < 5:
            return word
        if len(word) < MIN_TYPO_LENGTH:  # only a letter the stemmer cut ("damag(ed)" -> "damage")
            longer = (k for k in sorted(self._known) if len(k) == len(word) + 1 and k.startswith(word))
            return next(longer, word)
        limit = 1
        best, best_distance = word, limit + 1
        for known in sorted(self._known):
            if known[0] != word[0] or len(known) < 4:
                continue
            distance = _edit_distance(word, known, limit)
            if distance < best_distance:
                best, best_distance = known, distance
        return best

    def normalise(self, text: str) -> list[str]:
        """Stems of ``text`` with near-miss spellings corrected to vocabulary words."""
        return [self._correct(w) for w in tokens(text)]

    def score(self, text: str) -> list[TopicMatch]:
        """Every topic with a positive score, best first.

        A term counts once, and not at all when a longer matched term of any
        topic covers it ("council tax" inside "council tax band", housing's
        "housing" inside planning's "housing development").
        """
        return list(self._scored(text))

    def _score_uncached(self, text: str) -> tuple[TopicMatch, ...]:
        words = self.normalise(text)
        spans: dict[str, dict[tuple[str, ...], tuple[str, int, set[int]]]] = {}
        candidates = sorted({k for w in set(words) for k in self._by_first.get(w, ())})
        for index in candidates:
            topic_id, term, stems, weight = self._terms[index]
            n = len(stems)
            hits = {i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == stems}
            if hits and stems not in spans.setdefault(topic_id, {}):
                covered = {i + k for i in hits for k in range(n)}
                spans[topic_id][stems] = (term, weight, covered)
        every = [covered for found in spans.values() for _, _, covered in found.values()]
        matches = []
        for topic_id, found in spans.items():
            kept = [
                (term, weight, covered)
                for term, weight, covered in found.values()
                if not any(covered < other for other in every)
            ]
            kept = self.drop_excluded(topic_id, words, kept)
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
        return tuple(sorted(matches, key=TopicMatch.rank))

    def drop_excluded(
        self, topic_id: str, words: list[str], kept: list[tuple[str, int, set[int]]]
    ) -> list[tuple[str, int, set[int]]]:
        """``kept`` (term, weight, positions) less the terms lying wholly inside one of the
        topic's excluded phrases in ``words``."""
        phrases = self._excluded.get(topic_id)
        if not phrases:
            return kept
        inside: set[int] = set()
        for stems in phrases:
            n = len(stems)
            for i in range(len(words) - n + 1):
                if tuple(words[i : i + n]) == stems:
                    inside.update(range(i, i + n))
        return [k for k in kept if not k[2] <= inside]

    def best(self, text: str) -> TopicMatch | None:
        """The best topic if it reaches the vocabulary's minimum score, else None."""
        matches = self.score(text)
        if matches and matches[0].score >= self.vocabulary.min_score:
            return matches[0]
        return None

    def matching(self, text: str) -> list[TopicMatch]:
        """All topics reaching the minimum score, best first."""
        return [m for m in self.score(text) if m.score >= self.vocabulary.min_score]


@functools.lru_cache(maxsize=4)
def default_matcher(path: str | None = None) -> Matcher:
    """A matcher for the packaged vocabulary (or the one at ``path``)."""
    return Matcher(load_vocabulary(path))


def classify(text: str, matcher: Matcher | None = None) -> str | None:
    """The topic id for ``text``, or None when no topic reaches the minimum score."""
    match = (matcher or default_matcher()).best(text)
    return match.topic if match else None
