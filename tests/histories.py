"""Hypothesis strategies for crisis histories: several sources, each a published time and its facts.

A history is a tuple of sources in the order they were written (a correction only targets
an event of the same stream from the same or an earlier source in that order). Each source
carries the real vocabulary on a handful of streams, so that streams receive events from
several sources, with equal published times, refutations before claims, a meeting held
before it was scheduled, corrections and retractions. Times are partial and fall in a small
window (December 2021 to February 2022) so that equal times are common.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

import happening_histories
from hypothesis import strategies as st

from crisis_timeline.events import Attribution, Evidence, NewEvent, Payload, registry
from crisis_timeline.events.actors import ActorIdentified, ActorKind
from crisis_timeline.events.claims import (
    ClaimConfirmed,
    ClaimCorroborated,
    ClaimDisputed,
    ClaimMade,
    ClaimRefuted,
    ClaimRetracted,
    Modality,
)
from crisis_timeline.events.context import HistoricalContextNoted
from crisis_timeline.events.corrections import EventCorrected, EventRetracted
from crisis_timeline.events.demands import DemandAccepted, DemandMade, DemandRejected
from crisis_timeline.events.forces import ForceBuildUpReported, ForceWithdrawalReported
from crisis_timeline.events.meetings import (
    MeetingAgendaReported,
    MeetingCancelled,
    MeetingHeld,
    MeetingKind,
    MeetingRequested,
    MeetingRescheduled,
    MeetingScheduled,
    ReadoutExpected,
    ReadoutPublished,
)
from crisis_timeline.events.sources import AdmiraltyRating, Reliability, SourceRegistered
from crisis_timeline.store.event_store import ANY_VERSION, AppendResult, Batch, EventStore
from crisis_timeline.time import PartialTime, parse_partial

NAMESPACE = UUID("0b7f4c1e-5a53-4f0e-9a57-2f6a3c1d8e42")

MEETINGS = ("meeting/call", "meeting/talks")
CLAIMS = ("claim/troops", "claim/denial")
DEMANDS = ("demand/guarantees",)
FORCES = ("force/border",)
ACTORS = ("actor/biden", "actor/putin")
CONTEXTS = ("context/crimea",)
STREAMS = MEETINGS + CLAIMS + DEMANDS + FORCES + ACTORS + CONTEXTS + happening_histories.STREAMS
"""The streams facts go to; few, so that several sources speak of each."""

ACTOR_REFS = (*ACTORS, "actor/nato")
"""Actors facts may name (one of them never identified)."""

SOURCE_NAMES = ("reuters", "tass", "ap", "kremlin", "whitehouse", "afp")

DAYS = ("2021-12-07", "2021-12-30", "2021-12-31", "2022-01-10", "2022-02-01")
CLOCKS = ("00:00", "12:00", "20:30")
PUBLISHED = tuple(DAYS) + tuple(f"{d}T{c}Z" for d in DAYS for c in CLOCKS)
"""Publication times: day or minute precision, few enough that sources share one."""

WORLD_POINTS = (
    "2021",
    "2022",
    "2021-12",
    "2022-01",
    "2022-02",
    "2021-12-07",
    "2021-12-30",
    "2022-01-10",
    "2022-01-12",
    "2022-01-13",
    "2021-12-07T15:00Z",
    "2021-12-30T20:30Z",
    "2022-01-10T09:00Z",
    "2022-01-12T12:00Z",
)
WORLD_OPEN = (
    "after 2022-01-10",
    "after 2021-12-30T20:30Z",
    "before 2022-01",
    "2022-01-10/2022-01-13",
    "2021-12-30T20:30Z/2022-01",
    "2021/2022",
)
"""Bounds and ranges: the vocabulary allows them ("after the holidays", "by January"); with the
points, every span class of time.span_class."""

WINDOW = (datetime(2021, 11, 25), datetime(2022, 3, 5))
"""Naive bounds (hypothesis wants naive) around every time a history holds."""

TITLES = ("Biden-Putin call", "Strategic stability talks")
STATEMENTS = (
    "Russia massed troops near Ukraine",
    "Russia has no plan to invade",
    "10,000 troops pulled back",
)
WORDS = ("said so", "denied it", "disputed that", "confirmed it")
QUOTES = (
    "the two leaders will speak",
    "Russia denies",
    "a report over the weekend",
    "officials said",
)
TOPICS = ("security guarantees", "NATO expansion", "arms control")
LOCATIONS = ("Geneva", "Brussels", "Vienna", None)
SIZES = (
    ("tens of thousands", 20000, 99999),
    ("about 10,000", 9000, 11000),
    ("some troops", None, None),
)

_ACTOR = st.sampled_from(ACTOR_REFS)
_STREAM = st.sampled_from(MEETINGS + CLAIMS) | st.sampled_from(STREAMS)
"""Meetings and claims (the lifecycles with most to get wrong) come up half the time."""

_FIRST = {"MeetingScheduled", "ClaimMade", "DemandMade", *happening_histories.FIRST}
_TWICE = {"MeetingScheduled", "MeetingRescheduled", "MeetingHeld", "ClaimMade"}

Build = Callable[[Any, str], Payload]
"""Draws a payload for a stream: (draw, stream) -> payload."""


# -- times ------------------------------------------------------------------------------


def published_times(values: Sequence[str] = PUBLISHED) -> st.SearchStrategy[PartialTime]:
    """A source's publication time: day or minute precision, from a small set."""
    return st.sampled_from(values).map(parse_partial)


_WORLD_TIMES = st.builds(
    parse_partial,
    st.one_of(
        st.sampled_from(WORLD_POINTS), st.sampled_from(WORLD_OPEN), st.sampled_from(WORLD_OPEN[:2])
    ),
    st.sampled_from((None, "Thursday", "next month", "in the past two months")),
)


def world_times() -> st.SearchStrategy[PartialTime]:
    """When something happens: a year, month, day or minute; as often a bound or a range
    (open-ended ones weighted up: 'upcoming' must hold for a plan with no end)."""
    return _WORLD_TIMES


def end_of_day(instant: datetime) -> datetime:
    """What a bare date means as an --as-of: the last microsecond of that UTC day."""
    return instant.astimezone(UTC).replace(hour=23, minute=59, second=59, microsecond=999999)


# -- payloads per type ------------------------------------------------------------------


def _actors(draw: Any, max_size: int = 2) -> tuple[str, ...]:
    return tuple(draw(st.lists(_ACTOR, max_size=max_size, unique=True)))


def _described(draw: Any) -> dict[str, Any]:
    return {
        "title": draw(st.sampled_from(TITLES)),
        "kind": draw(st.sampled_from(MeetingKind)),
        "participants": _actors(draw),
    }


def _response(cls: Callable[..., Payload]) -> Build:
    def build(draw: Any, _stream: str) -> Payload:
        return cls(by=draw(st.none() | _ACTOR), statement=draw(st.none() | st.sampled_from(WORDS)))

    return build


def _answer(cls: Callable[..., Payload]) -> Build:
    def build(draw: Any, _stream: str) -> Payload:
        return cls(by=draw(_ACTOR), statement=draw(st.none() | st.sampled_from(WORDS)))

    return build


def _force(cls: Callable[..., Payload]) -> Build:
    def build(draw: Any, _stream: str) -> Payload:
        text, low, high = draw(st.sampled_from(SIZES))
        return cls(
            actor=draw(_ACTOR),
            location=draw(st.sampled_from(("Yelnya", "the border"))),
            size_text=text,
            low=low,
            high=high,
            period=draw(st.none() | world_times()),
        )

    return build


def _actor(draw: Any, stream: str) -> Payload:
    slug = stream.split("/", 1)[1]
    return ActorIdentified(
        name=draw(st.sampled_from((slug.title(), f"President {slug.title()}"))),
        kind=draw(st.sampled_from((ActorKind.PERSON, ActorKind.STATE))),
        description=draw(st.none() | st.just(f"{slug} as described")),
        titles=tuple(
            draw(st.lists(st.sampled_from(("President", "Leader")), max_size=2, unique=True))
        ),
        affiliation=draw(st.none() | _ACTOR),
        aliases=tuple(
            draw(st.lists(st.sampled_from((slug, slug.upper())), max_size=2, unique=True))
        ),
    )


BUILDERS: dict[str, dict[str, Build]] = {
    "meeting": {
        "MeetingRequested": lambda d, s: MeetingRequested(**_described(d), requested_by=d(_ACTOR)),
        "MeetingScheduled": lambda d, s: MeetingScheduled(
            **_described(d), scheduled=d(world_times()), location=d(st.sampled_from(LOCATIONS))
        ),
        "MeetingRescheduled": lambda d, s: MeetingRescheduled(
            scheduled=d(world_times()), reason=d(st.none() | st.just("delayed"))
        ),
        "MeetingCancelled": lambda d, s: MeetingCancelled(
            reason=d(st.none() | st.just("called off"))
        ),
        "MeetingHeld": lambda d, s: MeetingHeld(
            **_described(d),
            held=d(world_times()),
            location=d(st.sampled_from(LOCATIONS)),
            observers=_actors(d, 1),
        ),
        "MeetingAgendaReported": lambda d, s: MeetingAgendaReported(
            topics=tuple(d(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=2, unique=True)))
        ),
        "ReadoutExpected": lambda d, s: ReadoutExpected(by=_actors(d) or ("actor/biden",)),
        "ReadoutPublished": lambda d, s: ReadoutPublished(
            by=d(_ACTOR), summary=d(st.none() | st.just("cordial"))
        ),
    },
    "claim": {
        "ClaimMade": lambda d, s: ClaimMade(
            statement=d(st.sampled_from(STATEMENTS)),
            modality=d(st.sampled_from(Modality)),
            claimant=d(st.none() | _ACTOR),
            about=_actors(d),
        ),
        "ClaimDisputed": _response(ClaimDisputed),
        "ClaimCorroborated": _response(ClaimCorroborated),
        "ClaimConfirmed": _response(ClaimConfirmed),
        "ClaimRefuted": _response(ClaimRefuted),
        "ClaimRetracted": _response(ClaimRetracted),
    },
    "demand": {
        "DemandMade": lambda d, s: DemandMade(
            by=d(_ACTOR),
            addressee=d(st.none() | _ACTOR),
            demand=d(st.sampled_from(("no NATO expansion", "pull back troops"))),
        ),
        "DemandRejected": _answer(DemandRejected),
        "DemandAccepted": _answer(DemandAccepted),
    },
    "force": {
        "ForceBuildUpReported": _force(ForceBuildUpReported),
        "ForceWithdrawalReported": _force(ForceWithdrawalReported),
    },
    "actor": {"ActorIdentified": _actor},
    "context": {
        "HistoricalContextNoted": lambda d, s: HistoricalContextNoted(
            summary=d(st.sampled_from(("Russia seized Crimea", "separatists backed"))),
            actors=_actors(d),
        ),
    },
    **happening_histories.builders(world_times, _actors),
}

_KINDS = {
    family: st.sampled_from(
        sorted(kinds, key=lambda k: k not in _FIRST) + [k for k in kinds if k in _TWICE]
    )
    for family, kinds in BUILDERS.items()
}
"""Event types per family; the defining ones first (shrinking goes there) and weighted up."""


def _changes(draw: Any, target: NewEvent) -> dict[str, Any]:
    """Fields an EventCorrected may replace in its target, type by type (valid JSON values)."""

    def when() -> dict[str, Any]:
        return draw(world_times()).model_dump(mode="json")  # type: ignore[no-any-return]

    options: dict[str, Callable[[], dict[str, Any]]] = {
        "MeetingScheduled": lambda: {"scheduled": when()},
        "MeetingRescheduled": lambda: {"scheduled": when()},
        "MeetingHeld": lambda: {"held": when()},
        "MeetingRequested": lambda: {"requested_by": draw(_ACTOR)},
        "MeetingAgendaReported": lambda: {"topics": [draw(st.sampled_from(TOPICS))]},
        "ClaimMade": lambda: draw(
            st.sampled_from(
                ({"statement": STATEMENTS[0]}, {"modality": "denial"}, {"claimant": None})
            )
        ),
        "DemandMade": lambda: {"demand": "withdraw"},
        "ForceBuildUpReported": lambda: {
            "size_text": "about 100,000",
            "low": 90000,
            "high": 110000,
        },
        "ForceWithdrawalReported": lambda: {
            "size_text": "about 100,000",
            "low": 90000,
            "high": 110000,
        },
        "ActorIdentified": lambda: {"description": "corrected"},
        "HistoricalContextNoted": lambda: {"summary": "corrected"},
        **happening_histories.changes(draw, when),
    }
    fields = registry.payload_class(target.type).model_fields
    return options.get(
        target.type, lambda: {"statement": "corrected"} if "statement" in fields else {}
    )()


def _evidence(draw: Any, source_id: str) -> tuple[Evidence, ...]:
    return (
        Evidence(
            source=source_id,
            quote=draw(st.sampled_from(QUOTES)),
            attribution=draw(st.sampled_from(Attribution)),
            attributed_to=draw(st.none() | _ACTOR),
        ),
    )


# -- sources and histories --------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One source: its id, when it was published, and its facts in the source's order."""

    id: str
    published: PartialTime
    events: tuple[NewEvent, ...]

    def streams(self) -> list[str]:
        """Streams this source touches, in first-seen order."""
        return list(dict.fromkeys(e.stream for e in self.events))

    def batches(self) -> list[Batch]:
        """One batch per stream, each in the source's fact order (what a loader appends)."""
        return [
            Batch(s, [e for e in self.events if e.stream == s], ANY_VERSION) for s in self.streams()
        ]


@dataclass(frozen=True)
class History:
    """Sources in the order they were written; any order may be loaded."""

    sources: tuple[Source, ...]

    def events(self) -> list[NewEvent]:
        """Every event, source after source."""
        return [e for s in self.sources for e in s.events]

    def instants(self) -> list[datetime]:
        """Knowledge times at the edges: each publication start, just before it, its day's end,
        and the ends of the planned and held times facts give (where 'upcoming' flips)."""
        out: set[datetime] = set()
        for source in self.sources:
            start = source.published.start
            assert start is not None
            out |= {start, start - timedelta(microseconds=1), end_of_day(start)}
        for e in self.events():
            for key in ("scheduled", "held"):
                when = e.data.get(key)
                if when and when.get("end"):
                    out.add(PartialTime.model_validate(when).end)  # type: ignore[arg-type]
        return sorted(out)


def load(store: EventStore, source: Source) -> AppendResult:
    """Append one source as a loader does: one call, one batch per stream."""
    return store.append_batches(source.batches(), recorded_by=f"loader:{source.id}")


@st.composite
def sources(
    draw: Any,
    source_id: str,
    prior: Sequence[NewEvent] = (),
    streams: Sequence[str] = STREAMS,
    published: st.SearchStrategy[PartialTime] | None = None,
    register: bool | None = None,
    min_facts: int = 1,
    max_facts: int = 6,
) -> Source:
    """A source's facts on `streams`; corrections target earlier events (prior or its own)."""
    when = draw(published if published is not None else published_times())
    events: list[NewEvent] = []

    def new(payload: Payload, stream: str) -> NewEvent:
        return NewEvent.of(
            payload,
            id=uuid5(NAMESPACE, f"{source_id}:{len(events)}"),
            stream=stream,
            reported=when,
            occurred=draw(st.none() | world_times()),
            evidence=_evidence(draw, source_id),
        )

    if register if register is not None else draw(st.booleans()):
        events.append(
            new(
                SourceRegistered(
                    publisher=source_id.split("/", 1)[1].upper(),
                    title="A report",
                    published=when,
                    rating=AdmiraltyRating(
                        reliability=draw(st.sampled_from(Reliability)),
                        credibility=draw(st.integers(1, 6)),
                        rated_by="tests",
                        rationale="generated",
                    ),
                ),
                source_id,
            )
        )
    for _ in range(draw(st.integers(min_facts, max_facts))):
        earlier = [e for e in (*prior, *events) if e.stream in streams]
        if earlier and draw(st.integers(0, 5)) == 0:
            target = draw(st.sampled_from(earlier))
            reason = draw(st.sampled_from(("misquoted", "wrong date")))
            payload: Payload = (
                EventCorrected(corrects=target.id, reason=reason, changes=_changes(draw, target))
                if draw(st.booleans())
                else EventRetracted(retracts=target.id, reason=reason)
            )
            events.append(new(payload, target.stream))
            continue
        stream = draw(_STREAM if tuple(streams) == STREAMS else st.sampled_from(streams))
        family = stream.split("/", 1)[0]
        build = BUILDERS[family][draw(_KINDS[family])]
        events.append(new(build(draw, stream), stream))
    return Source(source_id, when, tuple(events))


@st.composite
def histories(draw: Any, min_sources: int = 2, max_sources: int = 4, max_facts: int = 6) -> History:
    """Several sources over the same few streams, written in this order."""
    choices = st.sampled_from(SOURCE_NAMES[:-1])  # the last name is kept for late sources
    names = draw(st.lists(choices, min_size=min_sources, max_size=max_sources, unique=True))
    written: list[Source] = []
    for name in names:
        prior = [e for s in written for e in s.events]
        written.append(draw(sources(f"source/{name}", prior, max_facts=max_facts)))
    return History(tuple(written))


@st.composite
def late_sources(draw: Any, history: History) -> Source:
    """A source on exactly one stream, published strictly before the latest of `history`."""
    latest = max(s.published.start for s in history.sources if s.published.start is not None)
    earlier = ["2021-12-01", *(p for p in PUBLISHED if (parse_partial(p).start or latest) < latest)]
    stream = draw(st.sampled_from(STREAMS))
    late: Source = draw(
        sources(
            f"source/{SOURCE_NAMES[-1]}",
            history.events(),
            streams=(stream,),
            published=published_times(earlier),
            register=False,
            min_facts=1,
            max_facts=3,
        )
    )
    return late


@st.composite
def retracted_corrections(draw: Any, history: History) -> Source:
    """A source that corrects an event of `history` and then retracts its own correction."""
    source_id = f"source/{SOURCE_NAMES[-1]}"
    when = draw(published_times())
    target = draw(st.sampled_from([e for e in history.events() if e.stream in STREAMS]))
    correction = EventCorrected(
        corrects=target.id, reason="misquoted", changes=_changes(draw, target)
    )
    envelope = {"stream": target.stream, "reported": when, "evidence": _evidence(draw, source_id)}
    corrected = NewEvent.of(correction, id=uuid5(NAMESPACE, f"{source_id}:0"), **envelope)
    withdrawn = EventRetracted(retracts=corrected.id, reason="the correction was itself wrong")
    retracted = NewEvent.of(withdrawn, id=uuid5(NAMESPACE, f"{source_id}:1"), **envelope)
    return Source(source_id, when, (corrected, retracted))
