"""`crisis init` and `crisis db upgrade|downgrade|current|grant`."""

from __future__ import annotations

import click

from crisis_timeline.cli.options import App, pass_app


@click.command()
@pass_app
def init(app: App) -> None:
    """Create the database (if it is a file) and migrate it to the newest schema.

    \b
    Example:
        crisis --db ./crisis.db init
        crisis --db postgresql://analyst@localhost/crisis init
    """
    from crisis_timeline.store import migrate
    from crisis_timeline.store.engine import describe

    engine = app.engine(must_exist=False)
    migrate.upgrade(engine)
    click.echo(f"{describe(engine.url)}: schema at revision {migrate.current(engine)}")


@click.group()
def db() -> None:
    """Schema migrations and database roles.

    \b
    Example:
        crisis db current
        crisis db upgrade
    """


@db.command()
@click.argument("revision", default="head")
@pass_app
def upgrade(app: App, revision: str) -> None:
    """Migrate the schema up to REVISION (default: head).

    \b
    Example:
        crisis db upgrade
    """
    from crisis_timeline.store import migrate

    engine = app.engine()
    migrate.upgrade(engine, revision)
    click.echo(f"schema at revision {migrate.current(engine)}")


@db.command(context_settings={"ignore_unknown_options": True})  # so that -1 is a REVISION
@click.argument("revision")
@click.option(
    "--yes", is_flag=True, help="Drop the events too when the downgrade removes their table."
)
@pass_app
def downgrade(app: App, revision: str, yes: bool) -> None:
    """Migrate the schema down to REVISION (-1 is one step; 'base' drops every table).

    A downgrade that would drop the events table while it holds events is refused unless
    --yes is given, saying how many events it would drop: nothing can rebuild them.

    \b
    Example:
        crisis db downgrade -1
        crisis db upgrade
    """
    from crisis_timeline.store import migrate

    engine = app.engine()
    migrate.downgrade(engine, revision, drop_events=yes)
    click.echo(f"schema at revision {migrate.current(engine) or 'base'}")


@db.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object: database, program.")
@pass_app
def current(app: App, as_json: bool) -> None:
    """Show the schema revision of the database and the one this program needs.

    \b
    Example:
        crisis db current
        crisis db current --json
    """
    from crisis_timeline import canonical
    from crisis_timeline.store import migrate

    at = migrate.current(app.engine())
    if as_json:
        click.echo(canonical.dumps({"database": at, "program": migrate.head()}))
        return
    click.echo(f"database: {at or 'base (not initialised)'}; program: {migrate.head()}")


@db.command()
@click.option("--reader", metavar="ROLE", help="Role that may only SELECT.")
@click.option("--writer", metavar="ROLE", help="Role that may only SELECT and INSERT events.")
@pass_app
def grant(app: App, reader: str | None, writer: str | None) -> None:
    """Grant existing PostgreSQL roles read-only or append-only access.

    \b
    Example:
        crisis --db postgresql://admin@db/crisis db grant --reader analysts_ro --writer loader
    """
    from crisis_timeline.store.roles import grant_roles

    if not reader and not writer:
        raise click.UsageError("give --reader and/or --writer")
    for line in grant_roles(app.engine(), reader=reader, writer=writer):
        click.echo(line)


COMMANDS = [init, db]
