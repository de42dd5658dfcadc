"""How far behind the log the views are, for every answer's X-Crisis-Behind header, and answers
as costly as the page's knowledge times (`remember`), read again only when the database may have
changed.

On SQLite a commit by any process writes the database's files (the write-ahead log, or the file
itself), so their sizes and modification times are a key that changes with every commit. The
file system's clock ticks coarsely (milliseconds), so two commits within one tick could leave
the key as it was: a key whose files changed within the last second is never trusted. The key is
read before the views' positions, so a commit between the two is seen at the next answer. On
PostgreSQL nothing so cheap says a transaction committed: it is read every time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar, cast

from sqlalchemy import Engine

from crisis_timeline.projections.catalog import VIEWS
from crisis_timeline.projections.positions import Standing, standing

Key = tuple[tuple[int, int], ...]
T = TypeVar("T")
SETTLED_NS = 1_000_000_000
"""How long ago the files must have last changed for their key to be trusted."""


class Behind:
    """`standing(engine, VIEWS)` and remembered answers, kept while the SQLite files they were
    read from are unchanged."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.files = _sqlite_files(engine)
        self.kept: tuple[Key, Standing] | None = None
        self.answers: dict[Hashable, tuple[Key, object]] = {}

    def __call__(self) -> Standing:
        """Where the most-behind view stands against the log's head, as of now."""
        key = self._key()
        if key is not None and self.kept is not None and self.kept[0] == key:
            return self.kept[1]
        found = standing(self.engine, VIEWS)
        self.kept = None if key is None else (key, found)
        return found

    def remember(self, name: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, kept under `name` while the SQLite files are unchanged (never on
        PostgreSQL, nor while they may still be changing)."""
        key = self._key()
        kept = self.answers.get(name)
        if key is not None and kept is not None and kept[0] == key:
            return cast(T, kept[1])
        found = compute()
        if key is not None:
            self.answers[name] = (key, found)
        return found

    def _key(self) -> Key | None:
        if not self.files:
            return None
        stats = []
        for f in self.files:
            try:
                s = os.stat(f)
            except FileNotFoundError:
                stats.append(
                    (0, 0)
                )  # no log file yet (or removed at a checkpoint): part of the key
                continue
            stats.append((s.st_size, s.st_mtime_ns))
        if time.time_ns() - max(m for _, m in stats) < SETTLED_NS:
            return None  # written a moment ago: another commit may share its time stamp
        return tuple(stats)


def _sqlite_files(engine: Engine) -> list[Path]:
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return []
    path = Path(engine.url.database.removeprefix("file:"))
    return [path, Path(f"{path}-wal")] if path.is_file() else []
