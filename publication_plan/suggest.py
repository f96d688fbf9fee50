"""Answer a new request from published data: matching datasets, best first,
with reasons, and a draft reply citing FOISA s25 / EIR regulation 6(1)(b)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from publication_plan.catalogue import dataset_formats, dataset_licence, dataset_url
from publication_plan.matching import Matcher, TopicMatch, tokens
from publication_plan.plan import blocked_reason, is_public, next_update_due
from publication_plan.scrub import scrub
from publication_plan.store import FoiStore

STOPWORDS = set(
    tokens(
        "a an and any are as at be by can council councils do does each every "
        "for from give has have how in is it "
        "its last list many much north lanarkshire number of on or per please "
        "provide the their there this to total "
        "was were what when where which who why with year years you your data "
        "information request details copy all "
        "about since current within area"
    )
)
TOPIC_WEIGHT = 2
MIN_WORDS = 2


@dataclass(frozen=True)
class Suggestion:
    """A published dataset that answers the request, and why."""

    name: str
    title: str
    url: str
    formats: tuple[str, ...]
    licence: str
    licence_url: str
    score: int
    reasons: tuple[str, ...]
    last_updated: str | None = None
    overdue: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class SuggestResult:
    text: str
    topics: tuple[TopicMatch, ...]
    suggestions: tuple[Suggestion, ...]
    regime: str
    candidate_id: int | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "regime": self.regime,
            "candidate_id": self.candidate_id,
            "topics": [
                {
                    "topic": m.topic,
                    "label": self.labels.get(m.topic, m.topic),
                    "score": m.score,
                    "terms": list(m.terms),
                }
                for m in self.topics
            ],
            "suggestions": [s.as_dict() for s in self.suggestions],
        }


def _dataset_words(dataset: dict[str, Any]) -> set[str]:
    tags = [t.get("name", "") if isinstance(t, dict) else str(t) for t in dataset.get("tags") or []]
    text = " ".join([dataset.get("title") or "", dataset.get("tag_string") or "", *tags])
    return set(tokens(text)) - STOPWORDS


def suggest(
    text: str,
    datasets: Iterable[dict[str, Any]],
    matcher: Matcher,
    *,
    site_url: str,
    limit: int = 5,
    today: dt.date | None = None,
) -> SuggestResult:
    """Published datasets answering ``text``, best first, with reasons.

    A dataset qualifies when it is tagged with a topic the request matches, or
    when at least two significant words of the request appear in its title or
    keywords. Unpublished, withdrawn and blocked datasets are never suggested.
    """
    today = today or dt.date.today()
    topics = tuple(matcher.matching(text))
    by_topic = {m.topic: m for m in topics}
    vocab = matcher.vocabulary
    words = set(matcher.normalise(text)) - STOPWORDS
    found: list[Suggestion] = []
    for d in datasets:
        if not is_public(d) or blocked_reason(d):
            continue
        score, reasons = 0, []
        for topic in d.get("foi_topics") or []:
            if topic in by_topic:
                m = by_topic[topic]
                score += TOPIC_WEIGHT * m.score
                reasons.append(f'answers FOI topic "{vocab.label(topic)}": the request {m.reason()}')
        shared = sorted(words & _dataset_words(d))
        if len(shared) >= MIN_WORDS or (score and shared):
            score += len(shared)
            reasons.append("title or keywords share: " + ", ".join(shared))
        if not score:
            continue
        due = next_update_due(d)
        licence, licence_url = dataset_licence(d)
        found.append(
            Suggestion(
                name=d["name"],
                title=d.get("title") or d["name"],
                url=dataset_url(site_url, d["name"]),
                formats=dataset_formats(d),
                licence=licence,
                licence_url=licence_url,
                score=score,
                reasons=tuple(reasons),
                last_updated=d.get("last_updated"),
                overdue=bool(due and due < today),
            )
        )
    found.sort(key=lambda s: (-s.score, s.overdue, s.title))
    regime = "EIR" if topics and vocab.topics[topics[0].topic].eir else "FOISA"
    labels = {t: vocab.label(t) for t in vocab.topics}
    return SuggestResult(text, topics, tuple(found[:limit]), regime, labels=labels)


def suggest_and_record(
    text: str,
    datasets: Iterable[dict[str, Any]],
    matcher: Matcher,
    store: FoiStore | None,
    *,
    site_url: str,
    limit: int = 5,
    today: dt.date | None = None,
) -> SuggestResult:
    """As :func:`suggest`; when nothing answers the request, record it (personal
    data removed) with its best-guess topic as a candidate for the plan."""
    result = suggest(text, datasets, matcher, site_url=site_url, limit=limit, today=today)
    if result.suggestions or store is None:
        return result
    clean, _ = scrub(text)
    guess = result.topics[0].topic if result.topics else None
    candidate = store.add_candidate(clean, guess)
    return SuggestResult(result.text, result.topics, (), result.regime, candidate, result.labels)


REVIEW = (
    "If you are dissatisfied with the way we have handled your request, you can ask us to review our actions "
    "and decisions by writing to [FOI team contact] within 40 working days of receiving this response. "
    "If you remain dissatisfied after the review, you may apply to the Scottish Information Commissioner "
    "for a decision (www.foi.scot)."
)


def draft_reply(
    result: SuggestResult, *, reference: str | None = None, received: dt.date | None = None
) -> str:
    """An editable reply: the information is reasonably obtainable elsewhere
    (FOISA s25, or EIR regulation 6(1)(b) for environmental information), with
    each dataset's link, formats and licence. Without suggestions, a note saying
    nothing published answers the request."""
    ref = reference or "[reference]"
    when = received.strftime("%d %B %Y") if received else "[date received]"
    head = [
        "Dear [requester],",
        "",
        f"Our reference: {ref}",
        f'Your request: "{result.text.strip()}"',
        "",
    ]
    if not result.suggestions:
        return "\n".join(
            [
                *head,
                "[No published dataset answers this request: it has been recorded as a candidate for the "
                "publication plan. Answer the request in the usual way.]",
            ]
        )
    if result.regime == "EIR":
        basis = [
            f"Thank you for your request, received on {when}. The information you asked for is environmental "
            "information, so we have dealt with your request under the Environmental Information (Scotland) "
            "Regulations 2004 (the EIRs) and apply the exemption in section 39(2) "
            "of the Freedom of Information "
            "(Scotland) Act 2002.",
            "",
            "The information is already publicly available and easily accessible "
            "to you on the council's open "
            "data portal. Under regulation 6(1)(b) of the EIRs we are therefore "
            "not required to make it available "
            "in another form or format. You can view and download it here:",
        ]
    else:
        basis = [
            f"Thank you for your request, received on {when}, which we have dealt with under the Freedom of "
            "Information (Scotland) Act 2002 (FOISA).",
            "",
            "The information you asked for is published on the council's open "
            "data portal, so it is reasonably "
            "obtainable other than by requesting it. It is therefore exempt under "
            "section 25(1) of FOISA and we "
            "are not required to provide it in response to your request. You can view and download it here:",
        ]
    items: list[str] = []
    for s in result.suggestions:
        items.append(f"- {s.title}: {s.url}")
        items.append(
            f"  Formats: {', '.join(s.formats) or 'see the dataset page'}. "
            f"Licence: {s.licence}" + (f" ({s.licence_url})" if s.licence_url else "") + "."
        )
        if s.last_updated:
            items.append(f"  Last updated: {s.last_updated}.")
    return "\n".join(
        [
            *head,
            *basis,
            "",
            *items,
            "",
            "You are free to re-use this information under the licence shown for "
            "each dataset. If the published "
            "data does not fully answer your request, please tell us which part is "
            "missing and we will deal with "
            "it as a new request.",
            "",
            REVIEW,
            "",
            "Yours sincerely,",
            "",
            "Freedom of Information team",
            "North Lanarkshire Council",
        ]
    )
