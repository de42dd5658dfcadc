"""The peer: the `eventsourcing` library appending the same events to a file SQLite database.

Same batching as our loader: one `app.save(...)` (one transaction) per chunk of documents.
A stream seen in an earlier chunk is fetched back through the repository, as an application
using the library would; new streams are new aggregates. Reading back walks the application's
notification log in sections of 1000 and maps every notification to its domain event.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import Any

PERSISTENCE = "eventsourcing.sqlite"


def missing() -> str | None:
    """Why the peer cannot run here (None when it can)."""
    try:
        importlib.import_module("eventsourcing.application")
    except ImportError as e:
        return f"the eventsourcing library is not installed (pip install -e '.[bench]'): {e}"
    return None


class Peer:
    """One eventsourcing application on a fresh SQLite file."""

    def __init__(self, path: Path) -> None:
        from bench.peer_model import CrisisPeer

        self.path = path
        self.app = CrisisPeer(env={"PERSISTENCE_MODULE": PERSISTENCE, "SQLITE_DBNAME": str(path)})
        self.known: set[str] = set()
        self.appended = 0
        self.seconds = 0.0

    def append(self, facts: list[tuple[str, dict[str, Any]]]) -> None:
        """Record (stream, fact) pairs in one save; the time is added to self.seconds."""
        from bench.peer_model import StreamAggregate

        t0 = time.perf_counter()
        touched: dict[str, StreamAggregate] = {}
        for stream, fact in facts:
            aggregate = touched.get(stream)
            if aggregate is None and stream in self.known:
                aggregate = touched[stream] = self.app.repository.get(
                    StreamAggregate.create_id(stream, fact)
                )
            if aggregate is None:
                touched[stream] = StreamAggregate(stream=stream, fact=fact)
                self.known.add(stream)
            else:
                aggregate.record(fact=fact)
        self.app.save(*touched.values())
        self.seconds += time.perf_counter() - t0
        self.appended += len(facts)

    def read_all(self) -> tuple[int, float]:
        """Every notification in order, each mapped back to a domain event; (count, seconds)."""
        log, mapper = self.app.notification_log, self.app.mapper
        t0 = time.perf_counter()
        n, start = 0, 1
        while True:
            section = log.select(start, log.section_size)
            if not section:
                break
            for notification in section:
                mapper.to_domain_event(notification)
            n += len(section)
            start = section[-1].id + 1
        return n, time.perf_counter() - t0

    def close(self) -> None:
        """Close the application and delete its database file."""
        self.app.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
