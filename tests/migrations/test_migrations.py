"""Migrations on SQLite and PostgreSQL: one head, clean round trips, schema == metadata."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, DateTime, Engine, Index, MetaData, inspect, text

from crisis_timeline.store import migrate
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import NAMING_CONVENTION, in_metadata, metadata

TRIGGERS = {
    "sqlite": {"events_no_update", "events_no_delete"},
    "postgresql": {"events_no_update_delete", "events_no_truncate"},
}
VIEWS = {
    "meetings_now",
    "claims_now",
    "timeline_now",
    "actors_now",
    "forces_now",
    "demands_now",
    "sources",
}
"""The read-only views for browsing (migration 0005): hidden from get_table_names and alembic."""
Snapshot = dict[str, Any]


def scripts() -> ScriptDirectory:
    """The package's migration scripts, found the way an installed program finds them."""
    cfg = Config()
    cfg.set_main_option("script_location", str(files("crisis_timeline.migrations")))
    return ScriptDirectory.from_config(cfg)


def revisions_base_to_head() -> list[tuple[str, str]]:
    """(revision, the revision below it or 'base'), oldest first."""
    walked = list(scripts().walk_revisions("base", "heads"))
    return [(s.revision, str(s.down_revision or "base")) for s in reversed(walked)]


@pytest.fixture
def open_empty(databases: Any, backend: str) -> Iterator[Callable[[], Engine]]:
    """Opens engines on new databases with no schema at all; disposes them afterwards."""
    opened: list[Engine] = []

    def make() -> Engine:
        engine = open_engine(databases.empty_url(backend), must_exist=False)
        opened.append(engine)
        return engine

    yield make
    for engine in opened:
        engine.dispose()


def table_names(engine: Engine) -> list[str]:
    """Tables the metadata can describe (not SQLite's full-text tables: see beyond_metadata)."""
    with engine.connect() as conn:
        return sorted(t for t in inspect(conn).get_table_names() if in_metadata(t, "table", {}))


def beyond_metadata(engine: Engine) -> Snapshot:
    """What migrations make that the metadata does not hold: views with their definitions, and
    the full-text index (SQLite: its virtual and shadow tables; PostgreSQL: its GIN index)."""
    with engine.connect() as conn:
        insp = inspect(conn)
        views = {name: insp.get_view_definition(name) for name in sorted(insp.get_view_names())}
        if conn.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
            fulltext = sorted(
                (name, sql) for name, sql in rows if not in_metadata(name, "table", {})
            )
        else:
            rows = conn.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
            )
            fulltext = sorted(
                (name, sql) for name, sql in rows if not in_metadata(name, "index", {})
            )
            fulltext += sorted(
                (f"{t}.{c['name']}", str(c.get("computed")))
                for t in insp.get_table_names()
                for c in insp.get_columns(t)
                if not in_metadata(c["name"], "column", {"table_name": t})
            )
    return {"views": views, "fulltext": fulltext}


def triggers(engine: Engine) -> set[str]:
    """User-defined triggers (PostgreSQL: and our trigger function, as 'function:name')."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            return {r[0] for r in rows}
        names = {
            r[0] for r in conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
        }
        functions = conn.execute(
            text("SELECT proname FROM pg_proc WHERE proname = 'crisis_events_append_only'")
        )
        return names | {f"function:{r[0]}" for r in functions}


def snapshot(engine: Engine, *, with_triggers: bool = True) -> Snapshot:
    """Tables (not alembic's bookkeeping table), columns with types, keys, indexes, triggers."""
    with engine.connect() as conn:
        insp = inspect(conn)
        tables: Snapshot = {}
        for name in sorted(insp.get_table_names()):
            if name == "alembic_version" or not in_metadata(name, "table", {}):
                continue
            tables[name] = {
                "columns": [
                    (
                        c["name"],
                        c["type"].compile(dialect=conn.dialect),
                        bool(c["nullable"]),
                        c.get("default"),
                    )
                    for c in insp.get_columns(name)
                    if in_metadata(c["name"], "column", {"table_name": name})
                ],
                "primary_key": (
                    insp.get_pk_constraint(name)["name"],
                    tuple(insp.get_pk_constraint(name)["constrained_columns"]),
                ),
                "unique": sorted(
                    (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(name)
                ),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in insp.get_indexes(name)
                    if in_metadata(i["name"], "index", {})
                ),
            }
    snap: Snapshot = {"tables": tables}
    if with_triggers:
        snap["triggers"] = sorted(triggers(engine))
        snap.update(beyond_metadata(engine))
    return snap


def differences(conn: Connection, wanted: MetaData) -> list[Any]:
    """alembic's comparison, less what the migrations make beyond the metadata (as env.py does)."""
    return list(
        compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": in_metadata}), wanted
        )
    )


def test_single_head_and_linear_history() -> None:
    script = scripts()
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    assert script.get_heads() == [migrate.head()]
    assert revisions_base_to_head()[0][1] == "base"
    assert revisions_base_to_head()[-1][0] == migrate.head()


def test_base_head_base_head(open_empty: Callable[[], Engine]) -> None:
    engine = open_empty()
    at_head = sorted(["alembic_version", *metadata.tables])
    assert "events" in at_head
    assert (table_names(engine), migrate.current(engine)) == ([], None)

    migrate.upgrade(engine)
    assert (table_names(engine), migrate.current(engine)) == (at_head, migrate.head())

    migrate.downgrade(engine, "base")
    # alembic keeps its (now empty) version table at base
    assert (table_names(engine), migrate.current(engine)) == (["alembic_version"], None)

    migrate.upgrade(engine, "head")
    assert (table_names(engine), migrate.current(engine)) == (at_head, migrate.head())


def test_each_step_down_undoes_the_step_up(open_empty: Callable[[], Engine]) -> None:
    engine = open_empty()
    for revision, below in revisions_base_to_head():
        before = snapshot(engine)
        migrate.upgrade(engine, revision)
        after_up = snapshot(engine)
        assert migrate.current(engine) == revision
        assert after_up != before, f"upgrade to {revision} changed nothing"

        migrate.downgrade(engine, below)
        assert migrate.current(engine) == (None if below == "base" else below)
        assert snapshot(engine) == before, (
            f"downgrade from {revision} to {below} left the schema changed"
        )

        migrate.upgrade(engine, revision)
        assert snapshot(engine) == after_up, f"upgrade to {revision} again gave another schema"


def test_migrated_schema_matches_metadata(engine: Engine) -> None:
    with engine.connect() as conn:
        assert differences(conn, metadata) == []


def test_views_and_full_text_index_come_and_go_with_their_migrations(
    open_empty: Callable[[], Engine], backend: str
) -> None:
    engine = open_empty()
    migrate.upgrade(engine, "0004")
    assert beyond_metadata(engine) == {"views": {}, "fulltext": []}
    migrate.upgrade(engine, "0005")
    assert (set(beyond_metadata(engine)["views"]), beyond_metadata(engine)["fulltext"]) == (
        VIEWS,
        [],
    )
    migrate.upgrade(engine, "0006")
    names = [name for name, _sql in beyond_metadata(engine)["fulltext"]]
    expected = (
        ["ix_search_entries_document", "search_entries.vector"]
        if backend == "postgresql"
        else [
            "search_index",
            "search_index_config",
            "search_index_data",
            "search_index_docsize",
            "search_index_idx",
        ]
    )
    assert (set(beyond_metadata(engine)["views"]), names) == (VIEWS, expected)
    migrate.downgrade(engine, "0004")
    assert beyond_metadata(engine) == {"views": {}, "fulltext": []}


def test_metadata_comparison_sees_drift(engine: Engine, backend: str) -> None:
    """Guards the test above: the comparison does report an index or a type that differs."""
    drifted = MetaData(naming_convention=NAMING_CONVENTION)
    for table in metadata.tables.values():
        table.to_metadata(drifted)
    events = drifted.tables["events"]
    Index("ix_events_stream", events.c.stream)
    events.c.recorded_at.type = DateTime(timezone=False)
    with engine.connect() as conn:
        diffs = differences(conn, drifted)
    kinds = sorted(d[0][0] if isinstance(d, list) else d[0] for d in diffs)
    # SQLite stores both kinds of datetime the same way; only PostgreSQL can tell them apart.
    assert kinds == (["add_index", "modify_type"] if backend == "postgresql" else ["add_index"])


def test_create_all_and_migrations_build_the_same_schema(open_empty: Callable[[], Engine]) -> None:
    migrated, created = open_empty(), open_empty()
    migrate.upgrade(migrated)
    metadata.create_all(created)
    assert snapshot(created, with_triggers=False) == snapshot(migrated, with_triggers=False)
    assert list(snapshot(created)["tables"]) == sorted(metadata.tables)


def test_append_only_triggers_come_and_go_with_the_schema(
    open_empty: Callable[[], Engine], backend: str
) -> None:
    engine = open_empty()
    migrate.upgrade(engine)
    expected = set(TRIGGERS[backend])
    if backend == "postgresql":
        expected.add("function:crisis_events_append_only")
    assert triggers(engine) >= expected

    migrate.downgrade(engine, "base")
    assert triggers(engine) == set()

    migrate.upgrade(engine)
    assert triggers(engine) >= expected


def test_the_programs_schema_revision_is_the_migrations_head() -> None:
    from crisis_timeline.store.schema import SCHEMA_REVISION

    assert SCHEMA_REVISION == migrate.head()
