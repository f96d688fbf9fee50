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
    assert rows["council-tax-bands"]["service"] == "Finance"
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


def test_deflection_before_and_after_publication():
    quarters = ("2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2")
    reqs = (
        [FoiRequest(f"a{i}", dt.date(2024, 8, 1), "t", topic="x") for i in range(9)]
        + [FoiRequest(f"b{i}", dt.date(2024, 11, 1), "t", topic="x") for i in range(7)]
        + [FoiRequest(f"c{i}", dt.date(2025, 2, 1), "t", topic="x") for i in range(2)]
        + [FoiRequest("d", dt.date(2025, 5, 1), "t", topic="x"), FoiRequest("e", dt.date(2025, 5, 1), "t")]
    )
    result = deflection(reqs, "x", dt.date(2025, 1, 10), quarters)
    assert result["per_quarter"] == {"2024 Q3": 9, "2024 Q4": 7, "2025 Q1": 2, "2025 Q2": 1}
    assert result["before_per_quarter"] == 8.0 and result["after_per_quarter"] == 1.5
    assert result["change"] == pytest.approx(-0.8125)
    late = deflection(reqs, "x", dt.date(2025, 3, 20), quarters)  # late in Q1: Q1 counts as before
    assert late["before_per_quarter"] == 6.0 and late["after_per_quarter"] == 1.0
    assert deflection(reqs, "x", None, quarters)["change"] is None


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
    assert sum(int(rows[0][q]) for q in dash["quarters"]) == 30
    assert "Secret" not in dashboard_csv(dash)
