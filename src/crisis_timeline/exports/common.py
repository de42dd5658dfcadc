"""What the exports read beside the views: a stream's events as known, actors, sources, quotes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from crisis_timeline import queries
from crisis_timeline.events.envelope import Event, Evidence
from crisis_timeline.projections.actors import actor_names
from crisis_timeline.projections.base import effective, in_knowledge_order
from crisis_timeline.store.event_store import EventFilter, EventStore
from crisis_timeline.time import PartialTime, format_partial
from crisis_timeline.views import At, Content


def stream_events(store: EventStore, stream: str, at: At) -> list[Event]:
    """The stream's events known at `at`, in knowledge order (corrections not applied)."""
    where = EventFilter(stream=stream, as_of=at.as_of, recorded_before=at.recorded_before)
    return in_knowledge_order(store.read(where))


def standing_events(store: EventStore, streams: Iterable[str], at: At) -> dict[str, Event]:
    """Every event that still stands in these streams at `at`, corrected, by event id."""
    found: dict[str, Event] = {}
    for stream in dict.fromkeys(streams):
        found.update((str(e.id), e) for e in effective(stream_events(store, stream, at)))
    return found


@dataclass(frozen=True)
class Context:
    """What the exports name things by: actors and registered sources, as known at `at`."""

    actors: dict[str, str]
    sources: dict[str, Content]

    @classmethod
    def read(cls, engine: Engine, at: At, events: Iterable[Event]) -> Context:
        """Actor names, and the registration of every source these events quote."""
        wanted = {ev.source for e in events for ev in e.evidence}
        return cls(actor_names(engine, at), queries.registered_sources(engine, wanted))

    def actor(self, actor_id: str | None) -> str:
        """An actor as people read it: 'Name (actor/id)'; the id alone if not identified."""
        if actor_id is None:
            return "unknown"
        name = self.actors.get(actor_id)
        return f"{name} ({actor_id})" if name else actor_id

    def citation(self, source_id: str) -> str:
        """A source as cited: publisher, “title”, publication day (source id)."""
        s = self.sources.get(source_id)
        if not s:
            return source_id
        day = (s.get("published") or {}).get("start") or ""
        return f"{s['publisher']}, “{s['title']}”, {day[:10]} ({source_id})"

    def said_by(self, ev: Evidence) -> str:
        """Who said a quote: the attribution kind and, where known, the actor."""
        kind = ev.attribution.value
        return f"{kind}, {self.actor(ev.attributed_to)}" if ev.attributed_to else kind


def quotes(events: Sequence[Event]) -> list[Evidence]:
    """The distinct evidence items of these events, in their order."""
    seen: dict[tuple[str, str, tuple[int, int] | None], Evidence] = {}
    for e in events:
        for ev in e.evidence:
            seen.setdefault((ev.source, ev.quote, ev.span), ev)
    return list(seen.values())


def by_source(items: Sequence[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence grouped by source, sources in first-quoted order."""
    grouped: dict[str, list[Evidence]] = {}
    for ev in items:
        grouped.setdefault(ev.source, []).append(ev)
    return grouped


def is_range(pt: PartialTime) -> bool:
    """Whether a partial time spans several units of its precision ('2021-10-30/2021-12-30')."""
    return pt.start is not None and pt.end is not None and "/" in format_partial(pt)


def last_instant(pt: PartialTime) -> datetime | None:
    """The last instant inside [start, end): where an inclusive end date is read from."""
    return None if pt.end is None else pt.end - timedelta(microseconds=1)
