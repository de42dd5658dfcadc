"""A guessed type for each statement, from its words: meetings, forces, demands, claims, context."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MEETING = re.compile(
    r"\b(?P<mod>video|phone|virtual|telephone)?\s*(?P<noun>calls?|talks|meetings?|sessions?|conferences?|summits?|speak|meet)\b",
    re.I,
)
_KINDS = (
    ("video_call", r"video|virtual"),
    ("call", r"call|speak|phone"),
    ("session", r"session"),
    ("conference", r"conference"),
    ("summit", r"summit"),
    ("meeting", r"."),
)
_FUTURE = re.compile(
    r"\b(?:to hold|set to|scheduled|slated|will|due to|ahead of|plans? to|to meet|to speak|"
    r"upcoming|expected to hold)\b",
    re.I,
)
_HELD = re.compile(r"\b(?:holds|held|met|spoke|talked|took place|hosted)\b", re.I)
_REQUESTED = re.compile(
    r"\b(?:requested|asked for)\s+by\s+(?P<who>[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+)*)", re.I
)
_READOUT = re.compile(
    r"\b(?:provide|publish|release|issue)\s+(?:their|its|a|his|her)\s+(?:summar(?:y|ies)|readouts?)\b",
    re.I,
)
_AGENDA = re.compile(
    r"\b(?:with (?P<top>.+?) topping the agenda"
    r"|(?:will|to) discuss (?:a range of topics, including )?(?P<list>.+?)[.]?$)",
    re.I,
)
_FORCE_UP = re.compile(
    r"\b(?:mass(?:ing|ed|es)?|build-?up|amass(?:ing|ed)?|deploy(?:ing|ed)?|send(?:s|ing)?|sent|reinforc\w*)\b",
    re.I,
)
_FORCE_DOWN = re.compile(
    r"\b(?:pull(?:ing|ed|s)? back|withdr[ae]w\w*|pullback|pulling out|retreat\w*)\b", re.I
)
_UNIT = re.compile(
    r"^(?:\s+of)?\s+(?P<unit>troops|soldiers|personnel|servicemen|forces|tanks|warships|aircraft|jets)\b",
    re.I,
)
_DEMAND = re.compile(
    r"\b(?:wants|demand(?:s|ed)?|calls? for|called for|insist(?:s|ed)? on)\b", re.I
)
_REJECT = re.compile(r"\b(?:non-starters?|rejects?|rejected|refused?|dismiss(?:es|ed)?)\b", re.I)
_DOUBT = re.compile(
    r"\b(?:little evidence|no evidence|no sign|not seen|dismiss\w*|den(?:y|ied|ies)|doubt\w*)\b",
    re.I,
)
_WARNING = re.compile(
    r"\b(?:warn\w*|threat\w*|fears?|will take .* action|in the case of|sanctions|retaliat\w*)\b",
    re.I,
)
_INCIDENT = re.compile(
    r"\b(?:killed|dead|wounded|injured|casualties|shell(?:ed|ing)|struck|explosions?|attacked|fired)\b",
    re.I,
)
_CONTEXT_LEAD = re.compile(r"^(?:following|after|since|and)\b", re.I)


@dataclass(frozen=True)
class Guess:
    """A fact type (and for claims a modality), and why."""

    type: str
    why: str
    confidence: str
    modality: str | None = None
    kind: str | None = None


def _said(rx: re.Pattern[str], text: str) -> str:
    """The words a rule matched, for the note."""
    m = rx.search(text)
    return m.group() if m else ""


def meeting_kind(text: str) -> str | None:
    """The kind of the meeting the words speak of, or None if they speak of none."""
    m = _MEETING.search(text)
    if m is None:
        return None
    words = m.group()
    return next(k for k, rx in _KINDS if re.search(rx, words, re.I))


def guess(
    text: str,
    verb_modality: str | None,
    has_past_date: bool,
    has_future_date: bool,
    context_kind: str | None = None,
) -> Guess:
    """A statement's type from its words and dates (context_kind: a meeting its sentence names)."""
    kind = meeting_kind(text)
    if (kind or context_kind) and _REQUESTED.search(text):
        return Guess(
            "MeetingRequested", f"{_said(_REQUESTED, text)!r}", "high", kind=kind or context_kind
        )
    if _AGENDA.search(text) and not re.search("topping the agenda", text):
        return Guess("MeetingAgendaReported", "topics to be discussed", "medium")
    if kind and _HELD.search(text) and has_past_date:
        return Guess(
            "MeetingHeld",
            f"a {kind} that took place ({_said(_HELD, text)!r}) on a past date",
            "medium",
            kind=kind,
        )
    if _READOUT.search(text):
        return Guess("ReadoutExpected", f"{_said(_READOUT, text)!r}", "high")
    if kind and (_FUTURE.search(text) or has_future_date) and not verb_modality:
        return Guess("MeetingScheduled", f"a {kind} with words of a plan", "medium", kind=kind)
    if kind and _HELD.search(text) and (has_past_date or not _FUTURE.search(text)):
        return Guess(
            "MeetingHeld", f"a {kind} that took place ({_said(_HELD, text)!r})", "medium", kind=kind
        )
    force = force_direction(text)
    if force:
        return Guess(
            force,
            "troop numbers with words of " + ("a build-up" if "BuildUp" in force else "a pullback"),
            "medium",
        )
    if _DEMAND.search(text) and verb_modality in (None, "demand"):
        return Guess("DemandMade", f"{_said(_DEMAND, text)!r}", "medium")
    if _REJECT.search(text) and re.search(r"\bdemands?\b", text, re.I):
        return Guess("DemandRejected", f"{_said(_REJECT, text)!r} of demands", "medium")
    if _CONTEXT_LEAD.match(text) and has_past_date:
        return Guess("HistoricalContextNoted", "an earlier event the article recalls", "medium")
    return _claim(text, verb_modality)


def _claim(text: str, verb_modality: str | None) -> Guess:
    if verb_modality:
        return Guess(
            "ClaimMade",
            f"a claim; modality {verb_modality} from the verb",
            "medium",
            modality=verb_modality,
        )
    if _INCIDENT.search(text):
        return Guess(
            "ClaimMade",
            f"an incident ({_said(_INCIDENT, text)!r})",
            "low",
            modality="assertion",
        )
    if _WARNING.search(text):
        return Guess(
            "ClaimMade", f"a claim; warning ({_said(_WARNING, text)!r})", "low", modality="warning"
        )
    if re.search(r"\b(?:will|expects?|expected)\b", text):
        return Guess(
            "ClaimMade", "a claim; expectation (future tense)", "low", modality="expectation"
        )
    return Guess("ClaimMade", "a claim; assertion (no other cue)", "low", modality="assertion")


def force_direction(text: str) -> str | None:
    """ForceBuildUpReported or ForceWithdrawalReported when the words report troops moving."""
    if not re.search(r"\b(?:troops|soldiers|forces|personnel|servicemen|tanks)\b", text, re.I):
        return None
    if _FORCE_DOWN.search(text):
        return "ForceWithdrawalReported"
    if _FORCE_UP.search(text):
        return "ForceBuildUpReported"
    return None


def unit_after(text: str) -> str | None:
    """The unit right after a number ("tens of thousands of troops" gives troops), if any."""
    m = _UNIT.match(text)
    return m["unit"].lower() if m else None


def disputes(text: str) -> bool:
    """Whether a statement doubts a report it mentions ("little evidence", "denied")."""
    return bool(_DOUBT.search(text))


def agenda(text: str) -> list[str]:
    """The topics a statement says a meeting will cover."""
    m = _AGENDA.search(text)
    if m is None:
        return []
    if m["top"]:
        return [m["top"].strip()]
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[a-z]+ing\b|the\b)", m["list"])
    return [p.strip(" .") for p in parts if p.strip(" .")]


def requested_by(text: str) -> str | None:
    """The words naming who asked for a meeting."""
    m = _REQUESTED.search(text)
    return m["who"] if m else None
