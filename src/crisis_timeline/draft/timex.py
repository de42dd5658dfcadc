"""Time expressions as written, resolved against the publication time to partial times.

dateparser (with the publication day as its RELATIVE_BASE) reads calendar dates and relative
phrases ("next month", "last week", "two days ago") and says how precise they are; the rules
here cover what it misses or reads against news usage: weekday names (the week around the
publication, by the sentence's tense), "over the weekend", "in the past two months", clock
times with zones ("3:30 p.m. ET (2030 GMT)"), a day and month without a year (the nearest such
date), and parts of a day ("early on Thursday").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from crisis_timeline.draft.sentences import Span
from crisis_timeline.draft.zones import to_utc

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:tember|t?\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_COUNT = r"(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_FUTURE = re.compile(
    r"\b(?:will|shall|to be held|"
    r"(?:is|are) (?:set|due|scheduled|slated|expected|planning|going) to|"
    r"set to|scheduled|slated|due to|plans? to|ahead of|upcoming|"
    r"to (?:hold|meet|speak|visit|travel))\b",
    re.I,
)
_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "clock",
        r"(?:at\s+)?(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)"
        r"(?:\s*(?P<zone>[A-Z]{2,4})\b)?(?:\s*\((?P<gmt>\d{4})\s*(?:GMT|UTC)\))?",
    ),
    ("gmt", r"\b(?P<hhmm>[01]\d[0-5]\d|2[0-3][0-5]\d)\s*(?:GMT|UTC)\b"),
    (
        "past",
        r"\b(?:in|over|during|for)\s+the\s+(?:past|last|previous)\s+(?:" + _COUNT + r"\s+)?"
        r"(?P<unit>days?|weeks?|months?|years?)\b",
    ),
    ("weekend", r"\b(?:(?:over|during|at|on)\s+the|this|last|next|over)\s+weekend\b"),
    (
        "weekday",
        r"\b(?:(?P<part>early|late)\s+(?:on\s+)?)?(?:(?P<rel>on|last|next|this)\s+)?"
        r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"(?:\s+(?P<tod>morning|afternoon|evening|night))?\b",
    ),
    (
        "date",
        r"\b(?:"
        + _MONTH
        + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?|\d{1,2}\s+"
        + _MONTH
        + r"(?:\s+(?:19|20)\d{2})?|"
        + _MONTH
        + r"\s+(?:19|20)\d{2})(?![\w])",
    ),
    (
        "relative",
        r"\b(?:yesterday|today|tomorrow|(?:last|next|this)\s+(?:week|month|year)|"
        r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?|years?)\s+ago)\b",
    ),
    (
        "year",
        r"\b(?:in|since|by|until|from|of|early|late|mid-)\s*(?P<year>(?:19|20)\d{2})\b(?!\s*(?:GMT|UTC))",
    ),
    (
        "month",
        r"\b(?:in|since|by|until|from|early|late|mid-)\s*(?P<name>January|February|March|April|May|June|July|"
        r"August|September|October|November|December)\b",
    ),
)
_ANY = re.compile(
    "|".join(f"(?P<{name}>{rx.replace('(?P<', f'(?P<{name}_')})" for name, rx in _PATTERNS), re.I
)


@dataclass(frozen=True)
class Mention:
    """A time expression in the text: the words, and what they were resolved to."""

    span: Span
    kind: str
    value: str | None
    """A partial-time string ("2021-12-30", "2021-10-30/2021-12-30"), or None for a clock time
    (see `clock`) or an expression too vague to resolve."""
    why: str
    confidence: str = "medium"
    clock: tuple[int, int, str] | None = None
    """For a time of day: (hour, minute, zone) as written, to be set on the day it belongs to."""

    def on_day(self, day: date) -> str:
        """A clock time set on a day, as a minute-precision partial time in UTC."""
        assert self.clock is not None
        shift, hour, minute, _why = to_utc(day, *self.clock)
        return f"{(day + timedelta(days=shift)).isoformat()}T{hour:02d}:{minute:02d}Z"


def mentions(span: Span, published: date) -> list[Mention]:
    """Every time expression in a sentence (or clause), resolved against the publication day."""
    future = bool(_FUTURE.search(span.text))
    out = []
    for m in _ANY.finditer(span.text):
        kind = m.lastgroup or ""
        if "_" in kind:
            continue
        groups = {
            k.split("_", 1)[1]: v
            for k, v in m.groupdict().items()
            if k.startswith(f"{kind}_") and v
        }
        words = span.sub(m.start(), m.end())
        value, why, confidence, clock = _RESOLVERS[kind](words.text, groups, published, future)
        if (
            value is not None
            and kind == "date"
            and re.search(r"\bsince\s+$", span.text[: m.start()])
        ):
            value, why = _since(value, published), f"{why}; since then, to the publication day"
        out.append(Mention(words, kind, value, why, confidence, clock))
    return out


def _since(value: str, published: date) -> str:
    """From the start of a point to the publication day."""
    return f"{value.split('/')[0]}/{published.isoformat()}"


Resolved = tuple[str | None, str, str, tuple[int, int, str] | None]


def _clock(words: str, g: dict[str, str], published: date, _future: bool) -> Resolved:
    if g.get("gmt"):
        hh, mm = int(g["gmt"][:2]), int(g["gmt"][2:])
        return None, f"{words!r}: {g['gmt']} GMT as written", "high", (hh, mm, "GMT")
    hour = int(g["h"]) % 12 + (12 if g["ap"].lower().startswith("p") else 0)
    minute, zone = int(g.get("m") or 0), g.get("zone") or ""
    why = to_utc(published, hour, minute, zone)[3]
    return None, f"{words!r}: {why}", "medium" if zone else "low", (hour, minute, zone)


def _gmt(_words: str, g: dict[str, str], _published: date, _future: bool) -> Resolved:
    return (
        None,
        f"{g['hhmm']} GMT as written",
        "high",
        (int(g["hhmm"][:2]), int(g["hhmm"][2:]), "GMT"),
    )


def _past(words: str, g: dict[str, str], published: date, _future: bool) -> Resolved:
    n = _count(g.get("n"))
    unit = g["unit"].lower().rstrip("s")
    start = _back(published, n, unit)
    value = f"{start.isoformat()}/{published.isoformat()}"
    return (
        value,
        f"{words!r}: {n} {unit}(s) back from the publication day to that day",
        "high",
        None,
    )


def _weekend(words: str, _g: dict[str, str], published: date, future: bool) -> Resolved:
    lower = words.lower()
    ahead = "next" in lower or (future and "last" not in lower)
    saturday = (
        published + timedelta(days=(5 - published.weekday()) % 7)
        if ahead
        else published - timedelta(days=(published.weekday() - 5) % 7)
    )
    if not ahead and published.weekday() == 5 and "last" in lower:
        saturday -= timedelta(days=7)
    side = "next" if ahead else "last"
    value = f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}"
    return (
        value,
        f"{words!r}: the {side} Saturday and Sunday from the publication day",
        "medium",
        None,
    )


def _weekday(words: str, g: dict[str, str], published: date, future: bool) -> Resolved:
    target = WEEKDAYS.index(g["wd"].lower())
    rel = (g.get("rel") or "").lower()
    delta = (target - published.weekday()) % 7
    if rel == "last" or (rel != "next" and not future and delta):
        day, why = (
            published - timedelta(days=(published.weekday() - target) % 7 or 7),
            "the last one before",
        )
    elif delta == 0 and rel != "next":
        return published.isoformat(), f"{words!r}: the publication day, a {g['wd']}", "high", None
    else:
        day, why = published + timedelta(days=delta or 7), "the next one after"
    tense = "future" if future else "past"
    return (
        day.isoformat(),
        f"{words!r}: {why} {published.isoformat()} ({tense} tense)",
        "medium",
        None,
    )


def _date(words: str, _g: dict[str, str], published: date, _future: bool) -> Resolved:
    parsed = _dateparser(re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", words), published)
    if parsed is None:
        return None, f"{words!r}: not understood", "low", None
    when, period = parsed
    if period == "month":
        return when.strftime("%Y-%m"), f"{words!r}: a month", "high", None
    if re.search(r"(19|20)\d{2}", words):
        return when.isoformat(), f"{words!r}: a calendar date", "high", None
    near = min(
        (when.replace(year=published.year + k) for k in (-1, 0, 1)),
        key=lambda d: abs(d - published),
    )
    return (
        near.isoformat(),
        f"{words!r}: no year written; the nearest such date to {published.isoformat()}",
        "medium",
        None,
    )


def _relative(words: str, _g: dict[str, str], published: date, _future: bool) -> Resolved:
    parsed = _dateparser(words, published)
    if parsed is None:
        return None, f"{words!r}: not understood", "low", None
    when, period = parsed
    if period == "week":
        monday = when - timedelta(days=when.weekday())
        return (
            f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}",
            f"{words!r}: that Monday to Sunday",
            "medium",
            None,
        )
    value = {"year": when.strftime("%Y"), "month": when.strftime("%Y-%m")}.get(
        period, when.isoformat()
    )
    return value, f"{words!r}: from the publication day ({period})", "high", None


def _year(words: str, g: dict[str, str], published: date, _future: bool) -> Resolved:
    if words.lower().startswith("since") and int(g["year"]) <= published.year:
        return (
            f"{g['year']}/{published.isoformat()}",
            f"{words!r}: from that year to the publication day",
            "high",
            None,
        )
    return g["year"], f"{words!r}: a year", "high", None


def _month(words: str, g: dict[str, str], published: date, future: bool) -> Resolved:
    names = "january february march april may june july august september october november december"
    month = names.split().index(g["name"].lower()) + 1
    year = (
        published.year
        + (1 if future and month < published.month else 0)
        - (1 if not future and month > published.month else 0)
    )
    value = f"{year:04d}-{month:02d}"
    if words.lower().startswith("since"):
        return (
            _since(value, published),
            f"{words!r}: from {value} to the publication day",
            "high",
            None,
        )
    side = "next" if future else "last"
    return (
        value,
        f"{words!r}: the {side} {g['name']} from the publication day "
        f"({'future' if future else 'past'} tense)",
        "medium",
        None,
    )


_RESOLVERS = {
    "month": _month,
    "clock": _clock,
    "gmt": _gmt,
    "past": _past,
    "weekend": _weekend,
    "weekday": _weekday,
    "date": _date,
    "relative": _relative,
    "year": _year,
}


def _count(word: str | None) -> int:
    if word is None or word.lower() in ("a", "one"):
        return 1
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _back(day: date, n: int, unit: str) -> date:
    if unit == "day":
        return day - timedelta(days=n)
    if unit == "week":
        return day - timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = (date(year + (month0 + 1) // 12, (month0 + 1) % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month0 + 1, min(day.day, last))


@lru_cache(maxsize=256)
def _dateparser(words: str, published: date) -> tuple[date, str] | None:
    """dateparser's reading of the words, with the publication day as the base."""
    from dateparser.date import DateDataParser

    base = datetime(published.year, published.month, published.day, tzinfo=UTC).replace(tzinfo=None)
    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(words)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period or "day")
