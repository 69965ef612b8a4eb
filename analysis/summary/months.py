"""The summary's one month window: the latest complete month, shifts, the year to date, the 24-month trend."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.market.features import sales_windows

SEASON = 12  # months in a seasonal cycle
TREND_MONTHS = 24  # what the trend shows: the 24 months that end with the summary's month


def period(month) -> pd.Period:
    """A "YYYY-MM" text (or a Period) as a monthly Period."""
    return pd.Period(month, freq="M")


def shift(month: str, delta: int) -> str:
    """The month `delta` months after `month` (before, when negative).

    >>> shift("2026-01", -1), shift("2026-10", 12)
    ('2025-12', '2027-10')
    """
    return str(period(month) + delta)


def span(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included ([] when `last` is before `first`).

    >>> span("2025-11", "2026-02")
    ['2025-11', '2025-12', '2026-01', '2026-02']
    """
    return [str(p) for p in pd.period_range(period(first), period(last), freq="M")]


def year_to_date(month: str) -> list[str]:
    """January to `month` of its year.

    >>> year_to_date("2026-03")
    ['2026-01', '2026-02', '2026-03']
    """
    return span(f"{period(month).year}-01", month)


def trend_start(month: str) -> str:
    """The first month of the 24-month trend that ends with `month` (the market features' two-year window).

    >>> trend_start("2026-10")
    '2024-11'
    """
    return sales_windows(month)[0]


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
    months = available_months(sales)[::-1] if "month" in sales else []
    if not months:
        return None
    running = str(pd.Period(today or dt.date.today(), freq="M"))
    if months[-1] == running and len(months) > 1:
        return months[-2]
    return months[-1]


def available_months(sales: pd.DataFrame) -> list[str]:
    """Months with sales rows, newest first."""
    return sorted(map(str, sales["month"].dropna().unique()), reverse=True)
