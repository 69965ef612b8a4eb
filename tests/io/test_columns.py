"""Column mapping: guesses from header synonyms, saved mappings, applying them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.io.columns import (
    SYNONYMS,
    Mapping,
    apply_mapping,
    guess_columns,
    guess_mapping,
    mapping_signature,
    missing_required,
)
from analysis.schemas import KINDS

SALES_HEADERS = ["城市", "月份", "销量(台)", "销售额(元)"]
COMPETITOR_HEADERS = ["行政区划代码", "年份", "竞品品牌", "年回款(万元)", "均价(元)"]


def test_guess_sales_headers() -> None:
    assert guess_mapping(SALES_HEADERS, KINDS["sales"]) == {
        "城市": "region",
        "月份": "month",
        "销量(台)": "units",
        "销售额(元)": "revenue",
    }


def test_guess_competitor_headers_and_the_revenue_unit() -> None:
    guess = guess_mapping(COMPETITOR_HEADERS, KINDS["competitors"])
    assert guess == {
        "行政区划代码": "region",
        "年份": "year",
        "竞品品牌": "competitor",
        "年回款(万元)": "revenue",
        "均价(元)": "avg_price",
    }
    frame = pd.DataFrame([["450100", "2024", "甲", "36", "2,999"]], columns=COMPETITOR_HEADERS, dtype="str")
    mapped, multipliers = apply_mapping(frame, Mapping.from_guess(guess))
    assert mapped.columns.tolist() == ["region", "year", "competitor", "revenue", "avg_price"]
    assert multipliers == {"revenue": 10000.0, "avg_price": 1.0}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_canonical_headers_map_to_themselves(kind: str) -> None:
    names = list(KINDS[kind].names)
    assert guess_mapping(names, KINDS[kind]) == {n: n for n in names}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_column_has_chinese_and_english_synonyms(kind: str) -> None:
    for column in KINDS[kind].names:
        synonyms = SYNONYMS[column]
        assert any(s.isascii() for s in synonyms), column
        assert any(not s.isascii() for s in synonyms), column


@pytest.mark.parametrize(
    ("kind", "header", "column"),
    [
        # DATA.md's examples
        ("sales", "城市", "region"),
        ("sales", "地区", "region"),
        ("sales", "区域", "region"),
        ("sales", "行政区划代码", "region"),
        ("sales", "月份", "month"),
        ("sales", "日期", "month"),
        ("sales", "年月", "month"),
        ("sales", "销量", "units"),
        ("sales", "数量", "units"),
        ("sales", "台数", "units"),
        ("sales", "销售额", "revenue"),
        ("sales", "金额", "revenue"),
        ("sales", "回款", "revenue"),
        ("competitors", "年回款", "revenue"),
        ("competitors", "竞品", "competitor"),
        ("competitors", "品牌", "competitor"),
        ("competitors", "均价", "avg_price"),
        ("competitors", "单价", "avg_price"),
        ("housing", "新建住宅套数", "new_units"),
        ("housing", "交付套数", "new_units"),
        ("housing", "新房套数", "new_units"),
        ("demographics", "人口", "population"),
        ("demographics", "常住人口", "population"),
        ("demographics", "户数", "households"),
        ("demographics", "年度", "year"),
        ("plan", "目标销售额", "target_revenue"),
        ("plan", "计划销售额", "target_revenue"),
        # variants: case, spaces, units, containment, English words
        ("sales", "Sales Revenue (CNY)", "revenue"),
        ("sales", "Units Sold", "units"),
        ("sales", "Distributor ID", "distributor_id"),
        ("sales", "2025年销售额(万元)", "revenue"),
        ("sales", " 销 量 ", "units"),
        ("sales", "adcode", "region"),
        ("plan", "销售额(万元)", "target_revenue"),  # a plan's amount is its target
        ("demographics", "常住人口(万人)", "population"),
        ("demographics", "社会消费品零售总额(亿元)", "retail_sales"),
        ("demographics", "城镇化率(%)", "urban_share"),
        ("distributors", "经销商名称", "name"),
        ("distributors", "经销商编号", "distributor_id"),
        ("territories", "是否独家", "exclusive"),
        ("territories", "起始月份", "since"),
    ],
)
def test_synonyms(kind: str, header: str, column: str) -> None:
    assert guess_mapping([header], KINDS[kind])[header] == column


def test_province_and_city_become_parents_of_the_county() -> None:
    guess = guess_mapping(["省份", "城市", "区县", "日期", "数量", "金额（万元）", "备注"], KINDS["sales"])
    assert guess == {
        "省份": "province",
        "城市": "parent_city",
        "区县": "region",
        "日期": "month",
        "数量": "units",
        "金额（万元）": "revenue",
        "备注": None,
    }


def test_city_alone_is_the_region_and_province_is_a_parent() -> None:
    guess = guess_mapping(["省", "市", "年份", "人口"], KINDS["demographics"])
    assert guess == {"省": "province", "市": "region", "年份": "year", "人口": "population"}


def test_two_headers_that_fit_a_column_equally_get_neither_the_analyst_chooses() -> None:
    # issue 12: the first of two equal candidates used to be taken silently
    headers = ["数量", "销量", "销售额", "金额"]
    assert guess_mapping(headers, KINDS["sales"]) == dict.fromkeys(headers)
    assert guess_columns(headers, KINDS["sales"])[1] == {"units": ("数量", "销量"), "revenue": ("销售额", "金额")}


def test_exact_beats_contained() -> None:
    guess = guess_mapping(["本月销售额合计", "销售额"], KINDS["sales"])
    assert guess == {"本月销售额合计": None, "销售额": "revenue"}


def test_english_words_are_not_found_inside_other_words() -> None:
    assert guess_mapping(["capacity", "datetime_id"], KINDS["sales"]) == {"capacity": None, "datetime_id": None}


def test_columns_of_other_kinds_are_ignored() -> None:
    assert guess_mapping(["城市", "月份", "常住人口"], KINDS["sales"])["常住人口"] is None


def test_signature_is_stable_and_ignores_order_case_and_width() -> None:
    first = mapping_signature(["城市", "月份", "销售额（元）", "Units"])
    assert first == mapping_signature([" units", "销售额(元)", "城市", "月份 "])
    assert first != mapping_signature(["城市", "月份", "销售额(万元)", "Units"])
    assert len(first) == 16 and first == mapping_signature(["城市", "月份", "销售额（元）", "Units"])


def test_mapping_save_and_load_round_trip(tmp_path: Path) -> None:
    mapping = Mapping(columns=(("行政区划代码", "region"), ("年回款", "revenue")), money_units=(("revenue", 10000.0),))
    path = tmp_path / "mapping.json"
    mapping.save(path)
    assert "行政区划代码" in path.read_text(encoding="utf-8")  # readable, not \\u escapes
    assert Mapping.load(path) == mapping
    assert Mapping.from_json(mapping.to_json()) == mapping


@pytest.mark.parametrize(
    "text", ["", "[]", '{"columns": 5}', '{"columns": [["a"]]}', '{"columns": [], "money_units": [["x", "y"]]}']
)
def test_mapping_from_bad_json_raises_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="not a column mapping"):
        Mapping.from_json(text)


def test_apply_mapping_renames_drops_and_leaves_the_input_alone() -> None:
    frame = pd.DataFrame({"城市": ["南宁"], "备注": ["x"], "销售额(万元)": ["3.6"], "销量(台)": ["2"]}, dtype="str")
    before = frame.copy()
    mapping = Mapping(columns=(("销量(台)", "units"), ("城市", "region"), ("销售额(万元)", "revenue")))
    mapped, multipliers = apply_mapping(frame, mapping)
    assert mapped.columns.tolist() == ["units", "region", "revenue"]
    assert mapped.iloc[0].tolist() == ["2", "南宁", "3.6"]
    assert multipliers == {"revenue": 10000.0}
    pd.testing.assert_frame_equal(frame, before)


def test_user_unit_overrides_the_header() -> None:
    frame = pd.DataFrame({"回款": ["36"], "金额(万元)": ["1"]}, dtype="str")
    mapping = Mapping(columns=(("回款", "revenue"),), money_units=(("revenue", 10000.0),))
    assert apply_mapping(frame, mapping)[1] == {"revenue": 10000.0}
    mapping = Mapping(columns=(("金额(万元)", "revenue"),), money_units=(("revenue", 1.0),))
    assert apply_mapping(frame, mapping)[1] == {"revenue": 1.0}


def test_scaled_counts_get_a_multiplier_too() -> None:
    frame = pd.DataFrame({"常住人口(万人)": ["870"], "城镇化率(%)": ["60"]}, dtype="str")
    mapping = Mapping(columns=(("常住人口(万人)", "population"), ("城镇化率(%)", "urban_share")))
    assert apply_mapping(frame, mapping)[1] == {"population": 10000.0}


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ((("不存在", "region"),), "mapping_missing"),
        ((("城市", "region"), ("地区", "region")), "mapping_doubled"),
    ],
)
def test_apply_mapping_refuses_a_mapping_that_does_not_fit(columns: tuple, message: str) -> None:
    frame = pd.DataFrame({"城市": ["南宁"], "地区": ["南宁"]}, dtype="str")
    with pytest.raises(ValueError, match=message):
        apply_mapping(frame, Mapping(columns=columns))


def test_missing_required() -> None:
    mapping = Mapping.from_guess(guess_mapping(["城市", "销售额"], KINDS["sales"]))
    assert missing_required(mapping, KINDS["sales"]) == ["month", "units"]
    assert missing_required(Mapping.from_guess(guess_mapping(SALES_HEADERS, KINDS["sales"])), KINDS["sales"]) == []
