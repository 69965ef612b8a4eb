"""Store: versions, restore, failed and killed imports leave the current version intact."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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


def test_empty_store_has_no_versions(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.current_version("sales") is None
    assert store.versions("sales").empty
    assert store.read("sales").empty


def test_each_write_is_a_new_current_version(tmp_path: Path) -> None:
    store = Store(tmp_path)
    first = store.write("sales", _sales([1, 2]), filename="a.csv")
    second = store.write("sales", _sales([5, 6, 7]), filename="b.csv")
    assert (first.version, second.version) == (1, 2)
    assert store.current_version("sales") == 2
    assert store.read("sales")["units"].tolist() == [7, 5, 6]  # sorted by region_id
    versions = store.versions("sales")
    assert versions["version"].tolist() == [2, 1]
    assert versions["current"].tolist() == [True, False]
    assert versions["filename"].tolist() == ["b.csv", "a.csv"]


def test_versions_are_per_kind(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _sales([1]))
    plan = pd.DataFrame({"region_id": ["450102"], "month": ["2025-01"], "target_revenue": [1.0], "target_units": [1]})
    assert store.write("plan", plan).version == 1
    assert store.current_versions() == {"plan": 1, "sales": 1}


def test_restore_makes_an_old_version_current_and_keeps_the_rest(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _sales([1, 2]))
    store.write("sales", _sales([5, 6, 7]))
    store.restore("sales", 1)
    assert store.current_version("sales") == 1
    assert sorted(store.read("sales")["units"]) == [1, 2]
    assert len(store.versions("sales")) == 2
    assert sorted(store.read("sales", version=2)["units"]) == [5, 6, 7]


def test_restore_of_a_missing_version_names_the_stored_ones(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _sales([1]))
    with pytest.raises(StoreError, match=r"no version 9; stored versions: \[1\]"):
        store.restore("sales", 9)


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"(?i)unknown kind 'salez'"):
        Store(tmp_path).read("salez")


def test_failure_inside_the_write_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _sales([1, 2]))

    def fail() -> None:
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        store.write("sales", _sales([5, 6, 7]), before_commit=fail)
    assert store.current_version("sales") == 1
    assert sorted(store.read("sales")["units"]) == [1, 2]
    assert store.versions("sales")["version"].tolist() == [1]


def test_process_killed_mid_import_leaves_the_previous_version_readable(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _sales([1, 2]))
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        import pandas as pd
        sys.path.insert(0, {str(ROOT)!r})
        from analysis.io.store import Store
        big = pd.DataFrame({{"region_id": ["450102"] * 200_000, "month": ["2025-02"] * 200_000,
                             "units": 3, "revenue": 9000.0, "product": "x", "distributor_id": "", "channel": ""}})
        Store({str(tmp_path)!r}).write("sales", big, before_commit=lambda: os.kill(os.getpid(), signal.SIGKILL))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr.decode()
    reopened = Store(tmp_path)
    assert reopened.current_version("sales") == 1
    assert sorted(reopened.read("sales")["units"]) == [1, 2]
    assert reopened.versions("sales")["version"].tolist() == [1]
    assert reopened.write("sales", _sales([4])).version == 2


def test_shortlist_is_kept_per_dataset(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.shortlist("demo").empty
    store.set_shortlisted("demo", "city", "450100", True)
    store.set_shortlisted("demo", "city", "450100", True)  # twice is once
    store.set_shortlisted("demo", "county", "450102", True)
    store.set_shortlisted("store", "city", "110100", True)
    assert store.shortlist("demo")["region_id"].tolist() == ["450100", "450102"]
    store.set_shortlisted("demo", "city", "450100", False)
    assert store.shortlist("demo")["region_id"].tolist() == ["450102"]
    assert store.shortlist("store")["region_id"].tolist() == ["110100"]
