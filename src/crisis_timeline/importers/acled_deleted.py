"""ACLED's deleted-events list (event_id_cnty, deleted_timestamp): retractions of what it names."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from crisis_timeline.events import Attribution, Evidence
from crisis_timeline.events.corrections import EventRetracted
from crisis_timeline.events.envelope import Event
from crisis_timeline.importers.acled_events import ACLED_ACTOR, FACTS, incident_stream, known_at
from crisis_timeline.importers.acled_rows import Fields
from crisis_timeline.importers.common import FileImport, Pending, event_id, new_event
from crisis_timeline.importers.reading import RawRow, RowProblem
from crisis_timeline.importers.report import AcledReport
from crisis_timeline.projections.base import effective, in_knowledge_order
from crisis_timeline.store.appending import Appending

PUBLISHER = "ACLED (Armed Conflict Location & Event Data), deleted events"
PUBLISHED_WORDS = "the rows' deleted_timestamp, first to last"


Deletion = tuple[RawRow, str, datetime]


def deletions(done: AcledReport) -> FileImport[Deletion, dict[str, list[Event]]]:
    """How the list is imported: each id the store holds has its incident and toll retracted."""
    return FileImport(
        PUBLISHER, PUBLISHED_WORDS, _deletion, _when, _stored, partial(_retract, done=done)
    )


def _deletion(raw: RawRow) -> Deletion:
    if raw.problem:
        raise RowProblem(raw.line, "row", raw.problem)
    f = Fields(raw)
    return raw, f.text("event_id_cnty"), f.timestamp("deleted_timestamp")


def _when(row: Deletion) -> datetime:
    return row[2]


def _stored(rows: list[Deletion], into: Appending) -> dict[str, list[Event]]:
    return into.stream_events(incident_stream(acled_id) for _raw, acled_id, _when in rows)


def _retract(
    row: Deletion, stored: dict[str, list[Event]], pending: Pending, source: str, done: AcledReport
) -> None:
    raw, acled_id, when = row
    events = stored.get(incident_stream(acled_id))
    if not events:
        done.not_found += 1
        return
    standing = {str(e.id) for e in effective(in_knowledge_order(events))}
    quote = raw.text.rstrip("\r\n")
    cited = Evidence(
        source=source,
        quote=quote,
        span=(raw.offset, raw.offset + len(quote)),
        attributed_to=ACLED_ACTOR,
        attribution=Attribution.NAMED,
    )
    targets = [str(event_id("acled", acled_id, key)) for key in FACTS]
    for target in (t for t in targets if t in standing):
        payload = EventRetracted(retracts=target, reason=f"ACLED deleted {acled_id} from its data")
        key = ("acled", acled_id, "retracted", target)
        pending.add(
            new_event(
                payload, incident_stream(acled_id), key, reported=known_at(when), evidence=(cited,)
            )
        )
    done.deleted += 1
