"""Top topics by quarter, coverage as datasets are published / go overdue / are withdrawn,
deflection, and the public summary without request details."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from publication_plan.coverage import build_dashboard, dashboard_csv, deflection, public_summary
from publication_plan.plan import load_plan
from publication_plan.ranking import quarters_between, top_topics, window_start
from publication_plan.store import FoiRequest
from publication_plan.vocabulary import load_vocabulary
from tests.publication_plan.helpers import TODAY, dataset

COUNTS = {
    "council-tax-bands": 30,
    "public-toilets": 20,
    "councillor-expenses": 10,
    "schools": 6,
    "libraries": 4,
}


def make_requests() -> list[FoiRequest]:
    """Requests spread over the 12 months to TODAY, plus some outside the window and unmatched."""
    out: list[FoiRequest] = []
    n = 0
    for topic, count in COUNTS.items():
        for i in range(count):
            n += 1
            received = TODAY - dt.timedelta(days=(i * 37) % 360)
            out.append(FoiRequest(f"FOI/{n}", received, f"Secret title {n} about {topic}", topic=topic))
    for i in range(5):
        out.append(
            FoiRequest(
                f"OLD/{i}", dt.date(2023, 1, 10), "Old council tax band request", topic="council-tax-bands"
            )
        )
        out.append(FoiRequest(f"UN/{i}", TODAY - dt.timedelta(days=i), f"Secret unmatched {i}"))
    return out


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def plan(vocab):
    return load_plan(vocabulary=vocab)


def test_window_and_quarters():
    assert window_start(dt.date(2025, 6, 30), 12) == dt.date(2024, 7, 1)
    assert window_start(dt.date(2024, 2, 29), 12) == dt.date(2023, 3, 1)
    assert quarters_between(dt.date(2024, 7, 1), dt.date(2025, 6, 30)) == (
        "2024 Q3",
        "2024 Q4",
        "2025 Q1",
        "2025 Q2",
    )


def test_top_topics_ranked_with_quarters():
    ranking = top_topics(make_requests(), until=TODAY, months=12, limit=3)
    assert [t.topic for t in ranking.topics] == ["council-tax-bands", "public-toilets", "councillor-expenses"]
    assert [t.total for t in ranking.topics] == [30, 20, 10]
    assert sum(ranking.topics[0].by_quarter.values()) == 30
    assert list(ranking.topics[0].by_quarter) == list(ranking.quarters)
    assert ranking.unmatched_requests == 5 and ranking.total_requests == 75
    shorter = top_topics(make_requests(), until=TODAY, months=3, limit=20)
    assert shorter.quarters == ("2026 Q3", "2026 Q4") and shorter.topics[0].total < 30


def coverage_for(plan, vocab, catalogue):
    return build_dashboard(make_requests(), catalogue, plan, vocab, today=TODAY)["coverage"]


def test_coverage_as_datasets_are_published_go_overdue_and_are_withdrawn(plan, vocab):
    # 5 top topics with 70 requests in the window
    assert coverage_for(plan, vocab, []) == {
        "topics_answered": 0,
        "topics_total": 5,
        "topic_share": 0.0,
        "requests_answered": 0,
        "requests_total": 70,
        "request_share": 0.0,
    }
    published = [
        dataset("council-tax-bands", ["council-tax-bands"]),
        dataset("public-toilets", ["public-toilets"]),
    ]
    cov = coverage_for(plan, vocab, published)
    assert (cov["topics_answered"], cov["requests_answered"]) == (2, 50)
    assert (cov["topic_share"], cov["request_share"]) == (0.4, round(50 / 70, 4))
    overdue = [published[0], dataset("public-toilets", ["public-toilets"], next_update_due="2026-11-29")]
    assert coverage_for(plan, vocab, overdue)["requests_answered"] == 30
    withdrawn = [dataset("council-tax-bands", ["council-tax-bands"], state="deleted"), published[1]]
    assert coverage_for(plan, vocab, withdrawn)["requests_answered"] == 20
    private = [dataset("council-tax-bands", ["council-tax-bands"], private=True), published[1]]
    assert coverage_for(plan, vocab, private)["requests_answered"] == 20
    blocked = [
        dataset("council-tax-bands", ["council-tax-bands"], personal_data_screen="failed"),
        published[1],
    ]
    assert coverage_for(plan, vocab, blocked)["requests_answered"] == 20
    libraries = [dataset("libraries-first-stop-shops", ["libraries", "first-stop-shops"])]
    assert coverage_for(plan, vocab, libraries)["requests_answered"] == 4


def test_dashboard_rows_overdue_and_statuses(plan, vocab):
    catalogue = [
        dataset("council-tax-bands", ["council-tax-bands"]),
        dataset("public-toilets", ["public-toilets"], next_update_due="2026-06-01"),
    ]
    dash = build_dashboard(make_requests(), catalogue, plan, vocab, today=TODAY)
    rows = {r["topic"]: r for r in dash["top_topics"]}
    assert rows["council-tax-bands"]["status"] == "published"
    assert rows["public-toilets"]["status"] == "overdue"
    assert rows["councillor-expenses"]["status"] == "missing"  # target 2026-03-31 passed
    assert rows["council-tax-bands"]["service"] == "Finance (Revenues and Benefits)"  # organizations.yaml
    assert rows["council-tax-bands"]["published_date"] == "2026-01-10"
    assert dash["overdue"] == [
        {
            "dataset": "public-toilets",
            "title": "Public toilets",
            "next_update_due": "2026-06-01",
            "topics": ["public-toilets"],
        }
    ]
    assert len(dash["plan"]) == 25
    assert len(dash["unmatched_requests"]) == 5


def test_deflection_per_month_before_and_after_publication():
    since, until = dt.date(2024, 7, 15), dt.date(2025, 5, 20)  # first and last month partial
    reqs = (
        [FoiRequest(f"a{i}", dt.date(2024, 7, 20), "t", topic="x") for i in range(5)]
        + [FoiRequest(f"b{i}", dt.date(2024, 8, 3), "t", topic="x") for i in range(9)]
        + [FoiRequest(f"c{i}", dt.date(2024, 11, 1), "t", topics=("y", "x")) for i in range(7)]
        + [FoiRequest(f"d{i}", dt.date(2025, 1, 12), "t", topic="x") for i in range(4)]
        + [FoiRequest(f"e{i}", dt.date(2025, 3, 2), "t", topic="x") for i in range(2)]
        + [FoiRequest("f", dt.date(2025, 5, 1), "t", topic="x"), FoiRequest("g", dt.date(2025, 5, 1), "t")]
    )
    result = deflection(reqs, "x", dt.date(2025, 1, 10), since, until, target=dt.date(2024, 12, 31))
    months = {m["month"]: m for m in result["per_month"]}
    assert list(months)[0] == "2024-07" and list(months)[-1] == "2025-05"
    first = {"month": "2024-07", "requests": 5, "partial": True, "days": 17, "phase": "before"}
    assert months["2024-07"] == first
    assert months["2025-05"]["partial"] and months["2025-05"]["requests"] == 1
    assert months["2024-11"]["requests"] == 7  # second topic of a two-topic request counts
    assert months["2025-01"]["phase"] == "publication"
    # before: Aug-Dec 2024 full months (9+0+0+7+0)/5; after: Feb-Apr 2025 (0+2+0)/3; partial and
    # publication months are left out
    assert (result["before_months"], result["after_months"]) == (5, 3)
    assert result["before_per_month"] == pytest.approx(3.2)
    assert result["after_per_month"] == pytest.approx(2 / 3)
    assert result["late"] and result["days_late"] == 10
    on_time = deflection(reqs, "x", dt.date(2025, 1, 10), since, until, target=dt.date(2025, 3, 1))
    assert not on_time["late"] and on_time["days_late"] == 0
    unpublished = deflection(reqs, "x", None, since, until, target=dt.date(2025, 1, 1))
    assert unpublished["change"] is None and unpublished["late"] and unpublished["days_late"] == 139


def test_partial_quarters_are_named_and_labelled_in_the_csv(plan, vocab):
    dash = build_dashboard(make_requests(), [], plan, vocab, today=TODAY)
    assert dash["partial_quarters"] and set(dash["partial_quarters"]) <= set(dash["quarters"])
    header = dashboard_csv(dash).splitlines()[0].split(",")
    assert "before_per_month" in header and "published_late" in header
    assert any(h.endswith("(partial)") for h in header)


def test_public_summary_has_no_request_details(plan, vocab):
    dash = build_dashboard(make_requests(), [], plan, vocab, today=TODAY)
    assert "Secret" in repr(dash) and "FOI/" in repr(dash)
    summary = public_summary(dash)
    text = repr(summary)
    assert "Secret" not in text and "FOI/" not in text and "UN/" not in text
    assert summary["coverage"] == dash["coverage"]
    assert [r["requests"] for r in summary["top_topics"]] == [30, 20, 10, 6, 4]
    assert "example_requests" in dash["top_topics"][0]


def test_dashboard_csv(plan, vocab):
    dash = build_dashboard(
        make_requests(), [dataset("council-tax-bands", ["council-tax-bands"])], plan, vocab, today=TODAY
    )
    rows = list(csv.DictReader(io.StringIO(dashboard_csv(dash))))
    assert [r["topic"] for r in rows][:2] == ["council-tax-bands", "public-toilets"]
    assert rows[0]["status"] == "published" and rows[0]["requests"] == "30"
    partial = set(dash["partial_quarters"])
    assert sum(int(rows[0][f"{q} (partial)" if q in partial else q]) for q in dash["quarters"]) == 30
    assert "Secret" not in dashboard_csv(dash)
