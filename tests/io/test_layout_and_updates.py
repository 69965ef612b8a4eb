"""Issue 11: where the table is in a real file, monthly updates that add, rows set aside, every row
accounted for per level."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.io.files import ReadError, find_layout, read_table
from analysis.io.importing import commit_import, import_file, plan_import, prepare
from analysis.io.levels import accounting_texts, level_accounting
from analysis.io.store import Store
from tests.io.corpus import report_xlsx, xls, xlsx

TODAY = date(2026, 6, 30)


def _prepare(raw: bytes, name: str = "f.csv", kind: str = "sales", **options):
    return prepare(kind, raw, name, today=TODAY, **options)


# -- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "header_at", "height", "header"),
    [
        ([["2025年销售报表"], ["单位：万元"], ["城市", "销售额"], ["南宁", "1"]], 2, 1, ["城市", "销售额"]),
        (
            [[None], ["城市", "销量", "销售额"], [None, "台", "万元"], ["南宁", "1", "2"]],
            1, 2, ["城市", "销量 / 台", "销售额 / 万元"],
        ),
        (
            [["地区", "月份", "本月", None], [None, None, "数量", "金额"], ["南宁", "2025-01", "1", "2"]],
            0, 2, ["地区", "月份", "本月 / 数量", "本月 / 金额"],
        ),
        (
            [["制表人：张三", None, "日期：2025-02-01"], ["城市", "月份", "销量"], ["南宁", "2025-01", "1"]],
            1, 1, ["城市", "月份", "销量"],
        ),
        ([["经销商编号", "地区", "是否独家"], ["D001", "南宁", "是"]], 0, 1, ["经销商编号", "地区", "是否独家"]),
    ],
    ids=["title and units", "units row", "merged header", "key-value notes", "text data is not a header row"],
)  # fmt: skip
def test_find_layout(rows: list, header_at: int, height: int, header: list[str]) -> None:
    layout = find_layout(rows)
    assert (layout.header_at, layout.header_rows, layout.header) == (header_at, height, header)


def test_units_note_sets_the_money_scale_and_is_listed() -> None:
    layout = find_layout([["2025年销售报表（单位：万元）"], ["城市", "销售额"], ["南宁", "1"]])
    assert layout.money_scale == 1e4
    assert [(x.row, x.why) for x in layout.left_out] == [(1, "units")]


def test_header_row_given_by_the_user() -> None:
    rows = [["a", "b"], ["城市", "销售额"], ["南宁", "1"]]
    assert find_layout(rows, header_row=2).header == ["城市", "销售额"]
    with pytest.raises(ReadError) as caught:
        find_layout(rows, header_row=7)
    assert caught.value.code == "bad_header_row"


def test_report_xlsx_reads_in_yuan_without_its_totals_row() -> None:
    prepared = _prepare(report_xlsx(), "r.xlsx")
    assert prepared.ok, prepared.findings
    assert prepared.table.sheet == "销售" and prepared.table.header_row == 3
    assert prepared.frame["revenue"].tolist() == [360000.0, 245000.0, 150000.0]
    codes = prepared.findings.set_index("code")
    assert codes.loc["totals_row", "row"] == 7 and codes.loc["left_out_units", "row"] == 2


@pytest.mark.parametrize(
    ("text", "revenue"),
    [
        ("城市,月份,销量,销售额\n,,台,万元\n南宁,2025-01,1,3\n", 30000.0),
        ("2025年报表,,,\n,,,\n城市,月份,销量,销售额\n单位：万元,,,\n南宁,2025-01,1,3\n", 30000.0),
        ("城市,月份,销量,销售额(元)\n南宁,2025-01,1,3\n总计,,1,3\n", 3.0),
        ("城市,月份,销量,销售额\n南宁,2025-01,1,3\n柳州,2025-01,2,4\n,,3,7\n注：数据来源 ERP\n", 3.0),
    ],
    ids=["two-row header", "title, blank row, units under the header", "总计 row", "sum row and a note below"],
)
def test_csv_layouts(text: str, revenue: float) -> None:
    prepared = _prepare(text.encode("gbk"))
    assert prepared.ok, prepared.findings
    assert prepared.frame["revenue"].iloc[0] == revenue
    assert prepared.frame["region_id"].str.len().eq(6).all()


def test_multi_sheet_workbook_finds_the_data_and_the_sheet_can_be_chosen() -> None:
    raw = xlsx(
        {
            "说明": [["填表说明"], ["金额单位为元"]],
            "汇总": [["城市", "销售额"], ["南宁", 1]],
            "明细": [["城市", "月份", "销量", "销售额"], ["南宁", "2025-01", 1, 2], ["柳州", "2025-01", 3, 4]],
        }
    )
    table = read_table(raw, "b.xlsx")
    assert table.sheet == "明细"
    assert dict(table.skipped_sheets) == {"说明": "cover", "汇总": "smaller"}
    assert read_table(raw, "b.xlsx", sheet="汇总").frame.shape == (1, 2)


def test_legacy_xls_is_read() -> None:
    raw = xls(
        {
            "封面": [["报表"]],
            "Sheet1": [["2025年销售报表"], ["城市", "月份", "销量", "销售额(万元)"], ["南宁", "2025-01", 2, 1.5]],
        }
    )
    prepared = _prepare(raw, "old.xls")
    assert prepared.ok, prepared.findings
    assert prepared.frame[["region_id", "units", "revenue"]].values.tolist() == [["450100", 2, 15000.0]]


# -- updates --------------------------------------------------------------------------------


def _history(months: int = 36) -> pd.DataFrame:
    labels = [f"{2023 + i // 12}-{i % 12 + 1:02d}" for i in range(months)]
    return pd.DataFrame(
        {
            "region_id": ["450100", "450200"] * months,
            "month": [m for m in labels for _ in range(2)],
            "units": [1, 2] * months,
            "revenue": [10.0, 20.0] * months,
        }
    )


def test_a_one_month_file_onto_36_months_gives_37_and_replace_gives_one(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _history())
    raw = b"region,month,units,revenue\n450100,2026-01,5,50\n450300,2026-01,6,60\n"
    prepared = _prepare(raw)
    plan = plan_import(store, prepared)
    assert (plan.added, plan.replaced, plan.removed, plan.new_rows) == (2, 0, 0, 74)
    outcome = commit_import(store, prepared)
    assert outcome.done and store.read("sales")["month"].nunique() == 37
    replaced = import_file(store, "sales", raw, "f.csv", mode="replace", today=TODAY)
    assert replaced.done and store.read("sales")["month"].unique().tolist() == ["2026-01"]


def test_a_replace_that_removes_most_rows_needs_a_confirmation(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _history())
    prepared = _prepare(b"region,month,units,revenue\n450100,2026-01,5,50\n")
    refused = commit_import(store, prepared, mode="replace")
    assert not refused.done and "more than half" in refused.refused.render("en")
    assert commit_import(store, prepared, mode="replace", confirmed=True).done


def test_a_month_again_replaces_its_rows_by_key(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write("sales", _history(3))
    prepared = _prepare(b"region,month,units,revenue\n450100,2023-02,9,90\n")
    plan = plan_import(store, prepared)
    assert (plan.added, plan.replaced, plan.removed) == (0, 1, 1)  # 450200 in 2023-02 is not in the file


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    stored=st.sets(st.integers(0, 23), min_size=1, max_size=12),
    incoming=st.sets(st.integers(0, 23), min_size=1, max_size=4),
)
def test_an_update_never_loses_a_row_of_a_month_the_file_does_not_hold(
    tmp_path_factory: pytest.TempPathFactory, stored: set[int], incoming: set[int]
) -> None:
    store = Store(tmp_path_factory.mktemp("store"))
    history = _history(24)
    history = history[history["month"].isin([f"{2023 + i // 12}-{i % 12 + 1:02d}" for i in stored])]
    store.write("sales", history)
    months = [f"{2023 + i // 12}-{i % 12 + 1:02d}" for i in sorted(incoming)]
    raw = ("region,month,units,revenue\n" + "".join(f"450300,{m},1,1\n" for m in months)).encode()
    assert commit_import(store, _prepare(raw)).done
    after = store.read("sales")
    kept = history[~history["month"].isin(months)]
    merged = kept.merge(after, on=["region_id", "month", "units", "revenue"], how="left", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(after) == len(kept) + len(months)


# -- bad rows set aside ---------------------------------------------------------------------


def test_set_aside_rows_are_listed_with_their_reasons_and_counted(tmp_path: Path) -> None:
    raw = (
        "城市,月份,销量,销售额\n" + "".join(f"南宁,2025-{m:02d},1,1\n" for m in range(1, 13)) + "火星,2025-01,1,1\n"
    ).encode()
    prepared = _prepare(raw)
    assert not prepared.ok and prepared.importable(skip_bad_rows=True)
    aside = prepared.set_aside_rows("en")
    assert aside["row"].tolist() == [14] and "No region named" in aside["reason"].iloc[0]
    store = Store(tmp_path)
    assert not commit_import(store, prepared).done  # all or nothing unless asked
    outcome = commit_import(store, prepared, skip_bad_rows=True, user="analyst")
    assert outcome.done and outcome.info.rows == 12
    versions = store.versions("sales")
    assert versions[["set_aside", "user_name", "mode"]].values.tolist() == [[1, "analyst", "update"]]


def test_a_missing_column_cannot_be_set_aside() -> None:
    prepared = _prepare("城市,月份,销售额\n南宁,2025-01,1\n".encode())
    assert not prepared.importable(skip_bad_rows=True)


# -- levels ---------------------------------------------------------------------------------


def test_a_file_mixing_levels_warns_with_counts_and_examples() -> None:
    raw = "区县,月份,销量,销售额\n芙蓉区,2025-01,1,10\n天心区,2025-01,2,20\n长沙市,2025-02,200,2000\n"
    prepared = _prepare(raw.encode())
    assert prepared.ok
    warning = prepared.findings[prepared.findings["code"] == "mixed_levels"].iloc[0]
    assert "1 rows are at city level" in warning["message_en"] and "长沙市" in warning["message_en"]
    assert "200 units" in warning["message_en"]
    assert prepared.levels.values.tolist() == [["city", 1], ["county", 2]]


def test_level_accounting_says_how_each_level_is_used() -> None:
    frame = pd.DataFrame(
        {"region_id": ["430100", "430102", "430103", "430000"], "units": [200, 30, 40, 5], "revenue": [1.0] * 4}
    )
    accounting = level_accounting(frame, "city")
    assert accounting[["level", "rows", "units", "use"]].values.tolist() == [
        ["province", 1, 5.0, "not_scored"],
        ["city", 1, 200.0, "scored"],
        ["county", 2, 70.0, "rolled_up"],
    ]
    texts = [t.render("en") for t in accounting_texts(level_accounting(frame, "county"), "county")]
    assert texts[1].startswith("1 rows at city level (200 units")
