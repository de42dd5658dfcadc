"""The audit of any stream: its view row checked against a fold of the log, every event with its
evidence, the sentence around each quote, its sources, and the links of all these in the hash chain.

The audit checks what it shows. Each event of the stream and each registration of a source it
cites is checked against its neighbours in the hash chain (`store.chain.check_links`); the view's
row, read from the projection table, is compared with the stream folded afresh from the log (so a
forged projection row is caught); a quote is compared with the source's text where that text is
at hand (found by its sha256). `crisis verify` walks the whole chain.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crisis_timeline import canonical, queries
from crisis_timeline.errors import NotFoundError
from crisis_timeline.quotes import sentence_around, sha256_text
from crisis_timeline.views import At, Content, Filters

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from crisis_timeline.events.envelope import Event
    from crisis_timeline.store.event_store import EventStore

VIEW_OF = {
    "claim": "claims",
    "meeting": "meetings",
    "actor": "actors",
    "demand": "demands",
    "force": "forces",
    "context": "timeline",
}
"""The view that shows a stream family (sources are shown in the audits of what cites them)."""
FAMILIES = ("claim", "meeting", "force", "demand", "actor", "context", "source")
"""Where a bare name is looked for, in this order (`russia-pulling-back-10000-troops`: a claim)."""
SOURCE_KEYS = ("publisher", "title", "byline", "dateline", "published", "url", "sha256", "rating")
TEXT_LIMIT = 50_000_000
"""Bytes: larger files in a texts folder are not read (source texts are articles)."""


def audit(
    engine: Engine, store: EventStore, ident: str, at: At = At(), texts: Sequence[Path] = ()
) -> dict[str, Any]:
    """A stream's whole provenance, checked (see the module's docstring)."""
    from crisis_timeline.store.chain import check_links
    from crisis_timeline.store.event_store import EventFilter

    stream = resolve(store, ident)
    history = list(
        store.read(EventFilter(stream=stream, as_of=at.as_of, recorded_before=at.recorded_before))
    )
    if not history:
        raise NotFoundError(f"no {stream.split('/', 1)[0]} {stream!r} known at that time")
    cited = sorted(
        {ev.source for e in history for ev in e.evidence}
        | ({stream} if stream.startswith("source/") else set())
    )
    registrations = _registrations(store, cited)
    # A set: in a source's own audit its registration is in the history too.
    checked = {e.position for e in [*history, *registrations.values()]}
    problems, head = check_links(engine, checked)
    sources = {s: _source(r, problems) for s, r in registrations.items()}
    by_sha = _texts_by_sha256(texts)
    entries = [_entry(e, sources, by_sha, problems) for e in history]
    view, row, view_check = _view_check(engine, store, stream, at)
    first_bad = min(problems, default=None)
    chain = {
        "ok": first_bad is None,
        "scope": "links",
        "checked": len(checked),
        "first_bad_position": first_bad,
        "reason": None if first_bad is None else problems[first_bad],
        "head": {"position": head.position, "hash": head.hash},
    }
    return {
        "stream": stream,
        "view": view,
        "row": row,
        "view_check": view_check,
        "history": entries,
        "chain": chain,
    }


def resolve(store: EventStore, ident: str) -> str:
    """The stream an id names: `family/name` as is, or a bare name in the first family with it."""
    candidates = [ident] if "/" in ident else [f"{f}/{ident}" for f in FAMILIES]
    versions = store.stream_versions(candidates)
    found = next((c for c in candidates if versions[c] > 0), None)
    if found is not None:
        return found
    known = store.stream_names()
    if "/" in ident:
        close = difflib.get_close_matches(ident, known, n=3, cutoff=0.6)
    else:  # a bare name: against the names, whatever their family
        names = {k.split("/", 1)[-1]: k for k in reversed(known)}
        close = [names[n] for n in difflib.get_close_matches(ident, list(names), n=3, cutoff=0.6)]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    what = ident.split("/", 1)[0] if "/" in ident else "stream"
    raise NotFoundError(f"no {what} {ident!r}{hint}")


def _registrations(store: EventStore, sources: Iterable[str]) -> dict[str, Event]:
    """Each cited source's registration (its first SourceRegistered), for its content and links."""
    from crisis_timeline.store.event_store import EventFilter

    found: dict[str, Event] = {}
    for source in sources:
        where = EventFilter(stream=source, types=("SourceRegistered",))
        registered = next(iter(store.read(where, limit=1)), None)
        if registered is not None:
            found[source] = registered
    return found


def _source(registered: Event, problems: dict[int, str]) -> Content:
    position = registered.position
    return {
        "id": registered.stream,
        **{k: registered.data.get(k) for k in SOURCE_KEYS},
        "position": position,
        "chain_verified": position not in problems,
    }


def _entry(
    e: Any, sources: dict[str, Content], texts: dict[str, str], problems: dict[int, str]
) -> Content:
    evidence = []
    for ev in e.evidence:
        source = sources.get(ev.source) or {"id": ev.source}
        sentence, in_text = _in_source(texts.get(str(source.get("sha256"))), ev.quote, ev.span)
        evidence.append(
            {
                **ev.model_dump(mode="json"),
                "source": source,
                "sentence": sentence,
                "in_text": in_text,
            }
        )
    return {
        "position": e.position,
        "id": str(e.id),
        "type": e.type,
        "data": e.data,
        "reported": e.reported.model_dump(mode="json"),
        "occurred": e.occurred.model_dump(mode="json") if e.occurred else None,
        "recorded_at": e.model_dump(mode="json")["recorded_at"],
        "recorded_by": e.recorded_by,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
        "evidence": evidence,
        "chain_verified": e.position not in problems,
    }


def _in_source(
    text: str | None, quote: str, span: tuple[int, int] | None
) -> tuple[str | None, bool | None]:
    """The sentence around the quote and whether the span holds it (None, None: no text at hand)."""
    if text is None or span is None:
        return None, None
    return sentence_around(text, *span), text[span[0] : span[1]] == quote


def _view_check(
    engine: Engine, store: EventStore, stream: str, at: At
) -> tuple[str | None, Any, Content]:
    """The view's row(s) for the stream, and whether they are what the log folds to."""
    from crisis_timeline.projections import reference
    from crisis_timeline.projections.catalog import VIEWS
    from crisis_timeline.store.event_store import EventFilter

    view = VIEW_OF.get(stream.split("/", 1)[0])
    if view is None:
        return None, None, {"ok": True, "reason": None}
    stored = queries.view(engine, VIEWS[view], at, Filters(stream=stream))
    events = list(store.read(EventFilter(stream=stream)))
    # The timeline's rows name their source's title, which the source's own stream registers.
    for source in sorted({ev.source for e in events for ev in e.evidence} - {stream}):
        events.extend(store.read(EventFilter(stream=source)))
    folded = reference.view(view, events, at, Filters(stream=stream))
    reason = _difference(view, stored, folded)
    many = VIEWS[view].row_of is not None  # a row per event
    return (
        view,
        stored if many else next(iter(stored), None),
        {"ok": reason is None, "reason": reason},
    )


def _difference(view: str, stored: list[Content], folded: list[Content]) -> str | None:
    """Where the stored rows differ from the log's fold, in a line (None when they agree)."""
    if canonical.dumps(stored) == canonical.dumps(folded):
        return None
    if len(stored) != len(folded):
        return f"the {view} view holds {len(stored)} rows for it, the log folds to {len(folded)}"
    for mine, theirs in zip(stored, folded, strict=True):
        for key in sorted(set(mine) | set(theirs)):
            if canonical.dumps(mine.get(key)) != canonical.dumps(theirs.get(key)):
                return (
                    f"the {view} view's row {mine.get('id')!r} has {key} {_short(mine.get(key))}, "
                    f"the log folds to {_short(theirs.get(key))}"
                )
    return f"the {view} view's rows differ from the log's fold"


def _short(value: Any) -> str:
    text = canonical.dumps(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _texts_by_sha256(folders: Sequence[Path]) -> dict[str, str]:
    """The source texts in these folders (*.txt), by the sha256 of their UTF-8 text."""
    found: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            try:
                if path.is_file() and path.stat().st_size <= TEXT_LIMIT:
                    text = path.read_text(encoding="utf-8")
                    found.setdefault(sha256_text(text), text)
            except (OSError, UnicodeDecodeError):
                continue  # not a source text: the audit shows no sentence for it
    return found
