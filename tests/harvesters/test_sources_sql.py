"""SQL connector against the real PostgreSQL (a back-office view in nlc_test)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from harvesters.errors import SourceFormatError, SourceUnavailable
from harvesters.sources import make_source

URL = os.environ.get("NLC_TEST_DB_URL", "postgresql://ckan:ckan@127.0.0.1:5432/nlc_test")


@pytest.fixture
def backoffice_view():
    schema = f"harvest_test_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(URL)
    with engine.begin() as c:
        c.execute(sa.text(f"CREATE SCHEMA {schema}"))
        c.execute(
            sa.text(f"""CREATE TABLE {schema}.members_expenses (
            id serial primary key, member text, ward text, financial_year text, basic numeric(10,2),
            travel numeric(10,2), claimed_on date, payroll_ref text)""")
        )
        c.execute(
            sa.text(f"""INSERT INTO {schema}.members_expenses
            (member, ward, financial_year, basic, travel, claimed_on, payroll_ref) VALUES
            ('Councillor A Example', 'Kilsyth', '2023/24', 20099.00, 312.40, '2024-03-31', 'P1'),
            ('Councillor B Example', 'Wishaw', '2023/24', 20099.00, 0, '2024-03-31', 'P2')""")
        )
        c.execute(
            sa.text(f"""CREATE VIEW {schema}.v_open_allowances AS
            SELECT financial_year AS "FinancialYear", member AS "Councillor", ward AS "Ward",
                   basic AS "BasicAllowance", travel AS "Travel", claimed_on AS "Claimed"
            FROM {schema}.members_expenses ORDER BY id""")
        )
    yield f"{schema}.v_open_allowances"
    with engine.begin() as c:
        c.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def test_sql_view(backoffice_view: str, monkeypatch) -> None:
    monkeypatch.setenv("NLC_BACKOFFICE_URL", URL)
    t = make_source(
        {"type": "sql", "url_env": "NLC_BACKOFFICE_URL", "table": backoffice_view}, Path(".")
    ).extract()
    assert t.fields == ["FinancialYear", "Councillor", "Ward", "BasicAllowance", "Travel", "Claimed"]
    assert t.rows[0] == ["2023/24", "Councillor A Example", "Kilsyth", 20099, 312.4, "2024-03-31"]
    assert "ckan:***@" in t.source  # password hidden
    q = make_source(
        {"type": "sql", "url": URL, "query": f'SELECT "Ward" FROM {backoffice_view} WHERE "Travel" > 0'},
        Path("."),
    ).extract()
    assert q.rows == [["Kilsyth"]]


def test_sql_errors(backoffice_view: str) -> None:
    with pytest.raises(SourceFormatError, match="query failed"):
        make_source({"type": "sql", "url": URL, "table": backoffice_view + "_missing"}, Path(".")).extract()
    with pytest.raises(SourceUnavailable, match="database unavailable"):
        make_source(
            {"type": "sql", "url": "postgresql://ckan:ckan@127.0.0.1:1/nlc_test", "table": "x", "timeout": 2},
            Path("."),
        ).extract()
