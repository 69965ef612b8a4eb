"""Checked inputs of a territory design as arrays: units, balance variables, targets, coordinates, graph."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.territories.adjacency import Graph, graph_from_edges, load_adjacency

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Problem:
    """The counties to partition (excluded ones removed) and what to balance, ready for the solver.

    `raw` holds the balance variables as given and `values` the same scaled so that every
    variable's per-territory target is 1; `weights` sum to 1; `xy` are km on a sinusoidal
    projection centred on the scope (`lonlat` the degrees they come from); `mass` weighs each
    county in the compactness term (its area, or 1 without area_km2).
    """

    ids: tuple[str, ...]
    graph: Graph
    variables: tuple[str, ...]
    weights: np.ndarray
    totals: np.ndarray
    targets: np.ndarray
    raw: np.ndarray
    values: np.ndarray
    xy: np.ndarray
    lonlat: np.ndarray
    mass: np.ndarray
    k: int
    tolerance: float
    excluded: tuple[str, ...]
    all_ids: tuple[str, ...]

    @property
    def n(self) -> int:
        """Number of counties to partition."""
        return len(self.ids)

    @property
    def load(self) -> np.ndarray:
        """The weighted composite of the scaled variables per county (target 1 per territory)."""
        return self.values @ self.weights


def _check_balance(units: pd.DataFrame, balance: Mapping[str, float]) -> tuple[tuple[str, ...], np.ndarray]:
    """The balance columns and their weights normalised to sum 1; raises ValueError on bad input."""
    if not balance:
        raise ValueError("balance needs at least one column, e.g. {'capacity_units': 1.0}")
    variables = tuple(balance)
    missing = [v for v in variables if v not in units.columns]
    if missing:
        raise ValueError(f"balance columns not in units: {missing}")
    weights = np.array([float(balance[v]) for v in variables])
    if (weights < 0).any() or not np.isfinite(weights).all() or weights.sum() <= 0:
        raise ValueError(f"balance weights must be finite, non-negative and not all zero, got {dict(balance)}")
    for v in variables:
        column = pd.to_numeric(units[v], errors="coerce")
        if column.isna().any():
            row = column.index[column.isna()][0]
            raise ValueError(f"balance column {v!r} has a missing or non-numeric value at row {row!r}")
        if (column < 0).any():
            row = column.index[column < 0][0]
            raise ValueError(f"balance column {v!r} has a negative value at row {row!r}")
    return variables, weights / weights.sum()


def project(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Sinusoidal projection in km centred on the mean longitude; distances hold locally everywhere in China."""
    lon0 = float(np.mean(lon)) if len(lon) else 0.0
    phi = np.radians(lat)
    return np.column_stack([EARTH_RADIUS_KM * np.radians(lon - lon0) * np.cos(phi), EARTH_RADIUS_KM * phi])


def prepare(
    units: pd.DataFrame,
    balance: Mapping[str, float],
    k: int,
    *,
    tolerance: float = 0.05,
    exclude: Collection[str] = (),
    adjacency: pd.DataFrame | None = None,
) -> Problem:
    """Check the inputs of a design and turn them into arrays.

    Parameters
    ----------
    units : DataFrame
        One row per county: region_id, lon, lat, the balance columns and optionally area_km2.
    balance : mapping of column → weight
        The variables to balance and their weights (normalised to sum 1).
    k : int
        Number of territories, at least 1.
    tolerance : float
        Allowed deviation from the per-territory target, as a fraction (0.05 = ±5 %).
    exclude : collection of str
        Region ids left out of every territory.
    adjacency : DataFrame, optional
        Edges (columns a, b); the bundled county adjacency by default.

    Returns
    -------
    Problem

    Raises
    ------
    ValueError
        On a missing column, a duplicate or unknown id, a missing, negative or non-numeric
        balance value, k < 1, a negative tolerance, or balance columns that sum to zero.
    """
    missing = [c for c in ("region_id", "lon", "lat") if c not in units.columns]
    if missing:
        raise ValueError(f"units need columns region_id, lon, lat; missing {missing}")
    if int(k) != k or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k!r}")
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be a fraction >= 0, got {tolerance!r}")
    ids = units["region_id"].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"region_id repeats in units: {sorted(set(ids[ids.duplicated()]))[:5]}")
    unknown = sorted(set(map(str, exclude)) - set(ids))
    if unknown:
        raise ValueError(f"excluded ids not in units: {unknown[:5]}")
    variables, weights = _check_balance(units, balance)

    table = units.assign(region_id=ids).sort_values("region_id", kind="stable")
    all_ids = tuple(table["region_id"])
    kept = table[~table["region_id"].isin(set(map(str, exclude)))]
    values = kept[list(variables)].apply(pd.to_numeric).to_numpy(dtype=float)
    totals = values.sum(axis=0)
    empty = [v for v, t in zip(variables, totals, strict=True) if t <= 0]
    if len(kept) and empty:
        raise ValueError(f"balance columns sum to zero over the counties to partition: {empty}")
    targets = totals / k
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(targets > 0, values / targets, 0.0)
    lonlat = kept[["lon", "lat"]].apply(pd.to_numeric).to_numpy(dtype=float)
    if not np.isfinite(lonlat).all():
        raise ValueError("units have a missing lon or lat")
    mass = kept["area_km2"].to_numpy(dtype=float) if "area_km2" in kept.columns else np.ones(len(kept))
    mass = np.where(np.isfinite(mass) & (mass > 0), mass, 1.0)
    edges = load_adjacency() if adjacency is None else adjacency
    kept_ids = tuple(kept["region_id"])
    return Problem(
        ids=kept_ids,
        graph=graph_from_edges(kept_ids, edges),
        variables=variables,
        weights=weights,
        totals=totals,
        targets=targets,
        raw=values,
        values=scaled,
        xy=project(lonlat[:, 0], lonlat[:, 1]),
        lonlat=lonlat,
        mass=mass,
        k=int(k),
        tolerance=float(tolerance),
        excluded=tuple(sorted(set(map(str, exclude)))),
        all_ids=all_ids,
    )
