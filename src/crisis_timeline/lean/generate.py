"""Write lean/statements.py and lean/pg_statements.py: every statement a view's as-of read runs
(reading.py), built by the code that defines them and compiled for SQLite and for PostgreSQL
(psycopg), with the reads of the schema's revision and of the views' positions. `python -m
crisis_timeline.lean.generate` writes them again; a test holds each file equal to what this
makes, byte for byte.

Each statement is kept as (its SQL, the names of its parameters in order, the values of the
parameters SQLAlchemy bound itself: a view's name, the statuses it narrows to, a span class).
An expanding parameter (`ids`, `streams`, a list of statuses) is written `__[POSTCOMPILE_name]`
for SQLite, as SQLAlchemy writes it before the values are known; for PostgreSQL the list is
one array parameter (`= ANY(CAST(%(name)s AS type[]))`), so the SQL needs no change at run time.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import _anonymous_label

from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.positions import HEAD, POSITIONS
from crisis_timeline.projections.view import View
from crisis_timeline.reading import (
    UPCOMING_PAGED,
    Query,
    by_id_query,
    of_streams_query,
    upcoming_query,
    walk_query,
)
from crisis_timeline.store.schema import REVISIONS, SCHEMA_REVISION
from crisis_timeline.views import At, Filters

TARGET = Path(__file__).with_name("statements.py")
PG_TARGET = Path(__file__).with_name("pg_statements.py")
DIALECTS: dict[Path, Dialect] = {
    TARGET: sqlite.dialect(),
    PG_TARGET: psycopg.dialect(),  # type: ignore[no-untyped-call]
}
_EXPANDING = re.compile(r"(NOT )?IN \(__\[POSTCOMPILE_(\w+)\]\)")
_SOME_TIME = datetime(2021, 12, 30, 12, tzinfo=UTC)
_ONE_STREAMED = ("sources", "places")
"""The one-row-per-stream views other views look rows up in (reading.of_streams)."""


def moments() -> list[At]:
    """The shapes of moment the lean path reads at: now or --as-of (--recorded-before reads
    through SQLAlchemy)."""
    return [At(), At(_SOME_TIME)]


def filter_shapes(view: View) -> list[Filters]:
    """One Filters of every shape the view's reads may have (a stream filter aside: audit's)."""
    narrowing = [Filters()]
    if "upcoming" in view.supported:
        narrowing.append(Filters(upcoming=True))
    if "open_only" in view.supported:
        narrowing.append(Filters(open_only=True))
    shapes = list(narrowing)
    if "status" in view.supported:
        shapes += [
            Filters(upcoming=f.upcoming, open_only=f.open_only, status="x") for f in narrowing
        ]
    return shapes


def queries() -> Iterator[Query]:
    """Every statement of the lean path, each once or more."""
    yield by_id_query()
    for at in moments():
        for name in _ONE_STREAMED:
            yield of_streams_query(name, at)
        for view in VIEWS.values():
            for f in filter_shapes(view):
                for part in (0, 1):
                    for capped in (False, True):
                        yield walk_query(view, at, f, part, capped)
                if view.spans is not None and f.upcoming:
                    for which in ("dated", "no_start"):
                        yield upcoming_query(view, at, f, which, False)
                    for which in UPCOMING_PAGED:
                        yield upcoming_query(view, at, f, which, True)


def compiled(
    statement: Any, dialect: Dialect = DIALECTS[TARGET]
) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """A statement's SQL for `dialect`, its parameters' names (in order, for SQLite's `?`), and
    the values it binds itself."""
    c = statement.compile(dialect=dialect)
    names = tuple(c.positiontup or c.params)
    bound = {
        name: c.params[name] for name in names if isinstance(c.binds[name].key, _anonymous_label)
    }
    sql = str(c)
    if dialect.name == "postgresql":

        def as_array(m: re.Match[str]) -> str:
            kind = dialect.type_compiler_instance.process(c.binds[m[2]].type)
            return f"{'<> ALL' if m[1] else '= ANY'}(CAST(%({m[2]})s AS {kind}[]))"

        sql = _EXPANDING.sub(as_array, sql)
    return sql, names, bound


def source(target: Path = TARGET) -> str:
    """The text of statements.py (or of pg_statements.py)."""
    dialect = DIALECTS[target]
    entries: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {}
    for query in queries():
        entries.setdefault(query.key, compiled(query.build(), dialect))
    lines = [
        '"""Made by crisis_timeline.lean.generate from reading.py\'s statements; do not edit."""',
        "",
        "from typing import Any",
        "",
        f"SCHEMA_REVISION = {SCHEMA_REVISION!r}",
        f"REVISIONS = {REVISIONS!r}",
        "Compiled = tuple[str, tuple[str, ...], dict[str, Any]]",
        f"HEAD: Compiled = {compiled(HEAD, dialect)!r}",
        f"POSITIONS: Compiled = {compiled(POSITIONS, dialect)!r}",
        f"VIEWS = {tuple(VIEWS)!r}",
        "STATEMENTS: dict[str, Compiled] = {",
    ]
    for key in sorted(entries):
        lines.append(f"    {key!r}: {entries[key]!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    for target in DIALECTS:
        target.write_text(source(target), encoding="utf-8")
        sys.stdout.write(f"wrote {target}\n")


if __name__ == "__main__":
    main()
