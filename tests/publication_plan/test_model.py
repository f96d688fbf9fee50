"""Every topic kept per request; the model learns from the FOI team's classifications and
assigns only when confident; `nlc foi retrain` (real PostgreSQL store)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from publication_plan import cli
from publication_plan.foi_log import import_log
from publication_plan.model import ModelStore, assigner_for, retrain
from publication_plan.store import FoiRequest

FIXTURES = Path(__file__).with_name("fixtures")
TEAM = [
    "Taxi journeys by the Leader of the Council",
    "Leader of the council taxi use",
    "Taxi journeys of the Provost",
    "Taxi receipts for the council leader",
    "Taxi bills of the depute leader",
    "Leader's taxi journeys to meetings",
    "Provost taxi journeys to civic events",
    "Taxi fares paid for the leader and provost",
]
NEW = "Taxi journeys by the council leader in 2023"
NOISE = "Ghost sightings at Bishopmill House"


def _log(store, titles):
    day = dt.date(2025, 3, 3)
    store.upsert_requests(FoiRequest(f"FOI/T/{n}", day, title) for n, title in enumerate(titles))


def _team_classifies(store, matcher, count):
    topics = list(matcher.vocabulary.topics)
    for n in range(count):
        store.classify(f"FOI/T/{n}", "councillor-expenses", known_topics=topics, by="FOI team")
    store.classify(f"FOI/T/{len(TEAM)}", None, known_topics=topics, by="FOI team")


def test_every_topic_is_stored_and_listed(foi_store, matcher):
    import_log(FIXTURES / "casework_small.csv", foi_store)
    foi_store.set_auto_topics({"FOI/2025/00002": ("councillor-expenses", "council-tax-bands")})
    rows = {r.reference: r for r in foi_store.list_requests()}
    assert rows["FOI/2025/00002"].topics == ("councillor-expenses", "council-tax-bands")
    second = rows["FOI/2025/00002"]
    assert (second.topic, second.topic_source) == ("councillor-expenses", "auto")
    assert rows["FOI/2025/00001"].topics == ("council-tax-bands",)


def test_manual_topics_survive_reimport_and_reassignment(foi_store, matcher):
    import_log(FIXTURES / "casework_small.csv", foi_store)
    topics = list(matcher.vocabulary.topics)
    foi_store.classify("FOI/2025/00003", ["schools", "libraries"], known_topics=topics, by="FOI team")
    import_log(FIXTURES / "casework_small.csv", foi_store)
    assigner_for(foi_store, matcher)  # no model yet: rules only
    foi_store.set_auto_topics({"FOI/2025/00003": ("senior-salaries",)})
    row = {r.reference: r for r in foi_store.list_requests()}["FOI/2025/00003"]
    assert (row.topics, row.topic_source) == (("schools", "libraries"), "manual")
    foi_store.classify("FOI/2025/00003", [], known_topics=topics)
    row = {r.reference: r for r in foi_store.list_requests()}["FOI/2025/00003"]
    assert (row.topics, row.topic) == ((), None)


def test_model_assigns_only_when_confident(foi_store, matcher):
    _log(foi_store, [*TEAM, "Number of FOI requests received", NEW, NOISE])
    assert not matcher.matching(NEW)  # the rules do not know taxis

    _team_classifies(foi_store, matcher, 3)
    report = retrain(foi_store, matcher)
    assert report.classifications == 4
    rows = {r.title: r for r in foi_store.list_requests()}
    assert rows[NEW].topics == () and rows[NOISE].topics == ()  # three examples: not confident

    _team_classifies(foi_store, matcher, len(TEAM))
    report = retrain(foi_store, matcher)
    assert report.classifications == len(TEAM) + 1
    rows = {r.title: r for r in foi_store.list_requests()}
    assert (rows[NEW].topics, rows[NEW].topic_source) == (("councillor-expenses",), "auto")
    assert rows[NOISE].topics == ()
    latest = ModelStore(foi_store.engine, schema=foi_store.metadata.schema).latest()
    assert latest is not None and latest.examples == report.examples


def test_retrain_and_classify_commands(foi_store, matcher, monkeypatch):
    monkeypatch.setattr(cli, "FoiStore", lambda url=None: foi_store)
    _log(foi_store, [*TEAM, "Number of FOI requests received", NEW])
    runner = CliRunner()
    for n in range(len(TEAM)):
        result = runner.invoke(cli.foi, ["classify", f"FOI/T/{n}", "councillor-expenses", "council-spending"])
        assert result.exit_code == 0, result.output
    assert "Councillor allowances and expenses, Council spending over £500 (manual)" in result.output
    result = runner.invoke(cli.foi, ["retrain"])
    assert result.exit_code == 0, result.output
    assert f"trained on {len(TEAM)} FOI team classification(s)" in result.output
    row = {r.title: r for r in foi_store.list_requests()}[NEW]
    assert set(row.topics) == {"councillor-expenses", "council-spending"}


def test_import_stores_every_matching_topic(foi_store, tmp_path):
    lines = (FIXTURES / "casework_small.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    title = "Number of properties in each council tax band"
    both = first.replace(title, "Councillor expenses and council tax")
    assert both != first
    log = tmp_path / "log.csv"
    log.write_text(f"{header}\n{both}\n", encoding="utf-8")
    import_log(log, foi_store)
    (row,) = foi_store.list_requests()
    assert set(row.topics) == {"councillor-expenses", "council-tax-bands"} and row.topic_source == "auto"
