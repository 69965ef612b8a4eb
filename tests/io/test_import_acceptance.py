"""Issue 3 acceptance: the files analysts have go in; bad ones are refused with one clear
message naming the problem and the row, and the stored data stays byte-identical."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.io.columns import Mapping
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.io.importing import REPORT_COLUMNS, _repeated, prepare, summarise_import
from analysis.io.mappings import save_mapping
from analysis.io.templates import template_frame
from analysis.schemas import KINDS

GBK_SALES = '城市,月份,销量(台),销售额(元)\n南宁,2025年1月,120,"360,000"\n'.encode("gbk")
HEADER = "城市,月份,销量,销售额\n"
TODAY = date(2026, 6, 30)

# name, file bytes, what the one message must say, the row it must name (None: the whole file)
REFUSALS = [
    ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is not a text table", None),
    ("empty.csv", b"", "is empty", None),
    ("header_only.csv", HEADER.encode("gbk"), "has a header but no data rows", None),
    ("missing_column.csv", "城市,月份,销售额\n南宁,2025-01,100\n".encode("gbk"), "Required column 'units'", None),
    ("unknown_region.csv", (HEADER + "南宁,2025-01,1,100\n火星,2025-01,1,100\n").encode("gbk"), "No region named", 3),
    ("ambiguous.csv", (HEADER + "朝阳区,2025-01,1,100\n").encode("gbk"), "matches 2 regions", 2),
    ("negative.csv", (HEADER + "南宁,2025-01,1,100\n柳州,2025-01,-3,100\n").encode("gbk"), "cannot be negative", 3),
    ("same_key.csv", (HEADER + "南宁,2025-01,1,100\n南宁,2025年1月,2,100\n").encode("gbk"), "Same key", 3),
    ("bad_month.csv", (HEADER + "南宁,2025-13,1,100\n").encode("gbk"), "is not a valid month", 2),
]


@pytest.fixture
def filled_store(store_dir: Path, tmp_path: Path) -> Path:
    """A store whose current sales version came from the GBK file."""
    path = tmp_path / "sales_gbk.csv"
    path.write_bytes(GBK_SALES)
    assert main(["import", "--kind", "sales", str(path), "--store", str(store_dir)]) == 0
    return store_dir


def _export(store: Path, tmp_path: Path, kind: str, name: str = "out.csv") -> bytes:
    out = tmp_path / name
    assert main(["export", "--kind", kind, "--out", str(out), "--store", str(store)]) == 0
    return out.read_bytes()


@pytest.mark.parametrize(("name", "raw", "problem", "row"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_file_is_refused_with_one_message_and_nothing_changes(
    name: str, raw: bytes, problem: str, row: int | None, filled_store: Path, tmp_path: Path, capsys
) -> None:
    before = _export(filled_store, tmp_path, "sales", "before.csv")
    path = tmp_path / name
    path.write_bytes(raw)
    capsys.readouterr()
    assert main(["import", "--kind", "sales", str(path), "--store", str(filled_store)]) == 1
    out, err = capsys.readouterr()
    errors = [line for line in out.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, out
    assert problem in errors[0]
    if row is not None:
        assert f"row {row}," in errors[0]
    assert "Traceback" not in out + err
    assert "Nothing was stored" in out
    assert _export(filled_store, tmp_path, "sales", "after.csv") == before


def test_gbk_sales_file_exports_canonical_values(filled_store: Path, tmp_path: Path) -> None:
    lines = _export(filled_store, tmp_path, "sales").decode("utf-8").splitlines()
    assert lines[1].startswith("450100,2025-01,120,360000")


def test_utf8_bom_competitor_file_stores_revenue_in_yuan(store_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "competitors.csv"
    text = (
        "行政区划代码,年份,竞品品牌,年回款(万元),均价(元)\n450100,2024,品牌甲,12.5,2999\n450102.0,2024,品牌乙,3,1999\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["import", "--kind", "competitors", str(path), "--store", str(store_dir)]) == 0
    _export(store_dir, tmp_path, "competitors", "competitors.out.csv")
    frame = pd.read_csv(tmp_path / "competitors.out.csv", dtype={"region_id": str})
    assert frame[["region_id", "competitor", "revenue", "avg_price"]].values.tolist() == [
        ["450100", "品牌甲", 125000.0, 2999.0],
        ["450102", "品牌乙", 30000.0, 1999.0],
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_templates_validate_cleanly_as_csv_and_excel(kind: str, lang: str) -> None:
    frame = template_frame(kind, lang)
    assert len(frame) == 1 and len(frame.columns) == len(KINDS[kind].columns)
    for raw, name in ((to_csv_bytes(frame), "t.csv"), (to_excel_bytes({kind: frame}), "t.xlsx")):
        prepared = prepare(kind, raw, name, today=TODAY)
        assert prepared.ok and prepared.findings.empty, prepared.findings
        assert prepared.mapping is not None and [c for _, c in prepared.mapping.columns] == list(KINDS[kind].names)
        assert len(prepared.frame) == 1


# every validation rule with the row it names: kind, file text, code, severity, row, column
RULES = [
    ("sales", "城市,月份,销量,销售额\n南宁,2025-01,abc,1\n", "not_number", "error", 2, "销量"),
    ("sales", "城市,月份,销量,销售额\n南宁,2025-01,1,1\n,2025-02,1,1\n", "blank", "error", 3, "城市"),
    ("sales", "城市,月份,销量,销售额\n南宁,2030-01,1,1\n", "future_month", "warning", 2, "月份"),
    ("sales", "城市,月份,销量,销售额\n南宁,2025-01,1,1\n南宁,2025-01,1,1\n", "duplicate_row", "warning", 3, None),
    ("sales", "城市,月份,销量,销售额\n南宁,2025-01,1,-1\n", "negative", "error", 2, "销售额"),
    ("demographics", "地区,年份,人口\n南宁,20x5,100\n", "bad_year", "error", 2, "年份"),
    ("housing", "地区,年份,新建住宅套数,状态\n南宁,2026,100,soon\n", "bad_choice", "error", 2, "状态"),
    ("distributors", "经销商编号,经销商名称,地区,信誉\nD1,甲,南宁,7\n", "out_of_range_score", "error", 2, "信誉"),
    ("competitors", "地区,年份,竞品,回款,折扣率\n南宁,2024,甲,1,150%\n", "out_of_range_share", "error", 2, "折扣率"),
    ("sales", "城市,月份,销量,销售额\n\n南宁,2025-01,1,1\n火星,2025-01,1,1\n", "region_unresolved", "error", 4, "城市"),
]


@pytest.mark.parametrize(("kind", "text", "code", "severity", "row", "column"), RULES, ids=[r[2] for r in RULES])
def test_each_rule_names_its_row_and_column(
    kind: str, text: str, code: str, severity: str, row: int, column: str | None
) -> None:
    prepared = prepare(kind, text.encode("gbk"), "f.csv", today=TODAY)
    found = prepared.findings[prepared.findings["code"] == code]
    assert len(found) == 1, prepared.findings
    finding = found.iloc[0]
    assert (finding["severity"], int(finding["row"])) == (severity, row)
    assert (finding["column"] if pd.notna(finding["column"]) else None) == column
    assert finding["message_zh"] and finding["message_en"]
    assert prepared.ok == (severity == "warning")


def test_a_parent_column_resolves_an_ambiguous_district() -> None:
    prepared = prepare("sales", "省份,区县,月份,销量,销售额\n吉林,朝阳区,2025-01,1,1\n".encode("gbk"), "f.csv")
    assert prepared.ok, prepared.findings
    assert prepared.frame["region_id"].tolist() == ["220104"]


def test_a_money_unit_chosen_in_the_mapping_step_overrides_the_header() -> None:
    mapping = Mapping(
        columns=(("城市", "region"), ("月份", "month"), ("销量", "units"), ("销售额(元)", "revenue")),
        money_units=(("revenue", 1e4),),
    )
    raw = "城市,月份,销量,销售额(元)\n南宁,2025-01,1,3.5\n".encode("gbk")
    assert prepare("sales", raw, "f.csv", mapping=mapping).frame["revenue"].tolist() == [35000.0]


def test_a_mapping_that_does_not_fit_the_file_is_a_finding_not_a_crash() -> None:
    mapping = Mapping(columns=(("地区", "region"), ("月份", "month")))
    prepared = prepare("sales", GBK_SALES, "f.csv", mapping=mapping)
    assert prepared.findings["code"].tolist() == ["mapping_missing"]
    assert "地区" in prepared.findings["message_en"].iloc[0]


def test_report_lists_errors_first_with_the_offending_cells() -> None:
    raw = (HEADER + "南宁,2025-01,1,1\n南宁,2025-01,1,1\n柳州,2025-01,-1,1\n").encode("gbk")
    report = prepare("sales", raw, "f.csv", today=TODAY).report("en")
    assert report.columns.tolist() == [*REPORT_COLUMNS, "城市", "月份", "销量", "销售额"]
    assert report[["severity", "row"]].values.tolist() == [["error", 4], ["warning", 3]]
    assert report.loc[0, "销量"] == "-1"


def test_cli_uses_the_mapping_saved_in_the_store(store_dir: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes("地市,时间,数量,金额\n南宁,2025-01,120,36\n".encode("gbk"))
    mapping = Mapping(
        columns=(("地市", "region"), ("时间", "month"), ("数量", "units"), ("金额", "revenue")),
        money_units=(("revenue", 1e4),),
    )
    save_mapping(store_dir, "sales", mapping, ["地市", "时间", "数量", "金额"])
    capsys.readouterr()
    assert main(["validate", "--kind", "sales", str(path), "--store", str(store_dir)]) == 0
    assert "saved" in capsys.readouterr().err
    assert main(["import", "--kind", "sales", str(path), "--store", str(store_dir)]) == 0
    assert _export(store_dir, tmp_path, "sales").decode().splitlines()[1].startswith("450100,2025-01,120,360000")


def test_cli_refuses_a_mapping_file_that_does_not_fit(store_dir: Path, tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(GBK_SALES)
    other = tmp_path / "other.json"
    Mapping(columns=(("region", "region"),)).save(other)
    assert main(["import", "--kind", "sales", str(path), "--mapping", str(other), "--store", str(store_dir)]) == 1
    out, err = capsys.readouterr()
    assert "mapping does not fit" in out and "Traceback" not in out + err


def test_summary_compares_with_the_previous_version() -> None:
    old = pd.DataFrame(
        {"region_id": ["450100", "450200"], "month": ["2025-01", "2025-01"], "units": [1, 2], "revenue": [10.0, 20.0]}
    )
    new = pd.DataFrame(
        {"region_id": ["450100", "450300"], "month": ["2025-01", "2025-03"], "units": [1, 3], "revenue": [10.0, 30.0]}
    )
    summary = summarise_import("sales", old, new, 2, 1)
    assert (summary.added, summary.removed, summary.changed) == (1, 1, 0)
    assert summary.periods == ("2025-01", "2025-03") and summary.previous_periods == ("2025-01", "2025-01")
    first = summarise_import("sales", pd.DataFrame(columns=list(KINDS["sales"].stored_columns)), new, 1, None)
    assert (first.added, first.removed, first.previous_rows, first.previous_periods) == (2, 0, 0, None)


def test_two_headers_mapped_to_one_column_is_a_finding() -> None:
    mapping = Mapping(
        columns=(("城市", "region"), ("月份", "region"), ("销量(台)", "units"), ("销售额(元)", "revenue"))
    )
    prepared = prepare("sales", GBK_SALES, "f.csv", mapping=mapping)
    assert prepared.findings["code"].tolist() == ["mapping_doubled"]
    assert "more than one column is mapped to: region" in prepared.findings["message_en"].iloc[0]


@pytest.mark.parametrize("distinct", [3, 2000], ids=["few keys: counted", "many keys: hashed"])
def test_repeated_keys_are_found_either_way(distinct: int) -> None:
    rows = 60
    frame = pd.DataFrame(
        {
            "region_id": pd.Series([f"r{i % distinct}" if i % 7 else None for i in range(rows)], dtype="str"),
            "month": pd.Series([f"m{(i * 13) % distinct}" for i in range(rows)], dtype="str"),
            "units": pd.array([i % 2 for i in range(rows)], dtype="Int64"),
        }
    )
    for key in (["region_id"], ["region_id", "month"], ["region_id", "month", "units"]):
        expected = frame.duplicated(subset=key, keep=False).to_numpy()
        assert (_repeated(frame, key) == expected).all()
