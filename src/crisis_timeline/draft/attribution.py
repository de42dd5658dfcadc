"""Who says what: the statements of a sentence, each with its attribution and speaker.

Named: "X said", "according to X", "X told reporters", "X denies", a quote then "said X".
Anonymous: the same with an unnamed speaker ("officials", "a senior Biden administration
official", "one of the U.S. officials, who declined to be named"). Unattributed: "a report (over
the weekend) that …". Reporter: the outlet's own statement, when nobody else speaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisis_timeline.draft.actors import Cast
from crisis_timeline.draft.sentences import Span

SPEECH = (
    r"said|says|say|told reporters|told [A-Z][\w.]+|tells|telling|stated|added|announced|"
    r"warned|warns|warning|denies|denied|deny|insists|insisted|argues|argued|claims|claimed|"
    r"accused|accuses|regards|regard|considers|compared|compares|wants|want|demanded|demands|"
    r"reported|confirmed|confirms|rejected|rejects|dismissed|believes|believe|noted|urged|urges|"
    r"called for|calls for|vowed|pledged|promised"
)
_AUX = r"(?:(?:has|have|had|is|are|was|were|will|would|also|repeatedly|again|previously)\s+)*"
_SUBJECT = re.compile(
    r"^(?:(?:But|And|Meanwhile|However|Still),?\s+)?"
    r"(?P<who>[^,“\"]{2,90}?)(?P<apposition>,[^,]{3,120},)?"
    rf"\s+{_AUX}(?P<verb>{SPEECH})\b"
    r"(?:\s+(?:on|last|early on|late on)\s+[A-Z]\w+)?(?:\s+(?:that\s+)?)?"
)
_QUOTE_THEN = re.compile(
    rf"^[“\"].+?[,?!.]?[”\"],?\s+(?:(?P<verb>{SPEECH})\s+(?P<who>.+?)|(?P<who2>[^,]+?)\s+(?P<verb2>{SPEECH}))[.]?$"
)
_THEN_SAID = re.compile(
    r",\s+(?P<who>[^,“\"]{2,90}?)"
    rf"\s+{_AUX}"
    r"(?P<verb>said|says|told reporters|told [A-Z][\w.]+|added|announced|reported|confirmed)"
    r"(?P<when>\s+(?:on|last|early on|late on)\s+\w+|\s+\w+day)?[.]?$"
)
_ACCORDING = re.compile(r",?\s+according to (?P<who>.+?)\.?$")
_WHICH_SAID = re.compile(rf",\s*(?P<clause>which (?P<who>[^,]+?) (?P<verb>{SPEECH}) [^,]+),")
_REPORT = re.compile(
    r"\b(?P<clause>(?:a|an|the|media|news)\s+(?:\w+\s+)?reports?\b(?P<when>[^,]*?)\s+that\s+(?:[^,.]|[,.](?=\d))+)"
)
_FEARS = re.compile(
    r"\b(?P<clause>amid (?:(?P<who>[A-Z][\w’'-]*) )?"
    r"(?P<noun>fears|concerns|worries|warnings) that [^,.]+)"
)
_WHAT_SAYS = re.compile(
    r"^(?P<clause>(?P<who>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*), "
    r"[^,]*?\bwhat (?:it|he|she|they) (?P<verb>says|said|calls|called) is [^,]+)"
)
_CREDIT = re.compile(r"^(?P<who>[^/]+?)/Handout via [A-Z]+$")
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|diplomats?|aides?|people|person|spokes(?:man|woman|person)|"
    r"analysts?|residents?|witnesses|who declined to be named|condition of anonymity)\b",
    re.I,
)
_NOBODY = re.compile(
    r"(?:(?:the|some|several|[A-Z]\w+|news|media|unconfirmed|local)\s+)*"
    r"(?:reports?|estimates?|figures|data|media reports)",
    re.I,
)
"""Words that name no speaker: "according to Western estimates" is unattributed."""
_PRONOUN = re.compile(r"^(?:it|they|he|she|we|this|that|which|who)$", re.I)
MODALITY = {
    "den": "denial",
    "warn": "warning",
    "fear": "warning",
    "concern": "warning",
    "worr": "warning",
    "compar": "comparison",
    "regard": "position",
    "consider": "position",
    "want": "demand",
    "demand": "demand",
    "call": "demand",
    "urg": "demand",
    "insist": "position",
    "vow": "expectation",
    "pledg": "expectation",
    "promis": "expectation",
    "reject": "position",
    "dismiss": "position",
}


@dataclass(frozen=True)
class Statement:
    """A piece of a sentence that says one thing, who says it, and the words that say who."""

    span: Span
    attribution: str
    speaker: str | None
    """An actor key, or None (reporter or unattributed)."""
    cue: Span | None
    why: str
    confidence: str
    verb: str = ""
    holder: str | None = None
    """Whose view it is, when the outlet reports it ("amid Western fears that …": the West)."""

    @property
    def modality_hint(self) -> str | None:
        """The modality the speech verb implies ("denies" a denial), if any."""
        return next((m for stem, m in MODALITY.items() if self.verb.lower().startswith(stem)), None)


def statements(sentence: Span, cast: Cast) -> list[Statement]:
    """The sentence's own statement, then those it embeds ("which X said …", "a report that …")."""
    main = _main(sentence, cast)
    embedded = []
    m = _WHICH_SAID.search(sentence.text)
    if m:
        who = _speaker(m["who"], cast)
        if who is not None:
            clause = sentence.sub(m.start("clause"), m.end("clause"))
            embedded.append(
                Statement(
                    clause,
                    who[0],
                    who[1],
                    clause,
                    f"{m['who']!r} {m['verb']} (relative clause)",
                    who[2],
                    m["verb"],
                )
            )
    m = _FEARS.search(sentence.text)
    holder = cast.named(m["who"]) if m and m["who"] else None
    if m:
        clause = sentence.sub(m.start("clause"), m.end("clause"))
        embedded.append(
            Statement(
                clause,
                "reporter",
                None,
                None,
                f"the outlet reports {m['who'] or 'the'} {m['noun']}",
                "low",
                m["noun"],
                holder,
            )
        )
    m = _WHAT_SAYS.search(sentence.text)
    who = _speaker(m["who"], cast) if m else None
    if m and who is not None:
        clause = sentence.sub(m.start("clause"), m.end("clause"))
        embedded.append(
            Statement(
                clause,
                who[0],
                who[1],
                None,
                f"{m['who']!r}: 'what it {m['verb']} is'",
                who[2],
                m["verb"],
            )
        )
    m = _REPORT.search(sentence.text)
    if m and main.attribution != "unattributed":
        clause = sentence.sub(m.start("clause"), m.end("clause"))
        cue = sentence.sub(m.start("clause"), m.start("when") + len(m["when"]))
        embedded.append(
            Statement(clause, "unattributed", None, cue, "a report nobody is named for", "high")
        )
    return [main, *embedded]


def _main(sentence: Span, cast: Cast) -> Statement:
    text = sentence.text
    for rx, label in (
        (_CREDIT, "photo credit"),
        (_QUOTE_THEN, "a quote, then who said it"),
        (_ACCORDING, "'according to'"),
        (_THEN_SAID, "who said it, at the end"),
    ):
        m = rx.search(text)
        if m:
            raw = m.groupdict()
            phrase = (raw.get("who") or raw.get("who2") or "").strip()
            who = _speaker(phrase, cast)
            if who is not None:
                start = m.start("who") if raw.get("who") else m.start("who2")
                if label.startswith("a quote"):
                    start = max(text.rfind("”", 0, start), text.rfind('"', 0, start)) + 1
                cue = sentence.sub(
                    m.start() if label in ("'according to'", "who said it, at the end") else start,
                    m.end(),
                )
                verb = raw.get("verb") or raw.get("verb2") or "said"
                return Statement(
                    sentence, who[0], who[1], cue, f"{label}: {phrase!r}", who[2], verb
                )
    m = _SUBJECT.search(text)
    if m:
        who = _speaker(m["who"], cast)
        if who is not None:
            cue = sentence.sub(0, m.end())
            return Statement(
                sentence,
                who[0],
                who[1],
                cue,
                f"{m['who'].strip()!r} {m['verb']}",
                who[2],
                m["verb"],
            )
    return Statement(
        sentence,
        "reporter",
        None,
        None,
        "no speaker in the sentence: the outlet's own words",
        "medium",
    )


def _speaker(phrase: str, cast: Cast) -> tuple[str, str | None, str] | None:
    """(attribution, actor key, confidence) for the words naming a speaker, or None for nobody."""
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.")
    if not phrase or _PRONOUN.match(phrase) or len(phrase.split()) > 14:
        return None
    if _NOBODY.fullmatch(phrase):
        return "unattributed", None, "medium"
    named = cast.named(phrase)
    if named is not None and not _ANONYMOUS.search(phrase):
        return "named", named, "high"
    if _ANONYMOUS.search(phrase):
        return "anonymous", cast.anonymous(phrase), "medium"
    ministry = re.fullmatch(
        r"(?:the\s+)?(?P<adj>[A-Z][\w’'-]+)\s+(?P<what>[a-z]+\s+ministry|government|embassy|army|military)",
        phrase,
        re.I,
    )
    if ministry:
        return "named", cast.organisation(phrase, ministry["adj"]), "medium"
    if re.fullmatch(r"(?:[A-Z][\w.’'-]+\s?){1,4}", phrase):
        return "named", cast.proposed(phrase), "low"
    return None
