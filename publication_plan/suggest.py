"""Answer a new request from published data: for every topic it matches, the
published datasets that hold what it asks (judged against their data
dictionaries), and a draft reply citing FOISA s25 / EIR regulation 6(1)(b) for
those parts only; the rest of the request is being dealt with."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from publication_plan.catalogue import dataset_formats, dataset_licence, dataset_url
from publication_plan.errors import PublicationPlanError
from publication_plan.matching import Matcher, TopicMatch, tokens
from publication_plan.plan import blocked_reason, is_public, next_update_due
from publication_plan.scrub import scrub
from publication_plan.store import FoiStore

REPLY_TERMS = Path(__file__).resolve().parent / "reply_terms.yaml"
STOPWORDS = set(
    tokens(
        "a an and any are as at be by can council councils do does each every "
        "for from give has have how in is it "
        "its last list many much north lanarkshire number of on or per please "
        "provide the their there this to total "
        "was were what when where which who why with year years you your data "
        "information request details copy all "
        "about since current within area i me my we our they them would like know tell want send "
        "also held hold kept record records"
    )
)
TOPIC_WEIGHT = 2
MIN_WORDS = 2
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


class SuggestError(PublicationPlanError, ValueError):
    """The request cannot be checked (empty text)."""


@dataclass(frozen=True)
class Suggestion:
    """A published dataset that answers (part of) the request, and why."""

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
    topics: tuple[str, ...] = ()
    eir: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Part:
    """One matched topic of the request: answered by published data, or not (and why)."""

    topic: str
    label: str
    answered: bool
    datasets: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class SuggestResult:
    text: str
    topics: tuple[TopicMatch, ...]
    suggestions: tuple[Suggestion, ...]
    regime: str
    candidate_id: int | None = None
    labels: dict[str, str] = field(default_factory=dict)
    parts: tuple[Part, ...] = ()

    @property
    def partly(self) -> bool:
        """Some of the request is answered by published data and some is not."""
        return bool(self.suggestions) and any(not p.answered for p in self.parts)

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
            "parts": [
                {
                    "topic": p.topic,
                    "label": p.label,
                    "answered": p.answered,
                    "datasets": list(p.datasets),
                    "missing": list(p.missing),
                    "reason": p.reason,
                }
                for p in self.parts
            ],
            "partly_answered": self.partly,
            "suggestions": [s.as_dict() for s in self.suggestions],
        }


@functools.lru_cache(maxsize=2)
def attribute_terms(path: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The request words that need a matching field (reply_terms.yaml), as normalised stems."""
    source = Path(path or REPLY_TERMS)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        terms = data["attributes"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise PublicationPlanError(f"{source}: cannot read the 'attributes' list: {exc}") from exc
    return tuple(t for t in (tuple(tokens(str(term))) for term in terms) if t)


def _words(text: str) -> set[str]:
    return set(tokens(_CAMEL.sub(" ", text)))


def dataset_words(dataset: dict[str, Any]) -> set[str]:
    """Every word the dataset's title, description, keywords, resources and data
    dictionary (Table Schema field names, titles, descriptions, allowed values) hold."""
    tags = [t.get("name", "") if isinstance(t, dict) else str(t) for t in dataset.get("tags") or []]
    parts = [dataset.get("title") or "", dataset.get("notes") or "", dataset.get("tag_string") or "", *tags]
    for res in dataset.get("resources") or []:
        parts += [str(res.get("name") or ""), str(res.get("description") or "")]
        schema = res.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for f in fields or []:
            if not isinstance(f, dict):
                continue
            enum = (f.get("constraints") or {}).get("enum") or []
            parts += [str(f.get("name") or ""), str(f.get("title") or ""), str(f.get("description") or "")]
            parts += [str(v) for v in enum]
    return set().union(*(_words(p) for p in parts))


def _title_words(dataset: dict[str, Any]) -> set[str]:
    tags = [t.get("name", "") if isinstance(t, dict) else str(t) for t in dataset.get("tags") or []]
    text = " ".join([dataset.get("title") or "", dataset.get("tag_string") or "", *tags])
    return set(tokens(text)) - STOPWORDS


def _spans(words: list[str], terms: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    found = []
    for stems in terms:
        n = len(stems)
        if any(tuple(words[i : i + n]) == stems for i in range(len(words) - n + 1)):
            found.append(stems)
    return found


def required_terms(
    words: list[str], match: TopicMatch, matcher: Matcher, others: Iterable[TopicMatch] = ()
) -> list[tuple[str, ...]]:
    """What a dataset of ``match``'s topic must hold to answer the request: the topic's
    phrases and supporting terms the request uses (not its keywords or label), and
    the attribute words of reply_terms.yaml not claimed by another matched topic
    (``others``: "council tax exemptions" is asked of council tax, not of toilets)."""
    topic = matcher.vocabulary.topics[match.topic]
    subject = set(tokens(topic.label)) | {s for k in topic.keywords for s in tokens(k)}
    subject |= {s for m in others if m.topic != match.topic for t in m.terms for s in tokens(t)}
    own = [tuple(tokens(t)) for t in (*topic.phrases, *topic.related)]
    needed = []
    for stems in _spans(words, [s for s in own if s] + list(attribute_terms())):
        rest = tuple(s for s in stems if s not in subject and s not in STOPWORDS)
        if rest and rest not in needed:
            needed.append(rest)
    return needed


def _holds(dataset_text: set[str], term: tuple[str, ...]) -> bool:
    return all(s in dataset_text for s in term)


def listable(dataset: dict[str, Any]) -> bool:
    """A council dataset the public can see: active, not private, not blocked, with the
    council schema's Model Publication Scheme class (test and other publishers' datasets
    created without the council schema have none)."""
    return is_public(dataset) and not blocked_reason(dataset) and bool(dataset.get("mps_class"))


def _suggestion(
    d: dict[str, Any],
    site_url: str,
    score: int,
    reasons: list[str],
    topics: list[str],
    eir: bool,
    today: dt.date,
) -> Suggestion:
    due = next_update_due(d)
    licence, licence_url = dataset_licence(d)
    return Suggestion(
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
        topics=tuple(topics),
        eir=eir,
    )


def suggest(
    text: str,
    datasets: Iterable[dict[str, Any]],
    matcher: Matcher,
    *,
    site_url: str,
    limit: int = 5,
    today: dt.date | None = None,
) -> SuggestResult:
    """Published datasets answering ``text``, best first, with reasons, and which
    parts (matched topics) of the request they answer.

    Every matched topic is considered. A dataset tagged with a matched topic answers
    that part only if it holds what the request asks (:func:`required_terms`); a
    dataset sharing at least two significant words with the request is suggested
    (up to ``limit`` of these) when no topic matched. Private, withdrawn, blocked
    and test datasets are never suggested.
    """
    if not site_url:
        raise SuggestError("no site URL for dataset links: set ckan.site_url (or give --site-url)")
    text = (text or "").strip()
    if not text:
        raise SuggestError("the request text is empty: nothing to check")
    today = today or dt.date.today()
    topics = tuple(matcher.matching(text))
    vocab = matcher.vocabulary
    norm = matcher.normalise(text)
    words = set(norm) - STOPWORDS
    shown = {s: w.lower() for w in re.findall(r"[A-Za-z]+", text) for s in matcher.normalise(w)}
    public = [d for d in datasets if listable(d)]
    found: dict[str, Suggestion] = {}
    parts: list[Part] = []
    for m in topics:
        label = vocab.label(m.topic)
        tagged = [d for d in public if m.topic in (d.get("foi_topics") or [])]
        if not tagged:
            parts.append(Part(m.topic, label, False, reason="no published dataset for this topic"))
            continue
        needed = required_terms(norm, m, matcher, topics)
        holders, missing = [], set()
        for d in tagged:
            held = dataset_words(d)
            lacking = [" ".join(shown.get(s, s) for s in t) for t in needed if not _holds(held, t)]
            if lacking:
                missing.update(lacking)
                continue
            holders.append(d)
        if not holders:
            parts.append(
                Part(
                    m.topic,
                    label,
                    False,
                    missing=tuple(sorted(missing)),
                    reason="the published data does not hold: " + ", ".join(sorted(missing)),
                )
            )
            continue
        parts.append(Part(m.topic, label, True, tuple(d["name"] for d in holders)))
        eir = vocab.topics[m.topic].eir
        for d in holders:
            shared = sorted(words & _title_words(d))
            reason = f'answers FOI topic "{label}": the request {m.reason()}'
            previous = found.get(d["name"])
            if previous:
                found[d["name"]] = _suggestion(
                    d,
                    site_url,
                    previous.score + TOPIC_WEIGHT * m.score,
                    [*previous.reasons, reason],
                    [*previous.topics, m.topic],
                    previous.eir or eir,
                    today,
                )
            else:
                reasons = [reason] + (["title or keywords share: " + ", ".join(shared)] if shared else [])
                found[d["name"]] = _suggestion(
                    d, site_url, TOPIC_WEIGHT * m.score + len(shared), reasons, [m.topic], eir, today
                )
    extra: list[Suggestion] = []
    if not topics:
        for d in public:
            shared = sorted(words & _title_words(d))
            if len(shared) >= MIN_WORDS:
                reasons = ["title or keywords share: " + ", ".join(shared)]
                extra.append(_suggestion(d, site_url, len(shared), reasons, [], False, today))
        extra.sort(key=lambda s: (-s.score, s.overdue, s.title))
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.overdue, s.title)) + extra[:limit]
    regime = "EIR" if ranked and all(s.eir for s in ranked) else "FOISA"
    if not ranked and topics and vocab.topics[topics[0].topic].eir:
        regime = "EIR"
    labels = {t: vocab.label(t) for t in vocab.topics}
    return SuggestResult(text, topics, tuple(ranked), regime, labels=labels, parts=tuple(parts))


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
    """As :func:`suggest`; when published data does not answer the whole request,
    record it (personal data removed) with its first unanswered topic as a
    candidate for the plan (only when a store is given)."""
    result = suggest(text, datasets, matcher, site_url=site_url, limit=limit, today=today)
    unanswered = [p for p in result.parts if not p.answered]
    if store is None or (result.suggestions and not unanswered):
        return result
    clean, _ = scrub(result.text)
    guess = unanswered[0].topic if unanswered else (result.topics[0].topic if result.topics else None)
    candidate = store.add_candidate(clean, guess)
    return SuggestResult(
        result.text, result.topics, result.suggestions, result.regime, candidate, result.labels, result.parts
    )


REVIEW = (
    "If you are dissatisfied with the way we have handled your request, you can ask us to review our actions "
    "and decisions by writing to [FOI team contact] within 40 working days of receiving this response. "
    "If you remain dissatisfied after the review, you may apply to the Scottish Information Commissioner "
    "for a decision (www.foi.scot)."
)


def _items(suggestions: Iterable[Suggestion]) -> list[str]:
    items: list[str] = []
    for s in suggestions:
        items.append(f"- {s.title}: {s.url}")
        items.append(
            f"  Formats: {', '.join(s.formats) or 'see the dataset page'}. "
            f"Licence: {s.licence}" + (f" ({s.licence_url})" if s.licence_url else "") + "."
        )
        if s.last_updated:
            items.append(f"  Last updated: {s.last_updated}.")
    return items


def _remaining(result: SuggestResult) -> list[str]:
    open_parts = [p for p in result.parts if not p.answered]
    if not open_parts:
        return []
    what = "; ".join(
        f"{p.label.lower()} ({', '.join(p.missing)})" if p.missing else p.label.lower() for p in open_parts
    )
    return [
        "",
        f"The rest of your request ({what}) is not covered by the published data above. It is being dealt "
        "with and we will respond to it within 20 working days of receiving your request.",
    ]


def draft_reply(
    result: SuggestResult, *, reference: str | None = None, received: dt.date | None = None
) -> str:
    """An editable reply: the parts answered by published data are reasonably
    obtainable elsewhere (FOISA s25, or EIR regulation 6(1)(b) for environmental
    information), with each dataset's link, formats and licence; any other part is
    being dealt with. Without suggestions, a note for the FOI team."""
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
        recorded = (
            " It has been recorded as a candidate for the publication plan."
            if result.candidate_id is not None
            else ""
        )
        note = f"[No published dataset answers this request.{recorded} Answer the request in the usual way.]"
        return "\n".join([*head, note])
    eir = [s for s in result.suggestions if s.eir]
    foisa = [s for s in result.suggestions if not s.eir]

    def about(group: list[Suggestion]) -> str:
        labels = sorted({result.labels.get(t, t).lower() for s in group for t in s.topics})
        return " about " + ", ".join(labels) if labels and (result.partly or (eir and foisa)) else ""

    body: list[str] = []
    if foisa:
        body += [
            f"Thank you for your request, received on {when}, which we have dealt with under the Freedom of "
            "Information (Scotland) Act 2002 (FOISA)"
            + (
                " and, for environmental information, the Environmental Information (Scotland) "
                "Regulations 2004 (the EIRs)."
                if eir
                else "."
            ),
            "",
            "The information you asked for"
            + about(foisa)
            + " is published on the council's open data portal, so it is reasonably obtainable other than by "
            "requesting it. It is therefore exempt under section 25(1) of FOISA and we are not required to "
            "provide it in response to your request. You can view and download it here:",
            "",
            *_items(foisa),
        ]
    if eir:
        if not foisa:
            body += [
                f"Thank you for your request, received on {when}. The information you asked for is "
                "environmental information, so we have dealt with your request under the Environmental "
                "Information (Scotland) Regulations 2004 (the EIRs) and apply the exemption in section "
                "39(2) of the Freedom of Information (Scotland) Act 2002.",
                "",
            ]
        else:
            body += [""]
        body += [
            "The environmental information"
            + about(eir)
            + " is already publicly available and easily accessible to you on the council's open data "
            "portal. Under regulation 6(1)(b) of the EIRs we are therefore not required to make it available "
            "in another form or format. You can view and download it here:",
            "",
            *_items(eir),
        ]
    return "\n".join(
        [
            *head,
            *body,
            *_remaining(result),
            "",
            "You are free to re-use this information under the licence shown for each dataset.",
            "",
            REVIEW,
            "",
            "Yours sincerely,",
            "",
            "Freedom of Information team",
            "North Lanarkshire Council",
        ]
    )
