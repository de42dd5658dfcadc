"""Writing an export to a file whole or not at all: a temporary file beside it, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from crisis_timeline.errors import CrisisError


class OutputError(CrisisError):
    """An output file that cannot be written."""


def write_file(path: str, content: bytes) -> None:
    """Write content to path atomically: a reader sees the old file or the new, never a part."""
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"-o {path}: is a directory")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise OutputError(f"-o {path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"-o {path}: cannot write: {e.strerror or e}") from None


def _mode(target: Path) -> int:
    """The existing file's permissions, else what umask gives a new file (mkstemp's are 0600)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
