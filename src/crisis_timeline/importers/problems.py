"""Bad rows: the first stops the import, or with `--report FILE` every one is listed there."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, TypeVar

from crisis_timeline.importers.reading import ImportFileError, RawRow, RowProblem

R = TypeVar("R")


class Problems:
    """Where bad rows go: raised at once, or written one a line to a report file."""

    def __init__(self, report: Path | None) -> None:
        self.report = report
        self.count = 0
        self._out: IO[str] | None = None

    def __enter__(self) -> Problems:
        if self.report is not None:
            try:
                self._out = self.report.open("w", encoding="utf-8")
            except OSError as e:
                raise ImportFileError(
                    f"--report {self.report}: cannot write: {e.strerror}"
                ) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._out is not None:
            self._out.close()

    def add(self, path: Path, problem: RowProblem) -> None:
        """A bad row of `path`: raised as the import's error, or listed in the report."""
        if self._out is None:
            raise ImportFileError(problem.where(path))
        self._out.write(problem.where(path) + "\n")
        self.count += 1

    def each(self, path: Path, rows: Iterable[RawRow], parse: Callable[[RawRow], R]) -> list[R]:
        """Each row parsed; a bad one is added here and left out."""
        good = []
        for raw in rows:
            try:
                good.append(parse(raw))
            except RowProblem as p:
                self.add(path, p)
        return good

    def call(self, path: Path, work: Callable[[], None]) -> None:
        """Do the work; a bad row it finds is added here."""
        try:
            work()
        except RowProblem as p:
            self.add(path, p)

    def check(self) -> None:
        """After every row was read: refuse the import if any was bad (nothing is written)."""
        if self.count:
            raise ImportFileError(
                f"{self.count} bad row{'s' if self.count != 1 else ''}, listed in {self.report}; "
                "nothing written"
            )
