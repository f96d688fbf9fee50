"""Fixtures: an FOI store in a throwaway PostgreSQL schema, catalogue dataset dicts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from publication_plan import migrations
from publication_plan.matching import Matcher, default_matcher
from publication_plan.store import FoiStore
from tests.publication_plan.helpers import dataset

TEST_DB_URL = os.environ.get("NLC_DB_URL", "postgresql://ckan:ckan@127.0.0.1:5432/nlc_test")


@pytest.fixture(scope="session")
def pp_engine() -> sa.Engine:
    engine = sa.create_engine(TEST_DB_URL, future=True)
    yield engine
    engine.dispose()


@pytest.fixture
def foi_store(pp_engine: sa.Engine) -> FoiStore:
    """A store whose tables live in a fresh schema, dropped afterwards."""
    schema = f"foi_test_{uuid.uuid4().hex[:10]}"
    with pp_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        migrations.upgrade(pp_engine, schema)  # what `nlc foi db upgrade` does at set-up
        yield FoiStore(engine=pp_engine, schema=schema)
    finally:
        with pp_engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    return default_matcher()


@pytest.fixture
def make_ds() -> Callable[..., dict[str, Any]]:
    return dataset
