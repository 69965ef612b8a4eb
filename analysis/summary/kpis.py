"""The month's headline figures: the monthly series of a scope and its KPIs against plan (METHODS.md §7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.methods import forecast as fc
from analysis.summary.months import SEASON, period

MEASURES = ("revenue", "units")
TARGETS = {"revenue": "target_revenue", "units": "target_units"}
SERIES_COLUMNS = ["month", "revenue", "units", "target_revenue", "target_units"]


def _within(frame: pd.DataFrame, scope_province_id: str | None) -> pd.DataFrame:
    if not scope_province_id or frame is None or "region_id" not in frame:
        return frame
    return boundaries.within(frame, (scope_province_id,))


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
    sales = _within(sales, scope_province_id)
    actual = sales.groupby("month")[["revenue", "units"]].sum().astype(float)
    plan = plan if plan is not None else pd.DataFrame(columns=["region_id", "month", "target_revenue"])
    plan = plan.assign(**{c: np.nan for c in TARGETS.values() if c not in plan.columns})
    plan = _within(plan, scope_province_id) if len(plan) else plan
    target = plan.groupby("month")[list(TARGETS.values())].sum(min_count=1).astype(float)
    months = [m for m in (*actual.index, *target.index) if isinstance(m, str)]
    if not months:
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "month" else float) for c in SERIES_COLUMNS})
    every = pd.period_range(period(min(months)), period(max(months)), freq="M").strftime("%Y-%m")
    out = pd.DataFrame({"month": pd.array(every, dtype="str")})
    out = out.join(actual, on="month").join(target, on="month")
    if len(actual):
        inside = out["month"].between(actual.index.min(), actual.index.max())
        out.loc[inside, ["revenue", "units"]] = out.loc[inside, ["revenue", "units"]].fillna(0.0)
    return out[SERIES_COLUMNS].reset_index(drop=True)


def as_periods(series: pd.DataFrame, column: str) -> pd.Series:
    """One column of a monthly series as a float Series on a monthly PeriodIndex."""
    return pd.Series(series[column].to_numpy(dtype=float), index=pd.PeriodIndex(series["month"], freq="M"), name=column)


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

    def as_dict(self) -> dict[str, float]:
        """Every figure by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


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
    y = as_periods(series, measure)
    plan = as_periods(series, TARGETS[measure])
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
    p = period(month)
    days_in_month = p.days_in_month
    days_elapsed = days_in_month
    if as_of is not None and pd.Period(as_of, freq="M") == p:
        days_elapsed = as_of.day
    days = (days_elapsed, days_in_month)
    return KPIs(
        month=month,
        revenue=_measure_kpis(series, "revenue", p, days),
        units=_measure_kpis(series, "units", p, days),
        days_elapsed=days_elapsed,
        days_in_month=days_in_month,
    )
