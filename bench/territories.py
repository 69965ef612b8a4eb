"""Territory design on the real county adjacency, against a naive k-means baseline.

    .venv/bin/python bench/territories.py [--seed 0]

The data, generated here so that the bench does not move with the app's demo generator: a
"capacity" per mainland county, the province's 2020 census population (data/
province_population_2020.csv) spread over its counties in proportion to lognormal(0, 0.8)
weights from numpy's Generator(15), in thousands.

Cases: Guangxi (province 450000, 111 counties) into 6 and 8 territories, and all 2,848
mainland counties into 40, balancing capacity alone at ±5 %. For each, `design()` and the
baseline (k-means on projected county centroids, 10 Lloyd rounds from k-means++; each
cluster's pieces other than its heaviest move to the neighbouring cluster they touch most,
until every cluster is one piece). Reported: seconds, the largest deviation from the target,
mean Polsby-Popper of the territory unions (1 = a disc), the mean area-weighted RMS distance
to the territory's centre, and whether every territory is one piece on the map (the union of
its county polygons, its counties' own islets and the island links allowed).

Goals: province ≤ 2 s and within ±5 % when the data allow it (the feasible-balance bound is
below 5 %); national ≤ 60 s and within ±10 %; always contiguous; better balance than the baseline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.geo.boundaries import load_boundaries, load_regions  # noqa: E402
from analysis.territories.adjacency import county_graph  # noqa: E402
from analysis.territories.evaluation import evaluate  # noqa: E402
from analysis.territories.problem import project  # noqa: E402
from analysis.territories.shapes import territory_shapes  # noqa: E402
from analysis.territories.solver import design  # noqa: E402

OUTSIDE_MAINLAND = ("710000", "810000", "820000")
CASES = (("Guangxi", "450000", 6), ("Guangxi", "450000", 8), ("mainland", None, 40))
TOLERANCE = 0.05
BALANCE = {"capacity": 1.0}


def capacity_units() -> pd.DataFrame:
    """Mainland counties with a deterministic, population-like capacity (see the module docstring)."""
    counties = load_regions("county")
    counties = counties[~counties["province_id"].isin(OUTSIDE_MAINLAND)].sort_values("region_id", ignore_index=True)
    population = pd.read_csv(config.POPULATION_CSV, dtype={"adcode": str}).set_index("adcode")["population_million"]
    weight = np.random.default_rng(15).lognormal(0.0, 0.8, len(counties))
    share = weight / pd.Series(weight).groupby(counties["province_id"]).transform("sum").to_numpy()
    capacity = (counties["province_id"].map(population).to_numpy() * share * 1000).round(1)
    return counties[["region_id", "province_id", "lon", "lat", "area_km2"]].assign(capacity=capacity)


def kmeans_baseline(units: pd.DataFrame, k: int, seed: int) -> pd.Series:
    """k-means on projected centroids, then cut-off pieces moved to a touching cluster until all are one piece."""
    rng = np.random.default_rng(seed)
    xy = project(units["lon"].to_numpy(), units["lat"].to_numpy())
    centres = xy[[rng.integers(len(xy))]]
    while len(centres) < k:
        gap = ((xy[:, None, :] - centres[None]) ** 2).sum(axis=2).min(axis=1)
        centres = np.vstack([centres, xy[rng.choice(len(xy), p=gap / gap.sum())]])
    for _ in range(10):
        label = ((xy[:, None, :] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
        centres = np.array([xy[label == c].mean(axis=0) if (label == c).any() else centres[c] for c in range(k)])
    ids = units["region_id"].tolist()
    graph = county_graph(ids)
    order = np.array([graph.index[r] for r in ids])
    cluster = np.empty(len(ids), dtype=int)
    cluster[order] = label
    weight = np.empty(len(ids))
    weight[order] = units["capacity"].to_numpy()
    changed = True
    while changed:
        changed = False
        for c in range(k):
            members = np.flatnonzero(cluster == c)
            if not len(members):
                continue
            pieces = graph.components(members)
            if pieces.max() == 0:
                continue
            keep = np.argmax(np.bincount(pieces, weights=weight[members]))
            for p in set(pieces.tolist()) - {keep}:
                piece = members[pieces == p]
                touching = [cluster[j] for i in piece for j in graph.neighbours[i] if cluster[j] != c]
                if touching:
                    cluster[piece] = np.bincount(touching).argmax()
                    changed = True
    return pd.Series([f"K{c + 1}" for c in cluster], index=pd.Index(graph.ids, name="region_id"))


def measure(name: str, units: pd.DataFrame, assignment: pd.Series, seconds: float, boundaries) -> dict:
    """The figures of one assignment, evaluated the same way for every method."""
    evaluated = evaluate(units, assignment, BALANCE, tolerance=TOLERANCE)
    shapes = territory_shapes(evaluated.assignment, boundaries)
    return {
        "method": name,
        "seconds": seconds,
        "max_dev": float(evaluated.balance["max_dev"].max()),
        "polsby_popper": float(shapes["polsby_popper"].mean()),
        "radius_km": float(evaluated.balance["radius_km"].mean()),
        "contiguous": bool(shapes["connected"].all() and evaluated.contiguous),
        "bound": float(evaluated.limits["bound"].max()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    everything = capacity_units()
    boundaries = load_boundaries("county")
    design(everything.head(20), 2, BALANCE)  # load the adjacency once, outside the timings
    rows, goals = [], []
    for label, province, k in CASES:
        units = everything if province is None else everything[everything["province_id"] == province]
        started = time.perf_counter()
        result = design(units, k, BALANCE, tolerance=TOLERANCE, seed=args.seed)
        ours = measure("design", units, result.assignment, time.perf_counter() - started, boundaries)
        started = time.perf_counter()
        naive = kmeans_baseline(units, k, args.seed)
        base = measure("k-means", units, naive, time.perf_counter() - started, boundaries)
        for row in (ours, base):
            rows.append({"case": f"{label} k={k}", "counties": len(units), **row})
        limit, within = (2.0, TOLERANCE) if province else (60.0, 0.10)
        feasible = result.limits["bound"].max() < TOLERANCE
        goals += [
            (f"{label} k={k}: ≤ {limit:g} s", ours["seconds"] <= limit),
            (
                f"{label} k={k}: within ±{within:.0%}" + ("" if feasible else " (not feasible: skipped)"),
                ours["max_dev"] <= within + 1e-9 or not feasible,
            ),
            (f"{label} k={k}: contiguous on the map", ours["contiguous"]),
            (f"{label} k={k}: better balance than k-means", ours["max_dev"] < base["max_dev"]),
        ]
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(
            table.to_string(
                index=False,
                formatters={
                    "seconds": "{:.2f}".format,
                    "max_dev": "{:.1%}".format,
                    "polsby_popper": "{:.3f}".format,
                    "radius_km": "{:.0f}".format,
                    "bound": "{:.1%}".format,
                },
            )
        )
    print()
    for text, ok in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")


if __name__ == "__main__":
    main()
