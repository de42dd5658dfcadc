"""Incidents and their tolls: what happened where and when, and how many were killed or hurt.

The kind comes from the words ("explosions", "shelling", "an air strike", "protesters"); the place
from the names after "in", "on" or "of", looked up among the starting list of states and the
offline gazetteer's cities; the time is the first the statement writes, else the publication day.
"""

from __future__ import annotations

import re
from typing import Any

from crisis_timeline import gazetteer as cities
from crisis_timeline.draft import classify, gazetteer
from crisis_timeline.draft.facts import Builder, Candidate, new_stream, statement_words
from crisis_timeline.draft.numbers import Quantity, quantities
from crisis_timeline.draft.timex import Mention

DATELINE = re.compile(r"^[A-Z][A-Z .,/'’-]{2,}?,[^-–—]{0,20}[-–—]\s*")
"""A dateline, "KYIV, Feb 24 - ": its date is the filing day, not when it happened."""
KINDS = (
    ("air_drone_strike", r"\b(?:air ?strikes?|airstrikes?|drone strikes?|bomb(?:ed|ing)\b)"),
    ("shelling_artillery_missile", r"\b(?:shell(?:ed|ing)|artillery|missiles?|rockets?)\b"),
    ("explosion_remote_violence", r"\b(?:explosions?|blasts?)\b"),
    ("armed_clash", r"\b(?:clash(?:es|ed)?|fighting|firefight|battle)\b"),
    ("protest", r"\b(?:protest(?:s|ers|ed)?|demonstrat(?:ors|ions?|ed)|rall(?:y|ies|ied))\b"),
    ("assault", r"\b(?:invad(?:ed|es|ing)|invasion|offensive|attack(?:ed|ing)|assault)\b"),
)
"""Words that name what happened, most specific first; each kind is one of the closed list."""
INCIDENT = re.compile("|".join(rx for _k, rx in KINDS), re.I)
_TOLL = re.compile(
    r"^\s+(?:\w+\s+){0,3}?(?:(?:were|had been|have been|was|are)\s+)?"
    r"(?P<what>killed|dead|died|wounded|injured|hurt|missing)\b",
    re.I,
)
_FIELDS = {"killed": "killed", "dead": "killed", "died": "killed", "missing": "missing"}
_PLACE = re.compile(
    r"\b(?i:in|on|of|at|near)\s+(?:the\s+)?(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)"
)


def tolls(text: str) -> dict[str, Quantity]:
    """The counts the words give, by field: "at least 40 people had been killed" is killed."""
    found: dict[str, Quantity] = {}
    for q in quantities(text):
        m = _TOLL.match(text[q.end :])
        if m is not None:
            found.setdefault(_FIELDS.get(m["what"].lower(), "injured"), q)
    return found


def guess(text: str) -> classify.Guess | None:
    """CasualtiesReported or IncidentReported when the words report a toll or an incident."""
    if tolls(text):
        return classify.Guess("CasualtiesReported", "a toll: a number of killed or hurt", "medium")
    m = INCIDENT.search(text)
    if m is None:
        return None
    kind = next(k for k, rx in KINDS if re.search(rx, m.group(), re.I))
    return classify.Guess("IncidentReported", f"{m.group()!r}: {kind}", "medium", kind=kind)


def incident(b: Builder, fact: Candidate, text: str, times: list[Mention], g: Any) -> bool:
    """IncidentReported: kind, place, who did it to whom, when, from the statement's words."""
    what = statement_words(fact.quote, fact.statement)
    states = [k for k in b.about(text, fact.quote.start) if b.cast.actors[k].kind == "state"]
    place, place_id, why = _place(text, b.cast.places)
    fact.data = {"kind": g.kind, "description": what}
    _happened(b, fact, times)
    if g.kind != "protest" and states and _acting(b, text, states[0]):
        fact.data["perpetrators"] = [b.cast.use(states[0])]
        if states[1:]:
            fact.data["targets"] = [b.cast.use(states[1])]
        fact.note(f"perpetrator {states[0]}: the state named first, as the subject", "low")
    if place is not None:
        fact.data["location"] = place
    if place_id is not None:
        fact.data["place"] = place_id
    fact.note(why, "medium" if place else "low")
    fact.stream = new_stream("incident", f"{g.kind} {place or what} {b.published}", b.facts)
    return True


def casualties(b: Builder, fact: Candidate, text: str, times: list[Mention], g: Any) -> bool:
    """CasualtiesReported: on the incident drafted last, by the speaker, ranges from the words."""
    counts = tolls(text)
    fact.data = {"by": b.cast.use(fact.statement.speaker) if fact.statement.speaker else None}
    for name, q in counts.items():
        toll = {"text": q.text, "low": q.low, "high": q.high}
        fact.data[name] = {k: v for k, v in toll.items() if v is not None}
        fact.note(f"{name}: {q.why} (inferred from the words)", "medium")
    when = next((m for m in times if m.value is not None), None)
    if when is not None:
        fact.occurred = {"value": when.value, "text": when.span.text}
        fact.note(f"occurred: {when.why}", when.confidence)
    last = next((f for f in reversed(b.facts) if f.type == "IncidentReported"), None)
    if last is None:
        fact.stream = new_stream(
            "incident", f"toll {statement_words(fact.quote, fact.statement)}", b.facts
        )
        fact.note("no incident drafted before it: a stream of its own; point it at one", "low")
    else:
        fact.stream = last.stream
        fact.note(f"on the incident drafted last ({last.stream})", "low")
    return True


def _happened(b: Builder, fact: Candidate, times: list[Mention]) -> None:
    # a dateline's date is when the story was filed; a clock time says more than a day
    line = DATELINE.match(fact.quote.text)
    after = fact.quote.start + (line.end() if line else 0)
    later = [m for m in times if m.span.start >= after and (m.value or m.clock)]
    when = next((m for m in later if m.clock), None) or next((m for m in later if m.value), None)
    if when is None:
        day = b.published.isoformat()
        fact.data["happened"] = {"value": day, "text": "the publication day"}
        fact.note("happened: no time written; the publication day", "low")
    else:
        value = when.on_day(b.published) if when.clock else when.value
        fact.data["happened"] = {"value": value, "text": when.span.text}
        fact.note(f"happened: {when.why}", when.confidence)
    fact.occurred = dict(fact.data["happened"])


def _acting(b: Builder, text: str, key: str) -> bool:
    """Whether the state is the subject: named (or its forces) before the incident's verb."""
    verb = INCIDENT.search(text)
    first = next((m for m in b.cast.mentions(text) if m.key == key), None)
    if verb is None or first is None or first.start >= verb.start():
        return False
    # "Residents of Kyiv" names a city, not the state acting
    return first.adjective or text[first.start : first.end] == b.cast.actors[key].name


def _place(text: str, stored: dict[str, str]) -> tuple[str | None, str | None, str]:
    """The first name after a preposition that the store, the states' list or the gazetteer
    knows: the name, the stored place's id if it is one, and why."""
    for m in _PLACE.finditer(text):
        name = m["name"]
        if name in stored:
            return name, stored[name], f"location {name}: {stored[name]}, already in the store"
        if name in gazetteer.STATES:
            return name, None, f"location {name}: a country in the starting list"
        found = cities.suggest(name, limit=1)
        if found:
            c = found[0]
            return (
                name,
                None,
                (
                    f"location {name}: {c.name}, {c.country} in the gazetteer "
                    f"(GeoNames {c.geonameid}); add its PlaceIdentified and set place"
                ),
            )
    return None, None, "location: no place the gazetteer knows in the words"
