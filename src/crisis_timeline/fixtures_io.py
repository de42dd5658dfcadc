"""Reading the files a load names: regular files only, of bounded size, text files confined.

A FIFO would block the load for ever and /dev/zero would fill memory, so a file is opened
without blocking and checked to be a regular file before a byte is read; its size is capped
before it is read and again while reading (a file may grow in between).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from crisis_timeline.errors import CrisisError

MAX_FIXTURE_BYTES = 8 * 1024 * 1024
"""A fixture file (the largest of the benchmark corpus is under 100 KB)."""

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""A source's text (a long report is a few hundred KB)."""

MAX_PROBLEMS = 50
"""Problems reported before a load stops checking."""


class InputError(CrisisError):
    """A file that cannot be read as fixture input; the message says why, without its contents."""


def read_text(path: Path, limit: int) -> str:
    """A regular file's UTF-8 text (newlines as text mode reads them), at most limit bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}") from None
    except ValueError as e:  # a NUL in the path
        raise InputError(f"cannot read: {e}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(f"not a regular file ({_kind(mode)})")
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise InputError(f"cannot read: {e.strerror}") from None
    if len(data) > limit:
        raise InputError(f"larger than the {limit:,} bytes allowed")
    try:
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start} of the file)") from None


def confined(fixture: Path, text_file: str) -> Path:
    """The path of a fixture's text_file, which must resolve inside the fixture's folder."""
    if "\x00" in text_file:
        raise InputError("cannot read: embedded null byte")
    folder = fixture.parent.resolve()
    target = (fixture.parent / text_file).resolve()
    if not target.is_relative_to(folder):
        raise InputError(
            f"resolves outside the fixture's folder {str(folder)!r}; "
            "move the text beside the fixture or pass it with --text"
        )
    return target


def capped(problems: list[str]) -> list[str]:
    """The first MAX_PROBLEMS problems, and a line saying how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [
        *problems[:MAX_PROBLEMS],
        f"... and {more:,} more problem{'s' if more != 1 else ''} not shown",
    ]


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket or other special file"
