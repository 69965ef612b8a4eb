"""A throwaway PostgreSQL cluster on loopback, for the tests and the benchmarks (never imported by the app).

`initdb` refuses to run as root, and so does the server: as root both run as the ``postgres``
user through ``runuser``, in a data directory that user owns. The cluster listens on 127.0.0.1
and on a Unix socket in its own directory, trusts local connections and is removed when stopped.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "atlas"
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"  # Debian and Ubuntu install the server's programs here
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def find_binaries(search_path: str | None = None, debian_root: Path = Path("/usr/lib/postgresql")) -> Path | None:
    """The directory holding `initdb` and `pg_ctl`: from PATH, else Debian's newest version; None when absent.

    Debian's `postgresql` package does not put `initdb` on PATH (only the client wrappers), so
    ``/usr/lib/postgresql/<major>/bin`` is searched too, the highest major version first.
    """
    initdb = shutil.which("initdb", path=search_path)
    if initdb:
        directory = Path(initdb).resolve().parent
        if (directory / "pg_ctl").exists():
            return directory
    versions = []
    for candidate in debian_root.glob("*/bin") if debian_root.is_dir() else ():
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            major = candidate.parent.name
            versions.append((tuple(int(p) for p in major.split(".") if p.isdigit()), candidate))
    return max(versions)[1] if versions else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in a temporary directory, started on a free loopback port.

    Parameters
    ----------
    binaries : Path
        The directory with `initdb` and `pg_ctl` (`find_binaries()`).
    settings : dict, optional
        Server settings (``-c name=value``), e.g. ``{"fsync": "off"}`` for tests.

    Examples
    --------
    ``with Cluster(find_binaries()) as cluster: url = cluster.create_database("bench")``
    """

    def __init__(self, binaries: Path, settings: dict[str, str] | None = None):
        self.binaries = Path(binaries)
        self.settings = dict(settings or {})
        self._as_postgres = os.geteuid() == 0
        # As root the server runs as `postgres`, which must reach the directory: /tmp, whatever TMPDIR says.
        self.directory = Path(tempfile.mkdtemp(prefix="atlas-pg-", dir="/tmp" if self._as_postgres else None))
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        self.port = 0

    def _run(self, *args: str) -> None:
        command = [str(self.binaries / args[0]), *args[1:]]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()} {log}")

    def start(self) -> Cluster:
        """Run initdb (UTF-8, C collation: text sorts by code point, as in DuckDB), then start the server."""
        if self._as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C")
        options = " ".join(
            [f"-p {{port}} -k {self.directory} -c listen_addresses=127.0.0.1"]
            + [f"-c {name}={value}" for name, value in self.settings.items()]
        )
        for attempt in range(3):  # a free port can be taken between the check and the start
            self.port = free_port()
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options.format(port=self.port),
                          "-w", "-t", "60", "start")  # fmt: skip
                return self
            except RuntimeError:
                if attempt == 2:
                    raise
        return self  # pragma: no cover - the loop returns or raises

    def url(self, database: str = "postgres") -> str:
        """The connection URL of `database` (TCP on loopback, no password: the cluster trusts local users)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database (from template0); its URL."""
        if not _NAME.match(name):
            raise ValueError(f"database name must match {_NAME.pattern}, got {name!r}")
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url(name)

    def restart(self) -> None:
        """Stop the server (fast: open connections are closed) and start it again on the same port."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "-t", "60", "restart")

    def stop(self) -> None:
        """Stop the server at once and remove its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
