"""Growth, attainment and forecasts against METHODS.md §7."""

import numpy as np
import pandas as pd
import pytest

from analysis.methods.forecast import attainment, mase, mom, pacing, seasonal_naive, ses, yoy, ytd_growth

SALES_2024 = [80, 60, 90, 100, 110, 120, 130, 125, 105, 95, 90, 140]
SALES_2025 = [88, 66, 95, 112, 121, 126]
PLAN_2025 = [90, 70, 100, 110, 120, 130]


@pytest.fixture
def sales():
    return pd.Series(SALES_2024 + SALES_2025, index=pd.period_range("2024-01", periods=18, freq="M"), dtype=float)


def test_growth_known_answers(sales):
    assert yoy(sales)[pd.Period("2025-06", "M")] == pytest.approx(0.05)
    assert mom(sales)[pd.Period("2025-06", "M")] == pytest.approx(0.0413, abs=5e-5)
    assert ytd_growth(sales) == pytest.approx(0.0857, abs=5e-5)
    assert attainment(sum(SALES_2025), sum(PLAN_2025)) == pytest.approx(0.9806, abs=5e-5)


def test_yoy_is_nan_before_a_full_year_and_on_zero_base(sales):
    growth = yoy(sales)
    assert growth[:12].isna().all()
    zero = sales.copy()
    zero[pd.Period("2024-03", "M")] = 0
    assert np.isnan(yoy(zero)[pd.Period("2025-03", "M")])
    assert not np.isinf(mom(zero)).any()


def test_yoy_matches_by_calendar_not_position(sales):
    gappy = sales.drop(pd.Period("2024-09", "M"))
    assert yoy(gappy)[pd.Period("2025-06", "M")] == pytest.approx(0.05)


def test_yoy_on_plain_array_is_positional():
    assert yoy(SALES_2024 + SALES_2025).iloc[-1] == pytest.approx(0.05)


def test_ytd_growth_as_of_and_missing_months(sales):
    assert ytd_growth(sales, as_of="2025-02") == pytest.approx((88 + 66) / (80 + 60) - 1)
    assert np.isnan(ytd_growth(sales.drop(pd.Period("2024-02", "M"))))
    with pytest.raises(ValueError, match="PeriodIndex"):
        ytd_growth(sales.to_numpy())


@pytest.mark.parametrize(("actual", "plan", "expected"), [(608, 620, 608 / 620), (5, 0, np.nan)])
def test_attainment(actual, plan, expected):
    assert attainment(actual, plan) == pytest.approx(expected, nan_ok=True)


def test_attainment_series():
    out = attainment(pd.Series([50.0, 10.0]), pd.Series([100.0, 0.0]))
    assert out.tolist() == pytest.approx([0.5, np.nan], nan_ok=True)


@pytest.mark.parametrize(
    ("mtd", "plan", "elapsed", "days", "expected"),
    [(50, 120, 10, 30, 1.25), (0, 120, 15, 30, 0.0), (5, 120, 0, 30, np.nan)],
)
def test_pacing(mtd, plan, elapsed, days, expected):
    assert pacing(mtd, plan, elapsed, days) == pytest.approx(expected, nan_ok=True)


def test_seasonal_naive_known_answer(sales):
    forecast = seasonal_naive(sales, horizon=6)
    assert list(forecast.index) == list(pd.period_range("2025-07", periods=6, freq="M"))
    assert forecast.tolist() == [130, 125, 105, 95, 90, 140]
    scaled = forecast * (1 + ytd_growth(sales))
    assert scaled.tolist() == pytest.approx([141.1, 135.7, 114.0, 103.1, 97.7, 152.0], abs=0.05)
    assert scaled.sum() == pytest.approx(743.7, abs=0.05)


def test_seasonal_naive_beyond_one_season_repeats():
    out = seasonal_naive(np.arange(1, 13), horizon=14)
    assert out.tolist() == [*range(1, 13), 1, 2]
    assert list(out.index) == list(range(12, 26))


def test_seasonal_naive_needs_a_season():
    with pytest.raises(ValueError, match="at least"):
        seasonal_naive([1, 2, 3], horizon=1)


def test_ses_known_answer():
    result = ses([100, 120, 110, 130], alpha=0.5, initial_level=100, horizon=2)
    assert result.fitted.tolist() == [100, 100, 110, 110]
    assert result.level == 120
    assert result.forecast.tolist() == [120, 120]


def test_ses_carries_level_over_missing_values():
    result = ses([100, np.nan, 120], alpha=0.5, initial_level=100)
    assert result.fitted.tolist() == [100, 100, 100]
    assert result.level == 110


def test_mase_hand_worked(sales):
    # In-sample seasonal-naive errors (2025 vs 2024): 8, 6, 5, 12, 11, 6 → scale 8; MAE of (10, 5) = 7.5.
    assert mase([140, 130], [130, 125], sales) == pytest.approx(7.5 / 8)


def test_mase_needs_more_than_a_season():
    with pytest.raises(ValueError, match="more than"):
        mase([1], [1], np.arange(12))
