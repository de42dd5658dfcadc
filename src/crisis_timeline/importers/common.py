"""What both importers share: deterministic ids, actor and place ids from names, the events
of a chunk of rows gathered by stream, and the identifications appended once."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Generic, TypeVar
from uuid import UUID, uuid5

from crisis_timeline.events import NewEvent
from crisis_timeline.events.registry import Payload
from crisis_timeline.events.sources import AdmiraltyRating, Reliability, SourceRegistered
from crisis_timeline.importers.problems import Problems
from crisis_timeline.importers.reading import RawRow, RowProblem, file_sha256
from crisis_timeline.store.appending import Appending
from crisis_timeline.store.event_store import ANY_VERSION, Batch
from crisis_timeline.store.first_lines import FirstLines
from crisis_timeline.time import PartialTime, parse_partial

NAMESPACE = UUID("4b1e0c2e-8f0a-4d55-9b64-2f6f0f6d9a31")
"""Of every imported event's id: uuid5 of this and what the event is (see event_id)."""
CHUNK_ROWS = 2000
"""Rows read, checked and appended at a time: what memory holds of a file, whatever its size."""
NOT_RATED = AdmiraltyRating(
    reliability=Reliability.F,
    credibility=6,
    rated_by="crisis import",
    rationale="Not rated at import: an analyst rates it with a correction of this registration.",
)


def event_id(*parts: str) -> UUID:
    """The id of an imported event: the same parts always give the same id, so that importing
    a file again appends nothing."""
    return uuid5(NAMESPACE, "/".join(parts))


def slug(text: str, limit: int = 60) -> str:
    """Lowercase ASCII words joined by hyphens: 'Military Forces of Russia (2000-)' gives
    'military-forces-of-russia-2000'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-") or "x"


@lru_cache(maxsize=16384)
def named_id(family: str, prefix: str, name: str) -> str:
    """A stream id for a name: its slug and a short digest of the name itself, so that two names
    with one slug ('Police (Ukraine)', 'Police, Ukraine') stay two."""
    digest = hashlib.blake2b(name.encode(), digest_size=3).hexdigest()
    return f"{family}/{prefix}-{slug(name)}-{digest}"


def file_source(path: Path, sha256: str, publisher: str, published: PartialTime) -> Batch:
    """The registration of an import file as a source: its name, publisher and sha256."""
    payload = SourceRegistered(
        publisher=publisher,
        title=path.name,
        published=published,
        sha256=sha256,
        rating=NOT_RATED,
    )
    stream = source_id(sha256)
    event = NewEvent.of(payload, id=event_id("file", sha256), stream=stream, reported=published)
    return Batch(stream, [event], ANY_VERSION)


def source_id(sha256: str) -> str:
    """The source id of an import file: named by its content, never by where it lies."""
    return f"source/file-{sha256[:16]}"


@dataclass
class Pending:
    """The events of one chunk of rows, by stream, and the identifications they need."""

    by_stream: dict[str, list[NewEvent]] = field(default_factory=dict)
    identities: dict[str, Callable[[], NewEvent]] = field(default_factory=dict)
    """Actor and place streams named in the chunk: how to identify each, if not yet identified."""

    def add(self, event: NewEvent) -> None:
        """One more event for its stream."""
        self.by_stream.setdefault(event.stream, []).append(event)

    def extend(self, events: Iterable[NewEvent]) -> None:
        """More events, each for its stream."""
        for event in events:
            self.add(event)

    def identify(self, stream: str, make: Callable[[], NewEvent]) -> None:
        """Identify the actor or place of `stream` unless it is already (the first row wins)."""
        self.identities.setdefault(stream, make)

    def flush(self, into: Appending) -> int:
        """Append the chunk's events and the identifications not yet stored; start a new chunk."""
        known = into.stream_versions(self.identities)
        for stream, make in self.identities.items():
            if not known[stream]:
                self.add(make())
        batches = [Batch(s, evs, ANY_VERSION) for s, evs in self.by_stream.items()]
        appended = len(into.append_batches(batches).appended) if batches else 0
        self.by_stream, self.identities = {}, {}
        return appended


def new_event(payload: Payload, stream: str, key: tuple[str, ...], **envelope: object) -> NewEvent:
    """An imported event of `payload` on `stream`, its id made from `key`."""
    return NewEvent.of(payload, id=event_id(*key), stream=stream, **envelope)


Progress = Callable[[int], None]


def chunks(rows: Iterable[RawRow], progress: Progress | None) -> Iterator[list[RawRow]]:
    """The rows CHUNK_ROWS at a time; `progress` is told how many characters each took."""
    chunk: list[RawRow] = []
    done = 0
    for raw in rows:
        chunk.append(raw)
        if len(chunk) >= CHUNK_ROWS:
            done = _told(progress, chunk, done)
            yield chunk
            chunk = []
    if chunk:
        _told(progress, chunk, done)
        yield chunk


def _told(progress: Progress | None, chunk: list[RawRow], done: int) -> int:
    end = chunk[-1].offset + len(chunk[-1].text)
    if progress:
        progress(end - done)
    return end


class TimeSpan:
    """The first and last of the times seen: an export's rows are published over that span."""

    def __init__(self) -> None:
        self.first: datetime | None = None
        self.last: datetime | None = None

    def extend(self, times: Iterable[datetime]) -> None:
        """See these times too."""
        for t in times:
            self.first = t if self.first is None or t < self.first else self.first
            self.last = t if self.last is None or t > self.last else self.last

    def partial(self, words: str) -> PartialTime | None:
        """The span as a partial time to the second (None if no time was seen)."""
        if self.first is None or self.last is None:
            return None
        form = "%Y-%m-%dT%H:%M:%SZ"
        first, last = f"{self.first:{form}}", f"{self.last:{form}}"
        return parse_partial(first if first == last else f"{first}/{last}", words)


R = TypeVar("R")
S = TypeVar("S")


@dataclass(frozen=True)
class FileImport(Generic[R, S]):
    """How one kind of file is imported: each row checked, what the store holds of the good ones
    read a chunk at a time, and each applied."""

    publisher: str
    published_words: str
    """What the source's published span is made of (its words)."""
    parse: Callable[[RawRow], R]
    """A row's checked form, or a RowProblem."""
    when: Callable[[R], datetime]
    """A checked row's knowledge time."""
    read: Callable[[list[R], Appending], S]
    """What the store holds of a chunk's rows."""
    apply: Callable[[R, S, Pending, str], None]
    """The row's events into Pending (the last argument is the file's source), or a RowProblem."""
    unique: tuple[str, Callable[[R], tuple[str, int]]] | None = None
    """If a key may be on one row of the file only: the field an error names, and a checked
    row's key and line. A second row with a key is refused, whichever chunks hold the two."""

    def run(
        self,
        into: Appending,
        path: Path,
        rows: Iterable[RawRow],
        problems: Problems,
        progress: Progress | None,
    ) -> int:
        """Import the file's rows; register the file as a source if it appended anything.
        Returns the number of rows read."""
        sha = file_sha256(path)
        source, times, before, count = source_id(sha), TimeSpan(), into.appended, 0
        keys = into.first_lines() if self.unique else nullcontext(None)
        with keys as seen:  # of the whole file, kept by the database
            for chunk in chunks(rows, progress):
                good = problems.each(path, chunk, self.parse)
                count += len(chunk)
                times.extend(self.when(r) for r in good)
                if problems.count:
                    continue  # nothing will be written: only look for more bad rows
                stored, pending, first = self.read(good, into), Pending(), self._first(good, seen)
                for row in good:
                    work = partial(self._apply, row, first, stored, pending, source)
                    problems.call(path, work)
                if not problems.count:
                    pending.flush(into)
        published = times.partial(self.published_words)
        if into.appended > before and published is not None:
            into.append_batches([file_source(path, sha, self.publisher, published)])
        return count

    def _first(self, rows: list[R], seen: FirstLines | None) -> dict[str, int]:
        """The line each unique key of these rows was first on in the file (none if no key)."""
        if self.unique is None or seen is None:
            return {}
        return seen.of(map(self.unique[1], rows))

    def _apply(self, row: R, first: dict[str, int], stored: S, pending: Pending, src: str) -> None:
        if self.unique is not None:
            field_name, key_line = self.unique
            key, line = key_line(row)
            if first[key] != line:
                raise RowProblem(line, field_name, f"{key} is also on line {first[key]}")
        self.apply(row, stored, pending, src)
