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
from publication_plan.ranking import Ranking, RequestLike, _field, quarter, top_topics
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
    return {"name": d.name, "title": d.title, "status": d.status, "reason": d.reason,
            "next_update_due": d.next_update_due}

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


def deflection(
    requests: Iterable[RequestLike | dict[str, Any]],
    topic: str,
    published: dt.date | None,
    quarters: Sequence[str],
) -> dict[str, Any]:
    """Requests for ``topic`` per quarter, split into before and after publication.

    The publication quarter counts as "after" when publication fell in its
    first half. Averages are per quarter, over the quarters in each part.
    """
    counts = {q: 0 for q in quarters}
    for r in requests:
        if _field(r, "topic") == topic:
            q = quarter(_field(r, "received"))
            if q in counts:
                counts[q] += 1
    if published is None:
        return {
            "topic": topic,
            "published": None,
            "per_quarter": counts,
            "before_per_quarter": None,
            "after_per_quarter": None,
            "change": None,
        }
    pub_q = quarter(published)
    pub_q_start = dt.date(published.year, 3 * ((published.month - 1) // 3) + 1, 1)
    pub_counts_after = (published - pub_q_start).days < 45
    before = [n for q, n in counts.items() if q < pub_q or (q == pub_q and not pub_counts_after)]
    after = [n for q, n in counts.items() if q > pub_q or (q == pub_q and pub_counts_after)]
    before_avg = sum(before) / len(before) if before else None
    after_avg = sum(after) / len(after) if after else None
    change = (after_avg - before_avg) / before_avg if before_avg and after_avg is not None else None
    return {
        "topic": topic,
        "published": published.isoformat(),
        "per_quarter": counts,
        "before_per_quarter": before_avg,
        "after_per_quarter": after_avg,
        "change": change,
    }


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
    """Everything the FOI coverage dashboard shows, as plain JSON-ready data.

    Includes request titles (examples per topic, unmatched requests): for the
    FOI team only. Use :func:`public_summary` for anyone else.
    """
    today = today or dt.date.today()
    statuses = plan_status(plan, datasets, vocabulary, today)
    labels = {t: vocabulary.label(t) for t in vocabulary.topics}
    ranking = top_topics(requests, until=today, months=months, limit=limit, labels=labels)
    cov = coverage(ranking, statuses)
    in_window = [r for r in requests if ranking.since <= _field(r, "received") <= ranking.until]
    rows = []
    for rank, tc in enumerate(ranking.topics, 1):
        st = statuses.get(tc.topic)
        topic_requests = [r for r in in_window if _field(r, "topic") == tc.topic]
        rows.append(
            {
                "rank": rank,
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
                "deflection": deflection(
                    topic_requests, tc.topic, st.published_date if st else None, ranking.quarters
                ),
                "example_requests": [
                    {"reference": _field(r, "reference"), "title": _field(r, "title")}
                    for r in topic_requests[-examples:]
                ]
                if examples
                else [],
            }
        )
    unmatched = [
        {
            "reference": _field(r, "reference"),
            "received": _field(r, "received").isoformat(),
            "title": _field(r, "title"),
        }
        for r in in_window
        if _field(r, "topic") is None
    ]
    return {
        "generated": today.isoformat(),
        "window": {"since": ranking.since.isoformat(), "until": ranking.until.isoformat(), "months": months},
        "quarters": list(ranking.quarters),
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
    "before_per_quarter",
    "after_per_quarter",
)


def dashboard_csv(dashboard: dict[str, Any]) -> str:
    """The top-topics table as CSV (one row per topic, one column per quarter)."""
    out = io.StringIO()
    quarters = dashboard["quarters"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *quarters])
    for row in dashboard["top_topics"]:
        defl = row["deflection"]
        values = {
            **row,
            "datasets": " ".join(d["name"] for d in row["datasets"]),
            "before_per_quarter": _num(defl["before_per_quarter"]),
            "after_per_quarter": _num(defl["after_per_quarter"]),
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
