"""Tier classification: quantile, threshold and Pareto ABC tiers, hysteresis, stability.

Quantile, threshold and Pareto ABC tiers, hysteresis, distributor classes and the stability of tiers under weight
perturbation.

Rules and worked examples: METHODS.md §3. Tier functions return a frame with the tier, the rule
that fired as a code ("quantile.A", "threshold.B", "pareto.R1.C", "none"), the value the rule
tested and the threshold it was tested against; the words for a rule come from the text catalog
(`analysis.market.explain`), in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from analysis.methods.mcda import normalise_weights, weighted_scores

TIER_COLUMNS = ["tier", "rule", "value", "threshold"]
_TIER_LABELS = np.array(["A", "B", "C", None], dtype=object)
DISTRIBUTOR_CLASSES = ("A", "B", "C", "unclassified")
# Absorbs float noise at a boundary (0.7 − 0.05 is 0.6499999999999999) so that 0.65 clears it.
_EPS = 1e-12


def _as_float_series(values) -> pd.Series:
    """Values as a float Series, keeping the index of a Series."""
    return values.astype(float) if isinstance(values, pd.Series) else pd.Series(values, dtype=float)


def _tier_frame(index, tier, rule, value, threshold) -> pd.DataFrame:
    """Assemble the standard tier frame; NaN tiers stay missing."""
    tier = np.asarray(tier, dtype=object)
    return pd.DataFrame(
        {
            "tier": pd.Series(tier, index=index, dtype="str"),
            "rule": pd.Series(rule, index=index, dtype="str"),
            "value": np.asarray(value, dtype=float),
            "threshold": np.asarray(threshold, dtype=float),
        },
        index=index,
    )


def _rule_codes(family: str, code: np.ndarray) -> np.ndarray:
    """Rule codes from tier codes 0..3 (A, B, C, no tier): "quantile.A", …, "none"."""
    return np.array([f"{family}.A", f"{family}.B", f"{family}.C", "none"], dtype=object)[code]


def quantile_tiers(scores: pd.Series, a_share: float = 0.2, b_share: float = 0.3) -> pd.DataFrame:
    """Tiers by rank: the top `a_share` of regions are A, the next `b_share` B, the rest C.

    A region is A when fewer than ``a_share · n`` regions score strictly higher than it, and B when
    fewer than ``(a_share + b_share) · n`` do (n = regions with a score). Tied scores therefore always
    share a tier, whatever their order, and a group of one still has an A. Missing scores get tier NaN
    and rule "none".

    Parameters
    ----------
    scores : Series or array-like
        One score per region; higher is better.
    a_share, b_share : float, default 0.2 and 0.3
        Shares of regions in tiers A and B; non-negative with a_share + b_share ≤ 1.

    Returns
    -------
    DataFrame
        Columns ``tier`` (A/B/C), ``rule`` ("quantile.A" …), ``value`` (the score) and ``threshold``
        (the lowest score in the region's tier for A and B; for C the lowest score that made B, or A
        when B is empty).

    Examples
    --------
    >>> quantile_tiers(pd.Series([0.9, 0.5, 0.7, 0.1, np.nan])).tier.tolist()
    ['A', 'C', 'B', 'C', nan]
    >>> quantile_tiers(pd.Series([0.9, 0.5, 0.7, 0.1])).rule[2]
    'quantile.B'
    """
    if a_share < 0 or b_share < 0 or a_share + b_share > 1 + _EPS:
        raise ValueError(f"need a_share, b_share ≥ 0 and a_share + b_share ≤ 1, got {a_share}, {b_share}")
    s = _as_float_series(scores)
    values = s.to_numpy()
    valid = ~np.isnan(values)
    ranked = np.sort(values[valid])
    n = ranked.size
    higher = n - np.searchsorted(ranked, values, side="right")  # regions scoring strictly higher
    code = np.where(higher < a_share * n - _EPS, 0, np.where(higher < (a_share + b_share) * n - _EPS, 1, 2))
    code = np.where(valid, code, 3)
    # Lowest score in A and in B; C is measured against the lowest score that made it above C.
    floors = np.array([values[code == k].min() if (code == k).any() else np.nan for k in (0, 1)])
    floor_c = floors[1] if not np.isnan(floors[1]) else floors[0]
    threshold = np.append(floors, [floor_c, np.nan])[code]
    tier = _TIER_LABELS[code]
    return _tier_frame(s.index, tier, _rule_codes("quantile", code), values, threshold)


def threshold_tiers(scores, a_min: float, b_min: float) -> pd.DataFrame:
    """Tiers by fixed cut-offs: A if score ≥ a_min, B if ≥ b_min, else C.

    Parameters
    ----------
    scores : Series or array-like
        One score per region; missing scores get tier NaN and rule "none".
    a_min, b_min : float
        Cut-offs with a_min ≥ b_min.

    Returns
    -------
    DataFrame
        Columns ``tier``, ``rule`` ("threshold.A" …), ``value`` (the score) and ``threshold`` (the
        cut-off cleared, or for C the B cut-off missed), so ``value − threshold`` is the margin.

    Examples
    --------
    >>> out = threshold_tiers(pd.Series([0.82, 0.55, 0.3]), a_min=0.7, b_min=0.5)
    >>> out.tier.tolist(), out.threshold.tolist()
    (['A', 'B', 'C'], [0.7, 0.5, 0.5])
    """
    if a_min < b_min:
        raise ValueError(f"a_min must be at least b_min, got a_min={a_min}, b_min={b_min}")
    s = _as_float_series(scores)
    values = s.to_numpy()
    is_a = values >= a_min - _EPS
    is_b = ~is_a & (values >= b_min - _EPS)
    tier = np.select([np.isnan(values), is_a, is_b], [None, "A", "B"], "C")
    threshold = np.where(tier == "A", a_min, b_min)
    threshold = np.where(np.isnan(values), np.nan, threshold)
    code = np.select([np.isnan(values), is_a, is_b], [3, 0, 1], 2)
    return _tier_frame(s.index, tier, _rule_codes("threshold", code), values, threshold)


def pareto_tiers(values, a: float = 0.8, b: float = 0.95, convention: Literal["R1", "R2"] = "R1") -> pd.DataFrame:
    """Pareto ABC classes by cumulative share of the total, largest first (METHODS.md §3.1).

    Items are sorted by value, largest first (equal values keep their input order), and c_k is the
    cumulative share up to and including item k.

    - ``R1``: A if c_k ≤ a, B if c_k ≤ b, else C. The item that crosses a boundary goes to the lower
      class, so a single item above `a` leaves A empty.
    - ``R2``: classify by the share *before* the item, c_{k−1}: A if c_{k−1} < a, B if c_{k−1} < b,
      else C. The item that crosses a boundary goes to the upper class (R ``inventorize``, SAP PAL).

    Parameters
    ----------
    values : Series or array-like
        Non-negative values (sales, potential); missing values get tier NaN and rule "none".
    a, b : float, default 0.8 and 0.95
        Cumulative-share cut-offs, 0 < a ≤ b ≤ 1.
    convention : {"R1", "R2"}, default "R1"

    Returns
    -------
    DataFrame
        Columns ``tier``, ``rule`` ("pareto.R1.A" …, "pareto.zero" when every value is 0), ``value``
        (the cumulative share the rule tested: c_k for R1, c_{k−1} for R2) and ``threshold`` (a for A,
        b for B and C), in input order. When every value is 0 there is no share to rank by and every
        item is C.

    Examples
    --------
    >>> v = [27_000, 24_000, 18_000, 16_000, 6_000, 5_000, 4_000]
    >>> "".join(pareto_tiers(v).tier), "".join(pareto_tiers(v, convention="R2").tier)
    ('AAABBCC', 'AAAABBC')
    """
    if convention not in ("R1", "R2"):
        raise ValueError(f"convention must be 'R1' or 'R2', got {convention!r}")
    if not 0 < a <= b <= 1:
        raise ValueError(f"need 0 < a ≤ b ≤ 1, got a={a}, b={b}")
    s = _as_float_series(values)
    x = s.to_numpy()
    if (x < 0).any():
        raise ValueError(f"values must be non-negative; first negative at position {int(np.argmax(x < 0))}")
    valid = ~np.isnan(x)
    total = x[valid].sum()
    order = np.argsort(-np.where(valid, x, -np.inf), kind="stable")
    cum = np.full(x.shape, np.nan)
    cum[order] = np.cumsum(np.where(valid, x, 0.0)[order]) / total if total > 0 else 1.0
    tested = cum
    if convention == "R2" and total > 0:
        tested = cum - np.where(valid, x, np.nan) / total  # share before the item: c_{k-1}
    if convention == "R1":
        tier = np.select([~valid, tested <= a + _EPS, tested <= b + _EPS], [None, "A", "B"], "C")
    else:
        tier = np.select([~valid, tested < a - _EPS, tested < b - _EPS], [None, "A", "B"], "C")
    if total == 0:
        tier = np.where(valid, "C", None)
    threshold = np.where(valid, np.where(tier == "A", a, b), np.nan)
    code = np.select([~valid, tier == "A", tier == "B"], [3, 0, 1], 2)
    rule = _rule_codes(f"pareto.{convention}", code)
    if total == 0:
        rule = np.where(valid, "pareto.zero", "none").astype(object)
    return _tier_frame(s.index, tier, rule, tested, threshold)


def banded_tier(
    values_by_period, promote: float = 0.70, demote: float = 0.65, upper: str = "B", lower: str = "C"
) -> pd.Series:
    """Two-level tier with hysteresis: promote at ≥ `promote`, demote only below `demote`.

    The first period has no history and uses `promote`. A missing value keeps the previous tier (no
    evidence either way); before the first observed value the tier is NaN. With ``demote == promote``
    this is a plain threshold.

    Parameters
    ----------
    values_by_period : Series or array-like
        One value (e.g. SKU coverage) per period, oldest first.
    promote, demote : float, default 0.70 and 0.65
        Thresholds with demote ≤ promote.
    upper, lower : str, default "B" and "C"
        Labels of the two tiers.

    Returns
    -------
    Series
        The tier per period, with the index of the input.

    Examples
    --------
    >>> coverage = [0.72, 0.68, 0.71, 0.66, 0.64]
    >>> "".join(banded_tier(coverage, promote=0.70, demote=0.70)), "".join(banded_tier(coverage))
    ('BCBCC', 'BBBBC')
    """
    if demote > promote:
        raise ValueError(f"demote must not exceed promote, got promote={promote}, demote={demote}")
    s = _as_float_series(values_by_period)
    tiers: list[str | None] = []
    current = None
    for v in s.to_numpy():
        if not np.isnan(v):
            bar = demote if current == upper else promote
            current = upper if v >= bar - _EPS else lower
        tiers.append(current)
    return pd.Series(tiers, index=s.index, dtype="str", name="tier")


def _classify(ordered, coverage, previous, a_months, b_min, c_min, band):
    """Vectorised distributor classes plus the B and C bars each row was held to."""
    rank = {c: len(DISTRIBUTOR_CLASSES) - 1 - i for i, c in enumerate(DISTRIBUTOR_CLASSES)}  # A 3 … unclassified 0
    prev_rank = np.array([rank.get(p, 0) for p in previous])
    b_bar = np.where(prev_rank >= 2, b_min - band, b_min)
    c_bar = np.where(prev_rank >= 1, c_min - band, c_min)
    with np.errstate(invalid="ignore"):
        classes = np.select(
            [ordered >= a_months, coverage >= b_bar - _EPS, coverage >= c_bar - _EPS], ["A", "B", "C"], "unclassified"
        )
    return classes, b_bar, c_bar


def distributor_class(
    ordered_months_last_3,
    skus_stocked: float,
    skus_total: float,
    previous_class: str | None = None,
    band: float = 0.05,
    *,
    a_months: int = 3,
    b_min: float = 0.70,
    c_min: float = 0.50,
) -> tuple[str, str]:
    """Distributor class by the source's top-down rules (METHODS.md §3.2), with the rule that fired.

    A if the distributor ordered in each of the last `a_months` months; otherwise SKU coverage
    (stocked / total range) ≥ `b_min` → B, ≥ `c_min` → C, else "unclassified". With a previous class,
    a distributor that was at a level (or above it) keeps it until coverage falls below the level's
    threshold minus `band`, so that classes do not flap month to month. A is behavioural and has no band.

    Parameters
    ----------
    ordered_months_last_3 : int or sequence of bool
        Number of the last `a_months` months with an order, or one flag per month.
    skus_stocked, skus_total : float
        SKUs stocked and SKUs in the full range; a range of 0 gives "unclassified".
    previous_class : {"A", "B", "C", "unclassified"}, optional
        Last period's class; None means no history (no band).
    band : float, default 0.05
        Hysteresis band below each coverage threshold.
    a_months : int, default 3
    b_min, c_min : float, default 0.70 and 0.50

    Returns
    -------
    (str, str)
        The class and the rule that fired as a code: "class.A" (ordered every month), "class.B",
        "class.C" (coverage cleared), "class.unclassified", or "class.no_range" (no SKU range to
        measure coverage against).

    Examples
    --------
    >>> distributor_class(1, 18, 25)
    ('B', 'class.B')
    >>> distributor_class([True, True, True], 5, 25)
    ('A', 'class.A')
    """
    ordered = ordered_months_last_3
    if not np.isscalar(ordered):
        ordered = int(np.sum(np.asarray(ordered, dtype=bool)))
    frame = pd.DataFrame(
        {"ordered": [ordered], "stocked": [skus_stocked], "total": [skus_total], "previous": [previous_class]}
    )
    out = classify_distributors(
        frame,
        ordered_col="ordered",
        stocked_col="stocked",
        total_col="total",
        previous_col="previous",
        band=band,
        a_months=a_months,
        b_min=b_min,
        c_min=c_min,
    )
    return out["class"].iloc[0], out["rule"].iloc[0]


def classify_distributors(
    frame: pd.DataFrame,
    *,
    ordered_col: str = "ordered_months_last_3",
    stocked_col: str = "skus_stocked",
    total_col: str = "skus_total",
    previous_col: str | None = None,
    band: float = 0.05,
    a_months: int = 3,
    b_min: float = 0.70,
    c_min: float = 0.50,
) -> pd.DataFrame:
    """Distributor classes for a whole frame; the vectorised form of `distributor_class`.

    Parameters
    ----------
    frame : DataFrame
        One row per distributor.
    ordered_col, stocked_col, total_col : str
        Columns with the months ordered among the last `a_months`, SKUs stocked and SKUs in range.
    previous_col : str, optional
        Column with last period's class (missing = no history); without it no band applies.
    band, a_months, b_min, c_min
        As in `distributor_class`.

    Returns
    -------
    DataFrame
        Columns ``class`` and ``rule`` (as in `distributor_class`), same index as `frame`.

    Raises
    ------
    ValueError
        If a named column is missing or the thresholds are inconsistent.

    Examples
    --------
    >>> f = pd.DataFrame({"ordered_months_last_3": [3, 2, 0], "skus_stocked": [10, 17, 9], "skus_total": 25})
    >>> classify_distributors(f)["class"].tolist()
    ['A', 'C', 'unclassified']
    """
    needed = [ordered_col, stocked_col, total_col] + ([previous_col] if previous_col else [])
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"distributor frame is missing column(s) {missing}; columns are {list(frame.columns)}")
    if not 0 <= c_min <= b_min or band < 0:
        raise ValueError(f"need 0 ≤ c_min ≤ b_min and band ≥ 0, got c_min={c_min}, b_min={b_min}, band={band}")
    ordered = frame[ordered_col].to_numpy(dtype=float)
    stocked = frame[stocked_col].to_numpy(dtype=float)
    total = frame[total_col].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(total > 0, stocked / total, np.nan)
    previous = frame[previous_col].to_numpy(dtype=object) if previous_col else np.full(len(frame), None)
    previous = np.array([p if isinstance(p, str) else None for p in previous], dtype=object)
    unknown = sorted({p for p in previous if p is not None} - set(DISTRIBUTOR_CLASSES))
    if unknown:
        raise ValueError(f"{previous_col} has unknown classes {unknown}; expected one of {list(DISTRIBUTOR_CLASSES)}")
    classes, _, _ = _classify(ordered, coverage, previous, a_months, b_min, c_min, band)
    rules = np.char.add("class.", classes.astype(str)).astype(object)
    rules[(classes == "unclassified") & np.isnan(coverage)] = "class.no_range"
    return pd.DataFrame({"class": classes, "rule": rules}, index=frame.index, dtype="str")


def _tier_labels(result) -> np.ndarray:
    """The tier labels out of a tier function's result (a Series, or a frame with a `tier` column)."""
    labels = result["tier"] if isinstance(result, pd.DataFrame) else result
    return np.asarray(labels, dtype=object)


def _tier_codes_of_draws(tier_fn, scores: np.ndarray) -> np.ndarray | None:
    """Tier codes (0 A, 1 B, 2 C, 3 none) of every column of `scores`, vectorised.

    Only when `tier_fn` is the quantile or threshold rule (a `functools.partial` of `quantile_tiers`
    or `threshold_tiers`), by the same rule as those functions; None for any other tier function.
    """
    func, kw = getattr(tier_fn, "func", tier_fn), getattr(tier_fn, "keywords", {})
    valid = ~np.isnan(scores)
    if func is quantile_tiers:
        a_share, b_share = kw.get("a_share", 0.2), kw.get("b_share", 0.3)
        n = valid.sum(axis=0)
        ranked = np.sort(np.where(valid, scores, np.inf), axis=0)  # NaN last
        higher = np.empty(scores.shape)
        for d in range(scores.shape[1]):
            higher[:, d] = n[d] - np.searchsorted(ranked[: n[d], d], scores[:, d], side="right")
        code = np.where(higher < a_share * n - _EPS, 0, np.where(higher < (a_share + b_share) * n - _EPS, 1, 2))
    elif func is threshold_tiers:
        code = np.where(scores >= kw["a_min"] - _EPS, 0, np.where(scores >= kw["b_min"] - _EPS, 1, 2))
    else:
        return None
    return np.where(valid, code, 3)


def tier_stability(
    criteria_normalised: pd.DataFrame,
    weights: Mapping[str, float],
    tier_fn: Callable[[pd.Series], pd.Series | pd.DataFrame],
    draws: int = 200,
    spread: float = 0.10,
    seed: int = 0,
) -> pd.Series:
    """Share of weight perturbations under which each region keeps its tier.

    The base tier comes from `weighted_scores` with the given weights. Each draw multiplies every
    weight by an independent uniform factor in [1 − spread, 1 + spread], re-normalises the weights,
    rescores every region (missing criteria handled as in `weighted_scores`) and re-tiers with
    `tier_fn`. The scoring of all draws is one matrix product.

    Parameters
    ----------
    criteria_normalised : DataFrame
        One row per region, one normalised column per criterion.
    weights : mapping of criterion to weight
    tier_fn : callable
        Maps a score Series to tiers: a Series of labels or a frame with a ``tier`` column, e.g.
        `quantile_tiers` or ``functools.partial(threshold_tiers, a_min=0.7, b_min=0.5)``.
    draws : int, default 200
    spread : float, default 0.10
        Relative half-width of the perturbation, in [0, 1).
    seed : int, default 0
        Seed of the random generator, so results are reproducible.

    Returns
    -------
    Series
        Named "stability", in [0, 1] per region; NaN for regions without a base tier.

    Examples
    --------
    >>> crit = pd.DataFrame({"a": [0.9, 0.1, 0.3], "b": [0.1, 0.8, 0.3]})
    >>> tier_stability(crit, {"a": 0.5, "b": 0.5}, quantile_tiers, draws=50).round(2).tolist()
    [0.92, 0.92, 1.0]
    """
    if not 0 <= spread < 1:
        raise ValueError(f"spread must lie in [0, 1), got {spread}")
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    index = criteria_normalised.index
    base = _tier_labels(tier_fn(weighted_scores(criteria_normalised, weights)["score"]))
    w = normalise_weights(weights)
    rng = np.random.default_rng(seed)
    perturbed = w.to_numpy() * rng.uniform(1 - spread, 1 + spread, size=(draws, w.size))
    perturbed /= perturbed.sum(axis=1, keepdims=True)
    x = criteria_normalised[list(w.index)].to_numpy(dtype=float)
    observed = ~np.isnan(x)
    numerator = np.where(observed, x, 0.0) @ perturbed.T
    denominator = observed.astype(float) @ perturbed.T
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(denominator > 0, numerator / denominator, np.nan)
    codes = _tier_codes_of_draws(tier_fn, scores)
    if codes is not None:  # quantile and threshold rules: every draw at once
        kept = (_TIER_LABELS[codes] == base[:, None]).sum(axis=1).astype(float)
    else:
        kept = np.zeros(len(index))
        for d in range(draws):
            kept += _tier_labels(tier_fn(pd.Series(scores[:, d], index=index))) == base
    has_tier = pd.notna(base)
    return pd.Series(np.where(has_tier, kept / draws, np.nan), index=index, name="stability")
