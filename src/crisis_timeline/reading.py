"""How a view's rows are read as of a moment, whichever way its statements run.

`answer` is the one walk of a view's answer (queries.stream): the statements it runs are
named by a key (`Query.key`: their kind and the query's shape, `shape`) and built by the
SQLAlchemy code that defines them (version_sql.py, upcoming.py), given as a thunk. A `Reader`
runs them: through SQLAlchemy on either dialect (queries.py), or, for a SQLite file, the
same statements compiled once for SQLite and kept in lean/statements.py (lean/read.py), so
that a view command needs neither SQLAlchemy nor the statements' building. Nothing here
imports SQLAlchemy. Rows come back as tuples in the order the statements select.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from crisis_timeline import canonical
from crisis_timeline.spans import OPEN_END, SPAN_LIMITS
from crisis_timeline.store.chunks import chunked
from crisis_timeline.views import At, Content, Filters, finished, with_places, with_source_titles

if TYPE_CHECKING:
    from crisis_timeline.projections.view import View

MAX_ROWS = 2**63 - 1
"""SQL's largest integer: --offset and --limit may each be as large as it."""


BATCH = 500
"""Rows fetched at a time while a walk streams (a server-side cursor on PostgreSQL)."""


@dataclass(frozen=True)
class Query:
    """One statement: the key it is known by, and how SQLAlchemy builds it (a thunk, so that
    a reader that knows the key already never imports what builds it)."""

    key: str
    build: Callable[[], Any]


class Reader(Protocol):
    """Runs a Query with named values, giving its rows as tuples."""

    def run(self, query: Query, values: dict[str, Any]) -> Iterable[Sequence[Any]]: ...


def streams(query: Query) -> bool:
    """Is this a walk of a view's index, whose rows a reader fetches BATCH at a time (on
    PostgreSQL through a server-side cursor), so that an answer of any size starts at once?"""
    return query.key.startswith("walk")


def shape(view: View, at: At, f: Filters) -> str:
    """What the conditions of a view's reads depend on other than bound values: two queries of
    one shape differ in their parameters (`parameters`) only."""
    narrowed = view.narrow(f) if view.narrow else None
    statuses = "" if narrowed is None else ",".join(sorted(narrowed.statuses))
    narrow = "-" if narrowed is None else f"{'not ' if narrowed.negated else ''}in({statuses})"
    return (
        f"{view.name} as_of={at.as_of is not None:d} recorded_before="
        f"{at.recorded_before is not None:d} narrow={narrow} status={bool(f.status):d} "
        f"stream={bool(f.stream):d}"
    )


def parameters(at: At, f: Filters) -> dict[str, Any]:
    """The values of the named parameters of the visibility and filter conditions."""
    return {
        "as_of": at.as_of,
        "recorded_before": at.recorded_before,
        "status": f.status,
        "stream": f.stream,
    }


def walk_query(view: View, at: At, f: Filters, part: int, capped: bool) -> Query:
    """The `part`th (0, 1) walk of a view's sort index, in its order (`LIMIT :cap` if capped)."""

    def build() -> Any:
        from crisis_timeline.version_sql import walk_statements

        return walk_statements(view, at, f, capped)[part]

    return Query(f"walk{part} capped={capped:d} {shape(view, at, f)}", build)


UPCOMING_PAGED = ("dated", "within", "bound", "no_start")
"""The `--upcoming` statements a page may run (unpaged: "dated" and "no_start")."""


def upcoming_query(view: View, at: At, f: Filters, part: str, paged: bool) -> Query:
    """One of a spanning view's `--upcoming` statements (upcoming.Walks: "dated", "no_start",
    and for a page "bound" and "within")."""

    def build() -> Any:
        from crisis_timeline.upcoming import statements

        found = getattr(statements(view, at, f, paged), part)
        assert found is not None, f"no {part} statement unless paged"
        return found

    return Query(f"upcoming_{part} paged={paged:d} {shape(view, at, f)}", build)


def by_id_query() -> Query:
    """Projection rows' (id, content) by their ids (`:ids`, expanding)."""

    def build() -> Any:
        from crisis_timeline.version_sql import BY_ID

        return BY_ID

    return Query("by_id", build)


def of_streams_query(name: str, at: At) -> Query:
    """A one-row-per-stream view's (stream, content) for some streams (`:streams`) at `at`."""

    def build() -> Any:
        from crisis_timeline.version_sql import of_streams_statement

        return of_streams_statement(name, at)

    kind = f"as_of={at.as_of is not None:d} recorded_before={at.recorded_before is not None:d}"
    return Query(f"of_streams {name} {kind}", build)


def answer(reader: Reader, view: View, at: At, filters: Filters) -> Iterator[Content]:
    """A view's rows as they stood at `at`, in the view's order, as they are read (the filters
    already checked against the view)."""
    cap = (
        None
        if filters.limit is None or filters.python_only()
        else min(filters.offset + filters.limit, MAX_ROWS)
    )
    if view.spans is not None and filters.upcoming:
        yield from finished(view, upcoming(reader, view, at, filters, cap), at, filters)
        return
    rows: Iterator[Content] = (canonical.loads(c) for c in walk(reader, view, at, filters, cap))
    if view.with_source_titles:
        rows = with_source_titles(
            rows, lambda ids: titles(reader, ids, at), first=min(cap or 1, 512)
        )
    if view.with_places:
        rows = with_places(
            rows, lambda ids: of_streams(reader, "places", ids, at), first=min(cap or 1, 512)
        )
    yield from finished(view, rows, at, filters)


def walk(reader: Reader, view: View, at: At, f: Filters, cap: int | None) -> Iterator[str]:
    """Contents in the view's order, at most `cap`: the two walks of version_sql.walk_statements,
    each stopping at the cap."""
    count = 0
    for part in (0, 1):
        values = parameters(at, f)
        if cap is not None:
            if count >= cap:
                return
            values["cap"] = cap - count
        for (content,) in reader.run(walk_query(view, at, f, part, cap is not None), values):
            count += 1
            yield content


def upcoming(
    reader: Reader, view: View, at: At, filters: Filters, page: int | None
) -> list[Content]:
    """The rows of `view` (which spans) not over at `at` that SQL can select for `filters`, the
    first `page` of them (all for None), in (sort_at, key) order (see upcoming.py)."""
    assert view.spans is not None
    now = at.now()
    values = {**parameters(at, filters), "now": now, "page": page}
    for k in range(1, len(SPAN_LIMITS) + 1):
        values[f"earlier_{k}"] = _earlier(now, SPAN_LIMITS[k - 1])
    values[f"earlier_{OPEN_END}"] = _earlier(now, view.spans)
    paged = bool(page)
    dated = upcoming_query(view, at, filters, "dated", paged)
    no_start = upcoming_query(view, at, filters, "no_start", paged)
    if page:  # the walks of what is to come stop at the start the page reaches, if it does
        bound = upcoming_query(view, at, filters, "bound", paged)
        reached = [start for (start,) in reader.run(bound, {**values, "skip": page - 1})]
        if reached:
            values["bound"] = reached[0]
            dated = upcoming_query(view, at, filters, "within", paged)
    # Each row is (sort_at, key, content), or (sort_at, key, id) for a page.
    rows = sorted(reader.run(dated, values), key=lambda r: (r[0], r[1]))
    if not page:  # everything: the contents straight from the walks
        return [canonical.loads(r[2]) for r in [*rows, *reader.run(no_start, values)]]
    ids = [r[2] for r in rows[:page]]
    if len(ids) < page:
        ids += [r[2] for r in reader.run(no_start, {**values, "rest": page - len(ids)})]
    return contents(reader, ids)


def _earlier(at: datetime, span: timedelta) -> datetime:
    """at - span, or the first instant there is when that is before year 1 (--as-of 0001-01-01)."""
    try:
        return at - span
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


def contents(reader: Reader, ids: Sequence[int]) -> list[Content]:
    """The contents of these projection rows (by primary key), decoded, in the order of `ids`."""
    found: dict[int, Content] = {}
    for chunk in chunked(ids):
        rows = reader.run(by_id_query(), {"ids": list(chunk)})
        found.update((row_id, canonical.loads(c)) for row_id, c in rows)
    return [found[i] for i in ids]


def titles(reader: Reader, sources: list[str], at: At) -> dict[str, str]:
    """The titles of these sources as the sources view holds them at `at`."""
    return {s: row["title"] for s, row in of_streams(reader, "sources", sources, at).items()}


def of_streams(reader: Reader, name: str, streams: list[str], at: At) -> dict[str, Content]:
    """The rows of a one-row-per-stream view (sources, places) for these streams at `at`."""
    values = {**parameters(at, Filters()), "streams": streams}
    rows = reader.run(of_streams_query(name, at), values)
    return {stream: canonical.loads(content) for stream, content in rows}
