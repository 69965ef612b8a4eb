"""Market structure: implied units, shares, concentration (HHI), whitespace and price anomalies.

Formulas and worked examples: METHODS.md §5 (shares, HHI, whitespace) and §8 (price rules).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# US antitrust yardsticks, descriptive only: (upper bound, label), an HHI below a bound gets its label.
HHI_BANDS_2010 = ((1500.0, "unconcentrated"), (2500.0, "moderate"), (float("inf"), "high"))
HHI_BANDS_2023 = ((1000.0, "unconcentrated"), (1800.0, "moderate"), (float("inf"), "high"))
# Iglewicz & Hoaglin: 0.6745 = Φ⁻¹(0.75) makes the MAD consistent with the sd of a normal; when the MAD
# is 0 (more than half the prices equal) the mean absolute deviation · 1.253314 (= √(π/2)) stands in.
_MAD_CONSTANT = 0.6745
_MEAN_AD_CONSTANT = 1.253314


def _like(values: np.ndarray, *inputs, name: str):
    """Wrap a result like its inputs: a Series if any input is one, a float for scalars, else an array."""
    series = [x for x in inputs if isinstance(x, pd.Series)]
    if series:
        index = series[0].index
        if any(not x.index.equals(index) for x in series[1:]):
            raise ValueError("Series inputs must share the same index")
        return pd.Series(values, index=index, name=name)
    return float(values) if np.ndim(values) == 0 else values


def implied_units(revenue, avg_price, units=None):
    """Units sold: the reported units where given, else revenue / average price.

    Parameters
    ----------
    revenue, avg_price : float, array-like or Series
        Revenue and average selling price; a price that is missing, zero or negative gives NaN.
    units : float, array-like or Series, optional
        Reported units; a missing entry falls back to revenue / price.

    Returns
    -------
    float, ndarray or Series
        Units, named "units" when a Series.

    Examples
    --------
    >>> implied_units(np.array([45e6, 30e6]), np.array([3000, 2500]), units=np.array([np.nan, 11_000])).tolist()
    [15000.0, 11000.0]
    """
    rev, price = np.broadcast_arrays(np.asarray(revenue, dtype=float), np.asarray(avg_price, dtype=float))
    derived = np.divide(rev, price, out=np.full(rev.shape, np.nan), where=price > 0)
    if units is not None:
        reported = np.asarray(units, dtype=float)
        derived = np.where(np.isnan(reported), derived, reported)
    return _like(derived, revenue, avg_price, units, name="units")


def shares(frame: pd.DataFrame, by, value: str) -> pd.Series:
    """Each row's share (0-1) of `value` within its group.

    Parameters
    ----------
    frame : DataFrame
    by : str, list of str or None
        Grouping column(s), e.g. the region; None takes shares over the whole frame.
    value : str
        Column to share out (revenue, units).

    Returns
    -------
    Series
        Fractions named "<value>_share"; NaN where the group total is 0.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["a", "a", "b"], "revenue": [30.0, 10.0, 5.0]})
    >>> shares(f, "region", "revenue").tolist()
    [0.75, 0.25, 1.0]
    """
    _require(frame, [value] + ([] if by is None else _as_list(by)))
    x = frame[value].astype(float)
    if by is None:
        total = pd.Series(x.sum(), index=x.index)
    else:
        total = x.groupby([frame[c] for c in _as_list(by)], dropna=False).transform("sum")
    return (x / total.where(total != 0)).rename(f"{value}_share")


def _as_list(by) -> list:
    """A column name or list of names as a list."""
    return [by] if isinstance(by, str) else list(by)


def _require(frame: pd.DataFrame, columns) -> None:
    """Raise naming any column the frame lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}; columns are {list(frame.columns)}")


def hhi(shares_percent_or_fraction, scale: str = "auto") -> float:
    """Herfindahl-Hirschman Index, Σ (100 · share)², from 0 to 10,000.

    Parameters
    ----------
    shares_percent_or_fraction : array-like or Series
        Market shares of the firms, missing values ignored.
    scale : {"auto", "percent", "fraction"}, default "auto"
        "auto" reads the shares as fractions when none exceeds 1 and they sum to at most 1, else as
        percentages. Pass the scale explicitly for a partial list of tiny percentage shares.

    Returns
    -------
    float

    Examples
    --------
    >>> hhi([30, 30, 20, 20]), hhi([0.3, 0.3, 0.2, 0.2])
    (2600.0, 2600.0)
    """
    s = np.asarray(shares_percent_or_fraction, dtype=float)
    s = s[~np.isnan(s)]
    if scale == "auto":
        scale = "fraction" if (s <= 1).all() and s.sum() <= 1 + 1e-9 else "percent"
    if scale not in ("percent", "fraction"):
        raise ValueError(f"scale must be 'auto', 'percent' or 'fraction', got {scale!r}")
    pct = s * 100 if scale == "fraction" else s
    return float(np.round((pct**2).sum(), 10))  # 30/30/20/20 gives 2600.0, not 2600.0000000000005


def _firm_totals(frame, region_col, value_col, firm_col) -> pd.DataFrame:
    """Values per (region, firm), so that a firm with several rows counts once."""
    needed = [region_col, value_col] + ([firm_col] if firm_col else [])
    _require(frame, needed)
    x = frame[needed]
    if (x[value_col] < 0).any():
        raise ValueError(f"{value_col} must be non-negative to compute shares")
    if firm_col:
        x = x.groupby([region_col, firm_col], dropna=False, sort=False, as_index=False)[value_col].sum(min_count=1)
    return x


def concentration(group, value, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """HHI, leader share and leader row of groups 0..n-1, from one non-negative value per firm.

    The vectorised core of `hhi_by_region` and `leader_share`: groups are integer codes, so whole
    countries of regions take a few array passes. Missing values are ignored.

    Parameters
    ----------
    group : array-like of int
        Group code (0 ≤ code < n) of each firm.
    value : array-like of float
        The firm's revenue or units in its group.
    n : int
        Number of groups.

    Returns
    -------
    (ndarray, ndarray, ndarray)
        HHI (0-10,000) and the leader's share (0-1) per group, NaN where the group's total is 0 or
        it has no firm; and the position in `value` of each group's leader (the first firm with the
        largest value), −1 where there is none.

    Examples
    --------
    >>> hhi, top, row = concentration([0, 0, 0, 0, 1], [30.0, 30.0, 20.0, 20.0, 7.0], 2)
    >>> hhi.tolist(), top.tolist(), row.tolist()
    ([2600.0, 10000.0], [0.3, 1.0], [0, 4])
    """
    group = np.asarray(group, dtype="int64")
    value = np.nan_to_num(np.asarray(value, dtype=float), nan=0.0)
    total = np.bincount(group, weights=value, minlength=n)
    has_total = total > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(has_total[group], value / total[group], 0.0)
    squares = np.bincount(group, weights=(100 * share) ** 2, minlength=n)
    hhi = np.where(has_total, squares.round(10), np.nan)  # 30/30/20/20 gives 2600.0, not 2600.0000000000005
    leader_row = np.full(n, -1, dtype="int64")
    order = np.lexsort((np.arange(group.size), -value, group))  # by group, largest first, then position
    first = order[np.unique(group[order], return_index=True)[1]]
    leader_row[group[first]] = first
    leader_row = np.where(has_total, leader_row, -1)
    top = np.full(n, np.nan)
    found = leader_row >= 0
    top[found] = share[leader_row[found]]
    return hhi, top, leader_row


def _concentration_by_region(frame, region_col, value_col, firm_col) -> tuple[pd.Index, tuple]:
    """`concentration` of the regions of a frame, in order of first appearance."""
    x = _firm_totals(frame, region_col, value_col, firm_col)
    codes, regions = pd.factorize(x[region_col], use_na_sentinel=False)
    index = pd.Index(regions, name=region_col)
    return index, concentration(codes, x[value_col].to_numpy(dtype=float), len(index))


def hhi_by_region(frame: pd.DataFrame, region_col: str, value_col: str, firm_col: str | None = None) -> pd.Series:
    """HHI (0-10,000) of each region, from the firms' values (revenue or units) in that region.

    Parameters
    ----------
    frame : DataFrame
        One row per firm and region (or several per firm when `firm_col` is given).
    region_col, value_col : str
        Region column and the non-negative value column; missing values are ignored.
    firm_col : str, optional
        Firm column; rows of the same firm in a region are summed first.

    Returns
    -------
    Series
        HHI per region named "hhi", indexed by region in order of appearance; NaN where a region's
        total is 0.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["a"] * 4 + ["b"], "revenue": [30, 30, 20, 20, 7]})
    >>> hhi_by_region(f, "region", "revenue").to_dict()
    {'a': 2600.0, 'b': 10000.0}
    """
    index, (hhi, _, _) = _concentration_by_region(frame, region_col, value_col, firm_col)
    return pd.Series(hhi, index=index, name="hhi")


def leader_share(frame: pd.DataFrame, region_col: str, value_col: str, firm_col: str | None = None) -> pd.Series:
    """Share (0-1) of the largest firm in each region.

    Parameters
    ----------
    frame : DataFrame
    region_col, value_col : str
    firm_col : str, optional
        Firm column; rows of the same firm in a region are summed first.

    Returns
    -------
    Series
        Leader share per region named "leader_share", in order of appearance; NaN where a region's
        total is 0.

    Examples
    --------
    >>> f = pd.DataFrame({"region": ["a", "a", "b"], "revenue": [45, 55, 7]})
    >>> leader_share(f, "region", "revenue").to_dict()
    {'a': 0.55, 'b': 1.0}
    """
    index, (_, top, _) = _concentration_by_region(frame, region_col, value_col, firm_col)
    return pd.Series(top, index=index, name="leader_share")


def hhi_band(hhi, bands=HHI_BANDS_2010):
    """Label an HHI with a band set: the first band whose upper bound exceeds it.

    Bands are half-open, so a value on a boundary takes the higher band (2,500 is "high" with the
    2010 bands). A US antitrust yardstick, descriptive only.

    Parameters
    ----------
    hhi : float, array-like or Series
    bands : sequence of (upper bound, label), default HHI_BANDS_2010
        Increasing upper bounds; the last should be inf.

    Returns
    -------
    str, ndarray or Series
        The label(s); missing HHI gives None (NaN in a Series).

    Examples
    --------
    >>> hhi_band(2600), hhi_band(1600, HHI_BANDS_2023)
    ('high', 'moderate')
    """
    bounds = np.array([b for b, _ in bands], dtype=float)
    labels = np.array([label for _, label in bands] + [None], dtype=object)
    x = np.asarray(hhi, dtype=float)
    position = np.searchsorted(bounds, x, side="right")
    out = np.where(np.isnan(x), None, labels[np.minimum(position, len(bands))])
    if isinstance(hhi, pd.Series):
        return pd.Series(out, index=hhi.index, dtype="str", name="hhi_band")
    return out.item() if out.ndim == 0 else out


def whitespace_units(capacity_units, served_units):
    """Unserved capacity: capacity − units sold by all brands (ours included).

    Negative whitespace is kept: it says the capacity assumptions are too low or goods flow in from
    outside the region.

    Parameters
    ----------
    capacity_units, served_units : float, array-like or Series

    Returns
    -------
    float, ndarray or Series

    Examples
    --------
    >>> whitespace_units(52_500, 40_500)
    12000
    """
    return capacity_units - served_units


def penetration_index(served_units, capacity_units):
    """Served / capacity; NaN where capacity is not positive.

    Parameters
    ----------
    served_units, capacity_units : float, array-like or Series

    Returns
    -------
    float, ndarray or Series
        Named "penetration_index" when a Series.

    Examples
    --------
    >>> round(1 - penetration_index(40_500, 52_500), 3)
    0.229
    """
    served, capacity = np.broadcast_arrays(np.asarray(served_units, dtype=float), np.asarray(capacity_units, float))
    out = np.divide(served, capacity, out=np.full(served.shape, np.nan), where=capacity > 0)
    return _like(out, served_units, capacity_units, name="penetration_index")


def _robust_z(x: pd.Series, keys) -> pd.Series:
    """Modified z-scores of x within groups of `keys` (None = one group)."""
    keys = np.zeros(len(x)) if keys is None else keys
    median = x.groupby(keys, dropna=False).transform("median")
    deviation = (x - median).abs()
    spread = deviation.groupby(keys, dropna=False)
    mad, mean_ad = spread.transform("median"), spread.transform("mean")
    scale = np.where(mad > 0, mad / _MAD_CONSTANT, mean_ad * _MEAN_AD_CONSTANT)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(scale > 0, (x - median) / scale, 0.0)  # no spread: every member is typical
    return pd.Series(np.where(x.isna(), np.nan, z), index=x.index)


def mad_scores(prices) -> pd.Series:
    """Modified z-scores M_i = 0.6745 · (x_i − median) / MAD (Iglewicz & Hoaglin 1993).

    MAD is the median absolute deviation from the median. When it is 0 (more than half the values
    equal), the mean absolute deviation stands in: M_i = (x_i − median) / (1.253314 · MeanAD); when
    that is 0 too, every score is 0. Flag |M| > 3.5.

    Parameters
    ----------
    prices : array-like or Series

    Returns
    -------
    Series
        Scores named "mad_score", with the index of `prices` when it is a Series.

    Examples
    --------
    >>> mad_scores([2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]).round(2).tolist()
    [0.2, -2.0, 2.5, 0.2, -0.65, -40.22, 0.7, -0.2]
    """
    x = prices.astype(float) if isinstance(prices, pd.Series) else pd.Series(prices, dtype=float)
    return _robust_z(x, None).rename("mad_score")


def price_flags(
    frame: pd.DataFrame,
    price_col: str,
    group_cols,
    floor=None,
    threshold: float = 3.5,
    side: str = "below",
) -> pd.DataFrame:
    """Price rules of METHODS.md §8: below the floor, and robust outliers within each group.

    Parameters
    ----------
    frame : DataFrame
        One row per observed price.
    price_col : str
        Price column.
    group_cols : str, list of str or None
        Peer groups for the outlier rule, e.g. ["sku", "region", "month"]; None = the whole frame.
    floor : float or str, optional
        Minimum price: a number, or the name of a column holding each row's floor (regional limit).
    threshold : float, default 3.5
        Flag when the modified z-score passes −threshold (or ±threshold with ``side="both"``).
    side : {"below", "both"}, default "below"
        "below" flags undercutting only.

    Returns
    -------
    DataFrame
        Same index; columns ``mad_score``, ``below_floor``, ``outlier``, ``flagged`` (either rule) and
        ``reason`` (plain English, empty when not flagged).

    Examples
    --------
    >>> f = pd.DataFrame({"sku": "X1", "price": [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]})
    >>> out = price_flags(f, "price", "sku", floor=2800)
    >>> out.flagged.tolist().index(True), out.reason[5]
    (5, 'price 2100 < floor 2800; robust z -40.22 < -3.5')
    """
    if side not in ("below", "both"):
        raise ValueError(f"side must be 'below' or 'both', got {side!r}")
    groups = [] if group_cols is None else _as_list(group_cols)
    _require(frame, [price_col, *groups] + ([floor] if isinstance(floor, str) else []))
    price = frame[price_col].astype(float)
    keys = [frame[c] for c in groups] if groups else None
    z = _robust_z(price, keys)
    if floor is None:
        floor_values = pd.Series(np.nan, index=frame.index)
    elif isinstance(floor, str):
        floor_values = frame[floor].astype(float)
    else:
        floor_values = pd.Series(float(floor), index=frame.index)
    below_floor = (price < floor_values).fillna(False).astype(bool)
    outlier = ((z < -threshold) if side == "below" else (z.abs() > threshold)).fillna(False).astype(bool)

    def reason(p, f, m, is_below, is_outlier) -> str:
        parts = [f"price {p:g} < floor {f:g}"] if is_below else []
        if is_outlier:
            parts.append(f"robust z {m:.2f} {'<' if m < 0 else '>'} {-threshold if m < 0 else threshold:g}")
        return "; ".join(parts)

    rows = zip(price, floor_values, z, below_floor, outlier, strict=True)
    return pd.DataFrame(
        {
            "mad_score": z.to_numpy(),
            "below_floor": below_floor.to_numpy(),
            "outlier": outlier.to_numpy(),
            "flagged": (below_floor | outlier).to_numpy(),
            "reason": [reason(*row) for row in rows],
        },
        index=frame.index,
    )
