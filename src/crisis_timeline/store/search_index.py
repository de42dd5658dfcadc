"""The search index in SQL: kept in step with the log, rebuilt, and asked (FTS5 or PostgreSQL).

search_entries is disposable like the projections: it keeps the position it has indexed in
projection_positions (as 'search'), written in the same transaction as its rows, and takes the
projections' lock, so two processes never index the same events twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    column,
    delete,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.sql import ColumnElement

from crisis_timeline import canonical
from crisis_timeline.projections import positions as standing
from crisis_timeline.search import Query, entries
from crisis_timeline.store.bulk import insert_rows
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import SEARCH_FTS, SEARCH_VECTOR
from crisis_timeline.store.schema import events as E
from crisis_timeline.store.schema import search_entries as S
from crisis_timeline.store.transactions import PROJECTION_LOCK, write_transaction
from crisis_timeline.store.walker import broken, walking
from crisis_timeline.time import format_instant

NAME = "search"
"""The index's name in projection_positions (and for `crisis rebuild`)."""
WINDOW = 2000
"""Events read and indexed at a time."""
_COLUMNS = (
    E.c.position,
    E.c.id,
    E.c.stream,
    E.c.type,
    E.c.data,
    E.c.evidence,
    E.c.reported,
    E.c.reported_start,
    E.c.recorded_at,
)


def lag(engine: Engine) -> int:
    """How many events the index has yet to take in."""
    return standing.lag(engine, [NAME])


def catch_up(engine: Engine, progress: Callable[[int], None] | None = None) -> int:
    """Index the events appended since the index's position; returns how many were new."""
    with write_transaction(engine, PROJECTION_LOCK) as conn:
        return _fill(conn, standing.positions(conn, [NAME])[NAME], progress)


def rebuild(engine: Engine) -> int:
    """Empty the index and index the whole log again, in one transaction; returns events indexed.

    As the views' rebuild, only a log whose hash chain verifies up to its head (walked beside)."""
    with write_transaction(engine, PROJECTION_LOCK) as conn:
        with walking(engine, standing.head(conn)) as walk:
            if conn.dialect.name == "sqlite":
                conn.execute(text(f"INSERT INTO {SEARCH_FTS}({SEARCH_FTS}) VALUES ('delete-all')"))
            conn.execute(delete(S))
            indexed = _fill(conn, 0)
            if not (check := walk.result()).ok:
                raise broken(check)
            return indexed


def _fill(conn: Connection, low: int, progress: Callable[[int], None] | None = None) -> int:
    head, start = standing.head(conn), low
    while low < head:
        until = min(head, low + WINDOW)
        query = (
            select(*_COLUMNS)
            .where(E.c.position > low, E.c.position <= until)
            .order_by(E.c.position)
        )
        rows: list[dict[str, Any]] = []
        for r in conn.execute(query).mappings():
            stored = {
                **r,
                "data": canonical.loads(r["data"]),
                "evidence": canonical.loads(r["evidence"]),
            }
            rows.extend(entries(stored))
        insert_rows(conn, S, rows)
        if progress:
            progress(until - low)
        low = until
    if head > start and conn.dialect.name == "sqlite":
        # An external-content FTS5 table is told of new rows; the rowids are search_entries' ids.
        conn.execute(
            text(
                f"INSERT INTO {SEARCH_FTS}(rowid, document) "
                "SELECT id, document FROM search_entries WHERE position > :low"
            ),
            {"low": start},
        )
    standing.set_positions(conn, [NAME], head)
    return head - start


def find(conn: Connection, query: Query) -> list[dict[str, Any]]:
    """Entries with every phrase, best first, as they stood at the query's two times."""
    stmt = _sqlite_match(query) if conn.dialect.name == "sqlite" else _postgresql_match(query)
    stmt = stmt.where(*_known(query))
    if query.limit:
        stmt = stmt.limit(query.limit)
    found = [dict(r) for r in conn.execute(stmt).mappings()]
    superseding = _superseding(conn, query, sorted({r["event_id"] for r in found}))
    return [_result(rank, r, superseding.get(r["event_id"], {})) for rank, r in enumerate(found, 1)]


def _sqlite_match(query: Query) -> Select[Any]:
    """FTS5: the phrases quoted (folded, they hold only letters, digits and spaces), bm25 order."""
    fts = table(SEARCH_FTS, column("rowid"), column(SEARCH_FTS))
    score = func.bm25(literal_column(SEARCH_FTS))
    match = " ".join(f'"{p}"' for p in query.phrases)
    return (
        select(S, score.label("score"))
        .select_from(S.join(fts, fts.c.rowid == S.c.id))
        .where(fts.c[SEARCH_FTS].op("MATCH")(match))
        .order_by(score, S.c.position, S.c.item)
    )


def _postgresql_match(query: Query) -> Select[Any]:
    """PostgreSQL: one phraseto_tsquery per phrase, all required, ts_rank order."""
    parts = [func.phraseto_tsquery(literal_column("'simple'"), p) for p in query.phrases]
    tsquery: ColumnElement[Any] = parts[0]
    for part in parts[1:]:
        tsquery = tsquery.op("&&")(part)
    doc: ColumnElement[Any] = literal_column(
        f"{S.name}.{SEARCH_VECTOR}"
    )  # to_tsvector('simple', document)
    score = func.ts_rank(doc, tsquery)
    return (
        select(S, score.label("score"))
        .where(doc.op("@@")(tsquery))
        .order_by(score.desc(), S.c.position, S.c.item)
    )


def _known(query: Query) -> list[Any]:
    where = []
    if query.as_of is not None:
        where.append(S.c.reported_start <= query.as_of)
    if query.recorded_before is not None:
        where.append(S.c.recorded_at <= query.recorded_before)
    return where


def _superseding(conn: Connection, query: Query, ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """Corrections and retractions known at the query's times, of each of these event ids."""
    found: dict[str, dict[str, list[str]]] = {}
    for chunk in chunked(ids):
        stmt = (
            select(S.c.supersedes, S.c.event_id, S.c.type)
            .distinct()
            .where(S.c.supersedes.in_(chunk), *_known(query))
            .order_by(S.c.event_id)
        )
        for target, event_id, kind in conn.execute(stmt):
            found.setdefault(target, {}).setdefault(kind, []).append(event_id)
    return found


def _result(rank: int, r: dict[str, Any], superseding: dict[str, list[str]]) -> dict[str, Any]:
    span = None if r["span_start"] is None else [r["span_start"], r["span_end"]]
    return {
        "rank": rank,
        "id": r["event_id"],
        "stream": r["stream"],
        "type": r["type"],
        "position": r["position"],
        "text": r["words"] or None,
        "quote": r["quote"],
        "span": span,
        "source": r["source"],
        "attribution": r["attribution"],
        "attributed_to": r["attributed_to"],
        "reported": canonical.loads(r["reported"]),
        "recorded_at": format_instant(r["recorded_at"]),
        "corrected_by": superseding.get("EventCorrected", []),
        "retracted_by": superseding.get("EventRetracted", []),
    }
