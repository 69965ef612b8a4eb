"""The review meeting's deck, opened with python-pptx: slides and titles, KPI numbers, tables never cut,
native charts, Chinese as text."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from analysis.formats import fmt
from analysis.summary import deck as deck_module
from analysis.summary import tables
from analysis.summary.build import build_summary
from analysis.summary.deck import build_deck, slide_count

from .conftest import crafted_frames, fake_scorer


@pytest.fixture(scope="module")
def summary():
    frames = crafted_frames()
    first_county = frames["sales"]["region_id"].iloc[0]
    frames["actions"] = pd.DataFrame(
        {
            "action_id": ["A-001", "A-002"],
            "month": "2026-09",
            "what": ["跟进北京的新经销商", "核查价格"],
            "owner": "经理",
            "due": ["2026-10", "2026-12"],
            "region_id": [first_county, ""],
            "distributor_id": "",
            "status": "open",
        }
    )
    return build_summary(frames, "2026-10", scorer=fake_scorer)


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _titles(prs) -> list[str]:
    return [slide.shapes.title.text for slide in prs.slides]


def _tables(slide) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in shape.table.rows] for shape in slide.shapes if shape.has_table]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_slides_and_their_titles(summary, lang: str) -> None:
    data = build_deck(summary, lang)
    prs = _open(data)
    attainment = -(-len(summary.attainment) // deck_module.ROWS_PER_SLIDE)  # 31 provinces → 3 slides
    assert slide_count(data) == len(prs.slides) == 1 + 3 + attainment + 3 + 1 + 1 + 1 + 1
    titles = _titles(prs)
    expected = {
        "zh": [
            "月度经营会议",
            "核心指标对比计划",
            "近 24 个月趋势与预测",
            "同比涨跌榜",
            "计划达成（按省）（1/3）",
            "计划达成（按省）（2/3）",
            "计划达成（按省）（3/3）",
            "评级迁移",
            "住房门槛变化",
            "经销商分级变化与预警",
            "配额达成：年累计落后最多的 10 家经销商（共 31 家）",
            "促销复盘",
            "要点",
            "会议行动项",
        ],
        "en": [
            "Monthly review meeting",
            "Key figures against plan",
            "24-month trend and forecast",
            "Movers on last year",
            "Attainment by province (1/3)",
            "Attainment by province (2/3)",
            "Attainment by province (3/3)",
            "Tier migrations",
            "Housing-gate changes",
            "Distributor classes and flags",
            "Quotas: the 10 distributors furthest behind (of 31)",
            "Promotion reviews",
            "Key points",
            "Meeting actions",
        ],
    }[lang]
    assert titles == expected
    subtitle = prs.slides[0].placeholders[1].text
    assert subtitle == ("全国 · 2026-10" if lang == "zh" else "All of China · 2026-10")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kpi_numbers_are_the_pages(summary, lang: str) -> None:
    """The KPI slide's numbers are written as the page's cards write them (`tables.kpi_value`)."""
    prs = _open(build_deck(summary, lang))
    (grid,) = _tables(prs.slides[1])
    rows = {row[0]: row[1:] for row in grid[1:]}
    r, u = summary.kpis.revenue, summary.kpis.units
    label = lambda name: tables.field(name).label(lang)  # noqa: E731
    assert rows[label("actual")] == [fmt(r.actual, "money", lang), fmt(u.actual, "count", lang)]
    assert rows[label("attainment")] == [fmt(r.attainment, "share", lang), fmt(u.attainment, "share", lang)]
    assert rows[label("yoy")] == [fmt(r.yoy, "growth", lang), fmt(u.yoy, "growth", lang)]
    assert rows[label("ytd")] == [fmt(r.ytd, "money", lang), fmt(u.ytd, "count", lang)]
    cards = [p.text for shape in prs.slides[1].shapes if shape.has_text_frame for p in shape.text_frame.paragraphs]
    assert fmt(r.actual, "money", lang) in cards and fmt(r.ytd_attainment, "share", lang) in cards


def test_no_table_is_cut(summary) -> None:
    """Every shape lies inside its slide, and the attainment slides together list every region once, in order."""
    prs = _open(build_deck(summary, "zh"))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height
            if shape.has_table:
                assert len(shape.table.rows) - 1 <= deck_module.ROWS_PER_SLIDE
    listed = []
    for slide in prs.slides:
        if slide.shapes.title.text.startswith("计划达成"):
            (grid,) = _tables(slide)
            assert grid[0][:4] == ["地区", "销售额", "目标销售额", "计划达成率"]  # the header on every slide
            listed += [row[0] for row in grid[1:]]
    assert listed == summary.attainment["name"].tolist() and len(listed) == 31


def test_charts_are_native_and_editable(summary) -> None:
    prs = _open(build_deck(summary, "zh"))
    trend = next(shape.chart for shape in prs.slides[2].shapes if shape.has_chart)
    assert trend.chart_type in (XL_CHART_TYPE.LINE, XL_CHART_TYPE.LINE_MARKERS)  # a native line chart
    names = [s.name for s in trend.plots[0].series]
    assert names[:3] == ["实际", "计划", "预测"]
    actual = [v for v in trend.plots[0].series[0].values if v is not None]
    history = tables.trend_table(summary, "zh").dropna(subset=["revenue"])
    assert len(actual) == 24
    assert trend.value_axis.axis_title.text_frame.text == "销售额（万元）"
    assert actual == pytest.approx((history["revenue"] / 1e4).round(4).tolist())
    assert trend.value_axis.minimum_scale == 0
    movers = next(shape.chart for shape in prs.slides[3].shapes if shape.has_chart)
    assert movers.chart_type == XL_CHART_TYPE.BAR_CLUSTERED


def test_tier_migrations_and_actions_in_the_deck(summary) -> None:
    prs = _open(build_deck(summary, "zh"))
    by_title = {slide.shapes.title.text: slide for slide in prs.slides}
    (tiers,) = _tables(by_title["评级迁移"])
    assert tiers[1][:4] == ["南宁市", "A", "B", "评级下调"]
    (listed,) = _tables(by_title["会议行动项"])
    assert [row[:2] for row in listed[1:]] == [["已逾期", "A-001"], ["进行中", "A-002"]]
    assert listed[1][5] == "东城区"  # the region of the action, by name
