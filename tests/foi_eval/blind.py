"""Blind second labelling of the evaluation set (issue 15): ``python -m tests.foi_eval.blind``.

``print N`` shows batch N (100 titles) of the distinct titles, numbered, WITHOUT their topics,
split or council: the annotator labels from the title alone (GUIDELINE.md). Distinct titles
(compared as the build compares them) are shown once, in SHA-256 order, so development and
held-out titles are mixed. ``write ANSWERS`` reads the annotator's ``number<TAB>topics`` lines
(topics ``;``-separated, empty = none; one line per shown number) and writes
``labels_second.tsv`` (council, title, topics) for every row of the set.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from publication_plan.vocabulary import load_vocabulary
from tests.foi_eval import build

SECOND = build.HERE / "labels_second.tsv"
BATCH = 100


def distinct_titles() -> list[str]:
    """The set's distinct titles (build key), in a fixed order independent of split and label."""
    first: dict[str, str] = {}
    for row in build.build():
        first.setdefault(build.title_key(row.title), row.title)
    return sorted(first.values(), key=lambda t: hashlib.sha256(build.title_key(t).encode()).hexdigest())


def show(batch: int) -> None:
    titles = distinct_titles()
    start = batch * BATCH
    for number, title in enumerate(titles[start : start + BATCH], start=start):
        print(f"{number}\t{title}")
    print(f"# batch {batch}: {start}-{min(start + BATCH, len(titles)) - 1} of {len(titles)}")


def write(answers: Path) -> None:
    titles = distinct_titles()
    known = frozenset(load_vocabulary().topics)
    labels: dict[str, str] = {}
    for line in answers.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        number, _, topics = line.partition("\t")
        ids = [t.strip() for t in topics.split(";") if t.strip()]
        if set(ids) - known:
            raise SystemExit(f"unknown topic in {line!r}")
        labels[build.title_key(titles[int(number)])] = ";".join(ids)
    missing = [n for n, t in enumerate(titles) if build.title_key(t) not in labels]
    if missing:
        raise SystemExit(f"{len(missing)} titles unlabelled, first {missing[:10]}")
    lines = [
        f"{row.council}\t{row.title}\t{labels[build.title_key(row.title)]}\n"
        for row in sorted(build.build(), key=lambda r: (r.council, r.title.casefold(), r.title))
    ]
    SECOND.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {SECOND.name}: {len(lines)} rows")


if __name__ == "__main__":
    if sys.argv[1:2] == ["print"]:
        show(int(sys.argv[2]))
    elif sys.argv[1:2] == ["write"]:
        write(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
