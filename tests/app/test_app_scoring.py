"""AppTest: Market Scoring in both languages: weights re-rank, an edit is a draft every page scores
with, a saved scenario is named in the sidebar, presets load, AHP applies, a region explains itself."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.demo import generate_demo
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market import scenarios
from tests.app.widgets import choice

APP = str(config.ROOT / "app.py")
PAGE = "pages/scoring.py"


@pytest.fixture(autouse=True)
def _clear_caches(store_dir):
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


def _open(lang: str, page: str = PAGE, **sidebar) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["sidebar.lang"] = lang
    for name, value in sidebar.items():
        at.session_state[f"sidebar.{name}"] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _ranked(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if {"rank", "push_score"} <= set(d.value.columns))


def _contributions(at: AppTest) -> dict:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(s for s in specs if s["data"] and s["data"][0]["type"] == "bar")


@pytest.mark.parametrize(
    ("lang", "title", "why"), [("zh", "市场评分", "为什么是这一档"), ("en", "Market scoring", "Why this tier")]
)
def test_page_renders_ranked_table_detail_and_chart(lang: str, title: str, why: str) -> None:
    at = _open(lang)
    assert at.title[0].value == title
    table = _ranked(at)
    assert len(table) == 31  # the sidebar's level: provinces (Taiwan, Hong Kong and Macao have no data)
    assert table["rank"].tolist()[:5] == [1, 2, 3, 4, 5]
    assert any(why in m.value for m in at.markdown)
    assert len(_contributions(at)["data"][0]["y"]) == 6  # the six expansion criteria of the default scenario
    assert any(("Tier A" if lang == "en" else "A 档") in i.value for i in at.info)  # the top region's tier rule


def test_moving_a_weight_re_ranks_and_is_a_draft_every_page_scores_with() -> None:
    at = _open("en")
    before = _ranked(at)["name"].tolist()[:10]
    for name in ("whitespace_units", "pipeline_per_1000hh", "capacity_units", "competitor_price", "income_per_capita"):
        at.slider(key=f"scoring.w.{name}").set_value(0)
    at.slider(key="scoring.w.competitor_hhi").set_value(100).run()
    assert not at.exception, at.exception
    after = _ranked(at)
    assert after["name"].tolist()[:10] != before
    assert after["score"].is_monotonic_decreasing
    assert _contributions(at)["data"][0]["y"] == ["Competitor concentration (HHI)"]
    assert any("draft" in w.value.lower() for w in at.sidebar.warning)  # the sidebar says a draft is in use
    draft = at.session_state["scenario.draft"]
    assert draft.weights == {"competitor_hhi": 1.0}

    at.switch_page("pages/map.py").run()  # the map colours by the draft's tiers
    assert not at.exception, at.exception
    assert any("draft" in w.value.lower() for w in at.sidebar.warning)


def test_saving_the_draft_names_it_in_the_sidebar_and_keeps_versions(store_dir) -> None:
    at = _open("en")
    at.slider(key="scoring.w.income_per_capita").set_value(60).run()
    at.text_input(key="scoring.save_name").input("south push").run()
    at.button(key="scoring.save").click().run()
    assert not at.exception, at.exception
    assert at.session_state["sidebar.scenario"] == "south push"
    assert "scenario.draft" not in at.session_state or at.session_state["scenario.draft"] is None
    saved = scenarios.load("south push", Store(store_dir))
    assert saved.weights["income_per_capita"] == pytest.approx(60 / (60 + 90), abs=0.01)
    assert not any("draft" in w.value.lower() for w in at.sidebar.warning)


def test_a_preset_picked_in_the_sidebar_fills_the_sliders() -> None:
    at = _open("en")
    choice(at.sidebar.selectbox, "sidebar.scenario").set_value("balanced").run()
    assert not at.exception, at.exception
    values = {at.slider(key=f"scoring.w.{n}").value for n in scenarios.load("balanced").weights}
    assert len(values) == 1  # every criterion weighs the same
    assert at.slider(key="scoring.w.bpi").value == 0


def test_county_level_inside_a_province_with_filters() -> None:
    at = _open("zh", level="county", province="450000")
    table = _ranked(at)
    assert 100 <= len(table) <= 120  # Guangxi's counties
    choice(at.multiselect, "scoring.filter_tier").set_value(["A"]).run()
    assert not at.exception, at.exception
    assert set(_ranked(at)["tier"]) == {"A"}


def test_ahp_weights_replace_the_sliders() -> None:
    at = _open("en")
    at.button(key="scoring.ahp_apply").click().run()  # the starting matrix: every pair equally important
    assert not at.exception, at.exception
    weights = {at.slider(key=f"scoring.w.{n}").value for n in scenarios.load("expansion").weights}
    assert weights == {17}  # six criteria, 1/6 each
    assert any("CR < 0.10" in s.value for s in at.success)


def _store_without(store_dir, drop: str | None = None, months: int | None = None) -> None:
    """The demo in the session's store, without one kind, or with only the last `months` of sales."""
    frames = generate_demo()
    if months:
        recent = sorted(frames["sales"]["month"].unique())[-months:]
        frames["sales"] = frames["sales"][frames["sales"]["month"].isin(recent)]
    store = Store(store_dir)
    for kind in ("sales", "plan", "competitors", "housing", "demographics"):
        if kind != drop:
            store.write(kind, frames[kind], source="test")


def _notes(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.info, *at.warning, *at.caption])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_competitor_data_the_page_names_it_and_no_region_has_an_hhi(store_dir, lang: str) -> None:
    _store_without(store_dir, drop="competitors")
    at = _open(lang, dataset="store", level="city")
    assert t("inputs.no_competitors", lang) in _notes(at)
    table = _ranked(at)
    assert len(table) > 300
    shown = [c for c in table.columns if "HHI" in str(c) or c in ("competitor_hhi", "hhi")]
    assert all(table[c].isna().all() for c in shown)  # unknown, never 10,000 ("us 100 %")
    assert not (table.select_dtypes("number") == 10_000).any().any()
    assert _contributions(at)["data"][0]["text"].count(t("scoring.missing", lang)) >= 1


def test_with_one_year_of_sales_there_is_no_yoy(store_dir) -> None:
    _store_without(store_dir, months=12)
    at = _open("en", dataset="store", level="city")
    assert t("inputs.no_prior_year", "en") in _notes(at)
    table = _ranked(at)
    yoy = [c for c in table.columns if "YoY" in str(c) or c == "yoy_growth"]
    assert yoy and all(table[c].isna().all() for c in yoy)


def test_city_rows_among_county_rows_are_named_as_outside_the_county_scores(store_dir) -> None:
    frames = generate_demo()
    last = frames["sales"]["month"].max()
    city_rows = frames["sales"].head(2).assign(region_id="430100", month=last, units=[120, 80], revenue=1000.0)
    frames["sales"] = pd.concat([frames["sales"], city_rows], ignore_index=True)
    store = Store(store_dir)
    for kind in ("sales", "plan", "competitors", "housing", "demographics"):
        store.write(kind, frames[kind], source="test")
    at = _open("en", dataset="store", level="county")
    said = [w.value for w in at.warning]
    assert any("2 rows at city level (200 units" in w and "not in county figures" in w for w in said), said
    at = _open("en", dataset="store", level="city")
    assert not any("not in city figures" in w.value for w in at.warning)
