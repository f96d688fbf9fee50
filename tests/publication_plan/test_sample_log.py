"""The sample FOI log: volumes, determinism, fake requester data, realistic skew."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import openpyxl

from demo.sample_log import CSV_HEADINGS, generate_sample, write_sample
from publication_plan.foi_log import import_log
from publication_plan.ranking import top_topics

END = dt.date(2025, 6, 30)


def test_volumes_dates_and_determinism():
    rows = generate_sample(END)
    assert len(rows) == 1636
    assert Counter(r["regime"] for r in rows) == {"FOISA": 1357, "EIR": 279}
    assert min(r["received"] for r in rows) >= dt.date(2024, 7, 1)
    assert max(r["received"] for r in rows) <= END
    assert len({r["reference"] for r in rows}) == 1636
    assert rows == generate_sample(END)
    assert rows != generate_sample(END, seed=7)


def test_requesters_are_fictional():
    rows = generate_sample(END)
    assert all(r["requester_email"].endswith("@example.org") for r in rows)
    assert all(r["requester_phone"].startswith(("07700 900", "01632 960")) for r in rows)
    assert all("Sampletown" in r["requester_address"] for r in rows)


def test_skew_puts_common_subjects_on_top():
    rows = generate_sample(END)
    top = [t for t, _ in Counter(r["expected_topic"] for r in rows if r["expected_topic"]).most_common(5)]
    assert top[:3] == ["council-tax-bands", "business-rates", "councillor-expenses"]
    assert "public-toilets" in top
    misc = sum(1 for r in rows if r["expected_topic"] is None) / len(rows)
    assert 0.25 < misc < 0.4


def test_csv_and_xlsx_exports(tmp_path):
    path = write_sample(tmp_path / "log.csv", END, foisa=60, eir=20)
    assert path == 80
    with (tmp_path / "log.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == CSV_HEADINGS
        assert sum(1 for _ in reader) == 80
    write_sample(tmp_path / "log.xlsx", END, foisa=60, eir=20)
    ws = openpyxl.load_workbook(tmp_path / "log.xlsx", read_only=True)["Requests"]
    assert sum(1 for _ in ws.iter_rows()) == 81


def test_full_sample_imports_and_ranks(foi_store, tmp_path, matcher):
    write_sample(tmp_path / "log.csv", END)
    report = import_log(tmp_path / "log.csv", foi_store)
    assert report.total == 1636 and report.inserted == 1636
    assert 0.6 < report.matched / report.total < 0.75
    rows = foi_store.raw_rows()
    assert not any("@example.org" in r["title"] or "07700 900" in r["title"] for r in rows)
    assert Counter(r["regime"] for r in rows) == {"FOISA": 1357, "EIR": 279}
    ranking = top_topics(foi_store.list_requests(), until=END)
    assert len(ranking.topics) == 20
    assert [t.topic for t in ranking.topics[:2]] == ["council-tax-bands", "business-rates"]
    assert ranking.total_requests == 1636
