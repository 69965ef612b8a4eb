"""Multi-criteria scoring: normalisation, weighted linear combination, AHP weights and TOPSIS.

Formulas and worked examples: METHODS.md §2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

# Saaty's random consistency index by matrix size (METHODS.md §2.2).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
CR_ACCEPT = 0.10


def normalise(
    x,
    method: Literal["minmax", "zscore"] = "minmax",
    direction: Literal["benefit", "cost"] = "benefit",
    goalposts: tuple[float, float] | None = None,
    ddof: int = 0,
) -> pd.Series:
    """Put one criterion on a common scale.

    - ``minmax``: (x − lo) / (hi − lo), with lo/hi the column's min/max, or fixed `goalposts` so that
      scores stay comparable month to month (values outside the goalposts are clipped to [0, 1]).
      A constant column carries no information to rank by, so every observed value gets 0.5 (the
      midpoint) rather than NaN or ±inf.
    - ``zscore``: (x − mean) / sd with sd computed with `ddof` (0 = population sd, numpy's default;
      pandas' ``.std()`` uses 1). A constant column gives 0.0.

    For a cost criterion (lower is better) the scale is reversed: 1 − minmax, or −z.
    Missing values stay missing.

    Parameters
    ----------
    x : array-like or Series
        Values of one criterion.
    method : {"minmax", "zscore"}, default "minmax"
    direction : {"benefit", "cost"}, default "benefit"
    goalposts : (float, float), optional
        Fixed (lo, hi) reference values for min-max, with lo < hi.
    ddof : int, default 0
        Delta degrees of freedom of the z-score's standard deviation.

    Returns
    -------
    Series
        Normalised values, with the index and name of `x` when it is a Series.

    Raises
    ------
    ValueError
        On an unknown method or direction, goalposts with lo ≥ hi, or goalposts with ``zscore``.

    Examples
    --------
    >>> normalise([120, 80, 60, 40]).tolist()
    [1.0, 0.5, 0.25, 0.0]
    >>> normalise([8, 5, 9, 3], direction="cost", goalposts=(0, 10)).round(2).tolist()
    [0.2, 0.5, 0.1, 0.7]
    >>> normalise([5, 5, np.nan]).tolist()
    [0.5, 0.5, nan]
    """
    if method not in ("minmax", "zscore"):
        raise ValueError(f"method must be 'minmax' or 'zscore', got {method!r}")
    if direction not in ("benefit", "cost"):
        raise ValueError(f"direction must be 'benefit' or 'cost', got {direction!r}")
    index, name = (x.index, x.name) if isinstance(x, pd.Series) else (None, None)
    values = np.asarray(x, dtype=float)
    seen = values[~np.isnan(values)]
    if method == "zscore":
        if goalposts is not None:
            raise ValueError("goalposts apply to min-max only, not to z-scores")
        sd = seen.std(ddof=ddof) if seen.size > ddof else 0.0
        out = (values - seen.mean()) / sd if sd > 0 else values * 0.0  # missing stays missing
        return pd.Series(-out if direction == "cost" else out, index=index, name=name)
    if goalposts is None:
        if not seen.size or not seen.max() > seen.min():  # constant column (or nothing observed)
            return pd.Series(np.where(np.isnan(values), np.nan, 0.5), index=index, name=name)
        lo, hi = seen.min(), seen.max()
    else:
        lo, hi = (float(v) for v in goalposts)
        if not hi > lo:
            raise ValueError(f"goalposts must satisfy lo < hi, got {goalposts!r}")
    out = np.clip((values - lo) / (hi - lo), 0.0, 1.0)
    return pd.Series(1.0 - out if direction == "cost" else out, index=index, name=name)


def normalise_weights(weights: Mapping[str, float] | Sequence[float]) -> pd.Series:
    """Weights scaled to sum to 1, after checking they are finite, non-negative and not all zero.

    Parameters
    ----------
    weights : mapping of criterion to weight, or a sequence of weights

    Returns
    -------
    Series
        Weights summing to 1, indexed by criterion (or position for a sequence).

    Raises
    ------
    ValueError
        If a weight is negative or not finite, or the weights are empty or all zero.

    Examples
    --------
    >>> normalise_weights({"potential": 2, "stores": 1, "growth": 1}).tolist()
    [0.5, 0.25, 0.25]
    """
    names = list(weights) if isinstance(weights, Mapping) else list(range(len(weights)))
    values = np.array([weights[k] for k in names] if isinstance(weights, Mapping) else list(weights), dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        offending = {k: float(v) for k, v, b in zip(names, values, bad, strict=True) if b}
        raise ValueError(f"weights must be finite and non-negative; bad: {offending}")
    if values.size == 0 or not values.sum() > 0:
        raise ValueError(f"weights must not be empty or all zero, got {dict(zip(names, values.tolist(), strict=True))}")
    return pd.Series(values / values.sum(), index=names)


def weighted_scores(normalised: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """Weighted linear combination with missing criteria handled by re-normalising the weights.

    Weights are scaled to sum to 1. For each row, the weights of the observed (non-NaN) criteria are
    re-normalised (OECD/JRC option (a), METHODS.md §2.1)::

        score_i    = Σ_obs w_j · x_ij / Σ_obs w_j
        coverage_i = Σ_obs w_j
        contrib_ij = w_j · x_ij / Σ_obs w_j      (NaN for a missing criterion)

    so the contributions of a row add up to its score (``contrib.sum(axis=1)`` skips the NaN). A row
    with nothing observed gets score NaN and coverage 0. Columns not named in `weights` are ignored.

    Parameters
    ----------
    normalised : DataFrame
        One row per region, one column per criterion, already normalised.
    weights : mapping of criterion to weight
        Non-negative weights; every key must be a column of `normalised`.

    Returns
    -------
    DataFrame
        Columns ``score``, ``coverage`` and ``contrib_<criterion>`` per criterion, same index.

    Raises
    ------
    ValueError
        If a weighted criterion is not a column, or the weights are invalid.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": [1.0, 0.5], "b": [0.0, np.nan]})
    >>> weighted_scores(frame, {"a": 3, "b": 1})
       score  coverage  contrib_a  contrib_b
    0   0.75      1.00       0.75        0.0
    1   0.50      0.75       0.50        NaN
    """
    w = normalise_weights(weights)
    missing = [c for c in w.index if c not in normalised.columns]
    if missing:
        raise ValueError(f"weighted criteria missing from the frame: {missing}; columns are {list(normalised.columns)}")
    x = normalised[list(w.index)].to_numpy(dtype=float)
    observed = ~np.isnan(x)
    coverage = np.where(observed, w.to_numpy(), 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        contrib = np.where(observed, x * w.to_numpy(), np.nan) / np.where(coverage > 0, coverage, np.nan)[:, None]
    score = np.where(coverage > 0, np.nansum(contrib, axis=1), np.nan)
    columns = {"score": score, "coverage": coverage}
    columns.update({f"contrib_{c}": contrib[:, j] for j, c in enumerate(w.index)})
    return pd.DataFrame(columns, index=normalised.index)


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Outcome of an AHP pairwise comparison.

    Attributes
    ----------
    weights : ndarray
        Principal-eigenvector weights, summing to 1 (read-only).
    lambda_max : float
        Principal eigenvalue.
    ci : float
        Consistency index (λ_max − n)/(n − 1); 0 for n ≤ 2.
    cr : float
        Consistency ratio CI/RI(n); 0 for n ≤ 2, NaN for n > 10 (no random index).
    consistent : bool
        Whether CR < 0.10.
    """

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    consistent: bool


def _check_pairwise(matrix) -> np.ndarray:
    """Return the matrix as floats after checking it is square, positive, finite and reciprocal."""
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError(f"pairwise matrix must be square and non-empty, got shape {a.shape}")
    bad = np.argwhere(~np.isfinite(a) | (a <= 0))
    if bad.size:
        i, j = bad[0]
        raise ValueError(f"pairwise matrix must be positive and finite: cell [{i}, {j}] = {a[i, j]!r}")
    off = np.argwhere(~np.isclose(a * a.T, 1.0, rtol=1e-3, atol=0.0))
    if off.size:
        i, j = off[0]
        raise ValueError(
            f"pairwise matrix is not reciprocal: cell [{i}, {j}] = {a[i, j]:.6g} but cell [{j}, {i}] = "
            f"{a[j, i]:.6g} (expected {1 / a[i, j]:.6g})"
        )
    return a


def ahp_weights(matrix) -> AHPResult:
    """AHP priority weights by the principal eigenvector, with Saaty's consistency ratio.

    The eigenvector of the largest eigenvalue is taken (real part, absolute value) and normalised to
    sum to 1. CI = (λ_max − n)/(n − 1), CR = CI/RI(n) with Saaty's RI for n ≤ 10; CR is 0 for n ≤ 2
    (such matrices are always consistent) and NaN for n > 10. Accept the judgements when CR < 0.10.

    Parameters
    ----------
    matrix : array-like, shape (n, n)
        Positive reciprocal pairwise comparison matrix: a_ij = importance of i over j on the 1-9
        scale and a_ji = 1/a_ij (checked to a relative tolerance of 1e-3, so 0.333 passes for 1/3).

    Returns
    -------
    AHPResult

    Raises
    ------
    ValueError
        If the matrix is not square, has a non-positive or non-finite cell, or is not reciprocal;
        the message names the offending cell.

    Examples
    --------
    >>> result = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    >>> result.weights.round(4).tolist(), round(result.cr, 4), result.consistent
    ([0.637, 0.2583, 0.1047], 0.0332, True)
    """
    a = _check_pairwise(matrix)
    n = a.shape[0]
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()
    weights.setflags(write=False)
    if n <= 2:
        ci = cr = 0.0
    else:
        # λ_max ≥ n for a positive reciprocal matrix; clip the rounding noise of a consistent one.
        ci = max((lambda_max - n) / (n - 1), 0.0)
        cr = ci / RANDOM_INDEX[n] if n in RANDOM_INDEX else float("nan")
    return AHPResult(weights=weights, lambda_max=lambda_max, ci=ci, cr=cr, consistent=bool(cr < CR_ACCEPT))


def ahp_matrix_from_upper(values: Sequence[float], n: int) -> np.ndarray:
    """Build a reciprocal pairwise matrix from its upper triangle.

    Parameters
    ----------
    values : sequence of float
        The n(n−1)/2 judgements above the diagonal in row order: a_12, a_13, …, a_1n, a_23, …
    n : int
        Number of criteria.

    Returns
    -------
    ndarray, shape (n, n)
        Ones on the diagonal, `values` above it and their reciprocals below.

    Raises
    ------
    ValueError
        If the number of values is not n(n−1)/2 or a value is not positive.

    Examples
    --------
    >>> ahp_matrix_from_upper([3, 5, 3], 3).round(4).tolist()
    [[1.0, 3.0, 5.0], [0.3333, 1.0, 3.0], [0.2, 0.3333, 1.0]]
    """
    v = np.asarray(values, dtype=float)
    expected = n * (n - 1) // 2
    if n < 1 or v.shape != (expected,):
        raise ValueError(f"{n} criteria need {expected} upper-triangle values, got {v.size}")
    bad = np.flatnonzero(~np.isfinite(v) | (v <= 0))
    if bad.size:
        raise ValueError(f"judgements must be positive and finite: value #{bad[0]} = {v[bad[0]]!r}")
    a = np.ones((n, n))
    rows, cols = np.triu_indices(n, k=1)
    a[rows, cols] = v
    a[cols, rows] = 1.0 / v
    return a


def topsis(X, weights, benefit) -> np.ndarray:
    """TOPSIS closeness to the ideal solution (Hwang & Yoon 1981), METHODS.md §2.3.

    Columns are vector-normalised (x / ‖x‖₂), weighted (weights scaled to sum 1, which does not change
    the result), and each alternative's distances to the ideal (best per criterion) and anti-ideal
    (worst) give C = S⁻ / (S⁺ + S⁻). An all-zero column contributes nothing; when every alternative
    is identical C is 0.5.

    Parameters
    ----------
    X : array-like, shape (m, n)
        m alternatives by n criteria, no missing values.
    weights : sequence of n floats
        Non-negative criterion weights.
    benefit : bool or sequence of n bools
        True where higher is better, False for a cost criterion.

    Returns
    -------
    ndarray, shape (m,)
        Closeness in [0, 1]; higher is better.

    Raises
    ------
    ValueError
        On missing values or shapes that do not match.

    Examples
    --------
    >>> topsis([[1, 10], [2, 20], [3, 5]], [0.5, 0.5], [True, False]).round(3).tolist()
    [0.431, 0.274, 1.0]
    """
    x = np.asarray(X, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"X must be 2-D (alternatives × criteria), got shape {x.shape}")
    if np.isnan(x).any():
        raise ValueError("TOPSIS has no rule for missing values; impute or drop them first")
    w = normalise_weights(list(np.atleast_1d(weights))).to_numpy()
    is_benefit = np.broadcast_to(np.asarray(benefit, dtype=bool), (x.shape[1],))
    if w.shape != (x.shape[1],):
        raise ValueError(f"{x.shape[1]} criteria but {w.size} weights")
    norms = np.sqrt((x**2).sum(axis=0))
    v = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0) * w
    ideal = np.where(is_benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(is_benefit, v.min(axis=0), v.max(axis=0))
    s_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    s_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = s_plus + s_minus
    return np.divide(s_minus, total, out=np.full_like(total, 0.5), where=total > 0)
