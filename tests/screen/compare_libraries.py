"""Compare the screen's detector with scrubadub on the same labelled corpus (not a test).

scrubadub is not a project dependency: install it in a venv of its own and run

    .venv/bin/python -m tests.screen.compare_libraries export /tmp/corpus.json
    /tmp/scrubadub-venv/bin/python tests/screen/compare_libraries.py evaluate /tmp/corpus.json

``export`` writes the generated personal values (all three template sets) and the distinct
text cells of the real data (bundled datasets as harvested, ../shared/data) to JSON, with
this project's detector's verdicts and CPU time; ``evaluate`` runs scrubadub 2.0.1 (en_GB;
every detector that works offline: its name detector needs TextBlob corpora downloaded from
the NLTK site at run time) on the same values and prints both sets of figures.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter


def export(path: str) -> None:
    from harvesters.personal import default_detector
    from harvesters.screen import TABLE_KINDS
    from tests.screen import corpus

    detector = default_detector()
    items = [
        (name, i.kind, i.text)
        for name in ("tuning", "held_out", "fresh")
        for i in getattr(corpus, name)()
        if i.template != "header"
    ]
    # distinct text cells of the columns that are not addresses (property and facility
    # addresses are published on purpose; both tools would report their postcodes)
    cells = sorted(
        {
            v
            for *_, header, rows, expected in (*corpus.bundled_tables(), *corpus.shared_tables())
            for ci, h in enumerate(header)
            if h not in expected and not detector.is_address_header(h)
            for v in (r[ci] for r in rows if ci < len(r))
            if v and any(c.isalpha() for c in v)
        }
    )
    started = time.process_time()
    ours_items = [bool(detector.find(t, kinds=TABLE_KINDS, first=True)) for _, _, t in items]
    ours_cells = [bool(detector.find(t, kinds=TABLE_KINDS, first=True)) for t in cells]
    seconds = time.process_time() - started
    data = {
        "items": items,
        "cells": cells,
        "ours": {"items": ours_items, "cells": ours_cells, "cpu_s": seconds},
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


def _figures(items: list[list[str]], caught: list[bool], cells: list[str], flagged: list[bool]) -> dict:
    total, missed = Counter(), Counter()
    for (_, kind, _), hit in zip(items, caught, strict=True):
        total[kind] += 1
        missed[kind] += not hit
    return {
        "recall_by_kind": {k: round(1 - missed[k] / n, 3) for k, n in sorted(total.items())},
        "recall": round(1 - sum(missed.values()) / len(items), 3),
        "false_positive_cells": sum(flagged),
        "distinct_real_cells": len(cells),
    }


def evaluate(path: str) -> None:
    import scrubadub

    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    scrubber = scrubadub.Scrubber(locale="en_GB")
    for name in ("national_insurance_number", "date_of_birth"):
        if name not in scrubber._detectors:
            scrubber.add_detector(name)
    started = time.process_time()
    caught = [bool(list(scrubber.iter_filth(t))) for _, _, t in data["items"]]
    flagged = [bool(list(scrubber.iter_filth(t))) for t in data["cells"]]
    seconds = time.process_time() - started
    result = {
        "nlc detector": {
            **_figures(data["items"], data["ours"]["items"], data["cells"], data["ours"]["cells"]),
            "cpu_s": round(data["ours"]["cpu_s"], 2),
        },
        f"scrubadub {scrubadub.__version__}": {
            **_figures(data["items"], caught, data["cells"], flagged),
            "cpu_s": round(seconds, 2),
            "detectors": sorted(scrubber._detectors),
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    {"export": export, "evaluate": evaluate}[sys.argv[1]](sys.argv[2])
