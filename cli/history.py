"""Looking back: audit a claim, replay every view at a moment, diff two moments, rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from crisis_timeline import canonical
from crisis_timeline.cli.audit_text import audit_failure, print_audit
from crisis_timeline.cli.options import (
    App,
    as_of_option,
    fold_warnings,
    pass_app,
    recorded_before_option,
    time_argument,
    time_option,
)
from crisis_timeline.cli.output import emit, formats, page, table_lines
from crisis_timeline.cli.table import escaped, escaped_doc
from crisis_timeline.cli.views import for_table


def _json_out(doc: Any) -> None:
    click.echo(canonical.dumps(doc))


@click.command()
@click.argument("ident", metavar="ID")
@as_of_option
@recorded_before_option
@click.option(
    "--texts",
    "texts",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder of source texts (*.txt, found by sha256) for the sentence around each quote "
    "(repeatable; default: fixtures/sources when there).",
)
@formats(
    json="One JSON object: stream, view, row, view_check, history, chain (see README).",
    nl="One history event a line.",
    csv="The history, one event a row; nested values as JSON.",
)
@pass_app
def audit(
    app: App,
    ident: str,
    as_of: datetime | None,
    recorded_before: datetime | None,
    texts: tuple[Path, ...],
    fmt: str,
) -> None:
    """Any stream's provenance, checked: its row against the log, every event, quote, sentence, source, link.

    ID is a stream (claim/…, meeting/…, force/…, demand/…, actor/…, context/…, source/…), or a
    bare name looked for in those families in that order. The view's stored row is compared with
    the stream folded afresh from the log; each event, and the registration of each source it
    cites, is checked against its neighbours in the hash chain; each quote is shown in its
    sentence when the source's text is at hand. Exits 1 when a check fails (after printing);
    `crisis verify` walks the whole chain from position 1.

    \b
    Example:
        crisis audit claim/russia-pulling-back-10000-troops
        crisis audit meeting/biden-putin-call-2021-12-30 --json
        crisis audit russia-ukraine-border
    """  # noqa: E501  (help text: kept whole as users read and copy it)
    from crisis_timeline.audit import audit as audit_of
    from crisis_timeline.views import At

    folders = list(texts) or [Path("fixtures/sources")]
    doc = audit_of(app.views_engine(), app.store(), ident, At(as_of, recorded_before), folders)
    if fmt == "json":
        _json_out(doc)
    elif fmt in ("nl", "csv"):
        emit(iter(doc["history"]), fmt, tuple(doc["history"][0]))
    else:
        print_audit(escaped_doc(doc))  # fixture text and --analyst may hold terminal escapes
    failed = audit_failure(doc)
    if failed:
        raise click.ClickException(failed)


@click.command()
@time_option(
    "--as-of", required=True, help="Knowledge time to replay (a day, month or year means its end)."
)
@recorded_before_option
@formats(
    only=("table", "json", "nl"),
    json="One JSON object: each view's array of rows under the view's name.",
    nl="One {view, row} object a line.",
)
@pass_app
def replay(app: App, as_of: datetime, recorded_before: datetime | None, fmt: str) -> None:
    """Every view as it stood at a moment.

    \b
    Example:
        crisis replay --as-of 2021-12-30T12:00Z
        crisis replay --as-of 2022-01-15 --json
    """
    from crisis_timeline import queries
    from crisis_timeline.projections.catalog import VIEWS
    from crisis_timeline.views import At

    views = queries.replay(app.views_engine(), At(as_of, recorded_before))
    if fmt == "json":
        _json_out(views)
    elif fmt == "nl":
        emit(
            ({"view": name, "row": row} for name, rows in views.items() for row in rows),
            "nl",
            ("view", "row"),
        )
    else:
        page(
            line
            for name, rows in views.items()
            for line in (
                "",
                f"== {name} ({len(rows)}) ==",
                *table_lines(map(for_table, rows), VIEWS[name].table_columns),
            )
        )


@click.command()
@time_argument("t1")
@time_argument("t2")
@recorded_before_option
@formats(
    only=("table", "json", "nl"),
    json="One JSON object: from, to, the events learned, each view's changes.",
    nl="One event learned a line.",
)
@pass_app
def diff(app: App, t1: datetime, t2: datetime, recorded_before: datetime | None, fmt: str) -> None:
    """What was learned between two knowledge times: the events, and each view's changes.

    \b
    Example:
        crisis diff 2021-12-29 2021-12-30
        crisis diff 2021-12-30 2022-01-15 --json
    """
    from crisis_timeline import queries
    from crisis_timeline.views import At

    if t2 < t1:
        raise click.ClickException("T2 is before T1; give the earlier time first")
    doc = queries.diff(
        app.views_engine(), app.store(), At(t1, recorded_before), At(t2, recorded_before)
    )
    if fmt == "json":
        _json_out(doc)
    elif fmt == "nl":
        emit(diff_lines(doc), "nl", ())
    else:
        page(escaped(line) for line in diff_text(doc))


def diff_lines(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """diff --nl: each learned event, then each row that appeared, changed or disappeared."""
    from crisis_timeline.projections.catalog import VIEWS
    from crisis_timeline.views import row_id

    for event in doc["events"]:
        yield {"change": "learned", "event": event}
    for name, change in doc["views"].items():
        for kind in ("appeared", "changed", "disappeared"):
            for item in change[kind]:
                if kind == "changed":
                    yield {"change": kind, "view": name, **item}
                else:
                    yield {
                        "change": kind,
                        "view": name,
                        "id": row_id(item),
                        "title": VIEWS[name].title_of(item),
                        "row": item,
                    }


def diff_text(doc: dict[str, Any]) -> Iterator[str]:
    """diff's lines for people: per view, + appeared, ~ changed (field by field), - disappeared."""
    from crisis_timeline.projections.catalog import VIEWS
    from crisis_timeline.views import row_id

    yield f"{len(doc['events'])} events learned between {doc['from']} and {doc['to']}"
    for name, change in doc["views"].items():
        yield f"  {name}: " + ", ".join(f"{len(v)} {k}" for k, v in change.items())
        for row in change["appeared"]:
            yield f"    + {row_id(row)}  {VIEWS[name].title_of(row) or ''}".rstrip()
        for item in change["changed"]:
            yield f"    ~ {item['id']}  {item['title'] or ''}".rstrip()
            for f in item["fields"]:
                yield f"        {f['field']}: {_brief(f['before'])} -> {_brief(f['after'])}"
        for row in change["disappeared"]:
            yield f"    - {row_id(row)}  {VIEWS[name].title_of(row) or ''}".rstrip()


def _brief(value: Any) -> str:
    """A field's value in a diff line: partial times as written, lists joined, None as a dash."""
    from crisis_timeline.time import PartialTime

    if value is None:
        return "-"
    if isinstance(value, dict) and "precision" in value:
        return PartialTime.model_validate(value).value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(value) + "]"
    return value if isinstance(value, str) else canonical.dumps(value)


@click.command()
@click.argument("names", nargs=-1)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object: rebuilt (view names), events."
)
@pass_app
def rebuild(app: App, names: tuple[str, ...], as_json: bool) -> None:
    """Recompute projections from the event log (all, or the NAMES given).

    The search index is rebuilt with all of them, or alone as NAME `search`.

    \b
    Example:
        crisis rebuild
        crisis rebuild meetings claims --json
    """
    from crisis_timeline.projections.runner import ProjectionRunner
    from crisis_timeline.store import search_index

    app.store()  # checks the schema
    runner = ProjectionRunner(app.engine())
    views = tuple(n for n in names if n != search_index.NAME)
    count = 0
    if views or not names:
        with app.progress("rebuilding", runner.total_events()) as advance, fold_warnings():
            count = runner.rebuild(views, progress=advance)
    if search_index.NAME in names or not names:
        count = search_index.rebuild(app.engine())
    if as_json:
        rebuilt = list(names) or [*(p.name for p in runner.projections), search_index.NAME]
        _json_out({"rebuilt": rebuilt, "events": count})
        return
    click.echo(f"rebuilt {', '.join(names) or 'all projections'} from {count} events")


COMMANDS = [audit, replay, diff, rebuild]
