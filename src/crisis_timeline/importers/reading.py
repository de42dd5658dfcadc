"""Reading an import file a row at a time: where each row starts, its text, its fields.

Nothing holds more than one row: a CSV row is read with the lines it spans (a quoted `notes`
may hold newlines), so each row knows its first line and its code-point offset in the file.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from crisis_timeline.errors import CrisisError

READ_BLOCK = 1 << 20
ENCODING = "utf-8-sig"
"""Exports are UTF-8; a byte-order mark (as spreadsheet programs write) is skipped, and offsets
count code points after it."""


class ImportFileError(CrisisError):
    """A file that cannot be imported: one line naming the file, the line and the column."""


def file_sha256(path: Path) -> str:
    """The file's sha256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class RawRow:
    """One row: the line it starts on, its offset in the file, its text as written, its fields."""

    line: int
    offset: int
    text: str
    fields: dict[str, str]
    problem: str | None = None
    """What is wrong with the row as a whole (its number of fields), if anything."""


class _CountingLines:
    """The file's lines, counting lines and code points as the csv reader takes them."""

    def __init__(self, f: IO[str]) -> None:
        self._f = f
        self.lines = 0
        self.offset = 0
        self.taken: list[str] = []

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self._f)
        self.lines += 1
        self.offset += len(line)
        self.taken.append(line)
        return line


def open_text(path: Path) -> IO[str]:
    """The file opened for reading rows, or a one-line error saying why it cannot be."""
    try:
        return path.open(encoding=ENCODING, newline="")
    except OSError as e:
        raise ImportFileError(f"{path}: cannot read: {e.strerror or e}") from None


def csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[RawRow]:
    """Each data row of a CSV file with a header line naming at least the `required` columns."""
    with open_text(path) as f:
        lines = _CountingLines(f)
        reader = csv.reader(lines, strict=True)
        try:
            header = [h.strip().lower() for h in next(reader, [])]
            missing = [c for c in required if c not in header]
            if missing:
                raise ImportFileError(f"{path}:1: header: missing column(s) {', '.join(missing)}")
            line, offset = lines.lines + 1, lines.offset
            lines.taken.clear()
            for values in reader:
                text = "".join(lines.taken)
                lines.taken.clear()
                if values:
                    yield RawRow(
                        line, offset, text, dict(zip(header, values)), _width(header, values)
                    )
                line, offset = lines.lines + 1, lines.offset
        except csv.Error as e:
            raise ImportFileError(f"{path}:{lines.lines}: row: not CSV ({e})") from None
        except UnicodeDecodeError as e:
            raise ImportFileError(
                f"{path}:{lines.lines + 1}: row: not UTF-8 ({e.reason})"
            ) from None


def _width(header: list[str], values: list[str]) -> str | None:
    if len(values) == len(header):
        return None
    return f"{len(values)} fields where the header names {len(header)}"


def text_lines(path: Path) -> Iterator[tuple[int, int, str]]:
    """Each line of a text file (JSON lines): its number, offset, and text without the newline."""
    with open_text(path) as f:
        number = offset = 0
        try:
            for line in f:
                number += 1
                yield number, offset, line.rstrip("\r\n")
                offset += len(line)
        except UnicodeDecodeError as e:
            raise ImportFileError(f"{path}:{number + 1}: line: not UTF-8 ({e.reason})") from None


class RowProblem(Exception):
    """What is wrong with one row: its line, the column, and what."""

    def __init__(self, line: int, column: str, what: str) -> None:
        super().__init__(f"{line}: {column}: {what}")
        self.line, self.column, self.what = line, column, what

    def where(self, path: Path) -> str:
        """The one-line message: FILE:LINE: column: what is wrong."""
        return f"{path}:{self.line}: {self.column}: {self.what}"
