"""Partition counties into k contiguous territories that balance weighted variables and stay compact.

The method, chosen by measuring (bench/territories.py; the issue 15 report has the figures):

1. Territories go to the connected pieces of the scope (exclusions can split it) in proportion
   to their load, at least one each; a territory named by locks or seeds goes where its locks are.
2. Start: random spanning trees cut off one near-balanced subtree at a time, each holding all
   or none of a territory's locks (trees.py). When no tree can respect the locks, territories
   grow instead from their locks and seeds and from spread-out starting counties, the lightest
   neighbour taking each county.
3. Local search (search.py): boundary moves that keep the giving territory in one piece, taken
   when they lower the excess over the tolerance, or keep it and lower a soft score (squared
   deviations plus compactness: area × squared distance to the centre, and the border length
   between territories); random kicks while the tolerance is missed.
4. A few independent restarts on small scopes; the best by (excess, soft score) is kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from analysis.territories.evaluation import Design, describe
from analysis.territories.problem import Problem, prepare
from analysis.territories.search import LocalSearch
from analysis.territories.trees import tree_start

MAX_RESTARTS = 8  # independent starts; the best is kept
RESTART_UNITS = 12_000  # restarts = RESTART_UNITS // counties, between 1 and MAX_RESTARTS (and counties // 4)


def _names(
    problem: Problem, locks: Mapping[str, str], seeds: Mapping[str, str]
) -> tuple[list[str], dict[int, int], dict[int, int]]:
    """Named territories (sorted), fixed county index → slot, and slot → seed county index."""
    index = problem.graph.index
    for label, mapping in (("locks", locks), ("seeds", seeds.values())):
        wrong = sorted(set(map(str, mapping)) - set(index))
        if wrong:
            raise ValueError(f"{label} name counties that are not in units or are excluded: {wrong[:5]}")
    named = sorted({str(t) for t in locks.values()} | {str(t) for t in seeds})
    if len(named) > problem.k:
        raise ValueError(f"locks and seeds name {len(named)} territories, more than k={problem.k}")
    slot = {name: s for s, name in enumerate(named)}
    fixed = {index[str(c)]: slot[str(t)] for c, t in locks.items()}
    seed_of: dict[int, int] = {}
    for t, c in seeds.items():
        i = index[str(c)]
        if fixed.get(i, slot[str(t)]) != slot[str(t)]:
            raise ValueError(f"seed county {c} of {t} is locked to {named[fixed[i]]}")
        if i in seed_of.values():
            raise ValueError(f"county {c} is the seed of more than one territory")
        fixed[i] = slot[str(t)]
        seed_of[slot[str(t)]] = i
    return named, fixed, seed_of


def _apportion(problem: Problem, labels: np.ndarray, fixed: Mapping[int, int], named: int) -> np.ndarray:
    """The component of each territory slot (-1: none left for it), proportional to load, one at least."""
    k = problem.k
    components = int(labels.max()) + 1 if len(labels) else 0
    load = np.bincount(labels, weights=problem.load, minlength=components)
    size = np.bincount(labels, minlength=components)
    home = np.full(k, -1)
    for s in range(named):
        units = [i for i, t in fixed.items() if t == s]
        by_component = np.bincount(labels[units], weights=problem.load[units] + 1e-12, minlength=components)
        home[s] = int(np.argmax(by_component))
    count = np.bincount(home[home >= 0], minlength=components)
    free = list(range(named, k))
    for c in sorted(np.flatnonzero(count == 0), key=lambda c: (-load[c], c)):
        if not free:
            break
        home[free.pop(0)] = c
        count[c] += 1
    while free:
        open_ = np.flatnonzero((count < size) & (count > 0))
        if not len(open_):
            break
        c = open_[np.argmax(load[open_] / count[open_])]
        home[free.pop(0)] = c
        count[c] += 1
    return home


def _join_locks(problem: Problem, fixed: Mapping[int, int]) -> dict[int, int]:
    """Locks plus, per territory, shortest paths joining its locked counties (avoiding other locks)."""
    graph = problem.graph
    forced = dict(fixed)
    for s in sorted(set(fixed.values())):
        locked = sorted(i for i, t in fixed.items() if t == s)
        joined = {locked[0]}
        for target in locked[1:]:
            if target in joined:
                continue
            previous = {i: -1 for i in joined}
            queue = list(joined)
            for i in queue:
                if i == target:
                    break
                for j in graph.neighbours[i]:
                    if j not in previous and forced.get(j, s) == s:
                        previous[j] = i
                        queue.append(j)
            if target not in previous:
                continue  # cannot be joined: reported as not_contiguous with locks_apart
            i = target
            while i >= 0 and i not in joined:
                joined.add(i)
                forced[i] = s
                i = previous[i]
    return forced


def _grow_start(problem: Problem, labels: np.ndarray, home: np.ndarray, forced: Mapping[int, int], rng) -> np.ndarray:
    """Territories grown from their forced counties, or a spread-out start, the lightest neighbour first."""
    xy, load, graph = problem.xy, problem.load, problem.graph
    territory = np.full(problem.n, -1)
    for i, s in forced.items():
        territory[i] = s
    for s in range(problem.k):
        if home[s] < 0 or (territory == s).any():
            continue
        free = np.flatnonzero((labels == home[s]) & (territory < 0))
        if not len(free):
            continue
        started = np.flatnonzero((labels == home[s]) & (territory >= 0))
        weight = load[free] + 1e-9
        if len(started):
            weight = weight * ((xy[free, None, :] - xy[None, started, :]) ** 2).sum(axis=2).min(axis=1)
        territory[free[rng.choice(len(free), p=weight / weight.sum())]] = s
    totals = np.bincount(territory[territory >= 0], weights=load[territory >= 0], minlength=problem.k)
    grew = True
    while grew:
        grew = False
        for i in np.flatnonzero(territory < 0):
            options = {int(territory[j]) for j in graph.neighbours[i] if territory[j] >= 0}
            if options:
                t = min(options, key=lambda t: (totals[t], t))
                territory[i] = t
                totals[t] += load[i]
                grew = True
    return territory


def design(
    units: pd.DataFrame,
    k: int,
    balance: Mapping[str, float],
    *,
    tolerance: float = 0.05,
    compactness: float = 1.0,
    locks: Mapping[str, str] | None = None,
    seeds: Mapping[str, str] | None = None,
    exclude: Collection[str] = (),
    seed: int = 0,
    time_limit: float | None = None,
    progress: Callable[[float], None] | None = None,
    adjacency: pd.DataFrame | None = None,
) -> Design:
    """Partition the counties of `units` into k contiguous, balanced, compact territories.

    Parameters
    ----------
    units : DataFrame
        One row per county of the scope: region_id, lon, lat, the balance columns, and
        optionally area_km2 (the compactness term weighs counties by area when present).
    k : int
        Number of territories.
    balance : mapping of column → weight
        Variables to balance and their weights, e.g. {"capacity_units": 0.7, "whitespace_units": 0.3}.
        Every variable's target is its total over k.
    tolerance : float
        Allowed deviation from each variable's target per territory (0.05 = ±5 %).
    compactness : float
        Weight of compactness against the pull towards the target inside the tolerance; 0
        ignores shape. Compactness is half area × squared distance to the territory's centre
        and half the border length between territories, each relative to the start.
    locks : mapping of county id → territory id, optional
        Counties fixed to a territory. Territory ids named here (and in `seeds`) are kept; the
        others are "T1".."Tk" (the numbers not taken), numbered west to east.
    seeds : mapping of territory id → county id, optional
        Each territory's home county (a distributor's seat): it stays in the territory and is
        the centre its compactness is measured from.
    exclude : collection of str
        Counties left out of every territory (held markets).
    seed : int
        Seed of the random choices; the same inputs and seed give the same design unless
        `time_limit` cuts the search short.
    time_limit : float, optional
        Seconds after which the local search stops with the best partition so far.
    progress : callable, optional
        Called with the fraction done (0 to 1).
    adjacency : DataFrame, optional
        Edges (columns a, b) between units; the bundled county adjacency by default.

    Returns
    -------
    Design
        Assignment, balance table, explanations, feasible-balance limits and structured
        reasons (`infeasible`) for whatever could not be met. Every territory is contiguous
        on the adjacency unless its own locks cannot be joined (different pieces of the scope,
        or walled off by other territories' locks): then it is reported "not_contiguous" with
        locks_apart.

    Raises
    ------
    ValueError
        On invalid units or balance columns (see `prepare`), locks or seeds naming unknown or
        excluded counties, a seed locked to another territory, or more named territories than k.
    """
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    problem = prepare(units, balance, k, tolerance=tolerance, exclude=exclude, adjacency=adjacency)
    locks, seeds = dict(locks or {}), dict(seeds or {})
    named, fixed, seed_of = _names(problem, locks, seeds)
    labels = problem.graph.components()
    home = _apportion(problem, labels, fixed, len(named))
    forced = _join_locks(problem, fixed)
    restarts = min(MAX_RESTARTS, max(1, RESTART_UNITS // max(problem.n, 1)), max(1, problem.n // 4))
    best, scales = None, None
    for attempt in range(restarts):
        rng = np.random.default_rng([seed, attempt])
        territory = tree_start(problem, labels, home, fixed, len(named), rng)
        if territory is None:
            territory = _grow_start(problem, labels, home, forced, rng)
        search = LocalSearch(problem, territory, fixed, seed_of, compactness, scales)
        scales = (search.scale, search.cut_scale)
        step = None if progress is None else (lambda f, a=attempt: progress((a + f) / restarts))
        search.search(rng, deadline, step)
        score = search.total()
        if best is None or score < best[0]:
            best = (score, list(search.terr))
        if deadline is not None and time.perf_counter() > deadline:
            break
    if progress is not None:
        progress(1.0)
    slots = np.array(best[1])

    names = _final_names(problem, slots, named)
    assignment = pd.Series(
        [names[t] if t >= 0 else None for t in slots], index=pd.Index(problem.ids, name="region_id"), name="territory"
    )
    params = {
        "k": problem.k,
        "balance": dict(balance),
        "tolerance": problem.tolerance,
        "compactness": compactness,
        "locks": locks,
        "seeds": seeds,
        "exclude": problem.excluded,
        "seed": seed,
    }
    return describe(
        assignment,
        problem,
        territories=names,
        locks={str(c): str(t) for c, t in locks.items()},
        seeds={str(t): str(c) for t, c in seeds.items()},
        params=params,
        seconds=time.perf_counter() - started,
    )


def _final_names(problem: Problem, slots: np.ndarray, named: list[str]) -> list[str]:
    """Names per slot: named ones kept, the rest take the free "T<n>" ids west to east (then north to south)."""
    taken = set(named)
    free_ids = [f"T{n}" for n in range(1, 2 * problem.k + len(named) + 1) if f"T{n}" not in taken]
    rest = list(range(len(named), problem.k))
    centre = {}
    for s in rest:
        members = slots == s
        lon, lat = (
            np.average(problem.lonlat[members], axis=0, weights=problem.mass[members]) if members.any() else (0, 0)
        )
        centre[s] = (round(lon, 6), -round(lat, 6)) if members.any() else (np.inf, np.inf)
    rest.sort(key=lambda s: (*centre[s], s))
    names = list(named) + [""] * len(rest)
    for s, name in zip(rest, free_ids, strict=False):
        names[s] = name
    return names
