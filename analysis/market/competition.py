"""Competitors page: brand shares, concentration bands, local price index, rankings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.methods.market import HHI_BANDS_2010, HHI_BANDS_2023, hhi_band, implied_units

OURS = "ours"
BAND_SETS = {"2010": HHI_BANDS_2010, "2023": HHI_BANDS_2023}


def counties_of(region_ids: pd.Series | list[str], level: str) -> pd.Index:
    """County ids inside the given regions of `level`."""
    to_level = boundaries.rollup_ids(level)
    return to_level.index[to_level.isin(set(region_ids))]


def last_12_months(sales: pd.DataFrame, counties: pd.Index) -> pd.DataFrame:
    """Our sales rows in `counties` over the 12 months up to the latest sales month (as features use)."""
    if sales.empty:
        return sales
    last = pd.Period(str(sales["month"].max()), freq="M")
    first = str(last - 11)
    return sales[sales["region_id"].isin(counties) & sales["month"].between(first, str(last))]


def brand_shares(competitors: pd.DataFrame, sales: pd.DataFrame, counties: pd.Index) -> pd.DataFrame:
    """Revenue, implied units and both shares per brand: competitors in their latest year, ours
    over the last 12 months (the same periods the region features use).

    Parameters
    ----------
    competitors, sales : DataFrame
        Stored columns; competitor units are reported units or revenue ÷ avg_price.
    counties : Index of county region_id
        The area to count.

    Returns
    -------
    DataFrame with brand, revenue, units, revenue_share, unit_share, avg_price, sorted by revenue.
    """
    part = competitors[competitors["region_id"].isin(counties)]
    columns = ["brand", "revenue", "units", "revenue_share", "unit_share", "avg_price", "year"]
    if part.empty:
        return pd.DataFrame(columns=columns)
    year = int(part["year"].max())
    part = part[part["year"] == year]
    units = implied_units(part["revenue"], part["avg_price"], part.get("units"))
    brands = part.assign(units=units).groupby("competitor", as_index=False)[["revenue", "units"]].sum()
    ours = last_12_months(sales, counties)
    brands = pd.concat(
        [
            brands.rename(columns={"competitor": "brand"}),
            pd.DataFrame(
                {"brand": [OURS], "revenue": [float(ours["revenue"].sum())], "units": [float(ours["units"].sum())]}
            ),
        ],
        ignore_index=True,
    )
    brands = brands[brands["revenue"] > 0]
    return (
        brands.assign(
            revenue_share=brands["revenue"] / brands["revenue"].sum(),
            unit_share=brands["units"] / brands["units"].sum(),
            avg_price=brands["revenue"] / brands["units"].where(brands["units"] > 0),
            year=year,
        )
        .sort_values("revenue", ascending=False)
        .reset_index(drop=True)[columns]
    )


def price_comparison(competitors: pd.DataFrame, sales: pd.DataFrame, counties: pd.Index) -> pd.DataFrame:
    """Our average selling price against each brand's local price after discount.

    The index is ours ÷ theirs: 1.10 means we sell 10 % above that brand locally (the field
    guide's point: compare with local prices and discounts, not the national list price).

    Returns
    -------
    DataFrame with brand, local_price (revenue-weighted, after discount), our_price, price_index.
    """
    part = competitors[competitors["region_id"].isin(counties)]
    if part.empty or "local_price" not in part:
        return pd.DataFrame(columns=["brand", "local_price", "our_price", "price_index"])
    year = int(part["year"].max())
    part = part[(part["year"] == year) & part["local_price"].notna()]
    net = part["local_price"] * (1 - part["discount_rate"].fillna(0))
    weighted = part.assign(net_x_rev=net * part["revenue"]).groupby("competitor")[["net_x_rev", "revenue"]].sum()
    local = weighted["net_x_rev"] / weighted["revenue"]
    ours = last_12_months(sales, counties)
    our_price = float(ours["revenue"].sum() / ours["units"].sum()) if ours["units"].sum() > 0 else np.nan
    return (
        pd.DataFrame({"brand": local.index, "local_price": local.to_numpy()})
        .assign(our_price=our_price, price_index=lambda d: our_price / d["local_price"])
        .sort_values("local_price", ascending=False)
        .reset_index(drop=True)
    )


def concentration_bands(features: pd.DataFrame, bands: str = "2010") -> pd.DataFrame:
    """Regions per HHI band (a US antitrust yardstick, used here descriptively only)."""
    labelled = features.assign(band=[hhi_band(h, BAND_SETS[bands]) if pd.notna(h) else None for h in features["hhi"]])
    order = [label for _, label in BAND_SETS[bands]]
    counts = labelled["band"].value_counts().reindex(order, fill_value=0)
    return pd.DataFrame({"band": order, "regions": counts.to_numpy()})


def rankings(features: pd.DataFrame, n: int = 10) -> dict[str, pd.DataFrame]:
    """The most concentrated regions and the largest whitespace, with the columns to read them."""
    columns = [
        "region_id",
        "name",
        "name_en",
        "hhi",
        "leader",
        "leader_share",
        "our_share",
        "whitespace_units",
        "capacity_units",
    ]
    have = features[[c for c in columns if c in features]]
    return {
        "concentration": have.dropna(subset=["hhi"]).nlargest(n, "hhi").reset_index(drop=True),
        "whitespace": have.dropna(subset=["whitespace_units"]).nlargest(n, "whitespace_units").reset_index(drop=True),
    }


def market_totals(features: pd.DataFrame) -> dict[str, float]:
    """Headline figures over the regions in view."""
    ours = float(features["our_revenue"].sum())
    theirs = float(features["competitor_revenue"].sum())
    total = ours + theirs
    weights = features["our_revenue"].fillna(0) + features["competitor_revenue"].fillna(0)
    hhi = float(np.average(features["hhi"].fillna(0), weights=weights)) if weights.sum() > 0 else np.nan
    return {
        "market_revenue": total,
        "our_share": ours / total if total else np.nan,
        "weighted_hhi": hhi,
        "whitespace_units": float(features["whitespace_units"].clip(lower=0).sum()),
    }
