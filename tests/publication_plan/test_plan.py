"""Plan loading and live status: published, overdue, planned, missing, blocked, withdrawn."""

from __future__ import annotations

import datetime as dt

import pytest

from publication_plan.errors import PlanError
from publication_plan.plan import dataset_status, load_plan, next_update_due, plan_status
from publication_plan.vocabulary import load_vocabulary
from tests.publication_plan.helpers import TODAY, dataset


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.fixture(scope="module")
def plan(vocab):
    return load_plan(vocabulary=vocab)


def test_plan_covers_every_topic_with_known_services(plan, vocab):
    assert set(plan.items) == set(vocab.topics)
    for item in plan.items.values():
        assert item.service in plan.services
        assert item.priority in ("high", "medium", "low")
        assert isinstance(item.target_date, dt.date)
    # the datasets whose definitions list the topic (datasets/*/dataset.yaml foi_topics)
    assert plan.items["wards-councillors"].datasets == ("councillors", "postcodes", "wards")
    assert plan.items["polling-districts"].datasets == ("polling-districts",)
    assert plan.services["culture-and-leisure"] == "Culture and Leisure (CultureNL)"  # organizations.yaml


def test_status_of_one_dataset():
    past, future = dt.date(2026, 3, 31), dt.date(2027, 3, 31)
    assert dataset_status("x", dataset("x"), past, TODAY).status == "published"
    over = dataset_status("x", dataset("x", next_update_due="2026-06-01"), past, TODAY)
    assert (over.status, over.reason) == ("overdue", "update was due 2026-06-01")
    assert dataset_status("x", None, future, TODAY).status == "planned"
    assert dataset_status("x", None, past, TODAY).status == "missing"
    blocked = dataset_status("x", dataset("x", personal_data_screen="failed"), past, TODAY)
    assert (blocked.status, blocked.reason) == ("blocked", "failed the personal-data screen")
    invalid = dataset("x", resources=[{"name": "data.csv", "format": "CSV", "validation_status": "failure"}])
    assert dataset_status("x", invalid, past, TODAY).status == "blocked"
    deleted = dataset_status("x", dataset("x", state="deleted"), past, TODAY)
    assert (deleted.status, deleted.reason) == ("missing", "withdrawn (deleted); target 2026-03-31")
    assert dataset_status("x", dataset("x", private=True), future, TODAY).status == "planned"


def test_next_update_due_is_derived_when_absent():
    d = dataset("x", next_update_due=None, last_updated="2025-01-31", update_frequency="monthly")
    assert next_update_due(d) == dt.date(2025, 2, 28)
    assert next_update_due(dataset("x", next_update_due="", update_frequency="irregular")) is None


def test_topic_status_combines_datasets(plan, vocab):
    catalogue = [
        dataset("council-tax-bands", ["council-tax-bands"]),
        dataset("public-toilets", ["public-toilets"], next_update_due="2026-05-01"),
        dataset("wards", ["wards-councillors"], private=True),
        dataset("councillors", ["wards-councillors"]),
        dataset("empty-properties", ["empty-properties"], personal_data_screen="failed"),
        dataset("schools", ["schools"], state="deleted"),
        dataset("bus-stops", ["housing-stock"]),
    ]
    status = plan_status(plan, catalogue, vocab, TODAY)
    assert set(status) == set(vocab.topics)
    assert status["council-tax-bands"].status == "published" and status["council-tax-bands"].answered
    assert status["public-toilets"].status == "overdue" and not status["public-toilets"].answered
    assert status["wards-councillors"].status == "published"
    assert {d.name: d.status for d in status["wards-councillors"].datasets} == {
        "wards": "missing",
        "councillors": "published",
        "postcodes": "missing",
    }
    assert status["empty-properties"].status == "blocked"
    assert status["schools"].status == "missing"  # target 2026-03-31 passed, dataset withdrawn
    assert status["business-rates"].status == "missing"  # target 2026-09-30, nothing published
    assert status["council-spending"].status == "planned"  # target 2027-03-31
    assert status["housing-stock"].status == "published"  # a tagged catalogue dataset answers it
    assert status["council-tax-bands"].published_date == dt.date(2026, 1, 10)


@pytest.mark.parametrize(
    "content, message",
    [
        (
            "plan:\n  - {topic: bins, service: finance, priority: high, target_date: 2025-01-01}\n",
            "topic 'bins': not a topic",
        ),
        (
            "plan:\n  - {topic: schools, datasets: [s], service: education, priority: "
            "high, target_date: 2025-01-01}\n",
            "plan['schools'].datasets: unknown field",
        ),
        (
            "plan:\n  - {topic: schools, service: education, priority: urgent, target_date: 2025-01-01}\n",
            "plan['schools'].priority: Input should be 'high', 'medium' or 'low'",
        ),
        (
            "plan:\n  - {topic: schools, service: education, priority: high, target_date: soon}\n",
            "plan['schools'].target_date: Input should be a valid date",
        ),
        (
            "plan:\n  - {topic: schools, service: education-dept, priority: high, target_date: 2025-01-01}\n",
            "service 'education-dept' is not an organisation of organizations.yaml",
        ),
        ("services: {finance: Finance}\nplan: []\n", "services: unknown field"),
    ],
)
def test_bad_plan_names_file_and_topic(tmp_path, vocab, content, message):
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanError) as err:
        load_plan(path, vocab)
    assert str(path) in str(err.value) and message in str(err.value)
