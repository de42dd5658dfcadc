"""Tampering with the stored log, as someone with the owner's rights would: `verify` names the
first bad position, `rebuild` refuses to fold a broken chain, and a published head catches
what a chain alone cannot (a full rehash, a deleted newest row).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from figures import FIGURES
from sqlalchemy import Engine, delete, select, update
from support import drop_guard, execute

from crisis_timeline import canonical
from crisis_timeline.cli.main import cli
from crisis_timeline.store import codec
from crisis_timeline.store.engine import open_engine
from crisis_timeline.store.schema import events as T

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "reuters-2021-12-30-biden-putin-second-call.yaml"
)
SEED_EVENTS = 49
PREV = "prev_hash does not match the hash of the previous event"
Tamper = Callable[[Engine], None]


def crisis(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--analyst", "tester", *args])


@pytest.fixture
def seeded(db_url: str) -> Any:
    assert crisis(db_url, "load", str(SEED)).exit_code == 0
    engine = open_engine(db_url)
    for verb in (
        ("UPDATE", "DELETE") if engine.dialect.name == "sqlite" else ("UPDATE",)
    ):  # one trigger on PostgreSQL
        drop_guard(engine, verb)
    yield db_url, engine
    engine.dispose()


def rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(T).order_by(T.c.position)).mappings()]


def rewrite(engine: Engine, position: int, **values: Any) -> None:
    execute(engine, update(T).where(T.c.position == position).values(**values))


def rehashed_from(engine: Engine, position: int, data: str) -> None:
    """Edit one event and rewrite every hash from there on: a chain consistent to the end."""
    prev = rows(engine)[position - 2]["hash"]
    for row in rows(engine)[position - 1 :]:
        row = {**row, "data": data} if row["position"] == position else row
        new = canonical.chain_hash(prev, codec.hash_document({**row, "prev_hash": prev}))
        rewrite(engine, row["position"], data=row["data"], prev_hash=prev, hash=new)
        prev = new


def swap(engine: Engine, a: int, b: int) -> None:
    """Exchange the stored contents of two neighbouring positions."""
    first, second = rows(engine)[a - 1], rows(engine)[b - 1]
    moved = [c for c in first if c not in ("position", "id", "stream", "version")]
    rewrite(engine, a, id="swapping", stream="swapping")  # UNIQUE(id), UNIQUE(stream, version)
    rewrite(
        engine,
        b,
        **{c: first[c] for c in ("id", "stream", "version")},
        **{c: first[c] for c in moved},
    )
    rewrite(
        engine,
        a,
        **{c: second[c] for c in ("id", "stream", "version")},
        **{c: second[c] for c in moved},
    )


TAMPERING: dict[str, tuple[Tamper, int, str]] = {
    "altered data": (
        lambda e: rewrite(e, 10, data='{"title":"forged"}'),
        10,
        "stored content does not match its hash",
    ),
    "deleted middle row": (
        lambda e: execute(e, delete(T).where(T.c.position == 20)),
        20,
        "position 20 is missing (the next stored is 21)",
    ),
    "forged row with a valid-looking hash": (
        lambda e: rewrite(
            e,
            15,
            data='{"title":"forged"}',
            hash=canonical.chain_hash(
                rows(e)[13]["hash"],
                codec.hash_document({**rows(e)[14], "data": '{"title":"forged"}'}),
            ),
        ),
        16,
        PREV,
    ),
    "re-ordered pair": (lambda e: swap(e, 30, 31), 30, PREV),
    "data that is not JSON": (
        lambda e: rewrite(e, 12, data="{not json"),
        12,
        "stored row cannot be read (JSONDecodeError: ",
    ),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_named_at_its_first_bad_position_and_rebuild_refuses(
    seeded: Any, case: str
) -> None:
    url, engine = seeded
    tamper, position, reason = TAMPERING[case]
    views_before = crisis(url, "replay", "--json").stdout
    tamper(engine)

    verified, rebuilt = crisis(url, "verify"), crisis(url, "rebuild")

    # (the decoder's own words after a reason that ends in ": " are its business)
    assert verified.exit_code == rebuilt.exit_code == 1
    assert verified.stderr.startswith(f"Error: hash chain broken at position {position}: {reason}")
    assert rebuilt.stderr.startswith(
        f"Error: not rebuilt: hash chain broken at position {position}: {reason}"
    )
    assert len(verified.stderr.splitlines()) == len(rebuilt.stderr.splitlines()) == 1
    if not reason.endswith(": "):
        assert verified.stderr.endswith(f"{reason}\n")
    FIGURES["tamper cases caught by verify and refused by rebuild"] += 1
    assert crisis(url, "replay", "--json").stdout == views_before


def test_a_recorded_at_that_is_not_a_time_is_named(seeded: Any) -> None:
    url, engine = seeded
    execute(engine, "UPDATE events SET recorded_at = 'yesterday' WHERE position = 7")
    result = crisis(url, "verify")
    # SQLite keeps the word as text; PostgreSQL reads it as a time (midnight before today's).
    reason = {
        "sqlite": "stored row cannot be read (ValueError: Invalid isoformat string: 'yesterday')",
        "postgresql": "stored content does not match its hash",
    }[engine.dialect.name]
    assert result.stderr == f"Error: hash chain broken at position 7: {reason}\n"
    FIGURES["tamper cases caught by verify and refused by rebuild"] += 1


def head_of(url: str) -> dict[str, Any]:
    result = crisis(url, "verify", "--json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_verify_head_prints_the_head_to_anchor(seeded: Any) -> None:
    url, engine = seeded
    last = rows(engine)[-1]
    result = crisis(url, "verify", "--head")
    assert (
        result.stdout
        == f"ok: {SEED_EVENTS} events, hash chain intact\nhead: {SEED_EVENTS}:{last['hash']}\n"
    )
    assert head_of(url) == {
        "ok": True,
        "checked": SEED_EVENTS,
        "bad_position": None,
        "reason": None,
        "head": {"position": SEED_EVENTS, "hash": last["hash"]},
    }


ANCHOR_BREAKERS: dict[str, tuple[Tamper, str]] = {
    "full rehash": (
        lambda e: rehashed_from(e, 5, '{"title":"forged"}'),
        f"hash chain broken at position {SEED_EVENTS}: the hash there is not the expected head's",
    ),
    "deleted newest row": (
        lambda e: execute(e, delete(T).where(T.c.position == SEED_EVENTS)),
        f"hash chain broken at position {SEED_EVENTS}: the log ends before the expected head",
    ),
}


@pytest.mark.parametrize("case", sorted(ANCHOR_BREAKERS))
def test_a_published_head_catches_what_the_chain_alone_cannot(seeded: Any, case: str) -> None:
    url, engine = seeded
    anchor = f"{SEED_EVENTS}:{rows(engine)[-1]['hash']}"
    tamper, message = ANCHOR_BREAKERS[case]
    tamper(engine)

    assert crisis(url, "verify").exit_code == 0  # the chain alone is consistent
    anchored = crisis(url, "verify", "--expect-head", anchor)
    assert anchored.exit_code == 1
    assert anchored.stderr.startswith(f"Error: {message}")
    FIGURES["tamper cases only a published head catches, caught"] += 1


def test_a_log_that_extends_the_anchored_head_passes(seeded: Any) -> None:
    url, engine = seeded
    anchor = f"{SEED_EVENTS}:{rows(engine)[-1]['hash']}"
    assert crisis(url, "load", str(Path(__file__).parent / "corpus" / "valid.yaml")).exit_code == 0
    assert (
        crisis(url, "verify", "--expect-head", anchor).stdout
        == f"ok: {SEED_EVENTS + 3} events, hash chain intact\n"
    )
    malformed = crisis(url, "verify", "--expect-head", "49:xyz")
    assert (malformed.exit_code, malformed.stderr) == (
        1,
        "Error: --expect-head: expected POSITION:HASH (64 hex digits), not '49:xyz'\n",
    )
