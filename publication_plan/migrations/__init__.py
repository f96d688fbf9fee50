"""Alembic migrations of the FOI store (CKAN's own migration tool), run by
``nlc foi db upgrade`` at set-up (``scripts/ckan.sh init``), never from a web request.

The revisions (``versions/``) run on a connection handed to Alembic, in the store's schema
(the tests use one schema per test); the version is kept in ``foi_alembic_version`` so that the
work database can host other Alembic users. Revision 0001 is the store as ``create_all``
made it, so a database made that way is brought under migrations by the same upgrade.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from publication_plan.errors import StoreError

VERSION_TABLE = "foi_alembic_version"
HERE = Path(__file__).resolve().parent


def alembic_config(connection: sa.Connection | None = None, schema: str | None = None) -> Config:
    """An Alembic configuration for this folder (no alembic.ini), bound to ``connection``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes.update(connection=connection, schema=schema)
    return cfg


def head() -> str:
    """The newest revision in the package."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if revision is None:
        raise StoreError("the FOI store's migrations have no revisions")
    return revision


def current(connection: sa.Connection, schema: str | None = None) -> str | None:
    """The revision a database is at (None: not under migrations, or empty)."""
    opts = {"version_table": VERSION_TABLE, "version_table_schema": schema}
    return MigrationContext.configure(connection, opts=opts).get_current_revision()


def upgrade(
    engine: sa.Engine, schema: str | None = None, revision: str = "head"
) -> tuple[str | None, str | None]:
    """Bring the FOI tables to ``revision`` in one transaction; (revision before, after)."""
    with engine.begin() as conn:
        before = current(conn, schema)
        command.upgrade(alembic_config(conn, schema), revision)
        return before, current(conn, schema)


def require_current(engine: sa.Engine, schema: str | None = None) -> None:
    """Raise StoreError unless the database is at the package's head revision (a read only:
    tables are made by ``nlc foi db upgrade``, never on first use)."""
    with engine.connect() as conn:
        at = current(conn, schema)
    want = head()
    if at != want:
        where = engine.url.render_as_string(hide_password=True) + (f" (schema {schema})" if schema else "")
        state = f"at revision {at}" if at else "not set up for the FOI store"
        raise StoreError(
            f"the FOI database {where} is {state}, the code needs {want}: run `nlc foi db upgrade`"
        )
