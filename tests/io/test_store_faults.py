"""The store's own faults through the command line and the Data page: one message that names the
cause (no traceback), exit 1, nothing half-written; the next import after the fault is cleared works.

Disk full and read-only use a small tmpfs mounted for the test (root bypasses file permissions, so
chmod would not do); without mount rights those cases are skipped.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.cli import main
from analysis.io.store import Store

ROOT = config.ROOT
SMALL = "region,month,units,revenue\n450100,2025-01,1,10\n450200,2025-01,2,20\n"


def _big(rows: int = 60_000) -> str:
    lines = ["region,month,units,revenue,product"]
    lines += [f"450100,2025-01,{i},{i}.5,P{i:07d}" for i in range(rows)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def tmpfs(tmp_path: Path):
    """A directory on its own small tmpfs (remount it with `_remount`); skipped without mount rights."""
    where = tmp_path / "mnt"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


def _import(store: Path, path: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["import", "--kind", "sales", str(path), "--store", str(store)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _page_import(store: Path, raw: bytes, monkeypatch) -> AppTest:
    monkeypatch.setenv("TERRITORY_ATLAS_STORE", str(store))
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["sidebar.lang"] = "en"
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data_upload").set_value(("s.csv", raw, "text/csv")).run()
    if any(b.key == "data_import" for b in at.button):
        at.button(key="data_import").click().run()
    assert not at.exception, at.exception
    return at


def _page_errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error)


def test_a_truncated_store_file(tmp_path: Path, capsys, monkeypatch) -> None:
    store = tmp_path / "store"
    small = _file(tmp_path, "s.csv", SMALL)
    assert _import(store, _file(tmp_path, "big.csv", _big(5000)), capsys)[0] == 0
    database = store / "atlas.duckdb"
    database.write_bytes(database.read_bytes()[: database.stat().st_size // 3])
    code, said = _import(store, small, capsys)
    assert code == 1 and "damaged or truncated" in said
    assert main(["versions", "--kind", "sales", "--store", str(store)]) == 1
    assert "damaged or truncated" in capsys.readouterr().err
    assert "damaged or truncated" in _page_errors(_page_import(store, SMALL.encode(), monkeypatch))
    database.rename(store / "atlas.damaged")  # what the message says to do
    assert _import(store, small, capsys)[0] == 0
    assert Store(store).version_rows("sales") == 2


def test_a_full_disk_changes_nothing_and_the_next_import_works(tmpfs: Path, tmp_path: Path, capsys) -> None:
    store = tmpfs / "store"
    assert _import(store, _file(tmp_path, "s.csv", SMALL), capsys)[0] == 0
    big = _file(tmp_path, "big.csv", _big(400_000))
    code, _ = _import(store, big, capsys)
    assert code == 1
    assert Store(store).version_rows("sales") == 2  # the previous version is current and readable
    _remount(tmpfs, "size=256m")
    assert _import(store, big, capsys)[0] == 0


def test_a_full_disk_is_named_as_such(tmpfs: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    store = tmpfs / "store"
    assert _import(store, _file(tmp_path, "s.csv", SMALL), capsys)[0] == 0
    big = _file(tmp_path, "big.csv", _big(400_000))
    code, said = _import(store, big, capsys)
    assert code == 1 and "disk is full" in said
    assert "disk is full" in _page_errors(_page_import(store, big.read_bytes(), monkeypatch))


def test_a_read_only_directory(tmpfs: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    store = tmpfs / "store"
    small = _file(tmp_path, "s.csv", SMALL)
    assert _import(store, small, capsys)[0] == 0
    _remount(tmpfs, "ro")
    code, said = _import(store, small, capsys)
    assert code == 1 and "read-only" in said
    assert "read-only" in _page_errors(_page_import(store, SMALL.encode(), monkeypatch))
    _remount(tmpfs, "rw")
    assert _import(store, small, capsys)[0] == 0


def test_a_lock_held_by_another_process(tmp_path: Path, capsys, monkeypatch) -> None:
    store = tmp_path / "store"
    small = _file(tmp_path, "s.csv", SMALL)
    assert _import(store, small, capsys)[0] == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(store / 'atlas.duckdb')!r})\n"
            "print('holding', flush=True)\n"
            "time.sleep(120)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        code, said = _import(store, small, capsys)
        assert code == 1 and "locked by another program" in said
        assert "locked by another program" in _page_errors(_page_import(store, SMALL.encode(), monkeypatch))
    finally:
        holder.kill()
        holder.wait(timeout=20)
    deadline = time.monotonic() + 20
    while True:  # the lock goes with the process
        code, said = _import(store, small, capsys)
        if code == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert code == 0, said
