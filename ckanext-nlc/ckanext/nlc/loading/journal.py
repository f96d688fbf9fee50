"""The publication journal: what ``nlc_resource_publish`` is in the middle of doing.

A publication writes three stores that share no transaction: the uploaded file (renamed into
place by CKAN before its commit), the resource row (CKAN's database) and the DataStore table
(another database). Before the first of them changes, the publisher records an entry here (the
dataset, the resource, the new file's sha256 and the table's fields) and holds a PostgreSQL
session advisory lock on the dataset; the table swap deletes the entry in its own transaction.

An entry whose lock nobody holds is therefore a publication that died midway (kill -9, OOM,
lost connection: PostgreSQL releases a dead session's locks). :mod:`.recovery` settles it
before the next reader is answered: rolled back if the stored file is still the old one,
completed (resource hash set, table loaded from the stored file) if it is the new one.

The journal lives in its own schema, which the DataStore's read-only role cannot read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg2
from ckanext.nlc.loading.bulk import is_unavailable, raw_connection, unavailable

log = logging.getLogger(__name__)

SCHEMA = "nlc_journal"
TABLE = f"{SCHEMA}.publishing"
DDL = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " key text PRIMARY KEY, package_id text NOT NULL, resource_id text, name text,"
    " file_hash text NOT NULL, fields jsonb NOT NULL, started timestamptz NOT NULL DEFAULT now())",
)
LOCK_WAIT = "120s"  # a second publication of the same dataset waits this long for the first


@dataclass(frozen=True)
class Entry:
    """One publication in progress (or interrupted)."""

    key: str
    package_id: str
    resource_id: str | None
    name: str | None
    file_hash: str
    fields: list[dict[str, Any]]


def key_for(package_id: str, resource_id: str | None, name: str | None) -> str:
    """An update is keyed by its resource; a new resource by its dataset and name."""
    return resource_id or f"new:{package_id}:{name or ''}"


def _lock_sql(try_only: bool) -> str:
    return f"SELECT {'pg_try_advisory_lock' if try_only else 'pg_advisory_lock'}(hashtext(%s))"


def _lock_name(package_id: str) -> str:
    return f"nlc-publish:{package_id}"


def _ensure(cur: Any) -> None:
    cur.execute("SELECT to_regclass(%s)", (TABLE,))
    if cur.fetchone()[0] is None:
        for statement in DDL:
            cur.execute(statement)


def _release(conn: Any, package_id: str) -> None:
    try:
        cur = conn.cursor()
        cur.execute("SELECT pg_advisory_unlock(hashtext(%s))", (_lock_name(package_id),))
        cur.execute("RESET lock_timeout")  # the connection goes back to the pool
        conn.commit()
    except psycopg2.Error:  # a lost session has released its locks already
        log.debug("advisory unlock failed (session gone)", exc_info=True)
    finally:
        try:
            conn.close()
        except psycopg2.Error:
            log.debug("closing the journal connection failed", exc_info=True)


@contextmanager
def publishing(engine: Any, entry: Entry) -> Iterator[None]:
    """Hold the dataset's lock and record ``entry`` for the duration of the block. The entry
    is left behind if the block fails (recovery decides from the stored file what happened);
    the caller's table swap deletes it with :func:`delete_sql`."""
    conn = raw_connection(engine)
    try:
        cur = conn.cursor()
        cur.execute("SET lock_timeout = %s", (LOCK_WAIT,))
        cur.execute(_lock_sql(False), (_lock_name(entry.package_id),))
        _ensure(cur)
        cur.execute(
            f"INSERT INTO {TABLE} (key, package_id, resource_id, name, file_hash, fields) "  # noqa: S608 (TABLE is a module constant; values are parameters)
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET "
            "resource_id = EXCLUDED.resource_id, name = EXCLUDED.name, file_hash = EXCLUDED.file_hash, "
            "fields = EXCLUDED.fields, started = now()",
            (entry.key, entry.package_id, entry.resource_id, entry.name, entry.file_hash,
             json.dumps(entry.fields)),
        )
        conn.commit()
    except BaseException as e:
        _release(conn, entry.package_id)
        if isinstance(e, Exception) and is_unavailable(e):
            raise unavailable(e) from e
        raise
    try:
        yield
    finally:
        _release(conn, entry.package_id)


def delete_sql(entry_key: str) -> tuple[str, tuple[str]]:
    """The statement that closes an entry, to run inside the swap's transaction."""
    return f"DELETE FROM {TABLE} WHERE key = %s", (entry_key,)  # noqa: S608 (TABLE is a module constant; values are parameters)


def pending(engine: Any) -> list[Entry]:
    """Every entry (normally none: one indexed read of an empty table)."""
    with engine.connect() as conn:
        cur = conn.connection.cursor()
        cur.execute("SELECT to_regclass(%s)", (TABLE,))
        if cur.fetchone()[0] is None:
            conn.connection.rollback()
            return []
        cur.execute(f"SELECT key, package_id, resource_id, name, file_hash, fields FROM {TABLE}")  # noqa: S608 (TABLE is a module constant; values are parameters)
        rows = cur.fetchall()
        conn.connection.rollback()
    return [Entry(k, p, r, n, h, f if isinstance(f, list) else json.loads(f)) for k, p, r, n, h, f in rows]


@contextmanager
def settling(engine: Any, entry: Entry) -> Iterator[bool]:
    """Yield True (holding the dataset's lock) if ``entry`` is an interrupted publication that
    is still recorded, False if a live publisher holds the lock or the entry is gone."""
    conn = engine.raw_connection()
    locked = False
    try:
        cur = conn.cursor()
        cur.execute(_lock_sql(True), (_lock_name(entry.package_id),))
        locked = bool(cur.fetchone()[0])
        still = False
        if locked:
            cur.execute(f"SELECT file_hash FROM {TABLE} WHERE key = %s", (entry.key,))  # noqa: S608 (TABLE is a module constant; values are parameters)
            row = cur.fetchone()
            still = row is not None and row[0] == entry.file_hash
            conn.commit()
        yield locked and still
    finally:
        if locked:
            _release(conn, entry.package_id)
        else:
            try:
                conn.close()
            except psycopg2.Error:
                log.debug("closing the journal connection failed", exc_info=True)


def forget(engine: Any, entry: Entry) -> None:
    """Delete ``entry`` (a rolled-back or already complete publication)."""
    with engine.connect() as conn:
        cur = conn.connection.cursor()
        cur.execute(f"DELETE FROM {TABLE} WHERE key = %s AND file_hash = %s", (entry.key, entry.file_hash))  # noqa: S608 (TABLE is a module constant; values are parameters)
        conn.connection.commit()
