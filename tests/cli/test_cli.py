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


# --------------------------------------------------------------------------------------
# Issues 11 and 12: real files in, updates add, bad rows set aside, every file of the corpus
# --------------------------------------------------------------------------------------

from tests.io.corpus import CASES, report_xlsx, wide_csv, zip_bomb  # noqa: E402


def _export_lines(store: Path, tmp_path: Path, kind: str = "sales") -> list[str]:
    out = tmp_path / f"{kind}.out.csv"
    assert main(["export", "--kind", kind, "--out", str(out), "--store", str(store)]) == 0
    return out.read_text(encoding="utf-8").splitlines()


def test_import_of_a_report_with_title_units_and_totals(store_dir: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(report_xlsx())
    assert main(["import", "--kind", "sales", str(path), "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out
    assert "A totals row ('合计'), left out" in out and "row 7" in out
    assert _export_lines(store_dir, tmp_path)[1:] == [
        "450100,2025-01,120,360000,,,,",
        "450200,2025-01,80,245000,,,,",
        "450300,2025-01,50,150000,,,,",
    ]


def _history(tmp_path: Path, months: int = 36) -> Path:
    lines = ["region,month,units,revenue"]
    for i in range(months):
        lines += [
            f"450100,{2023 + i // 12}-{i % 12 + 1:02d},10,1000",
            f"450200,{2023 + i // 12}-{i % 12 + 1:02d},5,500",
        ]
    path = tmp_path / "history.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_one_month_file_adds_a_month_and_replace_makes_it_the_only_one(
    store_dir: Path, tmp_path: Path, capsys
) -> None:
    assert main(["import", "--kind", "sales", str(_history(tmp_path)), "--store", str(store_dir)]) == 0
    month = _write(tmp_path, "2026-01.csv", "region,month,units,revenue\n450100,2026-01,3,30\n450200,2026-01,4,40\n")
    capsys.readouterr()
    assert main(["import", "--kind", "sales", str(month), "--store", str(store_dir)]) == 0
    out = capsys.readouterr().out
    assert "update: added 2 rows, replaced 0, removed 0" in out
    assert out.index("update: added") < out.index("version 2")  # said before the write
    lines = _export_lines(store_dir, tmp_path)[1:]
    assert len(lines) == 74 and len({line.split(",")[1] for line in lines}) == 37
    assert main(["import", "--kind", "sales", str(month), "--replace", "--store", str(store_dir)]) == 0
    assert "replace: added 0 rows, replaced 0, removed 72" in capsys.readouterr().out
    assert {line.split(",")[1] for line in _export_lines(store_dir, tmp_path)[1:]} == {"2026-01"}


def test_header_row_option(store_dir: Path, tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "s.csv", "制表：张三,,,\n城市,月份,销量,销售额\n南宁,2025-01,1,10\n")
    assert main(["validate", "--kind", "sales", str(path), "--header-row", "1"]) == 1
    assert main(["validate", "--kind", "sales", str(path), "--header-row", "2"]) == 0
    assert main(["validate", "--kind", "sales", str(path), "--header-row", "9"]) == 1
    assert "Row 9 cannot be the header" in capsys.readouterr().out


def test_skip_bad_rows_imports_the_rest_and_records_them(store_dir: Path, tmp_path: Path, capsys) -> None:
    path = _write(tmp_path, "s.csv", "城市,月份,销量,销售额\n南宁,2025-01,1,10\n火星,2025-01,2,20\n柳州,2025-01,3,30\n")
    assert main(["import", "--kind", "sales", str(path), "--store", str(store_dir)]) == 1
    assert "With --skip-bad-rows" in capsys.readouterr().out
    aside = tmp_path / "aside.csv"
    argv = ["import", "--kind", "sales", str(path), "--skip-bad-rows", "--set-aside-out", str(aside)]
    assert main([*argv, "--store", str(store_dir)]) == 0
    assert "1 rows set aside" in capsys.readouterr().out
    assert len(_export_lines(store_dir, tmp_path)) == 3
    assert "火星" in aside.read_text(encoding="utf-8-sig")
    from analysis.io.store import Store

    assert Store(store_dir).versions("sales")["set_aside"].tolist() == [1]


def test_region_map_file(store_dir: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "s.csv", "城市,月份,销量,销售额\n南宁西区,2025-01,1,10\n")
    regions = _write(tmp_path, "map.csv", "value,region\n南宁西区,450100\n")
    assert main(["validate", "--kind", "sales", str(path)]) == 1
    assert main(["import", "--kind", "sales", str(path), "--region-map", str(regions), "--store", str(store_dir)]) == 0
    assert _export_lines(store_dir, tmp_path)[1].startswith("450100,2025-01")


def test_mixed_levels_warn_at_validation(tmp_path: Path, capsys) -> None:
    path = _write(
        tmp_path, "s.csv", "区县,月份,销量,销售额\n芙蓉区,2025-01,1,10\n天心区,2025-01,2,20\n株洲市,2025-01,200,2000\n"
    )
    assert main(["validate", "--kind", "sales", str(path)]) == 0
    out = capsys.readouterr().out
    assert "WARNING" in out and "mixes region levels" in out and "株洲市" in out


CORPUS = [(cls, case) for cls, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("cls", "case"), CORPUS, ids=[c.name for _, c in CORPUS])
def test_every_file_of_the_corpus_through_validate_and_import(
    cls: str, case, store_dir: Path, tmp_path: Path, capsys
) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.raw)
    options = ["--sheet", case.options["sheet"]] if "sheet" in case.options else []
    expected = 1 if case.blocks else 0
    assert main(["validate", "--kind", case.kind, str(path), "--json", *options]) == expected
    report = json.loads(capsys.readouterr().out)
    if case.finding is not None:
        code, row = case.finding
        assert any(f["code"] == code and (row is None or f["row"] == row) for f in report["findings"]), report
    assert main(["import", "--kind", case.kind, str(path), *options, "--store", str(store_dir)]) == expected
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if not case.blocks:
        from analysis.io.store import Store

        stored = Store(store_dir).read(case.kind)
        for column, values in case.stored.items():
            assert sorted(stored[column].tolist()) == sorted(values)


@pytest.mark.parametrize("build", [zip_bomb, wide_csv], ids=["zip bomb", "100,000 trailing empty columns"])
def test_hostile_files_are_refused_fast_and_small_on_the_command_line(build, tmp_path: Path) -> None:
    path = tmp_path / ("bomb.xlsx" if build is zip_bomb else "wide.csv")
    path.write_bytes(build())
    probe = (
        "import re, sys, time\n"
        "from analysis.cli import main\n"
        "started = time.perf_counter()\n"
        f"code = main(['import', '--kind', 'sales', {str(path)!r}, '--store', {str(tmp_path / 'store')!r}])\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]\n"
        "print('RESULT', code, time.perf_counter() - started, peak)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    _, code, seconds, peak_kb = line.split()
    assert int(code) == 1 and "Traceback" not in result.stdout + result.stderr
    assert "zip bomb" in result.stdout or "fields" in result.stdout
    assert float(seconds) <= 5  # generous: the refusal itself takes well under a second
    assert int(peak_kb) / 1024 <= 500  # VmHWM of this process (ru_maxrss would carry the parent's over exec)
