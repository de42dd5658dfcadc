"""`crisis gazetteer NAME`: coordinates an offline gazetteer suggests for a place name."""

from __future__ import annotations

from dataclasses import asdict

import click

from crisis_timeline.cli.output import emit, output_options

COLUMNS = (
    "name",
    "country_code",
    "country",
    "admin1_code",
    "latitude",
    "longitude",
    "population",
    "geonameid",
    "place",
)
TABLE_COLUMNS = ("name", "country", "admin1_code", "latitude", "longitude", "population")


def _country(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from crisis_timeline.gazetteer import country_codes

    if value is not None and value.upper() not in country_codes():
        raise click.BadParameter(f"not an ISO 3166-1 alpha-2 code GeoNames knows: {value!r}")
    return value


@click.command()
@click.argument("name")
@click.option(
    "--country",
    default=None,
    metavar="CC",
    callback=_country,
    help="Only cities of this country (ISO 3166-1 alpha-2, e.g. UA).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    metavar="N",
    help="The N most populous matches.",
)
@output_options
def gazetteer(name: str, country: str | None, limit: int, fmt: str) -> None:
    """Suggest coordinates for a city from the offline GeoNames extract; records nothing.

    Matches the name or any alternate name (Kiev, Kharkov), most populous first. Each row's
    `place` is the data of a PlaceIdentified to check and copy into a fixture (precision 1).

    \b
    Example:
        crisis gazetteer Kharkiv --country UA --json
    """
    from crisis_timeline import gazetteer as lookup

    rows = [asdict(s) | {"place": s.place_data()} for s in lookup.suggest(name, country, limit)]
    emit(rows, fmt, COLUMNS, TABLE_COLUMNS)


COMMANDS = [gazetteer]
