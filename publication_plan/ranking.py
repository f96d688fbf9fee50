"""The most-requested FOI topics over a rolling window, with counts by quarter."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from ckanext.nlc.vocab import add_months, quarters_between
from ckanext.nlc.vocab import quarter_label as quarter

__all__ = ["quarter", "quarters_between", "top_topics", "window_start"]


class RequestLike(Protocol):
    received: dt.date
    topic: str | None


@dataclass(frozen=True)
class TopicCount:
    topic: str
    label: str
    total: int
    by_quarter: dict[str, int]


@dataclass(frozen=True)
class Ranking:
    since: dt.date
    until: dt.date
    quarters: tuple[str, ...]
    topics: tuple[TopicCount, ...]
    total_requests: int
    unmatched_requests: int


def _field(request: Any, name: str) -> Any:
    return request[name] if isinstance(request, dict) else getattr(request, name)


def request_topics(request: Any) -> tuple[str, ...]:
    """Every topic of a request (its ``topics``, else its single ``topic``)."""
    many = request.get("topics") if isinstance(request, dict) else getattr(request, "topics", None)
    if many:
        return tuple(many)
    topic = _field(request, "topic")
    return (topic,) if topic else ()


def window_start(until: dt.date, months: int) -> dt.date:
    """The first day of a window of ``months`` months ending on ``until`` (inclusive)."""
    return add_months(until + dt.timedelta(days=1), -months)


def top_topics(
    requests: Iterable[RequestLike | dict[str, Any]],
    *,
    until: dt.date | None = None,
    months: int = 12,
    limit: int = 20,
    labels: dict[str, str] | None = None,
) -> Ranking:
    """The ``limit`` topics with most requests received in the ``months`` months to ``until``.

    Ties are broken by topic id so the order is stable.
    """
    if months < 1 or limit < 1:
        raise ValueError("months and limit must be positive")
    until = until or dt.date.today()
    since = window_start(until, months)
    quarters = quarters_between(since, until)
    totals: Counter[str] = Counter()
    per_quarter: dict[str, Counter[str]] = {}
    total = unmatched = 0
    for request in requests:
        received = _field(request, "received")
        if not since <= received <= until:
            continue
        total += 1
        topics = request_topics(request)
        if not topics:
            unmatched += 1
            continue
        for topic in topics:  # a request about two topics counts for both
            totals[topic] += 1
            per_quarter.setdefault(topic, Counter())[quarter(received)] += 1
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    labels = labels or {}
    topics = tuple(
        TopicCount(t, labels.get(t, t), n, {q: per_quarter[t][q] for q in quarters}) for t, n in ranked
    )
    return Ranking(since, until, quarters, topics, total, unmatched)
