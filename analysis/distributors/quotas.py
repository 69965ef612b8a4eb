"""Quotas: each distributor's annual and monthly target from its territory, and how far it got.

The rule: annual quota (units) = the territory's capacity (Σ ``capacity_units`` of its counties
whose contract is in force, under the session's scenario) × the scenario's attainable share; the
revenue quota prices those units at the distributor's own average price over the last 12 months
(our average price where it sold nothing). Months take the annual quota in proportion to our
units in the same calendar month over the last 12 months (the season), so December carries more
than February. A quota can be edited (an override per distributor), or imported: plan rows that
name a distributor are that distributor's quota, month by month, and win over the rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.distributors.common import credited, latest_month, months_ending, require
from analysis.distributors.contracts import in_force

QUOTA_COLUMNS = (
    "distributor_id", "counties", "capacity_units", "attainable_share", "quota_units", "price", "quota_revenue",
    "source",
)  # fmt: skip
MONTHLY_COLUMNS = ("distributor_id", "month", "quota_units", "quota_revenue", "source")


def _named(plan: pd.DataFrame | None) -> pd.DataFrame:
    """Plan rows that name a distributor."""
    if plan is None or plan.empty or "distributor_id" not in plan:
        return pd.DataFrame(columns=["distributor_id", "region_id", "month", "target_revenue", "target_units"])
    return credited(plan)


def quotas(
    territories: pd.DataFrame,
    capacity: pd.DataFrame,
    sales: pd.DataFrame,
    attainable_share: float,
    *,
    month: str | None = None,
    distributors: pd.DataFrame | None = None,
    plan: pd.DataFrame | None = None,
    overrides: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Each distributor's annual quota, by the rule, an edit, or the imported plan.

    Parameters
    ----------
    territories : DataFrame
        distributor_id, region_id (and the contract columns: only rows in force in `month` count).
    capacity : DataFrame
        region_id, capacity_units (a year) under the current scenario, e.g. the scored counties.
    sales : DataFrame
        region_id, month, units, revenue, distributor_id: the prices and the year.
    attainable_share : float
        The scenario's share of capacity a distributor can take (0–1).
    month : str, optional
        The month the quotas are set in (contracts in force then; its year is the quota year);
        the latest sales month by default.
    distributors : DataFrame, optional
        Distributors whose status is "ended" get no quota.
    plan : DataFrame, optional
        Plan rows; those naming a distributor (distributor_id) are its imported quota for the year.
    overrides : mapping of distributor_id → annual units, optional
        Quotas edited by hand.

    Returns
    -------
    DataFrame
        `QUOTA_COLUMNS`, one row per distributor with a territory in force: counties, capacity_units,
        attainable_share, quota_units, price (yuan a unit), quota_revenue and source ("capacity",
        "edited" or "plan"); by distributor_id.

    Raises
    ------
    ValueError
        If a column is missing or the share is outside 0–1.

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D1", "D2"], "region_id": ["a", "b", "c"]})
    >>> cap = pd.DataFrame({"region_id": ["a", "b", "c"], "capacity_units": [600.0, 400.0, 2000.0]})
    >>> s = pd.DataFrame({"region_id": "a", "month": "2026-10", "units": [10], "revenue": [25_000.0],
    ...                   "distributor_id": "D1"})
    >>> quotas(t, cap, s, 0.15)[["distributor_id", "quota_units", "price", "quota_revenue"]].to_dict("records")
    [{'distributor_id': 'D1', 'quota_units': 150.0, 'price': 2500.0, 'quota_revenue': 375000.0}, \
{'distributor_id': 'D2', 'quota_units': 300.0, 'price': 2500.0, 'quota_revenue': 750000.0}]
    """
    require(territories, ["distributor_id", "region_id"], "the territories table")
    require(capacity, ["region_id", "capacity_units"], "the capacity table")
    if not 0.0 <= attainable_share <= 1.0:
        raise ValueError(f"attainable_share must lie in [0, 1], got {attainable_share!r}")
    month = month or latest_month(sales)
    rows = territories if month is None else territories[in_force(territories, month)]
    rows = rows[["distributor_id", "region_id"]].drop_duplicates()
    if distributors is not None and "status" in distributors:
        rows = rows[~rows["distributor_id"].isin(distributors.loc[distributors["status"] == "ended", "distributor_id"])]
    per_county = capacity.drop_duplicates("region_id").set_index("region_id")["capacity_units"].astype(float)
    held = rows.assign(capacity_units=rows["region_id"].map(per_county).fillna(0.0))
    out = held.groupby("distributor_id", as_index=False).agg(
        counties=("region_id", "nunique"), capacity_units=("capacity_units", "sum")
    )
    price = _prices(sales, month)
    out = out.assign(
        attainable_share=float(attainable_share),
        quota_units=(out["capacity_units"] * attainable_share).round(0),
        price=out["distributor_id"].map(price).fillna(price.get("", np.nan)).astype(float),
        source="capacity",
    )
    edited = {str(k): float(v) for k, v in (overrides or {}).items() if v is not None and np.isfinite(v)}
    hand = out["distributor_id"].map(edited).astype(float)
    out = out.assign(
        quota_units=hand.where(hand.notna(), out["quota_units"]),
        source=np.where(hand.notna(), "edited", out["source"]),
    )
    out = out.assign(quota_revenue=(out["quota_units"] * out["price"]).round(0))
    imported = _named(plan)
    if month is not None and not imported.empty:
        year = imported[imported["month"].astype("str").str[:4] == month[:4]]
        totals = year.groupby("distributor_id")[["target_units", "target_revenue"]].sum(min_count=1)
        units = out["distributor_id"].map(totals["target_units"]).astype(float)
        revenue = out["distributor_id"].map(totals["target_revenue"]).astype(float)
        known = out["distributor_id"].isin(totals.index).to_numpy()
        out = out.assign(
            quota_units=np.where(known, units, out["quota_units"]),
            quota_revenue=np.where(known, revenue, out["quota_revenue"]),
            source=np.where(known, "plan", out["source"]),
        )
    return out[list(QUOTA_COLUMNS)].sort_values("distributor_id", ignore_index=True)


def _prices(sales: pd.DataFrame, month: str | None) -> pd.Series:
    """Average price per distributor over the 12 months ending with `month`; key "" = every sale."""
    if sales.empty or month is None or "revenue" not in sales:
        return pd.Series(dtype="float64")
    recent = sales[sales["month"].isin(months_ending(month, 12)).to_numpy()]
    rows = credited(recent)
    totals = rows.groupby("distributor_id")[["revenue", "units"]].sum()
    price = totals["revenue"] / totals["units"].where(totals["units"] > 0)
    overall = recent["revenue"].sum() / recent["units"].sum() if recent["units"].sum() > 0 else np.nan
    return pd.concat([price.dropna(), pd.Series({"": overall})])


def season(sales: pd.DataFrame, month: str | None = None) -> pd.Series:
    """Each calendar month's share of our units over the 12 months ending with `month` (1..12, sums to 1).

    Flat (1/12 each) without a full year of sales.

    >>> s = pd.DataFrame({"month": [f"2026-{m:02d}" for m in range(1, 13)], "units": [1] * 11 + [12]})
    >>> season(s).round(4).loc[[1, 12]].tolist()
    [0.0435, 0.5217]
    """
    flat = pd.Series(1 / 12, index=range(1, 13))
    month = month or latest_month(sales)
    if month is None:
        return flat
    recent = sales[sales["month"].isin(months_ending(month, 12)).to_numpy()]
    if recent["month"].nunique() < 12 or recent["units"].sum() <= 0:
        return flat
    by = recent.groupby(recent["month"].astype("str").str[5:7].astype(int))["units"].sum()
    return (by / by.sum()).reindex(range(1, 13), fill_value=0.0)


def monthly_quotas(
    annual: pd.DataFrame, sales: pd.DataFrame, *, month: str | None = None, plan: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The annual quotas spread over the months of the quota year by the season of our sales.

    Parameters
    ----------
    annual : DataFrame
        The output of `quotas`.
    sales : DataFrame
        month, units: the season (see `season`).
    month : str, optional
        A month of the quota year; the latest sales month by default.
    plan : DataFrame, optional
        Plan rows naming a distributor: for quotas whose source is "plan", their own months.

    Returns
    -------
    DataFrame
        `MONTHLY_COLUMNS`: distributor_id, month (January to December), quota_units, quota_revenue
        and source.

    Examples
    --------
    >>> a = pd.DataFrame({"distributor_id": ["D1"], "quota_units": [120.0], "quota_revenue": [240.0],
    ...                   "source": ["capacity"]})
    >>> m = monthly_quotas(a, pd.DataFrame({"month": ["2026-10"], "units": [5]}))
    >>> len(m), float(m["quota_units"].sum()), m.loc[0, "month"], float(m.loc[0, "quota_units"])
    (12, 120.0, '2026-01', 10.0)
    """
    month = month or latest_month(sales)
    if month is None or annual.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MONTHLY_COLUMNS})
    year = month[:4]
    shares = season(sales, month)
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    rule = annual[annual["source"] != "plan"]
    spread = pd.DataFrame(
        {
            "distributor_id": np.repeat(rule["distributor_id"].to_numpy(), 12),
            "month": np.tile(months, len(rule)),
            "quota_units": np.outer(rule["quota_units"].to_numpy(float), shares.to_numpy()).ravel(),
            "quota_revenue": np.outer(rule["quota_revenue"].to_numpy(float), shares.to_numpy()).ravel(),
            "source": np.repeat(rule["source"].to_numpy(), 12),
        }
    )
    imported = _named(plan)
    ids = annual.loc[annual["source"] == "plan", "distributor_id"]
    rows = imported[imported["distributor_id"].isin(ids) & imported["month"].astype("str").str.startswith(year)]
    own = (
        rows.groupby(["distributor_id", "month"], as_index=False)
        .agg(quota_units=("target_units", "sum"), quota_revenue=("target_revenue", "sum"))
        .assign(source="plan")
    )
    parts = [p for p in (spread, own) if not p.empty]
    out = pd.concat(parts, ignore_index=True) if parts else spread
    return out[list(MONTHLY_COLUMNS)].sort_values(["distributor_id", "month"], ignore_index=True)


def attainment(monthly: pd.DataFrame, sales: pd.DataFrame, month: str | None = None) -> pd.DataFrame:
    """Each distributor's sales against its quota: the month and the year to date.

    Actual sales are every unit and yuan credited to the distributor (inside its territory or not).

    Parameters
    ----------
    monthly : DataFrame
        The output of `monthly_quotas`.
    sales : DataFrame
        month, units, revenue, distributor_id.
    month : str, optional
        The month to report; the latest sales month by default.

    Returns
    -------
    DataFrame
        One row per distributor with a quota: distributor_id, month, units, revenue, quota_units,
        quota_revenue, attainment (revenue / quota_revenue in the month), ytd_revenue,
        ytd_quota_revenue, ytd_attainment, year_quota_revenue and year_progress (ytd / the year's
        quota).

    Examples
    --------
    >>> a = pd.DataFrame({"distributor_id": ["D1"], "quota_units": [120.0], "quota_revenue": [1200.0],
    ...                   "source": ["capacity"]})
    >>> s = pd.DataFrame({"month": ["2026-01", "2026-02"], "units": [5, 12], "revenue": [50.0, 120.0],
    ...                   "distributor_id": "D1"})
    >>> m = monthly_quotas(a, s, month="2026-02")
    >>> attainment(m, s)[["attainment", "ytd_attainment", "year_progress"]].round(4).to_dict("records")
    [{'attainment': 1.2, 'ytd_attainment': 0.85, 'year_progress': 0.1417}]
    """
    month = month or latest_month(sales)
    columns = [
        "distributor_id", "month", "units", "revenue", "quota_units", "quota_revenue", "attainment", "ytd_revenue",
        "ytd_quota_revenue", "ytd_attainment", "year_quota_revenue", "year_progress",
    ]  # fmt: skip
    if month is None or monthly.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    year = month[:4]
    rows = credited(sales)
    rows = rows[rows["month"].astype("str").str.startswith(year).to_numpy()]
    this = rows[rows["month"] == month].groupby("distributor_id")[["units", "revenue"]].sum()
    ytd = rows[rows["month"] <= month].groupby("distributor_id")["revenue"].sum()
    quota = monthly.set_index(["distributor_id", "month"])
    ids = pd.Index(monthly["distributor_id"].unique(), name="distributor_id")
    now = quota.xs(month, level="month") if month in quota.index.get_level_values("month") else quota.iloc[:0]
    by_id = monthly.groupby("distributor_id")
    ytd_quota = monthly[monthly["month"] <= month].groupby("distributor_id")["quota_revenue"].sum()
    out = pd.DataFrame(
        {
            "month": month,
            "units": this["units"].reindex(ids).fillna(0),
            "revenue": this["revenue"].reindex(ids).fillna(0.0),
            "quota_units": now["quota_units"].reindex(ids),
            "quota_revenue": now["quota_revenue"].reindex(ids),
            "ytd_revenue": ytd.reindex(ids).fillna(0.0),
            "ytd_quota_revenue": ytd_quota.reindex(ids),
            "year_quota_revenue": by_id["quota_revenue"].sum().reindex(ids),
        },
        index=ids,
    )
    out = out.assign(
        attainment=out["revenue"] / out["quota_revenue"].where(out["quota_revenue"] > 0),
        ytd_attainment=out["ytd_revenue"] / out["ytd_quota_revenue"].where(out["ytd_quota_revenue"] > 0),
        year_progress=out["ytd_revenue"] / out["year_quota_revenue"].where(out["year_quota_revenue"] > 0),
    )
    return out.reset_index()[columns]


def plan_rows(monthly: pd.DataFrame, territories: pd.DataFrame, capacity: pd.DataFrame) -> pd.DataFrame:
    """Monthly quotas as rows of the plan kind, one per county of the territory (split by capacity).

    The rows import back as quotas (plan rows naming a distributor): region_id, month,
    target_revenue, target_units, category "" and distributor_id.

    Examples
    --------
    >>> m = pd.DataFrame({"distributor_id": ["D1"], "month": ["2026-11"], "quota_units": [10.0],
    ...                   "quota_revenue": [1000.0], "source": ["capacity"]})
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D1"], "region_id": ["a", "b"]})
    >>> cap = pd.DataFrame({"region_id": ["a", "b"], "capacity_units": [300.0, 100.0]})
    >>> plan_rows(m, t, cap)[["region_id", "target_units", "target_revenue"]].to_dict("records")
    [{'region_id': 'a', 'target_units': 8, 'target_revenue': 750.0}, \
{'region_id': 'b', 'target_units': 2, 'target_revenue': 250.0}]
    """
    per_county = capacity.drop_duplicates("region_id").set_index("region_id")["capacity_units"].astype(float)
    rows = territories[["distributor_id", "region_id"]].drop_duplicates()
    rows = rows.assign(weight=rows["region_id"].map(per_county).fillna(0.0))
    total = rows.groupby("distributor_id")["weight"].transform("sum")
    count = rows.groupby("distributor_id")["weight"].transform("size")
    rows = rows.assign(share=np.where(total > 0, rows["weight"] / total.where(total > 0), 1.0 / count))
    out = monthly.merge(rows[["distributor_id", "region_id", "share"]], on="distributor_id", how="inner")
    return pd.DataFrame(
        {
            "region_id": out["region_id"],
            "month": out["month"],
            "target_revenue": (out["quota_revenue"].astype(float) * out["share"]).round(0),
            "target_units": np.rint(out["quota_units"].astype(float) * out["share"]).astype("int64"),
            "category": "",
            "distributor_id": out["distributor_id"],
        }
    ).sort_values(["distributor_id", "month", "region_id"], ignore_index=True)
