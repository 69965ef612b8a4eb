"""Monthly growth, plan attainment and simple forecasts (seasonal naive, SES) with MASE.

Formulas and worked examples: METHODS.md §7. Series with a monthly PeriodIndex are matched by calendar
(a missing month stays missing); plain arrays and other indexes are matched by position.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def _as_series(y) -> pd.Series:
    """The series `y` as floats; a monthly DatetimeIndex becomes a PeriodIndex."""
    s = y.astype(float) if isinstance(y, pd.Series) else pd.Series(np.asarray(y, dtype=float))
    if isinstance(s.index, pd.DatetimeIndex):
        s = s.set_axis(s.index.to_period("M"))
    if isinstance(s.index, pd.PeriodIndex) and s.index.freqstr != "M":
        raise ValueError(f"expected monthly periods, got frequency {s.index.freqstr!r}")
    return s


def _divide(numerator, denominator):
    """The ratio numerator / denominator with NaN, not ±inf, where the denominator is 0; Series stay Series."""
    if isinstance(denominator, pd.Series):
        return numerator / denominator.where(denominator != 0)
    d = np.asarray(denominator, dtype=float)
    return numerator / np.where(d != 0, d, np.nan)


def _lagged(s: pd.Series, lag: int) -> pd.Series:
    """The value `lag` months earlier: by calendar for a PeriodIndex, by position otherwise."""
    if isinstance(s.index, pd.PeriodIndex):
        return s.reindex(s.index - lag).set_axis(s.index)
    return s.shift(lag)


def _growth(y, lag: int, name: str) -> pd.Series:
    """y_t / y_{t−lag} − 1 with NaN where the base is 0 or missing."""
    s = _as_series(y)
    return (_divide(s, _lagged(s, lag)) - 1).rename(name)


def yoy(y, m: int = 12) -> pd.Series:
    """Year-on-year growth y_t / y_{t−m} − 1; NaN when the base is 0 or missing.

    Parameters
    ----------
    y : Series with a monthly PeriodIndex (or DatetimeIndex), or array-like
    m : int, default 12
        Periods per year.

    Returns
    -------
    Series
        Growth as a fraction, named "yoy", same index.

    Examples
    --------
    >>> y = pd.Series([100.0, 0.0, 120.0], index=pd.PeriodIndex(["2024-06", "2024-07", "2025-06"], freq="M"))
    >>> yoy(y).round(2).tolist()
    [nan, nan, 0.2]
    """
    return _growth(y, m, "yoy")


def mom(y) -> pd.Series:
    """Month-on-month growth y_t / y_{t−1} − 1; NaN when the base is 0 or missing.

    Parameters
    ----------
    y : Series with a monthly PeriodIndex (or DatetimeIndex), or array-like

    Returns
    -------
    Series
        Growth as a fraction, named "mom", same index.

    Examples
    --------
    >>> mom([100, 0, 50, 55]).round(2).tolist()
    [nan, -1.0, nan, 0.1]
    """
    return _growth(y, 1, "mom")


def ytd_growth(y, as_of=None) -> float:
    """Year-to-date growth: Σ Jan..t of this year / Σ Jan..t of last year − 1.

    Parameters
    ----------
    y : Series with a monthly PeriodIndex (or DatetimeIndex)
    as_of : Period or str, optional
        Last month to include; default the last month of `y`.

    Returns
    -------
    float
        NaN when a month of either year is missing or last year's total is 0.

    Examples
    --------
    >>> months = pd.PeriodIndex(["2024-01", "2024-02", "2025-01", "2025-02"], freq="M")
    >>> round(ytd_growth(pd.Series([10.0, 20.0, 11.0, 22.0], index=months)), 4)
    0.1
    """
    s = _as_series(y)
    if not isinstance(s.index, pd.PeriodIndex):
        raise ValueError("ytd_growth needs a monthly PeriodIndex or DatetimeIndex to know where the year starts")
    end = pd.Period(as_of, freq="M") if as_of is not None else s.index.max()
    this_year = pd.period_range(pd.Period(year=end.year, month=1, freq="M"), end, freq="M")
    now, before = s.reindex(this_year), s.reindex(this_year - 12)
    if now.isna().any() or before.isna().any() or before.sum() == 0:
        return float("nan")
    return float(now.sum() / before.sum() - 1)


def attainment(actual, plan):
    """Actual / plan; NaN where the plan is 0 or missing.

    Parameters
    ----------
    actual, plan : float, array-like or Series
        Element-wise; Series align on their index.

    Returns
    -------
    float, ndarray or Series
        Attainment as a fraction (0.98 = 98 %).

    Examples
    --------
    >>> round(float(attainment(608, 620)), 4)
    0.9806
    """
    return _divide(actual, plan)


def pacing(mtd_actual, plan_month, days_elapsed, days_in_month):
    """Month-to-date actual against the plan pro rata: mtd / (plan · days_elapsed / days_in_month).

    Parameters
    ----------
    mtd_actual : float, array-like or Series
        Month-to-date actual.
    plan_month : float, array-like or Series
        Plan for the whole month.
    days_elapsed, days_in_month : int, array-like or Series

    Returns
    -------
    float, ndarray or Series
        1.0 = on pace; NaN where the pro-rata plan is 0.

    Examples
    --------
    >>> float(pacing(50, 120, 10, 30))
    1.25
    """
    return _divide(mtd_actual, _divide(plan_month * days_elapsed, days_in_month))


def _future_index(s: pd.Series, horizon: int) -> pd.Index:
    """Index of the `horizon` periods after the end of `s`."""
    if isinstance(s.index, pd.PeriodIndex):
        return pd.period_range(s.index[-1] + 1, periods=horizon, freq="M")
    return pd.RangeIndex(len(s), len(s) + horizon)


def seasonal_naive(y, horizon: int, m: int = 12) -> pd.Series:
    """Seasonal naive forecast ŷ_{T+h} = y_{T+h−m(k+1)}, k = ⌊(h−1)/m⌋ (Hyndman & Athanasopoulos, FPP).

    Each future month repeats the same month of the last observed season.

    Parameters
    ----------
    y : Series with a monthly PeriodIndex, or array-like
        History, oldest first, at least `m` values (missing values carry into the forecast).
    horizon : int
        Number of periods to forecast.
    m : int, default 12
        Season length.

    Returns
    -------
    Series
        Forecast named "forecast", indexed by the next periods (or positions len(y), len(y)+1, …).

    Examples
    --------
    >>> seasonal_naive([1, 2, 3, 4, 5], horizon=3, m=2).tolist()
    [4.0, 5.0, 4.0]
    """
    s = _as_series(y)
    if len(s) < m:
        raise ValueError(f"seasonal naive needs at least m={m} observations, got {len(s)}")
    h = np.arange(1, horizon + 1)
    source = len(s) + h - m * ((h - 1) // m + 1) - 1  # zero-based position of y_{T+h−m(k+1)}
    return pd.Series(s.to_numpy()[source], index=_future_index(s, horizon), name="forecast")


@dataclass(frozen=True, eq=False)
class SESResult:
    """Simple exponential smoothing output.

    Attributes
    ----------
    fitted : Series
        One-step-ahead fitted values ŷ_t = ℓ_{t−1}, same index as the input.
    level : float
        Final level ℓ_T.
    forecast : Series
        ℓ_T for each of the next `horizon` periods.
    """

    fitted: pd.Series
    level: float
    forecast: pd.Series


def ses(y, alpha: float, initial_level: float | None = None, horizon: int = 1) -> SESResult:
    """Simple exponential smoothing with a known α and ℓ₀: ℓ_t = α·y_t + (1 − α)·ℓ_{t−1}.

    Matches statsmodels' ``SimpleExpSmoothing(y, initialization_method="known", initial_level=ℓ₀)
    .fit(smoothing_level=α, optimized=False)``. A missing y_t leaves the level unchanged.

    Parameters
    ----------
    y : Series or array-like
        History, oldest first.
    alpha : float
        Smoothing level in [0, 1].
    initial_level : float, optional
        ℓ₀; default the first observation.
    horizon : int, default 1

    Returns
    -------
    SESResult

    Examples
    --------
    >>> result = ses([100, 120, 110, 130], alpha=0.5, initial_level=100)
    >>> result.fitted.tolist(), result.level
    ([100.0, 100.0, 110.0, 110.0], 120.0)
    """
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha must lie in [0, 1], got {alpha}")
    s = _as_series(y)
    values = s.to_numpy()
    if initial_level is None:
        observed = values[~np.isnan(values)]
        if observed.size == 0:
            raise ValueError("no observation to start the level from; pass initial_level")
        initial_level = observed[0]
    level = float(initial_level)
    fitted = np.empty(values.size)
    for t, value in enumerate(values):  # a recursion: each level needs the previous one
        fitted[t] = level
        if not np.isnan(value):
            level = alpha * value + (1 - alpha) * level
    return SESResult(
        fitted=pd.Series(fitted, index=s.index, name="fitted"),
        level=float(level),
        forecast=pd.Series(level, index=_future_index(s, horizon), name="forecast"),
    )


def mase(actual, forecast, insample, m: int = 12) -> float:
    """Mean absolute scaled error: MAE of the forecast / in-sample MAE of the seasonal naive method.

    Parameters
    ----------
    actual, forecast : array-like or Series
        Out-of-sample actuals and forecasts, aligned by position; pairs with a missing value are skipped.
    insample : array-like or Series
        Training history, oldest first; the scale is mean |y_t − y_{t−m}| over it.
    m : int, default 12
        Season length (1 gives the non-seasonal naive scale).

    Returns
    -------
    float
        Below 1 beats the in-sample seasonal naive; NaN when the scale is 0.

    Raises
    ------
    ValueError
        If `insample` has no more than `m` values or actual and forecast differ in length.

    Examples
    --------
    >>> mase([3, 5], [4, 4], [1, 2, 3, 4], m=1)
    1.0
    """
    a, f = np.asarray(actual, dtype=float), np.asarray(forecast, dtype=float)
    history = np.asarray(insample, dtype=float)
    if a.shape != f.shape:
        raise ValueError(f"actual and forecast differ in shape: {a.shape} vs {f.shape}")
    if history.size <= m:
        raise ValueError(f"insample needs more than m={m} values, got {history.size}")
    scale = np.nanmean(np.abs(history[m:] - history[:-m]))
    error = np.nanmean(np.abs(a - f))
    return float(error / scale) if scale > 0 else float("nan")
