"""A real PostgreSQL server for the store's tests: Debian's binaries, a throw-away cluster.

``initdb`` into a temporary folder and ``pg_ctl start`` listening on 127.0.0.1 only, on a
free port, trust authentication for the one local user. PostgreSQL refuses to run as root,
so under root (CI) the cluster belongs to an unprivileged user (``nobody``) and the
binaries run through ``runuser``. Each test gets a database of its own.

When the binaries are missing the tests marked ``postgres`` skip, saying why; in CI
(``CI=1``, set by ``.ci/run``) they fail instead, so a server that could not be installed
is never a silent pass.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

UNPRIVILEGED = "nobody"
USER = "explorer"


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (Debian's newest version first)."""
    explicit = os.environ.get("EXPLORER_PG_BIN")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """A running cluster; :meth:`url` names one of its databases."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.root = Path(tempfile.mkdtemp(prefix="explorer-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_user: list[str] = []
        if os.geteuid() == 0:  # postgres will not run as root
            shutil.chown(self.root, user=UNPRIVILEGED)
            self._as_user = ["runuser", "-u", UNPRIVILEGED, "--"]
        self._databases = 0

    def _run(self, *command: str) -> None:
        done = subprocess.run(
            [*self._as_user, *command], capture_output=True, text=True, cwd=self.root
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        self._run(
            str(self.binaries / "initdb"),
            *("-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8"),
            *("--locale=C.UTF-8", "--no-sync"),
        )
        # Throw-away data: no fsync. Only TCP on loopback, no Unix socket in /run.
        options = f"-h 127.0.0.1 -p {self.port} -k '' -c fsync=off -c full_page_writes=off"
        self._run(
            str(self.binaries / "pg_ctl"),
            *("-D", str(self.data), "-l", str(self.root / "server.log"), "-w"),
            *("-o", options, "start"),
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        self._databases += 1
        name = f"test_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def running(binaries: Path) -> Iterator[Server]:
    server = Server(binaries)
    try:
        server.start()
        yield server
    finally:
        server.stop()
