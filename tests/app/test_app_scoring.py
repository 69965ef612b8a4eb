"""AppTest: the Market Scoring page in both languages; weights re-rank, presets load, a region explains itself."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config

APP = str(config.ROOT / "app.py")
PAGE = "pages/scoring.py"


@pytest.fixture(autouse=True)
def _clear_caches(store_dir):
    st.cache_data.clear()
    yield


def _open(lang: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _ranked(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "rank" in d.value.columns and "keep_share" in d.value.columns)


def _contributions(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


@pytest.mark.parametrize(
    ("lang", "title", "why"),
    [("zh", "市场评分", "为什么是这一档"), ("en", "Market scoring", "Why this tier")],
)
def test_page_renders_ranked_table_detail_and_chart(lang: str, title: str, why: str) -> None:
    at = _open(lang)
    assert at.title[0].value == title
    table = _ranked(at)
    assert len(table) >= 360  # the sidebar says province, so cities are scored
    assert table["rank"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert any(why in m.value for m in at.markdown)
    chart = _contributions(at)
    assert chart["data"][0]["type"] == "bar" and len(chart["data"][0]["y"]) == 7
    assert at.info[0].value.startswith(("侧栏", "The sidebar level is Province"))
    assert at.info[1].value.startswith("A")  # the top region's tier rule


def test_moving_a_weight_re_ranks_the_table() -> None:
    at = _open("en")
    before = _ranked(at)["region"].tolist()[:10]
    for name in ("whitespace_units", "housing_per_1000hh", "capacity_units", "yoy_growth", "income_per_capita"):
        at.slider(key=f"scoring_w_{name}").set_value(0)
    at.slider(key="scoring_w_hhi").set_value(100).run()
    assert not at.exception, at.exception
    after = _ranked(at)
    assert after["region"].tolist()[:10] != before
    assert after["score"].is_monotonic_decreasing
    assert [label for label in _contributions(at)["data"][0]["y"]] == ["Concentration (HHI)", "Price index"]


def test_a_preset_loads_its_weights() -> None:
    at = _open("en")
    at.selectbox(key="scoring_preset__en").set_value("growth").run()
    assert not at.exception, at.exception
    assert at.slider(key="scoring_w_yoy_growth").value == 30
    assert at.slider(key="scoring_w_hhi").value == 0


def test_county_level_inside_a_province_with_filters() -> None:
    at = _open("zh", level="county", province="450000")
    table = _ranked(at)
    assert 100 <= len(table) <= 120  # Guangxi's counties
    at.multiselect(key="scoring_filter_tier__zh").set_value(["A"]).run()
    assert set(_ranked(at)["tier"]) == {"A 档"}


def test_ahp_weights_replace_the_sliders() -> None:
    at = _open("en")
    at.button(key="scoring_ahp_apply").click().run()  # the starting matrix: every pair equally important
    assert not at.exception, at.exception
    assert {at.slider(key=f"scoring_w_{n}").value for n in ("whitespace_units", "hhi", "price_index")} == {14}
    assert any("CR < 0.10" in s.value for s in at.success)
