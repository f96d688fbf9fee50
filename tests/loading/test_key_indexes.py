"""Every DataStore load indexes the columns the lookups find rows by (issue 18, point 2)."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from tests.loading.test_datastore_load import ROWS, csv_bytes, load, write_engine

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


def _indexes(resource_id: str) -> dict[str, str]:
    with write_engine().connect() as conn:
        rows = conn.execute(
            sa.text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t"), {"t": resource_id}
        ).all()
    return dict(rows)


def test_key_column_is_indexed_once_under_ckans_name_across_reloads(upload, sysadmin):
    res = upload(csv_bytes(*ROWS))
    # datastore_create's index name
    name = hashlib.sha1((res["id"] + '"UPRN"').encode(), usedforsecurity=False).hexdigest()
    for _ in range(2):  # the first load creates it; a reload carries it over, no second copy
        load(sysadmin, res["id"])
        indexes = _indexes(res["id"])
        assert name in indexes and indexes[name].endswith('("UPRN")')
        on_uprn = [d for d in indexes.values() if d.endswith('("UPRN")')]
        assert len(on_uprn) == 1, indexes
        assert not any(d.endswith('("Address")') for d in indexes.values())  # not a key column
