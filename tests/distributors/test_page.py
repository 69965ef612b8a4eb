"""AppTest: the Distributors page — scorecard and classes by the one rule, funnel, coverage, contracts,
flags and quotas — in both languages, its choices kept across a language switch."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.distributors.scorecard import CRITERIA
from analysis.geo import boundaries

APP = str(config.ROOT / "app.py")


@pytest.fixture(autouse=True)
def _clear_caches(store_dir):
    st.cache_data.clear()
    yield


def _page(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["sidebar.lang"] = lang
    at.run()
    return at.switch_page("pages/distributors.py").run()


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize(
    ("lang", "title", "cr", "expired", "outside"),
    [
        ("zh", "经销商", "一致性比率 CR", "合同已到期", "区域外销售"),
        ("en", "Distributors", "Consistency ratio CR", "Contract expired", "Outside the territory"),
    ],
    ids=["zh", "en"],
)
def test_page_shows_every_section(lang, title, cr, expired, outside) -> None:
    at = _page(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert len(at.header) == 7  # scorecard, funnel, coverage, contracts, flags, quotas, export
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[cr] == "0.002"
    assert int(metrics[expired]) > 0 and int(metrics[outside]) > 0  # the demo's crafted cases are found
    funnel, coverage = _specs(at)
    assert {trace["type"] for trace in funnel["data"]} == {"bar"}
    values = next(trace for trace in coverage["data"] if trace["name"] == "values")
    assert values["type"] == "choropleth"
    shown = sum(len(trace["locations"]) for trace in coverage["data"] if trace["type"] == "choropleth")
    assert shown == len(boundaries.load_regions("county"))  # every county of China
    assert at.get("download_button")


def test_the_province_filter_and_choices_that_survive_a_language_switch() -> None:
    at = _page("en")
    at.selectbox(key="sidebar.province").set_value("450000").run()
    guangxi = boundaries.load_regions("county").query("province_id == '450000'")
    coverage = _specs(at)[1]
    assert sum(len(t["locations"]) for t in coverage["data"] if t["type"] == "choropleth") == len(guangxi)

    at.selectbox(key="distributors.ahp.credibility.philosophy").set_value("9")
    at.selectbox(key="distributors.ahp.philosophy.finance").set_value("9")
    at.selectbox(key="distributors.ahp.credibility.finance").set_value("1/9").run()
    assert not at.exception
    assert any("contradict" in w.value for w in at.warning)

    at.radio(key="distributors.weights_mode").set_value("hand").run()
    for name in CRITERIA[1:]:
        at.slider(key=f"distributors.w.{name}").set_value(0)
    at.run()
    assert {m.label: m.value for m in at.metric}["Decision-maker credibility"] == "100.0%"

    at.radio(key="sidebar.lang").set_value("zh").run()
    assert not at.exception
    assert at.radio(key="distributors.weights_mode").value == "hand"
    assert at.slider(key="distributors.w.philosophy").value == 0
    assert {m.label: m.value for m in at.metric}["决策人信誉"] == "100.0%"


def test_flags_filter_by_kind_and_quota_edits_apply() -> None:
    at = _page("en")
    at.multiselect(key="distributors.flag_codes").set_value(["contract.expired"]).run()
    assert not at.exception
    expired = {m.label: m.value for m in at.metric}["Contract expired"]
    assert any(c.value.startswith(f"Showing {expired} of ") for c in at.caption)
    before = {m.label: m.value for m in at.metric}["Annual quota (revenue)"]
    at.session_state["distributors.quota_overrides"] = {"D0004": 1_000_000.0}
    at.run()
    after = {m.label: m.value for m in at.metric}["Annual quota (revenue)"]
    assert after != before
