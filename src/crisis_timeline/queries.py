"""What the CLI asks: each view as of a moment, the audit of a claim, replay and diff.

Every view is one indexed query on the bitemporal projection table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, or_, select

from crisis_timeline import canonical
from crisis_timeline.errors import NotFoundError
from crisis_timeline.store.event_store import EventFilter, EventStore
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.views import CLOSED, VIEWS, At, Content, Filters, finish, iso, row_id

_LIMIT_IN_SQL = {"timeline"}


def visibility(at: At) -> list[Any]:
    """SQL conditions selecting the versions that stood at (as_of, recorded_before)."""
    known: list[Any]
    recorded: list[Any]
    if at.as_of is None:
        known = [V.c.known_until.is_(None)]
    else:
        known = [V.c.known_from <= at.as_of, or_(V.c.known_until.is_(None), V.c.known_until > at.as_of)]
    if at.recorded_before is None:
        recorded = [V.c.recorded_until.is_(None)]
    else:
        rb = at.recorded_before
        recorded = [V.c.recorded_from <= rb, or_(V.c.recorded_until.is_(None), V.c.recorded_until > rb)]
    return known + recorded


def _prefilter(view: str, at: At, f: Filters) -> list[Any]:
    where: list[Any] = []
    if view == "meetings" and f.upcoming:
        # sort_at is the scheduled end; NULL is an open end ("after 10 January"): still upcoming.
        where += [V.c.status == "scheduled", or_(V.c.sort_at.is_(None), V.c.sort_at > at.now())]
    if view == "claims" and f.open_only:
        where.append(V.c.status.not_in(CLOSED))
    if f.status:
        where.append(V.c.status == f.status)
    if f.stream:
        where.append(V.c.stream == f.stream)
    return where


def view(engine: Engine, name: str, at: At = At(), filters: Filters = Filters()) -> list[Content]:
    """One view's rows as they stood at `at`."""
    query = select(V.c.content).where(V.c.projection == name, *visibility(at), *_prefilter(name, at, filters))
    if name in _LIMIT_IN_SQL and filters.limit and not filters.python_only():
        query = query.order_by(V.c.sort_at.asc().nulls_first(), V.c.sort_rank, V.c.key).limit(filters.limit)
    with engine.connect() as conn:
        rows = [canonical.loads(c) for c in conn.execute(query).scalars()]
    return finish(name, rows, at, filters)


def replay(engine: Engine, at: At) -> dict[str, list[Content]]:
    """Every view as it stood at `at`."""
    return {name: view(engine, name, at) for name in VIEWS}


def diff(engine: Engine, store: EventStore, before: At, after: At) -> dict[str, Any]:
    """What was learned between two knowledge times: the events, and each view's changes."""
    if before.as_of is None or after.as_of is None:
        raise ValueError("diff needs two knowledge times")
    if after.as_of < before.as_of:
        raise NotFoundError("the second time is before the first; give T1 then T2 with T1 <= T2")
    learned = [
        e.model_dump(mode="json") for e in store.read(EventFilter(as_of=after.as_of, recorded_before=after.recorded_before))
        if e.reported.start is not None and e.reported.start > before.as_of
    ]
    changes = {name: compare(view(engine, name, before), view(engine, name, after)) for name in VIEWS}
    return {"from": iso(before.as_of), "to": iso(after.as_of), "events": learned, "views": changes}


def compare(old: list[Content], new: list[Content]) -> dict[str, list[Any]]:
    """Rows that appeared, changed (before/after) or disappeared between two answers."""
    was = {row_id(r): r for r in old}
    now = {row_id(r): r for r in new}
    return {
        "appeared": [r for k, r in now.items() if k not in was],
        "changed": [{"before": was[k], "after": r} for k, r in now.items() if k in was and was[k] != r],
        "disappeared": [r for k, r in was.items() if k not in now],
    }


def audit(engine: Engine, store: EventStore, claim_id: str, at: At = At()) -> dict[str, Any]:
    """A claim and its whole history: every event with its evidence, sources and chain check."""
    stream = claim_id if claim_id.startswith("claim/") else f"claim/{claim_id}"
    history = list(store.read(EventFilter(stream=stream, as_of=at.as_of, recorded_before=at.recorded_before)))
    if not history:
        raise NotFoundError(f"no claim {stream!r}{' known at that time' if at.as_of or at.recorded_before else ''}")
    claim = next(iter(view(engine, "claims", at, Filters(stream=stream))), None)
    check = store.verify(until=history[-1].position)
    sources: dict[str, Content | None] = {}
    entries = []
    for e in history:
        evidence = []
        for ev in e.evidence:
            if ev.source not in sources:
                sources[ev.source] = _source(store, ev.source)
            evidence.append({**ev.model_dump(mode="json"), "source": sources[ev.source] or {"id": ev.source}})
        entries.append({
            "position": e.position, "id": str(e.id), "type": e.type, "data": e.data,
            "reported": e.reported.model_dump(mode="json"), "occurred": e.occurred.model_dump(mode="json") if e.occurred else None,
            "recorded_at": e.model_dump(mode="json")["recorded_at"], "recorded_by": e.recorded_by,
            "prev_hash": e.prev_hash, "hash": e.hash, "evidence": evidence,
            "chain_verified": check.ok or (check.bad_position is not None and e.position < check.bad_position),
        })
    chain = {"ok": check.ok, "checked": check.checked, "first_bad_position": check.bad_position, "reason": check.reason or None}
    return {"claim": claim, "history": entries, "chain": chain}


def _source(store: EventStore, source_id: str) -> Content | None:
    registered = next(iter(store.read(EventFilter(stream=source_id, types=["SourceRegistered"]), limit=1)), None)
    if registered is None:
        return None
    d = registered.data
    keys = ("publisher", "title", "byline", "dateline", "published", "url", "sha256", "rating")
    return {"id": source_id, **{k: d.get(k) for k in keys}}
