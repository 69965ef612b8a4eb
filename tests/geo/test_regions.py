"""Region resolution: adcodes, names, pinyin and parents against the bundled region table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.geo.boundaries import load_regions
from analysis.geo.regions import RESULT_COLUMNS, RegionResolver, Resolution, default_resolver

BEIJING_CHAOYANG = "朝阳区 (北京市, 110105)"
CHANGCHUN_CHAOYANG = "朝阳区 (长春市, 吉林省, 220104)"


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return default_resolver()


@pytest.mark.parametrize(
    ("value", "parent", "region_id", "level"),
    [
        ("450100", None, "450100", "city"),
        (450100, None, "450100", "city"),
        (450100.0, None, "450100", "city"),
        ("450100.0", None, "450100", "city"),
        (" 450100 ", None, "450100", "city"),
        ("４５０１００", None, "450100", "city"),
        ("450100000000", None, "450100", "city"),
        ("南宁市", None, "450100", "city"),
        ("南宁", None, "450100", "city"),
        ("广西壮族自治区南宁市", None, "450100", "city"),
        ("广西南宁", None, "450100", "city"),
        ("吉林省长春市朝阳区", None, "220104", "county"),
        ("北京朝阳", None, "110105", "county"),
        ("Nanning", None, "450100", "city"),
        ("nanning", None, "450100", "city"),
        ("Nan Ning", None, "450100", "city"),
        ("Nanning City", None, "450100", "city"),
        ("Guangxi Nanning", None, "450100", "city"),
        ("东兴市", None, "450681", "county"),
        ("兴宁区", None, "450102", "county"),
        ("朝阳市", None, "211300", "city"),
        ("朝阳区", "北京市", "110105", "county"),
        ("朝阳区", "北京", "110105", "county"),
        ("朝阳区", "吉林省", "220104", "county"),
        ("朝阳区", "吉林", "220104", "county"),
        ("朝阳区", "长春", "220104", "county"),
        ("朝阳区", 220000, "220104", "county"),
        ("Chaoyang", "Beijing", "110105", "county"),
        ("鼓楼区", "福州市", "350102", "county"),
        ("东兴", "广西", "450681", "county"),
        ("南宁市", "广西", "450100", "city"),
        ("北京", None, "110100", "city"),
        ("长沙", None, "430100", "city"),
        ("Changsha", None, "430100", "city"),
        ("吉林", None, "220000", "province"),
        ("河北", None, "130000", "province"),
        ("河北区", None, "120105", "county"),
        ("朝阳", "辽宁", "211300", "city"),
        ("北京市", "北京", "110100", "city"),
        ("重庆", None, "500100", "city"),
        ("110000", None, "110000", "province"),
        ("441900", None, "441900", "county"),
        ("东莞", None, "441900", "county"),
        ("Nanjing", None, "320100", "city"),
        ("Shanxi", None, "140000", "province"),
        ("Shaanxi", None, "610000", "province"),
        ("新疆", None, "650000", "province"),
        ("Xinjiang", None, "650000", "province"),
        ("Hong Kong", None, "810100", "city"),
    ],
)
def test_resolves(resolver, value, parent, region_id, level):
    assert resolver.resolve_one(value, parent) == Resolution(region_id, level, "ok")


@pytest.mark.parametrize(
    ("value", "parent", "expected"),
    [
        ("朝阳区", None, (BEIJING_CHAOYANG, CHANGCHUN_CHAOYANG)),
        (
            "鼓楼区",
            None,
            (
                "鼓楼区 (南京市, 江苏省, 320106)",
                "鼓楼区 (徐州市, 江苏省, 320302)",
                "鼓楼区 (福州市, 福建省, 350102)",
                "鼓楼区 (开封市, 河南省, 410204)",
            ),
        ),
        (
            "朝阳",
            None,
            (BEIJING_CHAOYANG, "朝阳市 (辽宁省, 211300)", "朝阳县 (朝阳市, 辽宁省, 211321)", CHANGCHUN_CHAOYANG),
        ),
        (
            "Chaoyang",
            None,
            (BEIJING_CHAOYANG, "朝阳市 (辽宁省, 211300)", "朝阳县 (朝阳市, 辽宁省, 211321)", CHANGCHUN_CHAOYANG),
        ),
        ("东兴", None, ("东兴市 (防城港市, 广西壮族自治区, 450681)", "东兴区 (内江市, 四川省, 511011)")),
        (
            "西安",
            None,
            ("西安区 (辽源市, 吉林省, 220403)", "西安区 (牡丹江市, 黑龙江省, 231005)", "西安市 (陕西省, 610100)"),
        ),
    ],
)
def test_ambiguous_lists_every_candidate(resolver, value, parent, expected):
    assert resolver.resolve_one(value, parent) == Resolution(None, None, "ambiguous", expected)


@pytest.mark.parametrize(
    ("value", "parent", "among"),
    [
        ("南宁西", None, "南宁市 (广西壮族自治区, 450100)"),
        ("Nanningg", None, "南宁市 (广西壮族自治区, 450100)"),
        ("999999", None, None),
        ("4501", None, None),
        ("450199", None, "南宁市 (广西壮族自治区, 450100)"),
        ("朝阳市", "北京", "朝阳市 (辽宁省, 211300)"),
        ("110105", "吉林", BEIJING_CHAOYANG),
        ("朝阳区", "火星", None),
    ],
)
def test_unresolved_offers_closest(resolver, value, parent, among):
    found = resolver.resolve_one(value, parent)
    assert (found.region_id, found.level, found.status) == (None, None, "unresolved")
    assert len(found.candidates) <= 5
    if among is None:
        assert found.candidates == ()
    else:
        assert among in found.candidates


@pytest.mark.parametrize("value", ["", "   ", None, math.nan, pd.NA])
def test_blank_is_empty(resolver, value):
    assert resolver.resolve_one(value, "广西") == Resolution(None, None, "empty")


@pytest.mark.parametrize(
    ("value", "parent", "lang", "expected"),
    [
        ("南宁", None, "zh", ""),
        (
            "朝阳区",
            None,
            "zh",
            f"“朝阳区”有 2 个同名地区：{BEIJING_CHAOYANG}；{CHANGCHUN_CHAOYANG}。请增加省份或城市列以区分。",
        ),
        (
            "朝阳区",
            None,
            "en",
            f"'朝阳区' matches 2 regions: {BEIJING_CHAOYANG}; {CHANGCHUN_CHAOYANG}. "
            "Add a province or city column to tell them apart.",
        ),
        (
            "南宁西",
            None,
            "zh",
            "未找到地区“南宁西”。最接近的：南宁市 (广西壮族自治区, 450100)。请检查拼写或改用行政区划代码。",
        ),
        (
            "南宁西",
            None,
            "en",
            "No region named '南宁西'. Closest: 南宁市 (广西壮族自治区, 450100). "
            "Check the spelling or use the 6-digit adcode.",
        ),
        ("999999", None, "en", "No region with adcode '999999'. Check the code (6 digits) or use the region name."),
        (
            "朝阳区",
            "火星",
            "zh",
            "未找到上级地区“火星”（“朝阳区”所在的省份或城市）。请检查省份或城市列的拼写或改用行政区划代码。",
        ),
        ("", None, "en", "The region is empty. Fill in a region name or adcode."),
    ],
)
def test_message(resolver, value, parent, lang, expected):
    assert resolver.resolve_one(value, parent).message(lang) == expected


def test_message_mentions_a_mismatched_parent(resolver):
    message = resolver.resolve_one("110105", "吉林").message("en")
    assert "'吉林'" in message
    assert BEIJING_CHAOYANG in message


def test_message_rejects_unknown_language(resolver):
    with pytest.raises(ValueError, match="lang"):
        resolver.resolve_one("南宁").message("fr")


def test_resolve_aligns_parents_by_index(resolver):
    values = pd.Series(["朝阳区", "朝阳区", "450100.0", None, "南宁西"], index=[10, 20, 30, 40, 50])
    parents = pd.Series(["", "北京", "北京", "北京", "长春"], index=[50, 40, 30, 20, 10])
    expected = pd.DataFrame(
        {
            "region_id": pd.array(["220104", "110105", None, None, None], dtype="str"),
            "level": pd.array(["county", "county", None, None, None], dtype="str"),
            "status": pd.array(["ok", "ok", "unresolved", "empty", "unresolved"], dtype="str"),
            "candidates": [(), (), ("南宁市 (广西壮族自治区, 450100)",), (), ("南宁市 (广西壮族自治区, 450100)",)],
            "reading": [None] * 5,
            "reading_severity": pd.array([""] * 5, dtype="str"),
        },
        index=[10, 20, 30, 40, 50],
    )
    pd.testing.assert_frame_equal(resolver.resolve(values, parents, context=False), expected)


def test_resolve_without_parents(resolver):
    out = resolver.resolve(pd.Series([450100, "鼓楼区", math.nan], index=["a", "b", "c"]))
    assert list(out.columns) == list(RESULT_COLUMNS)
    assert out["status"].tolist() == ["ok", "ambiguous", "empty"]
    assert len(out.loc["b", "candidates"]) == 4


def test_resolve_looks_up_each_distinct_pair_once(monkeypatch):
    resolver = RegionResolver(load_regions())
    calls = []
    original = resolver._resolve
    monkeypatch.setattr(resolver, "_resolve", lambda v, p=None: calls.append((v, p)) or original(v, p))
    out = resolver.resolve(pd.Series(["南宁"] * 4 + ["朝阳区"] * 2), pd.Series(["广西"] * 4 + ["北京", "长春"]))
    assert sorted(calls) == [("南宁", "广西"), ("朝阳区", "北京"), ("朝阳区", "长春")]
    assert out["region_id"].tolist() == ["450100"] * 4 + ["110105", "220104"]


def test_resolve_empty_series(resolver):
    out = resolver.resolve(pd.Series([], dtype="str"))
    assert list(out.columns) == list(RESULT_COLUMNS)
    assert out.empty


# -- readings: how a name was read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "parent", "region_id", "severity", "key"),
    [
        ("南宁", None, "450100", "", None),
        ("恩施州", None, "422800", "note", "region.reading.colloquial"),
        ("凉山州", None, "513400", "note", "region.reading.colloquial"),
        ("石柱县", None, "500240", "note", "region.reading.colloquial"),
        ("莫力达瓦旗", None, "150722", "note", "region.reading.colloquial"),
        ("湖北省恩施州", None, "422800", "note", "region.reading.address"),
        ("湖北 / 恩施州 · 恩施市", None, "422801", "note", "region.reading.address"),
        ("廣州", None, "440100", "note", "region.reading.traditional"),
        ("吉林", "吉林省", "220200", "note", "region.reading.parent_self"),
        ("襄樊", None, "420600", "warning", "region.reading.former"),
        ("崇文区", None, "110101", "warning", "region.reading.merged"),
        ("萧山市", None, "330109", "warning", "region.reading.former"),
        ("330181", None, "330109", "warning", "region.reading.former_code"),
        ("巢湖市", None, "340181", "warning", "region.reading.also_former"),
    ],
)
def test_reading_says_how_a_name_was_read(resolver, value, parent, region_id, severity, key):
    found = resolver.resolve_one(value, parent)
    assert (found.region_id, found.status, found.reading_severity) == (region_id, "ok", severity)
    assert (found.reading.key if found.reading else None) == key


def test_former_name_warning_names_successor_and_year(resolver):
    found = resolver.resolve_one("襄樊市")
    assert found.reading.render("en") == "襄樊市 is the former name of 襄阳市 (2010); read as 420600."
    assert found.reading.render("zh") == "“襄樊市”是襄阳市的旧称（2010 年起改称）；读作 420600。"


@pytest.mark.parametrize("value", ["宣武区", "巢湖地区", "341400"])
def test_split_former_unit_is_ambiguous_with_its_successors(resolver, value):
    found = resolver.resolve_one(value)
    assert found.status == "ambiguous"
    assert found.reading_severity == "warning" and found.reading.key == "region.reading.split"
    assert len(found.candidates) >= 2


def test_dongxiang_is_no_longer_read_silently_as_the_jiangxi_district(resolver):
    found = resolver.resolve_one("东乡")
    assert found.status == "ambiguous"
    assert any("622926" in label for label in found.candidates)
    assert resolver.resolve_one("东乡", "甘肃").region_id == "622926"
    assert resolver.resolve_one("东乡", "江西").region_id == "361003"


def test_message_renders_from_the_catalog(resolver):
    found = resolver.resolve_one("朝阳区")
    assert found.text().key == "region.ambiguous"
    assert found.message("en") == found.text().render("en")


# -- a column: the other rows as context -------------------------------------------------------


def _column(resolver, values, **kwargs):
    return resolver.resolve(pd.Series(values), **kwargs)


@pytest.mark.parametrize(
    ("values", "position", "region_id"),
    [
        (["西宁", "海东", "海南", "玉树", "果洛"], 2, "632500"),
        (["长春", "吉林", "四平", "通化"], 1, "220200"),
        (["成都", "吉林", "杭州", "武汉", "西安"], 1, "220200"),
        (["北京", "河北", "吉林", "海南", "广东"], 2, "220000"),
        (["北京", "河北", "吉林", "海南", "广东"], 3, "460000"),
        (["临夏市", "东乡", "积石山", "广河县"], 1, "622926"),
        (["东城区", "朝阳区", "海淀区"], 1, "110105"),
    ],
)
def test_context_picks_the_unit_that_fits_the_column(resolver, values, position, region_id):
    out = _column(resolver, values)
    assert out["region_id"].iloc[position] == region_id
    assert out["status"].iloc[position] == "ok"


def test_a_context_choice_is_a_warning(resolver):
    out = _column(resolver, ["西宁", "海东", "海南", "玉树"])
    assert out["reading_severity"].iloc[2] == "warning"
    assert out["reading"].iloc[2].key == "region.reading.context"


def test_without_context_each_value_stands_alone(resolver):
    out = _column(resolver, ["西宁", "海东", "海南", "玉树"], context=False)
    assert out["region_id"].iloc[2] == "460000"
    assert out["reading_severity"].tolist() == ["", "", "", ""]


def test_typo_suggestions_put_the_columns_provinces_first(resolver):
    out = _column(resolver, ["南宁", "柳洲", "桂林", "梧州", "北海"])
    assert out["status"].iloc[1] == "unresolved"
    assert out["candidates"].iloc[1][0] == "柳州市 (广西壮族自治区, 450200)"


def test_resolve_returns_reading_columns(resolver):
    out = _column(resolver, ["恩施州", "南宁", None])
    assert list(out.columns) == list(RESULT_COLUMNS)
    assert out["reading_severity"].tolist() == ["note", "", ""]
    assert out["reading"].iloc[1] is None
