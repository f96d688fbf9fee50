"""The most-requested FOI topics over a rolling window, with counts by quarter."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


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


def quarter(day: dt.date) -> str:
    """Calendar quarter label, e.g. '2024 Q3'."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarters_between(since: dt.date, until: dt.date) -> tuple[str, ...]:
    """Every quarter label from since to until inclusive, in order."""
    labels: list[str] = []
    year, q = since.year, (since.month - 1) // 3
    while (year, q) <= (until.year, (until.month - 1) // 3):
        labels.append(f"{year} Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return tuple(labels)


def window_start(until: dt.date, months: int) -> dt.date:
    """The first day of a window of ``months`` months ending on ``until`` (inclusive)."""
    after = until + dt.timedelta(days=1)
    month = after.month - 1 - months
    year, month = after.year + month // 12, month % 12 + 1
    for day in (after.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


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
