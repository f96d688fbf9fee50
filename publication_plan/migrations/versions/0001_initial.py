"""The FOI store's tables as ``create_all`` made them before migrations (requests, their
topics, the FOI team's decisions, plan candidates, trained topic models).

A database that ``create_all`` made already has some or all of them: those are kept (their
rows too) and only the missing ones are created; references made 64 characters long by the
first version are widened to 200.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

REFERENCE_LENGTH = 200


def _tables(schema: str | None) -> list[sa.Table]:
    md = sa.MetaData(schema=schema)
    return [
        sa.Table(
            "foi_requests",
            md,
            sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
            sa.Column("received", sa.Date, nullable=False, index=True),
            sa.Column("responded", sa.Date),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("service", sa.String(200)),
            sa.Column("outcome", sa.String(200)),
            sa.Column("exemptions", sa.Text),
            sa.Column("regime", sa.String(8), nullable=False),
            sa.Column("topic", sa.String(100), index=True),
            sa.Column("topic_source", sa.String(8)),
            sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
            sa.CheckConstraint("regime IN ('FOISA', 'EIR')", name="foi_requests_regime"),
            sa.CheckConstraint("topic_source IN ('auto', 'manual')", name="foi_requests_topic_source"),
        ),
        sa.Table(
            "foi_classifications",
            md,
            sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
            sa.Column("topic", sa.String(100)),
            sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("decided_by", sa.String(200)),
        ),
        sa.Table(
            "foi_candidates",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("text", sa.Text, nullable=False),
            sa.Column("topic", sa.String(100)),
            sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("source", sa.String(50), nullable=False),
        ),
        sa.Table(
            "foi_request_topics",
            md,
            sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
            sa.Column("topic", sa.String(100), primary_key=True, index=True),
            sa.Column("source", sa.String(8), nullable=False),
        ),
        sa.Table(
            "foi_topic_models",
            md,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("trained_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("examples", sa.Integer, nullable=False),
            sa.Column("threshold", sa.Float, nullable=False),
            sa.Column("model", sa.LargeBinary, nullable=False),
        ),
    ]


def upgrade() -> None:
    schema = context.config.attributes.get("schema")
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table in _tables(schema):
        if not inspector.has_table(table.name, schema=schema):
            table.create(bind)
        elif "reference" in table.c and bind.dialect.name == "postgresql":
            column = next(
                c for c in inspector.get_columns(table.name, schema=schema) if c["name"] == "reference"
            )
            if (getattr(column["type"], "length", None) or REFERENCE_LENGTH) < REFERENCE_LENGTH:
                op.alter_column(
                    table.name,
                    "reference",
                    type_=sa.String(REFERENCE_LENGTH),
                    schema=schema,
                    existing_type=column["type"],
                    existing_nullable=False,
                )


def downgrade() -> None:
    schema = context.config.attributes.get("schema")
    for table in reversed(_tables(schema)):
        op.drop_table(table.name, schema=schema)
