"""Figures for the Overview page: what data is loaded and the headline numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.geo import boundaries
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
    counties = set(boundaries.load_regions("county")["region_id"])
    rows = []
    for kind in KINDS:
        frame = dataset.get(kind)
        if frame is None:
            frame = pd.DataFrame()
        covered = set(frame["region_id"].dropna()) & counties if "region_id" in frame else set()
        rows.append(
            {
                "kind": kind,
                "version": (versions or {}).get(kind),
                "rows": len(frame),
                "span": _period_span(frame),
                "regions": len(covered),
                "coverage": len(covered) / len(counties),
            }
        )
    return pd.DataFrame(rows)


def _shift_month(month: str, delta: int) -> str:
    period = pd.Period(month, freq="M") + delta
    return str(period)


@dataclass(frozen=True)
class Headline:
    last_month: str | None
    revenue_12m: float
    units_12m: float
    revenue_yoy: float
    units_yoy: float
    regions_with_sales: int


def headline_kpis(sales: pd.DataFrame) -> Headline:
    """Last-12-months revenue and units, their YoY change, and counties with sales.

    YoY compares the 12 months ending with the latest month to the 12 months before;
    it is NaN when the earlier window has no sales.
    """
    if sales.empty:
        return Headline(None, 0.0, 0.0, float("nan"), float("nan"), 0)
    last = str(sales["month"].max())
    start = _shift_month(last, -11)
    prev_start, prev_end = _shift_month(last, -23), _shift_month(last, -12)
    recent = sales[sales["month"].between(start, last)]
    before = sales[sales["month"].between(prev_start, prev_end)]

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


def sales_by_region(sales: pd.DataFrame, level: str, province_id: str | None = None) -> pd.DataFrame:
    """Revenue and units of the last 12 months per region of `level`, with YoY.

    Every region of the level (inside `province_id` when given) gets a row, so regions
    without sales show as zero rather than vanishing from the map.
    """
    regions = boundaries.load_regions(level)
    if province_id:
        regions = regions[regions["province_id"] == province_id]
    out = regions[["region_id", "name", "name_en", "province_id"]].copy()
    if sales.empty:
        return out.assign(revenue=0.0, units=0.0, revenue_prev=0.0, yoy=np.nan)
    last = str(sales["month"].max())
    window = {
        "now": (_shift_month(last, -11), last),
        "prev": (_shift_month(last, -23), _shift_month(last, -12)),
    }
    to_level = boundaries.rollup_ids(level)
    tagged = sales.assign(target=sales["region_id"].map(to_level))
    parts = {}
    for name, (lo, hi) in window.items():
        part = tagged[tagged["month"].between(lo, hi)]
        parts[name] = part.groupby("target")[["revenue", "units"]].sum()
    merged = (
        out.merge(parts["now"], left_on="region_id", right_index=True, how="left")
        .merge(
            parts["prev"][["revenue"]].rename(columns={"revenue": "revenue_prev"}),
            left_on="region_id",
            right_index=True,
            how="left",
        )
        .fillna({"revenue": 0.0, "units": 0.0, "revenue_prev": 0.0})
    )
    return merged.assign(
        yoy=np.where(
            merged["revenue_prev"] > 0,
            merged["revenue"] / merged["revenue_prev"].where(merged["revenue_prev"] > 0) - 1,
            np.nan,
        )
    ).reset_index(drop=True)
