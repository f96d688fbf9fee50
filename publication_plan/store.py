"""The FOI log store: SQLAlchemy Core tables in the work database (`NLC_DB_URL`).

Only request metadata is stored: reference, dates, a scrubbed title, service,
outcome, exemptions, regime and topic. There are no columns for requester
details, so they cannot be stored.

Every method runs in a transaction of its own unless it is called inside
``with store.transaction():``, which makes the calls within one transaction on one
connection (an import and the re-assignment after it are stored whole or not at all).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from publication_plan import migrations
from publication_plan.errors import StoreError

DEFAULT_DB_URL = "postgresql://ckan:ckan@127.0.0.1:5432/nlc"
REFERENCE_LENGTH = 200
"""The longest case reference kept (the tables were first made with 64 characters)."""
FIELD_LENGTHS = {"reference": REFERENCE_LENGTH, "service": 200, "outcome": 200}
"""The bounded text columns of ``foi_requests`` and their lengths (the rest are TEXT)."""
REGIMES = ("FOISA", "EIR")
CHUNK = 1000
"""Requests per statement when many are read or written by reference."""


def db_url(url: str | None = None) -> str:
    """The database URL: the argument, else env NLC_DB_URL, else the demo database."""
    return url or os.environ.get("NLC_DB_URL") or DEFAULT_DB_URL


@dataclass(frozen=True)
class FoiRequest:
    """One request as stored (no requester details exist in this record)."""

    reference: str
    received: dt.date
    title: str
    regime: str = "FOISA"
    responded: dt.date | None = None
    service: str | None = None
    outcome: str | None = None
    exemptions: str | None = None
    topic: str | None = None
    topic_source: str | None = None
    # every topic of the request, ``topic`` first (table foi_request_topics)
    topics: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The fields as a dict (their values are immutable: no deep copy is needed)."""
        return {f.name: getattr(self, f.name) for f in _FIELDS}


_FIELDS = fields(FoiRequest)


def _tables(schema: str | None) -> tuple[sa.MetaData, sa.Table, sa.Table, sa.Table, sa.Table]:
    md = sa.MetaData(schema=schema)
    requests = sa.Table(
        "foi_requests",
        md,
        sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
        sa.Column("received", sa.Date, nullable=False, index=True),
        sa.Column("responded", sa.Date),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("service", sa.String(FIELD_LENGTHS["service"])),
        sa.Column("outcome", sa.String(FIELD_LENGTHS["outcome"])),
        sa.Column("exemptions", sa.Text),
        sa.Column("regime", sa.String(8), nullable=False),
        sa.Column("topic", sa.String(100), index=True),
        sa.Column("topic_source", sa.String(8)),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("regime IN ('FOISA', 'EIR')", name="foi_requests_regime"),
        sa.CheckConstraint("topic_source IN ('auto', 'manual')", name="foi_requests_topic_source"),
    )
    classifications = sa.Table(
        "foi_classifications",
        md,
        sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
        sa.Column("topic", sa.String(100)),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(200)),
    )
    candidates = sa.Table(
        "foi_candidates",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("topic", sa.String(100)),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(50), nullable=False),
    )
    request_topics = sa.Table(
        "foi_request_topics",
        md,
        sa.Column("reference", sa.String(REFERENCE_LENGTH), primary_key=True),
        sa.Column("topic", sa.String(100), primary_key=True, index=True),
        sa.Column("source", sa.String(8), nullable=False),
    )
    return md, requests, classifications, candidates, request_topics


TopicState = tuple[str | None, str | None, frozenset[tuple[str, str]]]
"""A request's (topic, topic_source, {(linked topic, link source)}) as stored."""


def _auto_state(topics: tuple[str, ...]) -> TopicState:
    """The stored state of a request given ``topics`` automatically."""
    return (topics[0] if topics else None, "auto" if topics else None, frozenset((t, "auto") for t in topics))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class FoiStore:
    """Read and write the FOI tables. They are made and changed by the Alembic migrations
    (:mod:`publication_plan.migrations`, ``nlc foi db upgrade``), never here: a database
    that is not at the migrations' head is refused with a StoreError saying what to run."""

    def __init__(self, url: str | None = None, *, schema: str | None = None, engine: sa.Engine | None = None):
        self.engine = engine or sa.create_engine(db_url(url), future=True)
        tables = _tables(schema)
        self.metadata, self.requests, self.classifications, self.candidates, self.request_topics = tables
        migrations.require_current(self.engine, schema)
        self._local = threading.local()  # the connection of a transaction() in this thread

    @contextlib.contextmanager
    def transaction(self) -> Iterator[FoiStore]:
        """Run the store's calls within the block in one transaction: committed when the
        block ends, rolled back when it raises. Nested blocks join the outer one."""
        if getattr(self._local, "conn", None) is not None:
            yield self
            return
        with self.engine.begin() as conn:
            self._local.conn = conn
            try:
                yield self
            finally:
                self._local.conn = None

    @contextlib.contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        """A connection in a transaction: the open transaction()'s, else a new one committed at the end."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.engine.begin() as conn:
            yield conn

    def _connect(self) -> contextlib.AbstractContextManager[sa.Connection]:
        """A connection for reading: the open transaction()'s (sees its writes), else a new one."""
        conn = getattr(self._local, "conn", None)
        return contextlib.nullcontext(conn) if conn is not None else self.engine.connect()

    def _insert(self, table: sa.Table) -> Any:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table)

    # --- requests -----------------------------------------------------------
    def upsert_requests(self, records: Iterable[FoiRequest]) -> tuple[int, int]:
        """Insert or update requests by reference; a kept manual decision wins over
        the automatic topic. Returns (inserted, updated)."""
        rows = [r.as_dict() for r in records]
        if not rows:
            return 0, 0
        for row in rows:
            if len(row["reference"]) > REFERENCE_LENGTH:
                raise StoreError(
                    f"request {row['reference'][:40]}...: a reference holds at most "
                    f"{REFERENCE_LENGTH} characters"
                )
            if row["regime"] not in REGIMES:
                raise StoreError(
                    f"request {row['reference']}: regime must be FOISA or EIR, not {row['regime']!r}"
                )
        rows = list({r["reference"]: r for r in rows}.values())  # one row per reference, the last
        refs = [r["reference"] for r in rows]
        try:
            return self._upsert(rows, refs)
        except sa.exc.DBAPIError as exc:  # a constraint or type the checks above do not cover
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
            raise StoreError(f"the FOI store refused the requests: {reason}") from exc

    def _upsert(self, rows: list[dict[str, Any]], refs: list[str]) -> tuple[int, int]:
        now = _now()
        with self._begin() as conn:
            existing = set(
                conn.scalars(sa.select(self.requests.c.reference).where(self.requests.c.reference.in_(refs)))
            )
            decisions = dict(
                conn.execute(
                    sa.select(self.classifications.c.reference, self.classifications.c.topic).where(
                        self.classifications.c.reference.in_(refs)
                    )
                ).all()
            )
            auto_topics: dict[str, tuple[str, ...]] = {}
            for row in rows:
                row["imported_at"] = now
                topics = tuple(row.pop("topics") or ((row["topic"],) if row["topic"] else ()))
                if row["reference"] in decisions:
                    row["topic"], row["topic_source"] = decisions[row["reference"]], "manual"
                else:
                    row["topic"] = topics[0] if topics else row["topic"]
                    if row["topic"] is not None and row["topic_source"] is None:
                        row["topic_source"] = "auto"
                    auto_topics[row["reference"]] = topics
            stmt = self._insert(self.requests)
            update = {c.name: stmt.excluded[c.name] for c in self.requests.columns if c.name != "reference"}
            # RETURNING lets SQLAlchemy send the rows as multi-row INSERTs ("insertmanyvalues")
            # instead of one statement per row
            upsert = stmt.on_conflict_do_update(index_elements=["reference"], set_=update)
            conn.execute(upsert.returning(self.requests.c.reference), rows).all()
            self._write_topics(conn, auto_topics, "auto")
        inserted = len(set(refs) - existing)
        return inserted, len(refs) - inserted

    def list_requests(
        self, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> list[FoiRequest]:
        """Stored requests, oldest first, optionally received within [since, until]."""
        t = self.requests
        query = sa.select(*[c for c in t.columns if c.name != "imported_at"]).order_by(
            t.c.received, t.c.reference
        )
        if since:
            query = query.where(t.c.received >= since)
        if until:
            query = query.where(t.c.received <= until)
        with self._connect() as conn:
            found = [row._asdict() for row in conn.execute(query)]
            linked: dict[str, list[str]] = {}
            lt = self.request_topics
            for ref, topic in conn.execute(sa.select(lt.c.reference, lt.c.topic).order_by(lt.c.reference)):
                linked.setdefault(ref, []).append(topic)
        out = []
        for row in found:
            topics = linked.get(row["reference"]) or ([row["topic"]] if row["topic"] else [])
            if row["topic"] in topics:  # the primary topic first
                topics = [row["topic"], *[t for t in topics if t != row["topic"]]]
            out.append(FoiRequest(**row, topics=tuple(topics)))
        return out

    def set_auto_topics(self, topics: dict[str, Sequence[str]]) -> int:
        """Store the automatic topics of requests (reference -> topic ids, empty = none);
        requests with a manual decision, and references not in the log, are left alone. Only
        requests whose stored topics differ are written. Returns how many requests were set."""
        with self._begin() as conn:
            manual = set(conn.scalars(sa.select(self.classifications.c.reference)))
            todo = {ref: tuple(dict.fromkeys(ts)) for ref, ts in topics.items() if ref not in manual}
            stored = self._stored_topics(conn, list(todo))
            changed = {r: ts for r, ts in todo.items() if r in stored and stored[r] != _auto_state(ts)}
            self._set_primary_topics(conn, changed)
            self._write_topics(conn, changed, "auto")
        return len(todo)

    def _stored_topics(self, conn: sa.Connection, refs: list[str]) -> dict[str, TopicState]:
        """The topic state of each of ``refs`` that is stored."""
        t, lt = self.requests, self.request_topics
        out: dict[str, TopicState] = {}
        for start in range(0, len(refs), CHUNK):
            chunk = refs[start : start + CHUNK]
            links: dict[str, set[tuple[str, str]]] = {}
            query = sa.select(lt.c.reference, lt.c.topic, lt.c.source).where(lt.c.reference.in_(chunk))
            for ref, topic, source in conn.execute(query):
                links.setdefault(ref, set()).add((topic, source))
            query = sa.select(t.c.reference, t.c.topic, t.c.topic_source).where(t.c.reference.in_(chunk))
            for ref, topic, source in conn.execute(query):
                out[ref] = (topic, source, frozenset(links.get(ref, ())))
        return out

    def _set_primary_topics(self, conn: sa.Connection, topics: dict[str, tuple[str, ...]]) -> None:
        """Set ``topic`` (the first of each) and ``topic_source`` ('auto', or none without a
        topic) of the given requests: on PostgreSQL one UPDATE ... FROM (VALUES ...) per chunk."""
        t = self.requests
        rows = [(ref, ts[0] if ts else None, "auto" if ts else None) for ref, ts in topics.items()]
        if conn.dialect.name != "postgresql":
            stmt = (
                sa.update(t)
                .where(t.c.reference == sa.bindparam("ref"))
                .values(topic=sa.bindparam("new_topic"), topic_source=sa.bindparam("new_source"))
            )
            if rows:
                conn.execute(stmt, [{"ref": r, "new_topic": tp, "new_source": sr} for r, tp, sr in rows])
            return
        for start in range(0, len(rows), CHUNK):
            columns = (sa.column(name, sa.String) for name in ("ref", "topic", "source"))
            v = sa.values(*columns, name="v").data(rows[start : start + CHUNK])
            conn.execute(
                sa.update(t).where(t.c.reference == v.c.ref).values(topic=v.c.topic, topic_source=v.c.source)
            )

    def _write_topics(self, conn: sa.Connection, topics: dict[str, tuple[str, ...]], source: str) -> None:
        """Replace the topic links of each reference in ``topics``."""
        if not topics:
            return
        lt = self.request_topics
        refs = list(topics)
        for start in range(0, len(refs), CHUNK):
            conn.execute(sa.delete(lt).where(lt.c.reference.in_(refs[start : start + CHUNK])))
        links = [
            {"reference": ref, "topic": t, "source": source}
            for ref, ts in topics.items()
            for t in dict.fromkeys(ts)
        ]
        if links:  # sent as multi-row INSERTs (SQLAlchemy's insertmanyvalues)
            conn.execute(sa.insert(lt), links)

    def raw_rows(self) -> list[dict[str, Any]]:
        """Every stored row with every column (for audits and tests)."""
        with self._connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(self.requests))]

    def unmatched(self) -> list[FoiRequest]:
        """Requests with no topic, for the FOI team to classify."""
        return [r for r in self.list_requests() if r.topic is None]

    # --- manual classification ------------------------------------------------
    def classify(
        self,
        reference: str,
        topic: str | None | Sequence[str],
        *,
        known_topics: Sequence[str],
        by: str | None = None,
    ) -> None:
        """Record the FOI team's topic(s) for a request (None or [] = no topic); kept across re-imports."""
        topics = tuple(dict.fromkeys([topic] if isinstance(topic, str) else (topic or ())))
        for t in topics:
            if t not in known_topics:
                raise StoreError(f"unknown topic {t!r}; known topics: {', '.join(known_topics)}")
        topic = topics[0] if topics else None
        with self._begin() as conn:
            found = conn.execute(
                sa.update(self.requests)
                .where(self.requests.c.reference == reference)
                .values(topic=topic, topic_source="manual")
            ).rowcount
            if not found:
                raise StoreError(f"no request with reference {reference!r} in the FOI log")
            self._write_topics(conn, {reference: topics}, "manual")
            stmt = self._insert(self.classifications).values(
                reference=reference, topic=topic, decided_at=_now(), decided_by=by
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["reference"],
                    set_={
                        "topic": stmt.excluded.topic,
                        "decided_at": stmt.excluded.decided_at,
                        "decided_by": stmt.excluded.decided_by,
                    },
                )
            )

    def decisions(self) -> dict[str, str | None]:
        """Reference -> topic for every manual decision."""
        with self._connect() as conn:
            return dict(
                conn.execute(sa.select(self.classifications.c.reference, self.classifications.c.topic)).all()
            )

    # --- plan candidates ------------------------------------------------------
    def add_candidate(self, text: str, topic: str | None = None, *, source: str = "suggest") -> int:
        """Record a request (scrubbed text, best-guess topic) that no published
        dataset answers, as a candidate for the plan; returns its id."""
        with self._begin() as conn:
            result = conn.execute(
                sa.insert(self.candidates)
                .values(text=text, topic=topic, recorded_at=_now(), source=source)
                .returning(self.candidates.c.id)
            )
            return int(result.scalar_one())

    def list_candidates(self) -> list[dict[str, Any]]:
        """Recorded candidates, newest first."""
        t = self.candidates
        with self._connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(sa.select(t).order_by(t.c.recorded_at.desc(), t.c.id.desc()))
            ]

    # --- read-only aggregates (the coverage dashboard) ------------------------
    def change_signal(self) -> tuple[Any, ...]:
        """A value that changes whenever a request, a topic link or a decision is written:
        row count and the sum of row versions (PostgreSQL ``xmin``) of each table."""
        tables = (self.requests, self.request_topics, self.classifications)
        with self._connect() as conn:
            if self.engine.dialect.name != "postgresql":  # SQLite: data_version changes on commit
                return (conn.exec_driver_sql("PRAGMA data_version").scalar(),) + tuple(
                    conn.scalar(sa.select(sa.func.count()).select_from(t)) for t in tables
                )
            version = sa.func.coalesce(sa.func.sum(sa.literal_column("xmin::text::bigint")), 0)
            return tuple(
                tuple(conn.execute(sa.select(sa.func.count(), version).select_from(t)).one()) for t in tables
            )

    def _window_topics(self, since: dt.date, until: dt.date) -> sa.Subquery:
        """(reference, received, title, topic) of every request received in [since, until], one
        row per topic (its linked topics, else its single topic; NULL when it has none)."""
        t, lt = self.requests, self.request_topics
        return (
            sa.select(
                t.c.reference, t.c.received, t.c.title, sa.func.coalesce(lt.c.topic, t.c.topic).label("topic")
            )
            .select_from(t.outerjoin(lt, lt.c.reference == t.c.reference))
            .where(t.c.received >= since, t.c.received <= until)
            .subquery()
        )

    def window_counts(self, since: dt.date, until: dt.date) -> dict[str, Any]:
        """Requests received in [since, until] counted in the database: ``total`` (requests),
        ``unmatched`` (requests with no topic) and ``by_month``: {(topic, year, month): count},
        a request with several topics counted under each."""
        w = self._window_topics(since, until)
        year = sa.extract("year", w.c.received).label("year")
        month = sa.extract("month", w.c.received).label("month")
        with self._connect() as conn:
            total = conn.scalar(
                sa.select(sa.func.count()).where(
                    self.requests.c.received >= since, self.requests.c.received <= until
                )
            )
            rows = conn.execute(
                sa.select(w.c.topic, year, month, sa.func.count()).group_by(w.c.topic, year, month)
            ).all()
        by_month = {(topic, int(y), int(m)): int(n) for topic, y, m, n in rows if topic is not None}
        unmatched = sum(int(n) for topic, _, _, n in rows if topic is None)
        return {"total": int(total or 0), "unmatched": unmatched, "by_month": by_month}

    def window_examples(self, since: dt.date, until: dt.date, per_topic: int) -> dict[str | None, list[dict]]:
        """The latest ``per_topic`` requests (reference, received, title) of each topic received
        in [since, until], oldest first; under None every request with no topic."""
        w = self._window_topics(since, until)
        latest = (
            sa.func.row_number()
            .over(partition_by=w.c.topic, order_by=(w.c.received.desc(), w.c.reference.desc()))
            .label("n")
        )
        ranked = sa.select(w, latest).subquery()
        query = (
            sa.select(ranked.c.topic, ranked.c.reference, ranked.c.received, ranked.c.title)
            .where(sa.or_(ranked.c.n <= per_topic, ranked.c.topic.is_(None)))
            .order_by(ranked.c.received, ranked.c.reference)
        )
        out: dict[str | None, list[dict]] = {}
        with self._connect() as conn:
            for topic, reference, received, title in conn.execute(query):
                item = {"reference": reference, "received": received, "title": title}
                out.setdefault(topic, []).append(item)
        return out
