"""The actors a store already holds, for the draft to match by name and alias."""

from __future__ import annotations

from crisis_timeline.draft.actors import Actor
from crisis_timeline.store.event_store import EventFilter, EventStore


def known_actors(store: EventStore) -> list[Actor]:
    """Each actor stream's latest identification, as a known actor of the draft."""
    latest: dict[str, Actor] = {}
    for event in store.read(EventFilter(types=["ActorIdentified"])):
        data = event.data
        key = event.stream.removeprefix("actor/")
        latest[key] = Actor(
            key,
            data["name"],
            data["kind"],
            list(data.get("aliases") or []),
            list(data.get("titles") or []),
            data.get("affiliation"),
            data.get("description"),
            known=True,
            why=f"{event.stream}, already in the store",
        )
    return list(latest.values())


def known_places(store: EventStore) -> dict[str, str]:
    """The place id each stored place's name and aliases stand for (its latest identification)."""
    names: dict[str, dict[str, str]] = {}
    for event in store.read(EventFilter(types=["PlaceIdentified"])):
        data = event.data
        names[event.stream] = {
            n: event.stream for n in [data["name"], *(data.get("aliases") or [])]
        }
    return {name: place for found in names.values() for name, place in found.items()}
