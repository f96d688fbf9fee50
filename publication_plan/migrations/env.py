"""Alembic environment of the FOI store: run on the connection (and schema) handed in by
:func:`publication_plan.migrations.upgrade`; there is no alembic.ini and no offline mode."""

from __future__ import annotations

from alembic import context

from publication_plan.migrations import VERSION_TABLE

config = context.config
connection = config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "run the FOI store's migrations with `nlc foi db upgrade` (publication_plan.migrations)"
    )
context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    version_table_schema=config.attributes.get("schema"),
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
