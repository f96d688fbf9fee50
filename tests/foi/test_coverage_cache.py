"""The coverage dashboard: counted in the database, cached until the catalogue or the FOI
store changes (issue 18, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.foi.helpers import api, row

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index", "foi_log")


def _cached() -> int:
    from ckanext.nlc.foi import logic

    return len(logic.DASHBOARDS._items)


def test_dashboard_is_cached_until_a_dataset_is_published(app, make_dataset):
    from ckanext.nlc.foi import logic

    logic.DASHBOARDS.clear()
    first = api(app, "nlc_foi_coverage")
    assert _cached() == 1
    assert api(app, "nlc_foi_coverage") == first and _cached() == 1  # answered from the cache
    assert row(first, "public-toilets")["status"] in ("planned", "missing")

    make_dataset(name="public-toilets")
    after = api(app, "nlc_foi_coverage")
    assert _cached() == 2  # the catalogue changed: computed again
    assert row(after, "public-toilets")["status"] == "published"
    assert after["coverage"]["topics_answered"] == first["coverage"]["topics_answered"] + 1


def test_dashboard_follows_an_imported_request(app, foi_log):
    from ckanext.nlc.foi import logic

    from publication_plan.store import FoiRequest

    logic.DASHBOARDS.clear()
    first = api(app, "nlc_foi_coverage")
    assert row(first, "business-rates")["requests"] == 12
    foi_log["store"].upsert_requests(
        [FoiRequest(reference="FOI/T/NEW", received=dt.date.today(), title="rates", topic="business-rates")]
    )
    after = api(app, "nlc_foi_coverage")
    assert _cached() == 2
    assert row(after, "business-rates")["requests"] == 13
    assert after["requests_in_window"] == first["requests_in_window"] + 1


def test_dashboard_follows_a_classification(app, foi_log):
    from ckanext.nlc.foi import logic

    logic.DASHBOARDS.clear()
    first = api(app, "nlc_foi_coverage")
    unmatched = next(r for r in foi_log["store"].list_requests() if not r.topics)
    logic.classify(None, [unmatched.reference], ["business-rates", "public-toilets"])
    after = api(app, "nlc_foi_coverage")
    assert after["unmatched_in_window"] == first["unmatched_in_window"] - 1
    assert row(after, "business-rates")["requests"] == row(first, "business-rates")["requests"] + 1
    assert row(after, "public-toilets")["requests"] == row(first, "public-toilets")["requests"] + 1


def test_database_counts_equal_counting_every_request(foi_log):
    """The store's GROUP BY gives what counting the request list in Python gives, a request
    with several topics and requests outside the window included."""
    from ckanext.nlc.foi import logic

    from publication_plan.coverage import count_requests
    from publication_plan.ranking import window_start

    store = foi_log["store"]
    refs = [r.reference for r in store.list_requests()]
    store.classify(
        refs[0], ["business-rates", "council-tax-bands"], known_topics=list(logic.matcher().vocabulary.topics)
    )
    today = dt.date.today()
    for months in (1, 3, 12):
        since = window_start(today, months)
        want = count_requests(store.list_requests(), since, today, 3)
        got = store.window_counts(since, today)
        assert (got["total"], got["unmatched"], got["by_month"]) == (
            want.total,
            want.unmatched,
            want.by_month,
        )
        assert got["total"] > 0 and got["by_month"]
        assert store.window_examples(since, today, 3) == want.examples
