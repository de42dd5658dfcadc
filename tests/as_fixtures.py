"""Generated histories (tests/histories.py) as fixture YAML documents, one per source.

`convert` gives the documents and the events the loader must make of them, built here
independently of the loader (ids from `fact_id`, references rewritten), so that a test can
append those events directly and compare. What the format cannot say, and what is done:

- ids: a fixture fact's id is derived from its source and key (`f0`, `f1`, ... here), so every
  id, and every `corrects`/`retracts` naming it, is rewritten;
- a file always registers its source, and a file's source and its `actors:` entries have no
  occurred time: a source generated without a SourceRegistered gets one, and a generated
  registration, or an actor's first ActorIdentified in a source, loses its `occurred`;
- a file names only actors and places that some file identifies: the strategies name
  `actor/nato` and `place/nowhere` (and any actor nothing identified) on purpose, so a last
  document (`source/roster`) identifies them;
- the first ActorIdentified of an actor in a source goes to the file's `actors:` section (the
  only way to declare an actor), which the loader puts before the facts: an ActorIdentified that
  another event of its stream precedes in its source cannot keep its place, and `expressible`
  drops it, with every event correcting or retracting a dropped one;
- a correction's `changes` are stored as written (times as their strings), not in the form
  the fields of an event are stored in; the expected events carry them as written too, so the
  views are checked to read both forms alike;
- the loader refuses an EventCorrected of a correction or a retraction ("correct the original
  event instead"); `expressible` drops those (retracting a correction stays);
- evidence `named` without `attributed_to` is refused by the loader (a rule of the format);
  `expressible` drops those events too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from histories import History, Source

from crisis_timeline.events import Attribution, Evidence, NewEvent, registry
from crisis_timeline.events.actors import ActorIdentified, ActorKind
from crisis_timeline.events.places import PlaceIdentified, PlaceKind
from crisis_timeline.events.sources import AdmiraltyRating, Reliability, SourceRegistered
from crisis_timeline.fixture_model import fact_id
from crisis_timeline.time import PartialTime, format_partial, parse_partial

ROSTER = "source/roster"
ROSTER_PUBLISHED = parse_partial("2021-11-30")
EVIDENCE = Evidence(source=ROSTER, quote="as listed", attribution=Attribution.UNATTRIBUTED)
REFUSED_TARGETS = ("EventCorrected", "EventRetracted")
TIME_KEYS = set(PartialTime.model_fields)
RATING = AdmiraltyRating(reliability=Reliability.C, credibility=3, rated_by="tests", rationale="x")


@dataclass(frozen=True)
class Converted:
    """The documents, one per source (the roster last), and the events they stand for."""

    documents: list[dict[str, Any]]
    expected: History


def expressible(history: History) -> History:
    """The history less the events the format cannot say (see the module's docstring)."""
    dropped: set[UUID] = set()
    types = {e.id: e.type for e in history.events()}
    sources = []
    for source in history.sources:
        kept: list[NewEvent] = []
        first_on: dict[str, str] = {}
        for e in source.events:
            first_on.setdefault(e.stream, e.type)
            if _inexpressible(e, first_on[e.stream], types, dropped):
                dropped.add(e.id)
            else:
                kept.append(e)
        sources.append(Source(source.id, source.published, tuple(kept)))
    return History(tuple(sources))


def _inexpressible(e: NewEvent, first: str, types: dict[UUID, str], dropped: set[UUID]) -> bool:
    target = e.data.get("corrects") or e.data.get("retracts")
    return (
        (target is not None and UUID(str(target)) in dropped)
        or (e.type == "EventCorrected" and types[UUID(str(target))] in REFUSED_TARGETS)
        or any(ev.attribution is Attribution.NAMED and not ev.attributed_to for ev in e.evidence)
        or (e.type == "ActorIdentified" and first != "ActorIdentified")
    )


def convert(history: History) -> Converted:
    """Fixture documents for an expressible history, and the events they make."""
    ids: dict[UUID, tuple[str, str]] = {}
    documents, expected = [], []
    for source in history.sources:
        document, events = _source(source, ids)
        documents.append(document)
        expected.append(events)
    roster_doc, roster = _roster(history)
    documents.append(roster_doc)
    return Converted(documents, History((*expected, roster)))


def _source(source: Source, ids: dict[UUID, tuple[str, str]]) -> tuple[dict[str, Any], Source]:
    slug = source.id.split("/", 1)[1]
    registration = next((e for e in source.events if e.type == "SourceRegistered"), None)
    if registration is not None:
        ids[registration.id] = (slug, "source")
    head = (
        registration.data
        if registration
        else SourceRegistered(
            publisher=slug.upper(), title="A report", published=source.published, rating=RATING
        ).model_dump(mode="json")
    )
    evidence = registration.evidence if registration else ()
    document: dict[str, Any] = {
        "source": {"id": slug, **_written(head), "evidence": [_evidence(ev) for ev in evidence]},
        "actors": [],
        "facts": [],
    }
    made = [
        _event(SourceRegistered, head, fact_id(slug, "source"), source.id, None, source, evidence)
    ]
    actors: set[str] = set()
    for n, e in enumerate(source.events):
        if e is registration:
            continue
        data = _rewritten(e.data, ids)
        if e.type == "ActorIdentified" and e.stream not in actors:
            actors.add(e.stream)
            key = e.stream.split("/", 1)[1]
            ids[e.id] = (slug, f"actor:{key}")
            document["actors"].append(
                {"key": key, **_written(data), "evidence": [_evidence(ev) for ev in e.evidence]}
            )
        else:
            key = f"f{n}"
            ids[e.id] = (slug, key)
            document["facts"].append(_fact(e, key, data))
        occurred = None if ids[e.id][1].startswith("actor:") else e.occurred
        cls = registry.payload_class(e.type)
        made.append(
            _event(cls, data, fact_id(slug, ids[e.id][1]), e.stream, occurred, source, e.evidence)
        )
    # The loader appends the source, then the actors, then the facts; per stream, that order.
    firsts = {fact_id(slug, f"actor:{a.split('/', 1)[1]}") for a in actors}
    made[1:] = sorted(made[1:], key=lambda ev: ev.id not in firsts)
    return document, Source(source.id, source.published, tuple(made))


def _event(
    cls: Any,
    data: dict[str, Any],
    id_: UUID,
    stream: str,
    occurred: PartialTime | None,
    source: Source,
    evidence: Iterable[Evidence],
) -> NewEvent:
    return NewEvent.of(
        cls.model_validate(data),
        id=id_,
        stream=stream,
        occurred=occurred,
        reported=source.published,
        evidence=tuple(evidence),
    )


def _fact(e: NewEvent, key: str, data: dict[str, Any]) -> dict[str, Any]:
    fact: dict[str, Any] = {"key": key, "type": e.type, "stream": e.stream, "data": _written(data)}
    if e.occurred is not None:
        fact["occurred"] = _time(e.occurred.model_dump(mode="json"))
    fact["evidence"] = [_evidence(ev) for ev in e.evidence]
    return fact


def _rewritten(data: dict[str, Any], ids: dict[UUID, tuple[str, str]]) -> dict[str, Any]:
    """The data with its reference to another event by the id the fixture gives that event."""
    out = dict(data)
    for name in ("corrects", "retracts"):
        if name in out:
            out[name] = str(fact_id(*ids[UUID(str(out[name]))]))
    if "changes" in out:  # the loader stores a correction's changes as written
        out["changes"] = _written(out["changes"])
    return out


def _written(data: dict[str, Any]) -> dict[str, Any]:
    """Data as a user writes it: times as their strings, references as `source:key` or ids."""
    return {k: _value(v) for k, v in data.items()}


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == TIME_KEYS:
        return _time(value)
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _time(dumped: dict[str, Any]) -> Any:
    value = format_partial(PartialTime.model_validate(dumped))
    return value if dumped.get("text") is None else {"value": value, "text": dumped["text"]}


def _evidence(ev: Evidence) -> dict[str, Any]:
    return ev.model_dump(mode="json", exclude_none=True)


def _named(history: History) -> tuple[set[str], set[str]]:
    """Actors and places the history names but never identifies."""
    actors, places, identified = set(), set(), set()
    for e in history.events():
        if e.type in ("ActorIdentified", "PlaceIdentified"):
            identified.add(e.stream)
        cls = registry.payload_class(e.type)
        for name in getattr(cls, "actor_fields", ()):
            for v in _many(e.data.get(name)):
                actors.add(v)
        for name in getattr(cls, "place_fields", ()):
            places.update(_many(e.data.get(name)))
        actors.update(ev.attributed_to for ev in e.evidence if ev.attributed_to)
        for v in e.data.get("changes", {}).values():
            if isinstance(v, str) and v.startswith("actor/"):
                actors.add(v)
    return actors - identified, places - identified


def _many(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]


def _roster(history: History) -> tuple[dict[str, Any], Source]:
    """A last document identifying what the history names and nothing identifies."""
    actors, places = _named(history)
    roster = Source(ROSTER, ROSTER_PUBLISHED, ())
    head = SourceRegistered(
        publisher="ROSTER", title="Who is who", published=ROSTER_PUBLISHED, rating=RATING
    ).model_dump(mode="json")
    made = [_event(SourceRegistered, head, fact_id("roster", "source"), ROSTER, None, roster, ())]
    doc: dict[str, Any] = {"source": {"id": "roster", **_written(head)}, "actors": [], "facts": []}
    quote = _evidence(EVIDENCE)
    for actor in sorted(actors):
        key = actor.split("/", 1)[1]
        data = ActorIdentified(name=key.title(), kind=ActorKind.ORGANISATION).model_dump(
            mode="json"
        )
        doc["actors"].append({"key": key, **_written(data), "evidence": [quote]})
        made.append(
            _event(
                ActorIdentified,
                data,
                fact_id("roster", f"actor:{key}"),
                actor,
                None,
                roster,
                [EVIDENCE],
            )
        )
    for n, place in enumerate(sorted(places)):
        data = PlaceIdentified(name=place.split("/", 1)[1].title(), kind=PlaceKind.CITY).model_dump(
            mode="json"
        )
        doc["facts"].append(
            {
                "key": f"p{n}",
                "type": "PlaceIdentified",
                "stream": place,
                "data": _written(data),
                "evidence": [quote],
            }
        )
        made.append(
            _event(
                PlaceIdentified, data, fact_id("roster", f"p{n}"), place, None, roster, [EVIDENCE]
            )
        )
    return doc, Source(ROSTER, ROSTER_PUBLISHED, tuple(made))
