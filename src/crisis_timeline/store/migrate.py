"""Schema migrations: thin calls into alembic.command on the package's own scripts."""

from __future__ import annotations

from importlib.resources import files
from io import StringIO

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Engine, func, select, text

from crisis_timeline.errors import SchemaError
from crisis_timeline.store.schema import events

EVENTS_REVISION = "0001"
"""The revision that creates the events table: undoing it drops the log."""

MIGRATION_LOCK = 0x63726975
"""Held (PostgreSQL) while a migration runs, so that concurrent ones run one after another."""


def _config(engine: Engine | None = None) -> Config:
    cfg = Config(stdout=StringIO())
    cfg.set_main_option("script_location", str(files("crisis_timeline.migrations")))
    if engine is not None:
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


def head() -> str:
    """The newest revision this program knows."""
    heads = ScriptDirectory.from_config(_config()).get_heads()
    if len(heads) != 1:
        raise SchemaError(f"migrations have {len(heads)} heads; expected one")
    return heads[0]


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: not initialised)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database up to a revision."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str, *, drop_events: bool = False) -> None:
    """Migrate the database down to a revision ('base' removes everything).

    A downgrade that would drop the events table while it holds events is refused unless
    `drop_events`: the log is the one thing nothing can rebuild."""
    doomed = events_dropped(engine, revision)
    if doomed and not drop_events:
        raise SchemaError(
            f"downgrade to {revision!r} would drop the events table and its {doomed} "
            f"event{'s' if doomed != 1 else ''}, which nothing can rebuild; add --yes to drop them"
        )
    _run(engine, "downgrade", revision)


def events_dropped(engine: Engine, revision: str) -> int:
    """How many events a downgrade to `revision` would drop (0 if it keeps the events table)."""
    at = current(engine)
    if at is None:
        return 0
    script = ScriptDirectory.from_config(_config())
    try:
        undone = {
            r.revision
            for r in script.revision_map.iterate_revisions(at, revision, select_for_downgrade=True)
        }
    except (CommandError, RevisionError) as e:  # an unknown revision: one line, not a traceback
        raise SchemaError(f"cannot downgrade to {revision!r}: {str(e).splitlines()[0]}") from None
    if EVENTS_REVISION not in undone:
        return 0
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _run(engine: Engine, direction: str, revision: str) -> None:
    cfg = _config(engine)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        # One transaction for every step, holding the write lock from its start: two `crisis
        # init` at once would otherwise interleave their steps (alembic commits each step on
        # SQLite) and both create the same tables; the second waits, then finds the schema current.
        if conn.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            try:
                getattr(command, direction)(cfg, revision)
            except CommandError as e:  # an unknown revision, say: one line, not a traceback
                raise SchemaError(
                    f"cannot {direction} to {revision!r}: {str(e).splitlines()[0]}"
                ) from None


def require_current(engine: Engine) -> None:
    """Refuse to work on a database whose schema is not this program's."""
    at, want = current(engine), head()
    if at == want:
        return
    if at is None:
        raise SchemaError("database is not initialised; run 'crisis init'")
    if at != want:
        known = {
            script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()
        }
        if at not in known:
            raise SchemaError(
                f"database schema is at revision {at}, "
                f"which this program does not know (it needs {want}); "
                "a newer release of crisis-timeline migrated it: use that one"
            )
        raise SchemaError(
            f"database schema is at revision {at}, this program needs {want}; "
            "run 'crisis db upgrade'"
        )
