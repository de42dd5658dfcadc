"""The hash chain: checking one stored row as a link, walking the log, anchoring its head,
checking the links of a few rows (an audit's).

Rows are read here as the database holds them (time columns as text on SQLite), so that a
row no program of ours could have written — data that is not JSON, a recorded_at that is not a
time — is named by its position instead of failing the read that fetched it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, String, select, type_coerce

from crisis_timeline import canonical
from crisis_timeline.errors import CrisisError
from crisis_timeline.store import codec
from crisis_timeline.store.chunks import chunked
from crisis_timeline.store.schema import events as T

TIME_COLUMNS = ("occurred_start", "occurred_end", "reported_start", "recorded_at")
HEAD_PATTERN = re.compile(r"^([1-9][0-9]{0,18}):([0-9a-f]{64})$")


@dataclass(frozen=True)
class Head:
    """A position of the log and its hash: published elsewhere, it anchors everything before it."""

    position: int
    hash: str

    def __str__(self) -> str:
        return f"{self.position}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        """POSITION:HASH as `crisis verify --head` prints it; CrisisError when malformed."""
        match = HEAD_PATTERN.match(text.strip().lower())
        if match is None:
            raise CrisisError(
                f"--expect-head: expected POSITION:HASH (64 hex digits), not {text!r}"
            )
        return cls(int(match[1]), match[2])


@dataclass(frozen=True)
class ChainCheck:
    """The result of walking the hash chain."""

    checked: int
    bad_position: int | None = None
    reason: str = ""
    head: Head | None = None
    """The last position that verified, and its hash."""

    @property
    def ok(self) -> bool:
        """True when every link verified."""
        return self.bad_position is None


def link_problem(row: codec.Row, prev_hash: str, expected_position: int) -> str:
    """What is wrong with one stored row as a link of the chain after prev_hash ('' if nothing)."""
    if row["position"] != expected_position:
        return f"position {expected_position} is missing (the next stored is {row['position']})"
    if row["prev_hash"] != prev_hash:
        return "prev_hash does not match the hash of the previous event"
    try:
        row = _decoded_times(row)
        if canonical.chain_hash(prev_hash, codec.hash_document(row)) != row["hash"]:
            return "stored content does not match its hash"
        agree = codec.derived_columns_agree(row)
    except (ValueError, TypeError, KeyError, AttributeError) as e:
        return f"stored row cannot be read ({type(e).__name__}: {str(e).splitlines()[0][:120]})"
    return "" if agree else "indexed time columns disagree with the hashed times"


def walk(
    engine: Engine, *, until: int | None = None, expect: Head | None = None, batch_size: int = 1000
) -> ChainCheck:
    """Walk the chain in position order; name the first position that fails.

    With `expect`, the log must still hold that head: the same hash at its position."""
    prev_hash, expected_position, checked = canonical.GENESIS_HASH, 1, 0
    for row in raw_rows(engine, until=until, batch_size=batch_size):
        problem = link_problem(row, prev_hash, expected_position)
        if (
            not problem
            and expect is not None
            and row["position"] == expect.position
            and row["hash"] != expect.hash
        ):
            problem = f"the hash there is not the expected head's {expect.hash}"
        if problem:
            return ChainCheck(
                checked,
                min(row["position"], expected_position),
                problem,
                _head(expected_position - 1, prev_hash),
            )
        prev_hash, expected_position, checked = row["hash"], row["position"] + 1, checked + 1
    head = _head(expected_position - 1, prev_hash)
    if expect is not None and expected_position <= expect.position and until is None:
        return ChainCheck(
            checked,
            expected_position,
            f"the log ends before the expected head at position {expect.position}",
            head,
        )
    return ChainCheck(checked, head=head)


def check_links(engine: Engine, positions: Iterable[int]) -> tuple[dict[int, str], Head]:
    """Each of these stored rows' own links in the hash chain: its hash recomputed from its
    content and the stored hash of position - 1, and position + 1 (if any) naming its hash as
    prev_hash.

    Returns the problem of each row that fails (by position) and the log's head, which anchors
    the links checked. A few primary-key reads, whatever the log's length.
    """
    mine = sorted(set(positions))
    near = sorted({p + d for p in mine for d in (-1, 1) if p + d >= 1} - set(mine))
    columns = [type_coerce(c, String).label(c.name) if c.name in TIME_COLUMNS else c for c in T.c]
    rows: dict[int, codec.Row] = {}
    links: dict[int, tuple[str, str]] = {}
    with engine.connect() as conn:
        for chunk in chunked(mine):
            query = select(*columns).where(T.c.position.in_(chunk))
            rows.update((int(r["position"]), dict(r)) for r in conn.execute(query).mappings())
        for chunk in chunked([*mine, *near]):
            query = select(T.c.position, T.c.hash, T.c.prev_hash).where(T.c.position.in_(chunk))
            links.update((int(r.position), (r.hash, r.prev_hash)) for r in conn.execute(query))
        top = conn.execute(select(T.c.position, T.c.hash).order_by(T.c.position.desc()).limit(1))
        head = Head(*top.one())
    problems = {p: problem for p in mine if (problem := _links_problem(p, rows, links, head))}
    return problems, head


def _links_problem(
    p: int, rows: dict[int, codec.Row], links: dict[int, tuple[str, str]], head: Head
) -> str:
    before, after = links.get(p - 1), links.get(p + 1)
    if p not in rows:
        return f"position {p} is missing"
    if p > 1 and before is None:
        return f"position {p - 1} is missing"
    problem = link_problem(rows[p], before[0] if before else canonical.GENESIS_HASH, p)
    if problem or p >= head.position:
        return problem
    if after is None:
        return f"position {p + 1} is missing"
    if after[1] != rows[p]["hash"]:
        return f"the next event's prev_hash (position {p + 1}) does not match this event's hash"
    return ""


def raw_rows(
    engine: Engine, *, after: int = 0, until: int | None = None, batch_size: int = 1000
) -> Iterator[codec.Row]:
    """Rows in position order, in batches, time columns as stored (text on SQLite)."""
    columns = [type_coerce(c, String).label(c.name) if c.name in TIME_COLUMNS else c for c in T.c]
    while True:
        query = select(*columns).where(T.c.position > after)
        if until is not None:
            query = query.where(T.c.position <= until)
        with engine.connect() as conn:
            rows = [
                dict(r)
                for r in conn.execute(query.order_by(T.c.position).limit(batch_size)).mappings()
            ]
        yield from rows
        if len(rows) < batch_size:
            return
        after = rows[-1]["position"]


def _decoded_times(row: codec.Row) -> codec.Row:
    return {**row, **{name: _instant(row[name]) for name in TIME_COLUMNS}}


def _instant(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value.astimezone(UTC) if isinstance(value, datetime) else None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _head(position: int, hash_: str) -> Head | None:
    return Head(position, hash_) if position > 0 else None
