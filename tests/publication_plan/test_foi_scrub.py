"""FOI store scrub and import fixes (issue 12 point 3; issue 15 point 7).

A log built to carry the personal data issue 12 found in the ``nlc`` database is imported,
then every text column of every table of the test database is searched for it.
"""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from publication_plan import migrations
from publication_plan.errors import FoiImportError
from publication_plan.foi_log import import_log, parse_log
from publication_plan.store import REFERENCE_LENGTH, FoiStore

HEADER = [
    "Case Reference",
    "Date Received",
    "Request Summary",
    "Legislation",
    "Department",
    "Outcome",
    "Exemptions Applied",
    "Case Officer Notes",
    "Requester Name",
]
ROWS = [
    [
        "FOI/2025/10001",
        "06/01/2025",
        "My name is Xavier Uniquename and I live at [removed], Airdrie: council tax bands",
        "FOISA",
        "Revenues",
        "Released in full",
        "",
        "called Xavier back",
        "Xavier Uniquename",
    ],
    [
        "FOI/2025/10002",
        "07/01/2025",
        "Request from Wilhelmina Rarename for councillor expenses",
        "FOISA",
        "Democratic Services",
        "Released to Ulrich Rarename (ulrich.rarename@example.org)",
        "s38 Personal information of Ulrich Rarename",
        "",
        "",
    ],
    [
        "FOI/2025/10003",
        "08/01/2025",
        "Public toilets opening hours, reply to vera dot rarename at gmail dot com",
        "FOISA",
        "Facilities",
        "Released in part",
        "",
        "",
        "",
    ],
    [
        "FOI/2025/10004",
        "09/01/2025",
        "My benefits claim, NI number TN 31 41 59 A",
        "FOISA",
        "Revenues",
        "Refused",
        "s38(1)(a) own personal data",
        "",
        "",
    ],
    [
        "EIR/2025/10005",
        "10/01/2025",
        "Fly-tipping behind Flat 3/2, [removed], Wishaw, call 07700.900.123",
        "EIR",
        "Environmental Services",
        "Information not held",
        "",
        "",
        "",
    ],
    [
        "FOI/2025/10006",
        "13/01/2025",
        "GILLIAN CAMPBELL asks about school term dates",
        "FOISA",
        "Education, contact g.campbell\uff20gmail.com",
        "Released in full",
        "",
        "",
        "",
    ],
]
FRAGMENTS = [
    "Uniquename",
    "Wilhelmina",
    "Rarename",
    "vera dot",
    "gmail",
    "TN 31 41 59 A",
    "ulrich.rarename",
    "Flat 3/2",
    "07700.900.123",
    "GILLIAN CAMPBELL",
    "g.campbell",
    "\uff20",
]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _text_columns(engine: sa.Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    "SELECT table_schema, table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
                    "AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')"
                )
            )
        ]


def test_no_personal_fragment_in_any_text_column_of_the_database(tmp_path, foi_store, pp_engine):
    report = import_log(_write(tmp_path / "log.csv", ROWS), foi_store, "casework-csv")
    assert report.inserted == len(ROWS)
    columns = _text_columns(pp_engine)
    assert any(t == "foi_requests" and c == "outcome" for _, t, c in columns)
    hits = []
    with pp_engine.connect() as conn:
        for schema, table, column in columns:
            for fragment in FRAGMENTS:
                found = conn.scalar(
                    sa.text(f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE :f'),
                    {"f": f"%{fragment}%"},
                )
                if found:
                    hits.append((schema, table, column, fragment))
    assert hits == []
    by_ref = {r["reference"]: r for r in foi_store.raw_rows()}
    assert by_ref["FOI/2025/10002"]["exemptions"] == "s38 Personal information of [removed]"
    assert by_ref["FOI/2025/10002"]["outcome"] == "Released to [removed] ([removed])"
    assert "person-name" in report.parsed.scrubbed and "email" in report.parsed.scrubbed
    assert "Removed from free-text columns before storing" in report.summary()
    # topics are still matched on the scrubbed titles
    topics = {r.reference: r.topic for r in foi_store.list_requests()}
    assert topics["FOI/2025/10001"] == "council-tax-bands"
    assert topics["FOI/2025/10002"] == "councillor-expenses"
    assert topics["FOI/2025/10003"] == "public-toilets"


def test_blank_title_skipped_with_a_warning_naming_the_row(tmp_path, foi_store):
    rows = [ROWS[1], ["FOI/2025/20002", "07/01/2025", "   ", "FOISA", "", "", "", "", ""], ROWS[2]]
    path = _write(tmp_path / "log.csv", rows)
    report = import_log(path, foi_store, "casework-csv")
    assert report.inserted == 2
    assert report.parsed.warnings == [f"{path}, row 3: the title ('Request Summary') is blank; row skipped"]
    assert f"Warning: {path}, row 3" in report.summary()


def test_long_reference_kept_and_odd_ones_refused(tmp_path, foi_store):
    long_ref = "FOI/2025/" + "X" * 100
    row = [long_ref, *ROWS[2][1:]]
    report = import_log(_write(tmp_path / "long.csv", [row]), foi_store, "casework-csv")
    assert report.inserted == 1 and foi_store.raw_rows()[0]["reference"] == long_ref

    too_long = "R" * (REFERENCE_LENGTH + 1)
    path = _write(tmp_path / "too-long.csv", [ROWS[0], [too_long, *ROWS[2][1:]]])
    with pytest.raises(FoiImportError) as err:
        parse_log(path, "casework-csv")
    assert (err.value.row, err.value.column) == (3, "Case Reference")
    assert f"reference is {REFERENCE_LENGTH + 1} characters long" in str(err.value)

    path = _write(tmp_path / "odd.csv", [["FOI/2025/\n30001", *ROWS[2][1:]]])
    with pytest.raises(
        FoiImportError, match=r"row 2, column 'Case Reference': reference 'FOI/2025/\\n30001'"
    ):
        parse_log(path, "casework-csv")


def test_existing_database_with_64_character_references_is_widened(tmp_path, pp_engine):
    """Tables created by the first version of the store (VARCHAR(64) references) take long ones."""
    schema = f"foi_old_{uuid.uuid4().hex[:8]}"
    with pp_engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        for table in ("foi_requests", "foi_classifications", "foi_request_topics"):
            conn.execute(sa.text(f'CREATE TABLE "{schema}"."{table}" (reference varchar(64) PRIMARY KEY)'))
    try:
        with pp_engine.begin() as conn:
            for table, extra in (
                (
                    "foi_requests",
                    "received date NOT NULL, responded date, title text NOT NULL, "
                    "service varchar(200), outcome varchar(200), exemptions text, "
                    "regime varchar(8) NOT NULL, "
                    "topic varchar(100), topic_source varchar(8), imported_at timestamptz NOT NULL",
                ),
                (
                    "foi_classifications",
                    "topic varchar(100), decided_at timestamptz NOT NULL, " "decided_by varchar(200)",
                ),
                ("foi_request_topics", "topic varchar(100) NOT NULL, source varchar(8) NOT NULL"),
            ):
                for col in extra.split(", "):
                    conn.execute(sa.text(f'ALTER TABLE "{schema}"."{table}" ADD COLUMN {col}'))
            conn.execute(
                sa.text(
                    f'ALTER TABLE "{schema}"."foi_request_topics" DROP CONSTRAINT '
                    f"foi_request_topics_pkey, ADD PRIMARY KEY (reference, topic)"
                )
            )
        migrations.upgrade(pp_engine, schema)  # revision 0001 widens the old references
        store = FoiStore(engine=pp_engine, schema=schema)
        long_ref = "EIR/2025/" + "Y" * 120
        report = import_log(_write(tmp_path / "log.csv", [[long_ref, *ROWS[4][1:]]]), store, "casework-csv")
        assert report.inserted == 1
        assert store.raw_rows()[0]["reference"] == long_ref
    finally:
        with pp_engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


def test_organisations_named_after_people_are_kept() -> None:
    """Listed organisations (datasets/screen.yaml) stay in titles; people beside them do not."""
    from publication_plan.scrub import scrub

    assert scrub("Contracts awarded to Morgan Sindall in 2025/26") == (
        "Contracts awarded to Morgan Sindall in 2025/26",
        [],
    )
    assert scrub("Payments to Morgan Smith and Morgan Sindall") == (
        "Payments to [removed] and Morgan Sindall",
        ["person-name"],
    )


def test_a_repeated_text_is_scrubbed_the_same_each_time() -> None:
    """Scrubs are kept per distinct text: changing a returned list changes no later answer."""
    from publication_plan.scrub import scrub

    text = "Reply to ulrich.rarename@example.org about bin collections"
    first = scrub(text)
    assert first == ("Reply to [removed] about bin collections", ["email"])
    first[1].append("changed by the caller")
    assert scrub(text) == ("Reply to [removed] about bin collections", ["email"])
    assert scrub("") == ("", []) and scrub("Bin collections") == ("Bin collections", [])
