"""The closed list of incident kinds, and how each maps to ACLED and PLOVER (no event model
is imported here: the views read it too).

ACLED: the six event types and their 25 sub-event types of the ACLED Codebook 2023.
PLOVER: the categories ASSAULT, COERCE, PROTEST and MOBILIZE of PLOVER 2021 (the version the
seed's codes name). A kind maps to the nearest PLOVER category where there is one; ACLED's
strategic developments mostly have none among these four.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple

ACLED_CODEBOOK = "ACLED Codebook 2023"
ACTOR_ROLES = ("perpetrators", "targets", "actor1", "assoc_actor1", "actor2", "assoc_actor2")
"""The fields of an incident that name actors: as the source tells them, and as ACLED codes them."""
PLOVER_VERSION = "2021"


class IncidentKind(StrEnum):
    # ACLED event types, for when the sub-event type is not known
    BATTLE = "battle"
    EXPLOSION_REMOTE_VIOLENCE = "explosion_remote_violence"
    VIOLENCE_AGAINST_CIVILIANS = "violence_against_civilians"
    PROTEST = "protest"
    RIOT = "riot"
    STRATEGIC_DEVELOPMENT = "strategic_development"
    # ACLED sub-event types
    ARMED_CLASH = "armed_clash"
    GOVERNMENT_REGAINS_TERRITORY = "government_regains_territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "non_state_overtakes_territory"
    CHEMICAL_WEAPON = "chemical_weapon"
    AIR_DRONE_STRIKE = "air_drone_strike"
    SUICIDE_BOMB = "suicide_bomb"
    SHELLING_ARTILLERY_MISSILE_ATTACK = "shelling_artillery_missile"
    REMOTE_EXPLOSIVE_LANDMINE_IED = "remote_explosive_landmine_ied"
    GRENADE = "grenade"
    SEXUAL_VIOLENCE = "sexual_violence"
    ATTACK = "attack"
    ABDUCTION_FORCED_DISAPPEARANCE = "abduction_forced_disappearance"
    PEACEFUL_PROTEST = "peaceful_protest"
    PROTEST_WITH_INTERVENTION = "protest_with_intervention"
    EXCESSIVE_FORCE_AGAINST_PROTESTERS = "excessive_force_on_protesters"
    VIOLENT_DEMONSTRATION = "violent_demonstration"
    MOB_VIOLENCE = "mob_violence"
    AGREEMENT = "agreement"
    ARRESTS = "arrests"
    CHANGE_TO_GROUP_ACTIVITY = "change_to_group_activity"
    DISRUPTED_WEAPONS_USE = "disrupted_weapons_use"
    HEADQUARTERS_OR_BASE_ESTABLISHED = "hq_or_base_established"
    LOOTING_PROPERTY_DESTRUCTION = "looting_property_destruction"
    NON_VIOLENT_TRANSFER_OF_TERRITORY = "non_violent_territory_transfer"
    OTHER_STRATEGIC_DEVELOPMENT = "other_strategic_development"
    # PLOVER categories with no ACLED counterpart of their own
    ASSAULT = "assault"
    COERCE = "coerce"
    MOBILIZE = "mobilize"


class Mapping(NamedTuple):
    """A kind's ACLED event type and sub-event type (None: no sub-event) and PLOVER category."""

    event_type: str | None
    sub_event_type: str | None
    plover: str | None


K = IncidentKind
_BATTLES, _EXPLOSIONS = "Battles", "Explosions/Remote violence"
_VAC, _SD = "Violence against civilians", "Strategic developments"
MAPPINGS: dict[IncidentKind, Mapping] = {
    K.BATTLE: Mapping(_BATTLES, None, "ASSAULT"),
    K.EXPLOSION_REMOTE_VIOLENCE: Mapping(_EXPLOSIONS, None, "ASSAULT"),
    K.VIOLENCE_AGAINST_CIVILIANS: Mapping(_VAC, None, "ASSAULT"),
    K.PROTEST: Mapping("Protests", None, "PROTEST"),
    K.RIOT: Mapping("Riots", None, "PROTEST"),
    K.STRATEGIC_DEVELOPMENT: Mapping(_SD, None, None),
    K.ARMED_CLASH: Mapping(_BATTLES, "Armed clash", "ASSAULT"),
    K.GOVERNMENT_REGAINS_TERRITORY: Mapping(_BATTLES, "Government regains territory", "ASSAULT"),
    K.NON_STATE_ACTOR_OVERTAKES_TERRITORY: Mapping(
        _BATTLES, "Non-state actor overtakes territory", "ASSAULT"
    ),
    K.CHEMICAL_WEAPON: Mapping(_EXPLOSIONS, "Chemical weapon", "ASSAULT"),
    K.AIR_DRONE_STRIKE: Mapping(_EXPLOSIONS, "Air/drone strike", "ASSAULT"),
    K.SUICIDE_BOMB: Mapping(_EXPLOSIONS, "Suicide bomb", "ASSAULT"),
    K.SHELLING_ARTILLERY_MISSILE_ATTACK: Mapping(
        _EXPLOSIONS, "Shelling/artillery/missile attack", "ASSAULT"
    ),
    K.REMOTE_EXPLOSIVE_LANDMINE_IED: Mapping(
        _EXPLOSIONS, "Remote explosive/landmine/IED", "ASSAULT"
    ),
    K.GRENADE: Mapping(_EXPLOSIONS, "Grenade", "ASSAULT"),
    K.SEXUAL_VIOLENCE: Mapping(_VAC, "Sexual violence", "ASSAULT"),
    K.ATTACK: Mapping(_VAC, "Attack", "ASSAULT"),
    K.ABDUCTION_FORCED_DISAPPEARANCE: Mapping(_VAC, "Abduction/forced disappearance", "ASSAULT"),
    K.PEACEFUL_PROTEST: Mapping("Protests", "Peaceful protest", "PROTEST"),
    K.PROTEST_WITH_INTERVENTION: Mapping("Protests", "Protest with intervention", "PROTEST"),
    K.EXCESSIVE_FORCE_AGAINST_PROTESTERS: Mapping(
        "Protests", "Excessive force against protesters", "COERCE"
    ),
    K.VIOLENT_DEMONSTRATION: Mapping("Riots", "Violent demonstration", "PROTEST"),
    K.MOB_VIOLENCE: Mapping("Riots", "Mob violence", "ASSAULT"),
    K.AGREEMENT: Mapping(_SD, "Agreement", None),
    K.ARRESTS: Mapping(_SD, "Arrests", "COERCE"),
    K.CHANGE_TO_GROUP_ACTIVITY: Mapping(_SD, "Change to group/activity", None),
    K.DISRUPTED_WEAPONS_USE: Mapping(_SD, "Disrupted weapons use", None),
    K.HEADQUARTERS_OR_BASE_ESTABLISHED: Mapping(
        _SD, "Headquarters or base established", "MOBILIZE"
    ),
    K.LOOTING_PROPERTY_DESTRUCTION: Mapping(_SD, "Looting/property destruction", "COERCE"),
    K.NON_VIOLENT_TRANSFER_OF_TERRITORY: Mapping(_SD, "Non-violent transfer of territory", None),
    K.OTHER_STRATEGIC_DEVELOPMENT: Mapping(_SD, "Other", None),
    K.ASSAULT: Mapping(None, None, "ASSAULT"),
    K.COERCE: Mapping(None, None, "COERCE"),
    K.MOBILIZE: Mapping(None, None, "MOBILIZE"),
}
"""Every kind's mapping; the README's kind table is this table."""

_BY_ACLED = {(m.event_type, m.sub_event_type): k for k, m in MAPPINGS.items() if m.event_type}
_BY_PLOVER = {
    "ASSAULT": K.ASSAULT,
    "COERCE": K.COERCE,
    "PROTEST": K.PROTEST,
    "MOBILIZE": K.MOBILIZE,
}


def acled_kind(event_type: str, sub_event_type: str | None = None) -> IncidentKind:
    """The kind of an ACLED event type and sub-event type (as ACLED spells them)."""
    try:
        return _BY_ACLED[(event_type, sub_event_type or None)]
    except KeyError:
        if (event_type, None) not in _BY_ACLED:
            raise ValueError(f"not an ACLED event type: {event_type!r}") from None
        raise ValueError(
            f"not an ACLED sub-event type of {event_type!r}: {sub_event_type!r}"
        ) from None


def plover_kind(category: str) -> IncidentKind:
    """The kind of a PLOVER category among ASSAULT, COERCE, PROTEST and MOBILIZE."""
    try:
        return _BY_PLOVER[category]
    except KeyError:
        raise ValueError(
            f"not a PLOVER category of incidents (ASSAULT, COERCE, PROTEST, MOBILIZE): {category!r}"
        ) from None
