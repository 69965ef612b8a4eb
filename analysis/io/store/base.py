"""The versioned store, written once in portable SQL over a small connection interface.

Every change is one transaction: an import writes the rows of a new version, its version record,
the pointer to the current version and its audit entry together or not at all, so a failed or
killed import leaves the previous version current and readable. Old versions are kept and can be
restored. Besides the kinds of the data contract the store keeps documents (named, versioned
texts such as scenarios and saved mappings), the target-market shortlist and an append-only audit
trail. The schema is created and upgraded by numbered migrations applied when a store is opened
for writing.

Backends (`analysis.io.store.duckdb`, `analysis.io.store.postgres`) provide `Connection`; SQL here
uses `:name` parameters, which each connection translates to its driver's style.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.i18n import Text
from analysis.io.store.errors import StoreError, fault
from analysis.schemas import KINDS, Kind

SQL_TYPES = {
    "region": "VARCHAR",
    "month": "VARCHAR",
    "year": "INTEGER",
    "int": "BIGINT",
    "float": "DOUBLE PRECISION",
    "money": "DOUBLE PRECISION",
    "share": "DOUBLE PRECISION",
    "score": "INTEGER",
    "text": "VARCHAR",
    "bool": "BOOLEAN",
}
MODES = ("replace", "update")
VERSION_COLUMNS = [
    "version", "created_at", "source", "filename", "rows", "note", "user_name", "mode", "set_aside", "base_version",
    "current",
]  # fmt: skip
AUDIT_COLUMNS = [
    "id", "created_at", "user_name", "action", "kind", "name", "version_from", "version_to", "rows", "detail"
]  # fmt: skip


class Connection:
    """What the store needs of a database connection; each backend implements it."""

    def execute(self, sql: str, params: dict | None = None) -> None:
        """Run a statement."""
        raise NotImplementedError  # pragma: no cover - interface

    def rows(self, sql: str, params: dict | None = None) -> list[tuple]:
        """Run a query and fetch every row."""
        raise NotImplementedError  # pragma: no cover - interface

    def frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        """Run a query into a pandas frame."""
        raise NotImplementedError  # pragma: no cover - interface

    def arrow(self, sql: str, params: dict | None = None) -> pa.Table:
        """Run a query into an Arrow table."""
        raise NotImplementedError  # pragma: no cover - interface

    def insert(self, table: str, columns: Sequence[str], frame: pd.DataFrame, constants: dict) -> None:
        """Append `frame`'s `columns` to `table`, each row with the `constants` (e.g. the version)."""
        raise NotImplementedError  # pragma: no cover - interface

    def columns(self, table: str) -> list[str]:
        """The columns of `table`, [] when it does not exist."""
        raise NotImplementedError  # pragma: no cover - interface

    def close(self) -> None:
        """Release the connection."""
        raise NotImplementedError  # pragma: no cover - interface

    def scalar(self, sql: str, params: dict | None = None) -> object:
        """First value of the first row, or None."""
        found = self.rows(sql, params)
        return found[0][0] if found else None


@dataclass(frozen=True)
class VersionInfo:
    """A stored version: its kind, number and row count."""

    kind: str
    version: int
    rows: int


@dataclass(frozen=True)
class UpdatePlan:
    """What an import would change, counted before anything is written.

    Attributes
    ----------
    kind, mode : str
    partition : str
        The column the update goes by ("month", "year", "distributor_id", ...).
    current_rows, new_rows : int
        Rows of the current version and of the version the import would make.
    added, replaced, removed, unchanged : int
        Rows by key: new keys, keys whose values change, current keys the new version drops, keys
        kept as they are.
    by_partition : DataFrame
        One row per partition value touched: partition, added, replaced, removed, unchanged.
    """

    kind: str
    mode: str
    partition: str
    current_rows: int
    new_rows: int
    added: int
    replaced: int
    removed: int
    unchanged: int
    by_partition: pd.DataFrame

    @property
    def removes_most(self) -> bool:
        """A replace that would drop more than half of the current rows (asks for a confirmation)."""
        return self.current_rows > 0 and self.removed > self.current_rows / 2


def current_user() -> str:
    """Who runs this process, for the audit trail of commands (the app passes the signed-in user)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise fault("unknown_kind", "", kind=kind, kinds=", ".join(KINDS))
    return KINDS[kind]


def _table(kind: str) -> str:
    return f"data_{kind}"


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# ---------------------------------------------------------------------------------------- schema

_BASE_TABLES = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, applied_at TIMESTAMP)",
    "CREATE TABLE IF NOT EXISTS versions (kind VARCHAR, version INTEGER, created_at TIMESTAMP, source VARCHAR, "
    "filename VARCHAR, rows BIGINT, note VARCHAR, PRIMARY KEY (kind, version))",
    "CREATE TABLE IF NOT EXISTS current (kind VARCHAR PRIMARY KEY, version INTEGER)",
    "CREATE TABLE IF NOT EXISTS shortlist (dataset VARCHAR, level VARCHAR, region_id VARCHAR, "
    "added_at TIMESTAMP, PRIMARY KEY (dataset, level, region_id))",
)


def _kind_tables(con: Connection) -> None:
    """Every kind's table, created from the data contract; new optional columns added to old tables."""
    for kind in KINDS.values():
        table = _table(kind.name)
        have = con.columns(table)
        wanted = [(stored, SQL_TYPES[c.type]) for c, stored in zip(kind.columns, kind.stored_columns, strict=True)]
        if not have:
            columns = ", ".join(f'"{name}" {sql}' for name, sql in wanted)
            con.execute(f"CREATE TABLE {table} (version INTEGER NOT NULL, {columns})")
            continue
        for name, sql in wanted:
            if name not in have:
                con.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql}')


def _version_details(con: Connection) -> None:
    for column, sql in (
        ("user_name", "VARCHAR"),
        ("mode", "VARCHAR"),
        ("set_aside", "BIGINT"),
        ("base_version", "INTEGER"),
    ):
        if column not in con.columns("versions"):
            con.execute(f"ALTER TABLE versions ADD COLUMN {column} {sql}")


def _documents_and_audit(con: Connection) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS documents (collection VARCHAR, name VARCHAR, version INTEGER, "
        "created_at TIMESTAMP, user_name VARCHAR, body VARCHAR, deleted BOOLEAN, "
        "PRIMARY KEY (collection, name, version))"
    )
    con.execute(
        "CREATE TABLE IF NOT EXISTS audit (id BIGINT PRIMARY KEY, created_at TIMESTAMP, user_name VARCHAR, "
        "action VARCHAR, kind VARCHAR, name VARCHAR, version_from INTEGER, version_to INTEGER, rows BIGINT, "
        "detail VARCHAR)"
    )


# Numbered migrations: each runs once, in order, inside the transaction that records it. The kind
# tables follow the data contract (a new optional column of a kind is added by the next number).
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _kind_tables),
    (2, _version_details),
    (3, _documents_and_audit),
    (4, _kind_tables),  # sales/plan/competitors categories, territory contracts, promotions, actions
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(con: Connection, location: str) -> None:
    """Apply the migrations the store has not had yet (all of them to a new store)."""
    for sql in _BASE_TABLES:
        con.execute(sql)
    done = {int(n) for (n,) in con.rows("SELECT number FROM schema_migrations")}
    newest = max(done, default=0)
    if newest > SCHEMA_VERSION:
        raise StoreError(
            "schema_newer", Text("store.fault.schema_newer", location=location, found=newest, known=SCHEMA_VERSION)
        )
    for number, step in MIGRATIONS:
        if number not in done:
            step(con)
            con.execute("INSERT INTO schema_migrations VALUES (:n, :ts)", {"n": number, "ts": _now()})


# ----------------------------------------------------------------------------------------- store


class Store:
    """The versioned store at a location: a directory (DuckDB file) or a ``postgresql://`` URL.

    ``Store(location)`` returns the backend for that location; every backend offers the same
    methods with the same guarantees.

    Parameters
    ----------
    location : str or Path
        A directory (created on the first write; the database is ``<dir>/atlas.duckdb``) or a
        PostgreSQL connection URL.
    """

    location: str

    def __new__(cls, location=None):
        if cls is Store:
            from analysis.io.store import backend_for

            cls = backend_for(location)
        return super().__new__(cls)

    # -- to be provided by a backend -------------------------------------------------------------
    def exists(self) -> bool:
        """Whether the store has been created."""
        raise NotImplementedError  # pragma: no cover - interface

    @contextmanager
    def _connection(self, write: bool) -> Iterator[Connection]:
        raise NotImplementedError  # pragma: no cover - interface
        yield

    # -- transactions ----------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: committed when the block ends, rolled back on any exception.

        A rollback that fails itself (say, after the disk filled up) never hides the error that
        caused it.
        """
        with self._connection(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                with suppress(Exception):  # the original error is the one to report
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading (queries of the features and the summary go through it)."""
        with self._connection(write=False) as con:
            yield con

    # -- versions of the kinds -------------------------------------------------------------------
    def write(
        self,
        kind: str,
        frame: pd.DataFrame,
        *,
        mode: str = "replace",
        partition: str | None = None,
        source: str = "import",
        filename: str = "",
        note: str = "",
        user: str | None = None,
        set_aside: int = 0,
        detail: dict | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> VersionInfo:
        """Store `frame` as a new version of `kind` and make it current, atomically, with its audit entry.

        Parameters
        ----------
        kind : str
            One of `analysis.schemas.KINDS`.
        frame : DataFrame
            Validated rows in the kind's stored columns (extra columns are ignored, missing optional
            columns are stored as NULL).
        mode : {"replace", "update"}
            "replace": the new version is `frame`. "update": the current rows whose `partition`
            value `frame` does not hold are kept, the others come from `frame`.
        partition : str, optional
            The column an update goes by; the kind's partition when omitted.
        source : {"import", "demo", "restore", "design", "app"}
        filename, note : str
            Kept in the version record.
        user : str, optional
            Who made the change (the process's user when omitted).
        set_aside : int
            Rows of the file left out on purpose (kept in the version record and the audit trail).
        detail : dict, optional
            More for the audit entry (JSON).
        before_commit : callable, optional
            Called inside the open transaction just before it commits (fault-injection tests).

        Returns
        -------
        VersionInfo
        """
        spec = _kind(kind)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        column = partition or spec.stored_partition
        rows = frame.reindex(columns=list(spec.stored_columns))
        user = user or current_user()
        with self.transaction() as con:
            previous = _current(con, kind)
            version = int(con.scalar("SELECT coalesce(max(version), 0) + 1 FROM versions WHERE kind = :k", {"k": kind}))
            con.insert(_table(kind), spec.stored_columns, rows, {"version": version})
            kept = 0
            if mode == "update" and previous is not None:
                kept = _carry_over(con, spec, previous, version, column, rows[column])
            total = len(rows) + kept
            record = {
                "kind": kind, "version": version, "ts": _now(), "source": source, "filename": filename,
                "rows": total, "note": note, "user": user, "mode": mode, "set_aside": int(set_aside), "base": previous,
            }  # fmt: skip
            con.execute(
                "INSERT INTO versions (kind, version, created_at, source, filename, rows, note, user_name, mode, "
                "set_aside, base_version) VALUES (:kind, :version, :ts, :source, :filename, :rows, :note, :user, "
                ":mode, :set_aside, :base)",
                record,
            )
            _make_current(con, kind, version)
            action = "import" if source == "import" else source
            about = {"mode": mode, "filename": filename, "set_aside": int(set_aside), "file_rows": len(rows)}
            _audit(con, user, action, kind, "", previous, version, total, {**(detail or {}), **about})
            if before_commit is not None:
                before_commit()
        return VersionInfo(kind, version, total)

    def plan_update(
        self, kind: str, frame: pd.DataFrame, mode: str = "update", partition: str | None = None
    ) -> UpdatePlan:
        """What `write(kind, frame, mode=mode)` would change, without writing anything.

        Rows compare by the kind's key; a key whose other columns differ counts as replaced.
        """
        spec = _kind(kind)
        column = partition or spec.stored_partition
        new = frame.reindex(columns=list(spec.stored_columns))
        values = sorted({str(v) for v in new[column].dropna().tolist()})
        if mode == "update":
            old = self.read(kind, where=(column, values)) if values else new.iloc[:0]
        else:
            old = self.read(kind)
        current_rows = self.version_rows(kind)
        compared = _compare(old, new, spec, column)
        removed = int(compared["removed"].sum())
        new_rows = current_rows - len(old) + len(new) if mode == "update" else len(new)
        return UpdatePlan(
            kind, mode, column, current_rows, int(new_rows), int(compared["added"].sum()),
            int(compared["replaced"].sum()), removed, int(compared["unchanged"].sum()), compared,
        )  # fmt: skip

    def version_rows(self, kind: str, version: int | None = None) -> int:
        """Rows of a version of `kind` (default: the current one), 0 when there is none."""
        _kind(kind)
        if not self.exists():
            return 0
        with self.reading() as con:
            version = version if version is not None else _current(con, kind)
            if version is None:
                return 0
            rows = con.scalar("SELECT rows FROM versions WHERE kind = :k AND version = :v", {"k": kind, "v": version})
            return int(rows or 0)

    def restore(self, kind: str, version: int, user: str | None = None) -> None:
        """Make an earlier `version` of `kind` current again; nothing is deleted."""
        _kind(kind)
        with self.transaction() as con:
            stored = con.rows("SELECT version FROM versions WHERE kind = :k ORDER BY 1", {"k": kind})
            known = [int(v) for (v,) in stored]
            if version not in known:
                raise fault("no_version", self.location, kind=kind, version=version, known=known or "none")
            previous = _current(con, kind)
            _make_current(con, kind, version)
            rows = con.scalar("SELECT rows FROM versions WHERE kind = :k AND version = :v", {"k": kind, "v": version})
            _audit(con, user or current_user(), "restore", kind, "", previous, version, rows, {})

    def current_version(self, kind: str) -> int | None:
        """The current version of `kind`, None before its first import."""
        _kind(kind)
        if not self.exists():
            return None
        with self.reading() as con:
            return _current(con, kind)

    def current_versions(self) -> dict[str, int]:
        """Current version of every kind that has one."""
        if not self.exists():
            return {}
        with self.reading() as con:
            return {str(k): int(v) for k, v in con.rows("SELECT kind, version FROM current ORDER BY kind")}

    def versions(self, kind: str) -> pd.DataFrame:
        """Every stored version of `kind`, newest first, with a `current` flag."""
        _kind(kind)
        if not self.exists():
            return pd.DataFrame(columns=VERSION_COLUMNS)
        with self.reading() as con:
            frame = con.frame(
                "SELECT v.version, v.created_at, v.source, v.filename, v.rows, v.note, v.user_name, v.mode, "
                "v.set_aside, v.base_version, coalesce(c.version = v.version, false) AS current FROM versions v "
                "LEFT JOIN current c ON c.kind = v.kind WHERE v.kind = :k ORDER BY v.version DESC",
                {"k": kind},
            )
        return frame[VERSION_COLUMNS]

    def read(
        self,
        kind: str,
        version: int | None = None,
        *,
        columns: Sequence[str] | None = None,
        where: tuple[str, Sequence[str]] | None = None,
    ) -> pd.DataFrame:
        """Rows of `kind` at `version` (default: current) in stored columns, sorted by key.

        `columns` reads only those; `where=(column, values)` only the rows whose column is one of
        `values`. An empty frame with the right columns when the kind has no version yet.
        """
        spec = _kind(kind)
        names = list(columns or spec.stored_columns)
        if not self.exists():
            return _empty(spec, names)
        with self.reading() as con:
            version = version if version is not None else _current(con, kind)
            if version is None:
                return _empty(spec, names)
            params: dict = {"v": version}
            condition = ""
            if where is not None:
                column, values = where
                if not len(values):
                    return _empty(spec, names)
                params |= {f"w{i}": str(v) for i, v in enumerate(values)}
                cast = "CAST" if spec.column_type(column) in ("year", "int") else ""
                target = f'CAST("{column}" AS VARCHAR)' if cast else f'"{column}"'
                condition = f" AND {target} IN ({', '.join(f':w{i}' for i in range(len(values)))})"
            order = _quoted(spec.stored_key)
            frame = con.frame(
                f"SELECT {_quoted(names)} FROM {_table(kind)} WHERE version = :v{condition} ORDER BY {order}", params
            )
        return _typed(frame, spec)

    def read_all(self) -> dict[str, pd.DataFrame]:
        """Current version of every kind."""
        return {kind: self.read(kind) for kind in KINDS}

    # -- documents -------------------------------------------------------------------------------
    def put_document(self, collection: str, name: str, body: str, *, user: str | None = None) -> int:
        """Save `body` as a new version of document `name` in `collection` (audited); its version number."""
        with self.transaction() as con:
            version = _next_document_version(con, collection, name)
            con.execute(
                "INSERT INTO documents VALUES (:c, :n, :v, :ts, :u, :b, false)",
                {"c": collection, "n": name, "v": version, "ts": _now(), "u": user or current_user(), "b": body},
            )
            _audit(con, user or current_user(), f"{collection}.save", "", name, version - 1 or None, version, None, {})
        return version

    def delete_document(self, collection: str, name: str, *, user: str | None = None) -> None:
        """Mark document `name` deleted by a new version (its earlier versions stay and can be restored)."""
        with self.transaction() as con:
            version = _next_document_version(con, collection, name)
            con.execute(
                "INSERT INTO documents VALUES (:c, :n, :v, :ts, :u, '', true)",
                {"c": collection, "n": name, "v": version, "ts": _now(), "u": user or current_user()},
            )
            _audit(con, user or current_user(), f"{collection}.delete", "", name, version - 1, version, None, {})

    def restore_document(self, collection: str, name: str, version: int, *, user: str | None = None) -> int:
        """Save an earlier version's body again as the newest version; the new version number."""
        body = self.document(collection, name, version)
        if body is None:
            raise fault("no_version", self.location, kind=f"{collection}/{name}", version=version, known="?")
        return self.put_document(collection, name, body, user=user)

    def document(self, collection: str, name: str, version: int | None = None) -> str | None:
        """The body of document `name` (its newest version by default); None when absent or deleted."""
        if not self.exists():
            return None
        with self.reading() as con:
            query = "SELECT body, deleted FROM documents WHERE collection = :c AND name = :n"
            params = {"c": collection, "n": name}
            if version is None:
                query += " ORDER BY version DESC LIMIT 1"
            else:
                query += " AND version = :v"
                params["v"] = version
            found = con.rows(query, params)
        if not found or found[0][1]:
            return None
        return str(found[0][0])

    def documents(self, collection: str) -> pd.DataFrame:
        """The live documents of `collection`: name, version, created_at, user_name (newest versions)."""
        columns = ["name", "version", "created_at", "user_name"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self.reading() as con:
            frame = con.frame(
                "SELECT d.name, d.version, d.created_at, d.user_name FROM documents d JOIN ("
                "SELECT name, max(version) AS version FROM documents WHERE collection = :c GROUP BY name) m "
                "ON d.name = m.name AND d.version = m.version "
                "WHERE d.collection = :c AND NOT d.deleted ORDER BY d.name",
                {"c": collection},
            )
        return frame[columns]

    def document_versions(self, collection: str, name: str) -> pd.DataFrame:
        """Every version of one document, newest first: version, created_at, user_name, deleted."""
        columns = ["version", "created_at", "user_name", "deleted"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self.reading() as con:
            return con.frame(
                "SELECT version, created_at, user_name, deleted FROM documents WHERE collection = :c AND name = :n "
                "ORDER BY version DESC",
                {"c": collection, "n": name},
            )[columns]

    # -- audit trail -----------------------------------------------------------------------------
    def record(
        self, action: str, *, kind: str = "", name: str = "", user: str | None = None, detail: dict | None = None
    ) -> None:
        """Append an entry to the audit trail for a change made outside `write` (say, a mapping saved)."""
        with self.transaction() as con:
            _audit(con, user or current_user(), action, kind, name, None, None, None, detail or {})

    def audit(
        self,
        *,
        user: str | None = None,
        action: str | None = None,
        kind: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> pd.DataFrame:
        """The audit trail, newest first, filtered by user, action (prefix), kind and time."""
        if not self.exists():
            return pd.DataFrame(columns=AUDIT_COLUMNS)
        clauses, params = [], {}
        for column, value in (("user_name", user), ("kind", kind)):
            if value:
                clauses.append(f"{column} = :{column}")
                params[column] = value
        if action:
            clauses.append("action LIKE :action")
            params["action"] = f"{action}%"
        if since is not None:
            clauses.append("created_at >= :since")
            params["since"] = since
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f" LIMIT {int(limit)}" if limit else ""
        with self.reading() as con:
            return con.frame(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit{where} ORDER BY id DESC{tail}", params)

    # -- target-market shortlist -----------------------------------------------------------------
    def shortlist(self, dataset: str) -> pd.DataFrame:
        """Regions marked as target markets for `dataset` ("demo" or "store"), oldest first."""
        columns = ["level", "region_id", "added_at"]
        if not self.exists():
            return pd.DataFrame(columns=columns)
        with self.reading() as con:
            return con.frame(
                "SELECT level, region_id, added_at FROM shortlist WHERE dataset = :d ORDER BY added_at, region_id",
                {"d": dataset},
            )[columns]

    def set_shortlisted(self, dataset: str, level: str, region_id: str, on: bool, user: str | None = None) -> None:
        """Add (`on`) or remove one region from the shortlist of `dataset`."""
        params = {"d": dataset, "l": level, "r": region_id}
        with self.transaction() as con:
            if on:
                con.execute(
                    "INSERT INTO shortlist VALUES (:d, :l, :r, :ts) ON CONFLICT DO NOTHING", params | {"ts": _now()}
                )
            else:
                con.execute("DELETE FROM shortlist WHERE dataset = :d AND level = :l AND region_id = :r", params)


# ------------------------------------------------------------------------------------- helpers


def _current(con: Connection, kind: str) -> int | None:
    found = con.scalar("SELECT version FROM current WHERE kind = :k", {"k": kind})
    return None if found is None else int(found)


def _make_current(con: Connection, kind: str, version: int) -> None:
    con.execute(
        "INSERT INTO current VALUES (:k, :v) ON CONFLICT (kind) DO UPDATE SET version = excluded.version",
        {"k": kind, "v": version},
    )


def _carry_over(con: Connection, spec: Kind, previous: int, version: int, column: str, values: pd.Series) -> int:
    """Copy the previous version's rows whose `column` value the new rows do not hold; how many."""
    table, cols = _table(spec.name), _quoted(spec.stored_columns)
    incoming = sorted({str(v) for v in values.dropna().tolist()})
    params: dict = {"prev": previous, "new": version}
    target = f'CAST("{column}" AS VARCHAR)'
    condition = ""
    if incoming:
        params |= {f"p{i}": v for i, v in enumerate(incoming)}
        condition = f" AND ({target} IS NULL OR {target} NOT IN ({', '.join(f':p{i}' for i in range(len(incoming)))}))"
    before = int(con.scalar(f"SELECT count(*) FROM {table} WHERE version = :new", {"new": version}))
    con.execute(
        f"INSERT INTO {table} (version, {cols}) SELECT :new, {cols} FROM {table} WHERE version = :prev{condition}",
        params,
    )
    return int(con.scalar(f"SELECT count(*) FROM {table} WHERE version = :new", {"new": version})) - before


def _next_document_version(con: Connection, collection: str, name: str) -> int:
    found = con.scalar(
        "SELECT coalesce(max(version), 0) + 1 FROM documents WHERE collection = :c AND name = :n",
        {"c": collection, "n": name},
    )
    return int(found)


def _audit(con, user, action, kind, name, version_from, version_to, rows, detail) -> None:
    entry = {
        "id": int(con.scalar("SELECT coalesce(max(id), 0) + 1 FROM audit")), "ts": _now(), "user": user,
        "action": action, "kind": kind, "name": name, "vf": version_from, "vt": version_to, "rows": rows,
        "detail": json.dumps(detail, ensure_ascii=False, default=str),
    }  # fmt: skip
    con.execute("INSERT INTO audit VALUES (:id, :ts, :user, :action, :kind, :name, :vf, :vt, :rows, :detail)", entry)


def _empty(spec: Kind, names: Sequence[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in names or spec.stored_columns})


def _typed(frame: pd.DataFrame, spec: Kind) -> pd.DataFrame:
    """Text columns as pandas str whatever the driver returned (so both backends give equal frames)."""
    out = {}
    for col, stored in zip(spec.columns, spec.stored_columns, strict=True):
        if stored not in frame.columns:
            continue
        values = frame[stored]
        if col.type in ("region", "month", "text") and not pd.api.types.is_string_dtype(values):
            values = values.astype("str")
        out[stored] = values
    return pd.DataFrame(out, index=frame.index)[list(frame.columns)]


def _compare(old: pd.DataFrame, new: pd.DataFrame, spec: Kind, partition: str) -> pd.DataFrame:
    """Rows added, replaced, removed and unchanged by key, per value of `partition`."""
    key = list(spec.stored_key)
    values = [c for c in spec.stored_columns if c not in key]

    def comparable(frame: pd.DataFrame) -> pd.DataFrame:
        out = {}
        for col, stored in zip(spec.columns, spec.stored_columns, strict=True):
            v = frame[stored] if stored in frame.columns else pd.Series(np.nan, index=frame.index)
            if col.type in ("year", "int", "float", "money", "share", "score"):
                out[stored] = pd.to_numeric(v, errors="coerce").astype("float64")
            elif col.type == "bool":
                out[stored] = pd.array(v, dtype="boolean").to_numpy(dtype="float64", na_value=np.nan)
            else:
                out[stored] = v.astype("str").fillna("")
        return pd.DataFrame(out, index=frame.index)

    a, b = comparable(old), comparable(new)
    both = a.merge(b, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    same = pd.Series(True, index=both.index)
    for column in values:
        x, y = both[f"{column}_old"], both[f"{column}_new"]
        same &= (x == y) | (x.isna() & y.isna())
    part = both[partition] if partition in key else both[f"{partition}_new"].fillna(both[f"{partition}_old"])
    status = np.select(
        [both["_merge"] == "right_only", both["_merge"] == "left_only", same.to_numpy()],
        ["added", "removed", "unchanged"],
        "replaced",
    )
    counts = pd.crosstab(part.astype("str").to_numpy(), status)
    for column in ("added", "replaced", "removed", "unchanged"):
        if column not in counts:
            counts[column] = 0
    counts = counts[["added", "replaced", "removed", "unchanged"]].astype("int64")
    return counts.rename_axis("partition").reset_index()
