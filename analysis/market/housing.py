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


def gate_table(scored: pd.DataFrame, gate_min_housing: float) -> pd.DataFrame:
    """Every region with its pipeline and whether the 'no new homes, don't open' gate holds it.

    A region is held when its new homes in the next three years are at most `gate_min_housing`
    or unknown, as in the scoring.
    """
    pipeline = scored["housing_3y_units"]
    hold = pipeline.isna() | (pipeline <= gate_min_housing)
    columns = ["region_id", "name", "name_en", "housing_3y_units", "housing_per_1000hh", "newhousing_units"]
    return (
        scored[[c for c in columns if c in scored]]
        .assign(gate=np.where(hold, "hold", "open"), unknown=pipeline.isna())
        .sort_values(["gate", "housing_3y_units"], ascending=[True, True])
        .reset_index(drop=True)
    )
