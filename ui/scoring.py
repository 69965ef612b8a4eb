"""Streamlit helpers of the Market Scoring page: the settings panel, cached scoring, table, chart, texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.formats import fmt
from analysis.i18n import CATALOG, region_label, t
from analysis.market.features import OURS, build_features
from analysis.market.scoring import (
    TIERS,
    Criterion,
    ScoringConfig,
    SellInAssumptions,
    list_presets,
    load_preset,
    score_regions,
    stability,
    weights_from_ahp,
)
from analysis.methods.capacity import ASSUMPTION_PRESETS, CapacityAssumptions
from analysis.methods.mcda import ahp_matrix_from_upper

# The criteria the panel offers, with their direction; a weight of 0 leaves one out.
CANDIDATES = {
    "whitespace_units": "benefit",
    "housing_per_1000hh": "benefit",
    "capacity_units": "benefit",
    "yoy_growth": "benefit",
    "income_per_capita": "benefit",
    "hhi": "cost",
    "price_index": "cost",
    "our_share": "cost",
    "bpi": "benefit",
}
CAPACITY_FIELDS = ("penetration", "penetration_next", "life_years", "fitout_rate", "attach_rate")
K = "scoring_"  # prefix of every widget key on the page
WIDGETS = ("gate_on", "gate_min", "attainable", "coverage_b", "coverage_c")  # remembered across pages
LANGS = ("zh", "en")
DRAWS = 200


def _remembered(key: str, default) -> None:
    """Start a widget from its last value (kept across page switches), else from `default`."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(f"_keep_{key}", default)


def _remember(*keys: str) -> None:
    for key in keys:
        st.session_state[f"_keep_{key}"] = st.session_state[key]


def select(widget, label: str, options, name: str, lang: str, format_func, default=None, **kwargs):
    """A selectbox, radio or multiselect whose choice survives a language switch and a page switch.

    A keyed choice widget keeps the option labels it was created with when only the labels change,
    so each language gets its own widget (key ``<name>__<lang>``), started from the language-free
    choice kept in ``st.session_state[name]``.
    """
    options = list(options)
    current = st.session_state.get(name, default)
    if widget is st.multiselect:
        kwargs["default"] = [v for v in current or [] if v in options]
    else:
        kwargs["index"] = options.index(current) if current in options else 0
    value = widget(label, options, format_func=format_func, key=f"{name}__{lang}", **kwargs)
    st.session_state[name] = value
    return value


def reset_select(name: str, value) -> None:
    """Set a `select` choice from code: the language-free value, and drop the widgets' own state."""
    st.session_state[name] = value
    for lang in LANGS:
        st.session_state.pop(f"{name}__{lang}", None)


def _load_into_widgets(config: ScoringConfig) -> None:
    """Put a config's weights, method, tier rule, gate and sell-in into the widget state."""
    weights = config.weights
    total = sum(weights.values())
    state = {f"{K}w_{n}": round(100 * weights.get(n, 0.0) / total) for n in CANDIDATES}
    state |= {
        f"{K}gate_on": config.gate_min_housing is not None,
        f"{K}gate_min": round(config.gate_min_housing or 0),
        f"{K}attainable": round(100 * config.sell_in.attainable_share),
        f"{K}coverage_b": round(100 * config.sell_in.coverage_b),
        f"{K}coverage_c": round(100 * config.sell_in.coverage_c),
    }
    for key, value in state.items():
        st.session_state[key] = value
        st.session_state[f"_keep_{key}"] = value
    reset_select(f"{K}method", config.method)
    reset_select(f"{K}tier_rule", config.tier_rule)


def _on_preset(lang: str) -> None:
    name = st.session_state[f"{K}preset__{lang}"]
    st.session_state[f"{K}preset"] = name
    _load_into_widgets(load_preset(name))


def _apply_ahp(weights: dict[str, float]) -> None:
    for name in CANDIDATES:
        key = f"{K}w_{name}"
        st.session_state[key] = st.session_state[f"_keep_{key}"] = round(100 * weights.get(name, 0.0))


def settings_panel(lang: str) -> tuple[ScoringConfig, CapacityAssumptions]:
    """The weights and assumptions panel; returns the scoring config and the capacity assumptions."""
    if f"_keep_{K}gate_on" not in st.session_state:  # first visit: start from the default preset
        _load_into_widgets(load_preset(st.session_state.get(f"{K}preset", "default")))
    for key in [f"{K}w_{n}" for n in CANDIDATES] + [f"{K}{k}" for k in WIDGETS]:
        _remembered(key, None)

    st.subheader(t("scoring.settings", lang))
    preset = select(
        st.selectbox,
        t("scoring.preset", lang),
        list_presets(),
        f"{K}preset",
        lang,
        lambda p: t(f"scoring.preset.{p}", lang) if f"scoring.preset.{p}" in CATALOG else p,
        default="default",
        on_change=_on_preset,
        args=(lang,),
    )
    st.markdown(f"**{t('scoring.weights', lang)}**", help=t("scoring.weights_help", lang))
    raw = {}
    for name, direction in CANDIDATES.items():
        arrow = "↑" if direction == "benefit" else "↓"
        raw[name] = st.slider(
            f"{t(f'scoring.crit.{name}', lang)} {arrow}",
            0,
            100,
            key=f"{K}w_{name}",
            help=t(f"scoring.{direction}", lang),
        )
    total = sum(raw.values())
    if total == 0:
        st.warning(t("scoring.weights_zero", lang))
        raw = {n: round(100 * w) for n, w in load_preset(preset).weights.items()}
        total = sum(raw.values())
    used = {n: w for n, w in raw.items() if w > 0}
    st.caption(" · ".join(f"{t(f'scoring.crit.{n}', lang)} {fmt(w / total, 'share', lang)}" for n, w in used.items()))
    st.caption(t("scoring.weights_total", lang, total=fmt(sum(w / total for w in used.values()), "share", lang)))

    method = select(
        st.radio,
        t("scoring.method", lang),
        ("minmax", "zscore"),
        f"{K}method",
        lang,
        lambda m: t(f"scoring.method.{m}", lang),
    )
    tier_rule = select(
        st.selectbox,
        t("scoring.tier_rule", lang),
        ("quantile", "threshold", "pareto"),
        f"{K}tier_rule",
        lang,
        lambda r: t(f"scoring.tier_rule.{r}", lang),
    )
    st.checkbox(t("scoring.gate_on", lang), key=f"{K}gate_on", help=t("scoring.gate_help", lang))
    st.number_input(
        t("scoring.gate_min", lang),
        min_value=0,
        step=100,
        key=f"{K}gate_min",
        disabled=not st.session_state[f"{K}gate_on"],
    )
    assumptions = _capacity_expander(lang)
    sell_in = _sell_in_expander(lang)
    _remember(*(f"{K}w_{n}" for n in CANDIDATES), *(f"{K}{k}" for k in WIDGETS))
    config = ScoringConfig(
        criteria=tuple(Criterion(n, CANDIDATES[n], w / total) for n, w in used.items()),
        method=method,
        tier_rule=tier_rule,
        gate_min_housing=st.session_state[f"{K}gate_min"] if st.session_state[f"{K}gate_on"] else None,
        sell_in=sell_in,
    )
    return config, assumptions


def ahp_expander(names: list[str], lang: str) -> None:
    """Pairwise comparisons of the criteria in use → weights, CR, a warning at CR ≥ 0.10, apply."""
    with st.expander(t("scoring.ahp", lang)):
        st.caption(t("scoring.ahp_help", lang))
        labels = [t(f"scoring.crit.{n}", lang) for n in names]
        if len(names) < 2:
            return
        start = pd.DataFrame(np.ones((len(names), len(names))), index=labels, columns=labels)
        edited = st.data_editor(
            start,
            key=f"{K}ahp_{'_'.join(names)}",
            column_config={
                c: st.column_config.NumberColumn(min_value=0.111, max_value=9.0, format="%.3g") for c in labels
            },
        )
        try:
            upper = edited.to_numpy(dtype=float)[np.triu_indices(len(names), k=1)]
            result = weights_from_ahp(ahp_matrix_from_upper(upper, len(names)), names)
        except ValueError as exc:
            st.error(t("scoring.ahp_error", lang, detail=exc))
            return
        weights, verdict = st.columns(2)
        weights.dataframe(
            pd.DataFrame({"criterion": labels, "weight": list(result.weights.values())}),
            column_config={
                "criterion": t("scoring.col.criterion", lang),
                "weight": st.column_config.NumberColumn(t("scoring.col.weight", lang), format="percent"),
            },
            hide_index=True,
        )
        with verdict:
            st.metric(t("scoring.ahp_cr", lang), f"{result.cr:.3f}")
            if result.warning:
                st.warning(t("scoring.ahp_warning", lang, cr=f"{result.cr:.3f}"))
            else:
                st.success(t("scoring.ahp_ok", lang))
            st.button(t("scoring.ahp_apply", lang), on_click=_apply_ahp, args=(result.weights,), key=f"{K}ahp_apply")


def _capacity_expander(lang: str) -> CapacityAssumptions:
    """Category preset and every capacity assumption, editable, with the chain written out."""
    with st.expander(t("scoring.capacity", lang)):
        category = select(
            st.selectbox,
            t("scoring.category", lang),
            ASSUMPTION_PRESETS,
            f"{K}category",
            lang,
            lambda c: t(f"scoring.category.{c}", lang),
        )
        base = ASSUMPTION_PRESETS[category]
        values = {}
        for field in CAPACITY_FIELDS:
            key = f"{K}cap_{category}_{field}"
            _remembered(key, float(getattr(base, field)))
            is_life = field == "life_years"
            values[field] = st.number_input(
                t(f"scoring.{field}", lang),
                min_value=1.0 if is_life else 0.0,
                max_value=30.0 if is_life else 1.0,
                step=0.5 if is_life else 0.01,
                key=key,
            )
            _remember(key)
        lag = " / ".join(fmt(v, "share", lang) for v in base.lag_profile)
        st.caption(t("scoring.lag", lang, lag=lag))
        st.caption(t("scoring.chain", lang))
    return CapacityAssumptions(**values, lag_profile=base.lag_profile, avg_unit_m2=base.avg_unit_m2)


def _sell_in_expander(lang: str) -> SellInAssumptions:
    with st.expander(t("scoring.sell_in", lang)):
        share = st.slider(t("scoring.attainable_share", lang), 0, 60, key=f"{K}attainable", format="%d%%")
        b = st.slider(t("scoring.coverage_b", lang), 0, 100, key=f"{K}coverage_b", format="%d%%")
        c = st.slider(t("scoring.coverage_c", lang), 0, 100, key=f"{K}coverage_c", format="%d%%")
    return SellInAssumptions(attainable_share=share / 100, coverage_b=b / 100, coverage_c=c / 100)


# -- cached computation: features once per dataset, level, province and assumptions --------------
@st.cache_data(show_spinner=False, max_entries=8)
def features(_frames: dict, key: tuple, level: str, assumptions: CapacityAssumptions, province: str | None):
    """Region features; `key` (dataset, level, assumptions, province) is what the cache looks at."""
    return build_features(_frames, level, assumptions, province)


@st.cache_data(show_spinner=False, max_entries=32)
def scored(_features: pd.DataFrame, key: tuple, config: ScoringConfig) -> pd.DataFrame:
    """Scores for a weight change: the features are not rebuilt, only looked up by `key`."""
    return score_regions(_features, config)


@st.cache_data(show_spinner=False, max_entries=16)
def tier_stability(_features: pd.DataFrame, key: tuple, config: ScoringConfig, spread: float) -> pd.DataFrame:
    return stability(_features, config, draws=DRAWS, spread=spread, seed=0)


# -- rendering helpers ---------------------------------------------------------------------------
def missing_criteria(row: pd.Series, config: ScoringConfig) -> list[str]:
    """The criteria a region has no value for (their weight went to the others)."""
    return [c.name for c in config.criteria if pd.isna(row.get(f"contrib_{c.name}"))]


def tier_label(tier, lang: str) -> str:
    return t(f"scoring.tier.{tier}", lang) if isinstance(tier, str) and tier else "–"


def filter_table(table: pd.DataFrame, province_names: dict[str, str], one_province: bool, lang: str) -> pd.DataFrame:
    """Province, tier and gate filters over the ranked table (nothing chosen = everything)."""
    columns = st.columns(3)
    filters = [
        ("province_id", sorted(table["province_id"].dropna().unique()), lambda p: province_names.get(p, p)),
        ("tier", TIERS, lambda x: tier_label(x, lang)),
        ("gate", ("open", "hold"), lambda g: t(f"scoring.gate.{g}", lang)),
    ]
    shown = table
    for column, (field, options, label) in zip(columns, filters, strict=True):
        name = {"province_id": "province", "tier": "tier", "gate": "gate"}[field]
        with column:
            chosen = select(
                st.multiselect,
                t(f"scoring.filter_{name}", lang),
                options,
                f"{K}filter_{name}",
                lang,
                label,
                placeholder=t("scoring.all", lang),
                disabled=field == "province_id" and one_province,
            )
        if chosen:
            shown = shown[shown[field].isin(chosen)]
    return shown


def ranked_view(table: pd.DataFrame, province_names: dict[str, str], lang: str) -> tuple[pd.DataFrame, dict]:
    """The ranked table for st.dataframe and its column config."""
    view = pd.DataFrame(
        {
            "rank": table["rank"],
            "region": [region_label(n, e, lang) for n, e in zip(table["name"], table["name_en"], strict=True)],
            "province": table["province_id"].map(province_names),
            "tier": [tier_label(x, lang) for x in table["tier"]],
            "score": table["score"],
            "keep_share": table["keep_share"],
            "coverage": table["coverage"],
            "capacity": table["capacity_units"].round(0),
            "whitespace": table["whitespace_units"].round(0),
            "housing": table["housing_3y_units"].round(0),
            "our_units": table["our_units"].round(0),
            "our_share": table["our_share"],
            "hhi": table["hhi"],
            "yoy": table["yoy_growth"],
            "price_index": table["price_index"],
            "planned": table["planned_units"].round(0),
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("scoring.col.rank", lang), format="%d"),
        "region": t("scoring.col.region", lang),
        "province": t("scoring.col.province", lang),
        "tier": t("scoring.col.tier", lang),
        "score": st.column_config.ProgressColumn(
            t("scoring.col.score", lang), format="%.3f", min_value=0.0, max_value=max(1.0, float(table["score"].max()))
        ),
        "keep_share": number(t("scoring.col.keep_share", lang), format="percent"),
        "coverage": number(t("scoring.col.coverage", lang), format="percent"),
        "capacity": number(t("scoring.col.capacity", lang), format="localized"),
        "whitespace": number(t("scoring.col.whitespace", lang), format="localized"),
        "housing": number(t("scoring.col.housing", lang), format="localized"),
        "our_units": number(t("scoring.col.our_units", lang), format="localized"),
        "our_share": number(t("scoring.col.our_share", lang), format="percent"),
        "hhi": number(t("scoring.col.hhi", lang), format="%.0f"),
        "yoy": number(t("scoring.col.yoy", lang), format="percent"),
        "price_index": number(t("scoring.col.price_index", lang), format="%.2f"),
        "planned": number(t("scoring.col.planned", lang), format="localized"),
    }
    return view, config


def sell_in_view(by_tier: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """The sell-in by tier table for st.dataframe and its column config."""
    view = by_tier.assign(
        tier=[tier_label(x, lang) for x in by_tier["tier"]],
        capacity_units=by_tier["capacity_units"].round(0),
        range_coverage=[fmt(x, "share", lang) for x in by_tier["range_coverage"]],
        planned_units=by_tier["planned_units"].round(0),
    )
    number = st.column_config.NumberColumn
    config = {
        "tier": t("scoring.col.tier", lang),
        "regions": number(t("scoring.col.regions", lang), format="localized"),
        "capacity_units": number(t("scoring.col.capacity", lang), format="localized"),
        "range_coverage": t("scoring.col.range_coverage", lang),
        "planned_units": number(t("scoring.col.planned", lang), format="localized"),
    }
    return view, config


def tier_explanation(row: pd.Series, table: pd.DataFrame, config: ScoringConfig, lang: str) -> str:
    """Why a region has its tier, in the reader's language, with the gap to the next tier."""
    if row["tier"] == "hold":
        if np.isnan(row["housing_3y_units"]):
            return t("scoring.rule.hold_unknown", lang, years=row["pipeline_years"])
        return t(
            "scoring.rule.hold",
            lang,
            years=row["pipeline_years"],
            units=fmt(row["housing_3y_units"], "count", lang),
            minimum=fmt(config.gate_min_housing, "count", lang),
        )
    if not isinstance(row["tier"], str):
        return t("scoring.rule.no_score", lang)
    rule, tier = config.tier_rule, row["tier"]
    share = {"A": config.a_share, "B": config.b_share}
    params = {
        "score": f"{row['score']:.3f}",
        "threshold": f"{row['tier_threshold']:.3f}" if rule != "pareto" else fmt(row["tier_threshold"], "share", lang),
        "value": fmt(row["tier_value"], "share", lang),
    }
    if rule == "quantile":
        params |= {"a": fmt(share["A"], "share", lang), "b": fmt(share["B"], "share", lang)}
        params["ab"] = fmt(share["A"] + share["B"], "share", lang)
    text = t(f"scoring.rule.{rule}.{tier}", lang, **params)
    above = {"B": "A", "C": "B"}.get(tier)
    if above and rule != "pareto":
        floor = (
            table.loc[table["tier"] == above, "score"].min()
            if rule == "quantile"
            else (config.a_min if above == "A" else config.b_min)
        )
        if np.isfinite(floor):
            text += " " + t("scoring.next_gap", lang, tier=above, gap=f"{floor - row['score']:.3f}")
    return text


def contributions_chart(row: pd.Series, config: ScoringConfig, lang: str) -> go.Figure:
    """One bar per criterion: its contribution to the score, labelled with the raw value."""
    names = [c.name for c in config.criteria]
    labels = [t(f"scoring.crit.{n}", lang) for n in names]
    contrib = np.array([row.get(f"contrib_{n}", np.nan) for n in names], dtype=float)
    text = [t("scoring.missing", lang) if np.isnan(v) else f"{v:+.3f}" for v in contrib]
    colours = ["#bbbbbb" if np.isnan(v) else ("#2e7d32" if v >= 0 else "#c62828") for v in contrib]
    fig = go.Figure(
        go.Bar(
            x=np.nan_to_num(contrib),
            y=labels,
            orientation="h",
            text=text,
            textposition="outside",
            marker_color=colours,
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    )
    name = region_label(row["name"], row["name_en"], lang)
    fig.update_layout(
        title=t("scoring.contrib_title", lang, region=name, score=f"{row['score']:.3f}"),
        height=90 + 34 * len(names),
        margin={"l": 10, "r": 40, "t": 50, "b": 30},
        yaxis={"autorange": "reversed"},
        xaxis={
            "zeroline": True,
            "range": [
                min(0.0, float(np.nanmin(np.append(contrib, 0))) * 1.3),
                float(np.nanmax(np.append(contrib, 0.01))) * 1.3,
            ],
        },
        showlegend=False,
    )
    return fig


def _fixed(value: float, digits: int = 2) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{value:,.{digits}f}"


def capacity_chain(f: pd.Series, lang: str) -> list[str]:
    """The capacity chain of one region as lines of text, every factor shown."""

    def n(v: float) -> str:
        return fmt(v, "count", lang)

    def p(v: float) -> str:
        return fmt(v, "share", lang)

    leader = f["leader"] if isinstance(f["leader"], str) else "–"
    households = n(f["households"])
    return [
        t(
            "scoring.chain.replacement",
            lang,
            households=households,
            penetration=p(f["penetration"]),
            life=f"{f['life_years']:g}",
            value=n(f["replacement_units"]),
        ),
        t(
            "scoring.chain.upgrade",
            lang,
            households=households,
            next=p(f["penetration_next"]),
            penetration=p(f["penetration"]),
            value=n(f["upgrade_units"]),
        ),
        t(
            "scoring.chain.newhousing",
            lang,
            fitout=p(f["fitout_rate"]),
            attach=p(f["attach_rate"]),
            value=n(f["newhousing_units"]),
        ),
        t("scoring.chain.capacity", lang, value=n(f["capacity_units"])),
        t(
            "scoring.chain.served",
            lang,
            ours=n(f["our_units"]),
            competitors=n(f["competitor_units"]),
            served=n(f["served_units"]),
            whitespace=n(f["whitespace_units"]),
        ),
        t(
            "scoring.chain.market",
            lang,
            hhi=_fixed(f["hhi"], 0),
            leader=t("scoring.ours", lang) if leader == OURS else leader,
            leader_share=p(f["leader_share"]),
            our_share=p(f["our_share"]),
            price_index=_fixed(f["price_index"]),
        ),
    ]
