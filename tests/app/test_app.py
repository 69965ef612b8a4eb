"""AppTest: every page renders in both languages without an exception."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config

APP = str(config.ROOT / "app.py")
PAGES = [
    "pages/overview.py",
    "pages/scoring.py",
    "pages/data.py",
    "pages/map.py",
    "pages/competitors.py",
    "pages/housing.py",
    "pages/distributors.py",
    "pages/territories.py",
    "pages/summary.py",
]


@pytest.fixture(autouse=True)
def _clear_caches(store_dir):
    st.cache_data.clear()
    yield


def _app(lang: str, **sidebar: str) -> AppTest:
    """The app with the sidebar's kept choices (ui.state keys "sidebar.<name>") set before the first run."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["sidebar.lang"] = lang
    for name, value in sidebar.items():
        at.session_state[f"sidebar.{name}"] = value
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders_without_exception(page: str, lang: str) -> None:
    at = _app(lang).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert at.title


def test_overview_shows_kpis_and_a_province_map_in_english() -> None:
    at = _app("en").run()
    assert [m.label for m in at.metric] == ["Revenue, last 12 months", "Units, last 12 months", "Counties with sales"]
    assert at.metric[0].value.startswith("¥")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    values = next(trace for trace in spec["data"] if trace["name"] == "values")
    grey = next(trace for trace in spec["data"] if trace["name"] == "no_data")
    assert values["type"] == "choropleth" and len(values["locations"]) == 31
    assert sorted(grey["locations"]) == ["710000", "810000", "820000"]  # no sales there: grey, not dropped
    assert values["geojson"] == "/app/static/geo/province.json"  # the geometry, fetched once by the browser
    assert any("Demo data" in c.value for c in at.caption)


def test_overview_in_chinese_uses_wan_and_yi() -> None:
    at = _app("zh").run()
    assert at.metric[0].label == "近12个月销售额"
    assert at.metric[0].value.endswith(("亿", "万"))


def test_province_filter_maps_that_provinces_cities() -> None:
    at = _app("en", province="450000", level="city").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"][0]["locations"]) == 14  # Guangxi has 14 prefecture cities


def test_store_dataset_falls_back_to_demo_when_empty() -> None:
    at = _app("en", dataset="store").run()
    assert not at.exception
    assert any("holds no imported data" in i.value for i in at.sidebar.info)


def test_map_explorer_spec_has_one_tier_trace_per_map() -> None:
    at = _app("en", level="county").run()
    at.switch_page("pages/map.py").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    choropleths = [trace for trace in spec["data"] if trace["type"] == "choropleth"]
    values = choropleths[-1]
    assert len(values["locations"]) >= 2800  # every county with data, in one trace
    z = values["z"]
    if isinstance(z, dict):  # plotly sends numeric arrays as base64 typed arrays
        z = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
    assert set(np.asarray(z).tolist()) == {0, 1, 2, 3}  # hold, C, B, A as codes on a stepped scale
    assert values["colorbar"]["ticktext"] == ["Hold", "C", "B", "A"]
    assert sum(len(trace["locations"]) for trace in choropleths) == 2875  # the rest drawn grey
