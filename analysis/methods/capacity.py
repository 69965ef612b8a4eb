"""Market capacity for durable appliances: chain ratio, new-housing demand and the Buying Power Index.

Formulas and worked examples: METHODS.md §1. Every function is vectorised: scalars, numpy arrays
and pandas Series go in, and the same kind of object comes out (Series keep their index).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

_LAG_TOLERANCE = 1e-6


def _check_lag_profile(lag_profile: Sequence[float]) -> tuple[float, ...]:
    """Validate a lag profile (non-negative, sums to 1) and return it as a tuple of floats."""
    lags = tuple(float(v) for v in lag_profile)
    if not lags or any(not np.isfinite(v) or v < 0 for v in lags):
        raise ValueError(f"lag_profile must be non-empty, finite and non-negative, got {lag_profile!r}")
    if abs(sum(lags) - 1.0) > _LAG_TOLERANCE:
        raise ValueError(f"lag_profile must sum to 1 so that no demand is lost or invented, got sum {sum(lags):.6g}")
    return lags


@dataclass(frozen=True)
class CapacityAssumptions:
    """Editable assumptions behind the capacity chain for one product category.

    Frozen, so an instance hashes cleanly as a cache key; use `dataclasses.replace` to change a field.

    Attributes
    ----------
    penetration : float
        Share of households that own the product now (0-1).
    penetration_next : float
        Expected penetration a year from now; the rise drives first-time (upgrade) purchases.
    life_years : float
        Average product life in years; 1 / life is the yearly replacement rate.
    fitout_rate : float
        Share of completed new homes that are actually fitted out and moved into (0-1).
    attach_rate : float
        Share of fitted-out new homes that buy the product (0-1).
    lag_profile : tuple of float
        Move-in delay: share of a year's ready homes buying in years t, t+1, ...; sums to 1.
    avg_unit_m2 : float
        Average floor area of a new home, to turn completed m² into homes.
    """

    penetration: float = 0.35
    penetration_next: float = 0.37
    life_years: float = 8.0
    fitout_rate: float = 0.9
    attach_rate: float = 0.30
    lag_profile: tuple[float, ...] = (0.5, 0.3, 0.2)
    avg_unit_m2: float = 100.0

    def __post_init__(self) -> None:
        for name in ("penetration", "penetration_next", "fitout_rate", "attach_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
        for name in ("life_years", "avg_unit_m2"):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"{name} must be positive, got {value!r}")
        # Accept a list from a TOML preset but store a tuple so that the instance stays hashable.
        object.__setattr__(self, "lag_profile", _check_lag_profile(self.lag_profile))


# Illustrative starting points per category, to be edited per market. The purifier preset is the
# METHODS.md §1.2 example; heaters are near saturation in Chinese cities (demand is mostly
# replacement and new homes), softeners are an early-stage category (low penetration, long life).
ASSUMPTION_PRESETS: dict[str, CapacityAssumptions] = {
    "water_purifier": CapacityAssumptions(),
    "water_heater": CapacityAssumptions(
        penetration=0.90, penetration_next=0.91, life_years=10.0, fitout_rate=0.9, attach_rate=0.85
    ),
    "water_softener": CapacityAssumptions(
        penetration=0.03, penetration_next=0.04, life_years=12.0, fitout_rate=0.9, attach_rate=0.05
    ),
}


def replacement_units(households, penetration, life_years):
    """Yearly replacement purchases: households · penetration / life.

    Parameters
    ----------
    households : float, array-like or Series
        Number of households.
    penetration : float, array-like or Series
        Share of households owning the product (0-1).
    life_years : float, array-like or Series
        Average product life in years; must be positive.

    Returns
    -------
    float, ndarray or Series
        Units per year, the same kind of object as the inputs.

    Raises
    ------
    ValueError
        If any `life_years` is zero or negative.

    Examples
    --------
    >>> float(replacement_units(1_200_000, 0.35, 8))
    52500.0
    """
    if np.any(np.asarray(life_years, dtype=float) <= 0):
        raise ValueError(f"life_years must be positive, got {life_years!r}")
    return households * penetration / life_years


def upgrade_units(households, penetration, penetration_next):
    """First-time purchases as penetration rises: households · (penetration_next − penetration).

    A falling penetration gives 0, not negative sales.

    Parameters
    ----------
    households : float, array-like or Series
        Number of households.
    penetration, penetration_next : float, array-like or Series
        Penetration now and a year from now (0-1).

    Returns
    -------
    float, ndarray or Series
        Units per year, never negative.

    Examples
    --------
    >>> round(float(upgrade_units(1_200_000, 0.35, 0.37)))
    24000
    """
    return np.maximum(households * (penetration_next - penetration), 0.0)


def new_units_from_floor_area(floor_area_m2, avg_unit_m2=100.0):
    """Completed residential floor area turned into a number of homes.

    Parameters
    ----------
    floor_area_m2 : float, array-like or Series
        Completed (or handed-over) residential floor area in m².
    avg_unit_m2 : float, array-like or Series, default 100.0
        Average floor area of one home in m²; must be positive.

    Returns
    -------
    float, ndarray or Series
        Number of new homes.

    Examples
    --------
    >>> new_units_from_floor_area(np.array([3.0e6, 2.4e6, 1.8e6])).tolist()
    [30000.0, 24000.0, 18000.0]
    """
    if np.any(np.asarray(avg_unit_m2, dtype=float) <= 0):
        raise ValueError(f"avg_unit_m2 must be positive, got {avg_unit_m2!r}")
    return floor_area_m2 / avg_unit_m2


def housing_demand(new_units_by_year, fitout_rate, attach_rate, lag_profile=(0.5, 0.3, 0.2)) -> np.ndarray:
    """Appliance demand driven by new homes, spread over the move-in lag.

    demand_t = Σ_k new_units_{t−k} · fitout_rate · attach_rate · lag_k, truncated to the input
    years, so demand from the last years' completions that falls after the horizon is dropped.

    Parameters
    ----------
    new_units_by_year : array-like
        New homes completed per year, oldest first (1-D).
    fitout_rate : float
        Share of new homes fitted out and moved into (0-1).
    attach_rate : float
        Share of fitted-out homes buying the product (0-1).
    lag_profile : sequence of float, default (0.5, 0.3, 0.2)
        Share of a year's buyers purchasing in years t, t+1, ...; non-negative, sums to 1.

    Returns
    -------
    ndarray
        Demand in units per year, one value per input year.

    Raises
    ------
    ValueError
        If the input is not 1-D or the lag profile is negative or does not sum to 1.

    Examples
    --------
    >>> housing_demand([30_000, 24_000, 18_000], 0.9, 0.3).round(6).tolist()
    [4050.0, 5670.0, 5994.0]
    """
    units = np.asarray(new_units_by_year, dtype=float)
    if units.ndim != 1:
        raise ValueError(f"new_units_by_year must be 1-D, got shape {units.shape}")
    lags = np.asarray(_check_lag_profile(lag_profile))
    if units.size == 0:
        return units.copy()
    buyers = units * fitout_rate * attach_rate
    return np.convolve(buyers, lags)[: units.size]


def bpi(income, retail, population, weights=(0.5, 0.3, 0.2), groups=None) -> pd.Series:
    """Buying Power Index: weighted shares of income, retail sales and population, in %.

    BPI_i = 100 · (w_income · income_i/Σincome + w_retail · retail_i/Σretail + w_pop · pop_i/Σpop).
    Shares are taken within the rows given, or within each group when `groups` is given (cities within
    their province), so the BPIs of a group sum to 100 and divide the group's potential among its rows.
    Weights are scaled to sum to 1. A factor whose total is 0 has no shares, so the BPI is NaN there;
    a missing value makes that row's BPI NaN.

    Parameters
    ----------
    income, retail, population : array-like or Series
        The three factors, in any consistent units, aligned row by row.
    weights : sequence of three floats, default (0.5, 0.3, 0.2)
        Weights of income, retail and population; non-negative, not all zero.
    groups : array-like or Series, optional
        Parent region of each row; shares are taken within each parent.

    Returns
    -------
    Series
        The BPI named "bpi", with the index of `income` when it is a Series.

    Examples
    --------
    >>> bpi([120, 60, 20], [80, 50, 20], [300, 250, 150]).round(3).tolist()
    [54.571, 32.143, 13.286]
    """
    w = np.asarray(weights, dtype=float)
    if w.shape != (3,) or np.any(w < 0) or not w.sum() > 0:
        raise ValueError(f"weights must be three non-negative numbers, not all zero, got {weights!r}")
    w = w / w.sum()
    index = income.index if isinstance(income, pd.Series) else None
    factors = np.column_stack([np.asarray(x, dtype=float) for x in (income, retail, population)])
    if groups is None:
        totals = np.nansum(factors, axis=0)[None, :]
    else:  # each row's group total, missing values skipped
        codes, keys = pd.factorize(np.asarray(groups), use_na_sentinel=False)
        sums = np.stack([np.bincount(codes, weights=np.nan_to_num(f), minlength=len(keys)) for f in factors.T], 1)
        totals = sums[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = factors / np.where(totals != 0, totals, np.nan)
    return pd.Series(100.0 * (shares @ w), index=index, name="bpi")  # a missing share makes the BPI NaN
