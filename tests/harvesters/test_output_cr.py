"""A value holding a lone CR (a line break from an old Mac export) is quoted in the published CSV."""

from __future__ import annotations

import csv
from pathlib import Path

from harvesters.output import write_csv
from harvesters.table import Table


def test_lone_cr_in_a_value_is_quoted(tmp_path: Path) -> None:
    table = Table(["Name", "Notes"], [["A", "line one\rline two"], ["B", "plain"]], source="t.csv")
    schema = {"fields": [{"name": "Name", "type": "string"}, {"name": "Notes", "type": "string"}]}
    out = write_csv(table, tmp_path / "out.csv", schema)
    text = out.read_bytes()
    assert text == b'Name,Notes\nA,"line one\rline two"\nB,plain\n'
    with out.open(newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [["Name", "Notes"], ["A", "line one\rline two"], ["B", "plain"]]
