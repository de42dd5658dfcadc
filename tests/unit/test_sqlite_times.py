"""SQLite keeps instants as text: ours must be what SQLAlchemy's DateTime writes, and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import DATETIME

from crisis_timeline.store.schema import UTCDateTime, sqlite_text

SQLALCHEMY_TEXT = DATETIME().bind_processor(sqlite.dialect())
READ = UTCDateTime().result_processor(sqlite.dialect(), None)
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-11))]
)
instants = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=zones
)


@given(instants)
def test_the_text_is_sqlalchemys_and_reads_back_as_the_same_utc_instant(value: datetime) -> None:
    assert SQLALCHEMY_TEXT is not None and READ is not None
    text = sqlite_text(value)
    assert text == SQLALCHEMY_TEXT(value.astimezone(UTC).replace(tzinfo=None))
    back = READ(text)
    assert back == value and back.tzinfo is UTC


@given(instants, instants)
def test_text_order_is_time_order(a: datetime, b: datetime) -> None:
    assert (sqlite_text(a) < sqlite_text(b)) == (a < b)


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        sqlite_text(datetime(2021, 12, 30))
