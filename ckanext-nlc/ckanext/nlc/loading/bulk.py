"""Replace every row of a DataStore table with a CSV file, in one PostgreSQL transaction.

Inside the transaction the CSV is COPYed into a staging table with the DataStore column
types (a bad value fails here, naming its line and column, before anything is touched);
each row's ``_full_text`` is computed into a second staging table (as CKAN's
``populate_full_text_trigger`` would), with PostgreSQL's parallel query spreading the work
over the server's cores; then the DataStore table is truncated (if it has rows), its
secondary indexes (the full-text index) dropped, the rows inserted with CKAN's full-text
trigger paused (it would return at once: ``_full_text`` is given), the indexes rebuilt,
CKAN's cached row count updated, the staging tables dropped and the transaction commits.
Readers see the old rows until the commit and the new ones after it; a failure at any step
leaves nothing behind.

The staging tables are UNLOGGED (no WAL for rows that are copied again at once) rather
than TEMP: parallel workers cannot read a session's temporary tables. Created and dropped
in the same transaction, they are never visible to anyone else. ``ANALYZE`` is left to
autovacuum (the new rows count as changes), as for any other bulk insert.
"""

from __future__ import annotations

import csv
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COPY_CONTEXT = re.compile(r"COPY \S+, line (\d+)(?:, column (\S+?))?:")


class BulkLoadError(Exception):
    """The CSV does not fit the table: ``line`` (1 = header) and ``column`` when known."""

    def __init__(self, message: str, *, line: int | None = None, column: str | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column

    def where(self) -> str:
        """'line 5, column Band: ' (CSV line, header = 1), or '' when unknown."""
        parts = [f"line {self.line}" if self.line else "", f"column {self.column}" if self.column else ""]
        text = ", ".join(p for p in parts if p)
        return f"{text}: " if text else ""


@dataclass
class Loaded:
    rows: int
    replaced: int


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


# Types whose ``::text`` is exactly the text ``to_json(value) #>> '{}'`` gives (the trigger's
# ``json_each_text(row_to_json(NEW))``); dates and times go through ``to_json`` (ISO, whatever
# the DateStyle), as does any other type.
AS_TEXT = {"text", "int2", "int4", "int8", "numeric", "float4", "float8", "bool"}
FULL_TEXT_TRIGGER = "zfulltext"  # CKAN's BEFORE INSERT trigger filling a NULL _full_text


def _as_text(field: dict[str, Any], alias: str) -> str:
    column = f"{alias}.{quote(field['id'])}"
    if field.get("type", "text") == "text":
        return column
    if field.get("type") in AS_TEXT:
        return f"{column}::text"
    return f"to_json({column}) #>> '{{}}'"


def full_text_expression(fields: list[dict[str, Any]], alias: str = "s") -> str:
    """SQL equal to what ``populate_full_text_trigger`` stores: ``to_tsvector`` of the JSON text
    of every column not starting with ``_``, in column order, joined by spaces."""
    parts = [_as_text(f, alias) for f in fields if not f["id"].startswith("_")]
    return f"to_tsvector(concat_ws(' ', {', '.join(parts)}))" if parts else "to_tsvector('')"


def _copy_error(exc: Exception) -> BulkLoadError:
    diag = getattr(exc, "diag", None)
    context = getattr(diag, "context", "") or ""
    primary = getattr(diag, "message_primary", "") or str(exc).splitlines()[0]
    m = COPY_CONTEXT.search(context)
    if m:
        return BulkLoadError(primary, line=int(m.group(1)), column=m.group(2))
    return BulkLoadError(primary)


def replace_rows(engine: Any, table: str, fields: list[dict[str, Any]], path: Path) -> Loaded:
    """Replace the rows of DataStore table ``table`` (columns ``fields``: id and type) with ``path``."""
    cols = ", ".join(quote(f["id"]) for f in fields)
    typed = ", ".join(f"{quote(f['id'])} {f['type']}" for f in fields)
    token = uuid.uuid4().hex
    stage, vectors = quote(f"nlc_stage_{token}"), quote(f"nlc_fts_{token}")
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # The per-row cost of to_tsvector is what matters, not the planner's start-up guess.
        cur.execute("SET LOCAL parallel_setup_cost = 0")
        cur.execute("SET LOCAL min_parallel_table_scan_size = 0")
        cur.execute(f"CREATE UNLOGGED TABLE {stage} ({typed})")
        try:
            with path.open("rb") as fh:
                cur.copy_expert(
                    f"COPY {stage} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')", fh
                )
        except Exception as e:  # psycopg2.DataError and friends: report line and column
            conn.rollback()
            raise _copy_error(e) from e
        rows = cur.rowcount
        cur.execute(
            f"CREATE UNLOGGED TABLE {vectors} AS "
            f"SELECT {cols}, {full_text_expression(fields)} AS _full_text FROM {stage} s"
        )
        cur.execute(f"SELECT count(*) FROM {quote(table)}")
        replaced = cur.fetchone()[0]
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s "
            "AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%%'",
            (table,),
        )
        secondary = cur.fetchall()
        cur.execute(
            "SELECT count(*) FROM pg_trigger "
            "WHERE tgrelid = %s::regclass AND tgname = %s AND tgenabled <> 'D'",
            (quote(table), FULL_TEXT_TRIGGER),
        )
        pause = cur.fetchone()[0] == 1
        if replaced:
            cur.execute(f"TRUNCATE {quote(table)} RESTART IDENTITY")
        else:  # a new (or emptied) table: no files to swap, only _id to start again at 1
            cur.execute("SELECT setval(pg_get_serial_sequence(%s, '_id'), 1, false)", (quote(table),))
        for name, _ in secondary:
            cur.execute(f"DROP INDEX {quote(name)}")
        if pause:  # in this transaction only: a rollback or the commit below restores it
            cur.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(FULL_TEXT_TRIGGER)}")
        cur.execute(
            f"INSERT INTO {quote(table)} ({cols}, _full_text) SELECT {cols}, _full_text FROM {vectors}"
        )
        if pause:
            cur.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(FULL_TEXT_TRIGGER)}")
        for _, definition in secondary:
            cur.execute(definition)
        cur.execute(f"DROP TABLE {stage}, {vectors}")
        if _has_row_count_cache(cur):  # CKAN's own function: the count datastore_search reports
            cur.execute("SELECT update_cached_table_row_count(%s)", (table,))
        conn.commit()
        return Loaded(rows=rows, replaced=replaced)
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.close()


def _has_row_count_cache(cur: Any) -> bool:
    cur.execute("SELECT to_regprocedure('update_cached_table_row_count(name)') IS NOT NULL")
    return bool(cur.fetchone()[0])


def check_copy(engine: Any, fields: list[dict[str, Any]], path: Path) -> int:
    """COPY ``path`` into a throw-away staging table only: raise :class:`BulkLoadError` when a
    value does not fit its column type; return the number of rows."""
    cols = ", ".join(quote(f["id"]) for f in fields)
    typed = ", ".join(f"{quote(f['id'])} {f['type']}" for f in fields)
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute(f"CREATE TEMP TABLE nlc_check ({typed}) ON COMMIT DROP")
        try:
            with path.open("rb") as fh:
                cur.copy_expert(
                    f"COPY nlc_check ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')", fh
                )
        except Exception as e:
            raise _copy_error(e) from e
        return cur.rowcount
    finally:
        conn.rollback()
        conn.close()
