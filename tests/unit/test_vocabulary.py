"""The incident, casualty, sanction, agreement and place vocabulary, and the fields added to
meetings, disputes, withdrawals and answers (schema version 2, upcast from 1)."""

from __future__ import annotations

from typing import Any

import pytest

from crisis_timeline.errors import ValidationError
from crisis_timeline.events import registry
from crisis_timeline.events.incident_kinds import MAPPINGS, IncidentKind, acled_kind, plover_kind
from crisis_timeline.loadchecks import family_of


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "kind"),
    [
        ("Battles", "Armed clash", "armed_clash"),
        (
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            "shelling_artillery_missile",
        ),
        (
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
            "remote_explosive_landmine_ied",
        ),
        ("Violence against civilians", "Attack", "attack"),
        ("Protests", "Excessive force against protesters", "excessive_force_on_protesters"),
        ("Riots", "Mob violence", "mob_violence"),
        ("Strategic developments", "Looting/property destruction", "looting_property_destruction"),
        ("Strategic developments", "Other", "other_strategic_development"),
        ("Battles", None, "battle"),
        ("Strategic developments", "", "strategic_development"),
    ],
)
def test_acled_types_map_to_kinds(event_type: str, sub_event_type: str | None, kind: str) -> None:
    assert acled_kind(event_type, sub_event_type) == kind


def test_every_acled_sub_event_type_of_the_2023_codebook_has_a_kind() -> None:
    subs = {m.sub_event_type for m in MAPPINGS.values() if m.sub_event_type}
    events = {m.event_type for m in MAPPINGS.values() if m.event_type}
    assert len(subs) == 25  # the 2023 codebook's sub-event types (Agreement … Other)
    assert events == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Riots",
        "Strategic developments",
    }
    assert set(MAPPINGS) == set(IncidentKind)


def test_every_kind_fits_the_status_column_of_the_views() -> None:
    """Projection rows keep the kind in `status`, 30 characters on PostgreSQL (migration 0002)."""
    assert max(len(k.value) for k in IncidentKind) <= 30


def test_unknown_acled_or_plover_names_say_which() -> None:
    with pytest.raises(ValueError, match="not an ACLED event type: 'Battle'"):
        acled_kind("Battle", "Armed clash")
    with pytest.raises(ValueError, match="not an ACLED sub-event type of 'Riots': 'Armed clash'"):
        acled_kind("Riots", "Armed clash")
    assert plover_kind("MOBILIZE") == "mobilize"
    with pytest.raises(ValueError, match="'CONSULT'"):
        plover_kind("CONSULT")


INCIDENT = {
    "kind": "air_drone_strike",
    "description": "Explosions were heard in Kyiv.",
    "happened": {"value": "2022-02-24", "text": "early on Thursday"},
    "perpetrators": ["actor/russia"],
    "place": "place/kyiv",
}


def test_an_incident_names_its_actors_and_place_in_declared_fields() -> None:
    cls = registry.payload_class("IncidentReported")
    payload = cls.model_validate(INCIDENT)
    assert "perpetrators" in cls.actor_fields and cls.place_fields == ("place",)  # type: ignore[attr-defined]
    assert payload.model_dump(mode="json")["happened"]["start"] == "2022-02-24T00:00:00Z"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({**INCIDENT, "kind": "invasion"}, "kind: Input should be 'battle'"),
        (
            {**INCIDENT, "place": "kyiv"},
            "place: Value error, not a place id (place/<slug>): 'kyiv'",
        ),
        ({"by": "actor/x"}, "give at least one of killed, injured, missing"),
        ({"killed": {"text": "40 to 30", "low": 40, "high": 30}}, "low must not exceed high"),
        (
            {"killed": {"text": "dozens", "low": -1}},
            "killed.low: Input should be greater than or equal to 0",
        ),
    ],
)
def test_bad_incident_or_toll_data_is_refused(data: dict[str, Any], problem: str) -> None:
    name = "IncidentReported" if "kind" in data else "CasualtiesReported"
    with pytest.raises(ValidationError, match="^" + name + ": ") as info:
        registry.normalise(name, 1, data)
    assert problem in str(info.value)


def test_a_place_has_a_country_code_and_coordinates_with_acled_precision() -> None:
    place = {
        "name": "Kyiv",
        "kind": "city",
        "country_code": "UA",
        "coordinates": {"latitude": 50.45, "longitude": 30.52, "precision": 1},
    }
    assert registry.normalise("PlaceIdentified", 1, place)["coordinates"]["precision"] == 1
    with pytest.raises(ValidationError, match="country_code: String should match"):
        registry.normalise("PlaceIdentified", 1, {**place, "country_code": "UKR"})
    with pytest.raises(ValidationError, match="coordinates.precision: Input should be 1, 2 or 3"):
        registry.normalise(
            "PlaceIdentified", 1, {**place, "coordinates": {**place["coordinates"], "precision": 4}}
        )  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("IncidentReported", "incident"),
        ("CasualtiesReported", "incident"),
        ("SanctionLifted", "sanction"),
        ("AgreementViolated", "agreement"),
        ("PlaceIdentified", "place"),
    ],
)
def test_new_types_have_their_stream_family(name: str, family: str) -> None:
    assert family_of(name) == family


OLD = {
    "MeetingHeld": (
        {"title": "call", "kind": "call", "participants": [], "code": None, "held": "2021-12-30"},
        {"place": None, "duration": None},
    ),
    "MeetingScheduled": (
        {"title": "call", "kind": "call", "scheduled": "2021-12-30", "sequence_note": None},
        {"place": None},
    ),
    "ClaimDisputed": (
        {"by": "actor/russia", "statement": None, "code": None},
        {"counter_claim": None},
    ),
    "DemandRejected": ({"by": "actor/united-states", "statement": "no"}, {"answers": []}),
    "DemandAccepted": ({"by": "actor/united-states", "statement": "yes"}, {"answers": []}),
    "ForceWithdrawalReported": (
        {"actor": "actor/russia", "location": "border", "size_text": "about 10,000 troops"},
        {"stage": None},
    ),
}


@pytest.mark.parametrize("name", sorted(OLD))
def test_version_1_data_upcasts_to_what_version_2_stores(name: str) -> None:
    """An event stored before the new field reads as one loaded now without it."""
    old, added = OLD[name]
    assert registry.payload_class(name).schema_version == 2
    upcast = registry.upcast(name, 1, old)
    assert upcast == {**old, **added}
    assert registry.normalise(name, 2, upcast) == registry.normalise(name, 2, old)
