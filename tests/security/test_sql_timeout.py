"""Anonymous datastore_search_sql cannot hold a worker: a short statement timeout."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_datastore")

HEAVY = "SELECT count(*) AS n FROM generate_series(1, 1e8) AS g"
MEDIUM = "SELECT count(*) AS n FROM generate_series(1, 6e6) AS g"  # about 1 s on the 2-core machine


def _sql(app, sql: str, token: str | None = None):
    headers = {"Authorization": token} if token else {}
    started = time.monotonic()
    resp = app.test_client().post("/api/3/action/datastore_search_sql", json={"sql": sql}, headers=headers)
    return resp, time.monotonic() - started


def test_anonymous_heavy_query_ends_fast_with_a_clear_error(app):
    resp, took = _sql(app, HEAVY)
    assert resp.status_code == 409, resp.get_data(as_text=True)[:300]
    assert resp.json["error"]["query"] == ["Query took too long"]
    assert took < 6, f"anonymous query held the worker {took:.1f} s"


@pytest.mark.ckan_config("ckanext.nlc.datastore_sql_anonymous_timeout_ms", "200")
def test_sysadmin_keeps_the_normal_limit(app, sysadmin):
    from ckan.tests import factories

    anonymous, _ = _sql(app, MEDIUM)
    assert anonymous.status_code == 409, anonymous.get_data(as_text=True)[:400]
    token = factories.APIToken(user=sysadmin["name"])["token"]
    admin, took = _sql(app, MEDIUM, token)
    assert admin.status_code == 200, admin.get_data(as_text=True)[:300]
    assert int(admin.json["result"]["records"][0]["n"]) == 6_000_000
    assert took > 0.2  # the query did need more than the anonymous limit
