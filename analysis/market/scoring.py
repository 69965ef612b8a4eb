"""Market scoring: two scores, the housing gate, A/B/C tiers with the rule that fired, stability, sell-in.

`score_regions` turns a feature table (`analysis.market.features.build_features`) into the scored
output of DATA.md under a scenario (`analysis.market.scenarios.Scenario`). Every criterion is
normalised (min-max, optionally with fixed goalposts, or z-score with ddof = 0), weighted (missing
criteria re-normalise the weights and lower `coverage`, never read as 0), and kept as a
`contrib_<criterion>` column so that the contributions add up to the score.

- ``score`` is the expansion potential: market-side criteria only, the same whether or not we sell
  in a region; tiers follow it.
- ``push_score`` says where to push among the regions we serve (our share, growth, attainment);
  NaN for the others.
- The gate holds markets we do not serve yet when their housing pipeline is at or below the
  scenario's minimum (homes, or homes per 1,000 households); an unknown pipeline holds only when the
  scenario says so. A served market at or below the minimum is flagged "pipeline drying up" instead.
- ``rank`` runs 1..n by score over all regions, held ones included, so a held region shows where it
  would stand; ties go to the lower region_id.
- The rule behind each tier is recorded as a code with the value it tested and the threshold
  (``tier_rule``, ``tier_value``, ``tier_threshold``); `analysis.market.explain` words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from analysis.market.scenarios import Scenario
from analysis.methods.mcda import CR_ACCEPT, ahp_weights, normalise, weighted_scores
from analysis.methods.tiers import quantile_tiers, threshold_tiers, tier_stability

TIERS = ("A", "B", "C", "hold")
LOW_COVERAGE = 0.6  # below this share of the weights observed, a score rests on too little data
BORDERLINE = 0.80  # a region keeping its tier in fewer draws than this is borderline
ZSCORE_DDOF = 0  # population sd, pinned (pandas' .std() would use 1)
DEFAULT = Scenario()

CONTRACT_COLUMNS = [
    "region_id",
    "name",
    "level",
    "parent_id",
    "score",
    "tier",
    "rank",
    "gate",
    "coverage",
    "capacity_units",
    "housing_3y_units",
    "competitor_units",
    "our_units",
    "whitespace_units",
    "hhi",
    "leader_share",
    "our_share",
    "yoy_growth",
    "price_index",
]
FEATURE_PASSTHROUGH = [
    "name_en", "province_id", "leader", "pipeline_years", "households", "income_per_capita", "pipeline_units",
    "pipeline_per_1000hh", "served", "surveyed", "housed", "competitor_hhi", "competitor_price", "attainment",
    "our_revenue", "category",
]  # fmt: skip
SELL_IN_COLUMNS = ["range_coverage", "attainable_share", "planned_units"]


def _require(features: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in features.columns]
    if missing:
        raise ValueError(f"the feature table lacks column(s) {missing}; build it with analysis.market.features")


def normalised_criteria(features: pd.DataFrame, scenario: Scenario, which: str = "expansion") -> pd.DataFrame:
    """Each criterion of a score of `scenario` on the common scale, benefit-oriented (1 = best for min-max).

    Parameters
    ----------
    features : DataFrame
        The feature table; every criterion must be a column.
    scenario : Scenario
    which : {"expansion", "push"}

    Returns
    -------
    DataFrame
        One column per criterion, same index; missing values stay missing.
    """
    criteria = scenario.criteria if which == "expansion" else scenario.push_criteria
    _require(features, [c.name for c in criteria])
    return pd.DataFrame(
        {
            c.name: normalise(
                features[c.name].astype(float),
                method=scenario.method,
                direction=c.direction,
                goalposts=scenario.goalpost(c.name),
                ddof=ZSCORE_DDOF,
            )
            for c in criteria
        },
        index=features.index,
    )


@dataclass(frozen=True)
class Gate:
    """The gate's verdict per region: open or hold, why, and a flag for served markets."""

    open: np.ndarray  # bool
    reason: np.ndarray  # "" | "pipeline" (held: too little built) | "unknown" (no housing data)
    flag: np.ndarray  # "" | "drying" (served, pipeline at or below the minimum) | "unknown"
    metric: np.ndarray  # the figure tested: pipeline homes, or per 1,000 households


def gate(features: pd.DataFrame, scenario: Scenario) -> Gate:
    """Apply the scenario's housing gate (see the module docstring).

    Examples
    --------
    >>> f = pd.DataFrame({"pipeline_units": [0.0, 0.0, np.nan, 50.0], "served": [False, True, False, False]})
    >>> g = gate(f, Scenario())
    >>> g.open.tolist(), g.reason.tolist(), g.flag.tolist()
    ([False, True, True, True], ['pipeline', '', '', ''], ['', 'drying', 'unknown', ''])
    """
    n = len(features)
    rule = scenario.gate
    column = "pipeline_per_1000hh" if rule.per_1000_households else "pipeline_units"
    metric = features[column].to_numpy(dtype=float) if column in features else np.full(n, np.nan)
    served = features["served"].to_numpy(dtype=bool) if "served" in features else np.zeros(n, dtype=bool)
    if not rule.enabled:
        return Gate(np.ones(n, dtype=bool), np.full(n, "", dtype=object), np.full(n, "", dtype=object), metric)
    unknown = np.isnan(metric)
    with np.errstate(invalid="ignore"):
        thin = ~unknown & (metric <= rule.minimum)
    held_thin = thin & ~served
    held_unknown = unknown & ~served & rule.unknown_holds
    is_open = ~(held_thin | held_unknown)
    reason = np.select([held_thin, held_unknown], ["pipeline", "unknown"], "").astype(object)
    flag = np.select([thin & served, unknown & ~held_unknown], ["drying", "unknown"], "").astype(object)
    return Gate(is_open, reason, flag, metric)


def pareto_score_tiers(scores: pd.Series, capacity: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.DataFrame:
    """Tiers by cumulative share of capacity, best score first.

    Regions are ordered by score (ties by position); c_k is the share of the total capacity held by
    the regions up to and including k. A if c_k ≤ a, B if c_k ≤ b, else C (convention R1 of
    METHODS.md §3.1). A missing capacity counts as 0; a missing score gives no tier.

    Parameters
    ----------
    scores, capacity : Series
        Aligned on the same index.
    a, b : float, default 0.8 and 0.95

    Returns
    -------
    DataFrame
        Columns tier, rule ("pareto.A" …), value (c_k) and threshold (a for A, b for B and C).

    Examples
    --------
    >>> s = pd.Series([0.9, 0.8, 0.7, 0.1])
    >>> pareto_score_tiers(s, pd.Series([50.0, 30.0, 15.0, 5.0])).tier.tolist()
    ['A', 'A', 'B', 'C']
    """
    x = scores.to_numpy(dtype=float)
    cap = np.nan_to_num(capacity.reindex(scores.index).to_numpy(dtype=float), nan=0.0).clip(min=0)
    valid = ~np.isnan(x)
    order = np.argsort(-np.where(valid, x, -np.inf), kind="stable")
    total = cap[valid].sum()
    cum = np.full(x.shape, np.nan)
    cum[order] = np.cumsum(np.where(valid, cap, 0.0)[order]) / total if total > 0 else 1.0
    tier = np.select([~valid, cum <= a + 1e-12, cum <= b + 1e-12], [None, "A", "B"], "C").astype(object)
    tier[~valid] = None
    threshold = np.where(valid, np.where(tier == "A", a, b), np.nan)
    rule = np.where(valid, np.char.add("pareto.", np.where(valid, tier, "").astype(str)), "none").astype(object)
    return pd.DataFrame(
        {"tier": pd.Series(tier, index=scores.index, dtype="str"), "rule": pd.Series(rule, index=scores.index),
         "value": cum, "threshold": threshold},
        index=scores.index,
    )  # fmt: skip


def _tier_function(scenario: Scenario, capacity: pd.Series):
    """The tier function of the scenario, mapping a score Series (of open regions) to a tier frame."""
    if scenario.tier_rule == "quantile":
        return partial(quantile_tiers, a_share=scenario.a_share, b_share=scenario.b_share)
    if scenario.tier_rule == "threshold":
        return partial(threshold_tiers, a_min=scenario.a_min, b_min=scenario.b_min)
    return partial(pareto_score_tiers, capacity=capacity, a=scenario.pareto_a, b=scenario.pareto_b)


def score_regions(features: pd.DataFrame, scenario: Scenario = DEFAULT) -> pd.DataFrame:
    """Score, gate, rank and tier every region; the scored output of DATA.md.

    Parameters
    ----------
    features : DataFrame
        From `analysis.market.features.build_features`: region_id and one column per criterion are
        required; the contract's market columns are passed through (NaN if absent).
    scenario : Scenario

    Returns
    -------
    DataFrame
        Sorted by rank, with `CONTRACT_COLUMNS` (score, tier A/B/C or "hold", rank 1..n, gate
        "open"/"hold", coverage = share of the weights observed), ``contrib_<criterion>`` per expansion
        criterion (they add up to the score; NaN for a criterion the region lacks), ``push_score``,
        ``push_coverage`` and ``push_contrib_<criterion>`` (served regions only), ``gate_reason`` and
        ``pipeline_flag``, ``tier_rule`` (a code), ``tier_value`` / ``tier_threshold`` (what it
        tested), ``low_coverage`` (coverage < 0.6), the sell-in columns ``range_coverage``,
        ``attainable_share`` and ``planned_units``, and feature columns for display. A region with no
        criterion observed has score NaN and no tier.

    Raises
    ------
    ValueError
        If region_id or a criterion is missing from `features`.

    Examples
    --------
    >>> from analysis.market.scenarios import Criterion
    >>> f = pd.DataFrame({"region_id": ["a", "b"], "pipeline_units": [10.0, 0.0], "x": [1.0, 2.0]})
    >>> out = score_regions(f, Scenario(criteria=(Criterion("x"),), push_criteria=()))
    >>> out[["region_id", "score", "rank", "gate", "tier"]].to_dict("records")
    [{'region_id': 'b', 'score': 1.0, 'rank': 1, 'gate': 'hold', 'tier': 'hold'}, \
{'region_id': 'a', 'score': 0.0, 'rank': 2, 'gate': 'open', 'tier': 'A'}]
    """
    _require(features, ["region_id"])
    f = features.reset_index(drop=True)
    n = len(f)
    scored = weighted_scores(normalised_criteria(f, scenario), scenario.weights)
    score = scored["score"]
    # Tiers and ranks read the score to 12 decimals: scores equal but for floating-point noise (the same
    # weights scaled, summed in another order) tie, so the tier never depends on the last bits.
    ranked = score.round(12)
    verdict = gate(f, scenario)
    is_open = verdict.open

    tier = np.full(n, "hold", dtype=object)
    rule = np.where(verdict.reason == "unknown", "hold.unknown", "hold.pipeline").astype(object)
    value = verdict.metric.copy()
    threshold = np.full(n, scenario.gate.minimum)
    if is_open.any():
        capacity = f["capacity_units"] if "capacity_units" in f else pd.Series(np.nan, index=f.index)
        tiers = _tier_function(scenario, capacity[is_open])(ranked[is_open])
        tier[is_open] = tiers["tier"].to_numpy(dtype=object)
        rule[is_open] = tiers["rule"].to_numpy(dtype=object)
        value[is_open] = tiers["value"].to_numpy()
        threshold[is_open] = tiers["threshold"].to_numpy()
    tier = np.array([t if isinstance(t, str) else None for t in tier], dtype=object)

    push = _push(f, scenario)
    order = np.lexsort((f["region_id"].to_numpy(dtype=str), -np.nan_to_num(ranked.to_numpy(), nan=-np.inf)))
    rank = np.empty(n, dtype="int64")
    rank[order] = np.arange(1, n + 1)

    coverage_by_tier = scenario.sell_in.coverage()
    range_coverage = np.array([coverage_by_tier.get(t, np.nan) if t else np.nan for t in tier], dtype=float)
    capacity_units = f["capacity_units"].to_numpy(dtype=float) if "capacity_units" in f else np.nan
    passthrough = {c: f.get(c, np.nan) for c in CONTRACT_COLUMNS[9:]}
    passthrough |= {c: f[c] for c in FEATURE_PASSTHROUGH if c in f}
    columns = {
        "region_id": f["region_id"],
        "name": f.get("name", f["region_id"]),
        "level": f.get("level", ""),
        "parent_id": f.get("parent_id", pd.Series(np.nan, index=f.index, dtype="str")),
        "score": score.to_numpy(),
        "tier": pd.array(tier, dtype="str"),
        "rank": rank,
        "gate": pd.array(np.where(is_open, "open", "hold"), dtype="str"),
        "coverage": scored["coverage"].to_numpy(),
        **passthrough,
        **{c: scored[c].to_numpy() for c in scored.columns if c.startswith("contrib_")},
        **push,
        "gate_reason": pd.array(verdict.reason, dtype="str"),
        "pipeline_flag": pd.array(verdict.flag, dtype="str"),
        "tier_rule": pd.array(rule, dtype="str"),
        "tier_value": value,
        "tier_threshold": threshold,
        "low_coverage": scored["coverage"].to_numpy() < LOW_COVERAGE,
        "range_coverage": range_coverage,
        "attainable_share": scenario.sell_in.attainable_share,
        "planned_units": capacity_units * scenario.sell_in.attainable_share * range_coverage,
    }
    return pd.DataFrame({name: _in_order(values, order) for name, values in columns.items()})


def _push(f: pd.DataFrame, scenario: Scenario) -> dict[str, np.ndarray]:
    """The push score of the served regions (NaN elsewhere), with its coverage and contributions."""
    n = len(f)
    if not scenario.push_criteria or not all(c.name in f for c in scenario.push_criteria):
        return {"push_score": np.full(n, np.nan), "push_coverage": np.full(n, np.nan)}
    served = f["served"].to_numpy(dtype=bool) if "served" in f else np.zeros(n, dtype=bool)
    out = {"push_score": np.full(n, np.nan), "push_coverage": np.full(n, np.nan)}
    out |= {f"push_contrib_{c.name}": np.full(n, np.nan) for c in scenario.push_criteria}
    if served.any():
        part = weighted_scores(normalised_criteria(f[served], scenario, "push"), scenario.push_weights)
        out["push_score"][served] = part["score"].to_numpy()
        out["push_coverage"][served] = part["coverage"].to_numpy()
        for c in scenario.push_criteria:
            out[f"push_contrib_{c.name}"][served] = part[f"contrib_{c.name}"].to_numpy()
    return out


def _in_order(values, order: np.ndarray):
    """A column's values taken in `order`; a Series keeps its dtype, a scalar stays a scalar."""
    if isinstance(values, pd.Series):
        values = values.array
    return values.take(order) if hasattr(values, "take") else values


def sell_in_by_tier(scored: pd.DataFrame) -> pd.DataFrame:
    """Regions, capacity and planned sell-in per tier, with a total row.

    Parameters
    ----------
    scored : DataFrame
        Output of `score_regions`.

    Returns
    -------
    DataFrame
        Columns tier (A, B, C, hold, total), regions, capacity_units, range_coverage, planned_units.
    """
    rows = []
    for t in TIERS:
        part = scored[scored["tier"] == t]
        rows.append(
            {
                "tier": t,
                "regions": len(part),
                "capacity_units": float(part["capacity_units"].sum()),
                "range_coverage": float(part["range_coverage"].iloc[0]) if len(part) else np.nan,
                "planned_units": float(part["planned_units"].sum()),
            }
        )
    rows.append(
        {
            "tier": "total",
            "regions": len(scored),
            "capacity_units": float(scored["capacity_units"].sum()),
            "range_coverage": np.nan,
            "planned_units": float(scored["planned_units"].sum()),
        }
    )
    return pd.DataFrame(rows).astype({"tier": "str"})


def stability(
    features: pd.DataFrame, scenario: Scenario = DEFAULT, draws: int = 200, spread: float = 0.10, seed: int = 0
) -> pd.DataFrame:
    """Share of weight perturbations in which each open region keeps its tier.

    Each draw multiplies every weight by a uniform factor in [1 − spread, 1 + spread] and re-tiers
    the open regions (`analysis.methods.tiers.tier_stability`). Held regions are not tiered by
    score, so their share is NaN and they are never borderline.

    Returns
    -------
    DataFrame
        Columns region_id, keep_share (0-1) and borderline (keep_share < 0.80), in feature order.
    """
    f = features.reset_index(drop=True)
    is_open = gate(f, scenario).open
    keep = np.full(len(f), np.nan)
    if is_open.any():
        normalised = normalised_criteria(f, scenario)[is_open]
        capacity = f["capacity_units"] if "capacity_units" in f else pd.Series(np.nan, index=f.index)
        tier_fn = _tier_function(scenario, capacity[is_open])
        keep[is_open] = tier_stability(normalised, scenario.weights, tier_fn, draws=draws, spread=spread, seed=seed)
    return pd.DataFrame(
        {"region_id": f["region_id"], "keep_share": keep, "borderline": np.nan_to_num(keep, nan=1.0) < BORDERLINE}
    )


@dataclass(frozen=True)
class AHPWeights:
    """Weights from an AHP pairwise matrix, with its consistency (CR ≥ 0.10 is a warning)."""

    weights: dict[str, float]
    cr: float
    warning: bool


def weights_from_ahp(matrix, names: Sequence[str]) -> AHPWeights:
    """Criterion weights from a reciprocal pairwise comparison matrix (METHODS.md §2.2).

    Parameters
    ----------
    matrix : array-like, shape (n, n)
        a_ij = importance of criterion i over j on Saaty's 1-9 scale, a_ji = 1/a_ij.
    names : sequence of str
        The n criterion names, in matrix order.

    Returns
    -------
    AHPWeights

    Raises
    ------
    ValueError
        If the matrix is not square, positive and reciprocal, or does not match `names`.

    Examples
    --------
    >>> w = weights_from_ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["a", "b", "c"])
    >>> {k: round(v, 4) for k, v in w.weights.items()}, round(w.cr, 4), w.warning
    ({'a': 0.637, 'b': 0.2583, 'c': 0.1047}, 0.0332, False)
    """
    names = list(names)
    a = np.asarray(matrix, dtype=float)
    if a.shape != (len(names), len(names)):
        raise ValueError(f"{len(names)} criteria need a {len(names)}×{len(names)} matrix, got shape {a.shape}")
    result = ahp_weights(a)
    weights = {n: float(w) for n, w in zip(names, result.weights, strict=True)}
    return AHPWeights(weights=weights, cr=float(result.cr), warning=bool(result.cr >= CR_ACCEPT))
