"""The monthly executive summary: the month against plan, what moved, what changed, a short forecast.

Pure functions over the stored kinds (sales, plan, distributors, territories); `build_summary` puts
them together for the page, the CLI and the Excel/PDF report. Formulas: METHODS.md §7 (growth,
attainment, pacing, seasonal naive, MASE) and §8 (price rule).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.distributors import flags as distributors_module
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import region_label, t
from analysis.market.features import build_features
from analysis.market.scoring import ScoringConfig, score_regions
from analysis.methods import forecast as fc
from analysis.methods.tiers import classify_distributors

MEASURES = ("revenue", "units")
TARGETS = {"revenue": "target_revenue", "units": "target_units"}
SERIES_COLUMNS = ["month", "revenue", "units", "target_revenue", "target_units"]
SEASON = 12
HW_MIN_MONTHS = 24  # two full seasons: below this Holt-Winters cannot even initialise its seasonals
HOLDOUT = 6  # months held out to compare Holt-Winters with seasonal naive
BAND_Z = 1.2816  # two-sided 80 % normal interval
TIER_RANK = {"A": 3, "B": 2, "C": 1}
MOVER_GROUPS = ("gain_abs", "loss_abs", "gain_pct", "loss_pct")

Scorer = Callable[[dict[str, pd.DataFrame], str], pd.DataFrame]


# --------------------------------------------------------------------------------------------- months


def _period(month) -> pd.Period:
    """A 'YYYY-MM' text or Period as a monthly Period."""
    return pd.Period(month, freq="M")


def _shift(month: str, delta: int) -> str:
    return str(_period(month) + delta)


def latest_complete_month(sales: pd.DataFrame, today: dt.date | None = None) -> str | None:
    """The latest month of `sales` that has ended by `today`.

    A month equal to today's calendar month is still running, so the month before it is taken
    (when the data has one). Months after today (a clock behind the data) count as complete.

    Parameters
    ----------
    sales : DataFrame
        With a ``month`` column of "YYYY-MM" text.
    today : date, optional
        Default: the current date.

    Returns
    -------
    str or None
        "YYYY-MM", or None when there are no sales.

    Examples
    --------
    >>> s = pd.DataFrame({"month": ["2026-09", "2026-10", "2026-11"]})
    >>> latest_complete_month(s, dt.date(2026, 11, 27)), latest_complete_month(s, dt.date(2026, 12, 1))
    ('2026-10', '2026-11')
    """
    months = sorted(map(str, sales["month"].dropna().unique())) if "month" in sales else []
    if not months:
        return None
    running = str(pd.Period(today or dt.date.today(), freq="M"))
    if months[-1] == running and len(months) > 1:
        return months[-2]
    return months[-1]


def available_months(sales: pd.DataFrame) -> list[str]:
    """Months with sales rows, newest first."""
    return sorted(map(str, sales["month"].dropna().unique()), reverse=True)


# ----------------------------------------------------------------------------------- regions & scope


def _level_ids(region_ids: pd.Series, level: str) -> pd.Series:
    """Each region_id's ancestor (or itself) at `level`; NaN when it sits above that level."""
    regions = boundaries.load_regions()
    column = {"province": "province_id", "city": "city_id", "county": "region_id"}[level]
    if level == "county":
        regions = regions[regions["level"] == "county"]
    regions = regions.drop_duplicates("region_id", keep="last")
    return region_ids.map(pd.Series(regions[column].to_numpy(), index=regions["region_id"].to_numpy()))


def _in_scope(frame: pd.DataFrame, scope_province_id: str | None) -> pd.DataFrame:
    """Rows of `frame` (with region_id) inside the province, or all rows for the whole country."""
    if not scope_province_id:
        return frame
    return frame[_level_ids(frame["region_id"], "province").eq(scope_province_id).to_numpy()]


def _names(level: str) -> pd.DataFrame:
    return boundaries.load_regions(level)[["region_id", "name", "name_en", "province_id"]]


def _by_region(frame: pd.DataFrame, values: list[str], level: str) -> pd.DataFrame:
    """Sum `values` per region of `level` (index region_id); rows above the level are dropped."""
    ids = _level_ids(frame["region_id"], level)
    return frame[values].groupby(ids.to_numpy(), dropna=True).sum(min_count=1).rename_axis("region_id")


def scope_label(scope_province_id: str | None, lang: str) -> str:
    """The scope as a reader calls it: "全国" / "All of China", or the province name."""
    if not scope_province_id:
        return t("summary.scope.country", lang)
    row = _names("province").set_index("region_id").loc[scope_province_id]
    return region_label(row["name"], row["name_en"], lang)


# --------------------------------------------------------------------------------------- the series


def monthly_series(sales: pd.DataFrame, plan: pd.DataFrame, scope_province_id: str | None = None) -> pd.DataFrame:
    """Revenue, units and their targets per month, over the whole country or one province.

    Months between the first and the last month of either table all get a row. Inside the span of
    the sales, a month without sales rows counts as 0; after the last sales month the actuals are
    missing (plan only). A month without plan rows has a missing target.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, revenue, units.
    plan : DataFrame
        region_id, month, target_revenue, target_units (optional); may be empty.
    scope_province_id : str, optional
        Keep the regions of this province (adcode); None = the whole country.

    Returns
    -------
    DataFrame
        Columns month ("YYYY-MM"), revenue, units, target_revenue, target_units, oldest first.

    Raises
    ------
    ValueError
        If sales lack one of region_id, month, revenue, units.
    """
    missing = [c for c in ("region_id", "month", "revenue", "units") if c not in sales.columns]
    if missing:
        raise ValueError(f"sales are missing column(s) {missing}; columns are {list(sales.columns)}")
    sales = _in_scope(sales, scope_province_id)
    actual = sales.groupby("month")[["revenue", "units"]].sum().astype(float)
    plan = plan if plan is not None else pd.DataFrame(columns=["region_id", "month", "target_revenue"])
    plan = plan.assign(**{c: np.nan for c in TARGETS.values() if c not in plan.columns})
    plan = _in_scope(plan, scope_province_id) if len(plan) else plan
    target = plan.groupby("month")[list(TARGETS.values())].sum(min_count=1).astype(float)
    months = [m for m in (*actual.index, *target.index) if isinstance(m, str)]
    if not months:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "month" else float) for c in SERIES_COLUMNS})
    span = pd.period_range(_period(min(months)), _period(max(months)), freq="M").strftime("%Y-%m")
    out = pd.DataFrame({"month": pd.array(span, dtype="str")})
    out = out.join(actual, on="month").join(target, on="month")
    if len(actual):
        inside = out["month"].between(actual.index.min(), actual.index.max())
        out.loc[inside, ["revenue", "units"]] = out.loc[inside, ["revenue", "units"]].fillna(0.0)
    return out[SERIES_COLUMNS].reset_index(drop=True)


def _as_periods(series: pd.DataFrame, column: str) -> pd.Series:
    """One column of a monthly series as a float Series on a monthly PeriodIndex."""
    return pd.Series(series[column].to_numpy(dtype=float), index=pd.PeriodIndex(series["month"], freq="M"), name=column)


# ---------------------------------------------------------------------------------------------- KPIs


@dataclass(frozen=True)
class MeasureKPIs:
    """The month's figures for one measure (revenue or units); fractions, NaN where undefined.

    Attributes
    ----------
    actual, plan, attainment : the month, its target, actual / plan
    mom, yoy : growth on the month before and the same month last year
    change_mom, change_yoy : the same as absolute differences
    ytd, ytd_last_year, ytd_growth : Jan..month this year, the same months last year, their ratio − 1
    ytd_plan, ytd_attainment, ytd_gap : target Jan..month, ytd / ytd_plan, ytd − ytd_plan
    pacing : month-to-date actual / (plan · days elapsed / days in month); = attainment once the month is over
    year_plan, year_progress : the full year's target and ytd / year_plan
    """

    actual: float
    plan: float
    attainment: float
    mom: float
    yoy: float
    change_mom: float
    change_yoy: float
    ytd: float
    ytd_last_year: float
    ytd_growth: float
    ytd_plan: float
    ytd_attainment: float
    ytd_gap: float
    pacing: float
    year_plan: float
    year_progress: float


@dataclass(frozen=True)
class KPIs:
    """Headline figures of one month: revenue and units, and how far the month had run."""

    month: str
    revenue: MeasureKPIs
    units: MeasureKPIs
    days_elapsed: int
    days_in_month: int

    def measure(self, name: str) -> MeasureKPIs:
        return getattr(self, name)


def _sum_all(values: pd.Series) -> float:
    """Sum when every value is present, else NaN (a partial year is not a year)."""
    return float(values.sum()) if len(values) and values.notna().all() else float("nan")


def _measure_kpis(series: pd.DataFrame, measure: str, month: pd.Period, days: tuple[int, int]) -> MeasureKPIs:
    y = _as_periods(series, measure)
    plan = _as_periods(series, TARGETS[measure])
    ytd_months = pd.period_range(pd.Period(year=month.year, month=1, freq="M"), month, freq="M")
    year = pd.period_range(pd.Period(year=month.year, month=1, freq="M"), periods=12, freq="M")
    actual = float(y.get(month, np.nan))
    target = float(plan.get(month, np.nan))
    previous, last_year = float(y.get(month - 1, np.nan)), float(y.get(month - SEASON, np.nan))
    ytd, ytd_ly = _sum_all(y.reindex(ytd_months)), _sum_all(y.reindex(ytd_months - SEASON))
    ytd_plan, year_plan = _sum_all(plan.reindex(ytd_months)), _sum_all(plan.reindex(year))
    return MeasureKPIs(
        actual=actual,
        plan=target,
        attainment=float(fc.attainment(actual, target)),
        mom=float(fc.mom(y).get(month, np.nan)),
        yoy=float(fc.yoy(y).get(month, np.nan)),
        change_mom=actual - previous,
        change_yoy=actual - last_year,
        ytd=ytd,
        ytd_last_year=ytd_ly,
        ytd_growth=fc.ytd_growth(y, as_of=month) if month - SEASON in y.index else float("nan"),
        ytd_plan=ytd_plan,
        ytd_attainment=float(fc.attainment(ytd, ytd_plan)),
        ytd_gap=ytd - ytd_plan,
        pacing=float(fc.pacing(actual, target, days[0], days[1])),
        year_plan=year_plan,
        year_progress=float(fc.attainment(ytd, year_plan)),
    )


def kpis(series: pd.DataFrame, month: str, as_of: dt.date | None = None) -> KPIs:
    """Revenue and units of `month` against plan, last month, last year and year to date.

    Parameters
    ----------
    series : DataFrame
        From `monthly_series`.
    month : str
        "YYYY-MM".
    as_of : date, optional
        Today, for pacing a month that is still running; a month that has ended (or None) counts
        all its days, so its pacing equals its attainment.

    Returns
    -------
    KPIs

    Raises
    ------
    ValueError
        If `month` is not in `series`.

    Examples
    --------
    >>> s = pd.DataFrame({"month": ["2025-05", "2025-06"], "revenue": [100.0, 110.0], "units": [10.0, 11.0],
    ...                   "target_revenue": [100.0, 100.0], "target_units": [10.0, 10.0]})
    >>> k = kpis(s, "2025-06", as_of=dt.date(2025, 6, 15))
    >>> round(k.revenue.mom, 2), round(k.revenue.attainment, 2), round(k.revenue.pacing, 2)
    (0.1, 1.1, 2.2)
    """
    if month not in set(series["month"]):
        raise ValueError(f"month {month} is not in the series ({series['month'].min()} – {series['month'].max()})")
    period = _period(month)
    days_in_month = period.days_in_month
    days_elapsed = days_in_month
    if as_of is not None and pd.Period(as_of, freq="M") == period:
        days_elapsed = as_of.day
    days = (days_elapsed, days_in_month)
    return KPIs(
        month=month,
        revenue=_measure_kpis(series, "revenue", period, days),
        units=_measure_kpis(series, "units", period, days),
        days_elapsed=days_elapsed,
        days_in_month=days_in_month,
    )


# ------------------------------------------------------------------------------------------ forecast


@dataclass(frozen=True, eq=False)
class Forecast:
    """A short forecast and why its model was chosen.

    Attributes
    ----------
    values : DataFrame
        month, forecast, lower, upper (an approximate 80 % band).
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
    """MASE on the holdout; a training series with no seasonal change (scale 0) gives 0 for a perfect
    forecast and ∞ otherwise, so that the comparison still has an answer."""
    score = fc.mase(actual, predicted, train, m=SEASON)
    if np.isnan(score):
        return 0.0 if np.allclose(actual, predicted) else float("inf")
    return score


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
    each further season, FPP §5.5), of the fit residuals times √h for Holt-Winters.

    Parameters
    ----------
    series : DataFrame
        From `monthly_series`, ending with the last month to forecast from (later rows are ignored
        where the actual is missing).
    horizon : int, default 3
    measure : {"revenue", "units"}
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
    y = _as_periods(series, measure).dropna()
    if len(y) < SEASON:
        raise ValueError(f"a seasonal forecast needs at least {SEASON} months of {measure}, got {len(y)}")
    values = y.to_numpy()
    n = len(values)
    mase_sn = mase_hw = float("nan")
    if n >= HW_MIN_MONTHS and n - holdout >= HW_MIN_MONTHS:
        train, test = values[:-holdout], values[-holdout:]
        mase_sn = _holdout_mase(test, fc.seasonal_naive(train, holdout).to_numpy(), train)
        try:
            mase_hw = _holdout_mase(test, _holt_winters(train, holdout)[0], train)
        except (ValueError, np.linalg.LinAlgError):
            mase_hw = float("nan")
    model, reason = choose_model(n, mase_sn, mase_hw, holdout)
    h = np.arange(1, horizon + 1)
    if model == "holt_winters":
        point, sigma = _holt_winters(values, horizon)
        width = BAND_Z * sigma * np.sqrt(h)
    else:
        point = fc.seasonal_naive(y, horizon).to_numpy()
        if scale_by_ytd:
            growth = fc.ytd_growth(y)
            point = point * (1 + growth) if np.isfinite(growth) else point
        diffs = values[SEASON:] - values[:-SEASON]
        sigma = float(np.std(diffs, ddof=1)) if diffs.size > 1 else float("nan")
        width = BAND_Z * sigma * np.sqrt((h - 1) // SEASON + 1)
    months = pd.period_range(y.index[-1] + 1, periods=horizon, freq="M").strftime("%Y-%m")
    frame = pd.DataFrame(
        {
            "month": pd.array(months, dtype="str"),
            "forecast": point,
            "lower": np.maximum(point - width, 0.0),
            "upper": point + width,
        }
    )
    return Forecast(frame, model, reason, n, float(mase_sn), float(mase_hw), measure)


def forecast_reason(result: Forecast, lang: str) -> str:
    """The model and why, in one sentence."""
    return t(
        f"summary.forecast.reason.{result.reason}",
        lang,
        months=result.history_months,
        mase_sn=f"{result.mase_sn:.2f}",
        mase_hw=f"{result.mase_hw:.2f}",
    )


# -------------------------------------------------------------------------------- movers & regions


def _month_values(
    sales: pd.DataFrame, months: list[str], level: str, scope_province_id: str | None, value: str
) -> pd.DataFrame:
    """`value` per region of `level` (inside the scope) for each of `months`, zeros where nothing sold."""
    regions = _names(level)
    if scope_province_id:
        regions = regions[regions["province_id"] == scope_province_id]
    rows = sales[sales["month"].isin(months)]
    wide = (
        rows[[value]]
        .assign(region_id=_level_ids(rows["region_id"], level).to_numpy(), month=rows["month"].to_numpy())
        .pivot_table(index="region_id", columns="month", values=value, aggfunc="sum")
        .reindex(columns=months)
    )
    out = regions.drop(columns="province_id").join(wide, on="region_id")
    return out.fillna(dict.fromkeys(months, 0.0)).reset_index(drop=True)


def movers(
    sales: pd.DataFrame,
    month: str,
    level: str = "province",
    n: int = 5,
    *,
    scope_province_id: str | None = None,
    measure: str = "revenue",
    min_base_share: float = 0.005,
) -> pd.DataFrame:
    """The regions whose `measure` rose or fell most against the same month last year (YoY).

    Four groups: the `n` largest absolute gains and losses, and the `n` largest percentage gains and
    losses. The percentage groups only rank regions whose base (last year's month) is at least
    `min_base_share` of the scope's total base, so a region that sold almost nothing does not top
    them with +900 %.

    Parameters
    ----------
    sales : DataFrame
        region_id, month and `measure`.
    month : str
        "YYYY-MM".
    level : {"province", "city", "county"}
    n : int, default 5
    scope_province_id : str, optional
        Only regions inside this province.
    measure : {"revenue", "units"}
    min_base_share : float, default 0.005

    Returns
    -------
    DataFrame
        group (gain_abs / loss_abs / gain_pct / loss_pct), rank (1..n), region_id, name, name_en,
        value (this month), base (same month last year), change, change_pct; empty when the data
        has no sales in the same month last year.
    """
    base_month = _shift(month, -SEASON)
    columns = ["group", "rank", "region_id", "name", "name_en", "value", "base", "change", "change_pct"]
    if not (sales["month"] == base_month).any():  # no last year to move against
        return pd.DataFrame(columns=columns)
    wide = _month_values(sales, [month, base_month], level, scope_province_id, measure)
    table = wide.rename(columns={month: "value", base_month: "base"})
    table = table.assign(
        change=table["value"] - table["base"],
        change_pct=table["value"] / table["base"].where(table["base"] > 0) - 1,
    )
    eligible = table[table["base"] >= max(min_base_share * table["base"].sum(), np.finfo(float).tiny)]
    picks = {
        "gain_abs": table[table["change"] > 0].nlargest(n, "change"),
        "loss_abs": table[table["change"] < 0].nsmallest(n, "change"),
        "gain_pct": eligible[eligible["change_pct"] > 0].nlargest(n, "change_pct"),
        "loss_pct": eligible[eligible["change_pct"] < 0].nsmallest(n, "change_pct"),
    }
    parts = [part.assign(group=group, rank=np.arange(1, len(part) + 1)) for group, part in picks.items()]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def attainment_table(
    sales: pd.DataFrame,
    plan: pd.DataFrame,
    month: str,
    level: str = "province",
    scope_province_id: str | None = None,
) -> pd.DataFrame:
    """Per region: the month and the year to date against plan, and YoY, biggest plan first.

    Parameters
    ----------
    sales, plan : DataFrame
        As in `monthly_series`.
    month : str
    level : {"province", "city", "county"}
    scope_province_id : str, optional

    Returns
    -------
    DataFrame
        region_id, name, name_en, revenue, target_revenue, attainment, ytd_revenue, ytd_target,
        ytd_attainment, yoy; one row per region with sales or plan this year.
    """
    period = _period(month)
    ytd = pd.period_range(pd.Period(year=period.year, month=1, freq="M"), period, freq="M").strftime("%Y-%m")
    last_year = _shift(month, -SEASON)
    regions = _names(level)
    if scope_province_id:
        regions = regions[regions["province_id"] == scope_province_id]

    def summed(frame: pd.DataFrame, months, column: str) -> pd.Series:
        if frame is None or column not in frame or not len(frame):
            return pd.Series(dtype=float)
        rows = frame[frame["month"].isin(list(months))]
        return _by_region(rows, [column], level)[column]

    out = regions.drop(columns="province_id").set_index("region_id")
    out = out.assign(
        revenue=summed(sales, [month], "revenue"),
        target_revenue=summed(plan, [month], "target_revenue"),
        ytd_revenue=summed(sales, ytd, "revenue"),
        ytd_target=summed(plan, ytd, "target_revenue"),
        base=summed(sales, [last_year], "revenue"),
    ).fillna({"revenue": 0.0, "ytd_revenue": 0.0, "base": 0.0})
    out = out[(out["ytd_revenue"] > 0) | (out["ytd_target"] > 0)]
    out = out.assign(
        attainment=fc.attainment(out["revenue"], out["target_revenue"]),
        ytd_attainment=fc.attainment(out["ytd_revenue"], out["ytd_target"]),
        yoy=out["revenue"] / out["base"].where(out["base"] > 0) - 1,
    )
    columns = [
        "region_id",
        "name",
        "name_en",
        "revenue",
        "target_revenue",
        "attainment",
        "ytd_revenue",
        "ytd_target",
        "ytd_attainment",
        "yoy",
    ]
    return (
        out.reset_index()
        .sort_values(["target_revenue", "revenue"], ascending=False, na_position="last")[columns]
        .reset_index(drop=True)
    )


# ------------------------------------------------------------------------------------- what changed


def tier_migrations(prev_scored: pd.DataFrame, this_scored: pd.DataFrame) -> pd.DataFrame:
    """Regions whose tier, hold gate or whitespace changed between two scored tables.

    Parameters
    ----------
    prev_scored, this_scored : DataFrame
        One row per region with region_id and tier ("A", "B", "C" or "hold"); optional gate
        ("open"/"hold"; else read from the tier) and whitespace_units.

    Returns
    -------
    DataFrame
        region_id, tier_prev, tier_now, gate_prev, gate_now, whitespace_prev, whitespace_now,
        move ("up", "down" or ""), hold ("enter", "leave" or ""), new_whitespace (bool); only the
        regions where something changed. A region in only one table is compared with nothing
        (its previous or current values missing).

    Examples
    --------
    >>> prev = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["A", "C", "B"], "whitespace_units": [0, 5, 0]})
    >>> now = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["B", "C", "hold"], "whitespace_units": [9, 5, 0]})
    >>> tier_migrations(prev, now)[["region_id", "move", "hold", "new_whitespace"]].values.tolist()
    [['1', 'down', '', True], ['3', '', 'enter', False]]
    """

    def prepared(scored: pd.DataFrame) -> pd.DataFrame:
        tier = scored["tier"].astype("str")
        gate = scored["gate"].astype("str") if "gate" in scored else pd.Series(np.where(tier == "hold", "hold", "open"))
        whitespace = scored.get("whitespace_units", np.nan)
        return pd.DataFrame(
            {
                "region_id": scored["region_id"].astype("str").to_numpy(),
                "tier": tier.to_numpy(),
                "gate": np.asarray(gate, dtype=object),
                "whitespace": np.asarray(whitespace, dtype=float) * np.ones(len(scored)),
            }
        )

    both = prepared(prev_scored).merge(prepared(this_scored), on="region_id", how="outer", suffixes=("_prev", "_now"))
    rank_prev = both["tier_prev"].map(TIER_RANK).astype(float)
    rank_now = both["tier_now"].map(TIER_RANK).astype(float)
    same_gate = both["gate_prev"] == both["gate_now"]
    move = np.select([same_gate & (rank_now > rank_prev), same_gate & (rank_now < rank_prev)], ["up", "down"], "")
    hold = np.select(
        [
            (both["gate_prev"] != "hold") & (both["gate_now"] == "hold"),
            (both["gate_prev"] == "hold") & (both["gate_now"] != "hold"),
        ],
        ["enter", "leave"],
        "",
    )
    hold = np.where(both["gate_prev"].isna() | both["gate_now"].isna(), "", hold)
    new_whitespace = (both["whitespace_now"] > 0) & ~(both["whitespace_prev"] > 0)
    out = pd.DataFrame(
        {
            "region_id": both["region_id"],
            "tier_prev": both["tier_prev"],
            "tier_now": both["tier_now"],
            "gate_prev": both["gate_prev"],
            "gate_now": both["gate_now"],
            "whitespace_prev": both["whitespace_prev"],
            "whitespace_now": both["whitespace_now"],
            "move": pd.array(move, dtype="str"),
            "hold": pd.array(hold, dtype="str"),
            "new_whitespace": new_whitespace.to_numpy(dtype=bool),
        }
    )
    changed = (out["move"] != "") | (out["hold"] != "") | out["new_whitespace"]
    return out[changed.to_numpy()].sort_values("region_id").reset_index(drop=True)


def migration_counts(migrations: pd.DataFrame) -> dict[str, int]:
    """Counts of tier moves up and down, entries into and exits from hold, new whitespace."""
    return {
        "up": int((migrations["move"] == "up").sum()),
        "down": int((migrations["move"] == "down").sum()),
        "enter_hold": int((migrations["hold"] == "enter").sum()),
        "leave_hold": int((migrations["hold"] == "leave").sum()),
        "new_whitespace": int(migrations["new_whitespace"].sum()),
    }


def _ordered_months(sales: pd.DataFrame, month: str, window: int = 3) -> pd.Series:
    """Per distributor_id: months among the `window` ending with `month` with units sold."""
    months = [_shift(month, -k) for k in range(window)]
    rows = sales[sales["month"].isin(months) & (sales["units"] > 0)]
    rows = rows[rows["distributor_id"].notna() & (rows["distributor_id"] != "")]
    return rows.groupby("distributor_id")["month"].nunique()


def distributor_changes(sales: pd.DataFrame, distributors: pd.DataFrame, month: str) -> pd.DataFrame:
    """Active distributors whose class (METHODS.md §3.2) changed from the month before to `month`.

    "Ordered in a month" is read from the sales (a row with units under the distributor's id);
    SKU coverage comes from the distributor table. The previous month's class seeds the hysteresis
    band, as `classify_distributors` does from one period to the next.

    Parameters
    ----------
    sales : DataFrame
        With distributor_id, month, units.
    distributors : DataFrame
        distributor_id, name, status, skus_stocked, skus_total.
    month : str

    Returns
    -------
    DataFrame
        distributor_id, name, class_prev, class_now, rule; only the distributors whose class changed.
    """
    columns = ["distributor_id", "name", "class_prev", "class_now", "rule"]
    needed = {"distributor_id", "skus_stocked", "skus_total"}
    if distributors is None or distributors.empty or not needed <= set(distributors) or "distributor_id" not in sales:
        return pd.DataFrame(columns=columns)
    active = distributors
    if "status" in distributors:
        active = distributors[distributors["status"].fillna("active").eq("active").to_numpy()]
    ids = active["distributor_id"]
    frame = active.assign(
        ordered_prev=ids.map(_ordered_months(sales, _shift(month, -1))).fillna(0).to_numpy(),
        ordered_now=ids.map(_ordered_months(sales, month)).fillna(0).to_numpy(),
    )
    prev = classify_distributors(frame, ordered_col="ordered_prev")
    now = classify_distributors(
        frame.assign(class_prev=prev["class"]), ordered_col="ordered_now", previous_col="class_prev"
    )
    out = pd.DataFrame(
        {
            "distributor_id": frame["distributor_id"].to_numpy(),
            "name": frame["name"].to_numpy() if "name" in frame else "",
            "class_prev": prev["class"].to_numpy(),
            "class_now": now["class"].to_numpy(),
            "rule": now["rule"].to_numpy(),
        }
    )
    return out[out["class_prev"] != out["class_now"]].reset_index(drop=True)


def flag_counts(sales: pd.DataFrame, territories: pd.DataFrame | None, month: str) -> dict[str, int]:
    """Conflict and price flags raised by the sales of `month`, as the Distributors page counts them.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, revenue; distributor_id and product when present.
    territories : DataFrame, optional
        distributor_id, region_id; without it no sale can be outside a territory.
    month : str

    Returns
    -------
    dict
        ``conflict_flags``: distributors flagged for cross-territory selling in the month
        (`analysis.distributors.flags.cross_territory_flags`, METHODS.md §8 rule 1); ``price_flags``:
        county × product prices below the floor or robust low outliers among the province's peers
        (`analysis.distributors.flags.price_flags_from_sales`, rules 3–4).
    """
    rows = sales[sales["month"] == month]
    conflicts = 0
    if territories is not None and len(territories) and "distributor_id" in rows and len(rows):
        conflicts = int(distributors_module.cross_territory_flags(rows, territories, months=None)["flagged"].sum())
    prices = int(distributors_module.price_flags_from_sales(rows, months=None)["flagged"].sum()) if len(rows) else 0
    return {"conflict_flags": conflicts, "price_flags": prices}


@dataclass(frozen=True, eq=False)
class Changes:
    """What changed since the month before.

    Attributes
    ----------
    month, previous : str
    migrations : DataFrame or None
        From `tier_migrations`; None when no scoring was available.
    counts : dict
        Tier moves (when scored), distributor class changes, conflict and price flags (`flag_counts`;
        these two also for the previous month, under "<name>_prev").
    distributors : DataFrame
        From `distributor_changes`.
    scoring_note : str
        Text key saying why tier migrations are missing ("" when they are there).
    scoring_detail : str
        The error behind a failed scoring, shown with the note.
    """

    month: str
    previous: str
    migrations: pd.DataFrame | None
    counts: dict[str, int]
    distributors: pd.DataFrame
    scoring_note: str = ""
    scoring_detail: str = ""

    def scoring_text(self, lang: str) -> str:
        """Why tier migrations are missing, in `lang`; "" when they are there."""
        return t(self.scoring_note, lang, detail=self.scoring_detail) if self.scoring_note else ""


def what_changed(
    frames: dict[str, pd.DataFrame],
    month: str,
    *,
    scope_province_id: str | None = None,
    prev_scored: pd.DataFrame | None = None,
    this_scored: pd.DataFrame | None = None,
    scoring_note: str = "",
    scoring_detail: str = "",
) -> Changes:
    """Tier migrations (given two scored tables), distributor class changes and flag counts.

    Parameters
    ----------
    frames : dict of kind → DataFrame
        Needs sales; distributors and territories are used when present.
    month : str
    scope_province_id : str, optional
        Counts only inside this province (distributors seated there).
    prev_scored, this_scored : DataFrame, optional
        Scored tables of the previous month and this month (`tier_migrations`).
    scoring_note, scoring_detail : str
        Text key (and error text) shown instead of tier migrations when the scored tables are missing.

    Returns
    -------
    Changes
    """
    previous = _shift(month, -1)
    sales = _in_scope(frames["sales"], scope_province_id)
    distributors = frames.get("distributors")
    if distributors is not None and scope_province_id and "region_id" in distributors:
        distributors = _in_scope(distributors, scope_province_id)
    migrations = None
    counts: dict[str, int] = {}
    if prev_scored is not None and this_scored is not None:
        migrations = tier_migrations(prev_scored, this_scored)
        counts.update(migration_counts(migrations))
        regions = boundaries.load_regions().drop_duplicates("region_id", keep="first")[["region_id", "name", "name_en"]]
        migrations = regions.merge(migrations, on="region_id", how="right")
    has_previous = bool((frames["sales"]["month"] == previous).any())
    dist = distributor_changes(sales, distributors if has_previous else None, month)
    ranks = {"A": 3, "B": 2, "C": 1, "unclassified": 0}
    step = dist["class_now"].map(ranks).astype(float) - dist["class_prev"].map(ranks).astype(float)
    territories = frames.get("territories")
    counts.update({"distributor_up": int((step > 0).sum()), "distributor_down": int((step < 0).sum())})
    counts.update(flag_counts(sales, territories, month))
    counts.update({f"{key}_prev": value for key, value in flag_counts(sales, territories, previous).items()})
    note, detail = ("", "") if migrations is not None else (scoring_note, scoring_detail)
    return Changes(month, previous, migrations, counts, dist, note, detail)


# ------------------------------------------------------------------------------------------ narrative


def _region(row: pd.Series, lang: str) -> str:
    return region_label(row["name"], row["name_en"], lang)


def narrative(
    k: KPIs,
    movers_table: pd.DataFrame,
    changes: Changes | None,
    lang: str,
    *,
    forecast_result: Forecast | None = None,
) -> list[str]:
    """Three to five key points written from the numbers by fixed templates.

    The order is fixed: the month against plan, the year to date, the biggest movers, tier moves and
    flags (when there are any), the forecast, and last what to do next; with more than five, the
    middle ones are dropped from the end so that the next step always closes the list.

    Parameters
    ----------
    k : KPIs
    movers_table : DataFrame
        From `movers`.
    changes : Changes, optional
    lang : {"zh", "en"}
    forecast_result : Forecast, optional

    Returns
    -------
    list of str
    """
    r = k.revenue
    money = lambda v: fmt(v, "money", lang)  # noqa: E731
    pct = lambda v: fmt(v, "growth", lang)  # noqa: E731
    points: list[str] = []
    if np.isfinite(r.plan):
        points.append(
            t(
                "summary.story.month",
                lang,
                month=k.month,
                revenue=money(r.actual),
                attainment=fmt(r.attainment, "share", lang),
                yoy=pct(r.yoy),
                mom=pct(r.mom),
            )
        )
    else:
        points.append(
            t(
                "summary.story.month_no_plan",
                lang,
                month=k.month,
                revenue=money(r.actual),
                yoy=pct(r.yoy),
                mom=pct(r.mom),
            )
        )
    if np.isfinite(r.ytd_plan):
        key = "summary.story.ytd_ahead" if r.ytd_gap >= 0 else "summary.story.ytd_behind"
        points.append(
            t(
                key,
                lang,
                ytd=money(r.ytd),
                growth=pct(r.ytd_growth),
                attainment=fmt(r.ytd_attainment, "share", lang),
                gap=money(abs(r.ytd_gap)),
            )
        )
    else:
        points.append(t("summary.story.ytd_no_plan", lang, ytd=money(r.ytd), growth=pct(r.ytd_growth)))

    gains = movers_table[movers_table["group"] == "gain_abs"]
    losses = movers_table[movers_table["group"] == "loss_abs"]
    middle: list[str] = []
    if len(gains) and len(losses):
        up, down = gains.iloc[0], losses.iloc[0]
        middle.append(
            t(
                "summary.story.movers",
                lang,
                up=_region(up, lang),
                up_change=signed_amount(up["change"], "revenue", lang),
                up_pct=pct(up["change_pct"]),
                down=_region(down, lang),
                down_change=signed_amount(down["change"], "revenue", lang),
                down_pct=pct(down["change_pct"]),
            )
        )
    elif len(gains) or len(losses):
        row = (gains if len(gains) else losses).iloc[0]
        key = "summary.story.movers_up_only" if len(gains) else "summary.story.movers_down_only"
        change = signed_amount(row["change"], "revenue", lang)
        middle.append(t(key, lang, region=_region(row, lang), change=change, pct=pct(row["change_pct"])))
    if changes is not None:
        c = changes.counts
        tier_keys = ("up", "down", "enter_hold", "leave_hold", "new_whitespace")
        if changes.migrations is not None and any(c[key] for key in tier_keys):
            middle.append(
                t(
                    "summary.story.tiers",
                    lang,
                    up=c["up"],
                    down=c["down"],
                    enter=c["enter_hold"],
                    leave=c["leave_hold"],
                    whitespace=c["new_whitespace"],
                )
            )
        flag_keys = ("distributor_up", "distributor_down", "conflict_flags", "price_flags")
        if any(c[key] for key in flag_keys):
            middle.append(
                t(
                    "summary.story.flags",
                    lang,
                    dist_up=c["distributor_up"],
                    dist_down=c["distributor_down"],
                    conflicts=c["conflict_flags"],
                    price=c["price_flags"],
                )
            )
    if forecast_result is not None and len(forecast_result.values):
        middle.append(
            t(
                "summary.story.forecast",
                lang,
                months=len(forecast_result.values),
                total=money(forecast_result.values["forecast"].sum()),
                model=t(f"summary.model.{forecast_result.model}", lang),
            )
        )

    laggards = movers_table[movers_table["group"] == "loss_abs"].head(2)
    names = ("、" if lang == "zh" else " and ").join(_region(row, lang) for _, row in laggards.iterrows())
    if np.isfinite(r.ytd_gap) and r.ytd_gap < 0:
        key = "summary.story.next_behind" if names else "summary.story.next_behind_plain"
        action = t(key, lang, gap=money(-r.ytd_gap), regions=names)
    elif names:
        action = t("summary.story.next_ahead_watch", lang, regions=names)
    else:
        action = t("summary.story.next_ahead", lang)
    return [*points, *middle][:4] + [action]  # noqa: RUF005 (reads as: at most four, then the action)


# --------------------------------------------------------------------------------------- everything


def _until(frames: dict[str, pd.DataFrame], month: str) -> dict[str, pd.DataFrame]:
    """The frames as they stood at the end of `month`: monthly kinds cut after it."""
    return {
        kind: frame[frame["month"] <= month] if kind in ("sales", "plan") and "month" in frame else frame
        for kind, frame in frames.items()
    }


def score_month(frames: dict[str, pd.DataFrame], month: str, level: str = "city", config=None) -> pd.DataFrame:
    """Market scoring (`analysis.scoring`) of the regions of `level` as of the end of `month`.

    Parameters
    ----------
    frames : dict of kind → DataFrame
    month : str
        Sales after this month are left out, so the features' "latest month" is `month`.
    level : {"city", "county", "province"}, default "city"
    config : ScoringConfig, optional
        Default: `ScoringConfig()`.

    Returns
    -------
    DataFrame
        The scored table of `score_regions`.
    """
    features = build_features(_until(frames, month), level)
    return score_regions(features, config or ScoringConfig())


@dataclass(frozen=True, eq=False)
class Summary:
    """Everything the page, the CLI and the reports show for one month and scope.

    Attributes
    ----------
    month : str
    scope_id : str or None
        Province adcode, None for the whole country.
    level : str
        The breakdown level: province for the country, city inside a province.
    series : DataFrame
        `monthly_series` up to `month` (plan-only months after it dropped).
    kpis : KPIs
    forecast : Forecast or None
        None with fewer than 12 months of history.
    movers : DataFrame
    attainment : DataFrame
    changes : Changes
    is_demo : bool
    span : (str, str)
        First and last month with sales.
    """

    month: str
    scope_id: str | None
    level: str
    series: pd.DataFrame
    kpis: KPIs
    forecast: Forecast | None
    movers: pd.DataFrame
    attainment: pd.DataFrame
    changes: Changes
    is_demo: bool = False
    span: tuple[str, str] = ("", "")

    def scope_name(self, lang: str) -> str:
        return scope_label(self.scope_id, lang)


def build_summary(
    frames: dict[str, pd.DataFrame],
    month: str | None = None,
    scope_province_id: str | None = None,
    *,
    is_demo: bool = False,
    today: dt.date | None = None,
    scorer: Scorer | None = score_month,
    horizon: int = 3,
) -> Summary:
    """The whole monthly summary for `month` (default: the latest complete month).

    Parameters
    ----------
    frames : dict of kind → DataFrame
        At least sales; plan, distributors and territories when available.
    month : str, optional
        "YYYY-MM".
    scope_province_id : str, optional
        A province adcode; None = the whole country.
    is_demo : bool
        Whether the frames are the built-in demo data (labelled in the reports).
    today : date, optional
        For the latest complete month and for pacing a running month.
    scorer : callable or None, default `score_month`
        ``scorer(frames, month) -> scored table`` (region_id, tier, gate, whitespace_units) as of the
        end of `month`; tier migrations compare this month's table with the previous month's. None
        leaves tier migrations out.
    horizon : int, default 3

    Returns
    -------
    Summary

    Raises
    ------
    ValueError
        If there are no sales, or `month` has none (the message names the months available).
    """
    sales = frames.get("sales")
    if sales is None or sales.empty:
        raise ValueError("there are no sales to summarise")
    months = available_months(sales)
    month = month or latest_complete_month(sales, today)
    if month not in months:
        raise ValueError(f"no sales in {month}; sales cover {months[-1]} – {months[0]}")
    plan = frames.get("plan")
    series = monthly_series(sales, plan, scope_province_id)
    history = series[series["month"] <= month].reset_index(drop=True)
    level = "city" if scope_province_id else "province"
    k = kpis(history, month, as_of=today)
    try:
        outlook = forecast(history, horizon)
    except ValueError:
        outlook = None
    prev_scored = this_scored = None
    note, detail = "summary.changed.no_scoring", ""
    if _shift(month, -1) not in months:
        note, scorer = "summary.changed.no_previous", None
    if scorer is not None:
        try:
            prev_scored = scorer(frames, _shift(month, -1))
            this_scored = scorer(frames, month)
            if scope_province_id:
                prev_scored = _in_scope(prev_scored, scope_province_id)
                this_scored = _in_scope(this_scored, scope_province_id)
        except (ValueError, KeyError) as exc:  # a scoring problem must not take the summary down
            prev_scored = this_scored = None
            note, detail = "summary.changed.scoring_failed", str(exc)
    changes = what_changed(
        frames,
        month,
        scope_province_id=scope_province_id,
        prev_scored=prev_scored,
        this_scored=this_scored,
        scoring_note=note,
        scoring_detail=detail,
    )
    return Summary(
        month=month,
        scope_id=scope_province_id,
        level=level,
        series=history,
        kpis=k,
        forecast=outlook,
        movers=movers(sales, month, level, scope_province_id=scope_province_id),
        attainment=attainment_table(sales, plan, month, level, scope_province_id),
        changes=changes,
        is_demo=is_demo,
        span=(months[-1], months[0]),
    )


def kpi_rows(k: KPIs, lang: str) -> pd.DataFrame:
    """The KPIs as a table for reports: one row per figure, a column per measure (raw numbers)."""
    fields = [
        ("actual", "money"),
        ("plan", "money"),
        ("attainment", "pct"),
        ("mom", "growth"),
        ("yoy", "growth"),
        ("ytd", "money"),
        ("ytd_last_year", "money"),
        ("ytd_growth", "growth"),
        ("ytd_plan", "money"),
        ("ytd_attainment", "pct"),
        ("pacing", "pct"),
        ("year_progress", "pct"),
    ]
    rows = []
    for name, kind in fields:
        rows.append(
            {
                "key": name,
                "kind": kind,
                "label": t(f"summary.kpi.{name}", lang),
                "revenue": getattr(k.revenue, name),
                "units": getattr(k.units, name),
            }
        )
    return pd.DataFrame(rows)


def format_kpi(value: float, kind: str, measure: str, lang: str) -> str:
    """One KPI value as text: money (¥, 万/亿) or units, a share, or a signed growth rate."""
    if kind in ("pct", "growth"):
        return fmt(value, "share", lang)
    return fmt(value, "money", lang) if measure == "revenue" else fmt(value, "count", lang)


def signed_amount(value: float, measure: str, lang: str) -> str:
    """A change with its sign in front of the currency: +¥1.2万, −¥3,400, +120.

    >>> signed_amount(-12_000, "revenue", "zh"), signed_amount(120, "units", "en")
    ('-¥1.2万', '+120')
    """
    if value is None or not np.isfinite(value):
        return "–"
    text = fmt(abs(value), "money", lang) if measure == "revenue" else fmt(abs(value), "count", lang)
    return ("-" if value < 0 else "+") + text
