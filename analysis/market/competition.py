"""Competitors: brand shares, concentration bands, the local price index and rankings.

Brand shares, concentration bands, local price index, rankings — in one product category (or all of them), over the same
periods as the region features.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.market.features import in_category, sales_windows
from analysis.market.scenarios import ALL
from analysis.methods.market import HHI_BANDS_2010, HHI_BANDS_2023, hhi_band, implied_units

OURS = "ours"
BAND_SETS = {"2010": HHI_BANDS_2010, "2023": HHI_BANDS_2023}


def last_12_months(sales: pd.DataFrame, counties: pd.Index, category: str = ALL) -> pd.DataFrame:
    """Our sales rows in `counties` (and `category`) over the 12 months up to the latest sales month."""
    if sales.empty:
        return sales
    _, start, last = sales_windows(str(sales["month"].max()))
    rows = in_category(sales, category)
    return rows[rows["region_id"].isin(counties) & rows["month"].between(start, last)]


def brand_shares(
    competitors: pd.DataFrame, sales: pd.DataFrame, counties: pd.Index, category: str = ALL
) -> pd.DataFrame:
    """Revenue, implied units and both shares per brand.

    Competitors in their latest year, ours over the last 12 months (the same periods the region features use), in
    `category`.

    Parameters
    ----------
    competitors, sales : DataFrame
        Stored columns; competitor units are reported units or revenue ÷ avg_price.
    counties : Index of county region_id
        The area to count.
    category : str, default "all"

    Returns
    -------
    DataFrame with brand, brand_en, revenue, units, revenue_share, unit_share, avg_price, year, sorted
    by revenue; empty without competitor rows (shares are unknown, not ours 100 %).
    """
    competitors = in_category(competitors, category)
    part = competitors[competitors["region_id"].isin(counties)]
    columns = ["brand", "brand_en", "revenue", "units", "revenue_share", "unit_share", "avg_price", "year"]
    if part.empty:
        return pd.DataFrame(columns=columns)
    year = int(part["year"].max())
    part = part[part["year"] == year]
    units = implied_units(part["revenue"], part["avg_price"], part.get("units"))
    english = part.get("competitor_en", pd.Series("", index=part.index)).fillna("")
    brands = (
        part.assign(units=units, brand_en=english)
        .groupby("competitor", as_index=False)
        .agg(revenue=("revenue", "sum"), units=("units", "sum"), brand_en=("brand_en", "first"))
    )
    ours = last_12_months(sales, counties, category)
    brands = pd.concat(
        [
            brands.rename(columns={"competitor": "brand"}),
            pd.DataFrame(
                {
                    "brand": [OURS],
                    "brand_en": [""],
                    "revenue": [float(ours["revenue"].sum())],
                    "units": [float(ours["units"].sum())],
                }
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


def price_comparison(
    competitors: pd.DataFrame, sales: pd.DataFrame, counties: pd.Index, category: str = ALL
) -> pd.DataFrame:
    """Our average selling price against each brand's local price after discount.

    The index is ours ÷ theirs: 1.10 means we sell 10 % above that brand locally (the field
    guide's point: compare with local prices and discounts, not the national list price).

    Returns
    -------
    DataFrame with brand, local_price (revenue-weighted, after discount), our_price, price_index.
    """
    competitors = in_category(competitors, category)
    part = competitors[competitors["region_id"].isin(counties)]
    if part.empty or "local_price" not in part:
        return pd.DataFrame(columns=["brand", "local_price", "our_price", "price_index"])
    year = int(part["year"].max())
    part = part[(part["year"] == year) & part["local_price"].notna()]
    net = part["local_price"] * (1 - part["discount_rate"].fillna(0))
    weighted = part.assign(net_x_rev=net * part["revenue"]).groupby("competitor")[["net_x_rev", "revenue"]].sum()
    local = weighted["net_x_rev"] / weighted["revenue"]
    ours = last_12_months(sales, counties, category)
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
        "leader_en",
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
    """Headline figures over the surveyed regions in view (where competitor data exists).

    Returns
    -------
    dict
        market_revenue, our_share, weighted_hhi (revenue-weighted), whitespace_units, and surveyed /
        regions (how many regions the figures rest on). Without any surveyed region every figure is
        NaN: unknown, not zero.
    """
    surveyed = features[features["surveyed"].fillna(False).astype(bool)] if "surveyed" in features else features
    ours = float(surveyed["our_revenue"].sum())
    theirs = float(surveyed["competitor_revenue"].sum())
    total = ours + theirs
    weights = surveyed["our_revenue"].fillna(0) + surveyed["competitor_revenue"].fillna(0)
    known = surveyed["hhi"].notna() & (weights > 0)
    hhi = float(np.average(surveyed.loc[known, "hhi"], weights=weights[known])) if known.any() else np.nan
    return {
        "market_revenue": total if len(surveyed) else np.nan,
        "our_share": ours / total if total else np.nan,
        "weighted_hhi": hhi,
        "whitespace_units": float(surveyed["whitespace_units"].clip(lower=0).sum()) if len(surveyed) else np.nan,
        "surveyed": len(surveyed),
        "regions": len(features),
    }


BRAND_COLLECTION, BRAND_DOCUMENT = "settings", "brand"


def brand_setting(store) -> tuple[str, str] | None:
    """Our brand's name (Chinese, English) as set in the store, or None."""
    import json

    body = store.document(BRAND_COLLECTION, BRAND_DOCUMENT) if store is not None else None
    if not body:
        return None
    data = json.loads(body)
    return str(data.get("zh") or ""), str(data.get("en") or data.get("zh") or "")


def leader_names(regions: pd.DataFrame, lang: str, ours: tuple[str, str]) -> pd.Series:
    """Each region's leading brand in `lang` (its `leader` and `leader_en` columns), ours by our brand's name."""
    return brand_names(regions.rename(columns={"leader": "brand", "leader_en": "brand_en"}), lang, ours)


def brand_names(shares: pd.DataFrame, lang: str, ours: tuple[str, str]) -> pd.Series:
    """Each brand's name in `lang`: a competitor's English name where it has one, ours by our brand's name."""
    zh, en = ours
    own = zh if lang == "zh" else en
    english = shares["brand_en"].fillna("") if "brand_en" in shares else pd.Series("", index=shares.index)
    names = shares["brand"].where((lang == "zh") | (english == ""), english)
    return names.where(shares["brand"] != OURS, own or OURS)
