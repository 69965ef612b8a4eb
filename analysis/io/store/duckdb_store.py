"""The embedded backend: one DuckDB file, `atlas.duckdb`, in the store directory (the default).

DuckDB lets one process write a file at a time; within this process every operation takes a
lock of its own, so that the read-only and read-write connections of several sessions never
meet. A lock held by another process is waited for a moment, then named.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.io.store.base import Connection, Store, migrate
from analysis.io.store.errors import StoreError, fault

STORE_FILE = "atlas.duckdb"
LOCK_WAIT = 2.0  # seconds to wait for another process's lock before saying so
_PARAM = re.compile(r"(?<![:\w]):(\w+)")
_HOLDER = re.compile(r"held in (.*?) \(PID (\d+)\)")
_LOCKS: dict[Path, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def _process_lock(path: Path) -> threading.RLock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(path.resolve(), threading.RLock())


class DuckDBConnection(Connection):
    """`Connection` over a DuckDB connection; `:name` parameters become `$name`."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def execute(self, sql: str, params: dict | None = None) -> None:
        self.con.execute(_PARAM.sub(r"$\1", sql), params or None)

    def rows(self, sql: str, params: dict | None = None) -> list[tuple]:
        return self.con.execute(_PARAM.sub(r"$\1", sql), params or None).fetchall()

    def frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        return self.con.execute(_PARAM.sub(r"$\1", sql), params or None).df()

    def arrow(self, sql: str, params: dict | None = None) -> pa.Table:
        return self.con.sql(_PARAM.sub(r"$\1", sql), params=params or None).to_arrow_table()

    def insert(self, table: str, columns: Sequence[str], frame: pd.DataFrame, constants: dict) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        fixed = ", ".join(f"${k}" for k in constants)
        self.con.register("incoming_rows", frame[list(columns)])
        try:
            self.con.execute(
                f"INSERT INTO {table} ({', '.join(constants)}, {names}) SELECT {fixed}, {names} FROM incoming_rows",
                constants,
            )
        finally:  # after a failed insert (a full disk) the transaction is aborted; keep its error, not this one
            with contextlib.suppress(duckdb.Error):
                self.con.unregister("incoming_rows")

    def columns(self, table: str) -> list[str]:
        found = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        return [c for (c,) in found]

    def close(self) -> None:
        self.con.close()


class DuckDBStore(Store):
    """The store in a directory: ``<directory>/atlas.duckdb``."""

    def __init__(self, location):
        self.directory = Path(location)
        self.path = self.directory / STORE_FILE
        self.location = str(self.path)

    def exists(self) -> bool:
        """Whether the store file exists (it is created by the first write)."""
        return self.path.exists()

    @contextmanager
    def _connection(self, write: bool) -> Iterator[DuckDBConnection]:
        if not write and not self.path.exists():
            raise fault("missing", self.location)
        with _process_lock(self.path):
            con = self._open(write)
            try:
                if write:
                    migrate(con, self.location)
                yield con
            except duckdb.Error as exc:
                raise classify(exc, self.location) from exc
            finally:
                con.close()

    def _open(self, write: bool) -> DuckDBConnection:
        if write:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise classify(exc, self.location) from exc
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=not write)
                break
            except duckdb.Error as exc:
                error = classify(exc, self.location)
                if error.reason != "locked" or time.monotonic() > deadline:
                    raise error from exc
                time.sleep(0.1)
        con.execute("SET enable_progress_bar = false")  # no progress bars on a command's output
        return DuckDBConnection(con)


def classify(exc: BaseException, location: str) -> StoreError:
    """The StoreError that names the cause of a DuckDB or file-system error."""
    text = str(exc)
    lowered = text.lower()
    if "no space left" in lowered or "disk full" in lowered or getattr(exc, "errno", None) == 28:
        return fault("full", location, text)
    if "could not set lock" in lowered or "conflicting lock" in lowered:
        holder = _HOLDER.search(text)
        who = f"{holder[1]}, PID {holder[2]}" if holder else "?"
        return fault("locked", location, text, holder=who)
    if (
        "read-only file system" in lowered
        or "permission denied" in lowered
        or ("cannot open file" in lowered and "read-only" in lowered)
        or getattr(exc, "errno", None) in (13, 30)
    ):
        return fault("read_only", location, text)
    if (
        isinstance(exc, duckdb.SerializationException | duckdb.InternalException)
        or "not a valid duckdb database" in lowered
        or "corrupt" in lowered
        or "checksum" in lowered
        or "truncated" in lowered
        or "unexpected end" in lowered
        or ("database file" in lowered and "invalid" in lowered)
    ):
        return fault("corrupt", location, text)
    if isinstance(exc, duckdb.IOException) and "read-only" in lowered:
        return fault("read_only", location, text)
    return fault("failed", location, text, error=text)
