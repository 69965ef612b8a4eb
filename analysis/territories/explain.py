"""Why each county is in its territory, as structured fields."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from analysis.territories.problem import Problem

REASONS = ("seed", "lock", "manual", "adjacency", "contiguity", "balance", "compactness", "unassigned", "excluded")
COLUMNS = ("region_id", "territory", "reason", "via", "centre_km", "nearest", "nearest_km", "share", "territory_dev")


def _holds_together(graph, members: set[int], i: int) -> bool:
    """True when county i holds its territory together: without it, its neighbours in `members` fall apart."""
    touching = [j for j in graph.neighbours[i] if j in members]
    if len(touching) <= 1:
        return False
    seen, stack, goal = {i, touching[0]}, [touching[0]], set(touching[1:])
    while stack and goal:
        for j in graph.neighbours[stack.pop()]:
            if j in members and j not in seen:
                seen.add(j)
                goal.discard(j)
                stack.append(j)
    return bool(goal)


def _excess(totals: np.ndarray, targets: np.ndarray, tolerance: float) -> float:
    """Summed deviation beyond the tolerance of some territories' totals (rows) per variable."""
    with np.errstate(divide="ignore", invalid="ignore"):
        dev = np.where(targets > 0, totals / targets - 1.0, 0.0)
    return float(np.clip(np.abs(dev) - tolerance, 0, None).sum())


def explain_assignment(
    problem: Problem,
    slots: np.ndarray,
    territories: list[str],
    centres: np.ndarray,
    table: pd.DataFrame,
    *,
    locked: Collection[str] = (),
    seeds: Collection[str] = (),
    manual: Collection[str] = (),
) -> pd.DataFrame:
    """One row per county: its territory and the reason it is there.

    Parameters
    ----------
    problem : Problem
    slots : ndarray
        Territory index per county of the problem (-1: none).
    territories : list of str
        Territory ids by index.
    centres : ndarray
        Centre per territory (km, the problem's projection).
    table : DataFrame
        The balance table (for each territory's max_dev).
    locked, seeds, manual : collection of str
        Locked counties, seed counties, counties placed by hand.

    Returns
    -------
    DataFrame with region_id, territory, reason (one of `REASONS`), via (the neighbour in the
    same territory nearest the centre, through which it attaches; missing for the centre
    county), centre_km (distance to its territory's centre), nearest (the territory with the
    nearest centre among those it touches) and nearest_km, share (its part of the
    territory's weighted load) and territory_dev (its territory's max_dev).

    The reason is "seed", "lock" or "manual" when so placed; "adjacency" when its territory's
    centre is the nearest among the territories it touches; otherwise, moving it to that
    nearest territory would split its own ("contiguity"), push one of the two further beyond
    the tolerance ("balance"), or make the shapes less compact ("compactness"). "unassigned":
    its piece of the scope got no territory.
    """
    xy, load, graph = problem.xy, problem.load, problem.graph
    k = len(territories)
    weight = np.bincount(slots[slots >= 0], weights=load[slots >= 0], minlength=k)
    totals = np.zeros((k, len(problem.variables)))
    np.add.at(totals, slots[slots >= 0], problem.raw[slots >= 0])
    members = [set(np.flatnonzero(slots == s).tolist()) for s in range(k)]
    centre_ids = set(table["centre_id"].dropna())
    max_dev = table["max_dev"].to_numpy()
    rows = []
    for i, rid in enumerate(problem.ids):
        s = int(slots[i])
        if s < 0:
            rows.append({"region_id": rid, "territory": None, "reason": "unassigned"})
            continue
        gap = np.sqrt(((xy[i] - centres) ** 2).sum(axis=1))
        touching = sorted({s} | {int(slots[j]) for j in graph.neighbours[i] if slots[j] >= 0})
        nearest = min(touching, key=lambda t: (gap[t], t != s, t))
        same = [j for j in graph.neighbours[i] if slots[j] == s]
        via = None
        if rid not in centre_ids and same:
            via = problem.ids[min(same, key=lambda j: (float(np.hypot(*(xy[j] - centres[s]))), j))]
        if rid in seeds:
            reason = "seed"
        elif rid in locked:
            reason = "lock"
        elif rid in manual:
            reason = "manual"
        elif nearest == s:
            reason = "adjacency"
        elif _holds_together(graph, members[s], i):
            reason = "contiguity"
        else:
            pair = totals[[s, nearest]]
            moved = pair + np.array([-problem.raw[i], problem.raw[i]])
            worse = _excess(moved, problem.targets, problem.tolerance) > _excess(
                pair, problem.targets, problem.tolerance
            )
            reason = "balance" if worse else "compactness"
        rows.append(
            {
                "region_id": rid,
                "territory": territories[s],
                "reason": reason,
                "via": via,
                "centre_km": float(gap[s]),
                "nearest": territories[nearest],
                "nearest_km": float(gap[nearest]),
                "share": float(load[i] / weight[s]) if weight[s] > 0 else 0.0,
                "territory_dev": float(max_dev[s]),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))
