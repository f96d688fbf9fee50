"""`nlc foi import` stores one complete import or none: a bad row late in the file, an error
after the re-assignment and a killed process all leave the store as it was (real PostgreSQL).
Also: the re-assignment writes only requests whose topics change, and a stored model assigns
topics during the import."""

from __future__ import annotations

import csv
import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from demo.sample_log import write_sample
from publication_plan import cli, migrations
from publication_plan.foi_log import import_log
from publication_plan.model import ModelStore, assigner_for, reassign, retrain, team_examples, train
from publication_plan.store import FoiRequest, FoiStore
from tests.publication_plan.conftest import TEST_DB_URL
from tests.publication_plan.test_model import NEW, NOISE, TEAM

NLC = Path(sys.executable).with_name("nlc")


def snapshot(store: FoiStore) -> dict[str, Any]:
    """Every row of the requests, topic links and decisions, as committed."""
    with store.engine.connect() as conn:
        return {
            t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
            for t in (store.requests, store.request_topics, store.classifications)
        }


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def logged(foi_store: FoiStore, matcher, tmp_path: Path) -> tuple[FoiStore, Path]:
    """A store holding one imported year and one manual decision, and a second year's log
    (new requests, and some of the first year's with other titles) not yet imported."""
    first = tmp_path / "first.csv"
    write_sample(first, dt.date(2025, 6, 30))
    import_log(first, foi_store)
    ref = foi_store.list_requests()[0].reference
    foi_store.classify(ref, ["schools"], known_topics=list(matcher.vocabulary.topics), by="FOI team")
    second = tmp_path / "second.csv"
    write_sample(second, dt.date(2026, 6, 30), seed=7)
    rows = _rows(second)
    head, old = rows[0], _rows(first)[1:51]
    title = head.index("Request Summary")
    for row in old:
        row[title] = "Public toilets opening hours " + row[title]
    return foi_store, _write(second, [head, *rows[1:], *old])


def test_bad_row_late_in_the_file_leaves_the_store_as_before(logged, monkeypatch, tmp_path):
    store, log = logged
    rows = _rows(log)
    rows[-2][rows[0].index("Date Received")] = "31/02/2026"
    bad = _write(tmp_path / "bad.csv", rows)
    before = snapshot(store)
    monkeypatch.setattr(cli, "FoiStore", lambda url=None: store)
    result = CliRunner().invoke(cli.foi, ["import", str(bad)])
    assert result.exit_code == 1
    assert f"row {len(rows) - 1}, column 'Date Received': '31/02/2026' is not a date" in result.output
    assert snapshot(store) == before


def test_an_error_after_the_reassignment_rolls_back_the_whole_import(logged, matcher):
    store, log = logged
    before = snapshot(store)
    with pytest.raises(RuntimeError, match="after the re-assignment"), store.transaction():
        report = import_log(log, store)
        written, _ = reassign(store, assigner_for(store, matcher))
        inside = store.list_requests()  # reads within the transaction see its writes
        assert written == len(inside) - 1 and report.inserted > 0
        assert len(inside) == len(before["foi_requests"]) + report.inserted
        raise RuntimeError("after the re-assignment")
    assert snapshot(store) == before


def _session(conn: sa.Connection, name: str) -> str | None:
    """What the session with application name ``name`` waits for ('' when running, None when gone)."""
    conn.rollback()  # a fresh snapshot of pg_stat_activity
    found = conn.execute(
        sa.text("SELECT coalesce(wait_event_type, '') FROM pg_stat_activity WHERE application_name = :name"),
        {"name": name},
    ).first()
    return None if found is None else found[0]


def _until(check: Any, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.mark.skipif(not NLC.exists(), reason="the nlc command is not installed in this environment")
def test_an_import_killed_during_the_reassignment_leaves_the_store_as_before(logged, matcher, pp_engine):
    """A stored model gives a request the file does not hold a topic; the test holds that row
    locked, so the import stops in its re-assignment (after writing the file's requests) and is
    killed there."""
    store, log = logged
    schema = store.metadata.schema
    day, topics = dt.date(2025, 3, 3), list(matcher.vocabulary.topics)
    store.upsert_requests(FoiRequest(f"FOI/T/{n}", day, title) for n, title in enumerate([*TEAM, NEW]))
    for n in range(len(TEAM)):
        store.classify(f"FOI/T/{n}", "councillor-expenses", known_topics=topics)
    ModelStore(store.engine, schema=schema).save(train(team_examples(store), matcher.vocabulary))
    later = f"FOI/T/{len(TEAM)}"  # NEW: no topic by the rules, councillor-expenses by the model
    assert {r.reference: r.topics for r in store.list_requests()}[later] == ()
    before = snapshot(store)
    name = f"import-{schema}"
    url = f"{TEST_DB_URL}?application_name={name}&options={quote('-csearch_path=' + schema)}"
    holder = pp_engine.connect()
    holder.execute(
        sa.text(f'SELECT 1 FROM "{schema}".foi_requests WHERE reference = :ref FOR UPDATE'), {"ref": later}
    )
    proc = subprocess.Popen(
        [str(NLC), "foi", "import", str(log), "--db", url], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        with pp_engine.connect() as watch:

            def waiting() -> bool:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                return _session(watch, name) == "Lock"

            _until(waiting, "the import never reached the locked request")
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            holder.rollback()  # the killed session's backend gets the row, then finds its client gone
            _until(lambda: _session(watch, name) is None, "the killed import's session never ended", 60)
    finally:
        if proc.poll() is None:
            proc.kill()
        holder.close()
    assert snapshot(store) == before


def test_reassignment_writes_only_requests_whose_topics_change(foi_store, matcher, tmp_path):
    log = tmp_path / "log.csv"
    write_sample(log, dt.date(2025, 6, 30))
    import_log(log, foi_store)
    rows = {r.reference: r for r in foi_store.list_requests()}
    two = next(r for r in rows.values() if len(r.topics) >= 2)
    signal_before = foi_store.change_signal()
    assert reassign(foi_store, assigner_for(foi_store, matcher))[0] == len(rows)  # rules, as imported
    assert foi_store.set_auto_topics({r.reference: r.topics for r in rows.values()}) == len(rows)
    assert foi_store.change_signal() == signal_before  # nothing was rewritten

    swapped = (two.topics[1], two.topics[0], *two.topics[2:])
    assert foi_store.set_auto_topics({two.reference: swapped, "FOI/NOT/THERE": ("schools",)}) == 2
    assert foi_store.change_signal() != signal_before
    after = {r.reference: r for r in foi_store.list_requests()}
    assert (after[two.reference].topic, after[two.reference].topics) == (swapped[0], swapped)
    assert "FOI/NOT/THERE" not in {link[0] for link in snapshot(foi_store)["foi_request_topics"]}
    assert {ref: r.topics for ref, r in after.items() if ref != two.reference} == {
        ref: r.topics for ref, r in rows.items() if ref != two.reference
    }
    assert foi_store.set_auto_topics({two.reference: ()}) == 1
    cleared = {r.reference: r for r in foi_store.list_requests()}[two.reference]
    assert (cleared.topic, cleared.topic_source, cleared.topics) == (None, None, ())


def test_upsert_keeps_the_last_row_of_a_repeated_reference(foi_store):
    day = dt.date(2025, 3, 3)
    assert foi_store.upsert_requests(
        [FoiRequest("FOI/R/1", day, "First title"), FoiRequest("FOI/R/1", day, "Second title")]
    ) == (1, 0)
    assert [r.title for r in foi_store.list_requests()] == ["Second title"]


def test_import_command_assigns_the_stored_models_topics(foi_store, matcher, monkeypatch, tmp_path):
    topics = list(matcher.vocabulary.topics)
    day = dt.date(2025, 3, 3)
    foi_store.upsert_requests(FoiRequest(f"FOI/T/{n}", day, title) for n, title in enumerate(TEAM))
    for n in range(len(TEAM)):
        foi_store.classify(f"FOI/T/{n}", "councillor-expenses", known_topics=topics)
    retrain(foi_store, matcher)
    head = _rows(Path(__file__).with_name("fixtures") / "casework_small.csv")[0]
    row = dict.fromkeys(head, "")
    row.update({"Date Received": "03/03/2025", "Legislation": "FOISA"})
    lines = [[*row.values()] for _ in (NEW, NOISE)]
    for line, (ref, title) in zip(lines, (("FOI/N/1", NEW), ("FOI/N/2", NOISE)), strict=True):
        line[head.index("Case Reference")], line[head.index("Request Summary")] = ref, title
    monkeypatch.setattr(cli, "FoiStore", lambda url=None: foi_store)
    result = CliRunner().invoke(cli.foi, ["import", str(_write(tmp_path / "new.csv", [head, *lines]))])
    assert result.exit_code == 0, result.output
    stored = {r.reference: r for r in foi_store.list_requests()}
    assert (stored["FOI/N/1"].topics, stored["FOI/N/1"].topic_source) == (("councillor-expenses",), "auto")
    assert stored["FOI/N/2"].topics == ()


def test_the_store_on_sqlite_sets_topics_and_rolls_back(tmp_path, matcher):
    """The other dialect's paths (row-by-row topic update, ON CONFLICT upsert) on a SQLite file."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'foi.db'}")
    migrations.upgrade(engine)
    store = FoiStore(engine=engine)
    import_log(Path(__file__).with_name("fixtures") / "casework_small.csv", store)
    ref = store.list_requests()[1].reference
    assert store.set_auto_topics({ref: ("schools", "libraries")}) == 1
    row = {r.reference: r for r in store.list_requests()}[ref]
    assert (row.topic, row.topic_source, row.topics) == ("schools", "auto", ("schools", "libraries"))
    before = snapshot(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_auto_topics({ref: ()})
        assert {r.reference: r for r in store.list_requests()}[ref].topics == ()
        raise RuntimeError("rolled back")
    assert snapshot(store) == before
    engine.dispose()
