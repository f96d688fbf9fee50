"""Fixtures for the portal side of the FOI feature: a known FOI log in the test
work database (nlc_test, via ckanext.nlc.work_db_url) and users with tokens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

SECRET = "ZQX-SECRET"  # marks every stored request title; must never reach the public


def _requests(today: dt.date) -> list[Any]:
    from publication_plan.store import FoiRequest

    plan = [("public-toilets", 30), ("council-tax-bands", 20), ("business-rates", 12), (None, 5)]
    out = []
    n = 0
    for topic, count in plan:
        for i in range(count):
            n += 1
            out.append(
                FoiRequest(
                    reference=f"FOI/T/{n:04d}",
                    received=today - dt.timedelta(days=5 + (i * 11) % 330),
                    title=f"{SECRET} request {n} about {topic or 'allotment waiting lists'}",
                    topic=topic,
                )
            )
    return out


@pytest.fixture
def foi_log(with_plugins) -> dict[str, Any]:
    """Empty the FOI tables of the test work db and store 67 known requests."""
    from ckanext.nlc.foi import logic

    store = logic.store()
    with store.engine.begin() as conn:
        for table in (store.requests, store.classifications, store.candidates, store.request_topics):
            conn.execute(sa.delete(table))
    rows = _requests(dt.date.today())
    store.upsert_requests(rows)
    return {"store": store, "count": len(rows)}


@pytest.fixture
def token_for() -> Callable[[dict[str, Any]], dict[str, str]]:
    """Request headers that authenticate as the given user (an API token)."""
    from ckan.tests import factories

    def make(user: dict[str, Any]) -> dict[str, str]:
        return {"Authorization": factories.APIToken(user=user["name"])["token"]}

    return make


@pytest.fixture
def foi_team_member() -> dict[str, Any]:
    """A non-sysadmin user who is a member of the foi-team group."""
    from ckan.tests import factories

    user = factories.User()
    factories.Group(name="foi-team", users=[{"name": user["name"], "capacity": "member"}])
    return user
