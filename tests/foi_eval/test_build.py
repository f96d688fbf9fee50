"""The evaluation set is built by tests/foi_eval/build.py from the collection logs, and is big,
varied and split by council (issue 15, point 1)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from publication_plan.vocabulary import load_vocabulary
from tests.foi_eval import agreement, build

ROW = "{council}\t{title}\thttps://example.org/{n}\t{topics}\n"


def _log(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "".join(ROW.format(council=c, title=t, n=n, topics=ts) for n, (c, t, ts) in enumerate(rows)),
        encoding="utf-8",
    )
    return path


def test_titles_csv_is_what_build_produces_from_the_logs_and_the_adjudication():
    rows = build.build()
    assert build.TITLES.read_text(encoding="utf-8") == build.render(rows), (
        "titles.csv is stale: run python -m tests.foi_eval.build"
    )


def test_train_csv_is_what_build_produces_and_holds_no_evaluated_title():
    rows = build.build()
    train = build.build_train(evaluated=rows)
    assert build.TRAIN.read_text(encoding="utf-8") == build.render(train), (
        "train.csv is stale: run python -m tests.foi_eval.build"
    )
    assert train and {r.split for r in train} == {"train"}
    assert not {build.title_key(r.title) for r in train} & {build.title_key(r.title) for r in rows}
    assert not {r.council for r in train} & build.COUNCILS


def test_train_logs_take_any_council_and_drop_evaluated_titles(tmp_path):
    log = _log(
        tmp_path / "uk.tsv",
        [
            ("Barnet Council", "Potholes", "road-defects"),
            ("Barnet Council", "Public toilets", "public-toilets"),
        ],
    )
    fife = _log(tmp_path / "raw.tsv", [("Fife Council", "POTHOLES", "road-defects")])
    evaluated = build.read_log(fife, frozenset({"road-defects"}))
    train = build.build_train([log], evaluated=evaluated)
    assert [(r.council, r.title, r.split) for r in train] == [("Barnet Council", "Public toilets", "train")]


def test_set_is_big_varied_capped_and_split_by_a_fixed_council_list():
    rows = build.build()
    councils = Counter(r.council for r in rows)
    print("\n" + build.summary(rows))
    assert len(rows) >= 600
    assert len(councils) >= 15
    assert max(councils.values()) / len(rows) <= build.MAX_SHARE
    assert {r.council for r in rows if r.split == "heldout"} <= build.HELD_OUT
    assert not {r.council for r in rows if r.split == "dev"} & build.HELD_OUT
    assert len({r.council for r in rows if r.split == "heldout"}) >= 10
    assert len({(r.council, r.title.casefold()) for r in rows}) == len(rows)


def test_duplicates_per_council_are_dropped_first_kept(tmp_path):
    raw = _log(
        tmp_path / "raw.tsv",
        [("Fife Council", "Potholes", "road-defects"), ("Moray Council", "Potholes", "road-defects")],
    )
    more = _log(
        tmp_path / "b.tsv", [("Fife Council", "  POTHOLES ", ""), ("Fife Council", "Bins", "bin-collections")]
    )
    known = frozenset({"road-defects", "bin-collections"})
    rows = build.dedupe([*build.read_log(raw, known), *build.read_log(more, known)])
    assert [(r.council, r.title, r.topics, r.origin) for r in rows] == [
        ("Fife Council", "Potholes", ("road-defects",), "raw.tsv"),
        ("Moray Council", "Potholes", ("road-defects",), "raw.tsv"),
        ("Fife Council", "Bins", ("bin-collections",), "b.tsv"),
    ]


def test_cap_keeps_a_third_of_the_others_in_hash_order(tmp_path):
    big = [("Moray Council", f"Request {n}", "") for n in range(40)]
    three = ("Fife Council", "Angus Council", "Highland Council")
    others = [(c, f"Other {n}", "") for n in range(10) for c in three]
    rows = build.build([_log(tmp_path / "raw.tsv", big + others)], adjudication=None)
    counts = Counter(r.council for r in rows)
    assert counts["Moray Council"] == 10 and len(rows) == 40  # 10 of 40 = 25%
    again = build.build([_log(tmp_path / "again.tsv", list(reversed(big)) + others)], adjudication=None)
    assert [(r.council, r.title) for r in rows] == [(r.council, r.title) for r in again]
    assert {r.split for r in rows if r.council == "Highland Council"} == {"heldout"}
    assert {r.split for r in rows if r.council == "Moray Council"} == {"dev"}


@pytest.mark.parametrize(
    "line, message",
    [
        ("Fife Council\tPotholes\thttps://x\n", "3 tab-separated fields"),
        ("The Moon Council\tPotholes\thttps://x\t\n", "'The Moon Council' is not a Scottish council"),
        ("Fife Council\t \thttps://x\t\n", "empty title"),
        ("Fife Council\tPotholes\tx.org\t\n", "source 'x.org' is not an http"),
        ("Fife Council\tPotholes\thttps://x\troad-defects;nope\n", "unknown topic\\(s\\) nope"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, line, message):
    log = tmp_path / "c.tsv"
    log.write_text("Fife Council\tBins\thttps://x\tbin-collections\n\n" + line, encoding="utf-8")
    with pytest.raises(build.BuildError, match=f"c.tsv, line 3: {message}"):
        build.build([log])


def test_every_disagreement_of_the_two_labellings_is_adjudicated_with_a_reason():
    original = agreement._labels(build.build(adjudication=None))
    second = agreement.read_second()
    assert set(second) == set(original), "labels_second.tsv must label every row of the set"
    decisions = build.read_adjudication(build.ADJUDICATION, frozenset(load_vocabulary().topics))
    disagreements = {k for k in original if original[k] != second[k]}
    assert set(decisions) == disagreements
    with build.ADJUDICATION.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            key = record["council"], build.title_key(record["title"])
            assert set(build._topic_ids(record["second"])) == second[key]
            assert set(build._topic_ids(record["decision"])) in (original[key], second[key])
    final = agreement._labels(build.build())
    assert {k for k in final if final[k] != original[k]} <= disagreements


def _adjudication(path: Path, rows: list[tuple[str, str, str, str, str, str]]) -> Path:
    lines = ["council\ttitle\toriginal\tsecond\tdecision\treason", *("\t".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_adjudication_overlay_replaces_the_label_and_refuses_a_stale_one(tmp_path):
    fife = "Fife Council"
    councils = ("Angus Council", "Moray Council", "Highland Council", "Stirling Council")
    others = [(c, f"Other {n}", "") for n in range(3) for c in councils]  # keeps Fife under the cap
    log = _log(tmp_path / "raw.tsv", [(fife, "Potholes", ""), (fife, "Bins", "bin-collections"), *others])
    decided = (fife, "POTHOLES", "", "road-defects", "road-defects", "a defect")
    overlay = _adjudication(tmp_path / "adj.tsv", [decided])
    rows = {r.title: r.topics for r in build.build([log], overlay) if r.council == fife}
    assert rows == {"Potholes": ("road-defects",), "Bins": ("bin-collections",)}
    assert {r.title: r.topics for r in build.build([log], None)}["Potholes"] == ()
    stale = _adjudication(tmp_path / "stale.tsv", [(fife, "Bins", "", "", "", "was none")])
    with pytest.raises(build.BuildError, match="stale.tsv: .* none, but is labelled bin-collections in raw"):
        build.build([log], stale)
    unknown = _adjudication(tmp_path / "gone.tsv", [(fife, "Parks", "", "", "", "no such row")])
    with pytest.raises(build.BuildError, match="gone.tsv: .* is not a row of the set"):
        build.build([log], unknown)
    reasonless = _adjudication(tmp_path / "why.tsv", [(fife, "Bins", "bin-collections", "", "", " ")])
    with pytest.raises(build.BuildError, match="why.tsv, line 2: no reason given"):
        build.build([log], reasonless)


def test_kappa_is_cohens_kappa_over_topic_decisions():
    keys = [("Fife Council", f"t{n}") for n in range(4)]
    first = dict(zip(keys, [frozenset({"a"}), frozenset({"a"}), frozenset(), frozenset()], strict=True))
    second = dict(zip(keys, [frozenset({"a"}), frozenset(), frozenset(), frozenset()], strict=True))
    agree = agreement.agreement(first, second, keys, ["a"])
    # observed 3/4; expected 2/4 * 1/4 + 2/4 * 3/4 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2)
    assert (agree.decisions, agree.both_yes, agree.only_first, agree.only_second) == (4, 1, 1, 0)
    assert agree.raw == 0.75 and agree.kappa == pytest.approx(0.5)
