"""Store: versions, restore, failed and killed imports leave the current version intact; on DuckDB and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.io.store import Store, StoreError

ROOT = config.ROOT


def _sales(units: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_id": ["450102", "450103", "110105"][: len(units)],
            "month": ["2025-01"] * len(units),
            "units": units,
            "revenue": [u * 3000.0 for u in units],
            "product": ["净水器"] * len(units),
            "distributor_id": [""] * len(units),
            "channel": ["retail"] * len(units),
        }
    )


def test_empty_store_has_no_versions(store_location: str) -> None:
    store = Store(store_location)
    assert store.current_version("sales") is None
    assert store.versions("sales").empty
    assert store.read("sales").empty


def test_each_write_is_a_new_current_version(store_location: str) -> None:
    store = Store(store_location)
    first = store.write("sales", _sales([1, 2]), filename="a.csv")
    second = store.write("sales", _sales([5, 6, 7]), filename="b.csv")
    assert (first.version, second.version) == (1, 2)
    assert store.current_version("sales") == 2
    assert store.read("sales")["units"].tolist() == [7, 5, 6]  # sorted by region_id
    versions = store.versions("sales")
    assert versions["version"].tolist() == [2, 1]
    assert versions["current"].tolist() == [True, False]
    assert versions["filename"].tolist() == ["b.csv", "a.csv"]


def test_versions_are_per_kind(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1]))
    plan = pd.DataFrame({"region_id": ["450102"], "month": ["2025-01"], "target_revenue": [1.0], "target_units": [1]})
    assert store.write("plan", plan).version == 1
    assert store.current_versions() == {"plan": 1, "sales": 1}


def test_restore_makes_an_old_version_current_and_keeps_the_rest(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1, 2]))
    store.write("sales", _sales([5, 6, 7]))
    store.restore("sales", 1)
    assert store.current_version("sales") == 1
    assert sorted(store.read("sales")["units"]) == [1, 2]
    assert len(store.versions("sales")) == 2
    assert sorted(store.read("sales", version=2)["units"]) == [5, 6, 7]


def test_restore_of_a_missing_version_names_the_stored_ones(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1]))
    with pytest.raises(StoreError, match=r"no version 9; stored versions: \[1\]"):
        store.restore("sales", 9)


def test_unknown_kind_is_refused(store_location: str) -> None:
    with pytest.raises(StoreError, match=r"(?i)unknown kind 'salez'"):
        Store(store_location).read("salez")


def test_failure_inside_the_write_changes_nothing(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1, 2]))

    def fail() -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.write("sales", _sales([5, 6, 7]), before_commit=fail)
    assert store.current_version("sales") == 1
    assert sorted(store.read("sales")["units"]) == [1, 2]
    assert store.versions("sales")["version"].tolist() == [1]


def test_process_killed_mid_import_leaves_the_previous_version_readable(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1, 2]))
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        import pandas as pd
        sys.path.insert(0, {str(ROOT)!r})
        from analysis.io.store import Store
        big = pd.DataFrame({{"region_id": ["450102"] * 200_000, "month": ["2025-02"] * 200_000,
                             "units": 3, "revenue": 9000.0, "product": "x", "distributor_id": "", "channel": ""}})
        Store({store_location!r}).write("sales", big, before_commit=lambda: os.kill(os.getpid(), signal.SIGKILL))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr.decode()
    reopened = Store(store_location)
    assert reopened.current_version("sales") == 1
    assert sorted(reopened.read("sales")["units"]) == [1, 2]
    assert reopened.versions("sales")["version"].tolist() == [1]
    assert reopened.write("sales", _sales([4])).version == 2


def test_shortlist_is_kept_per_dataset(store_location: str) -> None:
    store = Store(store_location)
    assert store.shortlist("demo").empty
    store.set_shortlisted("demo", "city", "450100", True)
    store.set_shortlisted("demo", "city", "450100", True)  # twice is once
    store.set_shortlisted("demo", "county", "450102", True)
    store.set_shortlisted("store", "city", "110100", True)
    assert store.shortlist("demo")["region_id"].tolist() == ["450100", "450102"]
    store.set_shortlisted("demo", "city", "450100", False)
    assert store.shortlist("demo")["region_id"].tolist() == ["450102"]
    assert store.shortlist("store")["region_id"].tolist() == ["110100"]


def test_values_round_trip_exactly(store_location: str) -> None:
    """NULL and '' stay apart, floats keep every digit, text keeps quotes, commas and newlines."""
    frame = pd.DataFrame(
        {
            "distributor_id": ["D1", "D1", "D2"],
            "region_id": ["450102", "450103", "110105"],
            "since": ["2025-01", None, "2024-12"],
            "until": ["", None, "2026-12"],
            "exclusive": pd.array([True, None, False], dtype="boolean"),
            "categories": ['净水器,"热水器"', "a\nb", None],
            "channels": ["retail", "", "online"],
            "grade": ["A", "B", None],
        }
    )
    store = Store(store_location)
    store.write("territories", frame)
    back = store.read("territories")
    assert back["since"].isna().tolist() == [False, True, False]
    assert back["until"].tolist()[0] == "" and pd.isna(back["until"].tolist()[1])
    assert back["categories"].tolist()[:2] == ['净水器,"热水器"', "a\nb"]
    exclusive = back["exclusive"].tolist()
    assert exclusive[0] == True and pd.isna(exclusive[1]) and exclusive[2] == False  # noqa: E712
    assert back["channels"].tolist() == ["retail", "", "online"]

    values = np.random.default_rng(7).random(3) * 1e7
    sales = _sales([1, 2, 3]).assign(revenue=values, units=[1.0, np.nan, 3.0])
    store.write("sales", sales)
    stored = store.read("sales").set_index("region_id").loc[sales["region_id"]]
    assert stored["revenue"].tolist() == values.tolist()  # bit for bit
    assert stored["units"].isna().tolist() == [False, True, False]


def test_concurrent_writers_of_one_kind_get_consecutive_versions(store_location: str) -> None:
    """The second writer waits for the first one's transaction, then numbers its version after it."""
    store = Store(store_location)
    store.write("sales", _sales([1]))
    inside = threading.Event()
    results: dict[str, object] = {}

    def hold() -> None:
        inside.set()
        time.sleep(1.0)  # the second writer starts while this transaction is still open

    def first() -> None:
        results["first"] = Store(store_location).write("sales", _sales([2]), before_commit=hold)

    def second() -> None:
        inside.wait(60)
        results["second"] = Store(store_location).write("sales", _sales([3, 4]))

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert (results["first"].version, results["second"].version) == (2, 3)
    assert store.current_version("sales") == 3
    versions = store.versions("sales")
    assert versions["version"].tolist() == [3, 2, 1]
    assert versions["base_version"].tolist()[:2] == [2, 1]
    assert sorted(store.read("sales", version=2)["units"]) == [2]
    audit = store.audit()
    assert audit["id"].is_unique and len(audit) == 3


def test_first_writers_starting_together_migrate_once(store_location: str) -> None:
    errors: list[BaseException] = []

    def write(units: int) -> None:
        try:
            Store(store_location).write("sales", _sales([units]))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    store = Store(store_location)
    assert store.versions("sales")["version"].tolist() == [4, 3, 2, 1]
    with store.reading() as con:
        applied = con.rows("SELECT number, count(*) FROM schema_migrations GROUP BY number ORDER BY number")
    assert [count for _, count in applied] == [1] * len(applied) and len(applied) >= 4


def test_a_missing_migration_is_applied_when_the_store_is_opened_for_writing(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1, 2]))
    with store.transaction() as con:  # as a store written before migration 4 (no sales categories)
        con.execute('ALTER TABLE data_sales DROP COLUMN "category"')
        con.execute("DELETE FROM schema_migrations WHERE number = :n", {"n": 4})
    store.write("plan", pd.DataFrame({"region_id": ["450102"], "month": ["2025-01"], "target_revenue": [1.0]}))
    with store.reading() as con:
        assert "category" in con.columns("data_sales")
        assert con.scalar("SELECT count(*) FROM schema_migrations WHERE number = :n", {"n": 4}) == 1
    assert store.read("sales")["category"].isna().all()
    assert sorted(store.read("sales")["units"]) == [1, 2]


def test_a_store_from_a_newer_program_is_refused(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1]))
    with store.transaction() as con:
        con.execute("INSERT INTO schema_migrations VALUES (:n, NULL)", {"n": 999})
    with pytest.raises(StoreError) as raised:
        store.write("sales", _sales([2]))
    assert raised.value.reason == "schema_newer"
    assert store.current_version("sales") == 1


# --- PostgreSQL only: several processes on one database, and its faults -----------------------------


@pytest.fixture
def pg_location(store_locations) -> str:
    """A fresh database in the session's PostgreSQL cluster (skipped without PostgreSQL, as store_location)."""
    return store_locations("postgresql")


WRITER = textwrap.dedent(
    """
    import sys
    import pandas as pd
    sys.path.insert(0, {root!r})
    from analysis.io.store import Store
    store = Store({url!r})
    for i in range({n}):
        frame = pd.DataFrame({{"region_id": ["450102"] * 500, "month": [f"2025-{{m:02d}}" for m in range(1, 11)] * 50,
                              "units": i, "revenue": 1.0, "product": [f"p{{k}}" for k in range(500)]}})
        print(store.write("sales", frame, note={tag!r}).version, flush=True)
    """
)


def test_two_processes_importing_at_once_never_collide(pg_location: str) -> None:
    n = 6
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(root=str(ROOT), url=pg_location, n=n, tag=tag)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    outputs = [proc.communicate(timeout=180) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    numbers = sorted(int(v) for out, _ in outputs for v in out.split())
    assert numbers == list(range(1, 2 * n + 1))
    store = Store(pg_location)
    versions = store.versions("sales")
    assert sorted(versions["version"]) == numbers and versions["note"].value_counts().to_dict() == {"a": n, "b": n}
    assert store.current_version("sales") == 2 * n
    assert store.audit()["id"].is_unique and len(store.audit()) == 2 * n
    assert store.version_rows("sales", 7) == 500 and len(store.read("sales", version=7)) == 500


def test_the_store_reconnects_after_the_server_restarts(pg_cluster, pg_location: str) -> None:
    store = Store(pg_location)
    store.write("sales", _sales([1]))
    assert store.current_version("sales") == 1  # its connection is kept for the next operation
    pg_cluster.restart()
    assert store.current_version("sales") == 1
    assert store.write("sales", _sales([2])).version == 2


def test_a_writer_that_waits_too_long_says_the_store_is_busy(pg_location: str) -> None:
    Store(pg_location).write("sales", _sales([1]))
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        inside.set()
        release.wait(60)

    holder = threading.Thread(target=lambda: Store(pg_location).write("sales", _sales([2]), before_commit=hold))
    holder.start()
    try:
        assert inside.wait(60)
        impatient = Store(pg_location)
        impatient.lock_wait = 0.3
        with pytest.raises(StoreError) as raised:
            impatient.write("sales", _sales([3]))
        assert raised.value.reason == "busy"
        assert "busy with another import" in raised.value.message("en")
        assert Store(pg_location).current_version("sales") == 1  # readers do not wait
    finally:
        release.set()
        holder.join(60)
    assert Store(pg_location).current_version("sales") == 2


def test_a_server_that_does_not_answer_is_unreachable_and_the_password_is_masked() -> None:
    from analysis.io.store.pg_cluster import free_port

    store = Store(f"postgresql://atlas:s3cret-pw@127.0.0.1:{free_port()}/atlas")
    assert store.location.startswith("postgresql://atlas:***@127.0.0.1:")
    for attempt in (store.exists, lambda: store.write("sales", _sales([1])), lambda: store.read("sales")):
        with pytest.raises(StoreError) as raised:
            attempt()
        assert raised.value.reason == "unreachable"
        assert "Cannot reach the database at postgresql://atlas:***@" in raised.value.message("en")
        assert "无法连接数据库" in raised.value.message("zh")
        for text in (raised.value.message("en"), raised.value.message("zh"), str(raised.value)):
            assert "s3cret-pw" not in text


def test_a_database_that_does_not_exist_holds_no_store_and_cannot_be_written(pg_cluster) -> None:
    store = Store(pg_cluster.url("no_such_database"))
    assert not store.exists()
    assert store.read("sales").empty and store.current_versions() == {}
    with pytest.raises(StoreError) as raised:
        store.write("sales", _sales([1]))
    assert raised.value.reason == "missing"
    assert "createdb no_such_database" in raised.value.message("en")


def test_a_user_without_write_permission_is_told_so(pg_cluster, pg_location: str) -> None:
    Store(pg_location).write("sales", _sales([1]))
    import psycopg

    with psycopg.connect(pg_location, autocommit=True) as con:
        con.execute("DROP ROLE IF EXISTS atlas_reader")
        con.execute("CREATE ROLE atlas_reader LOGIN")
        con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO atlas_reader")
    reader = Store(pg_location.replace("//atlas@", "//atlas_reader@"))
    assert reader.current_version("sales") == 1  # it may read
    with pytest.raises(StoreError) as raised:
        reader.write("sales", _sales([2]))
    assert raised.value.reason == "read_only"
    assert "no permission" in raised.value.message("en")
    assert Store(pg_location).current_version("sales") == 1


def test_a_read_only_server_is_read_only(pg_location: str) -> None:
    Store(pg_location).write("sales", _sales([1]))
    standby = Store(pg_location + "?options=-c%20default_transaction_read_only%3Don")
    assert standby.current_version("sales") == 1
    with pytest.raises(StoreError) as raised:
        standby.write("sales", _sales([2]))
    assert raised.value.reason == "read_only"


def test_a_full_disk_leaves_the_previous_version_current(pg_cluster, pg_location: str, tmp_path: Path) -> None:
    """The store's tables in a 3 MB tablespace: an import that does not fit fails as "full"."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    import psycopg

    space = Path(pg_cluster.directory) / "small"
    space.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(space)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    database = pg_location.rsplit("/", 1)[1]
    try:
        subprocess.run(["chown", "postgres:postgres", str(space)], check=True)
        with psycopg.connect(pg_cluster.url(), autocommit=True) as con:
            con.execute(f"CREATE TABLESPACE small_{database} LOCATION '{space}'")
            con.execute(f"ALTER DATABASE {database} SET default_tablespace = small_{database}")
        store = Store(pg_location)
        store.write("sales", _sales([1, 2]))
        big = pd.DataFrame({"region_id": ["450102"] * 200_000, "month": "2025-02", "units": 3, "revenue": 9000.0,
                            "product": [f"product {i}" for i in range(200_000)]})  # fmt: skip
        with pytest.raises(StoreError) as raised:
            store.write("sales", big)
        assert raised.value.reason == "full"
        assert "disk is full" in raised.value.message("en")
        assert store.current_version("sales") == 1
        assert sorted(store.read("sales")["units"]) == [1, 2]
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            con.execute(f"DROP TABLESPACE IF EXISTS small_{database}")
        subprocess.run(["umount", "-l", str(space)], capture_output=True)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        ("DiskFull", "full"),
        ("InsufficientPrivilege", "read_only"),
        ("ReadOnlySqlTransaction", "read_only"),
        ("InvalidCatalogName", "missing"),
        ("UndefinedTable", "missing"),
        ("LockNotAvailable", "busy"),
        ("DeadlockDetected", "busy"),
        ("SerializationFailure", "busy"),
        ("DataCorrupted", "corrupt"),
        ("IndexCorrupted", "corrupt"),
        ("AdminShutdown", "unreachable"),
        ("CannotConnectNow", "unreachable"),
        ("InvalidPassword", "unreachable"),
        ("UniqueViolation", "failed"),
    ],
)
def test_postgresql_errors_are_named_by_their_cause(error: str, reason: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    from analysis.io.store.postgres_store import classify

    location = "postgresql://atlas:***@db/atlas"
    named = classify(getattr(psycopg.errors, error)("something s3cret happened"), location, ["s3cret"])
    assert named.reason == reason
    for lang in ("zh", "en"):
        assert location in named.message(lang) and "s3cret" not in named.message(lang)
    assert "s3cret" not in str(named)


@pytest.mark.parametrize(
    "message",
    [
        'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused',
        'connection failed: connection to server on socket "/run/postgresql/.s.PGSQL.5432" failed: '
        "No such file or directory",
        "connection failed: timeout expired",
        'connection failed: could not translate host name "db" to address: Name or service not known',
        "consuming input failed: server closed the connection unexpectedly",
    ],
)
def test_a_connection_that_never_got_an_answer_is_unreachable(message: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    from analysis.io.store.postgres_store import classify

    named = classify(psycopg.OperationalError(message), "postgresql://db/atlas")
    assert named.reason == "unreachable"


def test_a_query_the_database_rejects_is_a_failed_store_operation(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1]))
    with pytest.raises(StoreError) as raised, store.reading() as con:
        con.frame("SELECT no_such_column FROM versions WHERE kind = :k", {"k": "sales"})
    assert raised.value.reason == "failed"
    assert "no_such_column" in raised.value.message("en")
    assert store.current_version("sales") == 1  # and the store is still usable


def test_the_server_programs_are_found_where_debian_puts_them(tmp_path: Path) -> None:
    """Debian's `postgresql` puts initdb and pg_ctl in /usr/lib/postgresql/<major>/bin, not on PATH."""
    from analysis.io.store.pg_cluster import find_binaries

    for major in ("9.6", "13", "15"):
        directory = tmp_path / "lib" / major / "bin"
        directory.mkdir(parents=True)
        for program in ("initdb", "pg_ctl"):
            (directory / program).touch(mode=0o755)
    (tmp_path / "lib" / "16" / "bin").mkdir(parents=True)  # a client-only install: no initdb
    assert find_binaries(search_path="", debian_root=tmp_path / "lib") == tmp_path / "lib" / "15" / "bin"
    assert find_binaries(search_path="", debian_root=tmp_path / "none") is None
    on_path = tmp_path / "bin"
    on_path.mkdir()
    for program in ("initdb", "pg_ctl"):
        (on_path / program).symlink_to(tmp_path / "lib" / "13" / "bin" / program)
    assert find_binaries(search_path=str(on_path), debian_root=tmp_path / "lib") == tmp_path / "lib" / "13" / "bin"


def test_an_update_keeps_the_months_the_file_does_not_hold_and_is_planned_first(store_location: str) -> None:
    store = Store(store_location)
    january = _sales([1, 2, 3])
    february = _sales([4, 5]).assign(month="2025-02")
    store.write("sales", pd.concat([january, february], ignore_index=True))
    again = _sales([2, 7]).assign(month="2025-02")  # February again, both rows with new values
    plan = store.plan_update("sales", again)
    assert (plan.current_rows, plan.new_rows, plan.added, plan.replaced, plan.removed, plan.unchanged) == (
        5, 5, 0, 2, 0, 0,
    )  # fmt: skip
    assert plan.by_partition["partition"].tolist() == ["2025-02"]
    info = store.write("sales", again, mode="update")
    assert (info.version, info.rows) == (2, 5)
    now = store.read("sales")
    assert sorted(now.loc[now["month"] == "2025-01", "units"]) == [1, 2, 3]
    assert sorted(now.loc[now["month"] == "2025-02", "units"]) == [2, 7]
    assert store.versions("sales")["mode"].tolist() == ["update", "replace"]


def test_documents_are_versioned_deleted_and_restored(store_location: str) -> None:
    store = Store(store_location)
    assert store.document("scenarios", "base") is None and store.documents("scenarios").empty
    assert store.put_document("scenarios", "base", '{"w": 1}', user="li") == 1
    assert store.put_document("scenarios", "base", '{"w": 2}\n换行', user="li") == 2
    store.put_document("scenarios", "other", "x", user="wang")
    assert store.document("scenarios", "base") == '{"w": 2}\n换行'
    assert store.document("scenarios", "base", 1) == '{"w": 1}'
    store.delete_document("scenarios", "base", user="li")
    assert store.document("scenarios", "base") is None
    assert store.documents("scenarios")["name"].tolist() == ["other"]
    assert store.restore_document("scenarios", "base", 1, user="li") == 4
    assert store.documents("scenarios")["name"].tolist() == ["base", "other"]
    versions = store.document_versions("scenarios", "base")
    assert versions["version"].tolist() == [4, 3, 2, 1]
    assert [bool(v) for v in versions["deleted"]] == [False, True, False, False]


def test_the_audit_trail_is_filtered_by_user_action_kind_and_time(store_location: str) -> None:
    store = Store(store_location)
    store.write("sales", _sales([1]), user="li")
    store.write("sales", _sales([2]), user="wang")
    store.restore("sales", 1, user="li")
    store.record("mapping.save", kind="sales", name="m1", user="li", detail={"headers": ["城市", "月份"]})
    audit = store.audit()
    assert audit["action"].tolist() == ["mapping.save", "restore", "import", "import"]
    assert store.audit(user="li")["action"].tolist() == ["mapping.save", "restore", "import"]
    assert store.audit(action="map")["name"].tolist() == ["m1"]
    assert store.audit(kind="sales", limit=2)["action"].tolist() == ["mapping.save", "restore"]
    assert store.audit(since=audit["created_at"].max() + pd.Timedelta(seconds=1)).empty
    assert "城市" in store.audit(action="mapping")["detail"].iloc[0]
