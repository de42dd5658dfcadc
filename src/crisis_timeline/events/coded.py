"""Events as a political-event dataset codes them: who did what to whom, in a codebook's terms.

For the PLOVER categories that are neither incidents (ASSAULT, COERCE, PROTEST, MOBILIZE) nor
another fact of this vocabulary: `crisis import plover` records CONSULT, THREATEN, REQUEST …
as they were coded, with the code, the actors and the text.
"""

from __future__ import annotations

from typing import ClassVar

from crisis_timeline.events.common import ActorId, EventCode, Fact, PlaceId, Text
from crisis_timeline.events.incidents import ExternalRef
from crisis_timeline.events.registry import registry
from crisis_timeline.time import PartialTime


@registry.register("EventCoded")
class EventCoded(Fact):
    """A dataset coded an event: its code, who acted (`by`), towards whom (`about`), when."""

    actor_fields: ClassVar[tuple[str, ...]] = ("by", "about")
    place_fields: ClassVar[tuple[str, ...]] = ("place",)

    code: EventCode
    summary: Text
    happened: PartialTime
    by: tuple[ActorId, ...] = ()
    about: tuple[ActorId, ...] = ()
    place: PlaceId | None = None
    location: str | None = None
    context: tuple[Text, ...] = ()
    """The codebook's contexts of the event (PLOVER: military, economic, …)."""
    external: ExternalRef | None = None
