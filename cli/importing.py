"""`crisis import acled|plover FILE`: datasets analysts already use, appended all or nothing."""

from __future__ import annotations

from pathlib import Path

import click

from crisis_timeline.cli.options import App, pass_app

report_option = click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=(
        "List every bad row in this file (FILE:LINE: column: what is wrong) instead of "
        "stopping at the first; nothing is imported while any is bad."
    ),
)
import_file = click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))


@click.group("import")
def import_() -> None:
    """Import a dataset: ACLED exports (CSV) or PLOVER records (JSON lines).

    A file is imported all or nothing; importing it again appends nothing.

    \b
    Example:
        crisis import acled tests/importers/data/acled-2022-02-28.csv
        crisis import plover tests/importers/data/plover-2022-02-24.jsonl
    """


@import_.command()
@import_file
@click.option(
    "--deleted",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="ACLED's deleted-events list (event_id_cnty, deleted_timestamp): retract what it names.",
)
@report_option
@pass_app
def acled(app: App, file: Path, deleted: Path | None, report: Path | None) -> None:
    """Import an ACLED export: each row an incident with its actors, place and toll.

    A row imported before and revised since (ACLED moved its timestamp on) appends corrections;
    an unchanged row appends nothing.

    \b
    Example:
        crisis import acled tests/importers/data/acled-2022-02-28.csv
        crisis import acled tests/importers/data/acled-2022-03-07.csv
    """
    from crisis_timeline.importers.acled import import_acled

    size = file.stat().st_size + (deleted.stat().st_size if deleted else 0)
    with app.progress("importing", size) as advance:
        done = import_acled(
            app.store(),
            file,
            recorded_by=app.analyst,
            deleted=deleted,
            report=report,
            progress=advance,
        )
    app.catch_up_after_append()
    click.echo(done.line())


@import_.command()
@import_file
@report_option
@pass_app
def plover(app: App, file: Path, report: Path | None) -> None:
    """Import PLOVER records (JSON lines), such as those `crisis export plover` writes.

    \b
    Example:
        crisis import plover tests/importers/data/plover-2022-02-24.jsonl
    """
    from crisis_timeline.importers.plover import import_plover

    with app.progress("importing", file.stat().st_size) as advance:
        done = import_plover(
            app.store(), file, recorded_by=app.analyst, report=report, progress=advance
        )
    app.catch_up_after_append()
    click.echo(done.line())


COMMANDS = [import_]
