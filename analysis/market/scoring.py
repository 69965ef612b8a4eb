"""Market scoring: weighted criteria, the housing gate, A/B/C tiers with their rule, stability, sell-in.

`score_regions` turns a feature table (`analysis.market.features.build_features`) into the scored output
of DATA.md: every criterion is normalised (min-max, optionally with fixed goalposts, or z-score
with ddof = 0), weighted (missing criteria re-normalise the weights and lower `coverage`), and
kept as a `contrib_<criterion>` column so that the contributions add up to the score. Regions
whose housing pipeline is at or below the gate are put on hold; the open ones get tiers.

Decisions:

- `rank` runs 1..n by score over all regions, held ones included, so a held region shows where it
  would stand once homes are planned; ties go to the lower region_id.
- `price_index` (our price ÷ local competitors') is a cost criterion: where we are cheap relative
  to the local market, there is price headroom and share is easier to win.
- Pareto tiers rank open regions by score and accumulate their share of capacity: A while the
  cumulative share is ≤ `pareto_a`, B while ≤ `pareto_b` (convention R1 of METHODS.md §3.1).
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.methods.mcda import CR_ACCEPT, ahp_weights, normalise, weighted_scores
from analysis.methods.tiers import quantile_tiers, threshold_tiers, tier_stability

PRESETS_DIR = config.PRESETS_DIR
METHODS = ("minmax", "zscore")
TIER_RULES = ("quantile", "threshold", "pareto")
DIRECTIONS = ("benefit", "cost")
TIERS = ("A", "B", "C", "hold")
LOW_COVERAGE = 0.6  # below this share of the weights observed, a score rests on too little data
BORDERLINE = 0.80  # a region keeping its tier in fewer draws than this is borderline
ZSCORE_DDOF = 0  # population sd, pinned (pandas' .std() would use 1)

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
FEATURE_PASSTHROUGH = ["name_en", "province_id", "leader", "pipeline_years", "households", "income_per_capita"]
SELL_IN_COLUMNS = ["range_coverage", "attainable_share", "planned_units"]


@dataclass(frozen=True)
class Criterion:
    """One scoring criterion: a feature column, whether more is better, and its weight.

    Attributes
    ----------
    name : str
        A column of the feature table.
    direction : {"benefit", "cost"}
        "benefit": more is better; "cost": less is better.
    weight : float
        Non-negative; weights are scaled to sum to 1 when scoring.
    """

    name: str
    direction: str = "benefit"
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"criterion {self.name!r}: direction must be one of {DIRECTIONS}, got {self.direction!r}")
        if not np.isfinite(self.weight) or self.weight < 0:
            raise ValueError(f"criterion {self.name!r}: weight must be finite and non-negative, got {self.weight!r}")
        object.__setattr__(self, "weight", float(self.weight))


@dataclass(frozen=True)
class SellInAssumptions:
    """Expected sell-in: capacity × attainable share × range coverage of the region's tier.

    The field practice: A markets carry the full range and order ahead, B markets stock at least
    70 % of the range, C markets at least 50 %. Held regions plan nothing.

    Attributes
    ----------
    attainable_share : float
        Share of a region's capacity we can expect to win with the full range (0-1).
    coverage_a, coverage_b, coverage_c : float
        Range coverage by tier (0-1).
    """

    attainable_share: float = 0.15
    coverage_a: float = 1.0
    coverage_b: float = 0.70
    coverage_c: float = 0.50

    def __post_init__(self) -> None:
        for name in ("attainable_share", "coverage_a", "coverage_b", "coverage_c"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"sell-in {name} must lie in [0, 1], got {value!r}")

    def coverage(self) -> dict[str, float]:
        """Range coverage per tier, "hold" included (0)."""
        return {"A": self.coverage_a, "B": self.coverage_b, "C": self.coverage_c, "hold": 0.0}


DEFAULT_CRITERIA = (
    Criterion("whitespace_units", "benefit", 0.25),
    Criterion("housing_per_1000hh", "benefit", 0.20),
    Criterion("capacity_units", "benefit", 0.15),
    Criterion("yoy_growth", "benefit", 0.10),
    Criterion("income_per_capita", "benefit", 0.10),
    Criterion("hhi", "cost", 0.10),
    Criterion("price_index", "cost", 0.10),
)


@dataclass(frozen=True)
class ScoringConfig:
    """Everything that decides a score and a tier; frozen, so it hashes as a cache key.

    Attributes
    ----------
    criteria : tuple of Criterion
        Names must be unique; at least one weight must be positive.
    method : {"minmax", "zscore"}
        Normalisation; z-scores use the population sd (ddof = 0).
    goalposts : mapping of criterion → (lo, hi), optional
        Fixed min-max reference values per criterion (stored as a sorted tuple of
        ``(name, lo, hi)``; read them with `goalpost`).
    gate_min_housing : float or None
        A region is held when housing_3y_units ≤ this (or unknown); None switches the gate off.
        Default 0: nothing planned in the next three years → hold.
    tier_rule : {"quantile", "threshold", "pareto"}
    a_share, b_share : float
        Quantile tiers: the top `a_share` of open regions are A, the next `b_share` B.
    a_min, b_min : float
        Threshold tiers: score ≥ a_min is A, ≥ b_min B.
    pareto_a, pareto_b : float
        Pareto tiers: cumulative capacity share cut-offs in score order.
    sell_in : SellInAssumptions
    """

    criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    method: str = "minmax"
    goalposts: Mapping[str, tuple[float, float]] | tuple | None = None
    gate_min_housing: float | None = 0.0
    tier_rule: str = "quantile"
    a_share: float = 0.2
    b_share: float = 0.3
    a_min: float = 0.6
    b_min: float = 0.4
    pareto_a: float = 0.8
    pareto_b: float = 0.95
    sell_in: SellInAssumptions = field(default_factory=SellInAssumptions)

    def __post_init__(self) -> None:
        criteria = tuple(c if isinstance(c, Criterion) else Criterion(**c) for c in self.criteria)
        object.__setattr__(self, "criteria", criteria)
        names = [c.name for c in criteria]
        if not names:
            raise ValueError("a scoring config needs at least one criterion")
        if len(set(names)) != len(names):
            raise ValueError(f"criterion names must be unique, got {names}")
        if not sum(c.weight for c in criteria) > 0:
            raise ValueError("at least one criterion weight must be positive")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.tier_rule not in TIER_RULES:
            raise ValueError(f"tier_rule must be one of {TIER_RULES}, got {self.tier_rule!r}")
        if self.a_share < 0 or self.b_share < 0 or self.a_share + self.b_share > 1:
            raise ValueError(f"need a_share, b_share ≥ 0 with a sum ≤ 1, got {self.a_share}, {self.b_share}")
        if self.a_min < self.b_min:
            raise ValueError(f"a_min must be at least b_min, got {self.a_min} < {self.b_min}")
        if not 0 < self.pareto_a <= self.pareto_b <= 1:
            raise ValueError(f"need 0 < pareto_a ≤ pareto_b ≤ 1, got {self.pareto_a}, {self.pareto_b}")
        goalposts = self.goalposts
        if isinstance(goalposts, Mapping):
            goalposts = tuple(sorted((str(k), float(lo), float(hi)) for k, (lo, hi) in goalposts.items()))
        elif goalposts is not None:
            goalposts = tuple(sorted((str(k), float(lo), float(hi)) for k, lo, hi in goalposts))
        if goalposts:
            unknown = sorted({k for k, _, _ in goalposts} - set(names))
            if unknown:
                raise ValueError(f"goalposts name unknown criteria {unknown}; criteria are {names}")
            if self.method != "minmax":
                raise ValueError("goalposts apply to min-max only, not to z-scores")
            bad = [k for k, lo, hi in goalposts if not hi > lo]
            if bad:
                raise ValueError(f"goalposts must satisfy lo < hi; check {bad}")
        object.__setattr__(self, "goalposts", goalposts or None)
        if self.gate_min_housing is not None:
            object.__setattr__(self, "gate_min_housing", float(self.gate_min_housing))
        if isinstance(self.sell_in, Mapping):
            object.__setattr__(self, "sell_in", SellInAssumptions(**self.sell_in))

    @property
    def weights(self) -> dict[str, float]:
        """Criterion → weight, as given (not yet scaled to 1)."""
        return {c.name: c.weight for c in self.criteria}

    def goalpost(self, name: str) -> tuple[float, float] | None:
        """The fixed (lo, hi) of a criterion, or None."""
        return next(((lo, hi) for k, lo, hi in self.goalposts or () if k == name), None)

    def with_weights(self, weights: Mapping[str, float]) -> ScoringConfig:
        """A copy with new weights for the criteria named in `weights` (others keep theirs)."""
        criteria = tuple(dataclasses.replace(c, weight=float(weights.get(c.name, c.weight))) for c in self.criteria)
        return dataclasses.replace(self, criteria=criteria)


def _require(features: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in features.columns]
    if missing:
        raise ValueError(f"the feature table lacks column(s) {missing}; build it with analysis.features")


def normalised_criteria(features: pd.DataFrame, config: ScoringConfig) -> pd.DataFrame:
    """Each criterion of `config` on the common scale, benefit-oriented (1 = best for min-max).

    Parameters
    ----------
    features : DataFrame
        The feature table; every criterion must be a column.
    config : ScoringConfig

    Returns
    -------
    DataFrame
        One column per criterion, same index; missing values stay missing.
    """
    _require(features, [c.name for c in config.criteria])
    return pd.DataFrame(
        {
            c.name: normalise(
                features[c.name].astype(float),
                method=config.method,
                direction=c.direction,
                goalposts=config.goalpost(c.name),
                ddof=ZSCORE_DDOF,
            )
            for c in config.criteria
        },
        index=features.index,
    )


def _gate(features: pd.DataFrame, config: ScoringConfig) -> np.ndarray:
    """True where a region is open: its pipeline is known and above the minimum (or the gate is off)."""
    if config.gate_min_housing is None:
        return np.ones(len(features), dtype=bool)
    pipeline = features["housing_3y_units"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        return pipeline > config.gate_min_housing


def pareto_score_tiers(
    scores: pd.Series, capacity: pd.Series, a: float = 0.8, b: float = 0.95, *, explain: bool = True
) -> pd.DataFrame:
    """Tiers by cumulative share of capacity, best score first.

    Regions are ordered by score (ties by position); c_k is the share of the total capacity held by
    the regions up to and including k. A if c_k ≤ a, B if c_k ≤ b, else C (convention R1 of
    METHODS.md §3.1). A missing capacity counts as 0; a missing score gives no tier.

    Parameters
    ----------
    scores, capacity : Series
        Aligned on the same index.
    a, b : float, default 0.8 and 0.95
    explain : bool, default True
        Write the rule text.

    Returns
    -------
    DataFrame
        Columns tier, rule, value (c_k) and threshold (a for A, b for B and C), same index.

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
    rule = None
    if explain:
        rule = [
            "no score"
            if t is None
            else f"{t}: cumulative capacity share in score order {c:.2f} {'>' if t == 'C' else '≤'} {th:.2f}"
            for t, c, th in zip(tier, cum, threshold, strict=True)
        ]
    return pd.DataFrame(
        {
            "tier": pd.Series(tier, index=scores.index, dtype="str"),
            "rule": pd.Series(rule if rule is not None else np.nan, index=scores.index, dtype="str"),
            "value": cum,
            "threshold": threshold,
        },
        index=scores.index,
    )


def _tier_function(config: ScoringConfig, capacity: pd.Series):
    """The tier function of the config, mapping a score Series (of open regions) to a tier frame."""
    if config.tier_rule == "quantile":
        return partial(quantile_tiers, a_share=config.a_share, b_share=config.b_share)
    if config.tier_rule == "threshold":
        return partial(threshold_tiers, a_min=config.a_min, b_min=config.b_min)
    return partial(pareto_score_tiers, capacity=capacity, a=config.pareto_a, b=config.pareto_b)


def _pct(x: float) -> str:
    return f"{x * 100:g} %"


def _quantile_rules(tiers: pd.DataFrame, config: ScoringConfig) -> np.ndarray:
    """'A: top 20 % by score (score 0.710 ≥ 0.640)' and the like, from quantile tiers."""
    a, b, ab = _pct(config.a_share), _pct(config.b_share), _pct(config.a_share + config.b_share)
    heads = {"A": f"A: top {a} by score", "B": f"B: next {b} after the top {a}", "C": f"C: below the top {ab}"}
    bars: dict[tuple, str] = {}  # a tier shares one threshold: format it once, and only the scores per region
    rules = []
    # Lists of Python floats: they format several times faster than numpy's.
    for tier, value, threshold in zip(*(tiers[c].tolist() for c in ("tier", "value", "threshold")), strict=True):
        if tier not in heads:
            rules.append("no score")
            continue
        if (tier, threshold) not in bars:
            sign = "<" if tier == "C" else "≥"
            bars[tier, threshold] = ")" if math.isnan(threshold) else f" {sign} {threshold:.3f})"
        rules.append(f"{heads[tier]} (score {value:.3f}{bars[tier, threshold]}")
    return np.array(rules, dtype=object)


def _hold_rules(features: pd.DataFrame, config: ScoringConfig) -> np.ndarray:
    """Why each of these (held) regions is on hold."""
    years = features["pipeline_years"].astype(str).to_numpy() if "pipeline_years" in features else None
    pipeline = features["housing_3y_units"].astype(float).tolist()
    out = []
    for i, units in enumerate(pipeline):
        span = f" in {years[i]}" if years is not None and years[i] else ""
        if math.isnan(units):
            out.append(f"hold: no housing pipeline reported{span}")
        else:
            out.append(f"hold: {units:,.0f} new homes planned{span} ≤ {config.gate_min_housing:,.0f} (housing gate)")
    return np.asarray(out, dtype=object)


def score_regions(features: pd.DataFrame, config: ScoringConfig = ScoringConfig()) -> pd.DataFrame:
    """Score, gate, rank and tier every region; the scored output of DATA.md.

    Parameters
    ----------
    features : DataFrame
        From `analysis.market.features.build_features`: region_id, housing_3y_units and one column per
        criterion are required; the contract's market columns are passed through (NaN if absent).
    config : ScoringConfig

    Returns
    -------
    DataFrame
        Sorted by rank, with `CONTRACT_COLUMNS` (score, tier A/B/C or "hold", rank 1..n, gate
        "open"/"hold", coverage = share of the weights observed), ``contrib_<criterion>`` per criterion
        (they add up to the score; NaN for a criterion the region lacks), ``tier_rule`` (the rule that
        fired, in words), ``tier_value`` / ``tier_threshold`` (what it tested), ``low_coverage``
        (coverage < 0.6), the sell-in columns ``range_coverage``, ``attainable_share`` and
        ``planned_units``, and a few feature columns for display (name_en, province_id, leader, ...).
        A region with no criterion observed has score NaN and no tier.

    Raises
    ------
    ValueError
        If region_id, housing_3y_units or a criterion is missing from `features`.

    Examples
    --------
    >>> f = pd.DataFrame({"region_id": ["a", "b"], "housing_3y_units": [10.0, 0.0], "x": [1.0, 2.0]})
    >>> out = score_regions(f, ScoringConfig(criteria=(Criterion("x"),)))
    >>> out[["region_id", "score", "rank", "gate", "tier"]].to_dict("records")
    [{'region_id': 'b', 'score': 1.0, 'rank': 1, 'gate': 'hold', 'tier': 'hold'}, \
{'region_id': 'a', 'score': 0.0, 'rank': 2, 'gate': 'open', 'tier': 'A'}]
    """
    _require(features, ["region_id", "housing_3y_units"])
    f = features.reset_index(drop=True)
    normalised = normalised_criteria(f, config)
    scored = weighted_scores(normalised, config.weights)
    score = scored["score"]
    is_open = _gate(f, config)

    tier = np.full(len(f), "hold", dtype=object)
    rule = np.full(len(f), "", dtype=object)
    rule[~is_open] = _hold_rules(f[~is_open], config)
    value = np.full(len(f), np.nan)
    threshold = np.full(len(f), np.nan)
    if is_open.any():
        capacity = f["capacity_units"] if "capacity_units" in f else pd.Series(np.nan, index=f.index)
        tier_fn = _tier_function(config, capacity[is_open])
        tiers = tier_fn(score[is_open], explain=config.tier_rule != "quantile")
        tier[is_open] = tiers["tier"].to_numpy(dtype=object)
        rule[is_open] = _quantile_rules(tiers, config) if config.tier_rule == "quantile" else tiers["rule"].to_numpy()
        value[is_open] = tiers["value"].to_numpy()
        threshold[is_open] = tiers["threshold"].to_numpy()
    tier = np.array([t if isinstance(t, str) else None for t in tier], dtype=object)

    order = np.lexsort((f["region_id"].to_numpy(dtype=str), -np.nan_to_num(score.to_numpy(), nan=-np.inf)))
    rank = np.empty(len(f), dtype="int64")
    rank[order] = np.arange(1, len(f) + 1)

    coverage_by_tier = config.sell_in.coverage()
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
        "tier_rule": pd.array(rule, dtype="str"),
        "tier_value": value,
        "tier_threshold": threshold,
        "low_coverage": scored["coverage"].to_numpy() < LOW_COVERAGE,
        "range_coverage": range_coverage,
        "attainable_share": config.sell_in.attainable_share,
        "planned_units": capacity_units * config.sell_in.attainable_share * range_coverage,
    }
    return pd.DataFrame({name: _in_order(values, order) for name, values in columns.items()})


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
    features: pd.DataFrame,
    config: ScoringConfig = ScoringConfig(),
    draws: int = 200,
    spread: float = 0.10,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of weight perturbations in which each open region keeps its tier.

    Each draw multiplies every weight by a uniform factor in [1 − spread, 1 + spread] and re-tiers
    the open regions (`analysis.methods.tiers.tier_stability`). Held regions are not tiered by
    score, so their share is NaN and they are never borderline.

    Parameters
    ----------
    features : DataFrame
    config : ScoringConfig
    draws : int, default 200
    spread : float, default 0.10
    seed : int, default 0

    Returns
    -------
    DataFrame
        Columns region_id, keep_share (0-1) and borderline (keep_share < 0.80), in feature order.
    """
    f = features.reset_index(drop=True)
    is_open = _gate(f, config)
    keep = np.full(len(f), np.nan)
    if is_open.any():
        normalised = normalised_criteria(f, config)[is_open]
        capacity = f["capacity_units"] if "capacity_units" in f else pd.Series(np.nan, index=f.index)
        tier_fn = _tier_function(config, capacity[is_open])
        keep[is_open] = tier_stability(normalised, config.weights, tier_fn, draws=draws, spread=spread, seed=seed)
    return pd.DataFrame(
        {"region_id": f["region_id"], "keep_share": keep, "borderline": np.nan_to_num(keep, nan=1.0) < BORDERLINE}
    )


@dataclass(frozen=True)
class AHPWeights:
    """Weights from an AHP pairwise matrix, with its consistency.

    Attributes
    ----------
    weights : dict of criterion → weight (sums to 1)
    cr : float
        Saaty's consistency ratio.
    warning : bool
        True when CR ≥ 0.10: the judgements contradict each other too much to trust.
    """

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


def list_presets() -> list[str]:
    """Names of the bundled presets (TOML files in analysis/presets/)."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))


def _preset_path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix == ".toml" or path.exists():
        return path
    candidate = PRESETS_DIR / f"{name_or_path}.toml"
    if not candidate.exists():
        raise ValueError(f"no preset named {name_or_path!r}; bundled presets: {', '.join(list_presets())}")
    return candidate


def config_from_dict(data: Mapping) -> ScoringConfig:
    """A ScoringConfig from the dict form of a preset (see `load_preset`).

    Raises
    ------
    ValueError
        On an unknown key or an invalid value, naming it.
    """
    data = dict(data)
    data.pop("name", None)
    data.pop("description", None)
    known = {f.name for f in dataclasses.fields(ScoringConfig)} | {"gate"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown preset key(s) {unknown}; known keys: {sorted(known)}")
    if "criteria" in data:
        try:
            data["criteria"] = tuple(Criterion(**c) for c in data["criteria"])
        except TypeError as exc:
            raise ValueError(f"a [[criteria]] entry needs name, direction and weight: {exc}") from exc
    if "sell_in" in data:
        try:
            data["sell_in"] = SellInAssumptions(**data["sell_in"])
        except TypeError as exc:
            raise ValueError(f"[sell_in]: {exc}") from exc
    if data.pop("gate", True) is False:
        data["gate_min_housing"] = None
    return ScoringConfig(**data)


def load_preset(name_or_path: str | Path) -> ScoringConfig:
    """Read a scoring preset: a bundled name ("default", "growth", "whitespace") or a TOML file.

    The file holds the fields of `ScoringConfig` at the top level, one ``[[criteria]]`` table per
    criterion (name, direction, weight), optional ``[goalposts]`` (criterion = [lo, hi]) and
    ``[sell_in]``; ``gate = false`` switches the housing gate off.

    Parameters
    ----------
    name_or_path : str or Path

    Returns
    -------
    ScoringConfig

    Raises
    ------
    ValueError
        On an unknown preset, a file that is not valid TOML, or invalid settings (named).
    OSError
        If the file cannot be read.
    """
    path = _preset_path(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from exc
    return config_from_dict(data)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(float(value)) if isinstance(value, float) else str(value)


def preset_text(config: ScoringConfig, name: str = "") -> str:
    """The TOML text of a config, as `save_preset` writes it and `load_preset` reads it back."""
    lines = [f"name = {_toml_value(name)}"] if name else []
    lines.append(f"method = {_toml_value(config.method)}")
    lines.append(f"tier_rule = {_toml_value(config.tier_rule)}")
    if config.gate_min_housing is None:
        lines.append("gate = false")
    else:
        lines.append(f"gate_min_housing = {_toml_value(config.gate_min_housing)}")
    for key in ("a_share", "b_share", "a_min", "b_min", "pareto_a", "pareto_b"):
        lines.append(f"{key} = {_toml_value(getattr(config, key))}")
    if config.goalposts:
        lines.append("\n[goalposts]")
        lines += [f"{k} = {_toml_value([lo, hi])}" for k, lo, hi in config.goalposts]
    lines.append("\n[sell_in]")
    lines += [f"{f.name} = {_toml_value(getattr(config.sell_in, f.name))}" for f in dataclasses.fields(config.sell_in)]
    for c in config.criteria:
        lines += [
            "\n[[criteria]]",
            f"name = {_toml_value(c.name)}",
            f"direction = {_toml_value(c.direction)}",
            f"weight = {_toml_value(c.weight)}",
        ]
    return "\n".join(lines) + "\n"


def save_preset(config: ScoringConfig, path: str | Path, name: str = "") -> Path:
    """Write a config as a TOML preset that `load_preset` reads back unchanged.

    Parameters
    ----------
    config : ScoringConfig
    path : str or Path
    name : str, optional
        Stored as the preset's name.

    Returns
    -------
    Path
    """
    path = Path(path)
    path.write_text(preset_text(config, name), encoding="utf-8")
    return path
