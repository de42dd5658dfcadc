"""`crisis draft FILE`: a saved article (text or HTML) to a fixture for a person to review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from crisis_timeline.cli.options import App, pass_app


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--published",
    default=None,
    metavar="TIME",
    help="Publication time (partial time, e.g. 2021-12-30 or 2021-12-30T19:57Z); "
    "default: the page's own.",
)
@click.option(
    "--publisher",
    default=None,
    metavar="NAME",
    help="The outlet; default: the page's site name or the text's credit line.",
)
@click.option(
    "--title",
    default=None,
    help="The headline; default: the page's title or the text's first line.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The draft fixture to write (default: FILE's name with .yaml, here). "
    "The source text goes beside it.",
)
@click.option("--force", is_flag=True, default=False, help="Overwrite an existing draft.")
@pass_app
def draft(
    app: App,
    file: Path,
    published: str | None,
    publisher: str | None,
    title: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Draft a fixture from a saved article, every guess marked with a draft: note.

    Actors already in the database (--db, if it exists) are matched by name and alias.
    Review the draft, delete each note, then load it.

    \b
    Example:
        crisis draft fixtures/sources/reuters-2021-12-30-biden-putin-second-call.txt --published 2021-12-30 -o /tmp/seed-draft.yaml --force
        crisis draft tests/draft/data/page-2024-06-07-border-crossings.html -o /tmp/page-draft.yaml --force
    """  # noqa: E501  (help text: kept whole as users read and copy it)
    from crisis_timeline.draft.known import known_actors, known_places
    from crisis_timeline.draft.run import draft_file

    store = _store(app)
    known = known_actors(store) if store is not None else []
    done = draft_file(
        file,
        output,
        published=published,
        publisher=publisher,
        title=title,
        known=known,
        overwrite=force,
        places=known_places(store) if store is not None else None,
    )
    text = f", source text {done.text}" if done.text_written else ""
    click.echo(f"{done.fixture}: {done.facts} facts, {done.actors} actors to review{text}")


def _store(app: App) -> Any:
    """The store to match actors against, or None when there is no database yet."""
    from crisis_timeline.errors import ConfigError

    try:
        return app.store()
    except ConfigError:
        return None


COMMANDS = [draft]
