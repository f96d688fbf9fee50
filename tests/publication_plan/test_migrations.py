"""The FOI store's Alembic migrations (issue 17 point 4): ``nlc foi db upgrade`` makes the
tables, a second run changes nothing, a database ``create_all`` made is taken over as it is,
and the store itself (hence every web request) never creates a table."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner

from publication_plan import migrations
from publication_plan.cli import foi
from publication_plan.errors import StoreError
from publication_plan.model import ModelStore
from publication_plan.store import FoiRequest, FoiStore, _tables

from .conftest import TEST_DB_URL

FOI_TABLES = {
    "foi_requests", "foi_classifications", "foi_candidates", "foi_request_topics", "foi_topic_models",
}


@pytest.fixture
def schema(pp_engine: sa.Engine) -> Iterator[str]:
    name = f"foi_mig_{uuid.uuid4().hex[:10]}"
    with pp_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    yield name
    with pp_engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))


def _tables_in(engine: sa.Engine, schema: str) -> set[str]:
    return set(sa.inspect(engine).get_table_names(schema=schema))


def _todays_metadata(engine: sa.Engine, schema: str) -> sa.MetaData:
    """The tables as the code defines them today: the store's and the topic models'."""
    md = _tables(schema)[0]
    ModelStore(engine, schema=schema).table.to_metadata(md)
    return md


def _differences(engine: sa.Engine, schema: str) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": True,
                "include_name": lambda name, kind, parent: (
                    name == schema if kind == "schema" else name != migrations.VERSION_TABLE
                ),
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        return compare_metadata(context, _todays_metadata(engine, schema))


def _statements(engine: sa.Engine) -> tuple[list[str], object]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        seen.append(statement.strip().split()[0].upper())

    sa.event.listen(engine, "before_cursor_execute", record)
    return seen, record


def test_upgrade_on_an_empty_database_makes_todays_tables(pp_engine: sa.Engine, schema: str) -> None:
    assert migrations.upgrade(pp_engine, schema) == (None, migrations.head())
    assert _tables_in(pp_engine, schema) == FOI_TABLES | {migrations.VERSION_TABLE}
    assert _differences(pp_engine, schema) == []  # revision 0001 is exactly today's tables
    checks = sa.inspect(pp_engine).get_check_constraints("foi_requests", schema=schema)  # not compared above
    assert {c["name"] for c in checks} == {"foi_requests_regime", "foi_requests_topic_source"}
    store = FoiStore(engine=pp_engine, schema=schema)
    store.upsert_requests([FoiRequest("FOI/1", dt.date(2026, 11, 2), "Bin collections", topic="waste")])
    assert [r["reference"] for r in store.raw_rows()] == ["FOI/1"]


def test_upgrade_twice_changes_nothing(pp_engine: sa.Engine, schema: str) -> None:
    migrations.upgrade(pp_engine, schema)
    seen, record = _statements(pp_engine)
    try:
        assert migrations.upgrade(pp_engine, schema) == (migrations.head(), migrations.head())
    finally:
        sa.event.remove(pp_engine, "before_cursor_execute", record)
    assert seen and not {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE"} & set(seen), seen


def test_a_create_all_database_is_taken_over_with_its_rows(pp_engine: sa.Engine, schema: str) -> None:
    """What the store did before migrations: create_all of its tables and the models table."""
    md = _todays_metadata(pp_engine, schema)
    md.create_all(pp_engine)
    with pp_engine.begin() as conn:
        conn.execute(
            sa.insert(md.tables[f"{schema}.foi_requests"]).values(
                reference="EIR/7", received=dt.date(2026, 10, 1), title="Air quality", regime="EIR",
                imported_at=dt.datetime.now(dt.UTC),
            )
        )
    with pytest.raises(StoreError, match="not set up for the FOI store.*run `nlc foi db upgrade`"):
        FoiStore(engine=pp_engine, schema=schema)
    assert migrations.upgrade(pp_engine, schema) == (None, migrations.head())
    assert _differences(pp_engine, schema) == []
    assert [r["reference"] for r in FoiStore(engine=pp_engine, schema=schema).raw_rows()] == ["EIR/7"]


def test_the_store_never_creates_tables(pp_engine: sa.Engine, schema: str) -> None:
    with pytest.raises(StoreError) as err:
        FoiStore(engine=pp_engine, schema=schema)
    assert f"(schema {schema}) is not set up" in str(err.value) and "ckan:ckan@" not in str(err.value)
    ModelStore(pp_engine, schema=schema)
    assert _tables_in(pp_engine, schema) == set()


def test_cli_upgrade_reads_the_work_database_from_a_ckan_ini(tmp_path) -> None:
    ini = tmp_path / "ckan.ini"
    ini.write_text(f"[app:main]\nckanext.nlc.work_db_url = {TEST_DB_URL}\nbeaker.x = %(here)s\n")
    runner = CliRunner()
    first = runner.invoke(foi, ["db", "upgrade", "--ini", str(ini)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(foi, ["db", "upgrade", "-c", str(ini)])
    assert again.exit_code == 0 and again.output.strip().endswith(f"at {migrations.head()} already")
    assert "ckan:***@" in again.output
    current = runner.invoke(foi, ["db", "current", "--ini", str(ini)])
    assert current.output.strip() == f"{migrations.head()} (head {migrations.head()})"
    (tmp_path / "empty.ini").write_text("[app:main]\n")
    missing = runner.invoke(foi, ["db", "upgrade", "--ini", str(tmp_path / "empty.ini")])
    assert missing.exit_code != 0 and "no ckanext.nlc.work_db_url" in missing.output
