"""FOI log import: two export layouts, personal data dropped, clear errors, idempotent re-import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from publication_plan.column_map import available_maps, get_column_map
from publication_plan.errors import ColumnMapError, FoiImportError, StoreError
from publication_plan.foi_log import import_log, parse_log
from publication_plan.scrub import scrub

FIXTURES = Path(__file__).with_name("fixtures")
PERSONAL = [
    "Alex Example",
    "alex.example@example.org",
    "Rowan Crescent",
    "07700 900123",
    "Sam Sample",
    "01632 960001",
    "jordan@example.org",
    "07700 900555",
    "14 Main Street",
    "ML2 7AB",
    "ZZ9 9ZZ",
    "Morgan Fictional",
    "Phoned requester",
]


def write_tracker_xlsx(path: Path) -> Path:
    """A tracker spreadsheet: different headings, Excel dates, regime from the reference."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Requests"
    ws.append(
        [
            "Ref No",
            "Received On",
            "Applicant",
            "Email Address",
            "Postal Address",
            "Telephone",
            "Request",
            "Directorate",
            "Decision",
            "Exemptions / Exceptions",
            "Response Sent",
            "Internal Notes",
        ]
    )
    ws.append(
        [
            "FOI/2025/0101",
            dt.datetime(2025, 2, 3),
            "Casey Testcase",
            "casey@example.org",
            "5 Elm Drive, Sampletown ZZ9 9ZV",
            "01632 960777",
            "Public toilet locations and opening hours",
            "Environmental Services",
            "Information released in full",
            None,
            dt.datetime(2025, 2, 14),
            "urgent",
        ]
    )
    ws.append(
        [
            "EIR/2025/0102",
            "2025-02-04",
            "Robin Dummy",
            "robin@example.org",
            "9 Oak Place",
            "07700 900321",
            "Tree preservation orders in Cumbernauld",
            "Planning and Regulation",
            "Information released in full",
            None,
            None,
            None,
        ]
    )
    ws.append(
        [
            "FOI/2025/0103",
            dt.date(2025, 2, 5),
            "Drew Specimen",
            "drew@example.org",
            "2 Ash Row",
            "07700 900444",
            "Number of cyber attacks on council systems",
            "Digital and IT",
            "Information not released",
            "s30(c)",
            dt.date(2025, 3, 1),
            None,
        ]
    )
    book.save(path)
    return path


def test_two_shipped_layouts():
    maps = available_maps()
    assert {"casework-csv", "tracker-xlsx"} <= set(maps)
    assert maps["casework-csv"].columns["reference"] != maps["tracker-xlsx"].columns["reference"]


def test_import_csv_drops_personal_data_and_says_so(foi_store):
    report = import_log(FIXTURES / "casework_small.csv", foi_store)
    assert (report.inserted, report.updated, report.total) == (4, 0, 4)
    assert report.parsed.column_map == "casework-csv"
    assert report.parsed.personal_columns == [
        "Requester Name",
        "Requester Email",
        "Requester Address",
        "Requester Phone",
    ]
    assert "Case Officer Notes" in report.parsed.other_dropped_columns
    summary = report.summary()
    assert "names, emails, addresses and phone numbers are dropped at ingest and never stored" in summary
    assert "Requester Email" in summary and "email x1" in summary

    rows = foi_store.raw_rows()
    assert len(rows) == 4
    stored = repr(rows)
    for value in PERSONAL:
        assert value not in stored, f"{value!r} was stored"
    columns = set(rows[0])
    assert not columns & {
        "requester_name",
        "requester_email",
        "requester_address",
        "requester_phone",
        "notes",
    }
    by_ref = {r["reference"]: r for r in rows}
    assert by_ref["EIR/2025/00001"]["title"].startswith("Fly-tipping outside [removed]")
    assert by_ref["EIR/2025/00001"]["regime"] == "EIR" and by_ref["EIR/2025/00001"]["topic"] == "fly-tipping"
    assert by_ref["FOI/2025/00001"]["topic"] == "council-tax-bands"
    assert by_ref["FOI/2025/00001"]["topic_source"] == "auto"
    assert by_ref["FOI/2025/00001"]["received"] == dt.date(2025, 1, 6)
    assert by_ref["FOI/2025/00003"]["topic"] is None and by_ref["FOI/2025/00003"]["responded"] is None
    assert by_ref["FOI/2025/00003"]["regime"] == "FOISA"


def test_import_xlsx_with_other_layout(foi_store, tmp_path):
    path = write_tracker_xlsx(tmp_path / "tracker.xlsx")
    report = import_log(path, foi_store)
    assert report.parsed.column_map == "tracker-xlsx"
    assert set(report.parsed.personal_columns) == {
        "Applicant",
        "Email Address",
        "Postal Address",
        "Telephone",
    }
    rows = {r["reference"]: r for r in foi_store.raw_rows()}
    assert rows["EIR/2025/0102"]["regime"] == "EIR"
    assert rows["EIR/2025/0102"]["received"] == dt.date(2025, 2, 4)
    assert rows["FOI/2025/0101"]["topic"] == "public-toilets"
    assert rows["FOI/2025/0101"]["responded"] == dt.date(2025, 2, 14)
    assert rows["FOI/2025/0103"]["exemptions"] == "s30(c)"
    stored = repr(list(rows.values()))
    for value in [
        "Casey Testcase",
        "casey@example.org",
        "Elm Drive",
        "01632 960777",
        "Robin Dummy",
        "urgent",
    ]:
        assert value not in stored


def test_reimport_is_idempotent_and_keeps_manual_decisions(foi_store, matcher):
    path = FIXTURES / "casework_small.csv"
    import_log(path, foi_store)
    foi_store.classify(
        "FOI/2025/00003", "senior-salaries", known_topics=list(matcher.vocabulary.topics), by="FOI team"
    )
    again = import_log(path, foi_store)
    assert (again.inserted, again.updated) == (0, 4)
    rows = {r.reference: r for r in foi_store.list_requests()}
    assert len(rows) == 4
    assert (rows["FOI/2025/00003"].topic, rows["FOI/2025/00003"].topic_source) == (
        "senior-salaries",
        "manual",
    )
    assert [r.reference for r in foi_store.unmatched()] == []
    assert foi_store.decisions() == {"FOI/2025/00003": "senior-salaries"}


def test_classify_rejects_unknown_topic_and_reference(foi_store, matcher):
    import_log(FIXTURES / "casework_small.csv", foi_store)
    topics = list(matcher.vocabulary.topics)
    with pytest.raises(StoreError, match="unknown topic 'dog-fouling'"):
        foi_store.classify("FOI/2025/00003", "dog-fouling", known_topics=topics)
    with pytest.raises(StoreError, match="no request with reference 'FOI/1999/1'"):
        foi_store.classify("FOI/1999/1", "schools", known_topics=topics)


def test_missing_required_column_names_file_and_column(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Case Reference,Request Summary\nFOI/1,Council tax bands\n", encoding="utf-8")
    with pytest.raises(FoiImportError) as err:
        parse_log(path, "casework-csv")
    assert str(path) in str(err.value) and "received (Date Received)" in str(err.value)


def test_undetectable_layout_is_explained(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Id,When,What\n1,2025-01-01,Bins\n", encoding="utf-8")
    with pytest.raises(FoiImportError, match="no column map fits its headings 'Id', 'When', 'What'"):
        parse_log(path)


def test_bad_date_names_file_row_and_column(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(
        "Case Reference,Date Received,Request Summary\nFOI/1,06/01/2025,Bins\nFOI/2,31/02/2025,Toilets\n",
        encoding="utf-8",
    )
    with pytest.raises(FoiImportError) as err:
        parse_log(path, "casework-csv")
    assert (err.value.row, err.value.column) == (3, "Date Received")
    assert f"{path}, row 3, column 'Date Received': '31/02/2025' is not a date" in str(err.value)


def test_empty_required_value_and_bad_regime(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Case Reference,Date Received,Request Summary,Legislation\n,06/01/2025,Bins,FOISA\n")
    with pytest.raises(
        FoiImportError, match="row 2, column 'Case Reference': required value reference is empty"
    ):
        parse_log(path, "casework-csv")
    path.write_text(
        "Case Reference,Date Received,Request Summary,Legislation\nX1,06/01/2025,Bins,Data Protection\n"
    )
    with pytest.raises(FoiImportError, match="row 2, column 'Legislation': 'Data Protection' is neither"):
        parse_log(path, "casework-csv")


def test_unknown_map_and_file_type(tmp_path):
    with pytest.raises(ColumnMapError, match="unknown column map 'lagan'"):
        get_column_map("lagan")
    path = tmp_path / "log.ods"
    path.write_text("x")
    with pytest.raises(FoiImportError, match="unsupported file type '.ods'"):
        parse_log(path, "casework-csv")


@pytest.mark.parametrize(
    "text, kinds, gone",
    [
        ("Bins at 12 Main Street, Wishaw ML2 7AB", ["address", "postcode"], ["12 Main Street", "ML2 7AB"]),
        (
            "Contact me at a.b@example.org or +44 7700 900123",
            ["email", "phone"],
            ["a.b@example.org", "7700 900123"],
        ),
        ("Flat 2, 3/1 Merry Street please", ["address"], ["Merry Street"]),
    ],
)
def test_scrub_removes_contact_details(text, kinds, gone):
    clean, found = scrub(text)
    assert sorted(found) == sorted(kinds)
    for value in gone:
        assert value not in clean
    assert "[removed]" in clean


def test_scrub_keeps_ordinary_titles():
    for title in [
        "Councillor expenses 2023/24",
        "Number of properties in each council tax band",
        "Planning applications in ML1",
        "Spending over £500 for March 2024",
    ]:
        assert scrub(title) == (title, [])
