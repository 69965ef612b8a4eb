"""A territory design and its evaluation: balance table, feasible balance, infeasibility reasons, edits, comparison."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.territories.explain import explain_assignment
from analysis.territories.problem import Problem, prepare

# Deviations within this much of the tolerance count as met (float noise on sums).
EPSILON = 1e-9


@dataclass(frozen=True)
class Design:
    """A partition of counties into territories, with what it achieves and why.

    Attributes
    ----------
    assignment : Series
        region_id → territory id for every county of `units`; missing (NaN) where excluded or
        left without a territory.
    balance : DataFrame
        One row per territory: territory, units (county count), per variable its total and
        `<variable>_dev` (fraction off the target), max_dev, centre_id (the seed, else the
        county nearest the centroid), radius_km (area-weighted RMS distance to the centre),
        pieces, contiguous, feasible (contiguous and every deviation within the tolerance).
    explain : DataFrame
        One row per county, see `explain_assignment`.
    limits : DataFrame
        One row per variable: the feasible balance the scope allows (see `balance_limits`).
    infeasible : tuple of dict
        Structured reasons, each with a "code" and ids and numbers (no sentences).
    params : dict
        The inputs that produced the design (k, balance, tolerance, locks, seeds, ...).
    problem : Problem
        The checked inputs as arrays (graph, values), for edits and comparisons.
    seconds : float
        Time the design took.
    """

    assignment: pd.Series
    balance: pd.DataFrame
    explain: pd.DataFrame
    limits: pd.DataFrame
    infeasible: tuple[dict, ...]
    params: dict
    problem: Problem = field(repr=False)
    seconds: float = 0.0

    @property
    def territories(self) -> tuple[str, ...]:
        """Territory ids in display order."""
        return tuple(self.balance["territory"])

    @property
    def contiguous(self) -> bool:
        """True when every non-empty territory is one piece on the adjacency."""
        rows = self.balance[self.balance["units"] > 0]
        return bool(rows["contiguous"].all())

    @property
    def feasible(self) -> bool:
        """True when nothing is reported in `infeasible`."""
        return not self.infeasible


def territory_order(name: str) -> tuple[str, int, str]:
    """Sort key putting T2 before T10.

    >>> sorted(["T10", "T2", "North"], key=territory_order)
    ['North', 'T2', 'T10']
    """
    match = re.fullmatch(r"(.*?)(\d+)", name)
    return (match.group(1), int(match.group(2)), name) if match else (name, -1, name)


def _slots(problem: Problem, assignment: pd.Series, territories: list[str]) -> np.ndarray:
    """Territory index per county of the problem (-1: none)."""
    position = {t: s for s, t in enumerate(territories)}
    labels = assignment.reindex(list(problem.ids))
    return np.array([position.get(t, -1) if isinstance(t, str) else -1 for t in labels])


def _centres(problem: Problem, slots: np.ndarray, k: int, seed_slot: Mapping[int, int]) -> np.ndarray:
    """Each territory's centre: its seed county, else its area-weighted centroid (NaN when empty)."""
    centres = np.full((k, 2), np.nan)
    for s in range(k):
        members = slots == s
        if s in seed_slot and slots[seed_slot[s]] == s:
            centres[s] = problem.xy[seed_slot[s]]
        elif members.any():
            centres[s] = np.average(problem.xy[members], axis=0, weights=problem.mass[members])
    return centres


def _balance_table(
    problem: Problem, slots: np.ndarray, territories: list[str], centres: np.ndarray, seed_slot: Mapping[int, int]
) -> pd.DataFrame:
    """The balance table (see `Design.balance`)."""
    k = len(territories)
    counts = np.bincount(slots[slots >= 0], minlength=k)
    totals = np.zeros((k, len(problem.variables)))
    np.add.at(totals, slots[slots >= 0], problem.raw[slots >= 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        devs = np.where(problem.targets > 0, totals / problem.targets - 1.0, 0.0)
    table = pd.DataFrame({"territory": territories, "units": counts})
    for v, name in enumerate(problem.variables):
        table[name] = totals[:, v]
        table[f"{name}_dev"] = devs[:, v]
    table["max_dev"] = np.abs(devs).max(axis=1) if len(problem.variables) else 0.0
    centre_ids, radius, pieces = [], [], []
    for s in range(k):
        members = np.flatnonzero(slots == s)
        if not len(members):
            centre_ids.append(None)
            radius.append(np.nan)
            pieces.append(0)
            continue
        d2 = ((problem.xy[members] - centres[s]) ** 2).sum(axis=1)
        seed = seed_slot.get(s)
        centre_ids.append(
            problem.ids[seed] if seed is not None and slots[seed] == s else problem.ids[members[np.argmin(d2)]]
        )
        radius.append(float(np.sqrt(np.average(d2, weights=problem.mass[members]))))
        pieces.append(int(problem.graph.components(members).max()) + 1)
    table["centre_id"] = centre_ids
    table["radius_km"] = radius
    table["pieces"] = pieces
    table["contiguous"] = table["pieces"] == 1
    within = (np.abs(devs) <= problem.tolerance + EPSILON).all(axis=1)
    table["feasible"] = table["contiguous"] & within
    return table


def balance_limits(problem: Problem, fixed: Mapping[int, int], k_of_component: np.ndarray) -> pd.DataFrame:
    """The feasible balance of a scope: what the data allow at best, per variable.

    Parameters
    ----------
    problem : Problem
    fixed : mapping of county index → territory index
        Locks and seeds.
    k_of_component : ndarray
        Territories per connected piece of the scope.

    Returns
    -------
    DataFrame with variable, weight, total, target, largest_unit, largest_value, largest_ratio
    (the largest county over the target), and bound: a lower bound on the largest deviation
    any contiguous design can reach, the worst of the largest county, the pieces of the scope
    (each piece's total over its territories' targets) and the locked counties per territory.
    """
    rows = []
    labels = problem.graph.components()
    for v, name in enumerate(problem.variables):
        column, target = problem.raw[:, v], float(problem.targets[v])
        largest = int(np.argmax(column)) if len(column) else -1
        value = float(column[largest]) if largest >= 0 else 0.0
        bound = max(0.0, _ratio(value, target) - 1.0)
        for c, kc in enumerate(k_of_component):
            if kc:
                bound = max(bound, abs(_ratio(column[labels == c].sum(), kc * target) - 1.0))
        locked = np.zeros(problem.k)
        for i, s in fixed.items():
            locked[s] += column[i]
        bound = max(bound, _ratio(locked.max(initial=0.0), target) - 1.0)
        if int(np.sum(k_of_component)) < problem.k:
            bound = 1.0  # some territory is left empty
        rows.append(
            {
                "variable": name,
                "weight": float(problem.weights[v]),
                "total": float(problem.totals[v]),
                "target": target,
                "largest_unit": problem.ids[largest] if largest >= 0 else None,
                "largest_value": value,
                "largest_ratio": _ratio(value, target),
                "bound": bound,
            }
        )
    return pd.DataFrame(rows)


def _ratio(value: float, target: float) -> float:
    """Value / target, 0 when the target is 0."""
    return float(value / target) if target > 0 else 0.0


def _components(problem: Problem, slots: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Component per county, component per territory (-1: empty) and territories per component."""
    labels = problem.graph.components()
    home = np.full(k, -1)
    for s in range(k):
        members = np.flatnonzero(slots == s)
        if len(members):
            home[s] = np.bincount(labels[members]).argmax()
    components = int(labels.max()) + 1 if problem.n else 0
    return labels, home, np.bincount(home[home >= 0], minlength=components)


def _structure_reasons(
    problem: Problem,
    slots: np.ndarray,
    territories: list[str],
    table: pd.DataFrame,
    wanted: Mapping[int, int],
    seed_slot: Mapping[int, int],
) -> list[dict]:
    """Reasons about the partition itself: too many territories or pieces, broken locks, split territories."""
    k = len(territories)
    reasons: list[dict] = []
    if k > problem.n:
        reasons.append({"code": "k_exceeds_units", "k": k, "units": problem.n})
    unassigned = [problem.ids[i] for i in np.flatnonzero(slots < 0)]
    if unassigned:
        components = int(problem.graph.components().max()) + 1
        reasons.append({"code": "components_exceed_k", "components": components, "k": k, "unassigned": unassigned})
    for i, s in wanted.items():
        if slots[i] != s:
            code = "seed_moved" if seed_slot.get(s) == i else "lock_violated"
            assigned = territories[slots[i]] if slots[i] >= 0 else None
            reasons.append({"code": code, "unit": problem.ids[i], "territory": territories[s], "assigned": assigned})
    for s in range(k):
        if not table.at[s, "units"]:
            reasons.append({"code": "territory_empty", "territory": territories[s]})
        elif not table.at[s, "contiguous"]:
            members = np.flatnonzero(slots == s)
            piece = dict(zip(members.tolist(), problem.graph.components(members).tolist(), strict=True))
            locked = {piece[i] for i, t in wanted.items() if t == s and i in piece}
            reasons.append(
                {
                    "code": "not_contiguous",
                    "territory": territories[s],
                    "pieces": int(table.at[s, "pieces"]),
                    "locks_apart": len(locked) > 1,
                }
            )
    return reasons


def _balance_reasons(
    problem: Problem, slots: np.ndarray, territories: list[str], table: pd.DataFrame, wanted: Mapping[int, int]
) -> list[dict]:
    """Per variable, why territories miss the tolerance: a county or locks over target, a piece's share, or no cause."""
    k, tol = len(territories), problem.tolerance
    labels, home, k_of = _components(problem, slots, k)
    reasons: list[dict] = []
    for v, name in enumerate(problem.variables):
        column, target = problem.raw[:, v], float(problem.targets[v])
        limit = (1 + tol) * target * (1 + EPSILON)
        explained: set[int] = set()  # territories whose deviation has a cause
        for s in range(k):
            members = np.flatnonzero(slots == s)
            if not len(members):
                continue
            top = members[np.argmax(column[members])]
            locked = [i for i, t in wanted.items() if t == s]
            if column[top] > limit:
                reasons.append(_over("unit_exceeds_target", territories[s], name, column[top], target))
                reasons[-1]["unit"] = problem.ids[top]
                explained.add(s)
            elif locked and column[locked].sum() > limit:
                reasons.append(_over("locks_exceed_target", territories[s], name, column[locked].sum(), target))
                explained.add(s)
        for c, kc in enumerate(k_of):
            value = float(column[labels == c].sum())
            if kc and abs(_ratio(value, kc * target) - 1.0) > tol + EPSILON:
                inside = [s for s in range(k) if home[s] == c]
                reasons.append(
                    {
                        "code": "component_share",
                        "territories": [territories[s] for s in inside],
                        "variable": name,
                        "units": int((labels == c).sum()),
                        "value": value,
                        "target": kc * target,
                        "ratio": _ratio(value, kc * target),
                    }
                )
                explained.update(inside)
        for s in range(k):
            dev = float(table.at[s, f"{name}_dev"])
            if table.at[s, "units"] and abs(dev) > tol + EPSILON and s not in explained:
                reasons.append(
                    {
                        "code": "out_of_tolerance",
                        "territory": territories[s],
                        "variable": name,
                        "deviation": dev,
                        "tolerance": tol,
                    }
                )
    return reasons


def _over(code: str, territory: str, variable: str, value: float, target: float) -> dict:
    """A reason for a value over the target: the value, the target and their ratio."""
    return {
        "code": code,
        "territory": territory,
        "variable": variable,
        "value": float(value),
        "target": float(target),
        "ratio": _ratio(value, target),
    }


def describe(
    assignment: pd.Series,
    problem: Problem,
    *,
    territories: list[str],
    locks: Mapping[str, str],
    seeds: Mapping[str, str],
    params: dict,
    manual: Collection[str] = (),
    seconds: float = 0.0,
) -> Design:
    """Build the Design of an assignment: balance, limits, reasons and explanations.

    Parameters
    ----------
    assignment : Series
        region_id → territory id (None where not assigned), over `problem.ids` at least.
    problem : Problem
    territories : list of str
        Every territory id, empty ones included.
    locks, seeds : mapping
        County → territory and territory → county, as given to the solver.
    params : dict
        Recorded in the design.
    manual : collection of str
        Counties placed by hand (explained as "manual").
    seconds : float
        Time taken, recorded.

    Returns
    -------
    Design
    """
    territories = sorted(territories, key=territory_order)
    position = {t: s for s, t in enumerate(territories)}
    index = problem.graph.index
    slots = _slots(problem, assignment, territories)
    seed_slot = {position[t]: index[c] for t, c in seeds.items() if t in position and c in index}
    wanted = {index[c]: position[t] for c, t in locks.items() if c in index and t in position}
    wanted.update({i: s for s, i in seed_slot.items()})
    centres = _centres(problem, slots, len(territories), seed_slot)
    table = _balance_table(problem, slots, territories, centres, seed_slot)
    reasons = _structure_reasons(problem, slots, territories, table, wanted, seed_slot)
    reasons += _balance_reasons(problem, slots, territories, table, wanted)
    limits = balance_limits(problem, wanted, _components(problem, slots, len(territories))[2])
    explain = explain_assignment(
        problem, slots, territories, centres, table, locked=set(locks), seeds=set(seeds.values()), manual=set(manual)
    )
    full = pd.Series(
        [territories[s] if s >= 0 else None for s in slots],
        index=pd.Index(problem.ids, name="region_id"),
        name="territory",
    ).reindex(pd.Index(problem.all_ids, name="region_id"))
    explain = explain.set_index("region_id").reindex(pd.Index(problem.all_ids, name="region_id")).reset_index()
    excluded = explain["region_id"].isin(set(problem.excluded))
    explain.loc[excluded, "reason"] = "excluded"
    return Design(
        assignment=full,
        balance=table,
        explain=explain,
        limits=limits,
        infeasible=tuple(reasons),
        params=params,
        problem=problem,
        seconds=seconds,
    )


def evaluate(
    units: pd.DataFrame,
    assignment: pd.Series,
    balance: Mapping[str, float],
    *,
    tolerance: float = 0.05,
    locks: Mapping[str, str] | None = None,
    seeds: Mapping[str, str] | None = None,
    adjacency: pd.DataFrame | None = None,
) -> Design:
    """Evaluate a given assignment (a saved or hand-made design) as the solver would report it.

    Parameters
    ----------
    units : DataFrame
        One row per county: region_id, lon, lat, the balance columns (area_km2 optional).
    assignment : Series
        region_id → territory id. Counties of `units` missing from it, or with a missing
        territory, count as excluded.
    balance : mapping of column → weight
        As for `design`; targets are each variable's total over the number of territories.
    tolerance : float
        Allowed deviation per territory and variable.
    locks, seeds : mapping, optional
        County → territory and territory → county; broken ones are reported.
    adjacency : DataFrame, optional
        Edges (columns a, b); the bundled county adjacency by default.

    Returns
    -------
    Design

    Raises
    ------
    ValueError
        On invalid units or balance columns (see `prepare`), or an empty assignment.
    """
    labels = assignment.dropna()
    labels = pd.Series(labels.astype(str).to_numpy(), index=labels.index.astype(str))
    territories = sorted(set(labels), key=territory_order)
    if not territories:
        raise ValueError("the assignment names no territory")
    ids = units["region_id"].astype(str)
    exclude = sorted(set(ids) - set(labels.index))
    problem = prepare(units, balance, len(territories), tolerance=tolerance, exclude=exclude, adjacency=adjacency)
    locks = {str(c): str(t) for c, t in (locks or {}).items()}
    seeds = {str(t): str(c) for t, c in (seeds or {}).items()}
    params = {"k": len(territories), "balance": dict(balance), "tolerance": tolerance, "locks": locks, "seeds": seeds}
    return describe(labels, problem, territories=territories, locks=locks, seeds=seeds, params=params)


def reassign(design: Design, moves: Mapping[str, str]) -> Design:
    """Evaluate a manual edit: the design with some counties moved to other territories.

    Parameters
    ----------
    design : Design
    moves : mapping of county id → territory id
        Each county goes to an existing territory of the design.

    Returns
    -------
    Design
        The edited design, evaluated: `balance` has the new totals and each territory's
        contiguity (a county moved where it touches nothing, or whose leaving splits its old
        territory, shows as pieces > 1 and a "not_contiguous" reason); counties moved by this
        and earlier edits (params["moves"]) are explained as "manual"; a moved lock or seed is
        reported.

    Raises
    ------
    ValueError
        If a county is not in the design (or is excluded) or a territory is unknown.
    """
    problem = design.problem
    unknown = sorted(set(map(str, moves)) - set(problem.ids))
    if unknown:
        raise ValueError(f"counties not in the design or excluded: {unknown[:5]}")
    wrong = sorted(set(map(str, moves.values())) - set(design.territories))
    if wrong:
        raise ValueError(f"unknown territories: {wrong}; the design has {list(design.territories)}")
    assignment = design.assignment.copy()
    for county, territory in moves.items():
        assignment[str(county)] = str(territory)
    # Edits pile up: counties moved by earlier edits of this design stay "manual".
    moved = {**design.params.get("moves", {}), **{str(c): str(t) for c, t in moves.items()}}
    params = {**design.params, "moves": moved}
    return describe(
        assignment,
        problem,
        territories=list(design.territories),
        locks={str(c): str(t) for c, t in design.params.get("locks", {}).items()},
        seeds={str(t): str(c) for t, c in design.params.get("seeds", {}).items()},
        params=params,
        manual=set(moved),
    )


@dataclass(frozen=True)
class Comparison:
    """Before/after of two designs of the same counties.

    Attributes
    ----------
    moved : DataFrame
        region_id, before, after for every county whose territory differs.
    balance : DataFrame
        One row per territory: units_before, units_after, and per variable `<v>_before`,
        `<v>_after`, `<v>_change` (after − before) and `<v>_dev_before`, `<v>_dev_after`.
    """

    moved: pd.DataFrame
    balance: pd.DataFrame


def compare(before: Design, after: Design) -> Comparison:
    """Which counties move between two designs, and each territory's gain or loss per balance variable.

    Parameters
    ----------
    before, after : Design
        Designs of the same counties and balance variables.

    Returns
    -------
    Comparison

    Raises
    ------
    ValueError
        If the designs balance different variables.
    """
    variables = before.problem.variables
    if variables != after.problem.variables:
        raise ValueError(f"designs balance different variables: {variables} vs {after.problem.variables}")
    a, b = before.assignment.align(after.assignment, join="outer")
    differs = (a.fillna("") != b.fillna("")).to_numpy()
    moved = pd.DataFrame(
        {"region_id": a.index[differs], "before": a[differs].to_numpy(), "after": b[differs].to_numpy()}
    )
    columns = ["territory", "units", *variables, *(f"{v}_dev" for v in variables)]
    merged = before.balance[columns].merge(
        after.balance[columns], on="territory", how="outer", suffixes=("_before", "_after")
    )
    merged = merged.fillna({c: 0 for c in merged.columns if c != "territory"})
    out = merged[["territory", "units_before", "units_after"]].copy()
    for v in variables:
        out[f"{v}_before"] = merged[f"{v}_before"]
        out[f"{v}_after"] = merged[f"{v}_after"]
        out[f"{v}_change"] = merged[f"{v}_after"] - merged[f"{v}_before"]
        out[f"{v}_dev_before"] = merged[f"{v}_dev_before"]
        out[f"{v}_dev_after"] = merged[f"{v}_dev_after"]
    out = out.sort_values("territory", key=lambda s: s.map(territory_order), ignore_index=True)
    return Comparison(moved=moved, balance=out)
