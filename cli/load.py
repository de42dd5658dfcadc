"""`crisis load FILE…`: validate fixture files, then append their events atomically."""

from __future__ import annotations

from pathlib import Path

import click

from crisis_timeline.cli.options import App, pass_app


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--text",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The source text to check quotes against (instead of the fixture's text_file). "
    "One FILE only.",
)
@click.option(
    "--accept-draft",
    is_flag=True,
    default=False,
    help="Load files that still carry draft: notes from crisis draft, as they stand "
    "(the notes are dropped).",
)
@pass_app
def load(app: App, files: tuple[Path, ...], text: Path | None, accept_draft: bool) -> None:
    """Load fixture files: check everything, then append all or nothing.

    Loading a file twice appends nothing the second time.

    \b
    Example:
        crisis load fixtures/reuters-2021-12-30-biden-putin-second-call.yaml
        crisis load --text fixtures/sources/reuters-2021-12-30-biden-putin-second-call.txt fixtures/reuters-2021-12-30-biden-putin-second-call.yaml
        crisis load --accept-draft fixtures/reuters-2021-12-30-biden-putin-second-call.yaml
    """  # noqa: E501  (help text: kept whole as users read and copy it)
    from crisis_timeline import loading

    if text is not None and len(files) > 1:
        raise click.UsageError("--text goes with a single FILE")
    store = app.store()
    with app.progress("checking", len(files)) as advance:
        report = loading.load(
            store,
            list(files),
            recorded_by=app.analyst,
            text=text,
            progress=advance,
            accept_draft=accept_draft,
        )
    app.catch_up_after_append()
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    click.echo(
        f"{report.appended} new, {report.already_present} already present "
        f"({report.files} file{'s' if report.files != 1 else ''})"
    )


COMMANDS = [load]
