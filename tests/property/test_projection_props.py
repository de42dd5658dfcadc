"""The projection tables against the reference fold, over generated histories of several sources.

Each example loads a generated history (tests/histories.py) into a fresh database, on SQLite
and on PostgreSQL, and checks one of the promises of DESIGN.md §1 and §4:

- every view read from the bitemporal tables equals the in-memory reference fold, at any
  knowledge time and any system time;
- as-of answers do not depend on the order the sources were loaded in;
- catching up source by source leaves the same tables as a rebuild, and rebuilding twice
  the same as rebuilding once;
- a late source on one stream rewrites only that stream's rows, and leaves what the
  database said before it (its system-time history) as it was;
- a correction that was itself retracted corrects nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import histories
import pytest
from histories import History, Source, load
from hypothesis import assume, given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, make_url, select

from crisis_timeline import queries
from crisis_timeline.projections import reference
from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.runner import ProjectionRunner
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import projection_positions as P
from crisis_timeline.store.schema import projection_versions as V
from crisis_timeline.views import At, Filters

# A failing example is shrunk for up to five minutes (each step a fresh database); let that
# finish and report the minimal example rather than being cut off by the suite's 300 s limit.
pytestmark = pytest.mark.timeout(900)

BACKENDS = ["sqlite", "postgresql"]
MICRO = timedelta(microseconds=1)
JAN = datetime(2022, 1, 1, tzinfo=UTC)
COLUMNS = [c.name for c in V.c]

CASES: list[tuple[str, Filters]] = [
    *((name, Filters()) for name in VIEWS),
    ("meetings", Filters(upcoming=True)),
    ("meetings", Filters(status="scheduled")),
    ("meetings", Filters(upcoming=True, actor="actor/putin")),
    ("meetings", Filters(upcoming=True, limit=1)),
    ("meetings", Filters(upcoming=True, limit=2)),
    ("meetings", Filters(status="held", limit=1)),
    ("claims", Filters(open_only=True)),
    ("claims", Filters(status="disputed")),
    ("claims", Filters(open_only=True, actor="actor/putin", limit=1)),
    ("timeline", Filters(limit=3)),
    ("timeline", Filters(limit=1)),
    ("timeline", Filters(limit=3, world_from=JAN, world_to=JAN + timedelta(days=13))),
    ("actors", Filters(actor="actor/putin")),
    ("forces", Filters(status="withdrawal")),
    ("forces", Filters(actor="actor/biden")),
    ("demands", Filters(status="rejected")),
    ("demands", Filters(actor="actor/nato")),
]
"""Every view, plain and with the filters that make sense for it (limits in SQL and not)."""


@dataclass(frozen=True)
class Judged(At):
    """A moment whose 'now' is pinned even when as_of is None (everything known, judged at `clock`).

    `At.now()` falls back to the wall clock, which two calls would read at different instants;
    both paths ask `at.now()`, so pinning it here makes 'upcoming' and 'overdue' comparable.
    """

    clock: datetime | None = None

    def now(self) -> datetime:
        return self.as_of or self.clock or super().now()


@contextmanager
def fresh(databases: Any, backend: str) -> Iterator[Engine]:
    """A new migrated database for one example, dropped afterwards (examples run by the hundred)."""
    url = databases.url(backend)
    engine = open_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        if backend == "postgresql":
            databases.cluster().drop_database(make_url(url).database)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)


def load_all(engine: Engine, order: Sequence[Source], pauses: Sequence[bool] = ()) -> None:
    """Load sources in this order, catching up after those whose pause is True, and at the end."""
    store, runner = EventStore(engine), ProjectionRunner(engine)
    for i, source in enumerate(order):
        load(store, source)
        if i < len(pauses) and pauses[i]:
            runner.catch_up()
    runner.catch_up()


def moments(history: History, recorded: Sequence[datetime] = ()) -> st.SearchStrategy[Judged]:
    """(as_of, recorded_before) pairs at the edges of what the history holds, and between."""
    instants = history.instants()
    as_ofs = (
        st.none()
        | st.sampled_from(instants)
        | st.datetimes(*histories.WINDOW, timezones=st.just(UTC))
    )
    rbs = (
        (st.none() | st.sampled_from([*recorded, *(r - MICRO for r in recorded)]))
        if recorded
        else st.none()
    )
    return st.builds(Judged, as_of=as_ofs, recorded_before=rbs, clock=st.sampled_from(instants))


def table(engine: Engine, with_ids: bool = False) -> list[tuple[Any, ...]]:
    """Every projection_versions row (without the surrogate id unless asked), sorted."""
    columns = [c for c in V.c if with_ids or c.name != "id"]
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(*columns))]
    return sorted(rows, key=repr)


def positions(engine: Engine) -> tuple[int, set[int]]:
    """The log's head and the positions the projections say they have applied."""
    with engine.connect() as conn:
        head = conn.execute(select(func.max(P.c.position))).scalar_one()
        applied = set(conn.execute(select(P.c.position)).scalars())
    return head, applied


def pauses_for(data: Any, n: int) -> list[bool]:
    return list(
        data.draw(st.lists(st.booleans(), min_size=n, max_size=n), label="catch up after each")
    )


# -- 1. the tables answer as the reference fold does -----------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@given(history=histories.histories(), data=st.data())
def test_every_view_from_the_tables_equals_the_reference_fold(
    databases: Any, backend: str, history: History, data: Any
) -> None:
    order = data.draw(st.permutations(history.sources), label="load order")
    with fresh(databases, backend) as engine:
        load_all(engine, order, pauses_for(data, len(order)))
        stored = list(EventStore(engine).read())
        recorded = sorted({e.recorded_at for e in stored})
        for at in data.draw(
            st.lists(moments(history, recorded), min_size=1, max_size=3), label="moments"
        ):
            for name, filters in CASES:
                expected = reference.view(name, stored, at, filters)
                assert queries.view(engine, name, at, filters) == expected, (name, at, filters)


# -- 2. load order does not change any as-of answer ------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@given(history=histories.histories(), data=st.data())
def test_as_of_answers_do_not_depend_on_load_order(
    databases: Any, backend: str, history: History, data: Any
) -> None:
    first = list(history.sources)
    second = list(data.draw(st.permutations(first), label="other load order"))
    if second == first:
        second.reverse()
    with fresh(databases, backend) as one, fresh(databases, backend) as two:
        load_all(one, first, pauses_for(data, len(first)))
        load_all(two, second, pauses_for(data, len(second)))
        for at in data.draw(st.lists(moments(history), min_size=1, max_size=4), label="moments"):
            for name, filters in CASES:
                answer = queries.view(one, name, at, filters)
                assert queries.view(two, name, at, filters) == answer, (name, at, filters)


# -- 3. catching up step by step == rebuilding == rebuilding again ---------------------


@pytest.mark.parametrize("backend", BACKENDS)
@given(history=histories.histories(), batch_size=st.integers(1, 7), data=st.data())
def test_incremental_catch_up_equals_a_full_rebuild(
    databases: Any, backend: str, history: History, batch_size: int, data: Any
) -> None:
    order = data.draw(st.permutations(history.sources), label="load order")
    with fresh(databases, backend) as engine:
        load_all(engine, order, [True] * len(order))
        incremental = table(engine)
        runner = ProjectionRunner(engine, batch_size=batch_size)
        runner.rebuild()
        rebuilt = table(engine)
        assert incremental == rebuilt
        runner.rebuild()
        assert table(engine) == rebuilt
        assert runner.catch_up() == 0
        head, applied = positions(engine)
        assert applied == {head}
        # Loading a source again appends nothing, so nothing changes.
        again = data.draw(st.sampled_from(order), label="loaded again")
        assert load(EventStore(engine), again).appended == []
        assert runner.catch_up() == 0
        assert table(engine) == rebuilt


# -- 4. late knowledge recomputes its own stream only ----------------------------------


@st.composite
def late_knowledge(draw: Any) -> tuple[History, Source]:
    history = draw(histories.histories(min_sources=1, max_sources=3))
    return history, draw(histories.late_sources(history))


Rows = list[tuple[Any, ...]]


def by_stream(rows: Rows) -> dict[str, Rows]:
    """Rows grouped by their stream."""
    out: dict[str, Rows] = {}
    for r in rows:
        out.setdefault(r[COLUMNS.index("stream")], []).append(r)
    return out


def column(row: tuple[Any, ...], name: str) -> Any:
    return row[COLUMNS.index(name)]


def as_it_stood_before(row: tuple[Any, ...], instant: datetime) -> tuple[Any, ...]:
    """The row without its id, as the database showed it just before `instant`
    (a version closed at that instant was still open then)."""
    return tuple(
        None if name == "recorded_until" and value == instant else value
        for name, value in zip(COLUMNS, row)
        if name != "id"
    )


@pytest.mark.parametrize("backend", BACKENDS)
@given(case=late_knowledge(), data=st.data())
def test_late_knowledge_rewrites_only_its_own_stream(
    databases: Any, backend: str, case: tuple[History, Source], data: Any
) -> None:
    history, late = case
    (stream,) = late.streams()
    order = data.draw(st.permutations(history.sources), label="load order")
    with fresh(databases, backend) as engine:
        load_all(engine, order, pauses_for(data, len(order)))
        before = by_stream(table(engine, with_ids=True))
        appended = load(EventStore(engine), late).appended
        assert ProjectionRunner(engine).catch_up() == len(appended) == len(late.events)
        after = by_stream(table(engine, with_ids=True))

        others = {s for s in [*before, *after] if s != stream}
        assert {s: after.get(s) for s in others} == {s: before.get(s) for s in others}

        # Its own stream: rewritten, but what the database said before the late source stands.
        now = appended[0].recorded_at
        old, new = before.get(stream, []), after.get(stream, [])
        assume(all(column(r, "recorded_from") < now for r in old))  # the clock moved on
        was = sorted(
            (as_it_stood_before(r, datetime.max.replace(tzinfo=UTC)) for r in old), key=repr
        )
        kept = sorted(
            (as_it_stood_before(r, now) for r in new if column(r, "recorded_from") < now), key=repr
        )
        assert kept == was
        assert all(
            column(r, "recorded_until") is None for r in new if column(r, "recorded_from") >= now
        )


# -- 5. a correction that was itself retracted no longer applies -----------------------


@st.composite
def withdrawn_corrections(draw: Any) -> tuple[History, Source]:
    history = draw(histories.histories(min_sources=1, max_sources=3))
    return history, draw(histories.retracted_corrections(history))


@pytest.mark.parametrize("backend", BACKENDS)
@given(case=withdrawn_corrections(), data=st.data())
def test_a_retracted_correction_changes_no_view(
    databases: Any, backend: str, case: tuple[History, Source], data: Any
) -> None:
    """EventRetracted says an earlier event 'no longer stands'; a correction that does not
    stand corrects nothing, so every as-of answer is what the history alone gives."""
    history, withdrawn = case
    order = data.draw(st.permutations([*history.sources, withdrawn]), label="load order")
    with fresh(databases, backend) as engine:
        load_all(engine, order)
        without = [e for e in EventStore(engine).read() if e.evidence[0].source != withdrawn.id]
        for at in data.draw(st.lists(moments(history), min_size=1, max_size=3), label="moments"):
            for name in VIEWS:
                assert queries.view(engine, name, at) == reference.view(name, without, at), (
                    name,
                    at,
                )
