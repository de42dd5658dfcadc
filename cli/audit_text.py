"""`crisis audit` as text for people: the row and its check, each event, quote, sentence, source."""

from __future__ import annotations

from typing import Any

import click

ROW_WORDS = ("title", "statement", "name", "demand", "summary", "size_text")


def print_audit(doc: dict[str, Any]) -> None:
    """The audit, for people; every check says ok or what failed."""
    _print_row(doc)
    for e in doc["history"]:
        mark = "ok" if e["chain_verified"] else "BROKEN"
        click.echo(
            f"\n#{e['position']} {e['type']}  reported {e['reported']['start']}  "
            f"recorded {e['recorded_at']} by {e['recorded_by']}  chain {mark}"
        )
        click.echo(f"  hash {e['hash']}")
        for ev in e["evidence"]:
            _print_evidence(ev)
    chain = doc["chain"]
    state = (
        "ok"
        if chain["ok"]
        else f"BROKEN at position {chain['first_bad_position']}: {chain['reason']}"
    )
    click.echo(
        f"\nhash chain links: {state} ({chain['checked']} events and their neighbours checked; "
        f"head {chain['head']['position']} {chain['head']['hash']}; "
        "'crisis verify' checks the whole chain)"
    )


def _print_row(doc: dict[str, Any]) -> None:
    row, view, check = doc["row"], doc["view"], doc["view_check"]
    if isinstance(row, dict) and "statement" in row and "modality" in row:  # a claim
        click.echo(
            f"{row['id']}  [{row['status']}{', open' if row['open'] else ''}]  "
            f"{row['modality']}, {row['attribution']}"
        )
        click.echo(f"  {row['statement']}")
    elif isinstance(row, dict):
        status = f"  [{row['status']}]" if row.get("status") else ""
        click.echo(f"{row['id']}{status}")
        click.echo(f"  {next((row[k] for k in ROW_WORDS if row.get(k)), '')}")
    else:
        click.echo(f"{doc['stream']}  ({len(row or [])} rows in {view})" if view else doc["stream"])
    if view:
        verdict = "matches the log" if check["ok"] else f"DOES NOT MATCH THE LOG: {check['reason']}"
        click.echo(f"  {view} view: {verdict}")


def _print_evidence(ev: dict[str, Any]) -> None:
    click.echo(f"  “{ev['quote']}”")
    who = f" — {ev['attributed_to']}" if ev["attributed_to"] else ""
    click.echo(f"    span {ev['span']}  {ev['attribution']}{who}")
    if ev["in_text"] is False:
        click.echo("    THE SOURCE TEXT DOES NOT HOLD THIS QUOTE AT ITS SPAN")
    if ev["sentence"]:
        click.echo(f"    in: {ev['sentence']}")
    s = ev["source"]
    if "publisher" not in s:
        click.echo(f"    {s['id']} (not registered)")
        return
    rating = s.get("rating") or {}
    byline = ", ".join(s["byline"]) if s.get("byline") else "no byline"
    click.echo(
        f"    {s['publisher']}, “{s['title']}”, by {byline}, {s['published']['start'][:10]}, "
        f"rated {rating.get('reliability', '?')}{rating.get('credibility', '?')}"
    )
    click.echo(
        f"    url {s['url'] or 'none'}  sha256 {s['sha256']}  "
        f"registered at #{s['position']}, chain {'ok' if s['chain_verified'] else 'BROKEN'}"
    )


def audit_failure(doc: dict[str, Any]) -> str | None:
    """The one line an audit that found a problem exits with (None when every check passed)."""
    chain, check = doc["chain"], doc["view_check"]
    if not chain["ok"]:
        return (
            f"audit of {doc['stream']}: hash chain broken at position "
            f"{chain['first_bad_position']}: {chain['reason']}"
        )
    if not check["ok"]:
        return f"audit of {doc['stream']}: {check['reason']}"
    return None
