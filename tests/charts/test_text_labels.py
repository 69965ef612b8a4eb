"""Uploaded names reach every figure escaped: the chart builders apply `plain` themselves (issue 16, item 8).

Each builder is given hostile brand, distributor, product and region names; no string of the figure
may then hold an HTML tag other than the builders' own hover markup (<br>, <b>, <extra>).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.charts import bars, lines, maps
from analysis.charts.distributors import balance_figure, coverage_figure, funnel_figure, territory_figure
from analysis.charts.text import plain
from analysis.distributors.funnel import funnel
from analysis.market import competition
from analysis.market import maps as market_maps

LINK = '<a href="http://evil.example">x</a>'
IMAGE = "<img src=x onerror=alert(1)>"
MARKDOWN = "**bold** [link](http://evil.example) :smile:"
NAMES = [LINK, IMAGE, MARKDOWN]
# The builders' own markup in hover templates and the funnel's two-line labels; anything else is a leak.
OWN_TAG = re.compile(r"<(?!/?(?:br|b|extra)>)", re.IGNORECASE)


def _strings(value) -> list[str]:
    """Every string in a figure's dict (data and layout), however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple | np.ndarray | pd.Series):
        return [s for v in list(value) for s in _strings(v)]
    return []


def assert_inert(fig: go.Figure, names: list[str] = NAMES) -> None:
    """No live tag anywhere in the figure, and each name there in its escaped form (drawn as written)."""
    strings = _strings(fig.to_plotly_json())
    leaks = [s for s in strings if OWN_TAG.search(s)]
    assert not leaks, leaks
    assert not any(re.search(r"<a\b|<img\b", s, re.IGNORECASE) for s in strings)
    text = "\n".join(strings)
    for name in names:
        assert plain(name) in text, name


def _counties(names: list[str]) -> pd.DataFrame:
    """The 12 counties of Nanning, the first ones renamed (in both languages) after `names`."""
    frame = market_maps.scope_regions(market_maps.Scope("city", "450100"), "county").reset_index(drop=True)
    hostile = names + list(frame["name"].iloc[len(names) :])
    return frame.assign(name=hostile, name_en=hostile)


def test_bars_escape_categories_series_names_and_title() -> None:
    fig = bars.bars(NAMES, {name: [1.0, 2.0, 3.0] for name in NAMES}, "money", "en", axis_label=IMAGE, title=LINK)
    assert_inert(fig)
    assert list(fig.data[0].x) == [plain(n) for n in NAMES]
    assert [trace.name for trace in fig.data] == [plain(n) for n in NAMES]
    assert fig.layout.title.text == plain(LINK)


def test_horizontal_and_stacked_bars_escape_categories() -> None:
    fig = bars.bars(NAMES, {"revenue": [1.0, 2.0, 3.0]}, "count", "zh", axis_label="x", horizontal=True, stacked=True)
    assert_inert(fig)
    assert list(fig.data[0].y) == [plain(n) for n in NAMES]


def test_a_newline_in_a_category_is_the_only_line_break() -> None:
    fig = bars.bars([f"{IMAGE}\n(two)"], {"n": [1.0]}, "count", "en", axis_label="n")
    assert list(fig.data[0].x) == [f"{plain(IMAGE)}<br>(two)"]


def test_contributions_escape_labels_and_missing_text() -> None:
    fig = bars.contributions(NAMES, [0.2, np.nan, -0.1], "en", missing=IMAGE, title=LINK)
    assert_inert(fig)


def test_monthly_lines_escape_line_names_forecast_and_band() -> None:
    months = ["2026-01", "2026-02", "2026-03"]
    forecast = pd.DataFrame({"month": ["2026-04"], "forecast": [3.0], "lower": [2.0], "upper": [4.0]})
    fig = lines.monthly(
        months,
        {LINK: ([1.0, 2.0, 3.0], lines.ACTUAL_STYLE), MARKDOWN: ([1.0, 1.0, 1.0], lines.PLAN_STYLE)},
        "money",
        "en",
        axis_label=IMAGE,
        forecast=forecast,
        forecast_name=IMAGE,
        band_name=LINK,
    )
    assert_inert(fig)


def test_region_map_escapes_region_names_in_hover_markers_and_labels() -> None:
    frame = _counties(NAMES).assign(value=np.r_[np.nan, np.arange(11.0)])  # the first county without data
    fig = maps.region_map(
        frame,
        "county",
        "value",
        "money",
        "en",
        title=IMAGE,
        markers=frame.head(3),
        bubbles=frame["value"],
        labels=frame.head(3),
    )
    assert [trace.name for trace in fig.data] == ["no_data", "values", "bubbles", "shortlist", "labels"]
    assert_inert(fig)
    assert list(fig.data[0].text) == [plain(LINK)]  # no data: the name still shows, escaped


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_categorical_region_map_escapes_category_labels_in_legend_and_hover(lang: str) -> None:
    frame = _counties(NAMES).assign(group=["a", "b", "c"] * 4)
    categories = {"a": (LINK, "#111111"), "b": (IMAGE, "#222222"), "c": (MARKDOWN, "#333333")}
    fig = maps.region_map(frame, "county", "group", "category", lang, title=MARKDOWN, categories=categories)
    assert_inert(fig)
    values = next(trace for trace in fig.data if trace.name == "values")
    assert list(values.colorbar.ticktext) == [plain(n) for n in NAMES]


def test_map_layer_figure_escapes_region_names() -> None:
    frame = _counties(NAMES).assign(tier=["A", "B", "C", "hold"] * 3)
    assert_inert(maps.layer_figure(frame, "county", market_maps.LAYERS["tier"], "zh"))


def test_funnel_keeps_its_two_line_labels() -> None:
    fig = funnel_figure(funnel(pd.DataFrame({"source": ["web"], "status": ["active"]})), "en")
    assert fig.data[0].x[0] == "Web search<br>(Active search)"
    assert_inert(fig, [])


def test_coverage_map_escapes_county_names() -> None:
    frame = _counties(NAMES).assign(status=["one", "shared", None, "gap"] * 3)
    assert_inert(coverage_figure(frame, "en"))


def test_territory_map_and_balance_escape_distributor_names() -> None:
    frame = _counties(["南宁"]).assign(territory=["T1", "T2", "T3", None] * 3)
    labels = dict(zip(["T1", "T2", "T3"], NAMES, strict=True))
    points = frame.head(3).assign(name=NAMES, name_en=NAMES)
    fig = territory_figure(frame, "en", labels, moved=points, centres=points, selected=frame["region_id"].iloc[0])
    assert_inert(fig)
    balance = pd.DataFrame({"territory": ["T1", "T2", "T3"], "capacity_units": [10.0, 20.0, 30.0]})
    bar = balance_figure(balance, "capacity_units", "units", "zh", labels)
    assert_inert(bar)
    assert list(bar.data[0].x) == [plain(n) for n in NAMES]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_competitor_brand_bars_as_the_page_builds_them(lang: str) -> None:
    """pages/competitors.py: brand_shares → brand_names → bars.bars, with hostile brands in both languages."""
    counties = _counties([])["region_id"]
    competitors = pd.DataFrame(
        {
            "region_id": counties[:3].tolist(),
            "year": [2025] * 3,
            "competitor": [LINK, IMAGE, MARKDOWN],
            "competitor_en": [IMAGE, "", LINK],  # English names where given, else the Chinese one
            "revenue": [3e6, 2e6, 1e6],
            "avg_price": [3000.0, 2500.0, 2000.0],
        }
    )
    sales = pd.DataFrame({"month": ["2025-12"], "region_id": [counties.iloc[0]], "revenue": [5e5], "units": [200.0]})
    brands = competition.brand_shares(competitors, sales, pd.Index(counties), "all")
    brands = brands.assign(brand=competition.brand_names(brands, lang, ("我方", MARKDOWN)))
    fig = bars.bars(
        brands["brand"].tolist(),
        {"By revenue": brands["revenue_share"], "By units": brands["unit_share"]},
        "share",
        lang,
        axis_label="Share",
    )
    assert_inert(fig, [LINK, IMAGE, MARKDOWN])
