"""The one distributor class rule (METHODS.md §3.2–3.3), used by the Distributors page, the summary and the report.

A = ordered in each of the last 3 months; otherwise range coverage (SKUs stocked / full range)
≥ 70 % → B, ≥ 50 % → C, else unclassified; evaluated top-down by
`analysis.methods.tiers.classify_distributors`. "Ordered in a month" is read from the sales — a
row with units credited to the distributor — whenever the sales name distributors; only when
they name none does the distributor table's ``ordered_months_last_3`` stand in. With last
period's classes, a hysteresis band keeps B (or C) until coverage falls below the threshold
minus the band.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.distributors.common import credited, latest_month, months_ending, names_distributors, shift_month
from analysis.formats import Figure
from analysis.i18n import Text
from analysis.methods.tiers import DISTRIBUTOR_CLASSES, classify_distributors

A_MONTHS = 3
B_MIN = 0.70
C_MIN = 0.50
CLASS_RANK = {"A": 3, "B": 2, "C": 1, "unclassified": 0}
COLUMNS = (
    "distributor_id", "class", "rule", "ordered_months", "ordered_from", "window_start", "window_end",
    "range_coverage", "previous_class", "bar", "explanation",
)  # fmt: skip


def ordered_months(sales: pd.DataFrame, month: str, window: int = A_MONTHS) -> pd.Series:
    """Per distributor_id: how many of the `window` months ending with `month` have units credited to it.

    Examples
    --------
    >>> s = pd.DataFrame({"distributor_id": ["D1", "D1", "D2", ""], "units": [3, 1, 5, 9],
    ...                   "month": ["2026-09", "2026-10", "2026-06", "2026-10"]})
    >>> ordered_months(s, "2026-10").to_dict()
    {'D1': 2}
    """
    rows = credited(sales)
    rows = rows[rows["month"].isin(months_ending(month, window)).to_numpy() & (rows["units"] > 0).to_numpy()]
    return rows.groupby("distributor_id")["month"].nunique().rename("ordered_months")


def _previous(previous, ids: pd.Series) -> pd.Series:
    """Last period's class per row of `ids` (None where there is none)."""
    if previous is None:
        return pd.Series([None] * len(ids), index=ids.index, dtype="object")
    if isinstance(previous, pd.DataFrame):
        previous = pd.Series(previous["class"].to_numpy(), index=previous["distributor_id"].to_numpy())
    prior = pd.Series(dict(previous) if isinstance(previous, Mapping) else previous, dtype="object")
    return ids.map(prior).astype("object").where(lambda s: s.notna(), None)


def distributor_classes(
    distributors: pd.DataFrame,
    sales: pd.DataFrame | None = None,
    month: str | None = None,
    previous: Mapping[str, str] | pd.Series | pd.DataFrame | None = None,
    band: float = 0.0,
    *,
    a_months: int = A_MONTHS,
    b_min: float = B_MIN,
    c_min: float = C_MIN,
) -> pd.DataFrame:
    """Every distributor's class, the evidence it rests on and why, by the one rule.

    Parameters
    ----------
    distributors : DataFrame
        distributor_id; skus_stocked and skus_total (missing = no range: unclassified unless A);
        ordered_months_last_3 (used only when the sales name no distributor).
    sales : DataFrame, optional
        distributor_id, month, units. When some row names a distributor, the months ordered are
        counted from the sales (a distributor without sales in the window ordered in none).
    month : str, optional
        The last month of the window ("YYYY-MM"); the latest sales month by default.
    previous : mapping, Series or DataFrame, optional
        Last period's classes (distributor_id → class, or a frame with distributor_id and class,
        e.g. this function's result for the month before); without it no band applies.
    band : float, default 0.0
        Hysteresis band below the B and C thresholds (0.05: a B falls to C only below 65 %).
    a_months, b_min, c_min
        The rules' parameters (3 months; 0.70; 0.50).

    Returns
    -------
    DataFrame
        One row per distributor, in the input's order: distributor_id, ``class`` (A, B, C,
        unclassified), ``rule`` (the code that fired: class.A … class.no_range),
        ``ordered_months`` (of `a_months`; NaN when unknown), ``ordered_from`` ("sales" or
        "table"), ``window_start`` and ``window_end`` (the months counted; empty for the table),
        ``range_coverage`` (stocked / total), ``previous_class`` (None without history), ``bar``
        (the coverage threshold the class was held to; NaN for A and without a range) and
        ``explanation`` (an `analysis.i18n.Text`).

    Raises
    ------
    ValueError
        If distributor_id is missing, a previous class is unknown or the thresholds are inconsistent.

    Examples
    --------
    >>> d = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "ordered_months_last_3": [3, 1, 0],
    ...                   "skus_stocked": [10, 18, 12], "skus_total": [25, 25, 25]})
    >>> distributor_classes(d)["class"].tolist()
    ['A', 'B', 'unclassified']
    >>> distributor_classes(d, previous={"D3": "C"}, band=0.05).loc[2, "class"]
    'C'
    >>> sales = pd.DataFrame({"distributor_id": "D3", "month": ["2026-08", "2026-09", "2026-10"], "units": 2})
    >>> distributor_classes(d, sales)[["class", "ordered_months"]].to_dict("list")
    {'class': ['unclassified', 'B', 'A'], 'ordered_months': [0, 0, 3]}
    >>> print(distributor_classes(d, sales).loc[2, "explanation"].render("en"))
    A: ordered in every month of 2026-08 to 2026-10 (3/3)
    """
    if "distributor_id" not in distributors.columns:
        raise ValueError(f"the distributors table is missing column distributor_id; columns are {list(distributors)}")
    ids = distributors["distributor_id"].reset_index(drop=True)
    frame = distributors.reset_index(drop=True)
    from_sales = names_distributors(sales)
    if from_sales:
        month = month or latest_month(sales)
        window = months_ending(month, a_months)
        ordered = ids.map(ordered_months(sales, month, a_months)).fillna(0).astype("int64")
        start, end = window[0], window[-1]
    else:
        column = frame.get("ordered_months_last_3", pd.Series(np.nan, index=frame.index))
        ordered = pd.to_numeric(column, errors="coerce")
        start = end = ""
    stocked = pd.to_numeric(frame.get("skus_stocked", pd.Series(np.nan, index=frame.index)), errors="coerce")
    total = pd.to_numeric(frame.get("skus_total", pd.Series(np.nan, index=frame.index)), errors="coerce")
    prior = _previous(previous, ids)
    fired = classify_distributors(
        pd.DataFrame({"ordered": ordered, "stocked": stocked, "total": total, "previous": prior}),
        ordered_col="ordered", stocked_col="stocked", total_col="total", previous_col="previous",
        band=band, a_months=a_months, b_min=b_min, c_min=c_min,
    )  # fmt: skip
    share = stocked.astype(float) / total.astype(float).where(total > 0)
    rank = prior.map(CLASS_RANK).fillna(-1).to_numpy()
    b_bar = np.where(rank >= 2, b_min - band, b_min)
    c_bar = np.where(rank >= 1, c_min - band, c_min)
    cls = fired["class"].to_numpy()
    with np.errstate(invalid="ignore"):
        bar = np.select(
            [cls == "B", cls == "C"],
            [np.where(share >= b_min, b_min, b_bar), np.where(share >= c_min, c_min, c_bar)],
            c_bar,
        )
    bar = np.where((cls == "A") | share.isna().to_numpy(), np.nan, bar)
    out = pd.DataFrame(
        {
            "distributor_id": ids,
            "class": cls,
            "rule": fired["rule"].to_numpy(),
            "ordered_months": ordered.to_numpy(),
            "ordered_from": "sales" if from_sales else "table",
            "window_start": start,
            "window_end": end,
            "range_coverage": share.to_numpy(),
            "previous_class": prior.to_numpy(),
            "bar": bar,
        }
    )
    rules = (a_months, b_min, c_min)
    explanation = [_explain(row, b, rules) for row, b in zip(out.to_dict("records"), b_bar, strict=True)]
    return out.assign(explanation=pd.Series(explanation, dtype="object"))[list(COLUMNS)]


def _window(row: dict, a_months: int) -> Text:
    """The months the orders were counted in."""
    if row["ordered_from"] == "sales":
        return Text("distributors.rule.window.sales", first=row["window_start"], last=row["window_end"])
    return Text("distributors.rule.window.table", n=a_months)


def _explain(row: dict, b_bar: float, rules: tuple[int, float, float]) -> Text:
    """One distributor's class rule as a catalog text."""
    a_months, b_min, c_min = rules
    cls, coverage, bar, previous = row["class"], row["range_coverage"], row["bar"], row["previous_class"]
    months = "?" if pd.isna(row["ordered_months"]) else str(int(row["ordered_months"]))
    window = _window(row, a_months)
    if cls == "A":
        return Text("distributors.rule.A", window=window, months=months, n=a_months)
    needs_a = Text("distributors.rule.needs_a", window=window, months=months, n=a_months)
    if pd.isna(coverage):
        return Text("distributors.rule.no_range", next=needs_a)
    params = {"coverage": Figure(coverage, "share"), "bar": Figure(bar, "share"), "margin": _pp(coverage - bar)}
    base = b_min if cls == "B" else c_min
    held = ""
    if cls in ("B", "C") and bar < base - 1e-12:
        held = Text("distributors.rule.band", previous=_class_name(previous), base=Figure(base, "share"))
    if cls == "B":
        return Text("distributors.rule.B", band=held, next=needs_a, **params)
    if cls == "C":
        gap = f"{100 * max(b_bar - coverage, 0.0):.1f}"
        needs_b = Text("distributors.rule.needs_b", b=Figure(b_bar, "share"), gap=gap)
        return Text("distributors.rule.C", band=held, next=needs_b, **params)
    return Text("distributors.rule.none", **params)


def _pp(value: float) -> str:
    """A difference of shares in percentage points, signed, one decimal: 0.02 → "+2.0"."""
    return f"{100 * value:+.1f}"


def _class_name(value) -> Text | str:
    return Text(f"distributors.class.{value}") if value in DISTRIBUTOR_CLASSES else "–"


def class_history(
    snapshots: Sequence[pd.DataFrame],
    band: float = 0.0,
    *,
    sales: pd.DataFrame | None = None,
    month: str | None = None,
    **rules,
) -> pd.DataFrame:
    """Classes of the latest period, carried through the earlier ones with the hysteresis band.

    Periods are months ending with `month` (the latest sales month by default): as many as there
    are snapshots, and at least two when the sales name distributors (the month before gives the
    history). Snapshots (stored versions of the distributors table, oldest first) line up with
    the latest periods; earlier periods reuse the oldest snapshot.

    Parameters
    ----------
    snapshots : sequence of DataFrame
        Distributor tables, oldest first (columns as in `distributor_classes`).
    band : float, default 0.0
    sales : DataFrame, optional
        As in `distributor_classes`.
    month : str, optional
        The latest period.
    **rules
        a_months, b_min, c_min, passed on.

    Returns
    -------
    DataFrame
        `distributor_classes` of the latest period.

    Raises
    ------
    ValueError
        If there is no snapshot.

    Examples
    --------
    >>> months = [pd.DataFrame({"distributor_id": ["D1"], "ordered_months_last_3": [0],
    ...                         "skus_stocked": [round(c * 100)], "skus_total": [100]})
    ...           for c in (0.72, 0.68, 0.71, 0.66, 0.64)]
    >>> [class_history(months[: i + 1], band=0.05).loc[0, "class"] for i in range(5)]
    ['B', 'B', 'B', 'B', 'C']
    """
    if not snapshots:
        raise ValueError("class_history needs at least one snapshot of the distributors")
    from_sales = names_distributors(sales)
    month = (month or latest_month(sales)) if from_sales else None
    periods = max(len(snapshots), 2 if from_sales else 1)
    previous = None
    for j in range(periods):
        table = snapshots[max(0, len(snapshots) - periods + j)]
        at = shift_month(month, j - periods + 1) if from_sales else None
        out = distributor_classes(table, sales, at, previous, band, **rules)
        previous = out
    return out


def class_counts(table: pd.DataFrame) -> pd.Series:
    """Distributors per class, every class listed (zero when empty), in A, B, C, unclassified order.

    >>> class_counts(pd.DataFrame({"class": ["A", "C", "A"]})).to_dict()
    {'A': 2, 'B': 0, 'C': 1, 'unclassified': 0}
    """
    return table["class"].value_counts().reindex(list(DISTRIBUTOR_CLASSES), fill_value=0).astype("int64")
