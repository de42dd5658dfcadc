"""The simulated crisis: entities with lifecycles, and the facts that sources report about them.

New entities (claims, meetings, demands, force reports, recalled history) appear as sources
are published; each schedules its later facts (a meeting's schedule, rescheduling, agenda,
holding and readouts; a claim's disputes, corroborations and closing) on a queue, which
later sources drain when those facts become due. Streams stay small, as in a real crisis.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from bench import timewords as tw
from bench.names import CONTEXTS, PLACES, REGIONS, TOPICS, Actor, Cast, slug

MEETING_KINDS = {
    "call": "phone call",
    "video_call": "video call",
    "meeting": "meeting",
    "session": "session",
    "conference": "conference",
    "summit": "summit",
}
NEW_KINDS = ("claim", "force", "meeting", "demand", "context")
NEW_WEIGHTS = (0.50, 0.24, 0.07, 0.07, 0.12)
FOLLOW_UP_SHARE = 0.7
STREAM_TARGET = 20
"""About how many events a force or context stream gathers before a new one starts."""


@dataclass
class Fact:
    """One fact a source reports: what, which stream, and the words it rests on."""

    type: str
    stream: str
    data: dict[str, Any]
    quotes: list[tuple[str, str, Actor | None]]
    occurred: dict[str, Any] | None = None


@dataclass
class Meeting:
    stream: str
    title: str
    kind: str
    parties: tuple[Actor, Actor]
    topic: str
    place: str

    @property
    def words(self) -> str:
        a, b = self.parties
        return f"{MEETING_KINDS[self.kind]} between {a.name} and {b.name} on {self.topic}"


@dataclass
class Claim:
    stream: str
    statement: str


@dataclass
class World:
    """Entities and pending facts; `facts(t, n, outlet)` is what a source published at t reports."""

    rng: random.Random
    cast: Cast
    sources_per_day: float
    claims_made: list[tuple[datetime, str]] = field(default_factory=list)
    _queue: list[tuple[datetime, int, Callable[[Actor], Fact]]] = field(default_factory=list)
    _seq: itertools.count[int] = field(default_factory=itertools.count)
    _contexts: list[list[Any]] = field(default_factory=list)
    _open_claims: list[Claim] = field(default_factory=list)

    def __post_init__(self) -> None:
        force_per_day = self.sources_per_day * 30 * (1 - FOLLOW_UP_SHARE / 2) * NEW_WEIGHTS[1]
        self.sectors = max(3, math.ceil(force_per_day * 30 / STREAM_TARGET))

    def facts(self, t: datetime, n: int, outlet: Actor) -> list[Fact]:
        """n facts for a source published at t: follow-ups that are due, then new entities."""
        out: list[Fact] = []
        while self._queue and self._queue[0][0] <= t and len(out) < int(n * FOLLOW_UP_SHARE):
            out.append(heapq.heappop(self._queue)[2](outlet))
        while len(out) < n:
            kind = self.rng.choices(NEW_KINDS, NEW_WEIGHTS)[0]
            out.append(getattr(self, f"_new_{kind}")(t, outlet))
        return out

    # -- helpers ---------------------------------------------------------------

    def _later(self, due: datetime, make: Callable[[Actor], Fact]) -> None:
        heapq.heappush(self._queue, (due, next(self._seq), make))

    def _hours(self, lo: float, hi: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(lo, hi))

    def _who(self, outlet: Actor, speaker: Actor | None = None) -> tuple[str, Actor | None]:
        r = self.rng.random()
        if r < 0.4:
            return "named", speaker or self.rng.choice(self.cast.speakers())
        if r < 0.65:
            return "anonymous", self.rng.choice(self.cast.anonymous)
        if r < 0.9:
            return "reporter", outlet
        return "unattributed", None

    def _pair(self) -> tuple[Actor, Actor]:
        a, b = self.rng.sample(self.cast.states + self.cast.people, 2)
        return a, b

    # -- meetings --------------------------------------------------------------

    def _new_meeting(self, t: datetime, outlet: Actor) -> Fact:
        rng = self.rng
        a, b = self._pair()
        kind, topic = rng.choice(tuple(MEETING_KINDS)), rng.choice(TOPICS)
        m = Meeting(
            f"meeting/{a.key}-{b.key}-{slug(topic)}-{next(self._seq)}",
            f"{a.name}-{b.name} {MEETING_KINDS[kind]} on {topic}",
            kind,
            (a, b),
            topic,
            rng.choice(PLACES),
        )
        lead = rng.choices(
            (self._hours(6, 48), self._hours(48, 28 * 24), self._hours(28 * 24, 60 * 24)), (2, 7, 1)
        )[0]
        at = (t + lead).replace(second=0, microsecond=0, minute=rng.choice((0, 0, 15, 30, 45)))
        first: Fact
        if rng.random() < 0.35:
            first = self._requested(m, t, outlet)
            self._later(t + self._hours(2, 72), partial(self._scheduled, m, at))
        else:
            first = self._scheduled(m, at, outlet)
        for _ in range(rng.choice((0, 0, 1, 2))):
            self._later(t + (at - t) * rng.random(), partial(self._scheduled, m, at))
        for _ in range(rng.choice((0, 1, 1, 2))):
            self._later(t + (at - t) * rng.random(), partial(self._agenda, m))
        if rng.random() < 0.4:
            self._later(t + (at - t) * rng.random(), partial(self._readout_expected, m))
        if rng.random() < 0.15:
            due = t + (at - t) * rng.uniform(0.3, 0.9)
            at = max(
                due + timedelta(hours=2),
                at + timedelta(days=rng.randint(-1, 10), hours=rng.randint(0, 6)),
            )
            self._later(due, partial(self._rescheduled, m, at))
        r = rng.random()
        if r < 0.08:
            self._later(t + (at - t) * rng.random(), partial(self._cancelled, m))
        elif r < 0.92:
            began = at + timedelta(minutes=rng.randint(0, 20), seconds=rng.randint(0, 59))
            self._later(at + self._hours(1, 24), partial(self._held, m, began))
            for _ in range(rng.choice((0, 1, 1, 2))):
                self._later(at + self._hours(2, 72), partial(self._readout, m))
        return first

    def _described(self, m: Meeting) -> dict[str, Any]:
        return {"title": m.title, "kind": m.kind, "participants": [p.id for p in m.parties]}

    def _requested(self, m: Meeting, t: datetime, outlet: Actor) -> Fact:
        by = self.rng.choice(m.parties)
        words = f"{by.name} asked for a {m.words}"
        return Fact(
            "MeetingRequested",
            m.stream,
            {**self._described(m), "requested_by": by.id},
            [(words, *self._who(outlet, by))],
        )

    def _scheduled(self, m: Meeting, at: datetime, outlet: Actor) -> Fact:
        when = tw.planned(self.rng, at)
        data = {**self._described(m), "scheduled": when, "location": m.place}
        return Fact(
            "MeetingScheduled",
            m.stream,
            data,
            [(f"a {m.words} is set for {when['text']} in {m.place}", *self._who(outlet))],
        )

    def _rescheduled(self, m: Meeting, at: datetime, outlet: Actor) -> Fact:
        when = tw.planned(self.rng, at)
        data = {"scheduled": when, "reason": "scheduling conflicts"}
        return Fact(
            "MeetingRescheduled",
            m.stream,
            data,
            [(f"the {m.words} was moved to {when['text']}", *self._who(outlet))],
        )

    def _cancelled(self, m: Meeting, outlet: Actor) -> Fact:
        return Fact(
            "MeetingCancelled",
            m.stream,
            {"reason": "talks broke down"},
            [(f"the planned {m.words} has been called off", *self._who(outlet))],
        )

    def _held(self, m: Meeting, began: datetime, outlet: Actor) -> Fact:
        when = tw.happened(self.rng, began)
        observer = self.rng.choice(self.cast.people)
        data = {**self._described(m), "held": when, "location": m.place, "observers": [observer.id]}
        return Fact(
            "MeetingHeld",
            m.stream,
            data,
            [(f"the {m.words} took place {when['text']}", *self._who(outlet))],
            when,
        )

    def _agenda(self, m: Meeting, outlet: Actor) -> Fact:
        topics = self.rng.sample(TOPICS, 2)
        words = f"the {m.words} is expected to cover {topics[0]} and {topics[1]}"
        return Fact(
            "MeetingAgendaReported", m.stream, {"topics": topics}, [(words, *self._who(outlet))]
        )

    def _readout_expected(self, m: Meeting, outlet: Actor) -> Fact:
        words = f"both sides will publish summaries of the {m.words}"
        return Fact(
            "ReadoutExpected",
            m.stream,
            {"by": [p.id for p in m.parties]},
            [(words, "reporter", outlet)],
        )

    def _readout(self, m: Meeting, outlet: Actor) -> Fact:
        by = self.rng.choice(m.parties)
        summary = f"{by.name} called the {MEETING_KINDS[m.kind]} frank and useful"
        words = f"in its readout of the {m.words}, {summary}"
        return Fact(
            "ReadoutPublished", m.stream, {"by": by.id, "summary": summary}, [(words, "named", by)]
        )

    # -- claims ----------------------------------------------------------------

    def _new_claim(self, t: datetime, outlet: Actor) -> Fact:
        rng = self.rng
        attribution, claimant = self._who(outlet)
        subject = rng.choice(self.cast.states)
        modality, statement = _statement(
            rng, subject, rng.choice(self.cast.states), next(self._seq)
        )
        c = Claim(f"claim/{slug(statement)[:60].rstrip('-')}-{next(self._seq)}", statement)
        self.claims_made.append((t, c.stream))
        data = {
            "statement": statement,
            "modality": modality,
            "claimant": claimant.id if claimant else None,
            "about": [subject.id],
        }
        occurred = tw.recently(rng, t) if rng.random() < 0.3 else None
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            self._later(t + self._hours(1, 240), partial(self._response, c, "ClaimDisputed"))
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            self._later(t + self._hours(1, 336), partial(self._response, c, "ClaimCorroborated"))
        if rng.random() < 0.2:
            closing = rng.choices(
                ("ClaimConfirmed", "ClaimRefuted", "ClaimRetracted"), (45, 35, 20)
            )[0]
            self._later(t + self._hours(48, 60 * 24), partial(self._response, c, closing))
        self._open_claims.append(c)
        if len(self._open_claims) > 500:
            self._open_claims.pop(0)
        return Fact("ClaimMade", c.stream, data, [(statement, attribution, claimant)], occurred)

    def _response(self, c: Claim, type_: str, outlet: Actor) -> Fact:
        by = self.rng.choice(self.cast.speakers())
        verb = {
            "ClaimDisputed": "disputed",
            "ClaimCorroborated": "backed",
            "ClaimConfirmed": "confirmed",
            "ClaimRefuted": "disproved",
            "ClaimRetracted": "withdrew",
        }[type_]
        statement = (
            f"{by.name} {verb} the report that "
            f"{c.statement[0].lower()}{c.statement[1:].rstrip('.')}"
        )
        return Fact(
            type_, c.stream, {"by": by.id, "statement": statement}, [(statement, "named", by)]
        )

    # -- demands, forces, history ---------------------------------------------------

    def _new_demand(self, t: datetime, outlet: Actor) -> Fact:
        by, to = self.rng.sample(self.cast.states, 2)
        demand = f"{to.name} must {self.rng.choice(DEMANDS)} {self.rng.choice(TOPICS)}"
        stream = f"demand/{by.key}-{slug(demand)[:50].rstrip('-')}-{next(self._seq)}"
        if self.rng.random() < 0.5:
            self._later(
                t + self._hours(1, 240), partial(self._answer, stream, "DemandRejected", to, demand)
            )
        elif self.rng.random() < 0.3:
            self._later(
                t + self._hours(96, 60 * 24),
                partial(self._answer, stream, "DemandAccepted", to, demand),
            )
        words = f"{by.name} demanded that {demand}"
        return Fact(
            "DemandMade",
            stream,
            {"by": by.id, "addressee": to.id, "demand": demand},
            [(words, "named", by)],
        )

    def _answer(self, stream: str, type_: str, by: Actor, demand: str, _outlet: Actor) -> Fact:
        answer = "rejected" if type_ == "DemandRejected" else "accepted"
        statement = f"{by.name} {answer} the demand that {demand}"
        return Fact(
            type_, stream, {"by": by.id, "statement": statement}, [(statement, "named", by)]
        )

    def _new_force(self, t: datetime, outlet: Actor) -> Fact:
        rng = self.rng
        actor = rng.choice(self.cast.states)
        sector = rng.randrange(self.sectors)
        region = REGIONS[sector % len(REGIONS)]
        location = f"the {region.replace('-', ' ')} (sector {sector})"
        size_text, low, high, unit = _size(rng)
        build_up = rng.random() < 0.7
        verb = "has massed" if build_up else "is pulling back"
        data: dict[str, Any] = {
            "actor": actor.id,
            "location": location,
            "size_text": size_text,
            "low": low,
            "high": high,
            "unit": unit,
        }
        if rng.random() < 0.5:
            data["period"] = tw.recently(rng, t)
        if self._open_claims and rng.random() < 0.1:
            data["claim"] = rng.choice(self._open_claims).stream
        words = f"{actor.name} {verb} {size_text} {'near' if build_up else 'from'} {location}"
        type_ = "ForceBuildUpReported" if build_up else "ForceWithdrawalReported"
        return Fact(
            type_, f"force/{region}-{sector}-{tw.month(t)}", data, [(words, *self._who(outlet))]
        )

    def _new_context(self, t: datetime, outlet: Actor) -> Fact:
        rng = self.rng
        if len(self._contexts) < 50 or rng.random() < 2 / STREAM_TARGET:
            name, year = rng.choice(CONTEXTS), tw.past(rng, t)
            actors = [a.id for a in rng.sample(self.cast.states, 2)]
            stream = f"context/{slug(name)}-{next(self._seq)}"
            self._contexts.append([stream, name, year, actors, rng.randint(2, 2 * STREAM_TARGET)])
        entry = rng.choice(self._contexts)
        stream, name, when, actors, _left = entry
        entry[4] -= 1
        if entry[4] <= 0:
            self._contexts.remove(entry)
        summary = f"The {name} {when['text']} still shapes the dispute."
        words = f"the {name} {when['text']}, which still shapes the dispute"
        return Fact(
            "HistoricalContextNoted",
            stream,
            {"summary": summary, "actors": actors},
            [(words, "reporter", outlet)],
            when,
        )


DEMANDS = (
    "halt all talks on",
    "give guarantees on",
    "stop interfering in",
    "hold a referendum on",
    "publish the terms of",
    "reverse its decision on",
)


def _statement(rng: random.Random, subject: Actor, other: Actor, n: int) -> tuple[str, str]:
    """A claim's modality and its statement."""
    modality = rng.choices(
        ("assertion", "denial", "warning", "position", "expectation", "comparison", "demand"),
        (40, 15, 12, 10, 10, 5, 8),
    )[0]
    sector = f"sector {n % 997}"
    statement = {
        "assertion": f"{subject.name} moved {rng.randint(3, 400)} armoured vehicles into {sector}",
        "denial": f"{subject.name} is not preparing an offensive in {sector}",
        "warning": f"{subject.name} will face severe consequences if it enters {sector}",
        "position": f"{subject.name} has the right to hold exercises in {sector}",
        "expectation": f"talks between {subject.name} and {other.name} "
        f"will resume within {rng.randint(2, 9)} weeks",
        "comparison": f"the standoff in {sector} is comparable to the {rng.choice(CONTEXTS)}",
        "demand": f"{other.name} must withdraw from {sector} within {rng.randint(2, 30)} days",
    }[modality]
    return modality, statement


def _size(rng: random.Random) -> tuple[str, int | None, int | None, str]:
    """Words for a force's size and the numbers they allow (None where they give none)."""
    n = rng.randrange(1000, 60000, 500)
    return rng.choice(
        (
            ("tens of thousands of troops", 20000, 99999, "troops"),
            (f"about {n:,} troops", round(n * 0.9), round(n * 1.1), "troops"),
            (f"between {n:,} and {n * 2:,} troops", n, n * 2, "troops"),
            (f"up to {n:,} troops", None, n, "troops"),
            (f"more than {n:,} troops", n + 1, None, "troops"),
            ("several battalions", None, None, "troops"),
            (f"about {n // 100} tanks", round(n // 100 * 0.9), round(n // 100 * 1.1), "tanks"),
        )
    )
