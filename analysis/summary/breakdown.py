"""The month by region: who moved most on last year, and each region against its plan."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.methods import forecast as fc
from analysis.summary.months import SEASON, shift, year_to_date

MOVER_GROUPS = ("gain_abs", "loss_abs", "gain_pct", "loss_pct")
MOVER_COLUMNS = ["group", "rank", "region_id", "name", "name_en", "value", "base", "change", "change_pct"]
ATTAINMENT_COLUMNS = [
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


def regions_of(level: str, scope_province_id: str | None) -> pd.DataFrame:
    """region_id, name, name_en of every region of `level` (inside the province when given)."""
    regions = boundaries.load_regions(level)
    if scope_province_id:
        regions = regions[regions["province_id"] == scope_province_id]
    return regions[["region_id", "name", "name_en"]].reset_index(drop=True)


def by_region(frame: pd.DataFrame | None, months, column: str, level: str) -> pd.Series:
    """`column` summed per region of `level` over `months` (the one region roll-up); empty without data."""
    if frame is None or column not in frame or not len(frame):
        return pd.Series(dtype=float)
    rows = frame[frame["month"].isin(list(months)).to_numpy()]
    ids = rows["region_id"].map(boundaries.rollup_ids(level))
    return rows[column].astype(float).groupby(ids.to_numpy(), dropna=True).sum(min_count=1).rename_axis("region_id")


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
    base_month = shift(month, -SEASON)
    if not (sales["month"] == base_month).any():  # no last year to move against
        return pd.DataFrame(columns=MOVER_COLUMNS)
    table = regions_of(level, scope_province_id).set_index("region_id")
    table = table.assign(
        value=by_region(sales, [month], measure, level), base=by_region(sales, [base_month], measure, level)
    ).fillna({"value": 0.0, "base": 0.0})
    table = table.reset_index().assign(
        change=lambda f: f["value"] - f["base"],
        change_pct=lambda f: f["value"] / f["base"].where(f["base"] > 0) - 1,
    )
    eligible = table[table["base"] >= max(min_base_share * table["base"].sum(), np.finfo(float).tiny)]
    picks = {
        "gain_abs": table[table["change"] > 0].nlargest(n, "change"),
        "loss_abs": table[table["change"] < 0].nsmallest(n, "change"),
        "gain_pct": eligible[eligible["change_pct"] > 0].nlargest(n, "change_pct"),
        "loss_pct": eligible[eligible["change_pct"] < 0].nsmallest(n, "change_pct"),
    }
    parts = [part.assign(group=group, rank=np.arange(1, len(part) + 1)) for group, part in picks.items()]
    return pd.concat(parts, ignore_index=True)[MOVER_COLUMNS]


def attainment_table(
    sales: pd.DataFrame,
    plan: pd.DataFrame | None,
    month: str,
    level: str = "province",
    scope_province_id: str | None = None,
) -> pd.DataFrame:
    """Per region: the month and the year to date against plan, and YoY, biggest plan first.

    Parameters
    ----------
    sales, plan : DataFrame
        As in `analysis.summary.kpis.monthly_series`.
    month : str
    level : {"province", "city", "county"}
    scope_province_id : str, optional

    Returns
    -------
    DataFrame
        region_id, name, name_en, revenue, target_revenue, attainment, ytd_revenue, ytd_target,
        ytd_attainment, yoy; one row per region with sales or plan this year.
    """
    ytd = year_to_date(month)
    out = regions_of(level, scope_province_id).set_index("region_id")
    out = out.assign(
        revenue=by_region(sales, [month], "revenue", level),
        target_revenue=by_region(plan, [month], "target_revenue", level),
        ytd_revenue=by_region(sales, ytd, "revenue", level),
        ytd_target=by_region(plan, ytd, "target_revenue", level),
        base=by_region(sales, [shift(month, -SEASON)], "revenue", level),
    ).fillna({"revenue": 0.0, "ytd_revenue": 0.0, "base": 0.0})
    out = out[(out["ytd_revenue"] > 0) | (out["ytd_target"] > 0)]
    out = out.assign(
        attainment=fc.attainment(out["revenue"], out["target_revenue"]),
        ytd_attainment=fc.attainment(out["ytd_revenue"], out["ytd_target"]),
        yoy=out["revenue"] / out["base"].where(out["base"] > 0) - 1,
    )
    return (
        out.reset_index()
        .sort_values(["target_revenue", "revenue"], ascending=False, na_position="last")[ATTAINMENT_COLUMNS]
        .reset_index(drop=True)
    )
