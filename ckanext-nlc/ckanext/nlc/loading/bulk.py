"""Build a DataStore table aside from a CSV file, then swap it in with one short lock.

:func:`build` opens a PostgreSQL transaction and, without touching the published table:
COPYs the CSV into a staging table whose ``_n`` column numbers the rows in file order (a bad
value fails here, naming its line and column); writes the new table once, by a (parallel)
``CREATE TABLE AS ... ORDER BY _n`` that computes each row's ``_full_text`` as CKAN's
``populate_full_text_trigger`` would, with ``_id = _n`` (so ``_id`` follows the CSV), then
makes it what CKAN's ``create_table`` makes (``_id`` serial primary key, the column comments
that hold the data dictionary) with the published table's other indexes and grants; a
published table with custom triggers instead gets the empty table first, its triggers, and
the rows INSERTed through them; adds CKAN's ``zfulltext`` trigger and full-text indexes, and
a b-tree index on each column the lookups find rows by (:func:`_key_indexes`); ANALYZEs it.

:meth:`Aside.swap` then, in the same transaction, with ``lock_timeout`` set: locks and drops
the published table (its aliases are recreated), renames the new table, its ``_id`` sequence,
primary key and indexes to the names CKAN gives them, records ``{"nlc": {"file_hash",
"rows"}}`` as the table's comment (CKAN does not use table comments), updates CKAN's cached
row count and commits. Readers use the old table until the commit (they wait only for the
swap's few catalog changes) and the new one after it. Until the commit nothing is visible to
anyone, so a failure or a killed server leaves nothing behind: the staging and new tables
vanish with the transaction.

The staging tables are UNLOGGED rather than TEMP: parallel workers cannot read a session's
temporary tables.
"""

from __future__ import annotations

import csv
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2

log = logging.getLogger(__name__)

COPY_CONTEXT = re.compile(r"COPY \S+, line (\d+)(?:, column (\S+?))?:")
FULL_TEXT_TRIGGER = "zfulltext"  # CKAN's BEFORE INSERT trigger filling a NULL _full_text
COMMENT_KEY = "nlc"  # the table comment: {"nlc": {"file_hash": ..., "rows": ...}}


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


class DatabaseUnavailable(Exception):
    """The DataStore database could not be reached, the connection was lost, or the swap could
    not get its lock in time: nothing was changed; try again later. ``str()`` is a short
    reason safe to show anyone; ``detail`` the driver's message (host, port), for the log."""

    detail: str = ""


@dataclass
class Loaded:
    rows: int
    replaced: int
    swap_ms: float = 0.0  # how long the swap held the published table's lock (and committed)


@dataclass
class TableSpec:
    """What the new table consists of (the CKAN-specific parts are worked out by the caller)."""

    fields: list[dict[str, Any]]  # {id, type}, in the CSV's column order
    comments: dict[str, str]  # column id -> comment text, as CKAN stores it
    fts_indexes: list[tuple[str, str]]  # (method, expression) of CKAN's full-text indexes
    index_name: Any  # (resource_id, expression) -> CKAN's index name


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


# Types whose ``::text`` is exactly the text ``to_json(value) #>> '{}'`` gives (the trigger's
# ``json_each_text(row_to_json(NEW))``); dates and times go through ``to_json`` (ISO, whatever
# the DateStyle), as does any other type.
AS_TEXT = {"text", "int2", "int4", "int8", "numeric", "float4", "float8", "bool"}


def _as_text(f: dict[str, Any], alias: str) -> str:
    column = f"{alias}.{quote(f['id'])}"
    if f.get("type", "text") == "text":
        return column
    if f.get("type") in AS_TEXT:
        return f"{column}::text"
    return f"to_json({column}) #>> '{{}}'"


def full_text_expression(fields: list[dict[str, Any]], alias: str = "s") -> str:
    """SQL equal to what ``populate_full_text_trigger`` stores: ``to_tsvector`` of the JSON text
    of every column not starting with ``_``, in column order, joined by spaces."""
    parts = [_as_text(f, alias) for f in fields if not f["id"].startswith("_")]
    return f"to_tsvector(concat_ws(' ', {', '.join(parts)}))" if parts else "to_tsvector('')"


def is_unavailable(exc: BaseException) -> bool:
    """A lost or refused connection, or a lock/statement timeout (not a data error)."""
    import sqlalchemy.exc

    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        exc = exc.orig or exc
    return isinstance(exc, psycopg2.OperationalError | psycopg2.InterfaceError)


def unavailable(exc: BaseException) -> DatabaseUnavailable:
    import sqlalchemy.exc

    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.orig is not None:
        exc = exc.orig
    text = " ".join(str(exc).split()) or type(exc).__name__
    code = getattr(exc, "pgcode", None)
    reasons = {"55P03": "lock timeout", "57014": "statement timeout"}
    reason = reasons.get(code or "", "connection lost or refused")
    error = DatabaseUnavailable(reason)  # what a caller is told; the driver's text is for the log
    error.detail = text
    return error


def raw_connection(engine: Any) -> Any:
    """``engine.raw_connection()``, a refused connection raised as :class:`DatabaseUnavailable`."""
    try:
        return engine.raw_connection()
    except Exception as e:
        if is_unavailable(e):
            raise unavailable(e) from e
        raise


def _copy_error(exc: Exception) -> BulkLoadError:
    diag = getattr(exc, "diag", None)
    context = getattr(diag, "context", "") or ""
    primary = getattr(diag, "message_primary", "") or str(exc).splitlines()[0]
    m = COPY_CONTEXT.search(context)
    if m:
        return BulkLoadError(primary, line=int(m.group(1)), column=m.group(2))
    return BulkLoadError(primary)


def table_comment(cur: Any, table: str) -> dict[str, Any] | None:
    """What :meth:`Aside.swap` recorded on ``table``: ``{"file_hash", "rows"}``, or None."""
    cur.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", (quote(table),))
    row = cur.fetchone()
    try:
        value = json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None
    return value.get(COMMENT_KEY) if isinstance(value, dict) else None


@dataclass
class Aside:
    """A complete new table, built in an open transaction on ``conn``, not yet visible."""

    conn: Any
    table: str
    rows: int
    file_hash: str
    spec: TableSpec
    indexes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # temp, expr, name
    closed: bool = False

    def _before_lock(self, engine: Any, resource_id: str) -> int:
        """On another connection: the published table's row count, and a commit that flushes
        the WAL written so far (ours included), so the swap's own commit has little to flush."""
        with engine.connect() as conn:
            cur = conn.connection.cursor()
            cur.execute("SELECT to_regclass(%s)", (quote(resource_id),))
            rows = 0
            if cur.fetchone()[0] is not None:
                cur.execute(f"SELECT count(*) FROM {quote(resource_id)}")  # noqa: S608 (identifiers quoted by quote(), values are parameters)
                rows = cur.fetchone()[0]
            cur.execute("SELECT txid_current()")
            conn.connection.commit()
            return rows

    def swap(
        self, resource_id: str, lock_timeout: str, engine: Any = None, also: tuple[str, tuple] | None = None
    ) -> Loaded:
        """Replace the published table ``resource_id`` (if any) with this one, and commit;
        ``also``: one more statement (and its parameters) to commit in the same transaction."""
        cur = self.conn.cursor()
        try:
            replaced = self._before_lock(engine, resource_id) if engine is not None else 0
            started = time.perf_counter()
            cur.execute("SET LOCAL lock_timeout = %s", (lock_timeout,))
            cur.execute("SELECT to_regclass(%s)", (quote(resource_id),))
            aliases: list[str] = []
            if cur.fetchone()[0] is not None:
                cur.execute(f"LOCK TABLE {quote(resource_id)} IN ACCESS EXCLUSIVE MODE")
                cur.execute(
                    "SELECT DISTINCT v.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid "
                    "JOIN pg_class v ON v.oid = r.ev_class "
                    "WHERE d.refobjid = to_regclass(%s) AND v.oid <> d.refobjid AND v.relkind = 'v'",
                    (quote(resource_id),),
                )
                aliases = [r[0] for r in cur.fetchall()]
                cur.execute(f"DROP TABLE {quote(resource_id)} CASCADE")
            cur.execute(f"ALTER TABLE {quote(self.table)} RENAME TO {quote(resource_id)}")
            cur.execute(
                f"ALTER SEQUENCE {quote(self.table + '__id_seq')} RENAME TO {quote(resource_id + '__id_seq')}"
            )
            cur.execute(f"ALTER INDEX {quote(self.table + '_pkey')} RENAME TO {quote(resource_id + '_pkey')}")
            for temp, expression, name in self.indexes:
                final = name if name is not None else self.spec.index_name(resource_id, expression)
                cur.execute(f"ALTER INDEX {quote(temp)} RENAME TO {quote(final)}")
            for alias in aliases:  # as CKAN's create_alias makes them
                cur.execute(f"CREATE VIEW {quote(alias)} AS SELECT * FROM {quote(resource_id)}")  # noqa: S608 (identifiers quoted by quote(), values are parameters)
            note = {COMMENT_KEY: {"file_hash": self.file_hash, "rows": self.rows}}
            cur.execute(f"COMMENT ON TABLE {quote(resource_id)} IS %s", (json.dumps(note),))
            cur.execute("SELECT to_regclass('_table_stats') IS NOT NULL")
            if cur.fetchone()[0]:  # CKAN's row count cache, as update_cached_table_row_count sets it
                cur.execute(
                    'INSERT INTO "_table_stats" VALUES (%s, jsonb_build_object(\'rows\', %s::bigint)) '
                    'ON CONFLICT ("resource_id") DO UPDATE SET "stats" = '
                    'jsonb_set("_table_stats"."stats", array[\'rows\'], to_jsonb(%s::bigint))',
                    (resource_id, self.rows, self.rows),
                )
            if also is not None:
                cur.execute(*also)
            self.conn.commit()
            return Loaded(self.rows, replaced, round((time.perf_counter() - started) * 1000, 1))
        except Exception as e:
            self.abandon()
            if is_unavailable(e):
                raise unavailable(e) from e
            raise
        finally:
            self.close()

    def abandon(self) -> None:
        """Roll back: the new table and its staging tables vanish."""
        try:
            self.conn.rollback()
        except psycopg2.Error:  # a lost connection has nothing to roll back
            log.debug("rollback of an abandoned load failed (connection gone)", exc_info=True)
        self.close()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            try:
                self.conn.close()  # back to the pool (a broken one is discarded)
            except psycopg2.Error:
                log.debug("closing a load's connection failed", exc_info=True)


def _old_parts(cur: Any, source: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """The published table's non-full-text secondary index definitions, custom (``t000``)
    trigger definitions and explicit grants, to carry over to the new table."""
    cur.execute("SELECT to_regclass(%s)", (quote(source),))
    if cur.fetchone()[0] is None:
        return [], [], []
    cur.execute(
        "SELECT pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = to_regclass(%s) AND NOT indisprimary ORDER BY indexrelid",
        (quote(source),),
    )
    indexes = [r[0] for r in cur.fetchall() if "to_tsvector(" not in r[0] and "(_full_text)" not in r[0]]
    cur.execute(
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
        "WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal AND tgname LIKE 't___' ORDER BY tgname",
        (quote(source),),
    )
    triggers = [r[0] for r in cur.fetchall()]
    cur.execute(
        "SELECT CASE WHEN (a).grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid((a).grantee)) END, "
        "(a).privilege_type FROM (SELECT aclexplode(relacl) AS a, relowner FROM pg_class "
        "WHERE oid = to_regclass(%s)) x WHERE (a).grantee <> relowner",
        (quote(source),),
    )
    return indexes, triggers, [(r[0], r[1]) for r in cur.fetchall()]


def _retarget(definition: str, qualified: str, new_table: str, new_name: str | None = None) -> str:
    """``CREATE ... ON public."old" rest`` -> the same on ``new_table`` (index renamed)."""
    head, sep, tail = definition.partition(f" ON {qualified} ")
    if not sep:
        raise ValueError(definition)
    if new_name is not None:
        unique = "UNIQUE " if head.startswith("CREATE UNIQUE") else ""
        head = f"CREATE {unique}INDEX {quote(new_name)}"
    return f"{head} ON {quote(new_table)} {tail}"


def _index_name(definition: str) -> str:
    m = re.match(r'CREATE (?:UNIQUE )?INDEX ("(?:[^"]|"")+"|\S+) ON ', definition)
    name = m.group(1) if m else ""
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def _key_indexes(cur: Any, aside: Aside, token: str, source: str | None) -> None:
    """A b-tree index on every column the lookups find rows by (``KEY_COLUMNS``: postcode,
    UPRN, ward, round), named as ``datastore_create``'s ``indexes`` would name it, unless the
    published table's index on it is carried over already."""
    from ckanext.nlc.lookups.data import KEY_COLUMNS

    carried = {name for _, _, name in aside.indexes if name}
    keys = [f["id"] for f in aside.spec.fields if f["id"] in KEY_COLUMNS]
    for n, column in enumerate(keys):
        expression = quote(column)
        if source and aside.spec.index_name(source, expression) in carried:
            continue
        temp = f"_nlc_ix_{token}_k{n}"
        cur.execute(f"CREATE INDEX {quote(temp)} ON {quote(aside.table)} ({expression})")
        aside.indexes.append((temp, expression, None))


def _insert_rows(
    cur: Any, table: str, typed: str, cols: str, fields: list[dict[str, Any]], stage: str, vectors: str
) -> None:
    """The empty table as CKAN's create_table makes it, and the rows' vectors staged (for a
    table with custom triggers, whose rows must go through INSERT)."""
    cur.execute(
        f"CREATE UNLOGGED TABLE {vectors} AS "  # noqa: S608 (identifiers quoted by quote(), values are parameters)
        f"SELECT _n, {cols}, {full_text_expression(fields)} AS _full_text FROM {stage} s"
    )
    columns = ", ".join(["_id serial primary key", "_full_text tsvector", typed])
    cur.execute(f"CREATE TABLE {quote(table)} ({columns})")


def _create_rows(cur: Any, table: str, cols: str, fields: list[dict[str, Any]], stage: str) -> None:
    """The new table written once, by a (parallel) CREATE TABLE AS in ``_n`` order, then made
    what CKAN's create_table makes (``_id`` serial primary key, ``_full_text``, the columns)."""
    cur.execute(
        f"CREATE TABLE {quote(table)} AS "  # noqa: S608 (identifiers quoted by quote(), values are parameters)
        f"SELECT _n AS _id, {full_text_expression(fields)} AS _full_text, {cols} FROM {stage} s ORDER BY _n"
    )
    seq = quote(table + "__id_seq")
    cur.execute(f"CREATE SEQUENCE {seq} AS integer OWNED BY {quote(table)}._id")
    cur.execute(
        f"ALTER TABLE {quote(table)} ALTER _id SET DEFAULT nextval('{seq}'::regclass), "
        f"ALTER _id SET NOT NULL, ADD CONSTRAINT {quote(table + '_pkey')} PRIMARY KEY (_id)"
    )


def build(engine: Any, spec: TableSpec, path: Path, file_hash: str, source: str | None = None) -> Aside:
    """Build the new table from ``path`` (see the module docstring); ``source``: the published
    table whose indexes, triggers and grants to carry over. Raises :class:`BulkLoadError`
    (the file does not fit) or :class:`DatabaseUnavailable`; either way nothing is left."""
    conn = raw_connection(engine)
    token = uuid.uuid4().hex
    table = f"_nlc_aside_{token}"  # '_': not a DataStore resource in _table_metadata meanwhile
    stage, vectors = quote(f"_nlc_stage_{token}"), quote(f"_nlc_fts_{token}")
    fields = spec.fields
    cols = ", ".join(quote(f["id"]) for f in fields)
    typed = ", ".join(f"{quote(f['id'])} {f['type']}" for f in fields)
    aside = Aside(conn=conn, table=table, rows=0, file_hash=file_hash, spec=spec)
    try:
        cur = conn.cursor()
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # The per-row cost of to_tsvector is what matters, not the planner's start-up guess.
        cur.execute("SET LOCAL parallel_setup_cost = 0")
        cur.execute("SET LOCAL min_parallel_table_scan_size = 0")
        cur.execute(f"CREATE UNLOGGED TABLE {stage} (_n serial, {typed})")
        try:
            with path.open("rb") as fh:
                cur.copy_expert(
                    f"COPY {stage} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')", fh
                )
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            raise
        except psycopg2.Error as e:  # DataError and friends: report line and column
            raise _copy_error(e) from e
        aside.rows = cur.rowcount
        old_indexes, old_triggers, grants = _old_parts(cur, source) if source else ([], [], [])
        qualified = ""  # the published table as pg_get_*def write it
        if source:
            cur.execute("SELECT format('public.%%I', %s::text)", (source,))
            qualified = cur.fetchone()[0]
        if old_triggers:  # custom triggers ran on the old rows' INSERT: they run on the new ones
            _insert_rows(cur, table, typed, cols, fields, stage, vectors)
            for definition in old_triggers:
                cur.execute(_retarget(definition, qualified, table))
            cur.execute(
                f"INSERT INTO {quote(table)} (_id, {cols}, _full_text) "  # noqa: S608 (identifiers quoted by quote(), values are parameters)
                f"SELECT _n, {cols}, _full_text FROM {vectors} ORDER BY _n"
            )
            cur.execute(f"DROP TABLE {stage}, {vectors}")
        else:  # one pass: the new table written once, its vectors computed in parallel
            _create_rows(cur, table, cols, fields, stage)
            cur.execute(f"DROP TABLE {stage}")
        for f in fields:
            if f["id"] in spec.comments:
                cur.execute(
                    f"COMMENT ON COLUMN {quote(table)}.{quote(f['id'])} IS %s", (spec.comments[f["id"]],)
                )
        for grantee, privilege in grants:  # the read-only role's SELECT, if not a default
            cur.execute(f"GRANT {privilege} ON {quote(table)} TO {grantee}")
        cur.execute(
            "SELECT setval(pg_get_serial_sequence(%s, '_id'), %s, %s)",
            (quote(table), max(aside.rows, 1), aside.rows > 0),
        )
        cur.execute(
            f"CREATE TRIGGER {FULL_TEXT_TRIGGER} BEFORE INSERT OR UPDATE ON {quote(table)} "
            "FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()"
        )
        for n, (method, expression) in enumerate(spec.fts_indexes):
            temp = f"_nlc_ix_{token}_{n}"
            cur.execute(f"CREATE INDEX {quote(temp)} ON {quote(table)} USING {method}({expression})")
            aside.indexes.append((temp, expression, None))
        for n, definition in enumerate(old_indexes):  # e.g. a primary_key's unique index
            temp, name = f"_nlc_ix_{token}_o{n}", _index_name(definition)
            cur.execute("SAVEPOINT nlc_index")
            try:
                cur.execute(_retarget(definition, qualified, table, temp))
            except psycopg2.errors.UniqueViolation as e:
                detail = e.diag.message_detail or ""
                raise BulkLoadError(f"the file breaks the table's unique index {name}: {detail}") from e
            except psycopg2.errors.UndefinedColumn:  # a column the new table does not have
                cur.execute("ROLLBACK TO SAVEPOINT nlc_index")
                continue
            aside.indexes.append((temp, None, name))
        _key_indexes(cur, aside, token, source)
        cur.execute(f"ANALYZE {quote(table)}")
        return aside
    except BaseException as e:
        aside.abandon()
        if isinstance(e, Exception) and is_unavailable(e):
            raise unavailable(e) from e
        raise
