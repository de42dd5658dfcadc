"""The draft fixture: source block, actors and candidate facts, each guess with a `draft:` note."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from crisis_timeline.draft.actors import Actor, Cast, slug
from crisis_timeline.draft.extract import Article, DraftError
from crisis_timeline.draft.facts import Builder, Candidate
from crisis_timeline.draft.kinds import KINDS
from crisis_timeline.draft.notes import NOTE
from crisis_timeline.quotes import occurrences, sha256_text
from crisis_timeline.time import PartialTime, TimeParseError, parse_partial

_CREDIT = re.compile(
    r"\bvia (?P<a>[A-Z]{2,})\b|\((?P<b>Reuters|AP|AFP|Bloomberg)\)|^(?P<c>REUTERS|AP|AFP)/", re.M
)
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .,/'’-]{2,}?)\s*\((?P<outlet>[^)]+)\)\s*[-–—]", re.M)
_BYLINE = re.compile(r"^By (?P<names>[A-Z][\w.’' -]+(?: and [A-Z][\w.’' -]+)?)$", re.M)


def note(confidence: str, why: list[str] | str) -> dict[str, Any]:
    """A draft note: how sure the guess is, and what it rests on."""
    return {"confidence": confidence, "why": why if isinstance(why, list) else [why]}


def publication(option: str | None, article: Article, where: str) -> PartialTime:
    """The publication time: the option, else the page's own; DraftError if neither parses."""
    value, origin = (
        (option, "--published")
        if option
        else (article.published, f"{where}: the page's publication time")
    )
    if not value:
        raise DraftError(
            f"{where}: no publication time in the file; "
            "give --published (e.g. --published 2021-12-30)"
        )
    try:
        return parse_partial(value, value)
    except TimeParseError as e:
        raise DraftError(
            f"{origin}: {e} (give a date such as 2021-12-30 or a time such as 2021-12-30T19:57Z)"
        ) from None


def draft_document(
    article: Article,
    published: PartialTime,
    *,
    publisher: str | None,
    title: str | None,
    known: list[Actor],
    text_file: str,
    places: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The whole fixture document for an article."""
    assert published.start is not None
    day = published.start.date()
    cast = Cast(known)
    cast.places = dict(places or {})
    cast.find_people(article.text)
    source, outlet = _source(article, published, publisher, title, text_file, cast)
    facts = Builder(article.text, day, cast, KINDS).build()
    written = _facts(facts, article.text, day, outlet, source["id"])
    actors = _actors(cast, article.text, outlet)
    return {"source": source, "actors": actors, "facts": written}


def _source(
    article: Article,
    published: PartialTime,
    publisher: str | None,
    title: str | None,
    text_file: str,
    cast: Cast,
) -> tuple[dict[str, Any], str]:
    text = article.text
    publisher, why = _publisher(publisher, article)
    headline = title or article.title or _headline(text)
    why.append(
        "title: "
        + (
            "given with --title"
            if title
            else "the page's title"
            if article.title
            else "the first line"
        )
    )
    byline = list(article.byline) or (
        [n.strip() for n in re.split(r" and ", m["names"])] if (m := _BYLINE.search(text)) else []
    )
    dateline = _DATELINE.search(text)
    why.append(
        "rating: F6, not yet rated "
        "(F: reliability cannot be judged, 6: truth cannot be judged); rate it"
    )
    outlet = cast.named(publisher) or _outlet(cast, publisher)
    cast.use(outlet)
    source: dict[str, Any] = {
        "id": slug(f"{publisher} {published.value[:10]} {' '.join(headline.split()[:6])}"),
        "publisher": publisher,
        "title": headline,
        "byline": byline,
        "dateline": dateline["place"].strip() if dateline else None,
        "published": {"value": published.value, "text": published.text},
        "url": article.url,
        "sha256": sha256_text(text),
        "language": "en",
        "text_file": text_file,
        "rating": {
            "reliability": "F",
            "credibility": 6,
            "rated_by": "crisis draft",
            "rationale": "Not rated yet: the reviewer rates the source and the information.",
        },
    }
    if headline in text:
        source["evidence"] = [
            _evidence(text, headline, text.index(headline), "reporter", f"actor/{outlet}")
        ]
    source[NOTE] = note("low" if "unknown" in publisher else "medium", why)
    return source, outlet


def _publisher(given: str | None, article: Article) -> tuple[str, list[str]]:
    """The outlet: as given, else the page's site name, the dateline's or the picture credit's."""
    dateline, credit = _DATELINE.search(article.text), _CREDIT.search(article.text)
    if given:
        return given, ["publisher: given with --publisher"]
    if article.publisher:
        return article.publisher, ["publisher: the page's site name"]
    if dateline:
        return dateline["outlet"].strip(), [
            f"publisher: from the dateline {dateline.group().strip()!r}"
        ]
    if credit:
        word = next(g for g in credit.groups() if g)
        return (word if len(word) <= 3 else word.title()), [
            f"publisher: from the credit {credit.group().strip()!r}"
        ]
    return "unknown publisher", ["publisher: not found; give --publisher"]


def _outlet(cast: Cast, publisher: str) -> str:
    actor = Actor(
        slug(publisher),
        publisher,
        "organisation",
        description="the outlet that published this article",
        why="the publisher of the source",
    )
    cast.actors.setdefault(actor.key, actor)
    return actor.key


def _headline(text: str) -> str:
    first = text.strip().splitlines()[0].strip()
    return first if len(first.split()) <= 20 else " ".join(first.split()[:12]) + " …"


def _evidence(
    text: str, quote: str, start: int, attribution: str, who: str | None
) -> dict[str, Any]:
    ev: dict[str, Any] = {"quote": quote}
    if len(occurrences(text, quote)) > 1:
        ev["span"] = [start, start + len(quote)]
    ev["attribution"] = attribution
    if who is not None:
        ev["attributed_to"] = who
    return ev


def _facts(
    facts: list[Candidate], text: str, day: date, outlet: str, source_id: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    keys: set[str] = set()
    for fact in facts:
        data = dict(fact.data)
        if fact.meeting is not None:
            m = fact.meeting
            base = {"title": m.title(), "kind": m.kind, "participants": m.participants}
            if fact.type in ("MeetingScheduled", "MeetingHeld", "MeetingRequested"):
                data = {**base, **data}
            if fact.type in ("MeetingScheduled", "MeetingHeld"):
                when = m.time(day)
                data["scheduled" if fact.type == "MeetingScheduled" else "held"] = when
                fact.note(
                    "; ".join(m.whys) or "time: none written; from the publication day on",
                    "medium" if m.whys else "low",
                )
                if fact.type == "MeetingHeld" and when["value"][:1].isdigit():
                    fact.occurred = dict(when)
        item: dict[str, Any] = {"key": _key(fact, keys), "type": fact.type, "stream": fact.stream}
        if fact.occurred:
            item["occurred"] = fact.occurred
        item["data"] = data
        item["evidence"] = [_quote(text, f, outlet) for f in [fact, *fact.joined]]
        item[NOTE] = note(fact.confidence, fact.why + [w for f in fact.joined for w in f.why[1:]])
        out.append(item)
    return out


def _quote(text: str, fact: Candidate, outlet: str) -> dict[str, Any]:
    st = fact.statement
    who = (
        f"actor/{st.speaker}"
        if st.speaker
        else (f"actor/{outlet}" if st.attribution == "reporter" else None)
    )
    return _evidence(text, fact.quote.text, fact.quote.start, st.attribution, who)


def _key(fact: Candidate, keys: set[str]) -> str:
    tail = fact.stream.split("/", 1)[-1][:48].strip("-")
    short = re.sub(r"(?<!^)(?=[A-Z])", "-", fact.type).lower()
    base = f"{tail}-{short.split('-')[-1]}"
    key, n = base, 2
    while key in keys:
        key, n = f"{base}-{n}", n + 1
    keys.add(key)
    return key


def _actors(cast: Cast, text: str, outlet: str) -> list[dict[str, Any]]:
    pending = sorted(cast.used)
    while True:
        more = {
            a.affiliation.removeprefix("actor/")
            for k in pending
            if (a := cast.actors[k]).affiliation
        } - set(pending)
        if not more:
            break
        pending = sorted(set(pending) | more)
    out = []
    for key in pending:
        actor = cast.actors[key]
        if actor.known:
            continue
        out.append(_actor(actor, text, cast, outlet))
    return out


def _actor(actor: Actor, text: str, cast: Cast, outlet: str) -> dict[str, Any]:
    item: dict[str, Any] = {"key": actor.key, "name": actor.name, "kind": actor.kind}
    for name in ("description", "affiliation"):
        if getattr(actor, name):
            item[name] = getattr(actor, name)
    if actor.titles:
        item["titles"] = list(actor.titles)
    if actor.aliases:
        item["aliases"] = [
            a for a in actor.aliases if re.search(rf"(?<![\w.]){re.escape(a)}(?!\w)", text)
        ] or list(actor.aliases[:1])
    at = next((m for m in cast.mentions(text) if m.key == actor.key and not m.adjective), None)
    words = actor.description or actor.name
    if at is not None:
        item["evidence"] = [
            _evidence(text, text[at.start : at.end], at.start, "reporter", f"actor/{outlet}")
        ]
    elif words in text:
        item["evidence"] = [
            _evidence(text, words, text.index(words), "reporter", f"actor/{outlet}")
        ]
    item[NOTE] = note(
        "medium" if actor.kind != "anonymous" else "high", actor.why or "named in the text"
    )
    return item
