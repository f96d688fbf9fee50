"""The `nlc foi ...` and `nlc coverage` commands, with a stand-in ckanapi client."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from ckanapi.errors import NotFound
from click.testing import CliRunner

from demo.sample_log import write_sample
from publication_plan import cli
from publication_plan.catalogue import fetch_datasets
from tests.publication_plan.helpers import dataset


class FakeAction:
    """The two ckanapi actions the package uses, over a list of dataset dicts."""

    def __init__(self, datasets: list[dict[str, Any]], deleted: list[dict[str, Any]] = ()):
        self.datasets, self.deleted, self.calls = datasets, list(deleted), []

    def package_search(
        self, q: str, rows: int, start: int, include_private: bool, sort: str
    ) -> dict[str, Any]:
        self.calls.append((rows, start))
        visible = [d for d in self.datasets if include_private or not d.get("private")]
        return {"count": len(visible), "results": visible[start : start + rows]}

    def package_show(self, id: str) -> dict[str, Any]:
        for d in self.deleted:
            if d["name"] == id:
                return d
        raise NotFound(id)  # what ckanapi raises for an absent dataset


class FakeCKAN:
    def __init__(self, *args: Any, **kwargs: Any):
        self.action = FakeAction(*args, **kwargs)


CATALOGUE = [
    dataset(
        "council-tax-bands",
        ["council-tax-bands"],
        title="Council tax bands",
        metadata_created="2025-04-10T00:00:00",
    ),
    dataset("public-toilets", ["public-toilets"], title="Public toilets", next_update_due="2025-01-01"),
]


def test_fetch_datasets_pages_and_finds_withdrawn(monkeypatch):
    monkeypatch.setattr("publication_plan.catalogue.PAGE", 2)
    many = [dataset(f"d{i}") for i in range(5)] + [dataset("p", private=True)]
    client = FakeCKAN(many, deleted=[dataset("gone", state="deleted")])
    found = fetch_datasets(client, extra_names=["d1", "gone", "never"])
    assert [d["name"] for d in found] == ["d0", "d1", "d2", "d3", "d4", "p", "gone"]
    assert client.action.calls == [(2, 0), (2, 2), (2, 4)]
    assert "p" not in {d["name"] for d in fetch_datasets(FakeCKAN(many), include_private=False)}


@pytest.fixture
def env(foi_store, monkeypatch):
    monkeypatch.setattr(cli, "FoiStore", lambda url=None: foi_store)
    monkeypatch.setattr(cli, "_ckan", lambda url: FakeCKAN(CATALOGUE))
    return foi_store


def test_sample_import_classify_unmatched_coverage(env, tmp_path):
    runner = CliRunner()
    out = tmp_path / "log.csv"
    assert write_sample(out, dt.date(2025, 6, 30)) == 1636

    result = runner.invoke(cli.foi, ["import", str(out)])
    assert result.exit_code == 0, result.output
    assert "Imported 1,636 requests" in result.output
    assert "dropped at ingest and never stored" in result.output and "Requester Email" in result.output

    result = runner.invoke(cli.foi, ["unmatched"])
    assert result.exit_code == 0
    first_ref = result.output.splitlines()[0].split("\t")[0]
    unmatched_before = len(env.unmatched())
    result = runner.invoke(cli.foi, ["classify", first_ref, "schools"])
    assert result.exit_code == 0 and "Schools (manual)" in result.output
    assert len(env.unmatched()) == unmatched_before - 1
    bad = runner.invoke(cli.foi, ["classify", first_ref, "no-such-topic"])
    assert bad.exit_code != 0 and "unknown topic 'no-such-topic'" in bad.output

    result = runner.invoke(cli.coverage, ["--format", "json", "--today", "2025-06-30"])
    assert result.exit_code == 0, result.output
    dash = json.loads(result.output)
    assert dash["requests_in_window"] == 1636 and len(dash["top_topics"]) == 20
    rows = {r["topic"]: r for r in dash["top_topics"]}
    assert rows["council-tax-bands"]["status"] == "published"
    assert rows["public-toilets"]["status"] == "overdue"
    assert dash["coverage"]["topics_answered"] == 1
    assert dash["coverage"]["requests_answered"] == rows["council-tax-bands"]["requests"]

    public = runner.invoke(cli.coverage, ["--format", "json", "--public", "--today", "2025-06-30"])
    assert "unmatched_requests" not in json.loads(public.output) and "FOI/" not in public.output

    table = runner.invoke(cli.coverage, ["--today", "2025-06-30"])
    assert "Council tax bands" in table.output and "Overdue for update" in table.output
    as_csv = runner.invoke(cli.coverage, ["--format", "csv", "--today", "2025-06-30"])
    assert len(list(csv.DictReader(io.StringIO(as_csv.output)))) == 20


def test_suggest_command(env):
    runner = CliRunner()
    result = runner.invoke(
        cli.foi,
        [
            "suggest",
            "How many houses are in each council tax band?",
            "--ckan-url",
            "http://127.0.0.1:5000",
            "--site-url",
            "https://data.example",
            "--reference",
            "FOI/9",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1. Council tax bands <https://data.example/dataset/council-tax-bands>" in result.output
    assert "section 25(1) of FOISA" in result.output and "FOI/9" in result.output
    assert "127.0.0.1" not in result.output
    site = ["--site-url", "https://data.example"]
    result = runner.invoke(cli.foi, ["suggest", "Number of stray dogs collected", *site])
    assert "No published dataset answers this request" in result.output
    assert "Recorded as candidate #" in result.output
    listed = runner.invoke(cli.foi, ["candidates"])
    assert "Number of stray dogs collected" in listed.output
    unrecorded = runner.invoke(cli.foi, ["suggest", "Number of stray cats collected", "--no-record", *site])
    assert unrecorded.exit_code == 0 and "recorded" not in unrecorded.output.lower()
    as_json = runner.invoke(cli.foi, ["suggest", "public toilets", "--json", "--no-record", *site])
    assert json.loads(as_json.output)["suggestions"][0]["name"] == "public-toilets"
    no_site = runner.invoke(cli.foi, ["suggest", "public toilets", "--no-record"], env={"NLC_SITE_URL": ""})
    assert no_site.exit_code != 0 and "no site URL" in no_site.output
    empty = runner.invoke(cli.foi, ["suggest", "  ", *site])
    assert empty.exit_code != 0 and "empty" in empty.output


def test_import_error_is_reported_cleanly(env, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Case Reference,Date Received,Request Summary\nX,yesterday,Bins\n")
    result = CliRunner().invoke(cli.foi, ["import", str(path)])
    assert result.exit_code == 1
    assert "row 2, column 'Date Received': 'yesterday' is not a date" in result.output
