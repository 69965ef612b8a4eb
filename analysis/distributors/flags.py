"""Distributors: five-criteria scorecard, range-coverage classes, prospect funnel, territory coverage,
cross-territory selling (窜货) and price-cutting (砸价) flags.

Methods: METHODS.md §2.2 (AHP weights), §3.2–3.3 (classes and hysteresis), §8 (conflict and price
rules). Every flag carries its explanation; nothing here invents data that is not in the inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import t
from analysis.methods.market import price_flags
from analysis.methods.mcda import AHPResult, ahp_matrix_from_upper, ahp_weights, normalise_weights, weighted_scores
from analysis.methods.tiers import DISTRIBUTOR_CLASSES, classify_distributors
from analysis.schemas import SOURCES, STATUS_DISTRIBUTOR

# The field guide's five criteria, in the order of its list (and of the AHP matrix).
CRITERIA = ("credibility", "philosophy", "finance", "product_priority", "execution")
# METHODS.md §2.2's illustrative judgements a_12, a_13, a_14, a_15, a_23, …, a_45.
DEFAULT_AHP_UPPER = (3.0, 1.0, 2.0, 1.0, 1 / 3, 1 / 2, 1 / 3, 2.0, 1.0, 1 / 2)
AHP_PAIRS = tuple((a, b) for i, a in enumerate(CRITERIA) for b in CRITERIA[i + 1 :])
# Where candidates come from (the field guide's 主动式 / 被动式 search).
CHANNEL_OF_SOURCE = {
    "web": "active",
    "registry": "active",
    "street": "active",
    "ads": "passive",
    "trade_show": "passive",
    "referral": "passive",
}
HIGH_TIERS = ("A", "B")
COVERAGE_CODES = {"uncovered": 0, "one": 1, "shared": 2, "gap": 3}
COVERAGE_COLOURS = {"uncovered": "#e6e6e6", "one": "#9ecae1", "shared": "#2171b5", "gap": "#d7301f"}
STATUS_COLOURS = {"prospect": "#fdae61", "active": "#1a9641", "ended": "#bababa"}
_SEPARATOR = {"zh": "；", "en": "; "}  # between the clauses of an explanation


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise naming the columns `frame` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; columns are {list(frame.columns)}")


def province_of(region_ids: pd.Series) -> pd.Series:
    """Province adcode of each county id (the first two digits of an adcode name the province)."""
    known = region_ids.map(boundaries.rollup_ids("province"))
    return known.fillna(region_ids.astype("str").str[:2] + "0000").astype("str")


def in_province(frame: pd.DataFrame, province: str | None, column: str = "region_id") -> pd.DataFrame:
    """Rows whose county `column` lies in `province` (all rows for "" or None).

    Examples
    --------
    >>> f = pd.DataFrame({"region_id": ["450102", "110101"]})
    >>> in_province(f, "450000")["region_id"].tolist()
    ['450102']
    """
    if not province or frame.empty:
        return frame
    return frame[(province_of(frame[column]) == province).to_numpy()]


# -- scorecard ---------------------------------------------------------------------------------------
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
    _require(distributors, ["distributor_id", *CRITERIA], "the distributors table")
    w = criterion_weights(weights)
    ratings = distributors[list(CRITERIA)].astype(float)
    scored = weighted_scores(ratings, w).rename(columns={"coverage": "rated_weight"})
    scored = scored.assign(**{f"contrib_{c}": scored.get(f"contrib_{c}", 0.0) for c in CRITERIA})
    out = pd.concat([distributors, scored], axis=1)
    order = out.sort_values(["score", "distributor_id"], ascending=[False, True], na_position="last").index
    rank = pd.Series(np.arange(1, len(out) + 1), index=order)
    return out.assign(rank=rank).loc[order].reset_index(drop=True)


# -- classes -----------------------------------------------------------------------------------------
def classes(
    distributors: pd.DataFrame,
    previous: Mapping[str, str] | pd.Series | None = None,
    band: float = 0.0,
    *,
    a_months: int = 3,
    b_min: float = 0.70,
    c_min: float = 0.50,
    lang: str = "en",
) -> pd.DataFrame:
    """The field guide's classes: A orders every month, B stocks ≥ 70 % of the range, C ≥ 50 %.

    Evaluated top-down by `analysis.methods.tiers.classify_distributors`. With last period's classes
    in `previous`, a distributor keeps B (or C) until its range coverage falls below the threshold
    minus `band` (METHODS.md §3.3); with no previous class, or band 0, the plain thresholds apply.

    Parameters
    ----------
    distributors : DataFrame
        distributor_id, ordered_months_last_3, skus_stocked, skus_total.
    previous : mapping or Series of distributor_id → class, optional
        Last period's classes (A, B, C or unclassified); distributors not in it have no history.
    band : float, default 0.0
        Hysteresis band below the B and C thresholds, e.g. 0.05 (demote B only below 0.65).
    a_months, b_min, c_min
        The rules' parameters (3 months; 0.70; 0.50).
    lang : {"zh", "en"}
        Language of ``explanation``.

    Returns
    -------
    DataFrame
        Same index: distributor_id, ``class``, ``rule`` (the rule that fired, as recorded by
        methods.tiers), ``range_coverage`` (stocked / total), ``ordered_months``, ``previous_class``,
        ``bar`` (the coverage threshold the class was held to; NaN for A and no range) and
        ``explanation`` (the rule in `lang`).

    Raises
    ------
    ValueError
        If a column is missing, a previous class is unknown or the thresholds are inconsistent.

    Examples
    --------
    >>> d = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "ordered_months_last_3": [3, 1, 0],
    ...                   "skus_stocked": [10, 18, 12], "skus_total": [25, 25, 25]})
    >>> classes(d)["class"].tolist()
    ['A', 'B', 'unclassified']
    >>> classes(d, previous={"D3": "C"}, band=0.05).loc[2, "class"]
    'C'
    """
    _require(
        distributors,
        ["distributor_id", "ordered_months_last_3", "skus_stocked", "skus_total"],
        "the distributors table",
    )
    prior = pd.Series({} if previous is None else previous, dtype="object")
    frame = distributors.assign(previous_class=distributors["distributor_id"].map(prior).astype("object"))
    fired = classify_distributors(
        frame, previous_col="previous_class", band=band, a_months=a_months, b_min=b_min, c_min=c_min
    )
    total = distributors["skus_total"].astype(float)
    share = distributors["skus_stocked"].astype(float) / total.where(total > 0)
    # The bar each class was held to: lowered by the band for a level held (or beaten) last period,
    # when the plain threshold alone would not have kept it there.
    rank = frame["previous_class"].map({"A": 3, "B": 2, "C": 1}).fillna(0)
    b_bar = np.where(rank >= 2, b_min - band, b_min)
    c_bar = np.where(rank >= 1, c_min - band, c_min)
    with np.errstate(invalid="ignore"):
        bar = np.select(
            [fired["class"] == "B", fired["class"] == "C"],
            [np.where(share >= b_min, b_min, b_bar), np.where(share >= c_min, c_min, c_bar)],
            c_bar,
        )
    bar = np.where((fired["class"] == "A") | share.isna(), np.nan, bar)
    out = pd.DataFrame(
        {
            "distributor_id": distributors["distributor_id"],
            "class": fired["class"],
            "rule": fired["rule"],
            "range_coverage": share,
            "ordered_months": distributors["ordered_months_last_3"],
            "previous_class": frame["previous_class"].astype("str"),
            "bar": bar,
            "b_bar": b_bar,
        },
        index=distributors.index,
    )
    explanation = [_class_text(row, a_months, b_min, c_min, lang) for row in out.to_dict("records")]
    return out.drop(columns="b_bar").assign(explanation=pd.Series(explanation, index=out.index, dtype="str"))


def _pct(x: float) -> str:
    """A share as a short percentage: 0.7 → "70%", 0.675 → "67.5%"."""
    return f"{100 * x:.3g}%"


def _class_text(row: dict, a_months: int, b_min: float, c_min: float, lang: str) -> str:
    """One distributor's class rule in `lang`."""
    cls, coverage, bar, previous = row["class"], row["range_coverage"], row["bar"], row["previous_class"]
    months = "?" if pd.isna(row["ordered_months"]) else str(int(row["ordered_months"]))
    if cls == "A":
        return t("distributors.rule.A", lang, months=months, n=a_months)
    needs_a = t("distributors.rule.needs_a", lang, months=months, n=a_months)
    if pd.isna(coverage):
        return t("distributors.rule.no_range", lang) + needs_a
    params = {"coverage": _pct(coverage), "bar": _pct(bar), "margin": f"{100 * (coverage - bar):+.1f}"}
    base = b_min if cls == "B" else c_min
    held = t("distributors.rule.band", lang, previous=previous, base=_pct(base)) if bar < base - 1e-12 else ""
    if cls == "B":
        return t("distributors.rule.B", lang, **params) + held + needs_a
    if cls == "C":
        gap = f"{100 * max(row['b_bar'] - coverage, 0.0):.1f}"
        return (
            t("distributors.rule.C", lang, **params)
            + held
            + t("distributors.rule.needs_b", lang, b=_pct(row["b_bar"]), gap=gap)
        )
    return t("distributors.rule.none", lang, **params)


def class_history(snapshots: Sequence[pd.DataFrame], band: float = 0.0, **rules) -> pd.DataFrame:
    """Classes of the latest snapshot, carried through the earlier ones with the hysteresis band.

    Each snapshot (say, one imported version a month) is classed with the previous snapshot's classes
    as history, so a band lets a B that dips just under 0.70 stay B until it falls below 0.70 − band.

    Parameters
    ----------
    snapshots : sequence of DataFrame
        Distributor tables, oldest first (columns as in `classes`).
    band : float, default 0.0
    **rules
        Passed on to `classes` (a_months, b_min, c_min, lang).

    Returns
    -------
    DataFrame
        `classes` of the last snapshot.

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
    previous = None
    for snapshot in snapshots:
        out = classes(snapshot, previous, band, **rules)
        previous = pd.Series(out["class"].to_numpy(), index=out["distributor_id"].to_numpy())
    return out


def class_counts(table: pd.DataFrame) -> pd.Series:
    """Distributors per class, every class listed (zero when empty), in A, B, C, unclassified order."""
    return table["class"].value_counts().reindex(list(DISTRIBUTOR_CLASSES), fill_value=0).astype("int64")


def assess(
    snapshots: Sequence[pd.DataFrame], weights: Mapping[str, float] | AHPResult, band: float = 0.0, lang: str = "en"
) -> pd.DataFrame:
    """The scorecard of the latest distributors with their class and its explanation.

    Parameters
    ----------
    snapshots : sequence of DataFrame
        Distributor tables, oldest first; the last one is scored, all of them carry the classes.
    weights : mapping or AHPResult
        As in `scorecard`.
    band : float, default 0.0
        Hysteresis band, as in `classes`.
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        `scorecard` columns plus class, rule, range_coverage, ordered_months, previous_class, bar and
        explanation; sorted by rank.

    Examples
    --------
    >>> d = pd.DataFrame({"distributor_id": ["D1"], **{c: [4] for c in CRITERIA}, "ordered_months_last_3": [3],
    ...                   "skus_stocked": [10], "skus_total": [40]})
    >>> assess([d], ahp())[["score", "class"]].round(6).to_dict("records")
    [{'score': 4.0, 'class': 'A'}]
    """
    if not snapshots:
        raise ValueError("assess needs at least one snapshot of the distributors")
    card = scorecard(snapshots[-1], weights)
    classed = class_history(snapshots, band, lang=lang).drop(columns="ordered_months")
    return card.merge(classed, on="distributor_id", how="left", validate="one_to_one")


def touching_province(flags: pd.DataFrame, distributors: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """Cross-territory flags of distributors seated in `province` or selling into one of its counties.

    Examples
    --------
    >>> flags = pd.DataFrame({"distributor_id": ["D1", "D2"], "foreign_regions": ["450102", "110101, 450103"]})
    >>> seats = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["110105", "110106"]})
    >>> touching_province(flags, seats, "450000")["distributor_id"].tolist()
    ['D1', 'D2']
    """
    if not province or flags.empty:
        return flags
    seated = in_province(distributors, province)["distributor_id"]
    foreign = flags["foreign_regions"].fillna("").str.split(", ").explode()
    into = (province_of(foreign) == province).groupby(level=0).any()
    return flags[flags["distributor_id"].isin(seated) | into]


# -- funnel ------------------------------------------------------------------------------------------
def funnel(distributors: pd.DataFrame) -> pd.DataFrame:
    """Candidates by source and status: the prospect funnel of the field guide.

    Parameters
    ----------
    distributors : DataFrame
        The distributors kind with ``source`` and ``status`` (missing or unknown values count as
        "unknown").

    Returns
    -------
    DataFrame
        One row per source × status (every known combination, zero included): ``source``, ``channel``
        ("active": web, registry, street; "passive": ads, trade_show, referral; else "unknown"),
        ``status``, ``distributors`` and ``share_of_source`` (0–1). Sources in the order active then
        passive, statuses prospect → active → ended.

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["web", "web", "ads"], "status": ["active", "prospect", "active"]})
    >>> f = funnel(d)
    >>> f[f.source == "web"][["channel", "status", "distributors", "share_of_source"]].to_dict("records")[:2]
    [{'channel': 'active', 'status': 'prospect', 'distributors': 1, 'share_of_source': 0.5}, \
{'channel': 'active', 'status': 'active', 'distributors': 1, 'share_of_source': 0.5}]
    """
    _require(distributors, ["source", "status"], "the distributors table")
    source = distributors["source"].where(distributors["source"].isin(SOURCES), "unknown")
    status = distributors["status"].where(distributors["status"].isin(STATUS_DISTRIBUTOR), "unknown")
    sources = [*SOURCES] + (["unknown"] if (source == "unknown").any() else [])
    statuses = ["prospect", "active", "ended"] + (["unknown"] if (status == "unknown").any() else [])
    counts = pd.crosstab(source, status).reindex(index=sources, columns=statuses, fill_value=0)
    long = counts.stack().rename("distributors").reset_index()
    long.columns = ["source", "status", "distributors"]
    per_source = long.groupby("source", sort=False)["distributors"].transform("sum")
    return pd.DataFrame(
        {
            "source": long["source"].astype("str"),
            "channel": long["source"].map(CHANNEL_OF_SOURCE).fillna("unknown").astype("str"),
            "status": long["status"].astype("str"),
            "distributors": long["distributors"].astype("int64"),
            "share_of_source": (long["distributors"] / per_source.where(per_source > 0)).astype(float),
        }
    )


def funnel_by_channel(table: pd.DataFrame) -> pd.DataFrame:
    """Candidates per channel (active search, passive) and how many of them became active distributors.

    Parameters
    ----------
    table : DataFrame
        The output of `funnel`.

    Returns
    -------
    DataFrame
        ``channel``, ``distributors``, ``active`` and ``active_share`` (NaN for an empty channel).

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["web", "street", "ads"], "status": ["active", "prospect", "active"]})
    >>> funnel_by_channel(funnel(d)).to_dict("records")
    [{'channel': 'active', 'distributors': 2, 'active': 1, 'active_share': 0.5}, \
{'channel': 'passive', 'distributors': 1, 'active': 1, 'active_share': 1.0}]
    """
    out = (
        table.assign(active=table["distributors"].where(table["status"] == "active", 0))
        .groupby("channel", sort=False, as_index=False)[["distributors", "active"]]
        .sum()
    )
    return out.assign(active_share=out["active"] / out["distributors"].where(out["distributors"] > 0))


def funnel_figure(table: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars per source, coloured by status, the sources grouped under active and passive search."""
    fig = go.Figure()
    sources = list(dict.fromkeys(table["source"]))
    channel = table.drop_duplicates("source").set_index("source")["channel"]
    x = [
        [t(f"distributors.channel.{channel[s]}", lang) for s in sources],
        [t(f"distributors.source.{s}", lang) for s in sources],
    ]
    for status in dict.fromkeys(table["status"]):
        part = table[table["status"] == status].set_index("source").reindex(sources)
        fig.add_trace(
            go.Bar(
                x=x,
                y=part["distributors"].tolist(),
                name=t(f"distributors.status.{status}", lang),
                marker_color=STATUS_COLOURS.get(status, "#737373"),
                customdata=part["share_of_source"].fillna(0).tolist(),
                hovertemplate="%{x}<br>%{fullData.name}: %{y} (%{customdata:.0%})<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "y": 1.12, "x": 0},
        yaxis={"title": {"text": t("distributors.funnel.count", lang)}},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


# -- coverage ----------------------------------------------------------------------------------------
def coverage(territories: pd.DataFrame, scored: pd.DataFrame, distributors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which distributors cover each county, and the high-tier counties nobody covers.

    Parameters
    ----------
    territories : DataFrame
        distributor_id, region_id (county) per covered county.
    scored : DataFrame
        County scores from `analysis.market.scoring.score_regions`: region_id, tier, gate, score.
    distributors : DataFrame, optional
        The distributors kind: territories of distributors whose status is "ended" are left out,
        and ``prospects`` counts the prospects seated in each county.

    Returns
    -------
    DataFrame
        One row per county in `scored` or `territories`: region_id, tier, gate, score,
        ``distributors`` (how many cover it), ``distributor_ids`` (comma-separated), ``prospects``,
        ``status`` ("uncovered", "one", "shared" or "gap" = tier A/B, gate open, nobody covering)
        and ``gap`` (bool). Sorted by gap first, then score.

    Examples
    --------
    >>> terr = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["c1", "c1"]})
    >>> s = pd.DataFrame({"region_id": ["c1", "c2", "c3"], "tier": ["A", "A", "C"],
    ...                   "gate": "open", "score": [0.9, 0.8, 0.1]})
    >>> coverage(terr, s).set_index("region_id")["status"].to_dict()
    {'c2': 'gap', 'c1': 'shared', 'c3': 'uncovered'}
    """
    _require(territories, ["distributor_id", "region_id"], "the territories table")
    _require(scored, ["region_id", "tier", "gate", "score"], "the scored counties")
    terr = territories[["distributor_id", "region_id"]].drop_duplicates()
    prospects = pd.Series(dtype="int64")
    if distributors is not None and not distributors.empty:
        _require(distributors, ["distributor_id", "region_id", "status"], "the distributors table")
        ended = distributors.loc[distributors["status"] == "ended", "distributor_id"]
        terr = terr[~terr["distributor_id"].isin(ended)]
        prospects = distributors[distributors["status"] == "prospect"].groupby("region_id").size()
    by_county = terr.sort_values("distributor_id").groupby("region_id")["distributor_id"]
    covering = pd.DataFrame({"distributors": by_county.size(), "distributor_ids": by_county.agg(", ".join)})
    ids = pd.Index(scored["region_id"]).union(pd.Index(covering.index), sort=False)
    out = (
        pd.DataFrame({"region_id": ids.astype("str")})
        .merge(scored[["region_id", "tier", "gate", "score"]], on="region_id", how="left")
        .merge(covering, left_on="region_id", right_index=True, how="left")
    )
    count = out["distributors"].fillna(0).astype("int64")
    gap = (count == 0) & out["tier"].isin(HIGH_TIERS) & (out["gate"] == "open")
    status = np.select([gap, count >= 2, count == 1], ["gap", "shared", "one"], "uncovered")
    out = out.assign(
        distributors=count,
        distributor_ids=out["distributor_ids"].fillna("").astype("str"),
        prospects=out["region_id"].map(prospects).fillna(0).astype("int64"),
        status=pd.Series(status, index=out.index, dtype="str"),
        gap=gap.to_numpy(),
    )
    return out.sort_values(["gap", "score"], ascending=[False, False], na_position="last").reset_index(drop=True)


def coverage_figure(frame: pd.DataFrame, lang: str, names: Mapping[str, str] | None = None) -> go.Figure:
    """County map of coverage: one choropleth trace, the four statuses as stepped colour codes.

    Parameters
    ----------
    frame : DataFrame
        Counties in view (region_id, name, name_en) with the `coverage` columns status, distributors,
        distributor_ids and tier (missing = no row in `coverage`, drawn as uncovered).
    lang : {"zh", "en"}
    names : mapping of distributor_id → name, optional
        For the hover text.
    """
    labels = {k: t(f"distributors.coverage.{k}", lang) for k in COVERAGE_CODES}
    status = frame["status"].fillna("uncovered")
    county = frame["name"] if lang == "zh" else frame["name_en"]
    names = names or {}

    def who(ids: str) -> str:
        listed = [names.get(i, i) for i in ids.split(", ") if i] if isinstance(ids, str) else []
        more = len(listed) - 3
        return "<br>".join(listed[:3]) + (f"<br>+{more}" if more > 0 else "")

    tier = frame["tier"].where(frame["tier"].notna(), "–") if "tier" in frame else pd.Series("–", index=frame.index)
    hover = [
        f"<b>{c}</b><br>{labels[s]}<br>{t('distributors.col.tier', lang)}: {tr}"
        + (f"<br>{who(ids)}" if who(ids) else "")
        for c, s, tr, ids in zip(county, status, tier, frame["distributor_ids"], strict=True)
    ]
    order = list(COVERAGE_CODES)
    n = len(order)
    scale = [
        pair for i, k in enumerate(order) for pair in ([i / n, COVERAGE_COLOURS[k]], [(i + 1) / n, COVERAGE_COLOURS[k]])
    ]
    fig = go.Figure(
        go.Choropleth(
            geojson=boundaries.subset_geojson("county", frozenset(frame["region_id"])),
            featureidkey="id",
            locations=frame["region_id"].tolist(),
            z=status.map(COVERAGE_CODES).astype(float).tolist(),
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            colorbar={
                "tickvals": list(range(n)),
                "ticktext": [labels[k] for k in order],
                "thickness": 12,
                "len": 0.6,
                "title": {"text": t("distributors.coverage.legend", lang)},
            },
            marker_line_color="white",
            marker_line_width=0.15,
            hovertext=hover,
            hoverinfo="text",
            name=t("distributors.coverage.legend", lang),
        )
    )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(
        height=560, margin={"l": 0, "r": 0, "t": 0, "b": 0}, font={"family": FONT}, paper_bgcolor="rgba(0,0,0,0)"
    )
    return fig


# -- cross-territory selling (窜货) -------------------------------------------------------------------
def _last_months(sales: pd.DataFrame, months: int | None) -> pd.DataFrame:
    """Sales of the last `months` months present in the data (all of them for None)."""
    if months is None or sales.empty:
        return sales
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    kept = sorted(sales["month"].dropna().unique())[-months:]
    return sales[sales["month"].isin(kept)]


def out_of_territory(sales: pd.DataFrame, territories: pd.DataFrame, months: int | None = 3) -> pd.DataFrame:
    """Sales rows credited to a distributor in a county outside that distributor's territory.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, distributor_id ("" or missing = no distributor, never flagged).
    territories : DataFrame
        distributor_id, region_id.
    months : int or None, default 3
        Look at the last `months` months of the sales only (None = all).

    Returns
    -------
    DataFrame
        The sales rows (their columns) whose (distributor_id, region_id) is not in `territories`.
    """
    _require(sales, ["region_id", "month", "units", "distributor_id"], "the sales table")
    _require(territories, ["distributor_id", "region_id"], "the territories table")
    recent = _last_months(sales, months)
    credited = recent[recent["distributor_id"].fillna("").astype("str").str.strip() != ""]
    pairs = territories[["distributor_id", "region_id"]].drop_duplicates().assign(_inside=True)
    joined = credited.merge(pairs, on=["distributor_id", "region_id"], how="left")
    return joined[joined["_inside"].isna()].drop(columns="_inside").reset_index(drop=True)


def cross_territory_flags(
    sales: pd.DataFrame,
    territories: pd.DataFrame,
    months: int | None = 3,
    *,
    rate_max: float = 0.03,
    burst_units: int = 5,
    region_names: Mapping[str, str] | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Cross-territory selling per distributor (METHODS.md §8 rule 1), each flag explained.

    A distributor is flagged when the share of its units sold outside its territory exceeds
    `rate_max`, or when at least `burst_units` land in one foreign county in one month.

    Parameters
    ----------
    sales, territories, months
        As in `out_of_territory`.
    rate_max : float, default 0.03
        Alert above this out-of-territory share of units.
    burst_units : int, default 5
        Alert at this many units in one foreign county within a month.
    region_names : mapping of region_id → name, optional
        County names for the explanation (ids otherwise).
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        One row per distributor with units credited in the window and at least one out-of-territory
        unit: distributor_id, ``units`` (all its units), ``flagged_units``, ``rate``,
        ``foreign_counties`` (how many), ``foreign_regions`` (ids, comma-separated), ``top_region_id``,
        ``top_month`` and ``top_units`` (its largest foreign county-month), ``rate_rule`` and
        ``burst_rule`` (which rule fired), ``flagged`` and ``explanation``. Flagged rows first, by
        flagged units.

    Examples
    --------
    >>> sales = pd.DataFrame({"region_id": ["a", "a", "b"], "month": "2026-10",
    ...                       "units": [90, 4, 6], "distributor_id": ["D1", "D2", "D1"]})
    >>> terr = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["a", "a"]})
    >>> cross_territory_flags(sales, terr)[["distributor_id", "flagged_units", "rate", "flagged"]].to_dict("records")
    [{'distributor_id': 'D1', 'flagged_units': 6, 'rate': 0.0625, 'flagged': True}]
    """
    outside = out_of_territory(sales, territories, months)
    columns = [
        "distributor_id", "units", "flagged_units", "rate", "foreign_counties", "foreign_regions",
        "top_region_id", "top_month", "top_units", "rate_rule", "burst_rule", "flagged", "explanation",
    ]  # fmt: skip
    if outside.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    recent = _last_months(sales, months)
    units = recent.groupby("distributor_id")["units"].sum()
    cells = outside.groupby(["distributor_id", "region_id", "month"], as_index=False)["units"].sum()
    cells = cells.sort_values(["distributor_id", "units", "month"], ascending=[True, False, False])
    top = cells.drop_duplicates("distributor_id").set_index("distributor_id")
    per = cells.groupby("distributor_id").agg(
        flagged_units=("units", "sum"),
        foreign_counties=("region_id", "nunique"),
        foreign_regions=("region_id", lambda r: ", ".join(sorted(set(r)))),
    )
    out = per.assign(
        units=units.reindex(per.index),
        top_region_id=top["region_id"],
        top_month=top["month"],
        top_units=top["units"],
    )
    out = out[out["flagged_units"] > 0]
    out = out.assign(rate=out["flagged_units"] / out["units"].where(out["units"] > 0))
    out = out.assign(rate_rule=out["rate"] > rate_max, burst_rule=out["top_units"] >= burst_units)
    out = out.assign(flagged=out["rate_rule"] | out["burst_rule"]).reset_index()
    names = region_names or {}
    window = t("distributors.window.all", lang) if months is None else t("distributors.window.n", lang, n=months)
    explanation = [
        _conflict_text(row, window, rate_max, burst_units, names, lang) for row in out.itertuples(index=False)
    ]
    out = out.assign(explanation=pd.Series(explanation, index=out.index, dtype="str"))
    out = out.sort_values(["flagged", "flagged_units", "distributor_id"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)


def _conflict_text(row, window: str, rate_max: float, burst_units: int, names: Mapping[str, str], lang: str) -> str:
    """Why (or why not) one distributor's out-of-territory units raise a flag."""
    text = t(
        "distributors.conflict.summary",
        lang,
        window=window,
        flagged=f"{int(row.flagged_units):,}",
        units=f"{int(row.units):,}",
        rate=fmt(row.rate, "share", lang),
        counties=row.foreign_counties,
    )
    verdicts = []
    if row.rate_rule:
        verdicts.append(
            t("distributors.conflict.rate", lang, rate=fmt(row.rate, "share", lang), max=fmt(rate_max, "share", lang))
        )
    if row.burst_rule:
        county = names.get(row.top_region_id, row.top_region_id)
        verdicts.append(
            t(
                "distributors.conflict.burst",
                lang,
                units=int(row.top_units),
                county=county,
                month=row.top_month,
                n=burst_units,
            )
        )
    if not verdicts:
        verdicts.append(t("distributors.conflict.below", lang, max=fmt(rate_max, "share", lang), n=burst_units))
    separator = _SEPARATOR[lang]
    return text + separator + separator.join(verdicts)


# -- price cutting (砸价) -----------------------------------------------------------------------------
def price_flags_from_sales(
    sales: pd.DataFrame,
    floor_by_product: Mapping[str, float] | None = None,
    months: int | None = 3,
    *,
    threshold: float = 3.5,
    min_peers: int = 8,
    lang: str = "en",
) -> pd.DataFrame:
    """Unit prices per county, month and product, flagged below the floor or as robust low outliers.

    The price is revenue / units of the county's sales of that product in that month. Rule 3 of
    METHODS.md §8 flags a price under the product's floor; rule 4 flags a modified z-score
    M = 0.6745 · (price − median) / MAD below −`threshold` (undercutting only), computed against the
    peers: the same product in the same month in the counties of the same province.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, revenue, product (missing product = one unnamed product).
    floor_by_product : mapping of product → minimum price, optional
        A floor of None, NaN or 0 means no floor for that product.
    months : int or None, default 3
        The last `months` months only (None = all).
    threshold : float, default 3.5
    min_peers : int, default 8
        Groups with fewer prices than this are too small to estimate a robust spread: only the floor
        is checked there.
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        One row per county × month × product with units > 0: region_id, province_id, month, product,
        units, revenue, ``price``, ``floor``, ``peer_median``, ``peers``, ``mad_score``,
        ``below_floor``, ``outlier``, ``flagged``, ``reason`` (methods.market's record) and
        ``explanation`` (in `lang`, empty when not flagged). Flagged rows first, lowest score first.

    Examples
    --------
    >>> prices = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]
    >>> sales = pd.DataFrame({"region_id": [f"4501{i:02d}" for i in range(8)], "month": "2026-10",
    ...                       "units": 1, "revenue": prices, "product": "X1"})
    >>> out = price_flags_from_sales(sales, {"X1": 2800})
    >>> out[["price", "mad_score", "below_floor", "outlier"]].head(1).to_dict("records")
    [{'price': 2100.0, 'mad_score': -40.22, 'below_floor': True, 'outlier': True}]
    """
    _require(sales, ["region_id", "month", "units", "revenue"], "the sales table")
    recent = _last_months(sales, months)
    recent = recent.assign(product=recent["product"].fillna("").astype("str") if "product" in recent else "")
    cells = recent.groupby(["region_id", "month", "product"], as_index=False)[["units", "revenue"]].sum()
    cells = cells[cells["units"] > 0].reset_index(drop=True)
    floors = pd.Series(dict(floor_by_product or {}), dtype=float)
    cells = cells.assign(
        province_id=province_of(cells["region_id"]),
        price=cells["revenue"].astype(float) / cells["units"].astype(float),
        floor=cells["product"].map(floors.where(floors > 0)).astype(float),
    )
    keys = ["product", "month", "province_id"]
    peers = cells.groupby(keys)["price"]
    cells = cells.assign(peer_median=peers.transform("median"), peers=peers.transform("size"))
    # Too few peers give no robust spread: there only the floor applies (an infinite threshold never fires).
    enough = cells["peers"] >= min_peers
    flags = pd.concat(
        [
            price_flags(cells[enough], "price", keys, floor="floor", threshold=threshold, side="below"),
            price_flags(cells[~enough], "price", keys, floor="floor", threshold=np.inf, side="below"),
        ]
    ).reindex(cells.index)
    out = pd.concat([cells, flags], axis=1).assign(mad_score=lambda f: f["mad_score"].round(2))
    explanation = [_price_text(row, threshold, lang) if row.flagged else "" for row in out.itertuples(index=False)]
    out = out.assign(explanation=pd.Series(explanation, index=out.index, dtype="str"))
    columns = [
        "region_id", "province_id", "month", "product", "units", "revenue", "price", "floor", "peer_median",
        "peers", "mad_score", "below_floor", "outlier", "flagged", "reason", "explanation",
    ]  # fmt: skip
    out = out.sort_values(["flagged", "mad_score", "region_id"], ascending=[False, True, True])
    return out[columns].reset_index(drop=True)


def _yuan(value: float) -> str:
    """A price in yuan with up to two decimals: 2100 → "¥2,100", 2994.5 → "¥2,994.5"."""
    return f"¥{round(value, 2):,.10g}"


def _price_text(row, threshold: float, lang: str) -> str:
    """Why one county's price is flagged."""
    parts = [t("distributors.price.floor", lang, floor=_yuan(row.floor))] if row.below_floor else []
    if row.outlier:
        below = fmt(1 - row.price / row.peer_median, "share", lang) if row.peer_median else "–"
        parts.append(
            t(
                "distributors.price.outlier",
                lang,
                below=below,
                median=_yuan(row.peer_median),
                peers=int(row.peers),
                score=f"{row.mad_score:.2f}",
                threshold=f"{-threshold:g}",
            )
        )
    return t("distributors.price.lead", lang, price=_yuan(row.price)) + _SEPARATOR[lang].join(parts)
