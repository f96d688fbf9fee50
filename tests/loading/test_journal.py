"""The publication journal: an nlc_resource_publish that dies midway (here: a BaseException
no handler catches, raised at the step a kill -9 would stop at) is settled before the next
read: completed when the new file was stored, rolled back when it was not. The kill -9
version of the same runs in tests/harvesters/test_fault_injection.py."""

from __future__ import annotations

from typing import Any

import pytest
from ckan import model
from ckan.tests.helpers import call_action

from tests.loading.test_datastore_load import FIELDS, ROWS, csv_bytes, records, write_engine
from tests.loading.test_publish import NEW_ROW, publish, sha, stored

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_datastore")


class Killed(BaseException):
    """Stands for the process dying: no ``except Exception`` sees it."""


def _journal() -> list[tuple[str, str]]:
    with write_engine().connect() as conn:
        cur = conn.connection.cursor()
        cur.execute("SELECT to_regclass('nlc_journal.publishing')")
        if cur.fetchone()[0] is None:
            return []
        cur.execute("SELECT key, file_hash FROM nlc_journal.publishing")
        return cur.fetchall()


def _stored_unsettled(resource_id: str) -> bytes:
    """The stored file, read without an action (actions settle the journal first)."""
    from pathlib import Path

    from ckan.lib.uploader import get_resource_uploader

    up = get_resource_uploader({"id": resource_id, "url_type": "upload"})
    return Path(up.get_path(resource_id)).read_bytes()


def _first(make_dataset: Any, sysadmin: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    pkg = make_dataset(name=f"bands-journal-{len(_journal())}")
    first = csv_bytes(*ROWS)
    out = publish(sysadmin, first, package_id=pkg["id"], name="Bands", format="CSV", fields=FIELDS)
    return out, first


def _anonymous_view(resource_id: str) -> tuple[str, bytes, list[Any]]:
    """What a visitor reads, in the order a visitor reads it: metadata, file, table."""
    res = call_action("resource_show", {"user": "", "ignore_auth": False}, id=resource_id)
    return res["hash"], stored(resource_id), records(resource_id)


def test_killed_between_resource_write_and_swap_is_completed_on_next_read(
    make_dataset, sysadmin, monkeypatch
):
    res, _ = _first(make_dataset, sysadmin)
    second = csv_bytes(NEW_ROW)
    from ckanext.nlc.loading import actions

    def die(*_a: Any, **_k: Any) -> Any:
        raise Killed

    with monkeypatch.context() as m:
        m.setattr(actions, "_swap", die)
        with pytest.raises(Killed):
            publish(sysadmin, second, id=res["id"], fields=FIELDS)
    assert [k for k, _ in _journal()] == [res["id"]]  # left behind, as by a kill
    # the next read settles it first: the new file, its hash and its table, together
    got_hash, got_file, got_rows = _anonymous_view(res["id"])
    assert (got_hash, got_file) == (sha(second), second)
    assert [r["UPRN"] for r in got_rows] == [119000009]
    assert _journal() == []
    st = call_action("nlc_datastore_status", resource_id=res["id"])
    assert st["file_hash"] == st["loaded_hash"] == sha(second) and st["rows"] == 1


def test_killed_inside_resource_write_before_commit_is_completed(make_dataset, sysadmin, monkeypatch):
    """CKAN renames the upload into place before its commit: a kill there leaves the new
    file under the old resource row; the next read sets the hash and loads the table."""
    res, first = _first(make_dataset, sysadmin)
    second = csv_bytes(NEW_ROW)
    real = model.repo.commit

    def die_on_commit() -> None:
        model.Session.rollback()
        raise Killed

    with monkeypatch.context() as m:
        m.setattr(model.repo, "commit", die_on_commit)
        with pytest.raises(Killed):
            publish(sysadmin, second, id=res["id"], fields=FIELDS)
    assert model.repo.commit == real
    model.Session.remove()
    assert _stored_unsettled(res["id"]) == second  # the file moved, the row did not
    assert model.Resource.get(res["id"]).hash == sha(first)
    got_hash, got_file, got_rows = _anonymous_view(res["id"])
    assert (got_hash, got_file, [r["UPRN"] for r in got_rows]) == (sha(second), second, [119000009])
    assert _journal() == []


def test_killed_before_the_file_was_stored_is_rolled_back(make_dataset, sysadmin, monkeypatch):
    res, first = _first(make_dataset, sysadmin)
    from ckan.lib import uploader

    def die(*_a: Any, **_k: Any) -> None:
        raise Killed

    with monkeypatch.context() as m:
        m.setattr(uploader.ResourceUpload, "upload", die)
        with pytest.raises(Killed):
            publish(sysadmin, csv_bytes(NEW_ROW), id=res["id"], fields=FIELDS)
    model.Session.rollback()
    assert len(_journal()) == 1
    got_hash, got_file, got_rows = _anonymous_view(res["id"])
    assert (got_hash, got_file, len(got_rows)) == (sha(first), first, len(ROWS))
    assert _journal() == []


def test_a_failed_publication_leaves_no_entry(make_dataset, sysadmin):
    """A refused file (validation error) rolls its entry back at once."""
    from ckan.plugins import toolkit as tk

    res, first = _first(make_dataset, sysadmin)
    with pytest.raises(tk.ValidationError):
        publish(sysadmin, b"UPRN,Address\n1,x\n", id=res["id"], fields=FIELDS)
    assert _journal() == []
    assert call_action("resource_show", id=res["id"])["hash"] == sha(first)


def test_journal_is_not_readable_through_the_datastore_sql_api(make_dataset, sysadmin, monkeypatch):
    from ckan.plugins import toolkit as tk
    from ckanext.nlc.loading import actions

    res, _ = _first(make_dataset, sysadmin)
    with monkeypatch.context() as m:  # leave an entry behind without settling it
        m.setattr(actions, "_swap", lambda *a, **k: (_ for _ in ()).throw(Killed()))
        m.setattr(actions.recovery, "settle_pending", lambda: None)
        with pytest.raises(Killed):
            publish(sysadmin, csv_bytes(NEW_ROW), id=res["id"], fields=FIELDS)
        assert len(_journal()) == 1
        with pytest.raises((tk.ValidationError, tk.NotAuthorized)):
            call_action("datastore_search_sql", {"user": "", "ignore_auth": False},
                        sql="SELECT key, file_hash FROM nlc_journal.publishing")
