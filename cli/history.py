"""Looking back: audit a claim, replay every view at a moment, diff two moments, rebuild."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from crisis_timeline import canonical
from crisis_timeline.cli.options import App, as_of_option, fold_warnings, pass_app, recorded_before_option, time_argument, time_option
from crisis_timeline.cli.output import emit, formats
from crisis_timeline.cli.views import COLUMNS, _for_table


def _json_out(doc: Any) -> None:
    click.echo(canonical.dumps(doc))


@click.command()
@click.argument("claim")
@as_of_option
@recorded_before_option
@formats(json="One JSON object: the row, its history and the chain check (see README).",
         nl="One history event a line.", csv="The history, one event a row; nested values as JSON.")
@pass_app
def audit(app: App, claim: str, as_of: datetime | None, recorded_before: datetime | None, fmt: str) -> None:
    """A claim's provenance: every event, its quote, span, source, who recorded it, its chain links.

    CLAIM is a claim id, with or without the 'claim/' prefix.

    Each of the claim's events is checked locally: its hash recomputed from its stored content
    and the hash of the event before it, and the event after it naming that hash. The log's
    head (position and hash) is printed to anchor these links; `crisis verify` walks the
    whole chain from position 1.

    \b
    Example:
        crisis audit claim/russia-pulling-back-10000-troops
        crisis audit russia-pulling-back-10000-troops --json
    """
    from crisis_timeline import queries
    from crisis_timeline.views import At

    doc = queries.audit(app.views_engine(), app.store(), claim, At(as_of, recorded_before))
    if fmt == "json":
        _json_out(doc)
    elif fmt in ("nl", "csv"):
        emit(iter(doc["history"]), fmt, tuple(doc["history"][0]))
    else:
        _print_audit(doc)


def _print_audit(doc: dict[str, Any]) -> None:
    c = doc["claim"]
    if c:
        click.echo(f"{c['id']}  [{c['status']}{', open' if c['open'] else ''}]  {c['modality']}, {c['attribution']}")
        click.echo(f"  {c['statement']}")
    for e in doc["history"]:
        mark = "ok" if e["chain_verified"] else "BROKEN"
        click.echo(f"\n#{e['position']} {e['type']}  reported {e['reported']['start']}  "
                   f"recorded {e['recorded_at']} by {e['recorded_by']}  chain {mark}")
        click.echo(f"  hash {e['hash']}")
        for ev in e["evidence"]:
            s = ev["source"]
            rating = s.get("rating") or {}
            click.echo(f"  “{ev['quote']}”")
            click.echo(f"    span {ev['span']}  {ev['attribution']}{' — ' + ev['attributed_to'] if ev['attributed_to'] else ''}")
            if "publisher" in s:
                click.echo(f"    {s['publisher']}, “{s['title']}”, {s['published']['start'][:10]}, "
                           f"rated {rating.get('reliability', '?')}{rating.get('credibility', '?')}, sha256 {s['sha256']}")
    chain = doc["chain"]
    state = "ok" if chain["ok"] else f"BROKEN at position {chain['first_bad_position']}: {chain['reason']}"
    click.echo(f"\nhash chain links: {state} ({chain['checked']} events and their neighbours checked; "
               f"head {chain['head']['position']} {chain['head']['hash']}; 'crisis verify' checks the whole chain)")


@click.command()
@time_option("--as-of", required=True, help="Knowledge time to replay (a day, month or year means its end).")
@recorded_before_option
@formats(only=("table", "json", "nl"), json="One JSON object: each view's array of rows under the view's name.",
         nl="One {view, row} object a line.")
@pass_app
def replay(app: App, as_of: datetime, recorded_before: datetime | None, fmt: str) -> None:
    """Every view as it stood at a moment.

    \b
    Example:
        crisis replay --as-of 2021-12-30T12:00Z
        crisis replay --as-of 2022-01-15 --json
    """
    from crisis_timeline import queries
    from crisis_timeline.views import At

    views = queries.replay(app.views_engine(), At(as_of, recorded_before))
    if fmt == "json":
        _json_out(views)
    elif fmt == "nl":
        emit(({"view": name, "row": row} for name, rows in views.items() for row in rows), "nl", ("view", "row"))
    else:
        for name, rows in views.items():
            click.echo(f"\n== {name} ({len(rows)}) ==")
            emit((_for_table(r) for r in rows), "table", COLUMNS[name][0], COLUMNS[name][1])


@click.command()
@time_argument("t1")
@time_argument("t2")
@recorded_before_option
@formats(only=("table", "json", "nl"), json="One JSON object: from, to, the events learned, each view's changes.",
         nl="One event learned a line.")
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
    doc = queries.diff(app.views_engine(), app.store(), At(t1, recorded_before), At(t2, recorded_before))
    if fmt == "json":
        _json_out(doc)
    elif fmt == "nl":
        emit(iter(doc["events"]), "nl", ())
    else:
        click.echo(f"{len(doc['events'])} events learned between {doc['from']} and {doc['to']}")
        for name, change in doc["views"].items():
            counts = ", ".join(f"{len(v)} {k}" for k, v in change.items())
            click.echo(f"  {name}: {counts}")
            for row in change["appeared"]:
                click.echo(f"    + {row['id']}")
            for pair in change["changed"]:
                click.echo(f"    ~ {pair['after']['id']}")
            for row in change["disappeared"]:
                click.echo(f"    - {row['id']}")


@click.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object: rebuilt (view names), events.")
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
