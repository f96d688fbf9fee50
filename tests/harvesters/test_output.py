"""The published CSV: byte for byte what csv.writer writes (a CR in a value quoted); formulas neutralised."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from harvesters.output import _plain, write_csv
from harvesters.table import Table
from harvesters.transform import neutralise_formula


def reference(fields: list[str], rows: list[list], text: set[int]) -> bytes:
    """The published CSV: csv.writer row by row, formulas neutralised, and a row with a lone CR
    in a value written as csv.writer with CRLF line ends quotes it (ending in LF all the same)."""
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(fields)
    for row in rows:
        values = [neutralise_formula(v) if i in text else v for i, v in enumerate(row)]
        if any(isinstance(v, str) and "\r" in v for v in values):
            one = io.StringIO(newline="")
            csv.writer(one, lineterminator="\r\n").writerow(values)
            out.write(one.getvalue()[:-2] + "\n")
        else:
            w.writerow(values)
    return out.getvalue().encode("utf-8")


PIECES = ["", " ", "a", "Main Street", "ML6 6AA", "118000001", "Caf\u00e9", ",", '"', "\r", "\n", "=SUM(A1)",
          "+44", "-5", "-x", "@me", "\tTab", "0.5", "line\nbreak"]


@pytest.mark.parametrize("seed", range(6))
def test_written_csv_equals_csv_writer_output(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    plain = seed % 2 == 0  # half the tables hold only values written as they are (fast path)
    width = rng.randint(2, 5) if plain else rng.randint(1, 5)
    fields = [f"F{i}" for i in range(width)]
    pool = [p for p in PIECES if not any(c in p for c in ',"\r\n')] if plain else PIECES
    rows = [[rng.choice(pool) + rng.choice(pool) for _ in fields] for _ in range(rng.randint(1, 300))]
    if not plain and rows:
        rows[0][0] = rng.choice([3, 2.5, None, "x,y"])  # a number, None, a quoted value
    text = {i for i in range(width) if i % 2 == 0}
    types = ["string" if i in text else "integer" for i in range(width)]
    schema = {"fields": [{"name": f, "type": t} for f, t in zip(fields, types, strict=True)]}
    columns = [list(c) for c in zip(*rows, strict=True)]
    table = Table(fields=fields, rows=[tuple(r) for r in rows], source="test", columns=columns)
    assert _plain(columns) == plain
    path = write_csv(table, tmp_path / "out.csv", schema)
    assert path.read_bytes() == reference(fields, rows, text)


def test_empty_table_writes_the_header_only(tmp_path: Path) -> None:
    table = Table(fields=["A", "B"], rows=[], source="test", columns=[[], []])
    path = write_csv(table, tmp_path / "out.csv", {"fields": [{"name": "A"}, {"name": "B"}]})
    assert path.read_bytes() == b"A,B\n"


def test_plain_columns_are_recognised() -> None:
    assert _plain([["1", "2"], ["a", "b c"]])
    assert not _plain([["1", "2"]])  # one column: an empty value is written quoted
    assert not _plain([["1", "2"], ["a", "b,c"]])
    assert not _plain([["1", 2], ["a", "b"]])
    assert not _plain([["1", "2"], ["a\nb", "c"]])
    assert not _plain([["1", "2"], ['say "hi"', "c"]])
