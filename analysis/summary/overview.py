"""Figures for the Overview page: what data is loaded and the headline numbers."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.geo import boundaries
from analysis.market.features import sales_windows
from analysis.schemas import KINDS


def _period_span(frame: pd.DataFrame) -> str:
    for column in ("month", "year"):
        if column in frame and frame[column].notna().any():
            values = frame[column].dropna()
            return f"{values.min()} – {values.max()}"
    return ""


def dataset_status(dataset: dict[str, pd.DataFrame], versions: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per kind: version, rows, time span, counties covered and their share.

    Parameters
    ----------
    dataset : dict of kind -> DataFrame in stored columns
    versions : dict of kind -> version number, optional (None for demo data)

    Returns
    -------
    DataFrame with kind, version, rows, span, regions, coverage.
    """
    counties = pd.Index(boundaries.load_regions("county")["region_id"])
    rows = []
    for kind in KINDS:
        frame = dataset.get(kind)
        if frame is None:
            frame = pd.DataFrame()
        covered = counties.isin(frame["region_id"].dropna().unique()).sum() if "region_id" in frame else 0
        rows.append(
            {
                "kind": kind,
                "version": (versions or {}).get(kind),
                "rows": len(frame),
                "span": _period_span(frame),
                "regions": int(covered),
                "coverage": covered / len(counties),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Headline:
    last_month: str | None
    revenue_12m: float
    units_12m: float
    revenue_yoy: float
    units_yoy: float
    regions_with_sales: int


def headline_kpis(sales: pd.DataFrame, scope=()) -> Headline:
    """Last-12-months revenue and units, their YoY change, and regions with sales, inside `scope`.

    YoY compares the 12 months ending with the latest month to the 12 months before; it is NaN (no
    arrow) when the earlier window has no sales. Every stored row counts, whatever its level.

    Parameters
    ----------
    sales : DataFrame
        Stored sales rows.
    scope : tuple of str
        Province adcodes (empty = all of China).
    """
    if sales.empty:
        return Headline(None, 0.0, 0.0, float("nan"), float("nan"), 0)
    prev_start, start, last = sales_windows(str(sales["month"].max()))
    sales = boundaries.within(sales, scope)
    recent = sales[sales["month"].between(start, last)]
    before = sales[(sales["month"] >= prev_start) & (sales["month"] < start)]

    def growth(now: float, then: float) -> float:
        return now / then - 1 if then else float("nan")

    rev, units = float(recent["revenue"].sum()), float(recent["units"].sum())
    return Headline(
        last_month=last,
        revenue_12m=rev,
        units_12m=units,
        revenue_yoy=growth(rev, float(before["revenue"].sum())),
        units_yoy=growth(units, float(before["units"].sum())),
        regions_with_sales=int(recent.loc[recent["units"] > 0, "region_id"].nunique()),
    )
