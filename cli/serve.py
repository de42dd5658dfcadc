"""`crisis serve` (read-only API, the page); `crisis export html` (the page as one file)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crisis_timeline.cli.export import deliver, export_command, world_options
from crisis_timeline.cli.options import App, pass_app, time_option
from crisis_timeline.moments import Bound

if TYPE_CHECKING:
    from sqlalchemy import Engine

texts_option = click.option(
    "--texts",
    "texts",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder of source texts (*.txt, found by sha256) shown with their quotes highlighted "
    "(repeatable; default: fixtures/sources when there).",
)


def reader(app: App) -> Engine:
    """The database opened so that nothing can write (SQLite mode=ro; PostgreSQL read-only)."""
    from crisis_timeline.store import migrate
    from crisis_timeline.store.engine import open_reader
    from crisis_timeline.store.schema import schema_is_current

    engine = open_reader(app.db)
    if not schema_is_current(engine):
        migrate.require_current(engine)
    return engine


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (this machine only unless told).",
)
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@texts_option
@pass_app
def serve(app: App, host: str, port: int, texts: tuple[Path, ...]) -> None:
    """Serve the page at / and the read-only JSON API at /api (OpenAPI at /api/openapi.json).

    Nothing the server does writes: views a writer has not caught up yet are answered as they
    stand, with the lag in each answer's X-Crisis-Behind header.

    \b
    Example:
        crisis serve --port 8000
        crisis --db postgresql://reader@localhost/crisis serve --host 127.0.0.1
    """
    import uvicorn

    from crisis_timeline.web.api import create_app

    web = create_app(reader(app), list(texts) or [Path("fixtures/sources")])
    click.echo(f"serving on http://{host}:{port}/ (API description at /api/openapi.json)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@export_command("html")
@world_options
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="At most N rows per panel at each knowledge time (default 500).",
)
@time_option(
    "--since",
    bound=Bound.START,
    default=None,
    help="The first knowledge time the file holds (default: before the first report); "
    "--as-of is the last.",
)
@texts_option
def html(
    app: App,
    as_of: datetime | None,
    recorded_before: datetime | None,
    output: str,
    texts: tuple[Path, ...],
    since: datetime | None,
    **filters: Any,
) -> None:
    """The page as one self-contained HTML file: no server, no network, its knowledge times inside.

    It holds the page at every knowledge time from --since to --as-of at which it changes
    (at most 400), with the rows --from, --to and --limit leave (at most 100,000 in all).

    \b
    Example:
        crisis export html -o timeline.html
        crisis export html --from 2021-12-01 --to 2022-02-01 -o december.html
        crisis export html --since 2021-12-30 --as-of 2021-12-31 --limit 100 -o dec30.html
    """
    from crisis_timeline.exports import Document
    from crisis_timeline.store.event_store import EventStore
    from crisis_timeline.views import At, Filters
    from crisis_timeline.web import page

    if since is not None and as_of is not None and since > as_of:
        raise click.BadParameter(
            "is after --as-of; give the earlier time to --since", param_hint="--since"
        )
    engine = reader(app)
    bounded = Filters(limit=filters.pop("limit") or page.PAGE, **filters)
    content = page.export_html(
        engine,
        EventStore(engine),
        At(as_of, recorded_before),
        bounded,
        list(texts) or [Path("fixtures/sources")],
        since,
    )
    deliver(Document(content), output)


COMMANDS = [serve]
