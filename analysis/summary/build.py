"""The monthly executive summary of one month and scope: everything the page, the CLI and the reports show.

`build_summary` puts the parts together: the KPIs (`kpis`), the forecast (`outlook`), movers and
attainment (`breakdown`), what changed (`changes`), the key points (`narrative`), the actions of the
review meetings (`actions`) and the promotions' reviews (`promotions`). The country-wide work of a
month (scoring, flags, distributor classes, promotion baselines) is done once in `review_facts` and
shared by every scope (`build_summary(..., facts=)`), so a summary per province costs little more than one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import partial

import pandas as pd

from analysis.i18n import Text, t
from analysis.market.features import build_features
from analysis.market.scenarios import Scenario
from analysis.market.scoring import score_regions
from analysis.summary import actions as review_actions
from analysis.summary.breakdown import attainment_table, movers
from analysis.summary.changes import Changes, MonthFacts, month_facts, what_changed
from analysis.summary.kpis import KPIs, kpis, monthly_series
from analysis.summary.months import available_months, latest_complete_month, shift
from analysis.summary.narrative import narrative
from analysis.summary.outlook import Forecast, forecast
from analysis.summary.promotions import PromotionReview, review_all

Scorer = Callable[[dict[str, pd.DataFrame], str], pd.DataFrame]


def _until(frames: dict[str, pd.DataFrame], month: str) -> dict[str, pd.DataFrame]:
    """The frames as they stood at the end of `month`: monthly kinds cut after it."""
    return {
        kind: frame[frame["month"] <= month] if kind in ("sales", "plan") and "month" in frame else frame
        for kind, frame in frames.items()
    }


def score_month(
    frames: dict[str, pd.DataFrame],
    month: str,
    level: str = "city",
    scenario: Scenario | None = None,
    province_id: str | Collection[str] | None = None,
) -> pd.DataFrame:
    """Market scoring (`analysis.market.scoring`) of the regions of `level` as of the end of `month`.

    Parameters
    ----------
    frames : dict of kind → DataFrame
    month : str
        Sales after this month are left out, so the features' "latest month" is `month`.
    level : {"city", "county", "province"}, default "city"
    scenario : Scenario, optional
        The scenario tiers come from (default: the built-in default).
    province_id : str or collection of str, optional
        Score within this province (or these) only.

    Returns
    -------
    DataFrame
        The scored table of `score_regions`.
    """
    scenario = scenario or Scenario()
    features = build_features(_until(frames, month), level, scenario.market, province_id)
    return score_regions(features, scenario)


@dataclass(frozen=True, eq=False)
class ReviewFacts:
    """The country-wide work of one month, shared by the summaries of every scope.

    Attributes
    ----------
    month : str
    changes : MonthFacts
    promotions : list of PromotionReview
        Every promotion that ended in the 12 months up to `month`.
    quotas : DataFrame or None
        `quota_attainment`: every distributor against its quota (None without territories).
    """

    month: str
    changes: MonthFacts
    promotions: list[PromotionReview] = field(default_factory=list)
    quotas: pd.DataFrame | None = None


def review_facts(
    frames: dict[str, pd.DataFrame],
    month: str,
    *,
    scorer: Scorer | None = score_month,
    scenario: Scenario | None = None,
) -> ReviewFacts:
    """Scoring of this month and the one before, flags, distributor classes and promotion reviews.

    A scoring failure does not take the summary down: the tier migrations are left out and the
    reason is kept for the reader.
    """
    months = set(available_months(frames["sales"]))
    prev_scored = this_scored = None
    note, detail = "summary.changed.no_scoring", ""
    if shift(month, -1) not in months:
        note, scorer = "summary.changed.no_previous", None
    if scorer is score_month:
        scorer = partial(score_month, scenario=scenario)
    if scorer is not None:
        try:
            prev_scored, this_scored = scorer(frames, shift(month, -1)), scorer(frames, month)
        except (ValueError, KeyError) as exc:
            prev_scored = this_scored = None
            note, detail = "summary.changed.scoring_failed", str(exc)
    facts = month_facts(
        frames,
        month,
        prev_scored=prev_scored,
        this_scored=this_scored,
        scenario=scenario,
        scoring_note=note,
        scoring_detail=detail,
    )
    promotions = review_all(frames.get("promotions"), frames["sales"], month)
    return ReviewFacts(month, facts, promotions, quota_attainment(frames, month, scenario))


def quota_attainment(
    frames: dict[str, pd.DataFrame], month: str, scenario: Scenario | None = None
) -> pd.DataFrame | None:
    """Each distributor against its quota in `month` and the year to date (`analysis.distributors.quotas`).

    The quotas are the Distributors page's: by the rule (capacity of the counties under contract in
    `month` × the scenario's attainable share, the counties scored as of the end of `month`) or from
    plan rows that name a distributor; quotas edited by hand on that page are not stored and so not
    used here.

    Returns
    -------
    DataFrame or None
        distributor_id, revenue, quota_revenue, attainment, ytd_revenue, ytd_quota_revenue,
        ytd_attainment, year_progress; None without territories or when the counties cannot be scored.
    """
    from analysis.distributors import quotas

    territories, sales = frames.get("territories"), frames["sales"]
    if territories is None or territories.empty or "distributor_id" not in sales:
        return None
    scenario = scenario or Scenario()
    try:
        capacity = score_month(frames, month, "county", scenario)[["region_id", "capacity_units"]]
        annual = quotas.quotas(
            territories,
            capacity,
            sales[sales["month"] <= month],
            scenario.sell_in.attainable_share,
            month=month,
            distributors=frames.get("distributors"),
            plan=frames.get("plan"),
        )
    except (ValueError, KeyError):
        return None
    monthly = quotas.monthly_quotas(annual, sales[sales["month"] <= month], month=month, plan=frames.get("plan"))
    return quotas.attainment(monthly, sales, month)


@dataclass(frozen=True, eq=False)
class Summary:
    """Everything the page, the CLI and the reports show for one month and scope.

    Attributes
    ----------
    month : str
    scope_id : str or None
        Province adcode, None for the whole country.
    level : str
        The breakdown level: province for the country, city inside a province.
    series : DataFrame
        `monthly_series` up to `month` (plan-only months after it dropped).
    kpis : KPIs
    forecast : Forecast or None
        None with fewer than 12 months of history.
    movers : DataFrame
    attainment : DataFrame
    changes : Changes
    actions : DataFrame
        `analysis.summary.actions.review`: the actions this review goes through.
    promotions : list of PromotionReview
        The finished promotions touching the scope.
    quotas : DataFrame or None
        `quota_attainment` of the distributors seated in the scope, furthest behind first.
    is_demo : bool
    span : (str, str)
        First and last month with sales.
    """

    month: str
    scope_id: str | None
    level: str
    series: pd.DataFrame
    kpis: KPIs
    forecast: Forecast | None
    movers: pd.DataFrame
    attainment: pd.DataFrame
    changes: Changes
    actions: pd.DataFrame = field(default_factory=lambda: review_actions.review(None, "2000-01"))
    promotions: list[PromotionReview] = field(default_factory=list)
    quotas: pd.DataFrame | None = None
    is_demo: bool = False
    span: tuple[str, str] = ("", "")

    def scope_name(self, lang: str) -> str:
        return scope_label(self.scope_id, lang)

    def key_points(self) -> list[Text]:
        """The narrative (3–5 points) as catalog texts."""
        return narrative(self.kpis, self.movers, self.changes, forecast_result=self.forecast, actions=self.actions)


def scope_label(scope_province_id: str | None, lang: str) -> str:
    """The scope as a reader calls it: "全国" / "All of China", or the province name."""
    if not scope_province_id:
        return t("summary.scope.country", lang)
    from analysis.geo import boundaries

    row = boundaries.load_regions("province").set_index("region_id").loc[scope_province_id]
    return row["name"] if lang == "zh" else row["name_en"]


def build_summary(
    frames: dict[str, pd.DataFrame],
    month: str | None = None,
    scope_province_id: str | None = None,
    *,
    is_demo: bool = False,
    today: dt.date | None = None,
    scorer: Scorer | None = score_month,
    horizon: int = 3,
    scenario: Scenario | None = None,
    facts: ReviewFacts | None = None,
) -> Summary:
    """The whole monthly summary for `month` (default: the latest complete month).

    Parameters
    ----------
    frames : dict of kind → DataFrame
        At least sales; plan, distributors, territories, promotions and actions when available.
    month : str, optional
        "YYYY-MM".
    scope_province_id : str, optional
        A province adcode; None = the whole country.
    is_demo : bool
        Whether the frames are the built-in demo data (labelled in the reports).
    today : date, optional
        For the latest complete month and for pacing a running month.
    scorer : callable or None, default `score_month`
        ``scorer(frames, month) -> scored table`` (region_id, tier, gate, pipeline_flag,
        whitespace_units, ...) of the whole country as of the end of `month`; tier migrations and
        gate changes compare this month's table with the previous month's. None leaves them out.
    horizon : int, default 3
    scenario : Scenario, optional
        The scenario the default scorer tiers with (the built-in default when omitted).
    facts : ReviewFacts, optional
        The month's country-wide work, when it is already done (`review_facts`); `scorer` and
        `scenario` are then not used.

    Returns
    -------
    Summary

    Raises
    ------
    ValueError
        If there are no sales, or `month` has none (the message names the months available).
    """
    sales = frames.get("sales")
    if sales is None or sales.empty:
        raise ValueError("there are no sales to summarise")
    months = available_months(sales)
    month = month or latest_complete_month(sales, today)
    if month not in months:
        raise ValueError(f"no sales in {month}; sales cover {months[-1]} – {months[0]}")
    if facts is None or facts.month != month:
        facts = review_facts(frames, month, scorer=scorer, scenario=scenario)
    plan = frames.get("plan")
    series = monthly_series(sales, plan, scope_province_id)
    history = series[series["month"] <= month].reset_index(drop=True)
    level = "city" if scope_province_id else "province"
    try:
        outlook = forecast(history, horizon)
    except ValueError:
        outlook = None
    touching = {p.promotion_id for p in _touching(facts.promotions, scope_province_id)}
    return Summary(
        month=month,
        scope_id=scope_province_id,
        level=level,
        series=history,
        kpis=kpis(series, month, as_of=today),  # the whole series: the year's plan runs past the month
        forecast=outlook,
        movers=movers(sales, month, level, scope_province_id=scope_province_id),
        attainment=attainment_table(sales, plan, month, level, scope_province_id),
        changes=what_changed(facts.changes, scope_province_id),
        actions=review_actions.review(frames.get("actions"), month, scope_province_id, frames.get("distributors")),
        promotions=[p for p in facts.promotions if p.promotion_id in touching],
        quotas=_seated(facts.quotas, frames.get("distributors"), scope_province_id),
        is_demo=is_demo,
        span=(months[-1], months[0]),
    )


def _seated(table: pd.DataFrame | None, distributors: pd.DataFrame | None, scope_province_id: str | None):
    """The rows of distributors seated in the province (all for the country).

    With their name and seat, furthest behind their year-to-date quota first.
    """
    if table is None:
        return None
    from analysis.geo import boundaries

    seats = pd.DataFrame(columns=["distributor_id", "name", "region_id"]) if distributors is None else distributors
    seats = seats[["distributor_id", "name", "region_id"]].rename(columns={"name": "distributor"})
    out = table.merge(seats, on="distributor_id", how="left")
    if scope_province_id:
        out = out[boundaries.province_of(out["region_id"].fillna("").astype("str")).eq(scope_province_id).to_numpy()]
    return out.sort_values(["ytd_attainment", "distributor_id"], na_position="last").reset_index(drop=True)


def _touching(reviews: Iterable[PromotionReview], scope_province_id: str | None) -> list[PromotionReview]:
    """The reviews of promotions with a region in the province (all of them for the country)."""
    if not scope_province_id:
        return list(reviews)
    from analysis.geo import boundaries

    return [p for p in reviews if boundaries.province_of(pd.Series(p.regions, dtype="str")).eq(scope_province_id).any()]


def scopes_with_data(frames: dict[str, pd.DataFrame], month: str) -> list[str]:
    """The provinces with sales or plan up to `month`, in adcode order (the `--each province` list)."""
    from analysis.geo import boundaries

    ids: set[str] = set()
    for kind in ("sales", "plan"):
        frame = frames.get(kind)
        if frame is not None and len(frame):
            rows = frame[frame["month"] <= month]
            ids |= set(boundaries.province_of(pd.Series(rows["region_id"].astype("str").unique())))
    known = set(boundaries.load_regions("province")["region_id"])
    return sorted(ids & known)
