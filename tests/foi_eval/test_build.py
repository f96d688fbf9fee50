"""The evaluation set is built by tests/foi_eval/build.py from the collection logs, and is big,
varied and split by council (issue 15, point 1)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.foi_eval import build

ROW = "{council}\t{title}\thttps://example.org/{n}\t{topics}\n"


def _log(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "".join(ROW.format(council=c, title=t, n=n, topics=ts) for n, (c, t, ts) in enumerate(rows)),
        encoding="utf-8",
    )
    return path


def test_titles_csv_is_what_build_produces():
    rows = build.build()
    assert build.TITLES.read_text(encoding="utf-8") == build.render(rows), (
        "titles.csv is stale: run python -m tests.foi_eval.build"
    )


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
    rows = build.build([_log(tmp_path / "raw.tsv", big + others)])
    counts = Counter(r.council for r in rows)
    assert counts["Moray Council"] == 10 and len(rows) == 40  # 10 of 40 = 25%
    again = build.build([_log(tmp_path / "again.tsv", list(reversed(big)) + others)])
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
