"""How each guessed type is filled in from its statement: participants, times, sizes, claimants."""

from __future__ import annotations

import re

from crisis_timeline.draft import classify, incidents
from crisis_timeline.draft.facts import (
    Builder,
    Candidate,
    Kind,
    at_cue,
    merge,
    new_stream,
    statement_words,
)
from crisis_timeline.draft.meetings import Meeting
from crisis_timeline.draft.numbers import quantities
from crisis_timeline.draft.timex import Mention

_LOCATION = re.compile(
    r"\b(?:near|along|on|at|from|into|in|inside)\s+(?:its|the|their|[A-Z]\w+’s)?\s*(?:border|frontier|territory|region|city|town)\b"
    r"[^,.;]*?(?=\s+(?:in the past|over the|since|in \d|on [A-Z]|last|this)\b|[,.;]|$)"
    r"|\b(?:near|along|inside|into|in)\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
)
"""Where forces are: "near its border with Ukraine", "near Ukraine", "in the Donbas"."""
Guess = classify.Guess
DATELINE = re.compile(r"^[A-Z][A-Z .,/'’-]{2,}?\s*\([^)]+\)\s*[-–—]")
"""A wire dateline, "GENEVA (Example Wire) -": place and outlet take no part in what follows."""


def _blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) blanked (offsets kept)."""
    start, end = max(0, start), min(len(text), end)
    return text[:start] + " " * (end - start) + text[end:]


def meeting(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """MeetingScheduled or MeetingHeld: one fact per meeting, however many sentences speak of it."""
    kind = guess.kind or "meeting"
    cue = fact.statement.cue
    if cue is not None and fact.statement.attribution != "reporter":
        text = _blank(text, cue.start - fact.quote.start, cue.end - fact.quote.start)
    text = DATELINE.sub(lambda m: " " * len(m.group()), text)
    scope = text.split("ahead of", 1)[-1]
    offset = fact.quote.start + len(text) - len(scope)
    scope = re.split(r",?\s+\b(?:amid|as|while|after|following)\b", scope, maxsplit=1)[0]
    keys = [k for k in b.about(scope, offset) if b.cast.actors[k].kind != "anonymous"]
    people = [k for k in keys if b.cast.actors[k].kind == "person"]
    keys = people if len(people) >= 2 else keys
    status = "held" if guess.type == "MeetingHeld" else "scheduled"
    found = b.meetings.find(text, kind, [f"actor/{k}" for k in keys], status)
    if found is not None and found.status == status:
        merge(b.facts, found, fact)
        found.take(times)
        return False
    names = [
        b.cast.actors[k].name.split()[-1]
        if b.cast.actors[k].kind == "person"
        else b.cast.actors[k].name
        for k in keys
    ]
    fact.meeting = b.meetings.add(Meeting(kind, [b.cast.use(k) for k in keys], names, status))
    fact.meeting.take(times)
    fact.data = {"kind": kind, "participants": fact.meeting.participants}
    return True


def requested(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """MeetingRequested: on the meeting the sentence speaks of, by whoever asked for it."""
    target = b.meetings.last()
    who = b.cast.named(classify.requested_by(text) or "")
    if target is None or who is None:
        return claim(
            b,
            fact,
            text,
            times,
            Guess("ClaimMade", "a request for no meeting found", "low", modality="assertion"),
        )
    fact.meeting = target
    fact.data = {"requested_by": b.cast.use(who)}
    fact.note(f"on the {target.kind} spoken of last ({target.title()})", "medium")
    return True


def readout(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """ReadoutExpected: who is to publish a summary of the meeting spoken of last."""
    target = b.meetings.last()
    by = [
        b.cast.use(k)
        for k in b.about(text, fact.quote.start)
        if b.cast.actors[k].kind in ("organisation", "state", "person")
    ]
    if target is None or not by:
        return claim(
            b,
            fact,
            text,
            times,
            Guess("ClaimMade", "a readout of no meeting found", "low", modality="expectation"),
        )
    fact.meeting, fact.data = target, {"by": by}
    fact.note(f"on the {target.kind} spoken of last ({target.title()})", "medium")
    return True


def agenda(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """MeetingAgendaReported: the topics, as written."""
    target = b.meetings.last()
    topics = classify.agenda(text)
    if target is None or not topics:
        return False
    fact.meeting, fact.data = target, {"topics": topics}
    fact.note(f"on the {target.kind} spoken of last ({target.title()})", "medium")
    return True


def force(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """A force report: who, where, how many (low/high from the words), when."""
    found = [(q, classify.unit_after(text[q.end :])) for q in quantities(text)]
    size = next(((q, u) for q, u in found if u), None)
    states = [k for k in b.about(text, fact.quote.start) if b.cast.actors[k].kind == "state"]
    if size is None or not states:
        return claim(
            b,
            fact,
            text,
            times,
            Guess(
                "ClaimMade",
                "a force report without a size or an actor",
                "low",
                modality="assertion",
            ),
        )
    q, unit = size
    place = _LOCATION.search(text)
    fact.data = {
        "actor": b.cast.use(states[0]),
        "location": place.group().strip() if place else "not given",
        "size_text": f"{q.text} of {unit}"
        if q.text.lower().endswith("s") and not q.text[-1].isdigit()
        else f"{q.text} {unit}",
        "low": q.low,
        "high": q.high,
        "unit": unit,
    }
    fact.note(f"size: {q.why}", "high" if q.low is not None else "medium")
    fact.note(f"actor {states[0]}: the first state named", "medium")
    if place is None:
        fact.note("location: none found in the words", "low")
    cue = fact.statement.cue
    when = next(
        (
            m
            for m in times
            if m.value is not None
            and m.kind in ("past", "date", "relative", "weekday", "year", "month")
            and not (cue is not None and cue.start <= m.span.start < cue.end)
        ),
        None,
    )
    if when is not None:
        fact.data["period"] = {"value": when.value, "text": when.span.text}
        fact.occurred = dict(fact.data["period"])
        fact.note(f"period and occurred: {when.why}", when.confidence)
    fact.stream = f"force/{states[0]}-{'build-up' if 'BuildUp' in fact.type else 'withdrawal'}"
    if fact.statement.attribution == "unattributed":
        _rests_on_report(b, fact, text, times)
    return True


def _rests_on_report(b: Builder, fact: Candidate, text: str, times: list[Mention]) -> None:
    """An unattributed force figure is a claim first: draft the claim, point the report at it."""
    report = Candidate("ClaimMade", fact.quote, fact.statement)
    report.note("type ClaimMade: the report the force figure rests on", "medium")
    report.note(
        f"attribution {fact.statement.attribution}: {fact.statement.why}", fact.statement.confidence
    )
    claim(b, report, text, times, Guess("ClaimMade", "", "medium", modality="assertion"))
    b.facts.append(report)
    fact.data["claim"] = report.stream
    fact.note(f"rests on the unattributed report {report.stream}", "medium")


def demand(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """DemandMade: by the speaker; the demand as written after "wants" or "demands"."""
    st = fact.statement
    if st.speaker is None:
        return claim(
            b,
            fact,
            text,
            times,
            Guess("ClaimMade", "a demand with no one making it", "low", modality="demand"),
        )
    m = re.search(
        r"\b(?:wants|demand(?:s|ed)?|calls? for|called for|insist(?:s|ed)? on)\s+(?P<what>.+)$",
        text,
    )
    what = (m["what"] if m else text).strip(" .")
    fact.data = {"by": b.cast.use(st.speaker), "addressee": None, "demand": what}
    fact.stream = new_stream("demand", what, b.facts)
    fact.note("addressee: not guessed", "low")
    return True


def rejected(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """DemandRejected: of the demand made last in the draft, by the speaker."""
    st = fact.statement
    made = [f for f in b.facts if f.type == "DemandMade"]
    if st.speaker is None or not made:
        return claim(
            b,
            fact,
            text,
            times,
            Guess("ClaimMade", "a rejection of no demand found", "low", modality="position"),
        )
    fact.data = {"by": b.cast.use(st.speaker), "statement": statement_words(fact.quote, st)}
    fact.stream = made[-1].stream
    fact.note(f"of the demand made last ({made[-1].stream})", "low")
    return True


def context(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """HistoricalContextNoted: what the article recalls, and when it happened."""
    actors = [b.cast.use(k) for k in b.about(text, fact.quote.start)]
    summary = re.sub(r"^(?:following|after|since|and)\s+", "", text.strip(" .,"), flags=re.I)
    fact.data = {"summary": summary[:1].upper() + summary[1:] + ".", "actors": actors}
    fact.stream = new_stream("context", summary, b.facts)
    when = next((m for m in times if m.value is not None), None)
    if when is not None:
        fact.occurred = {"value": when.value, "text": when.span.text}
        fact.note(f"occurred: {when.why}", when.confidence)
    return True


def claim(b: Builder, fact: Candidate, text: str, times: list[Mention], guess: Guess) -> bool:
    """ClaimMade (or ClaimDisputed of a report the sentence doubts), with claimant and about."""
    st = fact.statement
    recalled = any(m.value and m.value[:4] < str(b.published.year) for m in times)
    plain = guess.modality in (None, "assertion") and not recalled
    happened = incidents.guess(text) if plain else None
    if happened is not None and fact.type == "ClaimMade" and st.modality_hint is None:
        fact.type, fact.why[0] = happened.type, f"type {happened.type}: {happened.why}"
        return KINDS[happened.type](b, fact, text, times, happened)
    fact.type = "ClaimMade"
    doubted = next(
        (
            s
            for (a, z), s in b.claims.items()
            if fact.quote.start <= a
            and z <= fact.quote.end
            and (a, z) != (fact.quote.start, fact.quote.end)
        ),
        None,
    )
    if doubted and classify.disputes(text):
        fact.type, fact.stream = "ClaimDisputed", doubted
        fact.data = {
            "by": b.cast.use(st.speaker) if st.speaker else None,
            "statement": statement_words(fact.quote, st),
        }
        fact.note(f"disputes the report {doubted} ('{classify.disputes.__name__}')", "medium")
        return True
    holder = st.holder or st.speaker
    speaker = b.cast.use(holder) if holder else None
    if st.holder:
        fact.note(f"claimant {st.holder}: whose view the outlet reports", "low")
    about = [
        b.cast.use(k)
        for k in b.about(text, fact.quote.start, holder)
        if b.cast.actors[k].kind != "anonymous"
    ]
    statement = statement_words(fact.quote, st)
    fact.data = {
        "statement": statement,
        "modality": guess.modality or "assertion",
        "claimant": speaker,
        "about": about,
    }
    fact.stream = new_stream("claim", statement, b.facts)
    b.claims[(fact.quote.start, fact.quote.end)] = fact.stream
    incident = "incident" in guess.why
    when = (times[0] if times else None) if incident else at_cue(times, st.cue)
    if when is not None and when.value is not None:
        fact.occurred = {"value": when.value, "text": when.span.text}
        fact.note(f"occurred: {when.why}", when.confidence)
    for q in quantities(text) if incident else []:
        fact.note(f"number {q.why} (low {q.low}, high {q.high})", "medium")
    if guess.modality == "denial" and speaker:
        _dispute(b, fact, speaker)
    return True


def _dispute(b: Builder, denial: Candidate, by: str) -> None:
    """A denial of an earlier claim's words also disputes that claim (a guess from shared words)."""
    words = _content(denial.data["statement"])
    earlier = [
        f
        for f in b.facts
        if f.type == "ClaimMade" and len(words & _content(f.data["statement"])) >= 2
    ]
    if not earlier:
        return
    target = earlier[-1]
    dispute = Candidate("ClaimDisputed", denial.quote, denial.statement, stream=target.stream)
    dispute.data = {"by": by, "statement": denial.data["statement"]}
    shared = sorted(words & _content(target.data["statement"]))
    dispute.note(
        f"type ClaimDisputed: the denial shares the words {shared} with {target.stream}", "low"
    )
    dispute.note(
        f"attribution {denial.statement.attribution}: {denial.statement.why}",
        denial.statement.confidence,
    )
    b.facts.append(dispute)


def _content(statement: str) -> set[str]:
    """The longer words of a statement, lower case."""
    return {
        w
        for w in re.findall(r"[a-z’'-]{5,}", statement.lower())
        if w not in ("which", "would", "there", "their", "about")
    }


KINDS: dict[str, Kind] = {
    "MeetingScheduled": meeting,
    "MeetingHeld": meeting,
    "MeetingRequested": requested,
    "ReadoutExpected": readout,
    "MeetingAgendaReported": agenda,
    "ForceBuildUpReported": force,
    "ForceWithdrawalReported": force,
    "DemandMade": demand,
    "DemandRejected": rejected,
    "HistoricalContextNoted": context,
    "ClaimMade": claim,
    "IncidentReported": incidents.incident,
    "CasualtiesReported": incidents.casualties,
}
