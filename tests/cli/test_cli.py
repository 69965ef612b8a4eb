"""Command line: exit codes, messages and the demo → import → export round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.cli import main

ROOT = config.ROOT
CLEAN_SALES = "region,month,units,revenue\n450102,2025-01,120,360000\n450103,2025-01,80,240000\n"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("demo-store")
    assert main(["demo", "--store", str(store)]) == 0
    return store


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_demo_then_export_sales(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "sales.csv"
    assert main(["export", "--kind", "sales", "--out", str(out), "--store", str(demo_store)]) == 0
    header, first = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header == "region_id,month,units,revenue,category,product,distributor_id,channel"
    region, month = first.split(",")[:2]
    assert len(region) == 6 and region.isdigit()
    assert len(month) == 7 and month[4] == "-"


def test_failed_import_exits_1_and_export_is_unchanged(demo_store: Path, tmp_path: Path, capsys) -> None:
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    main(["export", "--kind", "sales", "--out", str(before), "--store", str(demo_store)])
    bad = _write(tmp_path, "no_units.csv", "region,month,revenue\n450102,2025-01,360000\n")
    capsys.readouterr()
    assert main(["import", "--kind", "sales", str(bad), "--store", str(demo_store)]) == 1
    out = capsys.readouterr().out
    assert "Required column 'units' is missing" in out
    assert "Traceback" not in out
    main(["export", "--kind", "sales", "--out", str(after), "--store", str(demo_store)])
    assert before.read_bytes() == after.read_bytes()


def test_clean_canonical_csv_imports_and_exports_exactly(store_dir: Path, tmp_path: Path) -> None:
    src = _write(tmp_path, "sales.csv", CLEAN_SALES)
    assert main(["import", "--kind", "sales", str(src), "--store", str(store_dir)]) == 0
    out = tmp_path / "out.csv"
    assert main(["export", "--kind", "sales", "--out", str(out), "--store", str(store_dir)]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == [
        "region_id,month,units,revenue,category,product,distributor_id,channel",
        "450102,2025-01,120,360000,,,,",
        "450103,2025-01,80,240000,,,,",
    ]


def test_versions_and_restore(store_dir: Path, tmp_path: Path, capsys) -> None:
    first = _write(tmp_path, "a.csv", CLEAN_SALES)
    second = _write(tmp_path, "b.csv", "region,month,units,revenue\n450102,2025-02,1,3000\n")
    main(["import", "--kind", "sales", str(first), "--store", str(store_dir)])
    main(["import", "--kind", "sales", str(second), "--store", str(store_dir)])
    capsys.readouterr()
    assert main(["versions", "--kind", "sales", "--store", str(store_dir)]) == 0
    listing = capsys.readouterr().out
    assert "a.csv" in listing and "b.csv" in listing
    assert main(["restore", "--kind", "sales", "--version", "1", "--store", str(store_dir)]) == 0
    out = tmp_path / "out.csv"
    main(["export", "--kind", "sales", "--out", str(out), "--store", str(store_dir)])
    assert "2025-02" not in out.read_text()


def test_restore_of_unknown_version_exits_1(store_dir: Path, tmp_path: Path, capsys) -> None:
    main(["import", "--kind", "sales", str(_write(tmp_path, "a.csv", CLEAN_SALES)), "--store", str(store_dir)])
    assert main(["restore", "--kind", "sales", "--version", "7", "--store", str(store_dir)]) == 1
    assert "no version 7" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("region,month,units,revenue\n450102,2025-01,-5,100\n", "cannot be negative"),
        ("region,month,units,revenue\n南宁西,2025-01,5,100\n", "南宁市"),
        ("region,month,units,revenue\n朝阳区,2025-01,5,100\n", "220104"),
        ("region,month,units,revenue\n450102,2025-13,5,100\n", "not a valid month"),
        ("region,month,units,revenue\n450102,2025-01,5,100\n450102,2025-01,6,100\n", "row 2"),
    ],
)
def test_validate_exits_1_with_the_row_and_a_fix(tmp_path: Path, capsys, content: str, expected: str) -> None:
    path = _write(tmp_path, "bad.csv", content)
    assert main(["validate", "--kind", "sales", str(path)]) == 1
    out = capsys.readouterr().out
    assert expected in out
    assert "row " in out


def test_validate_json_is_machine_readable(tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "bad.csv", "region,month,units,revenue\n450102,2025-01,-5,100\n")
    assert main(["validate", "--kind", "sales", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["findings"][0]["row"] == 2
    assert report["findings"][0]["column"] == "units"


def test_validate_ok_exits_0(tmp_path: Path) -> None:
    assert main(["validate", "--kind", "sales", str(_write(tmp_path, "ok.csv", CLEAN_SALES))]) == 0


def test_binary_file_is_refused_cleanly(tmp_path: Path, capsys) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert main(["validate", "--kind", "sales", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().out


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["validate", "--kind", "sales", str(tmp_path / "nope.csv")]) == 2


@pytest.mark.parametrize("argv", [[], ["import"], ["export", "--kind", "nope", "--out", "x.csv"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "analysis", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "demo" in result.stdout and "restore" in result.stdout
