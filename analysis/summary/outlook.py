"""The short forecast: seasonal naive by default, Holt-Winters only where it earns it (METHODS.md §7).

The same forecast gives the monthly summary its outlook and a promotion its baseline (what the
months before it say the promotion months would have brought).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.i18n import Text
from analysis.methods import forecast as fc
from analysis.summary.kpis import as_periods
from analysis.summary.months import SEASON

HW_MIN_MONTHS = 24  # two full seasons: below this Holt-Winters cannot even initialise its seasonals
HOLDOUT = 6  # months held out to compare Holt-Winters with seasonal naive
BAND_Z = 1.2816  # two-sided 80 % normal interval
BAND_LEVEL = 0.80


@dataclass(frozen=True, eq=False)
class Forecast:
    """A short forecast and why its model was chosen.

    Attributes
    ----------
    values : DataFrame
        month, forecast, lower, upper (an approximate 80 % band), sigma (the σ behind the band).
    model : {"seasonal_naive", "holt_winters"}
    reason : str
        "short_history", "short_holdout", "hw_failed", "sn_better" or "hw_better".
    history_months : int
    mase_sn, mase_hw : float
        MASE of each model on the holdout (NaN when not evaluated).
    measure : str
    """

    values: pd.DataFrame
    model: str
    reason: str
    history_months: int
    mase_sn: float = float("nan")
    mase_hw: float = float("nan")
    measure: str = "revenue"

    def reason_text(self) -> Text:
        """The model and why, as a catalog text."""
        return Text(
            f"summary.forecast.reason.{self.reason}",
            months=self.history_months,
            mase_sn=f"{self.mase_sn:.2f}",
            mase_hw=f"{self.mase_hw:.2f}",
        )

    def model_text(self) -> Text:
        return Text(f"summary.model.{self.model}")


def choose_model(history_months: int, mase_sn: float, mase_hw: float, holdout: int = HOLDOUT) -> tuple[str, str]:
    """The rule: Holt-Winters only with ≥ 24 months of history and only when it beats seasonal naive.

    Parameters
    ----------
    history_months : int
        Months of history before the forecast.
    mase_sn, mase_hw : float
        Holdout MASE of seasonal naive and Holt-Winters (NaN = not available).
    holdout : int
        Holdout length; the holdout fit needs 24 months of its own.

    Returns
    -------
    (model, reason)

    Examples
    --------
    >>> choose_model(20, 0.9, 0.5)
    ('seasonal_naive', 'short_history')
    >>> choose_model(36, 0.9, 0.5), choose_model(36, 0.5, 0.9)
    (('holt_winters', 'hw_better'), ('seasonal_naive', 'sn_better'))
    """
    if history_months < HW_MIN_MONTHS:
        return "seasonal_naive", "short_history"
    if history_months - holdout < HW_MIN_MONTHS:
        return "seasonal_naive", "short_holdout"
    if np.isnan(mase_hw):
        return "seasonal_naive", "hw_failed"
    if not mase_hw < mase_sn:  # a tie, or seasonal naive unscored, keeps the benchmark
        return "seasonal_naive", "sn_better"
    return "holt_winters", "hw_better"


def _holt_winters(y: np.ndarray, horizon: int) -> tuple[np.ndarray, float]:
    """Damped additive trend, multiplicative season (additive if any value ≤ 0); forecast and residual sd."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    seasonal = "mul" if (y > 0).all() else "add"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; a bad fit shows up in the holdout MASE
        fit = ExponentialSmoothing(
            y,
            trend="add",
            damped_trend=True,
            seasonal=seasonal,
            seasonal_periods=SEASON,
            initialization_method="estimated",
        ).fit()
    values = np.asarray(fit.forecast(horizon), dtype=float)
    if not np.isfinite(values).all():
        raise ValueError("Holt-Winters produced a non-finite forecast")
    return values, float(np.std(y - np.asarray(fit.fittedvalues, dtype=float), ddof=1))


def _holdout_mase(actual: np.ndarray, predicted: np.ndarray, train: np.ndarray) -> float:
    """MASE on the holdout.

    A training series with no seasonal change (scale 0) gives 0 for a perfect forecast and ∞ otherwise, so that the
    comparison still has an answer.
    """
    score = fc.mase(actual, predicted, train, m=SEASON)
    if np.isnan(score):
        return 0.0 if np.allclose(actual, predicted) else float("inf")
    return score


def _rmse(actual: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(actual) - np.asarray(predicted)) ** 2)))


def forecast(
    series: pd.DataFrame,
    horizon: int = 3,
    measure: str = "revenue",
    *,
    holdout: int = HOLDOUT,
    scale_by_ytd: bool = False,
) -> Forecast:
    """Forecast the next `horizon` months of `measure` after the last month with actuals.

    Seasonal naive by default (ŷ = the same month last year). Holt-Winters
    (statsmodels ``ExponentialSmoothing``) replaces it only with ≥ 24 months of history and only when
    its MASE on the last `holdout` months, fitted without them, beats seasonal naive's (`choose_model`).
    The band is ±1.28 σ (≈ 80 %): σ of the seasonal differences for seasonal naive (widening with
    each further season, FPP §5.5), of the fit residuals times √h for Holt-Winters — and never less
    than the chosen model's RMSE on the holdout, where there was one (in-sample residuals flatter a
    model; its errors on months it did not see do not).

    Parameters
    ----------
    series : DataFrame
        With month and `measure` (e.g. from `monthly_series`), ending with the last month to forecast
        from (later rows are ignored where the actual is missing).
    horizon : int, default 3
    measure : str, default "revenue"
        The column to forecast.
    holdout : int, default 6
    scale_by_ytd : bool, default False
        Multiply the seasonal-naive values by this year's YTD growth (METHODS.md §7 example).

    Returns
    -------
    Forecast

    Raises
    ------
    ValueError
        With fewer than 12 months of actuals.
    """
    y = as_periods(series, measure).dropna()
    if len(y) < SEASON:
        raise ValueError(f"a seasonal forecast needs at least {SEASON} months of {measure}, got {len(y)}")
    values = y.to_numpy()
    n = len(values)
    mase_sn = mase_hw = float("nan")
    rmse = {"seasonal_naive": 0.0, "holt_winters": 0.0}  # the models' errors on the holdout (0: not tried)
    if n >= HW_MIN_MONTHS and n - holdout >= HW_MIN_MONTHS:
        train, test = values[:-holdout], values[-holdout:]
        naive = fc.seasonal_naive(train, holdout).to_numpy()
        mase_sn, rmse["seasonal_naive"] = _holdout_mase(test, naive, train), _rmse(test, naive)
        try:
            fitted = _holt_winters(train, holdout)[0]
            mase_hw, rmse["holt_winters"] = _holdout_mase(test, fitted, train), _rmse(test, fitted)
        except (ValueError, np.linalg.LinAlgError):
            mase_hw = float("nan")
    model, reason = choose_model(n, mase_sn, mase_hw, holdout)
    h = np.arange(1, horizon + 1)
    if model == "holt_winters":
        point, sigma = _holt_winters(values, horizon)
        spread = sigma * np.sqrt(h)
    else:
        point = fc.seasonal_naive(y, horizon).to_numpy()
        if scale_by_ytd:
            growth = fc.ytd_growth(y)
            point = point * (1 + growth) if np.isfinite(growth) else point
        diffs = values[SEASON:] - values[:-SEASON]
        sigma = float(np.std(diffs, ddof=1)) if diffs.size > 1 else float("nan")
        spread = sigma * np.sqrt((h - 1) // SEASON + 1)
    spread = np.maximum(spread, rmse[model])  # never narrower than the model's own holdout errors
    months = pd.period_range(y.index[-1] + 1, periods=horizon, freq="M").strftime("%Y-%m")
    frame = pd.DataFrame(
        {
            "month": pd.array(months, dtype="str"),
            "forecast": point,
            "lower": np.maximum(point - BAND_Z * spread, 0.0),
            "upper": point + BAND_Z * spread,
            "sigma": spread,
        }
    )
    return Forecast(frame, model, reason, n, float(mase_sn), float(mase_hw), measure)
