"""A fold that cannot take one stored event names it and folds the stream without it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from crisis_timeline.events import Attribution, Event, Evidence
from crisis_timeline.projections.base import FoldWarning, Row
from crisis_timeline.projections.guard import guarded, guarded_row
from crisis_timeline.time import parse_partial


def event(position: int, text: str) -> Event:
    return Event(
        id=f"00000000-0000-4000-8000-{position:012d}",
        stream="context/test",
        version=position,
        position=position,
        type="HistoricalContextNoted",
        schema_version=1,
        data={"summary": text},
        occurred=None,
        reported=parse_partial("2021-12-30"),
        evidence=(Evidence(source="source/t", quote=text, attribution=Attribution.REPORTER),),
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        recorded_by="t",
        prev_hash="0" * 64,
        hash="1" * 64,
    )


def summaries(events: Sequence[Event]) -> list[Row]:
    """A fold that needs every summary to be a number."""
    return [Row("total", {"total": sum(int(e.data["summary"]) for e in events)})]


def test_the_event_a_fold_cannot_take_is_named_and_left_out() -> None:
    events = [event(1, "2"), event(2, "two"), event(3, "5")]
    with pytest.warns(FoldWarning) as caught:
        rows = guarded("totals", summaries)(events)
    assert rows == [Row("total", {"total": 7})]
    assert [str(w.message) for w in caught] == [
        "view totals: event 00000000-0000-4000-8000-000000000002 "
        "(position 2, HistoricalContextNoted in context/test) cannot be folded "
        "(ValueError: invalid literal for int() with base 10: 'two'); the view leaves it out"
    ]


def test_a_row_an_event_cannot_give_is_left_out() -> None:
    def row(e: Event) -> Row:
        return Row(str(e.id), {"n": int(e.data["summary"])})

    with pytest.warns(FoldWarning, match="position 1, HistoricalContextNoted"):
        assert guarded_row("numbers", row)(event(1, "one")) is None
    assert guarded_row("numbers", row)(event(2, "2")) == Row(str(event(2, "2").id), {"n": 2})
