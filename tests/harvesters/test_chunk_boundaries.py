"""A streamed resource (chunks of ``CHUNK_ROWS`` source records) publishes what one pass over
the whole file would: rows, quoted line breaks and multi-byte characters at the boundary
between two chunks, an error in the first row of a later chunk, and personal data late in
the file (which stops the harvest before anything is published)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml

from harvesters.definition import load_definition
from harvesters.errors import TransformError
from harvesters.pipeline import harvest_dataset, prepare
from harvesters.report import DatasetReport
from harvesters.sources.csv_file import CHUNK_ROWS

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Property Ref", "Property Address", "Town", "Post Code", "UPRN", "CTax Band", "Liability Start"]
FIRST_DATA_ROW = 2  # source row numbers: the header row is 1 (the skipped title line is not counted)


def _row(i: int) -> list[str]:
    return [f"CT{i:07d}", f"{i % 240 + 1} Main Street", "Airdrie", "ML6 7AB", str(118000000 + i), "B",
            "01/04/2020"]  # fmt: skip


def _dataset(tmp_path: Path, rows: int, special: dict[int, dict[int, str]] | None = None) -> Path:
    """The bench's council tax extract definition over a UTF-8 source of ``rows`` records;
    ``special``: record index -> {column: value} overrides."""
    root = tmp_path / "datasets"
    root.mkdir()
    for f in ("organizations.yaml", "groups.yaml", "screen.yaml"):
        shutil.copy(ROOT / "datasets" / f, root / f)
    folder = root / "council-tax-extract"
    shutil.copytree(ROOT / "bench" / "council-tax-extract", folder)
    meta = yaml.safe_load((folder / "dataset.yaml").read_text())
    meta["resources"][0]["source"]["encoding"] = "utf-8"
    (folder / "dataset.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    (folder / "source").mkdir(exist_ok=True)
    with (folder / "source" / "ctax_property_extract.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("SYNTHETIC SAMPLE - chunk boundary test\r\n")
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(HEADER)
        for i in range(rows):
            row = _row(i)
            for col, value in (special or {}).get(i, {}).items():
                row[col] = value
            w.writerow(row)
    return folder


def _published(folder: Path, tmp_path: Path) -> list[dict[str, str]]:
    work = tmp_path / "work"
    work.mkdir()
    prepared = prepare(load_definition(folder), work, DatasetReport(name=folder.name))
    with prepared.files[0].path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("rows", [CHUNK_ROWS, CHUNK_ROWS + 1])
def test_rows_at_the_chunk_boundary_are_each_published_once(tmp_path: Path, rows: int) -> None:
    out = _published(_dataset(tmp_path, rows), tmp_path)
    assert len(out) == rows
    assert [r["UPRN"] for r in out[CHUNK_ROWS - 2 :]] == [
        str(118000000 + i) for i in range(CHUNK_ROWS - 2, rows)
    ]


def test_quoted_line_break_and_multibyte_text_across_the_boundary(tmp_path: Path) -> None:
    last, first = CHUNK_ROWS - 1, CHUNK_ROWS  # the last record of chunk 1, the first of chunk 2
    special = {
        last: {1: "Flat 2\n12 Main Street"},
        first: {1: "Unit 3, Kirk Road – “rear” café €"},
        first + 1: {1: "Flat 1\r\n€5 Lane"},
    }
    out = _published(_dataset(tmp_path, CHUNK_ROWS + 5, special), tmp_path)
    assert len(out) == CHUNK_ROWS + 5
    assert out[last]["Address"] == "Flat 2\n12 Main Street"
    assert out[first]["Address"] == "Unit 3, Kirk Road – “rear” café €"
    assert out[first + 1]["Address"] == "Flat 1\n€5 Lane"
    assert out[first + 2]["UPRN"] == str(118000000 + first + 2)


def test_error_in_the_first_row_of_a_later_chunk_names_its_source_row(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, CHUNK_ROWS + 3, {CHUNK_ROWS: {3: "NOT A POSTCODE"}})
    (tmp_path / "work").mkdir()
    with pytest.raises(TransformError) as e:
        prepare(load_definition(folder), tmp_path / "work", DatasetReport(name=folder.name))
    assert f"row {CHUNK_ROWS + FIRST_DATA_ROW}," in str(e.value)
    assert "'NOT A POSTCODE'" in str(e.value)


def test_personal_data_in_the_last_chunk_stops_the_harvest(tmp_path: Path) -> None:
    late = 2 * CHUNK_ROWS + 10
    folder = _dataset(tmp_path, late + 5, {late: {1: "ask jane.doe@example.com at 4 Main Street"}})
    report = harvest_dataset(folder, None, work_root=tmp_path)
    assert report.status == "failed"
    assert report.personal_data_screen["status"] == "failed"
    [finding] = [f for f in report.personal_data_screen["findings"] if f["kind"] == "email"]
    assert finding["field"] == "Address" and finding["row"] == late + FIRST_DATA_ROW
