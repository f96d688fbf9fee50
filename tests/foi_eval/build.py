"""Build ``titles.csv`` from the collection logs: ``python -m tests.foi_eval.build``.

Inputs are ``raw.tsv`` and ``collected/*.tsv`` (tab-separated, no header: council, title,
source_url, topics), read in that order (collected files by name). The build

1. checks every row (four fields, an official Scottish council name, a title, an http(s)
   source, topic ids of ``publication_plan/topics.yaml``) and stops at the first bad one,
   naming file and line;
2. drops a title already seen for the same council (compared case- and space-insensitively;
   the first occurrence is kept);
3. caps every council at 25% of the set: while a council has more than a third of all the
   other councils' titles together, it keeps only that many, choosing its titles in
   order of the SHA-256 of the title (a fixed pseudo-random order that does not depend on
   collection order or labels);
4. applies the adjudication of the second labelling (``adjudication.tsv``: council, title,
   original, second, decision, reason; see GUIDELINE.md): each row's collected topics must
   equal the row's ``original`` column (else the overlay is stale and the build stops), and
   are replaced by its ``decision``; the collection logs keep the original labels;
5. splits by council: the councils in ``HELD_OUT`` are the held-out part, all others the
   development part;
6. writes ``titles.csv`` (council, title, topics, split, source_url) sorted by split,
   council and title.

The **train part** is separate: ``train/*.tsv`` (same four fields) holds requests to other UK
councils, extra training data for the model only. Its rows are checked the same way except that
the council need not be Scottish, deduplicated the same way, and every row whose title (compared
as above) is also a title of the Scottish set is dropped, so that the model can never learn a
title it is evaluated on. They go to ``train.csv`` (split ``train``), never to ``titles.csv``,
and count toward none of the Scottish set's rules (600 titles, 15 councils, 25%).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from publication_plan.vocabulary import load_vocabulary

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw.tsv"
COLLECTED = HERE / "collected"
ADJUDICATION = HERE / "adjudication.tsv"
TITLES = HERE / "titles.csv"
TRAIN_LOGS = HERE / "train"
TRAIN = HERE / "train.csv"
MAX_SHARE = 0.25
# The 32 Scottish councils, by the names the logs use.
COUNCILS = frozenset(
    {
        "Aberdeen City Council", "Aberdeenshire Council", "Angus Council", "Argyll and Bute Council",
        "City of Edinburgh Council", "Clackmannanshire Council", "Comhairle nan Eilean Siar",
        "Dumfries and Galloway Council", "Dundee City Council", "East Ayrshire Council",
        "East Dunbartonshire Council", "East Lothian Council", "East Renfrewshire Council",
        "Falkirk Council", "Fife Council", "Glasgow City Council", "Highland Council",
        "Inverclyde Council", "Midlothian Council", "Moray Council", "North Ayrshire Council",
        "North Lanarkshire Council", "Orkney Islands Council", "Perth and Kinross Council",
        "Renfrewshire Council", "Scottish Borders Council", "Shetland Islands Council",
        "South Ayrshire Council", "South Lanarkshire Council", "Stirling Council",
        "West Dunbartonshire Council", "West Lothian Council",
    }
)
# Fixed before the held-out titles were collected (issue 15): never chosen from results.
HELD_OUT = frozenset(
    {
        "Aberdeen City Council", "Scottish Borders Council", "Highland Council", "Falkirk Council",
        "Angus Council", "Dumfries and Galloway Council", "Midlothian Council",
        "South Lanarkshire Council", "East Renfrewshire Council", "Perth and Kinross Council",
        "East Lothian Council", "Dundee City Council", "Inverclyde Council", "North Ayrshire Council",
    }
)
_SPACE = re.compile(r"\s+")
# (council, title key) -> (original topics, decided topics), from ADJUDICATION.
Decisions = dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]]


class BuildError(ValueError):
    """A collection log row is malformed; names the file and line."""


@dataclass(frozen=True)
class Row:
    council: str
    title: str
    source_url: str
    topics: tuple[str, ...]
    origin: str
    train: bool = False  # a row of the train part (another UK council), never evaluated on

    @property
    def split(self) -> str:
        if self.train:
            return "train"
        return "heldout" if self.council in HELD_OUT else "dev"


def sources(raw: Path = RAW, collected: Path = COLLECTED) -> list[Path]:
    """The collection logs in the order they are read."""
    return [raw, *sorted(collected.glob("*.tsv"))]


def read_log(path: Path, known_topics: frozenset[str], *, train: bool = False) -> list[Row]:
    """The rows of one collection log, checked (``train``: a train-part log, any UK council)."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path.name}, line {number}"
        if len(fields) != 4:
            raise BuildError(f"{where}: {len(fields)} tab-separated fields, expected 4")
        council, title, url, topics = (f.strip() for f in fields)
        if not council:
            raise BuildError(f"{where}: empty council")
        if not train and council not in COUNCILS:
            raise BuildError(f"{where}: {council!r} is not a Scottish council's name")
        if not title:
            raise BuildError(f"{where}: empty title")
        if not url.startswith(("http://", "https://")):
            raise BuildError(f"{where}: source {url!r} is not an http(s) address")
        ids = _topic_ids(topics)
        unknown = sorted(set(ids) - known_topics)
        if unknown:
            raise BuildError(f"{where}: unknown topic(s) {', '.join(unknown)}")
        rows.append(Row(council, _SPACE.sub(" ", title), url, ids, path.name, train))
    return rows


def title_key(title: str) -> str:
    """A title as the duplicate check compares it: case-folded, spaces collapsed, no end dots."""
    return _SPACE.sub(" ", title.casefold()).strip(" .")


def _key(row: Row) -> tuple[str, str]:
    return row.council, title_key(row.title)


def dedupe(rows: list[Row]) -> list[Row]:
    """The first row of every (council, title), titles compared case- and space-insensitively."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for row in rows:
        if _key(row) not in seen:
            seen.add(_key(row))
            kept.append(row)
    return kept


def _hash_order(row: Row) -> str:
    return hashlib.sha256(f"{row.council}\t{row.title}".encode()).hexdigest()


def cap(rows: list[Row], share: float = MAX_SHARE) -> list[Row]:
    """Rows with no council above ``share`` of the set (see the module docstring, step 3)."""
    while True:
        counts = Counter(r.council for r in rows)
        total = len(rows)
        over = [c for c, n in counts.items() if n > share * total]
        if not over:
            return rows
        council = max(over, key=lambda c: (counts[c], c))
        others = total - counts[council]
        allowed = int(Fraction(share) * others / (1 - Fraction(share)))
        keep = set(sorted((r for r in rows if r.council == council), key=_hash_order)[:allowed])
        rows = [r for r in rows if r.council != council or r in keep]


def _topic_ids(field: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t.strip() for t in field.split(";") if t.strip()))


def read_adjudication(path: Path, known_topics: frozenset[str]) -> Decisions:
    """``(council, title key) -> (original, decision)`` from the adjudication overlay, checked."""
    decisions = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, record in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            where = f"{path.name}, line {number}"
            original, decision = _topic_ids(record["original"]), _topic_ids(record["decision"])
            unknown = sorted(set(decision) - known_topics)
            if unknown:
                raise BuildError(f"{where}: unknown topic(s) {', '.join(unknown)}")
            if not record["reason"].strip():
                raise BuildError(f"{where}: no reason given")
            decisions[record["council"], title_key(record["title"])] = (original, decision)
    return decisions


def adjudicate(rows: list[Row], decisions: Decisions, source: str = ADJUDICATION.name) -> list[Row]:
    """Rows with each adjudicated label replaced by its decision (module docstring, step 4)."""
    by_key = {_key(r): r for r in rows}
    missing = sorted(set(decisions) - set(by_key))
    if missing:
        raise BuildError(f"{source}: {missing[0]} is not a row of the set")
    for key, (original, _) in decisions.items():
        if set(by_key[key].topics) != set(original):
            raise BuildError(
                f"{source}: {key} was adjudicated from {';'.join(original) or 'none'}, "
                f"but is labelled {';'.join(by_key[key].topics) or 'none'} in {by_key[key].origin}"
            )
    return [
        dataclasses.replace(r, topics=decisions[_key(r)][1]) if _key(r) in decisions else r for r in rows
    ]


def build(paths: list[Path] | None = None, adjudication: Path | None = ADJUDICATION) -> list[Row]:
    """The evaluation set's rows from the collection logs and the adjudication, in titles.csv order.

    ``adjudication=None`` gives the collectors' original labels.
    """
    known = frozenset(load_vocabulary().topics)
    rows = [row for path in (paths or sources()) for row in read_log(path, known)]
    rows = cap(dedupe(rows))
    if adjudication is not None:
        rows = adjudicate(rows, read_adjudication(adjudication, known), adjudication.name)
    return sorted(rows, key=lambda r: (r.split, r.council, r.title.casefold(), r.title))


def build_train(logs: list[Path] | None = None, evaluated: list[Row] | None = None) -> list[Row]:
    """The train part's rows (module docstring, last paragraph), sorted by council and title."""
    known = frozenset(load_vocabulary().topics)
    paths = sorted(TRAIN_LOGS.glob("*.tsv")) if logs is None else logs
    rows = dedupe([row for path in paths for row in read_log(path, known, train=True)])
    seen = {title_key(r.title) for r in (build() if evaluated is None else evaluated)}
    rows = [r for r in rows if title_key(r.title) not in seen]
    return sorted(rows, key=lambda r: (r.council, r.title.casefold(), r.title))


def render(rows: list[Row]) -> str:
    """``titles.csv`` text for ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["council", "title", "topics", "split", "source_url"])
    for r in rows:
        writer.writerow([r.council, r.title, ";".join(r.topics), r.split, r.source_url])
    return out.getvalue()


def summary(rows: list[Row]) -> str:
    """Sizes only (never titles): totals, councils, largest share, titles per split."""
    counts = Counter(r.council for r in rows)
    splits = Counter(r.split for r in rows)
    council, most = counts.most_common(1)[0]
    lines = [
        f"{len(rows)} titles from {len(counts)} councils; largest {council} {most} "
        f"({most / len(rows):.1%}); dev {splits['dev']}, held-out {splits['heldout']}",
    ]
    lines += [f"  {c:32s} {n:4d}  {'heldout' if c in HELD_OUT else 'dev'}" for c, n in sorted(counts.items())]
    return "\n".join(lines)


def main() -> None:
    rows = build()
    TITLES.write_text(render(rows), encoding="utf-8")
    print(f"wrote {TITLES.relative_to(HERE.parent.parent)}: {summary(rows)}")
    train = build_train(evaluated=rows)
    TRAIN.write_text(render(train), encoding="utf-8")
    print(
        f"wrote {TRAIN.relative_to(HERE.parent.parent)}: {len(train)} train-part titles from "
        f"{len({r.council for r in train})} other councils, {sum(1 for r in train if r.topics)} with a topic"
    )


if __name__ == "__main__":
    try:
        main()
    except BuildError as exc:
        sys.exit(f"build: {exc}")
