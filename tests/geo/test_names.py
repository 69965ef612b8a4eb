"""Short, colloquial and simplified forms of Chinese administrative names, over the whole region table."""

from __future__ import annotations

import time

import pytest

from analysis.geo.boundaries import load_regions
from analysis.geo.names import (
    ETHNIC_GROUPS,
    autonomous_parts,
    colloquial_names,
    normalise_text,
    short_name,
    to_simplified,
)

# Xinjiang's transliterated names write some groups without 族; the others always have it.
MULTI_CHAR_GROUPS = tuple(g for g in ETHNIC_GROUPS if len(g) > 1)


@pytest.fixture(scope="module")
def regions():
    return load_regions().drop_duplicates("region_id")


@pytest.fixture(scope="module")
def autonomous(regions):
    names = regions["name"]
    return regions[names.str.contains("自治[区州县旗]$", regex=True)]


def test_all_56_groups_and_ge_zu():
    assert len(set(ETHNIC_GROUPS) - {"各"}) == 56
    assert {"汉", "东乡", "鄂温克", "各"} <= set(ETHNIC_GROUPS)


def test_every_autonomous_unit_has_a_short_name_without_groups(autonomous):
    for name in autonomous["name"]:
        short = short_name(name)
        assert not short.endswith("族"), name
        assert not any(g + "族" in short for g in ETHNIC_GROUPS), name
        assert "自治" not in short, name
        ends_with_group = [g for g in MULTI_CHAR_GROUPS if short.endswith(g)]
        # only a place named after its people may end with a group's name (东乡, 鄂温克, 鄂伦春)
        assert not ends_with_group or short in ETHNIC_GROUPS or short == "内蒙古", name
        assert len(short) >= 2, name


def test_every_autonomous_unit_splits_into_stem_groups_kind(autonomous):
    for name in autonomous["name"]:
        if name in ("内蒙古自治区", "西藏自治区"):  # named after a region, not a people
            assert autonomous_parts(name) is None
            continue
        stem, groups, kind = autonomous_parts(name)
        assert name.endswith(f"自治{kind}")
        assert name.startswith(stem) or stem + "族" in name, name
        assert all(g.removesuffix("族") in ETHNIC_GROUPS for g in groups), name


def test_stored_short_names_are_the_derived_ones(regions):
    stored = dict(zip(regions["name"], regions["short_name"], strict=True))
    assert {n: s for n, s in stored.items() if short_name(n) != s} == {}


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("东乡族自治县", "东乡"),
        ("鄂温克族自治旗", "鄂温克"),
        ("鄂伦春自治旗", "鄂伦春"),
        ("彭水苗族土家族自治县", "彭水"),
        ("三都水族自治县", "三都"),
        ("互助土族自治县", "互助"),
        ("积石山保安族东乡族撒拉族自治县", "积石山"),
        ("龙胜各族自治县", "龙胜"),
        ("塔什库尔干塔吉克自治县", "塔什库尔干"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏"),
        ("海西蒙古族藏族自治州直辖", "海西直辖"),
        ("内蒙古自治区", "内蒙古"),
        ("神农架林区", "神农架"),
    ],
)
def test_short_name(name, short):
    assert short_name(name) == short


def test_colloquial_forms_of_every_autonomous_prefecture(autonomous):
    prefectures = autonomous[autonomous["name"].str.endswith("自治州")]
    assert len(prefectures) == 30
    for name in prefectures["name"]:
        forms = colloquial_names(name)
        assert forms[0] == short_name(name) + "州", name


def test_colloquial_forms_of_counties_and_banners():
    assert colloquial_names("石柱土家族自治县")[:2] == ("石柱县", "石柱自治县")
    assert colloquial_names("莫力达瓦达斡尔族自治旗")[:2] == ("莫力达瓦旗", "莫力达瓦自治旗")


def test_every_region_name_is_its_own_simplified_form(regions):
    assert [n for n in regions["name"] if to_simplified(n) != n] == []


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("廣州", "广州"),
        ("南寧", "南宁"),
        ("廣西", "广西"),
        ("烏魯木齊", "乌鲁木齐"),
        ("乾縣", "乾县"),
        ("臺灣", "台湾"),
    ],
)
def test_traditional_to_simplified(text, simplified):
    assert to_simplified(text) == simplified


def test_normalise_text_folds_width_space_and_script():
    assert normalise_text(" 廣州 市 ") == "广州市"
    assert normalise_text("４５０１００") == "450100"


def test_to_simplified_is_fast_on_100k_distinct_strings(regions):
    names = regions["name"].tolist()
    strings = [f"{names[i % len(names)]}{i}" for i in range(100_000)]
    traditional = [s.replace("广", "廣").replace("东", "東") for s in strings]
    to_simplified("warm up")
    started = time.perf_counter()
    for text in strings + traditional:
        to_simplified(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0  # about 0.5 s here for the 200k; a loose bound for slow machines
