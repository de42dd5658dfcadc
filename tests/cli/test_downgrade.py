"""A downgrade that would drop the events refuses without --yes, saying how many (both backends)."""

from __future__ import annotations

from test_view_commands import error_line, ok, run, seeded_db  # noqa: F401  (seeded_db is a fixture)

from crisis_timeline.store import migrate


def test_downgrade_below_the_events_table_needs_yes(seeded_db: str) -> None:  # noqa: F811
    # revisions are numbered 0001, 0002, …: as many steps as the head's number
    every_step = f"-{int(migrate.head())}"
    for target in ("base", every_step):
        line = error_line(run(["--db", seeded_db, "db", "downgrade", target]))
        assert line == (
            f"Error: downgrade to {target!r} would drop the events table and its 49 events, "
            "which nothing can rebuild; add --yes to drop them"
        )
    assert len(ok(run(["--db", seeded_db, "events", "--nl"])).splitlines()) == 49

    # Down to the events table itself keeps the log: no --yes needed, and back up again.
    assert ok(run(["--db", seeded_db, "db", "downgrade", "0001"])) == "schema at revision 0001\n"
    assert ok(run(["--db", seeded_db, "db", "upgrade"])) == f"schema at revision {migrate.head()}\n"
    assert len(ok(run(["--db", seeded_db, "events", "--nl"])).splitlines()) == 49

    assert (
        ok(run(["--db", seeded_db, "db", "downgrade", "base", "--yes"]))
        == "schema at revision base\n"
    )
    assert (
        ok(run(["--db", seeded_db, "db", "current"]))
        == f"database: base (not initialised); program: {migrate.head()}\n"
    )


def test_the_downgrade_help_example_is_harmless() -> None:
    help_text = ok(run(["db", "downgrade", "--help"]))
    example = help_text.split("Example:", 1)[1]
    assert "base" not in example and "crisis db downgrade -1" in example
