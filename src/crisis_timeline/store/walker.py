"""The hash chain walked on the other core while this process works: a rebuild folds the log
while a child process checks its chain, and commits only once the chain verifies.

The child is `python -m crisis_timeline.store.walker`, a fresh interpreter (no fork of a
process holding open connections). It reads through a reader engine, so it cannot write; it is
told where and how far on stdin, not on its command line (a PostgreSQL URL may hold a password,
which other users of the machine could read there), and prints its ChainCheck as one JSON line.

A short log is walked here instead (starting an interpreter costs about what the walk of
BESIDE_FROM events does), and so is a database only this process can see (SQLite in memory).
A child that does not answer (it could not start, read or finish) costs nothing but time: its
walk is done again here. So the answer is always a walk of every position up to `until`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from crisis_timeline.errors import CrisisError
from crisis_timeline.store import chain

BESIDE_FROM = 20_000
"""From how many events the chain is walked in a child process."""
COMMAND = [sys.executable, "-m", "crisis_timeline.store.walker"]


class Walk:
    """The walk of the chain up to `until`: begun in a child or done here at once."""

    def __init__(self, engine: Engine, until: int):
        self.engine, self.until = engine, until
        self._check: chain.ChainCheck | None = None
        self._child: subprocess.Popen[bytes] | None = None
        if until >= BESIDE_FROM and _seen_by_others(engine.url):
            self._child = _start(engine.url, until)
        if self._child is None:
            self._check = chain.walk(engine, until=until)

    def refuse_if_broken(self) -> None:
        """Raise now if the walk has ended and found the chain broken (it may still be on)."""
        if self._check is None and self._child is not None and self._child.poll() is not None:
            self._check = self._collected()
        if self._check is not None and not self._check.ok:
            raise broken(self._check)

    def result(self) -> chain.ChainCheck:
        """The walk's answer, waiting for the child if it is still on."""
        if self._check is None:
            self._check = self._collected()
        return self._check

    def close(self) -> None:
        """Stop a child still walking (the work it was checking was given up)."""
        child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.kill()
            child.communicate()

    def _collected(self) -> chain.ChainCheck:
        child, self._child = self._child, None
        assert child is not None
        out, _err = child.communicate()
        found = _answer(out) if child.returncode == 0 else None
        return found if found is not None else chain.walk(self.engine, until=self.until)


@contextmanager
def walking(engine: Engine, until: int) -> Iterator[Walk]:
    """A walk of the chain up to `until` for the block's length; a broken chain seen at once (a
    short log, walked here) raises CrisisError before the block runs."""
    walk = Walk(engine, until)
    try:
        walk.refuse_if_broken()
        yield walk
    finally:
        walk.close()


def broken(check: chain.ChainCheck) -> CrisisError:
    """The error that refuses work on a log whose chain does not verify."""
    return CrisisError(
        f"not rebuilt: hash chain broken at position {check.bad_position}: {check.reason}"
    )


def _seen_by_others(url: URL) -> bool:
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def _start(url: URL, until: int) -> subprocess.Popen[bytes] | None:
    job = {"url": url.render_as_string(hide_password=False), "until": until}
    try:
        child = subprocess.Popen(
            COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError:
        return None
    assert child.stdin is not None
    try:
        child.stdin.write(json.dumps(job).encode("utf-8"))
        child.stdin.close()
        child.stdin = None  # communicate() would flush it again
    except OSError:  # it ended before reading its job
        child.kill()
        child.communicate()
        return None
    return child


def _answer(out: bytes) -> chain.ChainCheck | None:
    try:
        found = json.loads(out)
        head = found["head"]
        return chain.ChainCheck(
            checked=int(found["checked"]),
            bad_position=found["bad_position"],
            reason=str(found["reason"]),
            head=None if head is None else chain.Head(int(head[0]), str(head[1])),
        )
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def main() -> None:
    """The child: walk the chain of the database named on stdin, print the result as JSON."""
    from crisis_timeline.store.engine import open_reader

    job = json.loads(sys.stdin.read())
    engine = open_reader(job["url"])
    check = chain.walk(engine, until=int(job["until"]))
    engine.dispose()
    head = None if check.head is None else [check.head.position, check.head.hash]
    print(
        json.dumps(
            {
                "checked": check.checked,
                "bad_position": check.bad_position,
                "reason": check.reason,
                "head": head,
            }
        )
    )


if __name__ == "__main__":
    main()
