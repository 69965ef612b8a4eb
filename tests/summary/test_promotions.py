"""Promotions: the uplift on a baseline forecast, on crafted series whose effect is known; the dip after;
the one-objective rule at import."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.i18n import t
from analysis.summary.promotions import finished, metric_series, promotion_findings, review_all, review_promotion

SEASON = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2])
MONTHS = pd.period_range("2023-11", "2026-10", freq="M")  # 36 months, as the demo
HANGZHOU, ZHENGZHOU, SHANGCHENG = "330100", "410100", "330102"  # two cities and a district of Hangzhou


def _sales(effects: dict[tuple[str, str], float]) -> pd.DataFrame:
    """Purifiers and heaters in a Hangzhou district and in Zhengzhou: season, 0.5 %/month growth, ±2 %
    deterministic noise; `effects` multiply (region, month) of the purifiers in Hangzhou, the heaters in Zhengzhou."""
    rows = []
    for k, month in enumerate(MONTHS):
        base = SEASON[month.month - 1] * (1 + 0.005 * k) * (1 + 0.02 * np.sin(1.7 * k))
        for region, category, size in (
            (SHANGCHENG, "净水器", 1000.0),
            (SHANGCHENG, "热水器", 400.0),
            ("410102", "热水器", 600.0),
        ):
            promoted = (region == SHANGCHENG) == (category == "净水器")
            effect = effects.get((region[:4] + "00", str(month)), 1.0) if promoted else 1.0
            units = round(size * base * effect)
            rows.append((region, str(month), units, units * 2500.0, category, f"D-{region}"))
    return pd.DataFrame(rows, columns=["region_id", "month", "units", "revenue", "category", "distributor_id"])


def _promotion(pid, region, category, start, end, target, metric="units") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "promotion_id": [pid],
            "name": [pid],
            "region_id": [region],
            "start": [start],
            "end": [end],
            "metric": [metric],
            "target": [float(target)],
            "category": [category],
        }
    )


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return _sales({(HANGZHOU, "2026-06"): 1.20, (HANGZHOU, "2026-07"): 0.94})


def test_a_crafted_twenty_percent_uplift_is_found_within_its_band(sales) -> None:
    last_june = sales.query("region_id == @SHANGCHENG and category == '净水器' and month == '2025-06'")["units"].sum()
    review = review_promotion(
        _promotion("P1", HANGZHOU, "净水器", "2026-06", "2026-06", last_june * 1.15), sales, "2026-10"
    )
    assert review.status == "reviewed"
    assert review.uplift_lower <= 0.20 <= review.uplift_upper  # the known effect lies in the stated band
    assert review.uplift == pytest.approx(0.20, abs=0.05)
    assert review.baseline_lower < review.baseline < review.baseline_upper
    assert review.verdict == "lift" and review.target_met
    assert review.after_month == "2026-07"
    assert review.dip < 0 and review.dip_lower <= -0.06 <= review.dip_upper  # the pull-forward dip
    months = review.months.set_index("month")
    assert months.loc["2026-06", "phase"] == "promotion" and months.loc["2026-07", "phase"] == "after"
    assert months.loc["2026-05", "phase"] == "before" and np.isnan(months.loc["2026-05", "baseline"])
    text = review.verdict_text().render("en")
    assert text.startswith("Up +") and "target met" in text and "The month after (2026-07)" in text


def test_a_promotion_without_effect_misses_its_target(sales) -> None:
    last_august = sales.query("region_id == '410102' and month == '2025-08'")["units"].sum()
    review = review_promotion(
        _promotion("P2", ZHENGZHOU, "热水器", "2026-08", "2026-08", last_august * 1.25), sales, "2026-10"
    )
    assert review.verdict == "none"
    assert review.uplift_lower < 0 < review.uplift_upper
    assert not review.target_met
    assert "未达成目标" in review.verdict_text().render("zh")


def test_the_baseline_is_the_summary_forecast_of_the_months_before() -> None:
    """On a series that repeats its season exactly, the baseline is last year's month (seasonal naive)."""
    flat = _sales({})
    flat = flat.assign(units=flat["month"].map(lambda m: int(100 * SEASON[int(m[5:]) - 1])))
    flat = flat.assign(units=np.where(flat["month"] == "2026-06", flat["units"] * 1.5, flat["units"]).round())
    review = review_promotion(_promotion("P3", HANGZHOU, "净水器", "2026-06", "2026-06", 1), flat, "2026-10")
    assert review.model == "seasonal_naive"
    assert review.baseline == pytest.approx(122.0)
    assert review.actual == pytest.approx(183.0) and review.uplift == pytest.approx(0.5)


def test_the_months_series_follows_regions_category_and_metric(sales) -> None:
    units = metric_series(sales, pd.Series([HANGZHOU]), "净水器", "units", "2026-10").set_index("month")["value"]
    assert units["2026-06"] == sales.query("month == '2026-06' and category == '净水器'")["units"].sum()
    every = metric_series(sales, pd.Series(["330000"]), "", "revenue", "2026-10").set_index("month")["value"]
    assert every["2026-06"] == sales.query("month == '2026-06' and region_id == @SHANGCHENG")["revenue"].sum()
    newcomers = metric_series(sales, pd.Series(["410000"]), "", "new_distributors", "2026-10")
    assert newcomers["value"].sum() == 1 and newcomers.loc[0, "value"] == 1  # D-410102 first orders in 2023-11


def test_too_little_history_gives_no_baseline(sales) -> None:
    review = review_promotion(_promotion("P4", HANGZHOU, "净水器", "2024-06", "2024-06", 10), sales, "2024-09")
    assert review.status == "short_history" and review.history_months == 7
    assert "7" in review.verdict_text().render("en")


def test_the_review_lists_the_promotions_of_the_last_twelve_months_in_the_scope(sales) -> None:
    table = pd.concat(
        [
            _promotion("OLD", HANGZHOU, "净水器", "2025-06", "2025-06", 1),
            _promotion("P1", HANGZHOU, "净水器", "2026-06", "2026-06", 1),
            _promotion("P2", ZHENGZHOU, "热水器", "2026-08", "2026-08", 1),
            _promotion("NEXT", HANGZHOU, "净水器", "2026-11", "2026-11", 1),
        ]
    )
    assert [rows["promotion_id"].iloc[0] for rows in finished(table, "2026-10")] == ["P2", "P1"]
    assert [rows["promotion_id"].iloc[0] for rows in finished(table, "2026-10", "330000")] == ["P1"]
    assert [r.promotion_id for r in review_all(table, sales, "2026-10", "410000")] == ["P2"]


def test_a_promotion_with_two_objectives_is_refused_with_the_field_guides_reason() -> None:
    table = pd.DataFrame(
        {
            "promotion_id": ["P1", "P1", "P1", "P2"],
            "name": ["618", "618", "618", "秋季"],
            "region_id": ["330100", "330200", "330300", "410100"],
            "start": ["2026-06", "2026-06", "2026-06", "2026-09"],
            "end": ["2026-06", "2026-06", "2026-06", "2026-08"],
            "metric": ["units", "revenue", "units", "units"],
            "target": [100.0, 100.0, 120.0, 5.0],
            "category": "",
        },
        index=[10, 11, 12, 13],
    )
    found = promotion_findings(table)
    assert [(f.code, f.row, f.column) for f in found] == [
        ("promo_metrics", 11, "metric"),
        ("promo_target", 12, "target"),
        ("promo_dates", 13, "end"),
    ]
    reason = found[0].text()
    assert "目标的单一化，而且一定是可以量化的" in reason.render("zh")
    assert "one objective" in reason.render("en") and "units、revenue" in reason.render("en")
    assert t(f"finding.{found[2].code}", "en", **found[2].params).startswith("The end month 2026-08")
    assert promotion_findings(table.iloc[[0, 3]].assign(end=["2026-06", "2026-09"])) == []


def test_the_importer_refuses_a_second_objective_with_its_row_and_column() -> None:
    from analysis.io.importing import prepare

    csv = (
        "促销编号,促销名称,地区,开始月份,结束月份,目标指标,目标值\n"
        "P1,国庆,南宁市,2025-10,2025-10,units,500\n"
        "P1,国庆,柳州市,2025-10,2025-10,revenue,500\n"
        "P2,双十一,桂林市,2025-11,2025-10,units,80\n"
    ).encode("gbk")
    prepared = prepare("promotions", csv, "p.csv")
    errors = prepared.errors
    assert set(errors["code"]) == {"promo_metrics", "promo_dates"}
    metric = errors[errors["code"] == "promo_metrics"].iloc[0]
    assert (metric["row"], metric["value"]) == (3, "revenue")
    assert "P1" in metric["message_zh"] and "units" in metric["message_en"]
