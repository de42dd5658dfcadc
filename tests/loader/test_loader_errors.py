"""Bad fixture input: one line per problem naming the file, the fact and the field; nothing written.

Every broken fixture is a small edit of the valid `data/minimal.yaml`. The expected lines are
written by hand; the path in them is the path as given on the command line.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from support import beside

from crisis_timeline import fixtures, loading
from crisis_timeline.cli.main import cli
from crisis_timeline.errors import CrisisError
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.event_store import EventStore
from crisis_timeline.store.schema import events as events_table

DATA = Path(__file__).resolve().parent / "data"
MINIMAL = DATA / "minimal.yaml"
SOURCES = (DATA / "../../../fixtures/sources").resolve()  # the repository's own copies
ARTICLE = SOURCES / "reuters-2021-12-30-biden-putin-second-call.txt"
ARTICLE_SHA256 = "8f0c54faee456e4d4e3abf68b7548042c6cfd690d4b0a697686a72e19cb331b6"
SOURCE_ID = "test-minimal-reuters"
MEETING = "meeting/biden-putin-call-2021-12-30"
SLUG_PATTERN = "'^[a-z0-9][a-z0-9.-]*$'"
PUTIN_AT = "[7, 166, 285, 615, 791, 1796, 2768]"  # every "Putin" in the article, counted by hand

Doc = dict[str, Any]
Path_ = tuple[str | int, ...]
Make = Callable[[Doc], Any]
"""Makes the document to write from a fresh copy of the valid one."""


def valid_doc() -> Doc:
    """The minimal fixture as a dict, its text_file made absolute so it can be written anywhere."""
    doc: Doc = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    doc["source"]["text_file"] = str(ARTICLE)
    return doc


def write(path: Path, doc: Any) -> Path:
    beside(path, doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def at(doc: Any, path: Path_) -> Any:
    """The node at path; a string under a list picks the item with that key (a fact's key)."""
    for part in path:
        if isinstance(doc, list) and isinstance(part, str):
            doc = next(item for item in doc if item.get("key") == part)
        else:
            doc = doc[part]
    return doc


def put(*path: str | int, **values: Any) -> Make:
    """Set fields of the mapping at path."""

    def make(doc: Doc) -> Doc:
        at(doc, path).update(values)
        return doc

    return make


def drop(*path: str | int) -> Make:
    """Remove the field at path."""

    def make(doc: Doc) -> Doc:
        del at(doc, path[:-1])[path[-1]]
        return doc

    return make


def append(*path: str | int, item: Any) -> Make:
    """Append an item (a copy of the node at `item` if that is a path tuple) to the list at path."""

    def make(doc: Doc) -> Doc:
        at(doc, path).append(copy.deepcopy(at(doc, item)) if isinstance(item, tuple) else item)
        return doc

    return make


def correction(stream: str, corrects: str) -> dict[str, Any]:
    return {
        "key": "call-time-corrected",
        "type": "EventCorrected",
        "stream": stream,
        "data": {"corrects": corrects, "reason": "a test", "changes": {"location": "Washington"}},
        "evidence": [{"quote": "on Thursday", "attribution": "reporter"}],
    }


def count_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())


def rows_in(db_url: str) -> int:
    engine = open_engine(db_url)
    try:
        return count_rows(engine)
    finally:
        engine.dispose()


def crisis(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, "--analyst", "tester", *args])


def assert_refused(result: Result, lines: list[str]) -> None:
    """Exit 1, exactly these lines on stderr (the first prefixed 'Error: '), no traceback."""
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "Error: " + "\n".join(lines) + "\n"


CALL = ("facts", "call-scheduled")
CALL_EVIDENCE = (*CALL, "evidence", 0)
REQUEST = ("facts", "call-requested")
REQUEST_EVIDENCE = (*REQUEST, "evidence", 0)
CALL_F = "fact 'call-scheduled'"
REQUEST_F = "fact 'call-requested'"
FIX_F = "fact 'call-time-corrected'"
TOP_KEY = "unknown top-level key (expected source, actors, facts)"
NOT_INT = "Input should be a valid integer"
MISSING_ID = fixtures.fact_id(SOURCE_ID, "no-such-fact")
NOT_AT_430 = (
    "not found in source text; the closest passage, at [801, 837], differs in its words "
    "(crisis quote find shows it)"
)  # the article: "scheduled to take place at 3:30 p.m. ET"

# (id, how to make the broken document, the problem lines after "<path>: ", written by hand);
# {dir} stands for the folder the broken fixture is written to.
CASES: list[tuple[str, Make, list[str]]] = [
    ("top-level-is-a-list", lambda d: [d], ["expected a mapping with source, actors and facts"]),
    ("unknown-top-level-key", put(notes="see the article"), [f"notes: {TOP_KEY}"]),
    (
        "two-unknown-top-level-keys-one-an-int",
        lambda d: {**d, "notes": "x", 1: "y"},
        [f"1: {TOP_KEY}", f"notes: {TOP_KEY}"],
    ),
    (
        "facts-not-a-list",
        put(facts={"call-scheduled": "MeetingScheduled"}),
        ["facts: expected a list"],
    ),
    (
        "fact-not-a-mapping",
        append("facts", item="Biden and Putin talk again"),
        ["fact #7: expected a mapping"],
    ),
    ("missing-source-field", drop("source", "publisher"), ["source: publisher: Field required"]),
    (
        "credibility-not-an-integer",
        put("source", "rating", credibility="high"),
        [f"source: rating.credibility: {NOT_INT}, unable to parse string as an integer"],
    ),
    (
        "credibility-a-fraction",
        put("source", "rating", credibility=2.5),
        [f"source: rating.credibility: {NOT_INT}, got a number with a fractional part"],
    ),
    (
        "sha256-mismatch",
        put("source", sha256="0" * 64),
        [f"source: sha256: the text's sha256 is {ARTICLE_SHA256}, the fixture says {'0' * 64}"],
    ),
    (
        "text-file-unreadable",
        put("source", text_file="no-such-article.txt"),
        ["source: text_file: 'no-such-article.txt': cannot read: No such file or directory"],
    ),
    (
        "text-file-with-a-nul-byte",
        put("source", text_file="article\x00.txt"),
        ["line 12: a value holds a NUL character"],
    ),  # source: text_file (neither database stores a NUL)
    (
        "unknown-event-type",
        put(*CALL, type="MeetingPlanned"),
        [f"{CALL_F}: type: unknown event type 'MeetingPlanned'"],
    ),
    ("missing-data-field", drop(*CALL, "data", "title"), [f"{CALL_F}: data.title: Field required"]),
    (
        "actor-list-given-as-a-string",
        put(*CALL, "data", participants="actor/biden"),
        [f"{CALL_F}: data.participants: Input should be a valid list"],
    ),
    (
        "extra-field-in-a-fact",
        put(*CALL, note="second call this month"),
        [f"{CALL_F}: note: Extra inputs are not permitted"],
    ),
    (
        "extra-field-named-with-a-newline",
        put(*CALL_EVIDENCE, **{"page\n2": True}),
        [f"{CALL_F}: evidence[0].'page\\n2': Extra inputs are not permitted"],
    ),
    ("fact-without-key", drop(*CALL, "key"), ["fact #2: key: Field required"]),
    (
        "fact-key-a-list",
        put(*CALL, key=["call", "scheduled"]),
        ["fact #2: key: Input should be a valid string"],
    ),
    (
        "fact-key-with-a-newline",
        put(*CALL, key="call\nscheduled"),
        [f"fact 'call\\nscheduled': key: String should match pattern {SLUG_PATTERN}"],
    ),
    (
        "fact-key-reserved-for-the-source",
        put(*CALL, key="source"),
        ["fact 'source': key: 'source' is reserved for the source itself; choose another key"],
    ),
    ("duplicate-fact-key", append("facts", item=CALL), [f"{CALL_F}: key: used twice in this file"]),
    (
        "bad-stream-name",
        put(*CALL, stream="Biden Putin call"),
        [f"{CALL_F}: stream: stream must look like 'family/name', e.g. 'meeting/biden-putin-call'"],
    ),
    (
        "bad-time-in-data",
        put(*CALL, "data", scheduled="2021-13-01"),
        [f"{CALL_F}: data.scheduled: not a partial time: '2021-13-01' (month must be in 1..12)"],
    ),
    (
        "time-with-stray-keys",
        put(*CALL, "data", scheduled={"value": "2021-12-30", 1: "", "tz": ""}),
        [f"{CALL_F}: data.scheduled: unexpected keys beside value and text: [1, 'tz']"],
    ),
    (
        "bad-occurred-time",
        put("facts", "crimea-seized", occurred="in 2014"),
        ["fact 'crimea-seized': occurred: not a partial time: 'in 2014'"],
    ),
    (
        "evidence-list-empty",
        put(*CALL, evidence=[]),
        [f"{CALL_F}: evidence: List should have at least 1 item after validation, not 0"],
    ),
    (
        "unknown-attribution",
        put(*CALL_EVIDENCE, attribution="press"),
        [
            f"{CALL_F}: evidence[0].attribution: "
            + "Input should be 'named', 'anonymous', 'unattributed' or 'reporter'"
        ],
    ),
    (
        "quote-not-in-text",
        put(*CALL_EVIDENCE, quote="scheduled to take place at 4:30 p.m."),
        [f"{CALL_F}: evidence[0].quote: {NOT_AT_430}"],
    ),
    (
        "ambiguous-quote",
        put(*CALL_EVIDENCE, quote="Putin"),
        [
            f"{CALL_F}: evidence[0].quote: found 7 times in source text (at {PUTIN_AT}); "
            "give its span"
        ],
    ),
    (
        "span-does-not-hold-the-quote",
        put(*CALL_EVIDENCE, span=[0, 53]),
        [
            f"{CALL_F}: evidence[0].quote: span [0, 53] does not hold the quote "
            + "(the quote is at [798])"
        ],
    ),
    (
        "named-attribution-without-attributed_to",
        drop(*REQUEST_EVIDENCE, "attributed_to"),
        [f"{REQUEST_F}: evidence[0].attributed_to: required when attribution is named"],
    ),
    (
        "unknown-actor-in-data",
        put(*REQUEST, "data", requested_by="actor/lavrov"),
        [f"{REQUEST_F}: data.requested_by: unknown actor 'actor/lavrov'"],
    ),
    (
        "unknown-actor-in-attributed_to",
        put(*REQUEST_EVIDENCE, attributed_to="actor/kremlin"),
        [f"{REQUEST_F}: evidence[0].attributed_to: unknown actor 'actor/kremlin'"],
    ),
    (
        "correction-of-a-missing-fact",
        append("facts", item=correction(MEETING, f"{SOURCE_ID}:no-such-fact")),
        [
            f"{FIX_F}: data.corrects: the event it refers to ('{SOURCE_ID}:no-such-fact', "
            + f"id {MISSING_ID}) is not stored in '{MEETING}'"
        ],
    ),
    (
        "correction-in-another-stream",
        append("facts", item=correction("meeting/other", f"{SOURCE_ID}:call-scheduled")),
        [f"{FIX_F}: stream: must be '{MEETING}', the stream of the event it corrects"],
    ),
]


@pytest.fixture
def sqlite_url(databases: Any) -> str:
    """A fresh migrated SQLite database (the table runs on SQLite only, to stay fast)."""
    return str(databases.url("sqlite"))


@pytest.mark.parametrize(("make", "expected"), [pytest.param(m, x, id=i) for i, m, x in CASES])
def test_broken_fixture_is_refused_with_one_line_per_problem(
    tmp_path: Path,
    sqlite_url: str,
    make: Make,
    expected: list[str],
) -> None:
    path = write(tmp_path / "broken.yaml", make(valid_doc()))

    result = crisis(sqlite_url, "load", str(path))

    assert_refused(result, [f"{path}: " + x.replace("{dir}", str(tmp_path)) for x in expected])
    assert rows_in(sqlite_url) == 0


def test_invalid_yaml_names_the_line(tmp_path: Path, sqlite_url: str) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("[Jarrett Renshaw]", "[Jarrett Renshaw")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")

    result = crisis(sqlite_url, "load", str(path))

    # the bracket left open on line 6 is noticed on line 7
    assert_refused(result, [f"{path}: not valid YAML: line 7: expected ',' or ']', but got ':'"])
    assert rows_in(sqlite_url) == 0


def test_every_problem_in_a_file_is_reported_in_file_order(tmp_path: Path, sqlite_url: str) -> None:
    doc = put(*CALL, type="MeetingPlanned")(valid_doc())
    doc = put("facts", "moment-of-crisis", "evidence", 0, quote="We are at a moment of peace")(doc)
    path = write(tmp_path / "broken.yaml", doc)

    result = crisis(sqlite_url, "load", str(path))

    assert_refused(
        result,
        [
            f"{path}: fact 'call-scheduled': type: unknown event type 'MeetingPlanned'",
            f"{path}: fact 'moment-of-crisis': evidence[0].quote: not found in source text; "
            "the closest passage, at [2310, 2338], differs in its words "
            "(crisis quote find shows it)",
        ],
    )
    assert rows_in(sqlite_url) == 0


def test_one_broken_file_stops_the_valid_ones_too(tmp_path: Path, sqlite_url: str) -> None:
    good = write(tmp_path / "good.yaml", valid_doc())
    doc = put("source", id="another-source")(valid_doc())
    bad = write(tmp_path / "bad.yaml", put(*CALL_EVIDENCE, quote="Putin")(doc))

    result = crisis(sqlite_url, "load", str(good), str(bad))

    assert_refused(
        result,
        [
            f"{bad}: {CALL_F}: evidence[0].quote: "
            + f"found 7 times in source text (at {PUTIN_AT}); give its span",
        ],
    )
    assert rows_in(sqlite_url) == 0


def test_two_files_disagreeing_on_a_source_are_refused(tmp_path: Path, sqlite_url: str) -> None:
    first = write(tmp_path / "first.yaml", valid_doc())
    second = write(tmp_path / "second.yaml", put("source", title="Another title")(valid_doc()))

    result = crisis(sqlite_url, "load", str(first), str(second))

    assert_refused(result, [f"{second}: source: already given by {first} with different content"])
    assert rows_in(sqlite_url) == 0


def test_changing_a_loaded_fact_is_refused(tmp_path: Path, sqlite_url: str) -> None:
    path = write(tmp_path / "minimal.yaml", valid_doc())
    assert crisis(sqlite_url, "load", str(path)).exit_code == 0
    assert rows_in(sqlite_url) == 12
    write(path, put(*CALL, "data", title="Biden-Putin phone call")(valid_doc()))

    result = crisis(sqlite_url, "load", str(path))

    assert_refused(
        result,
        [
            f"{path}: {CALL_F}: already loaded with different content; "
            + "add an EventCorrected fact instead",
        ],
    )
    assert rows_in(sqlite_url) == 12


def test_a_bad_quote_is_refused_on_every_backend(tmp_path: Path, db_url: str) -> None:
    doc = put(*CALL_EVIDENCE, quote="scheduled to take place at 4:30 p.m.")(valid_doc())
    path = write(tmp_path / "broken.yaml", doc)

    result = crisis(db_url, "load", str(path))

    assert_refused(result, [f"{path}: {CALL_F}: evidence[0].quote: {NOT_AT_430}"])
    assert rows_in(db_url) == 0


# -- any random damage: it loads, or it fails with one-line problems and writes nothing -------


def _paths(node: Any, here: Path_ = ()) -> list[Path_]:
    found = [here]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, (*here, i))
    return found


BASE = valid_doc()
ALL_PATHS = _paths(BASE)
QUOTE_PATHS = [p for p in ALL_PATHS if p[-1:] == ("quote",)]
CONTAINER_PATHS = [p for p in ALL_PATHS if isinstance(at(BASE, p), (dict, list))]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["", "actor/putin", "2021-13-01", "source", "named", "2021-12-30T20:30Z"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(0, 9)), inner, max_size=3),
    ),
    max_leaves=6,
)
keys = st.one_of(
    st.text(max_size=10),
    st.integers(0, 9),
    st.sampled_from(["span", "note", "source", "key", "text"]),
)


KINDS = ["drop", "replace", "retype", "add-key", "duplicate-fact", "quote"]


@dataclass(frozen=True)
class Mutation:
    """One small edit of the fixture dict at a path (skipped if an earlier edit took the path)."""

    kind: str  # one of KINDS
    path: Path_
    value: Any = None

    def apply(self, doc: Any) -> Any:
        if self.kind == "duplicate-fact":
            facts = doc.get("facts") if isinstance(doc, dict) else None
            if isinstance(facts, list) and facts:
                facts.append(copy.deepcopy(facts[int(self.path[-1]) % len(facts)]))
            return doc
        if not self.path:
            return {"replace": self.value, "retype": _retyped(doc)}.get(self.kind, doc)
        try:
            parent = at(doc, self.path[:-1])
            last = self.path[-1]
            current = parent[last]
        except (KeyError, IndexError, TypeError, AttributeError, StopIteration):
            return doc
        if not isinstance(parent, (dict, list)):
            return doc
        if self.kind == "drop":
            del parent[last]
        elif self.kind == "replace":
            parent[last] = self.value
        elif self.kind == "retype":
            parent[last] = _retyped(current)
        elif self.kind == "add-key" and isinstance(current, dict):
            current[self.value[0]] = self.value[1]
        elif self.kind == "quote" and isinstance(current, str):
            i, op, char = self.value
            i %= len(current) + 1
            edited = {
                "replace": current[:i] + char + current[i + 1 :],
                "insert": current[:i] + char + current[i:],
                "delete": current[:i] + current[i + 1 :],
            }
            parent[last] = edited[op]
        return doc


def _retyped(value: Any) -> Any:
    """The value as another type: a string in a list, a number as a string, a list's first item."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value[0] if value else ""
    if isinstance(value, dict):
        return list(value.values())
    return {}


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(st.sampled_from(KINDS))
    if kind == "duplicate-fact":
        return Mutation(kind, ("facts", draw(st.integers(0, len(BASE["facts"]) - 1))))
    if kind == "quote":
        op = draw(st.sampled_from(["replace", "insert", "delete"]))
        edit = (draw(st.integers(0, 200)), op, draw(st.characters()))
        return Mutation(kind, draw(st.sampled_from(QUOTE_PATHS)), edit)
    if kind == "add-key":
        return Mutation(kind, draw(st.sampled_from(CONTAINER_PATHS)), (draw(keys), draw(values)))
    path = draw(st.sampled_from(ALL_PATHS[1:] if kind == "drop" else ALL_PATHS))
    return Mutation(kind, path, draw(values) if kind == "replace" else None)


@given(edits=st.lists(mutations(), min_size=1, max_size=3))
@example(edits=[Mutation("duplicate-fact", ("facts", 3))])
@example(edits=[Mutation("replace", ("facts", 1, "key"), ["call"])])
@example(edits=[Mutation("replace", ("facts", 0, "key"), "call\nrequested")])
@example(edits=[Mutation("replace", ("facts", 0, "key"), "source")])
@example(edits=[Mutation("replace", ("source", "text_file"), "a\x00b")])
@example(edits=[Mutation("add-key", (), (1, "x")), Mutation("add-key", (), ("z", "y"))])
@example(edits=[Mutation("add-key", ("source",), ("\n", None))])
@example(
    edits=[
        Mutation("add-key", (*CALL, "data", "scheduled"), (1, "x")),
        Mutation("add-key", (*CALL, "data", "scheduled"), ("z", "y")),
    ]
)
def test_any_damage_loads_or_fails_with_one_line_problems_and_writes_nothing(
    databases: Any,
    tmp_path_factory: pytest.TempPathFactory,
    edits: list[Mutation],
) -> None:
    doc: Any = copy.deepcopy(BASE)
    for edit in edits:
        doc = edit.apply(doc)
    path = write(tmp_path_factory.mktemp("mutated") / "fixture.yaml", doc)
    engine = open_engine(databases.url("sqlite"))
    try:
        store = EventStore(engine)
        before = count_rows(engine)
        try:
            report = loading.load(store, [path], recorded_by="hypothesis")
        except CrisisError as e:
            problems = e.problems if isinstance(e, fixtures.FixtureError) else [str(e)]
            assert problems
            for problem in problems:
                assert "\n" not in problem and problem.startswith(f"{path}: "), problem
            assert count_rows(engine) == before
        else:
            assert store.verify().ok
            assert count_rows(engine) == before + report.appended
    finally:
        engine.dispose()
