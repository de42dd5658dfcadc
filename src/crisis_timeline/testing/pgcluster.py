"""A throwaway PostgreSQL cluster for the test suite and the benchmarks.

``start()`` runs ``initdb`` into a fresh temp directory and ``pg_ctl start`` on a free
127.0.0.1 port (plus a unix socket inside the temp dir), with durability switched off;
``stop()`` kills it (``pg_ctl stop -m immediate``) and deletes the directory.  As root,
the server runs as ``postgres`` (else ``nobody``): PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import psycopg
from psycopg import sql
from psycopg.abc import Query

SUPERUSER = "crisis_admin"
_BINARIES = ("initdb", "pg_ctl", "postgres")
_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


class ClusterUnavailableError(RuntimeError):
    """PostgreSQL binaries are missing or the cluster could not be started."""


def find_binaries() -> dict[str, str]:
    """Paths of initdb, pg_ctl and postgres: ``$PATH`` first, else the newest Debian bin dir."""
    found = {name: shutil.which(name) for name in _BINARIES}
    if all(found.values()):
        return {name: str(path) for name, path in found.items()}
    newest_first = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        reverse=True,
        key=lambda d: tuple(int(part) for part in Path(d).parent.name.split(".") if part.isdigit()),
    )
    for bindir in newest_first:
        paths = {name: os.path.join(bindir, name) for name in _BINARIES}
        if all(os.access(path, os.X_OK) for path in paths.values()):
            return paths
    missing = ", ".join(name for name, path in found.items() if not path)
    raise ClusterUnavailableError(
        f"PostgreSQL binaries not found ({missing}) on PATH or in /usr/lib/postgresql/*/bin"
    )


def _unprivileged() -> tuple[int, int, Callable[[], None]] | None:
    """(uid, gid, preexec_fn) dropping root to ``postgres``/``nobody``; None when not root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        entry = pwd.getpwnam("nobody")
    uid, gid = entry.pw_uid, entry.pw_gid

    def demote() -> None:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)

    return uid, gid, demote


class ThrowawayCluster:
    """A disposable PostgreSQL cluster: ``with ThrowawayCluster() as pg: engine(pg.url())``."""

    def __init__(self) -> None:
        self.base_dir: Path | None = None  # set while started; holds data/, sock/, pg.log
        self.socket_dir: Path | None = None  # unix socket directory (set while started)
        self.port = 0
        self._pg_ctl = "pg_ctl"
        self._running = False

    def start(self) -> None:
        if self.base_dir is not None:
            raise RuntimeError("cluster already started")
        binaries = find_binaries()
        self._pg_ctl = binaries["pg_ctl"]
        base = tempfile.mkdtemp(prefix="ctpg-")
        if len(base) > 60:  # unix socket paths are limited to ~107 bytes
            os.rmdir(base)
            base = tempfile.mkdtemp(prefix="ctpg-", dir="/tmp")
        self.base_dir = base_dir = Path(base)
        self.socket_dir = sock = base_dir / "sock"
        atexit.register(self.stop)
        data, log = base_dir / "data", base_dir / "pg.log"
        try:
            sock.mkdir()
            log.touch(mode=0o644)
            if (demote := _unprivileged()) is not None:
                for path in (base_dir, sock, log):
                    os.chown(path, demote[0], demote[1])
            self._run(
                binaries["initdb"],
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            )
            for attempt in range(3):  # another process may grab the free port before we bind it
                self.port = _free_port()
                settings = {
                    **_SETTINGS,
                    "port": str(self.port),
                    "unix_socket_directories": f"'{sock}'",
                }
                with open(
                    data / "postgresql.conf", "a", encoding="utf-8"
                ) as conf:  # last entry wins
                    conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
                self._running = True
                try:
                    self._run(
                        self._pg_ctl, "start", "-w", "-t", "60", "-D", str(data), "-l", str(log)
                    )
                    break
                except subprocess.SubprocessError:
                    if attempt == 2 or "already in use" not in log.read_text(errors="replace"):
                        raise
        except (OSError, subprocess.SubprocessError) as exc:
            try:
                tail = (
                    " | ".join(log.read_text(errors="replace").strip().splitlines()[-5:])
                    or "(empty)"
                )
            except OSError:
                tail = "(unreadable)"
            self.stop()
            raise ClusterUnavailableError(
                f"could not start PostgreSQL: {exc}; {log.name} tail: {tail}"
            ) from exc

    def _run(self, *cmd: str) -> None:
        demote = _unprivileged()
        proc = subprocess.run(
            cmd, cwd=self.base_dir, preexec_fn=demote and demote[2], capture_output=True, text=True
        )
        if proc.returncode != 0:
            output = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
            raise subprocess.SubprocessError(
                f"{Path(cmd[0]).name} {cmd[1]} exited {proc.returncode}: {output}"
            )

    def stop(self) -> None:
        """Stop the server (immediate mode) and delete the temp dir; idempotent."""
        atexit.unregister(self.stop)
        if self._running and self.base_dir is not None:
            self._running = False
            try:
                self._run(
                    self._pg_ctl, "stop", "-m", "immediate", "-w", "-D", str(self.base_dir / "data")
                )
            except (OSError, subprocess.SubprocessError):
                pass
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir, ignore_errors=True)
            self.base_dir = self.socket_dir = None

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, statement: Query, dbname: str = "postgres") -> None:
        """Run one statement in autocommit mode as the superuser."""
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True
        ) as conn:
            conn.execute(statement)

    def create_database(self, name: str, template: str | None = None) -> None:
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        self.execute(query)

    def drop_database(self, name: str) -> None:
        """Drop ``name`` (if it exists), terminating its other sessions first (PG >= 13)."""
        self.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def __enter__(self) -> ThrowawayCluster:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
