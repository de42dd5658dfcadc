"""Hypothesis builders for incidents, casualties, sanctions, agreements and places, joined into
the histories of histories.py (streams, builders, corrections)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from crisis_timeline.events import Payload
from crisis_timeline.events.agreements import (
    AgreementEnded,
    AgreementKind,
    AgreementReached,
    AgreementSigned,
    AgreementViolated,
)
from crisis_timeline.events.incidents import CasualtiesReported, IncidentReported, Toll
from crisis_timeline.events.places import Coordinates, GeoPrecision, PlaceIdentified, PlaceKind
from crisis_timeline.events.sanctions import SanctionAnnounced, SanctionImposed, SanctionLifted
from crisis_timeline.incident_kinds import IncidentKind

Build = Callable[[Any, str], Payload]
Times = Callable[[], st.SearchStrategy[Any]]

INCIDENTS = ("incident/strike", "incident/protest")
SANCTIONS = ("sanction/banks",)
AGREEMENTS = ("agreement/ceasefire",)
PLACES = ("place/kyiv", "place/kharkiv")
STREAMS = INCIDENTS + SANCTIONS + AGREEMENTS + PLACES
PLACE_REFS = (*PLACES, "place/nowhere")
"""Places facts may name (one of them never identified)."""
MEASURES = ("asset freeze", "export controls", "travel bans")
TOLLS = (("at least 40", 40, None), ("dozens", 24, 99), ("12", 12, 12), ("some", None, None))
FIRST = {"IncidentReported", "SanctionImposed", "AgreementReached", "PlaceIdentified"}


def _toll(draw: Any) -> Toll | None:
    choice = draw(st.none() | st.sampled_from(TOLLS))
    return None if choice is None else Toll(text=choice[0], low=choice[1], high=choice[2])


def _casualties(draw: Any, _stream: str) -> Payload:
    killed = _toll(draw) or Toll(text="at least 40", low=40)
    return CasualtiesReported(
        by=draw(st.none() | _actor), killed=killed, injured=_toll(draw), missing=_toll(draw)
    )


def _measures(draw: Any, min_size: int = 1) -> tuple[str, ...]:
    return tuple(draw(st.lists(st.sampled_from(MEASURES), min_size=min_size, unique=True)))


_actor: st.SearchStrategy[str] = st.sampled_from(("actor/biden", "actor/putin", "actor/nato"))


def builders(world_times: Times, actors: Callable[[Any], tuple[str, ...]]) -> dict[str, Any]:
    """The builders per family, with histories.py's world times and actor lists."""

    def incident(d: Any, s: str) -> Payload:
        return IncidentReported(
            kind=d(st.sampled_from(IncidentKind)),
            description=d(st.sampled_from(("Explosions were heard", "Crowds gathered"))),
            happened=d(world_times()),
            perpetrators=actors(d),
            targets=actors(d),
            actor1=d(st.none() | _actor),
            place=d(st.none() | st.sampled_from(PLACE_REFS)),
            location=d(st.none() | st.just("the outskirts")),
        )

    def sanction(cls: Callable[..., Payload]) -> Build:
        return lambda d, s: cls(
            by=actors(d) or ("actor/biden",),
            against=("actor/putin",),
            measures=_measures(d),
            effective=d(st.none() | world_times()),
        )

    def described(cls: Callable[..., Payload], **more: Callable[[Any], Any]) -> Build:
        return lambda d, s: cls(
            title=d(st.sampled_from(("Ceasefire", "Grain deal"))),
            kind=d(st.sampled_from(AgreementKind)),
            parties=actors(d),
            **{k: f(d) for k, f in more.items()},
        )

    def place(d: Any, s: str) -> Payload:
        point = Coordinates(
            latitude=d(st.sampled_from((50.45, 49.98))),
            longitude=30.52,
            precision=d(st.sampled_from(GeoPrecision)),
        )
        return PlaceIdentified(
            name=s.split("/", 1)[1].title(),
            kind=d(st.sampled_from(PlaceKind)),
            country_code=d(st.none() | st.just("UA")),
            coordinates=d(st.none() | st.just(point)),
            aliases=tuple(d(st.lists(st.sampled_from(("Kiev", "Kharkov")), unique=True))),
        )

    return {
        "incident": {"IncidentReported": incident, "CasualtiesReported": _casualties},
        "sanction": {
            "SanctionAnnounced": sanction(SanctionAnnounced),
            "SanctionImposed": sanction(SanctionImposed),
            "SanctionLifted": lambda d, s: SanctionLifted(
                by=actors(d) or ("actor/biden",), measures=_measures(d, 0)
            ),
        },
        "agreement": {
            "AgreementReached": described(AgreementReached),
            "AgreementSigned": described(
                AgreementSigned,
                signed=lambda d: d(st.none() | world_times()),
                place=lambda d: d(st.none() | st.sampled_from(PLACE_REFS)),
            ),
            "AgreementViolated": lambda d, s: AgreementViolated(
                by=actors(d), statement=d(st.none() | st.just("shelling went on"))
            ),
            "AgreementEnded": lambda d, s: AgreementEnded(by=d(st.none() | _actor)),
        },
        "place": {"PlaceIdentified": place},
    }


def changes(draw: Any, when: Callable[[], dict[str, Any]]) -> dict[str, Callable[[], Any]]:
    """Fields an EventCorrected may replace, for these types."""
    return {
        "IncidentReported": lambda: draw(
            st.sampled_from(({"kind": "battle"}, {"place": "place/kyiv"}, {"happened": when()}))
        ),
        "CasualtiesReported": lambda: {"killed": {"text": "at least 50", "low": 50, "high": None}},
        "SanctionImposed": lambda: {"measures": ["asset freeze"]},
        "AgreementSigned": lambda: {"signed": when()},
        "PlaceIdentified": lambda: {"country_code": "RU"},
    }
