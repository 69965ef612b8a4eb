"""The versioned store: one embedded DuckDB file under a data directory.

Every import of a kind writes a new version inside one transaction: the rows, the version
record and the pointer to the current version commit together or not at all, so a failed
or killed import leaves the previous version current and readable (DuckDB discards an
uncommitted transaction from its write-ahead log on the next open). Old versions are kept
and can be restored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from analysis.schemas import KINDS, Kind

SQL_TYPES = {
    "region": "VARCHAR",
    "month": "VARCHAR",
    "year": "INTEGER",
    "int": "BIGINT",
    "float": "DOUBLE",
    "money": "DOUBLE",
    "share": "DOUBLE",
    "score": "INTEGER",
    "text": "VARCHAR",
    "bool": "BOOLEAN",
}
STORE_FILE = "atlas.duckdb"


class StoreError(RuntimeError):
    """A store operation that cannot be done (unknown kind, missing version, locked file)."""


@dataclass(frozen=True)
class VersionInfo:
    kind: str
    version: int
    rows: int


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise StoreError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    return KINDS[kind]


def _table(kind: str) -> str:
    return f"data_{kind}"


def _create_sql(kind: Kind) -> str:
    columns = ", ".join(
        f'"{stored}" {SQL_TYPES[c.type]}' for c, stored in zip(kind.columns, kind.stored_columns, strict=True)
    )
    return f"CREATE TABLE IF NOT EXISTS {_table(kind.name)} (version INTEGER NOT NULL, {columns})"


class Store:
    """A directory holding the DuckDB store.

    Parameters
    ----------
    directory : Path
        Created on first write. The database file is `directory / "atlas.duckdb"`.
    """

    def __init__(self, directory: Path | str):
        self.directory = Path(directory)
        self.path = self.directory / STORE_FILE

    # -- connections -------------------------------------------------------------------
    def _connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}")
        self.directory.mkdir(parents=True, exist_ok=True)
        for attempt in range(20):
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:  # another process holds the write lock
                if attempt == 19:
                    raise StoreError(f"the store at {self.path} is busy: {exc}") from exc
                time.sleep(0.1)
        con.execute("SET enable_progress_bar = false")  # no progress bars on a CLI's output
        if not read_only:
            self._ensure_schema(con)
        return con

    @staticmethod
    def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "CREATE TABLE IF NOT EXISTS versions (kind VARCHAR, version INTEGER, created_at TIMESTAMP, "
            "source VARCHAR, filename VARCHAR, rows BIGINT, note VARCHAR, PRIMARY KEY (kind, version))"
        )
        con.execute("CREATE TABLE IF NOT EXISTS current (kind VARCHAR PRIMARY KEY, version INTEGER)")
        con.execute(
            "CREATE TABLE IF NOT EXISTS shortlist (dataset VARCHAR, level VARCHAR, region_id VARCHAR, "
            "added_at TIMESTAMP, PRIMARY KEY (dataset, level, region_id))"
        )
        for kind in KINDS.values():
            con.execute(_create_sql(kind))

    def exists(self) -> bool:
        return self.path.exists()

    # -- writing -----------------------------------------------------------------------
    def write(
        self,
        kind: str,
        frame: pd.DataFrame,
        *,
        source: str = "import",
        filename: str = "",
        note: str = "",
        before_commit: Callable[[], None] | None = None,
    ) -> VersionInfo:
        """Store `frame` as a new version of `kind` and make it current, atomically.

        Parameters
        ----------
        kind : str
            One of `analysis.schemas.KINDS`.
        frame : DataFrame
            Validated rows with the kind's stored columns (extra columns are ignored,
            missing optional columns are stored as NULL).
        source : {"import", "demo", "restore"}
        filename, note : str
            Kept in the version record.
        before_commit : callable, optional
            Called inside the open transaction just before it commits; fault-injection
            tests use it to kill the process mid-import.

        Returns
        -------
        VersionInfo
        """
        spec = _kind(kind)
        rows = frame.reindex(columns=list(spec.stored_columns))
        con = self._connect()
        try:
            con.execute("BEGIN TRANSACTION")
            version = _scalar(con, "SELECT coalesce(max(version), 0) + 1 FROM versions WHERE kind = ?", [kind])
            con.register("incoming", rows)
            cols = ", ".join(f'"{c}"' for c in spec.stored_columns)
            con.execute(f"INSERT INTO {_table(kind)} (version, {cols}) SELECT {version}, {cols} FROM incoming")
            con.unregister("incoming")
            con.execute(
                "INSERT INTO versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [kind, version, datetime.now(UTC).replace(tzinfo=None), source, filename, len(rows), note],
            )
            con.execute("INSERT OR REPLACE INTO current VALUES (?, ?)", [kind, version])
            if before_commit is not None:
                before_commit()
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        return VersionInfo(kind, version, len(rows))

    def restore(self, kind: str, version: int) -> None:
        """Make an earlier `version` of `kind` current again; nothing is deleted."""
        _kind(kind)
        con = self._connect()
        try:
            if not _scalar(con, "SELECT count(*) FROM versions WHERE kind = ? AND version = ?", [kind, version]):
                known = [
                    r[0]
                    for r in con.execute("SELECT version FROM versions WHERE kind = ? ORDER BY 1", [kind]).fetchall()
                ]
                raise StoreError(f"{kind} has no version {version}; stored versions: {known or 'none'}")
            con.execute("INSERT OR REPLACE INTO current VALUES (?, ?)", [kind, version])
        finally:
            con.close()

    # -- reading -----------------------------------------------------------------------
    def current_version(self, kind: str) -> int | None:
        _kind(kind)
        if not self.exists():
            return None
        with self._connect(read_only=True) as con:
            row = _fetch_current(con, kind)
        return row

    def current_versions(self) -> dict[str, int]:
        """Current version of every kind that has one."""
        if not self.exists():
            return {}
        with self._connect(read_only=True) as con:
            return dict(con.execute("SELECT kind, version FROM current ORDER BY kind").fetchall())

    def versions(self, kind: str) -> pd.DataFrame:
        """Every stored version of `kind`, newest first, with a `current` flag."""
        _kind(kind)
        columns = ["version", "created_at", "source", "filename", "rows", "note", "current"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self._connect(read_only=True) as con:
            return con.execute(
                "SELECT v.version, v.created_at, v.source, v.filename, v.rows, v.note, "
                "coalesce(c.version = v.version, false) AS current FROM versions v "
                "LEFT JOIN current c ON c.kind = v.kind WHERE v.kind = ? ORDER BY v.version DESC",
                [kind],
            ).df()[columns]

    def read(self, kind: str, version: int | None = None) -> pd.DataFrame:
        """Rows of `kind` at `version` (default: current) in stored columns, sorted by key.

        An empty frame with the right columns when the kind has no version yet.
        """
        spec = _kind(kind)
        cols = ", ".join(f'"{c}"' for c in spec.stored_columns)
        order = ", ".join(f'"{c}"' for c in spec.stored_key)
        if not self.exists():
            return _empty(spec)
        with self._connect(read_only=True) as con:
            if version is None:
                version = _fetch_current(con, kind)
                if version is None:
                    return _empty(spec)
            frame = con.execute(f"SELECT {cols} FROM {_table(kind)} WHERE version = ? ORDER BY {order}", [version]).df()
        return frame

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Current version of every kind."""
        return {kind: self.read(kind) for kind in KINDS}

    # -- target-market shortlist ----------------------------------------------------------
    def shortlist(self, dataset: str) -> pd.DataFrame:
        """Regions marked as target markets for `dataset` ("demo" or "store"), oldest first."""
        columns = ["level", "region_id", "added_at"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self._connect(read_only=True) as con:
            try:
                return con.execute(
                    "SELECT level, region_id, added_at FROM shortlist WHERE dataset = ? ORDER BY added_at, region_id",
                    [dataset],
                ).df()
            except duckdb.CatalogException:
                return pd.DataFrame(columns=columns)

    def set_shortlisted(self, dataset: str, level: str, region_id: str, on: bool) -> None:
        """Add (`on`) or remove one region from the shortlist of `dataset`."""
        con = self._connect()
        try:
            if on:
                con.execute(
                    "INSERT OR IGNORE INTO shortlist VALUES (?, ?, ?, ?)",
                    [dataset, level, region_id, datetime.now(UTC).replace(tzinfo=None)],
                )
            else:
                con.execute(
                    "DELETE FROM shortlist WHERE dataset = ? AND level = ? AND region_id = ?",
                    [dataset, level, region_id],
                )
        finally:
            con.close()

    def connect_read_only(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection for analytical queries (caller closes it)."""
        return self._connect(read_only=True)


def _fetch_current(con: duckdb.DuckDBPyConnection, kind: str) -> int | None:
    try:
        row = _scalar(con, "SELECT version FROM current WHERE kind = ?", [kind])
    except duckdb.CatalogException:
        return None
    return None if row is None else int(row)


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> object:
    """First value of the first row, or None; fetches everything so the connection is free again."""
    rows = con.execute(sql, params).fetchall()
    return rows[0][0] if rows else None


def _empty(spec: Kind) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in spec.stored_columns})
