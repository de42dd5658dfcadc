"""The incident kinds and their ACLED and PLOVER mapping, beside the payloads that use them.

The table lives in `crisis_timeline.incident_kinds`, which imports no event model, so that the
views can read it without loading the vocabulary."""

from crisis_timeline.incident_kinds import (
    ACLED_CODEBOOK,
    ACTOR_ROLES,
    MAPPINGS,
    PLOVER_VERSION,
    IncidentKind,
    Mapping,
    acled_kind,
    plover_kind,
)

__all__ = [
    "ACLED_CODEBOOK",
    "ACTOR_ROLES",
    "MAPPINGS",
    "PLOVER_VERSION",
    "IncidentKind",
    "Mapping",
    "acled_kind",
    "plover_kind",
]
