"""`crisis search WORDS…`: full-text search over quotes, statements and titles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from crisis_timeline.cli.options import App, as_of_option, pass_app, recorded_before_option
from crisis_timeline.cli.output import emit, output_options

COLUMNS = (
    "rank",
    "id",
    "stream",
    "type",
    "position",
    "text",
    "quote",
    "span",
    "source",
    "attribution",
    "attributed_to",
    "reported",
    "recorded_at",
    "corrected_by",
    "retracted_by",
)
TABLE_COLUMNS = ("rank", "stream", "type", "span", "attribution", "quote")


@click.command()
@click.argument("words", nargs=-1)
@as_of_option
@recorded_before_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, metavar="N", help="The N best matches."
)
@output_options
@pass_app
def search(
    app: App,
    words: tuple[str, ...],
    as_of: datetime | None,
    recorded_before: datetime | None,
    limit: int | None,
    fmt: str,
) -> None:
    """Search the facts' quotes, statements and titles; best matches first.

    Each WORD is searched as a phrase (quote several words to keep them together) and all must
    occur in one fact's words or quote. Case, accents and punctuation are ignored; nothing in
    WORDS is query syntax. Each match is one quote of one fact, with its span and source.

    \b
    Example:
        crisis search "10,000 troops"
        crisis search Putin call --as-of 2021-12-30 --json
    """
    from crisis_timeline.search import Query, phrases
    from crisis_timeline.store import search_index

    query = Query(phrases(words), as_of, recorded_before, limit)
    from crisis_timeline.store.roles import may_write_views

    engine = app.current_engine()
    behind = search_index.lag(engine)
    if behind and may_write_views(engine):
        with app.progress("indexing", behind) as advance:
            search_index.catch_up(engine, advance)
    elif behind:
        click.echo(
            f"note: the search index is {behind} events behind; a writer's next load catches it up",
            err=True,
        )
    with engine.connect() as conn:
        found = search_index.find(conn, query)
    emit((_for_table(r) if fmt == "table" else r for r in found), fmt, COLUMNS, TABLE_COLUMNS)


def _for_table(row: dict[str, Any]) -> dict[str, Any]:
    span = row["span"]
    return {
        **row,
        "span": "" if span is None else f"{span[0]}-{span[1]}",
        "quote": row["quote"] or row["text"],
    }


COMMANDS = [search]
