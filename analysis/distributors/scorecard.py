"""The five-criteria distributor scorecard (METHODS.md §2.1–2.2): AHP or hand-set weights, weighted scores.

The field guide's five criteria — decision-maker credibility, business philosophy, financial
strength, the importance of our line in their portfolio, execution — each rated 1–5.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from analysis.distributors.common import require
from analysis.methods.mcda import AHPResult, ahp_matrix_from_upper, ahp_weights, normalise_weights, weighted_scores

# The field guide's five criteria, in the order of its list (and of the AHP matrix).
CRITERIA = ("credibility", "philosophy", "finance", "product_priority", "execution")
# METHODS.md §2.2's illustrative judgements a_12, a_13, a_14, a_15, a_23, …, a_45.
DEFAULT_AHP_UPPER = (3.0, 1.0, 2.0, 1.0, 1 / 3, 1 / 2, 1 / 3, 2.0, 1.0, 1 / 2)
AHP_PAIRS = tuple((a, b) for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1 :])


def parse_judgement(text: str | float) -> float:
    """An AHP judgement typed as "3", "1/3" or "0.5", as a positive number.

    Raises
    ------
    ValueError
        If the text is not a positive number or fraction.

    Examples
    --------
    >>> parse_judgement("1/3") == 1 / 3, parse_judgement(" 2 "), parse_judgement(0.5)
    (True, 2.0, 0.5)
    """
    raw = str(text).strip()
    compact = raw.replace(" ", "")
    try:
        value = float(Fraction(compact)) if re.fullmatch(r"[0-9.]+(/[0-9.]+)?", compact) else float("nan")
    except (ValueError, ZeroDivisionError):
        value = float("nan")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{raw!r} is not a positive number or fraction such as 3 or 1/3")
    return value


def format_judgement(value: float) -> str:
    """A judgement for display: 3 → "3", 1/3 → "1/3", 0.4 → "0.4".

    >>> [format_judgement(v) for v in (3.0, 1 / 3, 0.4)]
    ['3', '1/3', '0.4']
    """
    if value >= 1:
        return f"{value:g}"
    inverse = 1 / value
    return f"1/{round(inverse)}" if abs(inverse - round(inverse)) < 1e-9 else f"{value:g}"


def ahp(upper: Sequence[float] = DEFAULT_AHP_UPPER) -> AHPResult:
    """AHP weights of the five criteria from the upper triangle of their pairwise matrix.

    Parameters
    ----------
    upper : sequence of 10 floats
        Judgements in `AHP_PAIRS` order: how much more important the first criterion of each pair
        is than the second, on Saaty's 1–9 scale (1/3 = the second is moderately more important).

    Returns
    -------
    AHPResult
        Weights in `CRITERIA` order, λ_max, CI, CR and whether CR < 0.10.

    Examples
    --------
    >>> result = ahp()
    >>> result.weights.round(3).tolist(), round(result.cr, 3)
    ([0.26, 0.082, 0.26, 0.138, 0.26], 0.002)
    """
    return ahp_weights(ahp_matrix_from_upper(list(upper), len(CRITERIA)))


def criterion_weights(weights: Mapping[str, float] | AHPResult) -> dict[str, float]:
    """Weights of the five criteria, summing to 1, from hand-set values or an AHP result.

    Raises
    ------
    ValueError
        On a name that is not one of `CRITERIA`, or weights that are negative or all zero.

    Examples
    --------
    >>> criterion_weights({"credibility": 1, "finance": 1})
    {'credibility': 0.5, 'finance': 0.5}
    """
    if isinstance(weights, AHPResult):
        weights = dict(zip(CRITERIA, weights.weights.tolist(), strict=True))
    unknown = [k for k in weights if k not in CRITERIA]
    if unknown:
        raise ValueError(f"unknown criteria {unknown}; the criteria are {list(CRITERIA)}")
    return {k: float(v) for k, v in normalise_weights(dict(weights)).items() if v > 0}


def scorecard(distributors: pd.DataFrame, weights: Mapping[str, float] | AHPResult) -> pd.DataFrame:
    """Weighted 1–5 score of every distributor over the five criteria, with each criterion's share.

    score = Σ w_j · x_j over the criteria rated, the weights re-normalised over them (a missing rating
    is never read as 0, METHODS.md §2.1); ``contrib_<criterion>`` add up to the score and
    ``rated_weight`` is the share of the weight that was rated.

    Parameters
    ----------
    distributors : DataFrame
        The distributors kind: distributor_id and the five 1–5 ratings (missing allowed).
    weights : mapping of criterion → weight, or AHPResult
        Hand-set weights (any scale; criteria left out weigh 0) or the result of `ahp`.

    Returns
    -------
    DataFrame
        The input columns plus ``score`` (1–5, NaN when nothing is rated), ``rank`` (1 = best),
        ``rated_weight`` and ``contrib_<criterion>``; sorted by rank.

    Raises
    ------
    ValueError
        If a rating column is missing or the weights are invalid.

    Examples
    --------
    >>> d = pd.DataFrame({"distributor_id": ["D1", "D2"], **{c: [5, 3] for c in CRITERIA}})
    >>> d.loc[1, "credibility"] = 1
    >>> scorecard(d, {"credibility": 1, "finance": 3})[["distributor_id", "score", "rank"]].to_dict("records")
    [{'distributor_id': 'D1', 'score': 5.0, 'rank': 1}, {'distributor_id': 'D2', 'score': 2.5, 'rank': 2}]
    """
    require(distributors, ["distributor_id", *CRITERIA], "the distributors table")
    w = criterion_weights(weights)
    ratings = distributors[list(CRITERIA)].astype(float)
    scored = weighted_scores(ratings, w).rename(columns={"coverage": "rated_weight"})
    scored = scored.assign(**{f"contrib_{c}": scored.get(f"contrib_{c}", 0.0) for c in CRITERIA})
    out = pd.concat([distributors, scored], axis=1)
    order = out.sort_values(["score", "distributor_id"], ascending=[False, True], na_position="last").index
    rank = pd.Series(np.arange(1, len(out) + 1), index=order)
    return out.assign(rank=rank).loc[order].reset_index(drop=True)


def assess(distributors: pd.DataFrame, weights: Mapping[str, float] | AHPResult, classes: pd.DataFrame) -> pd.DataFrame:
    """The scorecard with each distributor's class and its evidence.

    Parameters
    ----------
    distributors : DataFrame
        The distributors kind (as in `scorecard`).
    weights : mapping or AHPResult
        As in `scorecard`.
    classes : DataFrame
        `analysis.distributors.classes.distributor_classes` of the same distributors.

    Returns
    -------
    DataFrame
        `scorecard` columns plus the class columns (class, rule, ordered_months, range_coverage,
        previous_class, bar, explanation, …); sorted by rank.

    Examples
    --------
    >>> d = pd.DataFrame({"distributor_id": ["D1"], **{c: [4] for c in CRITERIA}})
    >>> c = pd.DataFrame({"distributor_id": ["D1"], "class": ["A"]})
    >>> assess(d, ahp(), c)[["score", "class"]].round(6).to_dict("records")
    [{'score': 4.0, 'class': 'A'}]
    """
    card = scorecard(distributors, weights)
    extra = [c for c in classes.columns if c == "distributor_id" or c not in card.columns]
    return card.merge(classes[extra], on="distributor_id", how="left", validate="one_to_one")
