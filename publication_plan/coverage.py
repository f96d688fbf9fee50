"""Coverage of the most-requested topics by published data, overdue datasets,
deflection, and the dashboard data (full for the FOI team, summary for the public)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from publication_plan.plan import STATUSES, Plan, TopicStatus, plan_status
from publication_plan.ranking import (
    Ranking,
    RequestLike,
    TopicCount,
    _field,
    quarter,
    quarters_between,
    request_topics,
    window_start,
)
from publication_plan.vocabulary import Vocabulary


@dataclass(frozen=True)
class Coverage:
    topics_answered: int
    topics_total: int
    requests_answered: int
    requests_total: int

    @property
    def topic_share(self) -> float:
        return self.topics_answered / self.topics_total if self.topics_total else 0.0

    @property
    def request_share(self) -> float:
        return self.requests_answered / self.requests_total if self.requests_total else 0.0


def dataset_status_row(d: Any) -> dict[str, Any]:
    """One dataset's status in a topic row (dashboard, CSV, API)."""
    return {
        "name": d.name,
        "title": d.title,
        "status": d.status,
        "reason": d.reason,
        "next_update_due": d.next_update_due,
    }


def coverage(ranking: Ranking, statuses: dict[str, TopicStatus]) -> Coverage:
    """Share of the ranked topics, and of the requests behind them, answered by a
    published, in-date dataset."""
    answered = [t for t in ranking.topics if t.topic in statuses and statuses[t.topic].answered]
    return Coverage(
        len(answered),
        len(ranking.topics),
        sum(t.total for t in answered),
        sum(t.total for t in ranking.topics),
    )


def overdue(statuses: dict[str, TopicStatus]) -> list[dict[str, Any]]:
    """Published datasets overdue for update, most overdue first (one row per dataset)."""
    rows: dict[str, dict[str, Any]] = {}
    for status in statuses.values():
        for d in status.datasets:
            if d.status == "overdue":
                row = rows.setdefault(
                    d.name,
                    {"dataset": d.name, "title": d.title, "next_update_due": d.next_update_due, "topics": []},
                )
                row["topics"].append(status.topic)
    return sorted(rows.values(), key=lambda r: (r["next_update_due"] or "", r["dataset"]))


def months_between(since: dt.date, until: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(label 'YYYY-MM', first day, last day) of every calendar month from since to until."""
    out = []
    year, month = since.year, since.month
    while (year, month) <= (until.year, until.month):
        first = dt.date(year, month, 1)
        nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        out.append((f"{year}-{month:02d}", first, nxt - dt.timedelta(days=1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def partial_quarters(since: dt.date, until: dt.date, quarters: Sequence[str]) -> list[str]:
    """Quarters of the window it covers only in part (charted and labelled as partial)."""
    out = []
    for label in quarters:
        year, q = int(label[:4]), int(label[-1])
        first = dt.date(year, 3 * (q - 1) + 1, 1)
        last = (dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)) - dt.timedelta(days=1)
        if first < since or last > until:
            out.append(label)
    return out


def deflection(
    requests: Iterable[RequestLike | dict[str, Any]],
    topic: str,
    published: dt.date | None,
    since: dt.date,
    until: dt.date,
    *,
    target: dt.date | None = None,
) -> dict[str, Any]:
    """Requests for ``topic`` per month of the window, before and after publication
    (see :func:`deflection_from_counts`)."""
    counts: dict[str, int] = {}
    for r in requests:
        received = _field(r, "received")
        if topic in request_topics(r) and since <= received <= until:
            label = f"{received.year}-{received.month:02d}"
            counts[label] = counts.get(label, 0) + 1
    return deflection_from_counts(counts, topic, published, since, until, target=target)


def deflection_from_counts(
    month_counts: dict[str, int],
    topic: str,
    published: dt.date | None,
    since: dt.date,
    until: dt.date,
    *,
    target: dt.date | None = None,
) -> dict[str, Any]:
    """Requests for ``topic`` per month of the window ('YYYY-MM' -> count), before and after
    publication.

    A month the window covers only in part is ``partial`` and left out of the
    averages, as is the month of publication (it is neither before nor after).
    Averages are requests per full month. ``late`` when the dataset was published
    after the plan's target date (or is still unpublished after it).
    """
    months = months_between(since, until)
    counts = {label: month_counts.get(label, 0) for label, _, _ in months}
    pub_label = f"{published.year}-{published.month:02d}" if published else None
    per_month = []
    before: list[int] = []
    after: list[int] = []
    for label, first, last in months:
        partial = first < since or last > until
        phase = None
        if published:
            phase = "before" if label < pub_label else "after" if label > pub_label else "publication"
        per_month.append(
            {
                "month": label,
                "requests": counts[label],
                "partial": partial,
                "days": ((min(last, until) - max(first, since)).days + 1),
                "phase": phase,
            }
        )
        if not partial and phase == "before":
            before.append(counts[label])
        elif not partial and phase == "after":
            after.append(counts[label])
    before_avg = sum(before) / len(before) if before else None
    after_avg = sum(after) / len(after) if after else None
    change = (after_avg - before_avg) / before_avg if before_avg and after_avg is not None else None
    reference_day = published or until
    late_days = (reference_day - target).days if target and reference_day > target else 0
    return {
        "topic": topic,
        "published": published.isoformat() if published else None,
        "target": target.isoformat() if target else None,
        "late": late_days > 0,
        "days_late": late_days,
        "per_month": per_month,
        "before_months": len(before),
        "after_months": len(after),
        "before_per_month": before_avg,
        "after_per_month": after_avg,
        "change": change,
    }


@dataclass(frozen=True)
class WindowCounts:
    """The requests of a window, counted: what the dashboard needs instead of every request.

    ``by_month``: {(topic, year, month): requests} (a request with several topics counted
    under each); ``examples``: the latest requests of each topic, oldest first, and under
    None every request with no topic ({"reference", "received", "title"}).
    """

    since: dt.date
    until: dt.date
    total: int
    unmatched: int
    by_month: dict[tuple[str, int, int], int]
    examples: dict[str | None, list[dict[str, Any]]]


def count_requests(
    requests: Iterable[RequestLike | dict[str, Any]], since: dt.date, until: dt.date, examples: int
) -> WindowCounts:
    """:class:`WindowCounts` of a list of requests, in Python (the FOI store's
    ``window_counts`` and ``window_examples`` give the same from the database)."""
    total = unmatched = 0
    by_month: dict[tuple[str, int, int], int] = {}
    latest: dict[str | None, list[dict[str, Any]]] = {}
    for r in requests:
        received = _field(r, "received")
        if not since <= received <= until:
            continue
        total += 1
        item = {"reference": _field(r, "reference"), "received": received, "title": _field(r, "title")}
        topics = request_topics(r)
        if not topics:
            unmatched += 1
            latest.setdefault(None, []).append(item)
        for topic in topics:
            key = (topic, received.year, received.month)
            by_month[key] = by_month.get(key, 0) + 1
            if examples:
                kept = latest.setdefault(topic, [])
                kept.append(item)
                del kept[:-examples]
    return WindowCounts(since, until, total, unmatched, by_month, latest)


def rank(counts: WindowCounts, limit: int, labels: dict[str, str]) -> Ranking:
    """The ``limit`` topics with most requests in the window (ties by topic id), by quarter."""
    quarters = quarters_between(counts.since, counts.until)
    totals: dict[str, int] = {}
    per_quarter: dict[str, dict[str, int]] = {}
    for (topic, year, month), n in counts.by_month.items():
        totals[topic] = totals.get(topic, 0) + n
        q = quarter(dt.date(year, month, 1))
        per_quarter.setdefault(topic, {}).setdefault(q, 0)
        per_quarter[topic][q] += n
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    topics = tuple(
        TopicCount(t, labels.get(t, t), n, {q: per_quarter[t].get(q, 0) for q in quarters}) for t, n in ranked
    )
    return Ranking(counts.since, counts.until, quarters, topics, counts.total, counts.unmatched)


def build_dashboard(
    requests: Sequence[RequestLike | dict[str, Any]],
    datasets: Iterable[dict[str, Any]],
    plan: Plan,
    vocabulary: Vocabulary,
    *,
    today: dt.date | None = None,
    months: int = 12,
    limit: int = 20,
    examples: int = 3,
) -> dict[str, Any]:
    """Everything the FOI coverage dashboard shows, from a list of requests (oldest first);
    see :func:`dashboard_from_counts`."""
    today = today or dt.date.today()
    if months < 1 or limit < 1:
        raise ValueError("months and limit must be positive")
    counts = count_requests(requests, window_start(today, months), today, examples)
    return dashboard_from_counts(counts, datasets, plan, vocabulary, months=months, limit=limit)


def dashboard_from_counts(
    counts: WindowCounts,
    datasets: Iterable[dict[str, Any]],
    plan: Plan,
    vocabulary: Vocabulary,
    *,
    months: int,
    limit: int = 20,
) -> dict[str, Any]:
    """Everything the FOI coverage dashboard shows, as plain JSON-ready data, for the window
    ``counts`` covers (``months`` months to ``counts.until``, the day it is computed for).

    Includes request titles (examples per topic, unmatched requests): for the
    FOI team only. Use :func:`public_summary` for anyone else.
    """
    today = counts.until
    statuses = plan_status(plan, datasets, vocabulary, today)
    labels = {t: vocabulary.label(t) for t in vocabulary.topics}
    ranking = rank(counts, limit, labels)
    cov = coverage(ranking, statuses)
    rows = []
    for position, tc in enumerate(ranking.topics, 1):
        st = statuses.get(tc.topic)
        month_counts = {
            f"{y}-{m:02d}": n for (topic, y, m), n in counts.by_month.items() if topic == tc.topic
        }
        rows.append(
            {
                "rank": position,
                "topic": tc.topic,
                "label": tc.label,
                "requests": tc.total,
                "by_quarter": tc.by_quarter,
                "status": st.status if st else "missing",
                "status_label": STATUSES[st.status] if st else STATUSES["missing"],
                "service": plan.service_label(st.service) if st else None,
                "priority": st.priority if st else None,
                "target_date": st.target_date.isoformat() if st and st.target_date else None,
                "published_date": st.published_date.isoformat() if st and st.published_date else None,
                "datasets": [dataset_status_row(d) for d in (st.datasets if st else ())],
                "deflection": deflection_from_counts(
                    month_counts,
                    tc.topic,
                    st.published_date if st else None,
                    ranking.since,
                    ranking.until,
                    target=st.target_date if st else None,
                ),
                "example_requests": [
                    {"reference": e["reference"], "title": e["title"]}
                    for e in counts.examples.get(tc.topic, [])
                ],
            }
        )
    unmatched = [
        {"reference": e["reference"], "received": e["received"].isoformat(), "title": e["title"]}
        for e in counts.examples.get(None, [])
    ]
    return {
        "generated": today.isoformat(),
        "window": {"since": ranking.since.isoformat(), "until": ranking.until.isoformat(), "months": months},
        "quarters": list(ranking.quarters),
        "partial_quarters": partial_quarters(ranking.since, ranking.until, ranking.quarters),
        "requests_in_window": ranking.total_requests,
        "unmatched_in_window": ranking.unmatched_requests,
        "coverage": {
            "topics_answered": cov.topics_answered,
            "topics_total": cov.topics_total,
            "topic_share": round(cov.topic_share, 4),
            "requests_answered": cov.requests_answered,
            "requests_total": cov.requests_total,
            "request_share": round(cov.request_share, 4),
        },
        "top_topics": rows,
        "overdue": overdue(statuses),
        "plan": [
            {
                "topic": s.topic,
                "label": s.label,
                "status": s.status,
                "service": plan.service_label(s.service),
                "priority": s.priority,
                "target_date": s.target_date.isoformat() if s.target_date else None,
                "datasets": [d.name for d in s.datasets],
            }
            for s in statuses.values()
        ],
        "unmatched_requests": unmatched,
    }


PRIVATE_KEYS = ("example_requests", "unmatched_requests")


def public_summary(dashboard: dict[str, Any]) -> dict[str, Any]:
    """The dashboard without any request details (references, titles): safe for anyone."""
    summary = {k: v for k, v in dashboard.items() if k not in PRIVATE_KEYS}
    summary["top_topics"] = [
        {k: v for k, v in row.items() if k not in PRIVATE_KEYS} for row in dashboard["top_topics"]
    ]
    return summary


CSV_COLUMNS = (
    "rank",
    "topic",
    "label",
    "requests",
    "status",
    "service",
    "priority",
    "target_date",
    "published_date",
    "datasets",
    "before_per_month",
    "after_per_month",
    "change",
    "published_late",
)


def dashboard_csv(dashboard: dict[str, Any]) -> str:
    """The top-topics table as CSV (one row per topic, one column per quarter)."""
    out = io.StringIO()
    quarters = dashboard["quarters"]
    writer = csv.writer(out, lineterminator="\n")
    partial = set(dashboard.get("partial_quarters") or ())
    writer.writerow([*CSV_COLUMNS, *(f"{q} (partial)" if q in partial else q for q in quarters)])
    for row in dashboard["top_topics"]:
        defl = row["deflection"]
        values = {
            **row,
            "datasets": " ".join(d["name"] for d in row["datasets"]),
            "before_per_month": _num(defl["before_per_month"]),
            "after_per_month": _num(defl["after_per_month"]),
            "change": "" if defl["change"] is None else f"{defl['change']:+.0%}",
            "published_late": f"late by {defl['days_late']} days" if defl["late"] else "",
        }
        writer.writerow(
            [
                *(values.get(c) if values.get(c) is not None else "" for c in CSV_COLUMNS),
                *(row["by_quarter"].get(q, 0) for q in quarters),
            ]
        )
    return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"
