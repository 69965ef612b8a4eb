"""The server backend: the store in a PostgreSQL database, shared by several app processes.

``Store("postgresql://user:password@host:5432/atlas")`` gives a `PostgresStore` with the same
methods and guarantees as the DuckDB file: every change is one transaction, so a failed or
killed import leaves the previous version current. Writers take one transaction-level advisory
lock, so two imports that commit at the same time get consecutive version numbers (and audit
ids) instead of colliding; readers never wait for it. Rows go in with COPY and come back as CSV
parsed by Arrow; aggregations run in the database.

Only the location without its password (`location`) ever appears in messages.
"""

from __future__ import annotations

import io
import os
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis.i18n import Text
from analysis.io.store.base import Connection, Store, migrate
from analysis.io.store.errors import StoreError, fault
from analysis.schemas import KINDS

LOCK_WAIT = 60.0  # seconds a writer waits for another writer's transaction before saying the store is busy
CONNECT_TIMEOUT = 5  # seconds, unless the URL says otherwise
WRITE_LOCK = 0x41544C53  # "ATLS": the advisory lock every write transaction holds until it ends
POOL_SIZE = 4  # idle connections kept per URL and process (a new one costs 10–20 ms)
COPY_BATCH = 200_000  # rows per CSV chunk sent to COPY
_PARAM = re.compile(r"(?<![:\w]):(\w+)")

# PostgreSQL type OIDs → Arrow types for results (anything else comes back as text).
_OID_TYPES = {
    16: pa.bool_(), 20: pa.int64(), 21: pa.int16(), 23: pa.int32(), 26: pa.int64(), 700: pa.float32(),
    701: pa.float64(), 1700: pa.float64(), 1082: pa.date32(), 1114: pa.timestamp("us"),
}  # fmt: skip
# information_schema data types of the store's columns → Arrow types for COPY.
_COLUMN_TYPES = {
    "smallint": pa.int16(), "integer": pa.int32(), "bigint": pa.int64(), "real": pa.float32(),
    "double precision": pa.float64(), "numeric": pa.float64(), "boolean": pa.bool_(),
    "timestamp without time zone": pa.timestamp("us"), "date": pa.date32(),
}  # fmt: skip
_MASKED = {  # integer and boolean columns with NULLs become pandas' masked types, as DuckDB gives them
    pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}  # fmt: skip


def mask_password(url: str) -> str:
    """`url` with its password (in the user part or as ``?password=``) replaced by ``***``.

    Examples
    --------
    >>> mask_password("postgresql://atlas:s3cret@db:5432/atlas?password=x&sslmode=require")
    'postgresql://atlas:***@db:5432/atlas?password=%2A%2A%2A&sslmode=require'
    >>> mask_password("postgresql://atlas@127.0.0.1/atlas")
    'postgresql://atlas@127.0.0.1/atlas'
    """
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        user, host = netloc.rsplit("@", 1)
        if ":" in user:
            netloc = f"{user.split(':', 1)[0]}:***@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if k == "password" else v) for k, v in pairs])
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _secrets(url: str) -> list[str]:
    """The password(s) in `url`, to scrub from driver messages."""
    parts = urlsplit(url)
    found = [parts.password] if parts.password else []
    found += [v for k, v in parse_qsl(parts.query) if k == "password" and v]
    return found


# ------------------------------------------------------------------------------------ connection


class PostgresConnection(Connection):
    """`Connection` over a psycopg connection in autocommit mode; `:name` parameters become ``%(name)s``.

    Transactions are the statements ``BEGIN``/``COMMIT``/``ROLLBACK`` that the store issues.
    """

    def __init__(self, con: psycopg.Connection):
        self.con = con

    @staticmethod
    def _query(sql: str, params: dict | None) -> tuple[str, dict | None]:
        if not params:
            return sql, None
        return _PARAM.sub(r"%(\1)s", sql.replace("%", "%%")), params

    def execute(self, sql: str, params: dict | None = None) -> None:
        self.con.execute(*self._query(sql, params))

    def rows(self, sql: str, params: dict | None = None) -> list[tuple]:
        return self.con.execute(*self._query(sql, params)).fetchall()

    def arrow(self, sql: str, params: dict | None = None) -> pa.Table:
        """The result sent as CSV by ``COPY (query) TO STDOUT`` and parsed by Arrow in the result's types."""
        names, oids = self._describe(sql)
        query, args = self._query(sql, params)
        data = io.BytesIO()
        with self.con.cursor() as cur, cur.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)", args) as copy:
            for chunk in copy:
                data.write(chunk)
        return _parse_csv(data.getbuffer(), names, [_OID_TYPES.get(oid, pa.string()) for oid in oids])

    def _describe(self, sql: str) -> tuple[list[str], list[int]]:
        """The names and type OIDs of a query's columns, from the server's description of it (not run)."""
        numbers: dict[str, int] = {}
        numbered = _PARAM.sub(lambda m: f"${numbers.setdefault(m[1], len(numbers) + 1)}", sql)
        pg, encoding = self.con.pgconn, self.con.info.encoding
        for result in (pg.prepare(b"", numbered.encode(encoding)), pg.describe_prepared(b"")):
            if result.status != psycopg.pq.ExecStatus.COMMAND_OK:
                raise psycopg.errors.error_from_result(result, encoding=encoding)
        fields = range(result.nfields)
        return [result.fname(i).decode(encoding) for i in fields], [result.ftype(i) for i in fields]

    def frame(self, sql: str, params: dict | None = None) -> pd.DataFrame:
        return _pandas(self.arrow(sql, params))

    def insert(self, table: str, columns: Sequence[str], frame: pd.DataFrame, constants: dict) -> None:
        """COPY `frame` into `table`: Arrow writes the CSV, each column cast to its type in the table."""
        stored = dict(
            self.rows(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = :t",
                {"t": table},
            )
        )
        names = [*constants, *columns]
        types = [_COLUMN_TYPES.get(stored.get(c, ""), pa.string()) for c in names]
        values = [pa.repeat(pa.scalar(v), len(frame)) for v in constants.values()] + [frame[c] for c in columns]
        rows = pa.Table.from_arrays(
            [_to_arrow(v, t) for v, t in zip(values, types, strict=True)], names=[f"c{i}" for i in range(len(names))]
        )
        target = ", ".join(f'"{c}"' for c in names)
        options = pacsv.WriteOptions(include_header=False)
        with self.con.cursor() as cur, cur.copy(f"COPY {table} ({target}) FROM STDIN (FORMAT csv)") as copy:
            for batch in rows.to_batches(max_chunksize=COPY_BATCH):
                chunk = io.BytesIO()
                pacsv.write_csv(batch, chunk, options)
                copy.write(chunk.getbuffer())

    def columns(self, table: str) -> list[str]:
        found = self.rows(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t ORDER BY ordinal_position",
            {"t": table},
        )
        return [c for (c,) in found]

    def close(self) -> None:
        self.con.close()


def _parse_csv(data, names: list[str], types: list[pa.DataType]) -> pa.Table:
    """PostgreSQL's CSV (NULL unquoted and empty, '' quoted, booleans t/f) as an Arrow table."""
    keys = [f"c{i}" for i in range(len(names))]
    if not len(data):
        return pa.Table.from_arrays([pa.array([], t) for t in types], names=names)
    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=keys),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict(zip(keys, types, strict=True)),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
            true_values=["t"],
            false_values=["f"],
        ),
    )
    return table.rename_columns(names)


def _pandas(table: pa.Table) -> pd.DataFrame:
    """A pandas frame with the dtypes DuckDB's ``.df()`` gives: masked ints and booleans where NULLs occur."""
    frame = table.to_pandas()
    for i, column in enumerate(table.columns):
        if column.null_count and column.type in _MASKED:
            frame.isetitem(i, column.to_pandas(types_mapper=_MASKED.get))
    return frame


def _to_arrow(values, target: pa.DataType) -> pa.Array:
    """Values as an Arrow array of a table column's type (floats are rounded into integer columns)."""
    try:
        array = values if isinstance(values, pa.Array) else pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed Python objects: by their text
        array = pa.array([None if v is None or v != v else str(v) for v in values], pa.string())
    if pa.types.is_integer(target) and pa.types.is_floating(array.type):
        array = pc.round(array)
    return array.cast(target)


# ---------------------------------------------------------------------------------------- pool

_POOL: dict[str, list[psycopg.Connection]] = {}
_POOL_GUARD = threading.Lock()
_POOL_PID = [os.getpid()]


def _take(url: str) -> psycopg.Connection | None:
    with _POOL_GUARD:
        if _POOL_PID[0] != os.getpid():  # a forked child must not share its parent's sockets
            _POOL.clear()
            _POOL_PID[0] = os.getpid()
        idle = _POOL.get(url)
        return idle.pop() if idle else None


def _give_back(url: str, con: psycopg.Connection) -> None:
    """Keep an idle, healthy connection for the next operation; close anything else."""
    if con.closed or con.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        con.close()
        return
    with _POOL_GUARD:
        idle = _POOL.setdefault(url, [])
        if len(idle) < POOL_SIZE and _POOL_PID[0] == os.getpid():
            idle.append(con)
            return
    con.close()


# ----------------------------------------------------------------------------------------- store


class PostgresStore(Store):
    """The store in the PostgreSQL database at `url` (``postgresql://user:password@host:port/database``).

    The database must exist; its tables are created by the first write. `location` is the URL
    without its password. Text sorts by code point, as in DuckDB, in a database created with the
    C collation (``createdb --locale=C --template=template0 atlas``); in another collation only the
    order of the rows read may differ.
    """

    lock_wait = LOCK_WAIT

    def __init__(self, location):
        self.url = str(location)
        self.location = mask_password(self.url)
        self._secrets = _secrets(self.url)

    def exists(self) -> bool:
        """Whether the database holds a store (its tables are created by the first write)."""
        try:
            with self._connection(write=False) as con:
                return bool(con.scalar("SELECT to_regclass('schema_migrations') IS NOT NULL"))
        except StoreError as exc:
            if exc.reason == "missing":  # no such database: nothing stored yet, as for a missing directory
                return False
            raise

    # -- connections -----------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        con = _take(self.url)
        if con is not None:
            try:
                con.execute("SELECT 1")  # a pooled connection may have outlived a server restart
                return con
            except psycopg.Error:
                con.close()
        options = {"autocommit": True, "application_name": "territory-atlas"}
        if "connect_timeout" not in self.url:
            options["connect_timeout"] = CONNECT_TIMEOUT
        try:
            return psycopg.connect(self.url, **options)
        except psycopg.Error as exc:
            raise classify(exc, self.location, self._secrets) from exc

    @contextmanager
    def _connection(self, write: bool) -> Iterator[PostgresConnection]:
        raw = self._connect()
        con = PostgresConnection(raw)
        try:
            if write:
                self._migrate(con)
            yield con
        except psycopg.Error as exc:
            raise classify(exc, self.location, self._secrets) from exc
        finally:
            _give_back(self.url, raw)

    def _lock(self, con: PostgresConnection) -> None:
        """Wait (at most `lock_wait`) for the store's write lock; it is held until the transaction ends."""
        con.execute(f"SET LOCAL lock_timeout = '{int(self.lock_wait * 1000)}ms'")
        con.execute("SELECT pg_advisory_xact_lock(:key)", {"key": WRITE_LOCK})

    def _migrate(self, con: PostgresConnection) -> None:
        """`base.migrate` under the write lock (two processes starting at once migrate once), plus indexes."""
        con.execute("BEGIN")
        try:
            self._lock(con)
            migrate(con, self.location)
            _version_indexes(con)
            con.execute("COMMIT")
        except BaseException:
            with suppress(Exception):
                con.execute("ROLLBACK")
            raise

    @contextmanager
    def transaction(self) -> Iterator[PostgresConnection]:
        """`Store.transaction` holding the write lock: writers follow one another, readers never wait."""
        with super().transaction() as con:
            self._lock(con)
            yield con

    def write(self, kind: str, frame: pd.DataFrame, **options):
        """`Store.write`, then fresh planner statistics and index ranges for the table it grew.

        Both are a courtesy to the next query (autovacuum would get there later): they give up
        after two seconds' wait for a lock and never fail the import, which has committed.
        """
        info = super().write(kind, frame, **options)
        with suppress(StoreError), self._connection(write=False) as con:
            for statement in (f"ANALYZE data_{kind}", f"SELECT brin_summarize_new_values('data_{kind}_version')"):
                con.execute("BEGIN")
                try:
                    con.execute("SET LOCAL lock_timeout = '2s'")
                    con.execute(statement)
                    con.execute("COMMIT")
                except psycopg.Error:  # e.g. not the table's owner: the statistics come with autovacuum
                    con.execute("ROLLBACK")
        return info


def _version_indexes(con: PostgresConnection) -> None:
    """Indexes that DuckDB does without.

    A BRIN index on `version` of every kind's table (versions are appended in order, so a query for one version reads
    only its block ranges, as DuckDB's zone maps do), and on (version, month) for the monthly kinds, so the latest month
    of a version is looked up, not scanned for, and a 24-month window reads only its rows.
    """
    have = {name for (name,) in con.rows("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    for kind in KINDS.values():
        table = f"data_{kind.name}"
        if f"{table}_version" not in have:
            con.execute(f"CREATE INDEX {table}_version ON {table} USING brin (version) WITH (autosummarize = on)")
        if "month" in kind.stored_columns and f"{table}_version_month" not in have:
            con.execute(f"CREATE INDEX {table}_version_month ON {table} (version, month)")


# ---------------------------------------------------------------------------------------- faults

_UNREACHABLE = (
    "connection refused", "could not connect", "no such file or directory", "timeout expired",
    "could not translate host name", "server closed the connection", "connection timed out",
    "terminating connection", "the database system is", "network is unreachable", "no route to host",
    "connection is lost", "connection is closed", "consuming input failed", "sending query failed",
)  # fmt: skip
_CREDENTIALS = ("password authentication failed", "no password supplied", "role", "pg_hba.conf")


def classify(exc: BaseException, location: str, secrets: Sequence[str] = ()) -> StoreError:
    """The StoreError that names the cause of a PostgreSQL error; no password appears in it.

    SQLSTATE classes first (53100 disk full, 42501/25006 no permission or a read-only server,
    3D000 no such database, 55P03/40P01/40001 another writer, XX001/XX002 damaged data, 08 and
    57P0x the connection), then the driver's words for connections that never got that far.
    """
    text = str(exc)
    for secret in secrets:
        text = text.replace(secret, "***")
    lowered = text.lower()
    state = getattr(exc, "sqlstate", None) or ""
    cause = text.strip().splitlines()[0].rsplit(": ", 1)[-1].strip() if text.strip() else type(exc).__name__
    if state == "53100" or "no space left" in lowered or "disk full" in lowered:
        return fault("full", location, text)
    if state in ("42501", "25006") or "permission denied" in lowered or "read-only transaction" in lowered:
        return StoreError("read_only", Text("store.fault.pg_read_only", location=location, error=cause), text)
    if state == "3D000" or re.search(r'database ".*" does not exist', lowered):
        database = urlsplit(location).path.lstrip("/") or "?"
        return StoreError("missing", Text("store.fault.pg_no_database", location=location, database=database), text)
    if state == "42P01":  # the store's tables are not there: nothing has been written yet
        return fault("missing", location, text)
    if state in ("55P03", "40P01", "40001"):
        return fault("busy", location, text)
    if state in ("XX001", "XX002"):
        return StoreError("corrupt", Text("store.fault.pg_corrupt", location=location, error=cause), text)
    if (
        state.startswith(("08", "28", "57P"))
        or any(words in lowered for words in _UNREACHABLE)
        or (isinstance(exc, psycopg.OperationalError) and any(words in lowered for words in _CREDENTIALS))
    ):
        return fault("unreachable", location, text, holder=cause)
    return fault("failed", location, text, error=cause)
