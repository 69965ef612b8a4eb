"""Promotions and their review afterwards: one quantified objective, the uplift on a baseline, the dip after.

The field guide asks for promotions with a single objective that can be measured (目标的单一化，而且
一定是可以量化的) and for a review after each one (一定要事后总结). A promotion here has one metric
(units, revenue or new distributors) and one target for all its regions. Its review compares what
its regions sold of its category during the promotion with a **baseline**: the product's own
forecast (`analysis.summary.outlook.forecast`: seasonal naive, or Holt-Winters where it wins its
holdout) fitted on the months before the promotion only. The baseline's ≈ 80 % band over the
promotion months is ±1.28 σ_sum with σ_sum = √(Σ σ_h²), the forecast's own σ per month added as
independent errors; the uplift is actual ÷ baseline − 1 and its band runs from actual ÷ upper − 1 to
actual ÷ lower − 1. The month after the promotion is compared with the next baseline month the
same way: a negative value there is the pull-forward dip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.i18n import Text
from analysis.schemas import METRICS
from analysis.summary.months import SEASON, period, shift, span
from analysis.summary.outlook import BAND_Z, forecast

REVIEW_MONTHS = 12  # a review month lists the promotions that ended in it or in the 11 months before
CONTEXT_MONTHS = 12  # months before the promotion shown beside it
VERDICTS = ("lift", "none", "drop")


# ------------------------------------------------------------------------------------------ series


def _in_regions(region_ids: pd.Series, regions: pd.Series) -> np.ndarray:
    """Whether each region id lies in one of `regions` (of any level)."""
    table = boundaries.load_regions().drop_duplicates("region_id")
    levels = pd.Series(table["level"].to_numpy(), index=table["region_id"].to_numpy())
    wanted = pd.Series(regions.astype("str").unique())
    inside = region_ids.isin(set(wanted)).to_numpy().copy()
    for level, ids in wanted.groupby(wanted.map(levels)):
        inside |= region_ids.map(boundaries.rollup_ids(level)).isin(set(ids)).to_numpy()
    return inside


def metric_series(sales: pd.DataFrame, regions: pd.Series, category: str, metric: str, last_month: str) -> pd.DataFrame:
    """The promotion's metric per month in its regions and category, from the first sales month to `last_month`.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, revenue; category and distributor_id when present.
    regions : Series
        The promotion's region ids (province, city or county).
    category : str
        Only this category ("" = every category).
    metric : {"units", "revenue", "new_distributors"}
        New distributors: those whose first month with units in these regions (and category) is that month.
    last_month : str

    Returns
    -------
    DataFrame
        month, value (0 where nothing was sold inside the span).
    """
    rows = sales[_in_regions(sales["region_id"].astype("str"), regions)]
    if category and "category" in rows and rows["category"].fillna("").ne("").any():
        rows = rows[rows["category"].astype("str").eq(category).to_numpy()]
    rows = rows[rows["month"] <= last_month]
    if metric == "new_distributors":
        named = rows[
            (rows["units"] > 0).to_numpy()
            & rows.get("distributor_id", pd.Series("", index=rows.index)).fillna("").ne("")
        ]
        values = named.groupby("distributor_id")["month"].min().value_counts().astype(float)
    else:
        values = rows.groupby("month")[metric].sum().astype(float)
    first = str(sales["month"].min()) if len(sales) else last_month
    months = span(first, last_month)
    return pd.DataFrame({"month": months, "value": values.reindex(months).fillna(0.0).to_numpy(dtype=float)})


# ------------------------------------------------------------------------------------------ review


@dataclass(frozen=True, eq=False)
class PromotionReview:
    """One finished promotion against its baseline.

    Attributes
    ----------
    promotion_id, name, category, metric : str
    regions : tuple of str
    start, end : str
        The promotion's first and last month.
    target : float
    status : {"reviewed", "short_history"}
        "short_history": fewer than 12 months before the promotion, so no baseline.
    months : DataFrame
        month, phase ("before", "promotion", "after"), actual, baseline, lower, upper (baseline
        values only for the promotion and the month after); the `CONTEXT_MONTHS` before the
        promotion, its months and the month after (when it is over).
    actual, baseline, baseline_lower, baseline_upper : float
        Totals over the promotion months; the band ≈ 80 %.
    uplift, uplift_lower, uplift_upper : float
        actual / baseline − 1, and the same against the band's upper and lower ends.
    verdict : {"lift", "none", "drop"}
        "lift" when even the band's upper end is beaten, "drop" when even its lower end is not
        reached, else "none" (within normal variation).
    target_met : bool
    after_month : str
        The month after the promotion ("" while it has not ended by the review month).
    after_actual, after_baseline, dip, dip_lower, dip_upper : float
        That month against its baseline (dip < 0: sales pulled forward).
    model, reason : str
        The baseline's forecast model and why it was chosen (`analysis.summary.outlook`).
    history_months : int
    """

    promotion_id: str
    name: str
    category: str
    metric: str
    regions: tuple[str, ...]
    start: str
    end: str
    target: float
    status: str
    months: pd.DataFrame = field(default_factory=pd.DataFrame)
    actual: float = float("nan")
    baseline: float = float("nan")
    baseline_lower: float = float("nan")
    baseline_upper: float = float("nan")
    uplift: float = float("nan")
    uplift_lower: float = float("nan")
    uplift_upper: float = float("nan")
    verdict: str = "none"
    target_met: bool = False
    after_month: str = ""
    after_actual: float = float("nan")
    after_baseline: float = float("nan")
    dip: float = float("nan")
    dip_lower: float = float("nan")
    dip_upper: float = float("nan")
    model: str = ""
    reason: str = ""
    history_months: int = 0

    def verdict_text(self) -> Text:
        """The review in one sentence: the uplift and its band, the target, the month after."""
        if self.status != "reviewed":
            return Text("summary.promo.short_history", months=self.history_months)
        kind = "money" if self.metric == "revenue" else "count"
        from analysis.formats import Figure

        after = (
            Text(
                "summary.promo.after",
                month=self.after_month,
                dip=Figure(self.dip, "growth"),
                low=Figure(self.dip_lower, "growth"),
                high=Figure(self.dip_upper, "growth"),
            )
            if self.after_month
            else Text("summary.promo.after_pending")
        )
        return Text(
            f"summary.promo.verdict.{self.verdict}",
            uplift=Figure(self.uplift, "growth"),
            low=Figure(self.uplift_lower, "growth"),
            high=Figure(self.uplift_upper, "growth"),
            actual=Figure(self.actual, kind),
            baseline=Figure(self.baseline, kind),
            target=Figure(self.target, kind),
            met=Text("summary.promo.met" if self.target_met else "summary.promo.missed"),
            after=after,
        )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator - 1 if denominator and np.isfinite(denominator) and denominator > 0 else np.nan


def review_promotion(rows: pd.DataFrame, sales: pd.DataFrame, review_month: str) -> PromotionReview:
    """Review one promotion (its rows of the ``promotions`` kind) with the sales up to `review_month`.

    Parameters
    ----------
    rows : DataFrame
        The promotion's rows: promotion_id, name, region_id, start, end, metric, target, category.
    sales : DataFrame
    review_month : str
        The month under review; the promotion has ended by then.

    Returns
    -------
    PromotionReview
    """
    first = rows.iloc[0]
    start, end, metric = str(first["start"]), str(first["end"]), str(first["metric"])
    category = "" if pd.isna(first.get("category")) else str(first.get("category") or "")
    regions = rows["region_id"].astype("str")
    after = shift(end, 1) if shift(end, 1) <= review_month else ""
    last = after or end
    series = metric_series(sales, regions, category, metric, last)
    before = series[series["month"] < start]
    base = {
        "promotion_id": str(first["promotion_id"]),
        "name": str(first["name"]),
        "category": category,
        "metric": metric,
        "regions": tuple(sorted(regions.unique())),
        "start": start,
        "end": end,
        "target": float(first["target"]),
    }
    inside = series[(series["month"] >= start) & (series["month"] <= end)]
    actual = float(inside["value"].sum())
    history = int((before["value"] > 0).cumsum().gt(0).sum())  # months since the first one with sales
    before = before.tail(history) if history else before.iloc[0:0]
    if history < SEASON:
        return PromotionReview(
            **base,
            status="short_history",
            actual=actual,
            history_months=history,
            target_met=bool(actual >= base["target"]),
        )
    promo_months = span(start, end)
    outlook = forecast(before, len(promo_months) + 1, "value")
    f = outlook.values.set_index("month")
    baseline = float(f.loc[promo_months, "forecast"].sum())
    sigma = float(np.sqrt((f.loc[promo_months, "sigma"] ** 2).sum()))
    lower, upper = max(baseline - BAND_Z * sigma, 0.0), baseline + BAND_Z * sigma
    uplift, uplift_low, uplift_high = _ratio(actual, baseline), _ratio(actual, upper), _ratio(actual, lower)
    verdict = "lift" if uplift_low > 0 else ("drop" if uplift_high < 0 else "none")
    dips = {}
    if after:
        after_actual = float(series.loc[series["month"] == after, "value"].sum())
        next_month = f.loc[after]
        dips = {
            "after_month": after,
            "after_actual": after_actual,
            "after_baseline": float(next_month["forecast"]),
            "dip": _ratio(after_actual, next_month["forecast"]),
            "dip_lower": _ratio(after_actual, next_month["upper"]),
            "dip_upper": _ratio(after_actual, next_month["lower"]),
        }
    context = series[(series["month"] >= shift(start, -CONTEXT_MONTHS)) & (series["month"] <= last)]
    phase = np.select([context["month"] < start, context["month"] <= end], ["before", "promotion"], "after")
    months = context.rename(columns={"value": "actual"}).assign(phase=phase)
    months = months.join(f[["forecast", "lower", "upper"]].rename(columns={"forecast": "baseline"}), on="month")
    return PromotionReview(
        **base,
        status="reviewed",
        months=months[["month", "phase", "actual", "baseline", "lower", "upper"]].reset_index(drop=True),
        actual=actual,
        baseline=baseline,
        baseline_lower=lower,
        baseline_upper=upper,
        uplift=uplift,
        uplift_lower=uplift_low,
        uplift_upper=uplift_high,
        verdict=verdict,
        target_met=bool(actual >= base["target"]),
        model=outlook.model,
        reason=outlook.reason,
        history_months=outlook.history_months,
        **dips,
    )


def finished(promotions: pd.DataFrame | None, month: str, scope_province_id: str | None = None) -> list[pd.DataFrame]:
    """The promotions that ended in `month` or the 11 months before, touching the scope; newest first.

    A promotion touches a province when one of its regions lies in it; it is then reviewed whole.
    """
    if promotions is None or promotions.empty:
        return []
    ends = promotions.groupby("promotion_id")["end"].max().astype("str")
    ended = ends[(ends <= month) & (ends >= shift(month, -(REVIEW_MONTHS - 1)))]
    out = []
    for pid in ended.sort_values(ascending=False, kind="stable").index:
        rows = promotions[promotions["promotion_id"] == pid]
        if (
            scope_province_id
            and not boundaries.province_of(rows["region_id"].astype("str")).eq(scope_province_id).any()
        ):
            continue
        out.append(rows.reset_index(drop=True))
    return out


def review_all(
    promotions: pd.DataFrame | None, sales: pd.DataFrame, month: str, scope_province_id: str | None = None
) -> list[PromotionReview]:
    """`review_promotion` for every promotion `finished` shows in the review of `month`."""
    return [review_promotion(rows, sales, month) for rows in finished(promotions, month, scope_province_id)]


# -------------------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class PromotionFinding:
    """A problem with a row of a promotions table, for the import's findings.

    ``code`` names the catalog text ``finding.<code>`` (analysis/texts/summary.py); ``row`` is the
    row's index label in the frame given; ``params`` fill the text's placeholders.
    """

    code: str
    row: object
    column: str
    value: object
    params: dict = field(default_factory=dict)

    def text(self) -> Text:
        return Text(f"finding.{self.code}", **self.params)


_SAME = ("name", "start", "end", "category")


def promotion_findings(promotions: pd.DataFrame) -> list[PromotionFinding]:
    """What stops a promotions table from being imported: each promotion needs one objective and one plan.

    One finding per offending row:

    - ``promo_metrics``: the promotion has rows with different metrics — a promotion has a single
      quantified objective (the field guide's 目标的单一化，而且一定是可以量化的), so the row is refused;
    - ``promo_target``: a target other than the promotion's first row's (the target is the
      promotion's, for all its regions together);
    - ``promo_field``: a name, start, end or category other than the first row's;
    - ``promo_dates``: the end month is before the start month.

    Parameters
    ----------
    promotions : DataFrame
        promotion_id, name, region_id (or region), start, end, metric, target, category; months as
        "YYYY-MM" text. Not modified.

    Returns
    -------
    list of PromotionFinding
        In row order; empty when the table can be imported.

    Examples
    --------
    >>> p = pd.DataFrame({"promotion_id": ["P1", "P1", "P2"], "name": "x", "start": "2026-06",
    ...                   "end": ["2026-06", "2026-06", "2026-05"], "metric": ["units", "revenue", "units"],
    ...                   "target": [100.0, 100.0, 5.0], "category": ""})
    >>> [(f.code, f.row) for f in promotion_findings(p)]
    [('promo_metrics', 1), ('promo_dates', 2)]
    """
    found: list[tuple[int, PromotionFinding]] = []
    for pid, rows in promotions.groupby("promotion_id", sort=False):
        first = rows.iloc[0]
        metrics = [str(m) for m in dict.fromkeys(rows["metric"].astype("str"))]
        for label, row in rows.iloc[1:].iterrows():
            if str(row["metric"]) != metrics[0]:
                params = {
                    "promotion": pid,
                    "metrics": "、".join(metrics),
                    "first": metrics[0],
                    "known": "/".join(METRICS),
                }
                found.append((label, PromotionFinding("promo_metrics", label, "metric", row["metric"], params)))
            elif "target" in rows and not _same(row["target"], first["target"]):
                found.append(
                    (
                        label,
                        PromotionFinding(
                            "promo_target", label, "target", row["target"], {"promotion": pid, "first": first["target"]}
                        ),
                    )
                )
            for column in _SAME:
                if column in rows and not _same(row[column], first[column]):
                    params = {"promotion": pid, "column": column, "first": first[column]}
                    found.append((label, PromotionFinding("promo_field", label, column, row[column], params)))
        for label, row in rows.iterrows():
            start, end = str(row.get("start", "")), str(row.get("end", ""))
            if start and end and start[:7] > end[:7] and _is_month(start) and _is_month(end):
                found.append((label, PromotionFinding("promo_dates", label, "end", end, {"start": start, "end": end})))
    position = {label: i for i, label in enumerate(promotions.index)}
    return [f for _, f in sorted(found, key=lambda pair: position[pair[0]])]


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    return str(a) == str(b)


def _is_month(text: str) -> bool:
    try:
        period(text)
    except (ValueError, TypeError):
        return False
    return True
