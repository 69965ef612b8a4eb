"""Housing Pipeline page: new homes by year and status, the demand they imply, the gate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.methods.capacity import CapacityAssumptions, housing_demand


def pipeline_by_year(housing: pd.DataFrame, counties: pd.Index) -> pd.DataFrame:
    """New housing units by year and status over `counties` (status 'completed' when not given)."""
    part = housing[housing["region_id"].isin(counties)]
    if part.empty:
        return pd.DataFrame(columns=["year", "status", "new_units"])
    return (
        part.assign(status=part["status"].fillna("completed"))
        .groupby(["year", "status"], as_index=False)["new_units"]
        .sum()
        .sort_values(["year", "status"])
        .reset_index(drop=True)
    )


def implied_demand(by_year: pd.DataFrame, assumptions: CapacityAssumptions) -> pd.DataFrame:
    """Appliance demand the new homes imply, year by year, with the move-in lag (METHODS.md §1.3).

    demand_t = Σ_k new_units_{t−k} · fitout_rate · attach_rate · lag_k. Years without new homes
    in between count as zero, so the lag runs over calendar years.

    >>> frame = pd.DataFrame({"year": [2024, 2025, 2026], "new_units": [30000, 24000, 18000]})
    >>> implied_demand(frame, CapacityAssumptions(fitout_rate=0.9, attach_rate=0.3))["demand"].round().tolist()
    [4050.0, 5670.0, 5994.0]
    """
    if by_year.empty:
        return pd.DataFrame(columns=["year", "new_units", "demand"])
    totals = by_year.groupby("year")["new_units"].sum()
    years = np.arange(int(totals.index.min()), int(totals.index.max()) + 1)
    units = totals.reindex(years, fill_value=0).astype(float).to_numpy()
    demand = housing_demand(units, assumptions.fitout_rate, assumptions.attach_rate, assumptions.lag_profile)
    return pd.DataFrame({"year": years, "new_units": units, "demand": demand})


def implied_demand_by_category(by_year: pd.DataFrame, assumptions: dict) -> pd.DataFrame:
    """`implied_demand` for each product category with its own assumptions: year plus one column per category.

    >>> from analysis.methods.capacity import CapacityAssumptions
    >>> frame = pd.DataFrame({"year": [2024, 2025], "new_units": [1000, 1000]})
    >>> implied_demand_by_category(frame, {"a": CapacityAssumptions(fitout_rate=1, attach_rate=1)})["a"].tolist()
    [500.0, 800.0]
    """
    out = None
    for category, a in assumptions.items():
        demand = implied_demand(by_year, a).rename(columns={"demand": category})[["year", category]]
        out = demand if out is None else out.merge(demand, on="year")
    return out if out is not None else pd.DataFrame(columns=["year"])


def gate_table(scored: pd.DataFrame) -> pd.DataFrame:
    """Every scored region with its pipeline and what the housing gate made of it.

    The gate itself is decided once, by the scenario, in `analysis.market.scoring.score_regions`;
    this only selects and orders: held regions first, then flagged ones (pipeline drying up or
    unknown), then the rest, each by pipeline.
    """
    columns = [
        "region_id", "name", "name_en", "served", "pipeline_units", "pipeline_per_1000hh", "pipeline_years",
        "gate", "gate_reason", "pipeline_flag", "tier",
    ]  # fmt: skip
    order = np.select([scored["gate"] == "hold", scored["pipeline_flag"] != ""], [0, 1], 2)
    return (
        scored[[c for c in columns if c in scored]]
        .assign(_order=order)
        .sort_values(["_order", "pipeline_units"], na_position="first", kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
