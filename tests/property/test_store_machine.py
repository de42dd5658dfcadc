"""The store against a model: a plain list of (stream, version, id, content) in append order.

A `RuleBasedStateMachine` appends, appends with stale versions, retries, reuses ids with other
content, reads through filters and appends several streams at once, each run on a fresh
database, on SQLite and on PostgreSQL. After every step the store must hold exactly the model:
positions 1..N, stream versions 1..n, the same content, a hash chain that verifies. A codec
property sends arbitrary envelopes (odd streams and texts, every partial-time form) through
both backends. The last tests pin down three bugs found while writing these.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol
from uuid import UUID, uuid4, uuid5

import pydantic
import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine
from support import NAMESPACE, Noted, make_store, note

from crisis_timeline import canonical
from crisis_timeline.errors import ConcurrencyError, EventIdConflictError, ValidationError
from crisis_timeline.events import Attribution, Event, Evidence, NewEvent
from crisis_timeline.store import codec
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import ANY_VERSION, AppendResult, Batch, EventFilter
from crisis_timeline.time import PartialTime, Precision, TimeParseError, parse_partial


def _start_of(written: str) -> datetime:
    """Where a written point time starts (points always have a start)."""
    start = parse_partial(written).start
    assert start is not None
    return start


class Databases(Protocol):
    """The session fixture `databases` (tests/conftest.py)."""

    def url(self, backend: str) -> str: ...


# -- the state machine -------------------------------------------------------------------

STREAMS = ("claim/a", "claim/b", "meeting/m")
REPORTED = (
    "2021-12",
    "2021-12-30",
    "2021-12-30T20:30-05:00",
    "2022-01-05T12Z",
    "after 2022-01-04",
    "2022-01-10/2022-02",
)
streams = st.sampled_from(STREAMS)
words = st.text(st.sampled_from("ab é\"'\\日🙂"), min_size=1, max_size=6)
Spec = tuple[str, str]  # (text, reported) of one new event
StreamSpec = tuple[str, list[Spec]]  # a stream and the events for it
specs = st.lists(st.tuples(words, st.sampled_from(REPORTED)), min_size=1, max_size=3)
histories = st.lists(st.tuples(streams, specs), max_size=4)
CHANGES = ("text", "reported", "stream", "evidence")
stream_specs = st.lists(st.tuples(streams, specs), min_size=2, max_size=3, unique_by=lambda t: t[0])


class Stored(NamedTuple):
    """One model row; its position is its index + 1."""

    stream: str
    version: int
    id: UUID
    content: dict[str, Any]


class StoreMachine(RuleBasedStateMachine):
    """The store on a fresh database, checked against a list after every step."""

    def new_url(self) -> str:
        raise NotImplementedError("the test subclasses this with its backend's databases")

    def __init__(self) -> None:
        super().__init__()
        self.engine: Engine = open_engine(self.new_url())
        self.store = make_store(self.engine)
        self.paged = self.store
        self.model: list[Stored] = []
        self.sent: dict[UUID, NewEvent] = {}
        self.recorded_by: dict[UUID, str] = {}
        self.appends: list[tuple[str, int | None, list[NewEvent]]] = []
        self.ids = itertools.count()

    def teardown(self) -> None:
        self.engine.dispose()

    # -- helpers ---------------------------------------------------------------------

    def version(self, stream: str) -> int:
        return sum(1 for row in self.model if row.stream == stream)

    def fresh(self, stream: str, drawn: Sequence[Spec]) -> list[NewEvent]:
        """New events with ids no one has used (deterministic, so runs replay)."""
        return [
            note(stream, text, reported=reported).model_copy(
                update={"id": uuid5(NAMESPACE, str(next(self.ids)))}
            )
            for text, reported in drawn
        ]

    def stored_of(self, stream: str) -> list[NewEvent]:
        return [self.sent[row.id] for row in self.model if row.stream == stream]

    def expect_appended(
        self, result: AppendResult, batches: Sequence[Batch], who: str, skipped: int = 0
    ) -> None:
        """Check an append's result against the model, then add its new events to the model."""
        fresh = [ev for b in batches for ev in b.events if ev.id not in self.sent]
        versions = {b.stream: self.version(b.stream) for b in batches}
        wanted = []
        for position, ev in enumerate(fresh, start=len(self.model) + 1):
            versions[ev.stream] += 1
            wanted.append((position, Stored(ev.stream, versions[ev.stream], ev.id, ev.content())))
        assert [(e.position, _row(e)) for e in result.appended] == wanted
        assert result.already_present == skipped
        for ev, (_, row) in zip(fresh, wanted):
            self.model.append(row)
            self.sent[ev.id], self.recorded_by[ev.id] = ev, who

    def assert_no_trace_of(self, events: Sequence[NewEvent]) -> None:
        assert self.store.stored_ids(str(e.id) for e in events if e.id not in self.sent) == set()
        assert self.store.head_position() == len(self.model)

    def filters(self) -> st.SearchStrategy[tuple[EventFilter, int | None]]:
        """A filter on up to three of stream, after, until, as_of and a limit."""
        n = len(self.model)
        from_end = st.integers(0, n + 1).map(lambda k: n + 1 - k)  # simplest: everything
        # as_of on and around the reported starts stored: where `<=` and `<` differ.
        starts = sorted(
            {s for r in self.model if (s := self.sent[r.id].reported.start) is not None}
        )
        micro = st.sampled_from([0, -1, 1]).map(lambda k: k * timedelta(microseconds=1))
        as_of = st.builds(lambda s, d: s + d, st.sampled_from(starts), micro)
        parts = {
            "stream": streams,
            "after": st.integers(0, n + 1),
            "until": from_end,
            "as_of": as_of,
            "limit": from_end,
        }
        keys = st.sets(st.sampled_from(sorted(parts)), max_size=3)
        drawn = keys.flatmap(lambda ks: st.fixed_dictionaries({k: parts[k] for k in ks}))
        return drawn.map(
            lambda d: (EventFilter(**{k: v for k, v in d.items() if k != "limit"}), d.get("limit"))
        )

    # -- rules -----------------------------------------------------------------------

    @initialize(batch_size=st.sampled_from([1, 2, 3]), given=histories)
    def history(self, batch_size: int, given: list[StreamSpec]) -> None:
        # The read rule pages through small batches; the invariant reads in one, to stay fast.
        self.paged = make_store(self.engine, batch_size=batch_size)
        for stream, drawn in given:
            self.append(stream, drawn, any_version=False)

    @rule(stream=streams, drawn=specs, any_version=st.booleans())
    def append(self, stream: str, drawn: list[Spec], any_version: bool) -> None:
        expected = ANY_VERSION if any_version else self.version(stream)
        events = self.fresh(stream, drawn)
        result = self.store.append(stream, events, expected, recorded_by="ana")
        self.expect_appended(result, [Batch(stream, events, expected)], "ana")
        self.appends.append((stream, expected, events))

    @rule(stream=streams, drawn=specs, data=st.data())
    def stale_append(self, stream: str, drawn: list[Spec], data: st.DataObject) -> None:
        current = self.version(stream)
        wrong = data.draw(st.integers(0, current + 3).filter(current.__ne__), label="expected")
        known = self.stored_of(stream)
        retried = data.draw(
            st.lists(st.sampled_from(known), unique_by=lambda e: e.id, max_size=2)
            if known
            else st.just([]),
            label="already stored",
        )
        events = retried + self.fresh(stream, drawn)
        with pytest.raises(ConcurrencyError) as raised:
            self.store.append(stream, events, wrong, recorded_by="ana")
        err = raised.value
        assert (err.stream, err.expected, err.actual) == (stream, wrong, current)
        self.assert_no_trace_of(events)

    @precondition(lambda self: self.appends)
    @rule(data=st.data())
    def retry(self, data: st.DataObject) -> None:
        stream, expected, events = data.draw(st.sampled_from(self.appends), label="earlier append")
        result = self.store.append(stream, events, expected, recorded_by="someone else")
        assert result.appended == [] and result.already_present == len(events)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), drawn=specs)
    def partial_retry(self, data: st.DataObject, drawn: list[Spec]) -> None:
        stream = data.draw(st.sampled_from(sorted({r.stream for r in self.model})), label="stream")
        known = st.sampled_from(self.stored_of(stream))
        retried = data.draw(st.lists(known, unique_by=lambda e: e.id, min_size=1, max_size=3))
        events = data.draw(st.permutations(retried + self.fresh(stream, drawn)), label="order")
        batch = Batch(stream, events, self.version(stream))
        result = self.store.append_batches([batch], recorded_by="ben")
        self.expect_appended(result, [batch], "ben", skipped=len(retried))

    @precondition(lambda self: self.model)
    @rule(data=st.data(), how=st.sampled_from(CHANGES), drawn=specs)
    def conflicting_append(self, data: st.DataObject, how: str, drawn: list[Spec]) -> None:
        original = self.sent[data.draw(st.sampled_from(self.model), label="stored").id]
        changed = _changed(original, how, data)
        other = data.draw(st.sampled_from([s for s in STREAMS if s != changed.stream]))
        batches = [
            Batch(other, self.fresh(other, drawn), self.version(other)),
            Batch(
                changed.stream,
                [*self.fresh(changed.stream, drawn[:1]), changed],
                self.version(changed.stream),
            ),
        ]
        if data.draw(st.booleans(), label="conflicting batch first"):
            batches.reverse()
        with pytest.raises(EventIdConflictError) as raised:
            self.store.append_batches(batches, recorded_by="ana")
        assert raised.value.event_id == original.id
        self.assert_no_trace_of([e for b in batches for e in b.events])

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def read(self, data: st.DataObject) -> None:
        for where, limit in data.draw(st.lists(self.filters(), min_size=1, max_size=4)):
            got = [(e.position, _row(e)) for e in self.paged.read(where, limit=limit)]
            assert got == _model_read(self.model, self.sent, where)[:limit]

    @rule(chosen=stream_specs, data=st.data())
    def atomic_batches(self, chosen: list[StreamSpec], data: st.DataObject) -> None:
        batches = [
            Batch(
                stream,
                self.fresh(stream, drawn),
                data.draw(st.sampled_from([self.version(stream), ANY_VERSION]), label="expected"),
            )
            for stream, drawn in chosen
        ]
        result = self.store.append_batches(batches, recorded_by="cy")
        self.expect_appended(result, batches, "cy")

    @rule(chosen=stream_specs, data=st.data())
    def atomic_batches_one_stale(self, chosen: list[StreamSpec], data: st.DataObject) -> None:
        flags = st.lists(st.booleans(), min_size=len(chosen), max_size=len(chosen)).filter(any)
        stale = data.draw(flags, label="stale")
        batches = []
        for (stream, drawn), is_stale in zip(chosen, stale):
            current = self.version(stream)
            wrong = st.integers(0, current + 2).filter(current.__ne__)
            expected = data.draw(wrong, label="expected") if is_stale else current
            batches.append(Batch(stream, self.fresh(stream, drawn), expected))
        with pytest.raises(ConcurrencyError) as raised:
            self.store.append_batches(batches, recorded_by="cy")
        named = {b.stream: b.expected_version for b, s in zip(batches, stale) if s}
        err = raised.value
        assert err.stream in named
        assert (err.expected, err.actual) == (named[err.stream], self.version(err.stream))
        self.assert_no_trace_of([e for b in batches for e in b.events])

    # -- invariants ------------------------------------------------------------------

    @invariant()
    def store_equals_model(self) -> None:
        stored = list(self.store.read())
        assert [e.position for e in stored] == list(range(1, len(stored) + 1))
        for stream in STREAMS:
            versions = [e.version for e in stored if e.stream == stream]
            assert versions == list(range(1, len(versions) + 1))
            assert self.store.stream_version(stream) == len(versions)
        assert [_row(e) for e in stored] == self.model
        assert [e.recorded_by for e in stored] == [self.recorded_by[r.id] for r in self.model]
        assert all(a.recorded_at <= b.recorded_at for a, b in itertools.pairwise(stored))
        assert self.store.head_position() == len(self.model)
        check = self.store.verify()
        assert check.ok and check.checked == len(self.model), check.reason


def _row(event: Event) -> Stored:
    return Stored(event.stream, event.version, event.id, event.content())


def _changed(original: NewEvent, how: str, data: st.DataObject) -> NewEvent:
    """The same id with other content."""
    if how == "text":
        return original.model_copy(update={"data": {"text": original.data["text"] + "!"}})
    if how == "reported":
        others = [r for r in REPORTED if parse_partial(r) != original.reported]
        reported = parse_partial(data.draw(st.sampled_from(others)))
        return original.model_copy(update={"reported": reported})
    if how == "stream":
        stream = data.draw(st.sampled_from([s for s in STREAMS if s != original.stream]))
        return original.model_copy(update={"stream": stream})
    return original.model_copy(update={"evidence": ()})


def _model_read(
    model: list[Stored], sent: dict[UUID, NewEvent], where: EventFilter
) -> list[tuple[int, Stored]]:
    """What a read with this filter returns, computed from the model."""
    out = []
    for position, row in enumerate(model, start=1):
        start = sent[row.id].reported.start
        if position <= where.after or (where.until is not None and position > where.until):
            continue
        if where.stream is not None and row.stream != where.stream:
            continue
        if where.as_of is not None and (start is None or start > where.as_of):
            continue
        out.append((position, row))
    return out


def test_store_behaves_like_a_list_of_events(databases: Databases, backend: str) -> None:
    class OnFreshDatabase(StoreMachine):
        def new_url(self) -> str:
            return databases.url(backend)

    run_state_machine_as_test(OnFreshDatabase, settings=settings(stateful_step_count=15))


# -- codec round trip --------------------------------------------------------------------

ORDER = list(Precision)
ODD = "\"'\\`\u2019\u201cé日本🙂\x00\n\t\u2028{}[]:,"
UTF8 = st.characters(codec="utf-8")  # no lone surrogates: no text holds them
texts = st.text(UTF8 | st.sampled_from(ODD), max_size=12)
name_chars = (
    st.characters(codec="utf-8", exclude_characters="\x00") | st.sampled_from("\"'\\é日🙂")
).filter(lambda c: not c.isspace())


@st.composite
def stream_names(draw: st.DrawFn) -> str:
    """'family/name' as the envelope accepts it (NUL and length: test_awkward_names_... below)."""
    family = draw(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True))
    first = draw(name_chars.filter(lambda c: c != "/"))
    return f"{family}/{first}{draw(st.text(name_chars, max_size=20))}"


@st.composite
def zones(draw: st.DrawFn, whole_hours: bool) -> str:
    """No zone, Z, or an offset written as ±HH:MM, ±HHMM or ±HH."""
    kind = draw(st.sampled_from(["none", "Z", "offset"]))
    if kind != "offset":
        return "" if kind == "none" else "Z"
    sign, hours = draw(st.sampled_from("+-")), draw(st.integers(0, 23))
    minutes = 0 if whole_hours else draw(st.integers(0, 59))
    forms = [f"{sign}{hours:02d}:{minutes:02d}", f"{sign}{hours:02d}{minutes:02d}"]
    return draw(st.sampled_from(forms + ([f"{sign}{hours:02d}"] if minutes == 0 else [])))


@st.composite
def points(draw: st.DrawFn) -> str:
    """One point as written: year, month, day, hour, minute or second, a zone if timed."""
    p = draw(st.sampled_from(ORDER))
    local = draw(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9998, 12, 30)))
    fields = [
        f"{local.year:04d}",
        f"-{local.month:02d}",
        f"-{local.day:02d}",
        f"T{local.hour:02d}",
        f":{local.minute:02d}",
        f":{local.second:02d}",
    ]
    written = "".join(fields[: ORDER.index(p) + 1])
    if p in (Precision.YEAR, Precision.MONTH, Precision.DAY):
        return written
    return written + draw(zones(whole_hours=p is Precision.HOUR))


@st.composite
def partial_times(draw: st.DrawFn, needs_start: bool) -> PartialTime:
    """A partial time parsed from a point, an `after`/`before` bound or a range."""
    form = draw(st.sampled_from(["point", "after", "range"] + ([] if needs_start else ["before"])))
    written = draw(points())
    if form in ("before", "after"):
        written = f"{draw(st.sampled_from([form, form.upper(), form.title()]))} {written}"
    elif form == "range":
        try:
            first, last = sorted([written, draw(points())], key=_start_of)
        except TimeParseError:
            reject()
        written = f"{first}/{last}"
    try:
        padded = f" {written} " if draw(st.booleans()) else written
        return parse_partial(padded, text=draw(st.none() | texts))
    except TimeParseError:
        reject()  # an offset pushed a point off the calendar's ends


spans = st.none() | st.tuples(st.integers(0, 10**6), st.integers(1, 10**4)).map(
    lambda t: (t[0], t[0] + t[1])
)
evidence = st.builds(
    Evidence,
    source=texts,
    quote=st.text(UTF8 | st.sampled_from(ODD), min_size=1, max_size=12),
    span=spans,
    attributed_to=st.none() | texts,
    attribution=st.sampled_from(Attribution),
)
envelopes = st.fixed_dictionaries(
    {
        "text": texts,
        "reported": partial_times(needs_start=True),
        "occurred": st.none() | partial_times(needs_start=False),
        "evidence": st.lists(evidence, max_size=3).map(tuple),
    }
)


def test_codec_round_trip(databases: Databases, backend: str) -> None:
    engine = open_engine(databases.url(backend))
    store = make_store(engine)
    unique = itertools.count()

    @given(stream=stream_names(), drawn=st.lists(envelopes, min_size=1, max_size=3))
    def round_trip(stream: str, drawn: list[dict[str, Any]]) -> None:
        stream = f"{stream}~{next(unique)}"  # one database for all examples
        sent = [
            NewEvent.of(
                Noted(text=d["text"]),
                id=uuid4(),
                stream=stream,
                reported=d["reported"],
                occurred=d["occurred"],
                evidence=d["evidence"],
            )
            for d in drawn
        ]
        assert [codec.content_json(e) for e in sent] == [e.content() for e in sent]
        result = store.append(stream, sent, ANY_VERSION, recorded_by="prop")
        read = list(store.read(EventFilter(stream=stream)))
        assert [e.content() for e in read] == [e.content() for e in sent]
        assert [(e.reported, e.occurred, e.evidence) for e in read] == [
            (e.reported, e.occurred, e.evidence) for e in sent
        ]
        assert read == result.appended
        # Reads build events without validating them again: they must equal validated ones.
        assert read == [Event.model_validate(e.model_dump()) for e in read]
        assert [e.version for e in read] == list(range(1, len(sent) + 1))
        # This example's links of the chain, as verify() checks them (verify() walks them all).
        for row in store.read_rows(EventFilter(stream=stream)):
            assert row["hash"] == canonical.chain_hash(row["prev_hash"], codec.hash_document(row))
            assert codec.derived_columns_agree(row)

    try:
        round_trip()
        check = store.verify()
        assert check.ok and check.checked == store.head_position(), check.reason
    finally:
        engine.dispose()


# -- bug: names the envelope accepts but a PostgreSQL column cannot hold -----------------


@pytest.mark.parametrize(
    ("stream", "recorded_by"),
    [
        ("claim/nul\x00", "ana"),
        ("claim/" + "x" * 195, "ana"),
        ("claim/a", "an\x00a"),
        ("claim/a", "a" * 201),
    ],
    ids=["stream-nul", "stream-201-chars", "recorded_by-nul", "recorded_by-201-chars"],
)
def test_awkward_names_are_refused_up_front_or_stored_verbatim(
    engine: Engine, stream: str, recorded_by: str
) -> None:
    store = make_store(engine)
    try:
        store.append(stream, [note(stream, "x")], 0, recorded_by=recorded_by)
    except (pydantic.ValidationError, ValidationError):
        assert store.head_position() == 0
    else:
        assert [(e.stream, e.recorded_by) for e in store.read()] == [(stream, recorded_by)]


# -- bug: text that no UTF-8 can hold reaches the JSON encoder ---------------------------


def test_text_with_a_lone_surrogate_is_refused_as_invalid(engine: Engine) -> None:
    # "\udcff" is what Python makes of the byte 0xff in a command-line argument.
    store = make_store(engine)
    with pytest.raises((pydantic.ValidationError, ValidationError)):
        text = NewEvent.of(
            Noted(text="caf\udcff"), stream="claim/a", reported=parse_partial("2021")
        )
        store.append("claim/a", [text], 0, recorded_by="ana")
    assert store.head_position() == 0


# -- bug: one stream in two batches of one call ------------------------------------------


@pytest.mark.parametrize(
    "expected",
    [(0, 1), (ANY_VERSION, ANY_VERSION), (0, ANY_VERSION)],
    ids=["0-then-1", "any-then-any", "0-then-any"],
)
def test_one_stream_in_two_batches_appends_them_in_order(
    engine: Engine, expected: tuple[int | None, int | None]
) -> None:
    store = make_store(engine)
    first, second = note("claim/a", "one"), note("claim/a", "two")
    batches = [Batch("claim/a", [first], expected[0]), Batch("claim/a", [second], expected[1])]
    result = store.append_batches(batches, recorded_by="ana")
    assert [(e.id, e.version, e.position) for e in result.appended] == [
        (first.id, 1, 1),
        (second.id, 2, 2),
    ]
    assert store.verify().ok


def test_one_stream_in_two_batches_second_stale_names_the_true_version(engine: Engine) -> None:
    store = make_store(engine)
    first, second = note("claim/a", "one"), note("claim/a", "two")
    batches = [Batch("claim/a", [first], 0), Batch("claim/a", [second], 0)]
    with pytest.raises(ConcurrencyError) as raised:
        store.append_batches(batches, recorded_by="ana")
    assert (raised.value.stream, raised.value.expected, raised.value.actual) == ("claim/a", 0, 1)
    assert store.head_position() == 0
