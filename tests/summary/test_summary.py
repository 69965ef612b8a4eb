"""Monthly summary: known answers of METHODS.md §7 through the summary functions, the forecast model
rule, movers, what changed, the narrative, and the page under AppTest."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.formats import fmt
from analysis.summary.breakdown import attainment_table, movers
from analysis.summary.build import build_summary
from analysis.summary.changes import (
    distributor_changes,
    flag_counts,
    gate_changes,
    migration_counts,
    month_flags,
    tier_migrations,
)
from analysis.summary.deck import build_deck
from analysis.summary.kpis import kpis, monthly_series
from analysis.summary.months import latest_complete_month
from analysis.summary.narrative import narrative
from analysis.summary.outlook import choose_model, forecast

APP = str(config.ROOT / "app.py")
SALES_2024 = [80, 60, 90, 100, 110, 120, 130, 125, 105, 95, 90, 140]
SALES_2025 = [88, 66, 95, 112, 121, 126]
PLAN_2025 = [90, 70, 100, 110, 120, 130]
MONTHS = [str(p) for p in pd.period_range("2024-01", "2025-06", freq="M")]
NANNING_DISTRICT, GUANGZHOU_DISTRICT = "450102", "440103"  # 兴宁区 (广西), 荔湾区 (广东)


@pytest.fixture
def example() -> dict[str, pd.DataFrame]:
    """METHODS.md §7 in one Guangxi county, and a flat 10 a month in one Guangdong county."""
    revenue = SALES_2024 + SALES_2025
    sales = pd.DataFrame(
        {
            "region_id": [NANNING_DISTRICT] * 18 + [GUANGZHOU_DISTRICT] * 18,
            "month": MONTHS * 2,
            "units": [v / 10 for v in revenue] + [1.0] * 18,
            "revenue": [float(v) for v in revenue] + [10.0] * 18,
        }
    )
    plan = pd.DataFrame(
        {
            "region_id": [NANNING_DISTRICT] * 6,
            "month": MONTHS[12:],
            "target_revenue": [float(v) for v in PLAN_2025],
            "target_units": [v / 10 for v in PLAN_2025],
        }
    )
    return {"sales": sales, "plan": plan}


def test_series_of_one_province_is_the_example(example) -> None:
    series = monthly_series(example["sales"], example["plan"], scope_province_id="450000")
    assert series["month"].tolist() == MONTHS
    assert series["revenue"].tolist() == SALES_2024 + SALES_2025
    assert series["target_revenue"].iloc[:12].isna().all()
    country = monthly_series(example["sales"], example["plan"])
    assert country["revenue"].iloc[-1] == 126 + 10


def test_kpis_known_answers(example) -> None:
    series = monthly_series(example["sales"], example["plan"], scope_province_id="450000")
    k = kpis(series, "2025-06").revenue
    assert k.yoy == pytest.approx(0.05)
    assert k.mom == pytest.approx(0.0413, abs=5e-5)
    assert (k.ytd, k.ytd_last_year) == (608, 560)
    assert k.ytd_growth == pytest.approx(0.0857, abs=5e-5)
    assert k.ytd_plan == 620
    assert k.ytd_attainment == pytest.approx(0.9806, abs=5e-5)
    assert k.attainment == pytest.approx(126 / 130)
    assert k.pacing == pytest.approx(k.attainment)  # a finished month paces at its attainment
    assert np.isnan(k.year_progress)  # the plan stops in June: no annual plan to measure against


def test_pacing_of_a_running_month(example) -> None:
    series = monthly_series(example["sales"], example["plan"], scope_province_id="450000")
    k = kpis(series, "2025-06", as_of=dt.date(2025, 6, 15))
    assert (k.days_elapsed, k.days_in_month) == (15, 30)
    assert k.revenue.pacing == pytest.approx(126 / (130 * 15 / 30))


def test_seasonal_naive_forecast_known_answers(example) -> None:
    series = monthly_series(example["sales"], example["plan"], scope_province_id="450000")
    plain = forecast(series, horizon=6)
    assert plain.model == "seasonal_naive" and plain.reason == "short_history"
    assert plain.values["month"].tolist() == ["2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"]
    assert plain.values["forecast"].tolist() == [130, 125, 105, 95, 90, 140]
    scaled = forecast(series, horizon=6, scale_by_ytd=True).values["forecast"]
    assert scaled.round(1).tolist() == [141.1, 135.7, 114.0, 103.1, 97.7, 152.0]
    assert scaled.sum() == pytest.approx(743.7, abs=0.05)
    assert (plain.values["lower"] <= plain.values["forecast"]).all()
    assert (plain.values["forecast"] <= plain.values["upper"]).all()


@pytest.mark.parametrize(
    ("months", "mase_sn", "mase_hw", "expected"),
    [
        (23, 0.9, 0.1, ("seasonal_naive", "short_history")),
        (29, 0.9, 0.1, ("seasonal_naive", "short_holdout")),  # 29 − 6 held out < 24 to fit on
        (30, 0.9, float("nan"), ("seasonal_naive", "hw_failed")),
        (36, 0.5, 0.5, ("seasonal_naive", "sn_better")),
        (36, 0.5, 0.9, ("seasonal_naive", "sn_better")),
        (36, 0.9, 0.5, ("holt_winters", "hw_better")),
    ],
)
def test_model_choice_rule(months, mase_sn, mase_hw, expected) -> None:
    assert choose_model(months, mase_sn, mase_hw) == expected


def _series(values) -> pd.DataFrame:
    months = pd.period_range("2022-01", periods=len(values), freq="M").strftime("%Y-%m")
    return pd.DataFrame(
        {"month": months, "revenue": values, "units": values, "target_revenue": np.nan, "target_units": np.nan}
    )


def test_holt_winters_wins_on_a_trending_seasonal_series() -> None:
    season = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2]) * 100
    t = np.arange(48)
    result = forecast(_series(season[t % 12] * (1 + 0.01 * t)))
    assert (result.model, result.reason) == ("holt_winters", "hw_better")
    assert result.mase_hw < result.mase_sn
    expected = season[np.arange(48, 51) % 12] * (1 + 0.01 * np.arange(48, 51))
    np.testing.assert_allclose(result.values["forecast"], expected, rtol=0.02)


def test_seasonal_naive_kept_when_the_season_repeats_exactly() -> None:
    season = np.array([95, 62, 85, 95, 100, 122, 95, 90, 95, 105, 135, 120], dtype=float)
    result = forecast(_series(np.tile(season, 3)))
    assert (result.model, result.reason) == ("seasonal_naive", "sn_better")
    assert result.values["forecast"].tolist() == season[:3].tolist()


@pytest.mark.parametrize(
    ("months", "today", "expected"),
    [
        (["2026-09", "2026-10"], dt.date(2026, 11, 27), "2026-10"),
        (["2026-09", "2026-10", "2026-11"], dt.date(2026, 11, 27), "2026-10"),  # November still running
        (["2026-11"], dt.date(2026, 11, 27), "2026-11"),  # nothing earlier to fall back on
        (["2026-09", "2026-10"], dt.date(2025, 1, 1), "2026-10"),
        ([], dt.date(2026, 11, 27), None),
    ],
)
def test_latest_complete_month(months, today, expected) -> None:
    assert latest_complete_month(pd.DataFrame({"month": pd.Series(months, dtype="str")}), today) == expected


def _sales(rows) -> pd.DataFrame:
    """(region_id, month, revenue[, distributor_id, product]) → a sales frame, units = revenue / 100."""
    frame = pd.DataFrame(rows, columns=["region_id", "month", "revenue", "distributor_id", "product"][: len(rows[0])])
    return frame.assign(units=frame["revenue"] / 100)


def test_movers_rank_absolute_and_percent_changes_yoy() -> None:
    sales = _sales(
        [
            ("440103", "2024-06", 1000.0),  # Guangdong +500 (+50 %)
            ("440103", "2025-06", 1500.0),
            ("320102", "2024-06", 2000.0),  # Jiangsu −400 (−20 %)
            ("320102", "2025-06", 1600.0),
            ("450102", "2024-06", 1.0),  # Guangxi +99 on a base of 1: too small for the % ranking
            ("450102", "2025-06", 100.0),
        ]
    )
    table = movers(sales, "2025-06", "province", n=5)
    by_group = {g: part["region_id"].tolist() for g, part in table.groupby("group")}
    assert by_group["gain_abs"] == ["440000", "450000"]
    assert by_group["loss_abs"] == ["320000"]
    assert by_group["gain_pct"] == ["440000"]
    assert by_group["loss_pct"] == ["320000"]
    top = table[table["group"] == "gain_abs"].iloc[0]
    assert (top["change"], top["change_pct"], top["name"]) == (500.0, 0.5, "广东省")


def test_attainment_table_per_city_inside_a_province(example) -> None:
    table = attainment_table(example["sales"], example["plan"], "2025-06", "city", scope_province_id="450000")
    assert table["region_id"].tolist() == ["450100"]
    row = table.iloc[0]
    assert row["attainment"] == pytest.approx(126 / 130)
    assert row["ytd_attainment"] == pytest.approx(608 / 620)
    assert row["yoy"] == pytest.approx(0.05)


def test_tier_migrations_name_every_kind_of_change() -> None:
    prev = pd.DataFrame(
        {
            "region_id": ["a", "b", "c", "d", "e", "f"],
            "tier": ["A", "C", "B", "hold", "B", "B"],
            "gate": ["open", "open", "open", "hold", "open", "open"],
            "whitespace_units": [10.0, 5.0, 0.0, 3.0, 0.0, 1.0],
        }
    )
    now = pd.DataFrame(
        {
            "region_id": ["a", "b", "c", "d", "e", "f"],
            "tier": ["B", "B", "hold", "C", "B", "B"],
            "gate": ["open", "open", "hold", "open", "open", "open"],
            "whitespace_units": [10.0, 5.0, 0.0, 3.0, 7.0, 1.0],
        }
    )
    moved = tier_migrations(prev, now).set_index("region_id")
    assert moved.loc[["a", "b"], "move"].tolist() == ["down", "up"]
    assert moved.loc[["c", "d"], "hold"].tolist() == ["enter", "leave"]
    assert moved.loc["e", "new_whitespace"]
    assert "f" not in moved.index
    assert migration_counts(moved.reset_index()) == {
        "up": 1,
        "down": 1,
        "enter_hold": 1,
        "leave_hold": 1,
        "new_whitespace": 1,
    }


def test_distributor_becomes_a_when_it_orders_three_months_running() -> None:
    sales = _sales([("450102", m, 500.0, "D1", "x") for m in ("2025-04", "2025-05", "2025-06")])
    distributors = pd.DataFrame(
        {
            "distributor_id": ["D1"],
            "name": ["南宁某商贸"],
            "status": ["active"],
            "skus_stocked": [30],
            "skus_total": [40],
        }
    )
    changed = distributor_changes(sales, distributors, "2025-06")
    assert changed[["distributor_id", "class_prev", "class_now"]].values.tolist() == [["D1", "B", "A"]]
    stopped = distributor_changes(sales, distributors, "2025-07")  # no order in July: back to coverage
    assert stopped[["class_prev", "class_now"]].values.tolist() == [["A", "B"]]


def test_flag_counts_for_cross_territory_selling_and_low_prices() -> None:
    prices = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]  # METHODS.md §8: only 2100 is flagged
    counties = ["450102", "450103", "450105", "450107", "450108", "450109", "450110", "450123"]
    sales = pd.DataFrame(
        {
            "region_id": [*counties, "440103"],
            "month": "2025-06",
            "units": [10] * 8 + [5],  # D1 sells 5 of its 85 units in Guangzhou: 5.9 % > 3 %
            "revenue": [10.0 * p for p in prices] + [5.0 * 3000],
            "product": "x",
            "distributor_id": "D1",
        }
    )
    territories = pd.DataFrame({"distributor_id": "D1", "region_id": counties})
    seats = pd.Series({"D1": "450000"})
    june = month_flags(sales, territories, "2025-06")
    assert flag_counts(june, seats) == {"conflict_flags": 1, "price_flags": 1}
    # the distributor counts where it is seated, the price where its county is
    assert flag_counts(june, seats, "450000") == {"conflict_flags": 1, "price_flags": 1}
    assert flag_counts(june, seats, "440000") == {"conflict_flags": 0, "price_flags": 0}
    assert flag_counts(month_flags(sales, None, "2025-06"), seats)["conflict_flags"] == 0  # no territories
    assert flag_counts(month_flags(sales, territories, "2025-05"), seats) == {"conflict_flags": 0, "price_flags": 0}


def test_gate_changes_name_entries_exits_and_newly_drying_pipelines() -> None:
    prev = pd.DataFrame(
        {
            "region_id": ["450100", "440100", "330100", "320100"],
            "tier": ["A", "hold", "B", "C"],
            "gate": ["open", "hold", "open", "open"],
            "gate_reason": ["", "pipeline", "", ""],
            "pipeline_flag": ["", "", "", "drying"],
            "pipeline_units": [900.0, 10.0, 50.0, 40.0],
        }
    )
    now = prev.assign(
        tier=["hold", "C", "B", "C"],
        gate=["hold", "open", "open", "open"],
        gate_reason=["pipeline", "", "", ""],
        pipeline_flag=["", "", "drying", "drying"],
    )
    changed = gate_changes(prev, now)
    assert changed[["region_id", "change"]].values.tolist() == [
        ["450100", "enter_hold"],
        ["440100", "leave_hold"],
        ["330100", "newly_drying"],  # 320100 was drying already
    ]
    assert changed["gate_reason"].iloc[0].render("en").startswith("Hold")
    assert changed["gate_reason"].iloc[2].render("zh").startswith("住房供应趋于枯竭")


def _fake_scorer(frames, month):
    tiers = {"2025-05": ["A", "B"], "2025-06": ["B", "B"]}[month]
    return pd.DataFrame({"region_id": ["450100", "440100"], "tier": tiers, "whitespace_units": [1.0, 1.0]})


def test_build_summary_with_and_without_scoring(example) -> None:
    without = build_summary(example, "2025-06", "450000", scorer=None)
    assert without.level == "city"
    assert without.changes.migrations is None
    assert "scoring" in without.changes.scoring_text().render("en")
    scored = build_summary(example, "2025-06", scorer=_fake_scorer)
    assert scored.changes.counts["down"] == 1
    assert scored.changes.migrations["name"].tolist() == ["南宁市"]
    assert scored.kpis.revenue.actual == 136


def test_build_summary_names_the_months_available(example) -> None:
    with pytest.raises(ValueError, match=r"no sales in 2030-01; sales cover 2024-01 – 2025-06"):
        build_summary(example, "2030-01", scorer=None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_narrative_is_deterministic_and_written_from_the_numbers(example, lang: str) -> None:
    summary = build_summary(example, "2025-06", "450000", scorer=_fake_scorer)
    first = [
        p.render(lang)
        for p in narrative(summary.kpis, summary.movers, summary.changes, forecast_result=summary.forecast)
    ]
    again = [p.render(lang) for p in summary.key_points()]
    assert first == again
    assert 3 <= len(first) <= 5
    assert "+5.0%" in first[0] and "+4.1%" in first[0]  # YoY and MoM of June 2025
    assert "98.1%" in first[1] and "+8.6%" in first[1]  # YTD attainment and growth
    if lang == "zh":
        assert "销售额" in first[0] and first[-1].startswith("下一步")
        assert "落后计划 ¥12" in first[1]  # 608 against a plan of 620
    else:
        assert first[0].startswith("2025-06 revenue was ¥126") and first[-1].startswith("Next:")
        assert "¥12 behind it" in first[1]


def test_provinces_add_up_to_the_country(crafted) -> None:
    """Each province's summary shows only its scope, and the provinces' figures add up to the national ones."""
    from analysis.summary.build import review_facts, scopes_with_data

    facts = review_facts(crafted, "2026-10", scorer=None)
    country = build_summary(crafted, "2026-10", facts=facts)
    provinces = [build_summary(crafted, "2026-10", p, facts=facts) for p in scopes_with_data(crafted, "2026-10")]
    assert len(provinces) == 31
    for name in ("actual", "plan", "ytd", "ytd_plan", "ytd_last_year"):
        for measure in ("revenue", "units"):
            total = sum(getattr(p.kpis.measure(measure), name) for p in provinces)
            assert total == pytest.approx(getattr(country.kpis.measure(measure), name), rel=1e-9)
    by_province = country.attainment.set_index("region_id")["revenue"]
    for p in provinces:
        assert p.kpis.revenue.actual == pytest.approx(by_province[p.scope_id])
        assert p.attainment["region_id"].str[:2].eq(p.scope_id[:2]).all()  # its own cities only
    for key in ("conflict_flags", "price_flags", "distributor_up", "distributor_down"):
        assert sum(p.changes.counts[key] for p in provinces) == country.changes.counts[key]


# -- the page, through the front door ------------------------------------------------------------------


def _page(lang: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["sidebar.lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at.switch_page("pages/summary.py").run()


def test_page_in_chinese_shows_cards_trend_promotions_actions_and_downloads(store_dir, demo_summary) -> None:
    at = _page("zh")
    assert not at.exception, at.exception
    assert at.title[0].value == "月度经营摘要"
    labels = [m.label for m in at.metric]
    assert labels[:6] == ["本月", "环比", "同比", "年初至今", "年累计达成率", "进度"]
    assert at.selectbox(key="summary.month").value == "2026-10"  # the demo's latest complete month
    k = demo_summary.kpis.revenue
    assert [m.value for m in at.metric[:3]] == [
        fmt(k.actual, "money", "zh"),
        fmt(k.mom, "growth", "zh"),
        fmt(k.yoy, "growth", "zh"),
    ]
    deck = Presentation(io.BytesIO(build_deck(demo_summary, "zh")))
    kpi_table = next(shape.table for shape in deck.slides[1].shapes if shape.has_table)
    deck_kpis = {row.cells[0].text: row.cells[1].text for row in kpi_table.rows}
    assert deck_kpis["本月实际"] == at.metric[0].value and deck_kpis["同比"] == at.metric[2].value  # the page's numbers
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in spec["data"]]
    assert {"实际", "计划", "预测"} <= set(names)
    assert spec["layout"]["xaxis"]["categoryarray"][-1] == "2027-01"  # 24 months, then 3 forecast months
    assert spec["layout"]["yaxis"]["rangemode"] == "tozero"
    assert len(at.get("download_button")) == 3
    assert any("下一步" in md.value for md in at.markdown)
    assert any(h.value == "促销复盘" for h in at.subheader) and any("618净水节" in md.value for md in at.markdown)
    assert any("演示数据" in i.value for i in at.info)  # the demo's actions are read-only


def test_page_in_english_follows_the_sidebar_province_and_the_month_picker(store_dir) -> None:
    at = _page("en", **{"sidebar.province": "450000"})
    assert not at.exception, at.exception
    assert at.selectbox(key="summary.scope").value == "450000"
    assert any("Guangxi" in h.value for h in at.subheader)
    assert at.metric[0].label == "This month" and at.metric[0].value.startswith("¥")
    at.selectbox(key="summary.month").set_value("2026-06").run()
    assert not at.exception, at.exception
    assert any(h.value.startswith("2026-06 monthly summary · Guangxi") for h in at.subheader)


def test_no_movers_or_changes_without_the_months_to_compare(example) -> None:
    first = example["sales"].assign(month=example["sales"]["month"].where(lambda m: m != "2025-05", "2023-05"))
    assert movers(example["sales"], "2024-06", "province").empty  # no June 2023
    summary = build_summary({**example, "sales": first}, "2025-06", scorer=_fake_scorer)
    assert summary.changes.migrations is None
    assert summary.changes.scoring_text().render("en").startswith("The data has no sales for the month before")
