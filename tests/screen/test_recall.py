"""Measured recall of the personal-data screen (issue 12, point 2).

Every generated personal value must be caught (missed = 0 on the tuning set); the held-out
template sets are reported separately; every text cell of the bundled datasets' source
exports and of the real files in ../shared/data is screened for false positives. Figures
are written to test-artifacts/screen-report.json.
"""

from __future__ import annotations

import collections
import json
import time
from pathlib import Path
from typing import Any

import pytest

from harvesters.personal import default_detector
from harvesters.screen import TABLE_KINDS, ScreenConfig, screen_table
from harvesters.table import Table
from tests.screen import corpus

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "test-artifacts" / "screen-report.json"
CFG = ScreenConfig()  # the shipped settings, datasets/screen.yaml
# Held-out recall as first measured (never tuned on); the test fails if it falls below.
# First runs (before any fix they prompted): held_out 0.8305, fresh 0.8961; see harvesters/README.md.
HELD_OUT_FLOOR = {"held_out": 0.95, "fresh": 0.99}


def _report(section: str, data: Any) -> None:
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(REPORT.read_text()) if REPORT.exists() else {}
    current[section] = data
    REPORT.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n")


def _caught(item: corpus.Item) -> bool:
    """Whether the screen blocks a one-column table holding the value under its heading."""
    table = Table(fields=[item.header], rows=[[item.text]], source="corpus")
    return screen_table(table, cfg=CFG).status == "failed"


def _recall(items: list[corpus.Item]) -> dict[str, Any]:
    missed = [i for i in items if not _caught(i)]
    by_kind = collections.Counter(i.kind for i in items)
    missed_kind = collections.Counter(i.kind for i in missed)
    return {
        "values": len(items),
        "missed": len(missed),
        "recall": round(1 - len(missed) / len(items), 4),
        "recall_by_kind": {k: round(1 - missed_kind[k] / n, 4) for k, n in sorted(by_kind.items())},
        "missed_by_template": dict(
            collections.Counter(f"{i.kind}/{i.template}" for i in missed).most_common()
        ),
        "missed_examples": [i.text for i in missed[:20]],
    }


def test_tuning_corpus_nothing_missed() -> None:
    result = _recall(corpus.tuning())
    _report("tuning", result)
    assert result["values"] > 1000
    assert result["missed"] == 0, result["missed_by_template"]


@pytest.mark.parametrize("name", ["held_out", "fresh"])
def test_held_out_recall_reported(name: str) -> None:
    result = _recall(getattr(corpus, name)())
    _report(name, result)
    assert result["recall"] >= HELD_OUT_FLOOR[name], result["missed_by_template"]


def test_issue_examples_caught() -> None:
    """The values issue 12 found published."""
    detector = default_detector()
    for text in [
        "GILLIAN CAMPBELL",
        "Campbell, Gillian",
        "Mrs Gillian Campbell, 12 Main Street, Airdrie ML6 1AB",
        "gillian.campbell at gmail dot com",
        "gillian.campbell[at]gmail.com",
        "gillian.campbell\uff20gmail.com",
        "jsmith@northlanarkshire.gov.uk",
        "ab123456c",
        "AB-12-34-56-C",
        "07700.900.123",
    ]:
        assert detector.find(text), text
    for header in ("DateOfBirth", "date_of_birth", "Birth_Date"):
        t = Table(fields=["Ref", header], rows=[["1", "1984-03-02"]], source="t")
        assert screen_table(t, cfg=CFG).findings[0]["kind"] == "date-of-birth"
    t = Table(fields=["Name"], rows=[["Motherwell Library"], ["Gillian Campbell"]], source="t")
    assert screen_table(t, cfg=CFG).findings[0]["row"] == 3


def test_false_positives_on_real_council_data() -> None:
    """Every text cell of every bundled source export and real shared file, screened."""
    detector = default_detector()
    per_dataset: dict[str, dict[str, Any]] = {}
    cells = flagged_total = 0
    started = time.perf_counter()
    for dataset, part, header, rows, expected in (*corpus.bundled_tables(), *corpus.shared_tables()):
        entry = per_dataset.setdefault(
            dataset,
            {
                "files": [],
                "text_cells": 0,
                "false_positives": 0,
                "by_kind": {},
                "examples": [],
                "expected_personal_cells": 0,
                "expected_personal_caught": 0,
            },
        )
        entry["files"].append(part)
        for ci, name in enumerate(header):
            kinds = tuple(k for k in TABLE_KINDS if not (k == "address" and detector.is_address_header(name)))
            for value in (r[ci] for r in rows if ci < len(r)):
                if not value or not any(c.isalnum() for c in value):
                    continue
                found = detector.find(value, kinds=kinds, first=True)
                if name in expected:
                    entry["expected_personal_cells"] += 1
                    entry["expected_personal_caught"] += bool(found)
                    continue
                entry["text_cells"] += 1
                cells += 1
                if found:
                    flagged_total += 1
                    entry["false_positives"] += 1
                    for f in found:
                        entry["by_kind"][f.kind] = entry["by_kind"].get(f.kind, 0) + 1
                    if len(entry["examples"]) < 8:
                        entry["examples"].append(
                            {
                                "file": part,
                                "column": name,
                                "value": value[:120],
                                "kind": found[0].kind,
                                "match": found[0].text,
                            }
                        )
    for entry in per_dataset.values():
        entry["rate"] = (
            round(entry["false_positives"] / entry["text_cells"], 5) if entry["text_cells"] else 0.0
        )
    _report(
        "false_positives",
        {
            "text_cells": cells,
            "flagged": flagged_total,
            "rate": round(flagged_total / max(cells, 1), 5),
            "seconds": round(time.perf_counter() - started, 2),
            "per_dataset": per_dataset,
        },
    )
    assert cells > 10_000 and {d for d in per_dataset if d.startswith("shared/")}
    # the bundled datasets publish: every one of them passes the screen as harvested
    # (tests/screen/test_bundled.py); here the false positives are measured and reported.
    assert flagged_total / cells < 0.01


def test_every_bundled_dataset_passes_the_screen() -> None:
    """Each bundled dataset, as harvested (its allow-list applied), and its metadata pass."""
    from harvesters.definition import discover, load_definition
    from harvesters.screen import metadata_texts, screen_metadata

    failed = {}
    for dataset, resource, fields, rows, allow in corpus.bundled_tables():
        result = screen_table(Table(fields=fields, rows=rows, source=resource), {a: "" for a in allow}, CFG)
        if result.status != "passed":
            failed[f"{dataset}/{resource}"] = result.findings
    for folder in discover(ROOT / "datasets"):
        defn = load_definition(folder)
        texts = metadata_texts(defn.meta, [(r.name, r.description) for r in defn.resources])
        found = screen_metadata(texts, defn.allow, CFG)
        if found:
            failed[f"datasets/{defn.name}/metadata"] = found
    assert not failed
