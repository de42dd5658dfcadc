"""A synthetic ACLED export of any number of rows, deterministic from a seed.

Rows look like ACLED's: the codebook's columns, its event and sub-event types, a few hundred
actors and locations, notes with commas (some with quotes and a line break), a tenth without
coordinates, time precision 1, 2 or 3, timestamps that only move on.
"""

from __future__ import annotations

import csv
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.names import LAST, OUTLETS, PLACES, REGIONS
from crisis_timeline.importers.acled_codebook import COLUMNS, SUB_EVENT_TYPES

START = date(2022, 2, 24)
STAMP = datetime(2022, 3, 1, tzinfo=UTC)
FORCES = tuple(f"{name} Brigade" for name in LAST) + ("Military Forces of Ruritania (2000-)",)


def write_acled(path: Path, rows: int, seed: int = 20220224) -> Path:
    """Write `rows` rows of an ACLED-format export to `path` (UTF-8, CRLF as ACLED writes)."""
    rng = random.Random(seed)
    places = [
        (f"{p} {r}", 40 + rng.random() * 20, 20 + rng.random() * 20)
        for p in PLACES
        for r in REGIONS
    ]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for n in range(rows):
            out.writerow(_row(rng, n, places))
    return path


def _row(rng: random.Random, n: int, places: list[tuple[str, float, float]]) -> list[str]:
    event_type = rng.choice(tuple(SUB_EVENT_TYPES))
    sub = rng.choice(SUB_EVENT_TYPES[event_type])
    day = START + timedelta(days=n // 500)
    location, lat, lon = rng.choice(places)
    coords = rng.random() >= 0.1
    actor1, actor2 = rng.choice(FORCES), rng.choice(FORCES) if rng.random() < 0.6 else ""
    notes = f"On {day:%d %B %Y}, {actor1} and others were reported near {location}, {sub.lower()}."
    if rng.random() < 0.05:
        notes += f'\nOfficials said "{rng.randint(1, 90)} people" were affected.'
    values = {
        "event_id_cnty": f"RUR{n + 1}",
        "event_date": f"{day:%d %B %Y}",
        "time_precision": str(rng.choice((1, 1, 1, 1, 2, 3))),
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": str(rng.randint(1, 8)),
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": str(rng.randint(1, 8)) if actor2 else "0",
        "interaction": "18",
        "civilian_targeting": "",
        "iso": "804",
        "region": "Europe",
        "country": "Ruritania",
        "admin1": location.split()[-1],
        "admin2": "",
        "admin3": "",
        "location": location,
        "latitude": f"{lat:.4f}" if coords else "",
        "longitude": f"{lon:.4f}" if coords else "",
        "geo_precision": str(rng.randint(1, 3)) if coords else "",
        "source": "; ".join(rng.sample(OUTLETS, 2)),
        "source_scale": "National",
        "notes": notes,
        "fatalities": str(rng.choice((0, 0, 0, 1, 2, 5, 12))),
        "tags": "",
        "timestamp": str(int((STAMP + timedelta(seconds=n * 7)).timestamp())),
    }
    return [values[c] for c in COLUMNS]
