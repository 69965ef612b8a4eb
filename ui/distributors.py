"""Distributors page pieces: the weights panel, the scorecard and classes, the funnel, coverage,
contracts, flags and quotas — each a section drawing from cached results keyed by values."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.charts.distributors import coverage_figure, funnel_figure
from analysis.distributors import classes as cls
from analysis.distributors import contracts, coverage, flags, funnel, quotas, scorecard
from analysis.distributors.common import latest_month
from analysis.formats import fmt
from analysis.geo.boundaries import province_of, within
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market import maps
from analysis.market.scenarios import Scenario
from analysis.methods.mcda import CR_ACCEPT, AHPResult
from analysis.schemas import STATUS_DISTRIBUTOR
from analysis.territories.current import coming_month
from ui import auth, cache, state
from ui.cache import Source
from ui.context import Context
from ui.tables import chart, download, table

K = "distributors."
SAATY = tuple(f"1/{n}" for n in range(9, 1, -1)) + tuple(str(n) for n in range(1, 10))
WINDOWS = (1, 3, 6, 12)
DEFAULT_JUDGEMENTS = {
    f"{K}ahp.{a}.{b}": scorecard.format_judgement(v)
    for (a, b), v in zip(scorecard.AHP_PAIRS, scorecard.DEFAULT_AHP_UPPER, strict=True)
}


# ---------------------------------------------------------------------------------- cached results
@st.cache_data(show_spinner=False, max_entries=4)
def snapshots(source: Source) -> list[pd.DataFrame]:
    """The distributors of every stored version up to the current one, oldest first (the demo has one)."""
    frames = cache.frames(source)
    current = source.version("distributors")
    if source.is_demo or current is None:
        return [frames["distributors"]]
    store = Store(source.location)
    versions = sorted(v for v in store.versions("distributors")["version"] if v <= current)
    return [store.read("distributors", int(v)) for v in versions]


@st.cache_data(show_spinner=False, max_entries=8)
def class_table(source: Source, band: float) -> pd.DataFrame:
    """Every distributor's class by the one rule, carried through the stored versions with the band."""
    return cls.class_history(snapshots(source), band, sales=cache.frames(source)["sales"])


@st.cache_data(show_spinner=False, max_entries=8)
def coverage_table(source: Source, scenario: Scenario) -> pd.DataFrame:
    """County coverage by the territories in force in the coming month."""
    frames = cache.frames(source)
    scored = cache.scored(source, "county", scenario, ())
    return coverage.coverage(frames["territories"], scored, frames["distributors"], month=coming_month(frames["sales"]))


@st.cache_data(show_spinner=False, max_entries=8)
def flags_table(source: Source, scenario: Scenario, floors: tuple[tuple[str, float], ...], months: int) -> pd.DataFrame:
    """Every flag (selling outside the contract, overlaps, contracts, sell-in, prices)."""
    frames = cache.frames(source)
    capacity = cache.scored(source, "county", scenario, ())[["region_id", "capacity_units"]]
    return flags.all_flags(
        frames["sales"], frames["territories"], distributors=frames["distributors"], capacity=capacity,
        months=months, floors=dict(floors),
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=8)
def conflicts_table(source: Source, months: int) -> pd.DataFrame:
    """Selling outside the contract per distributor (the rate and burst rules)."""
    frames = cache.frames(source)
    return flags.cross_territory_flags(frames["sales"], frames["territories"], months)


@st.cache_data(show_spinner=False, max_entries=4)
def contracts_table(source: Source) -> pd.DataFrame:
    """Each distributor's contract and its status as of the latest sales month."""
    frames = cache.frames(source)
    month = latest_month(frames["sales"])
    if month is None or frames["territories"].empty:
        return pd.DataFrame(columns=["distributor_id", "status"])
    return contracts.contract_status(frames["territories"], month)


@st.cache_data(show_spinner=False, max_entries=8)
def quota_tables(
    source: Source, scenario: Scenario, overrides: tuple[tuple[str, float], ...]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Annual quotas (territories in force in the coming month), their months and attainment this month."""
    frames = cache.frames(source)
    sales = frames["sales"]
    scored = cache.scored(source, "county", scenario, ())
    annual = quotas.quotas(
        frames["territories"], scored[["region_id", "capacity_units"]], sales, scenario.sell_in.attainable_share,
        month=coming_month(sales), distributors=frames["distributors"], plan=frames.get("plan"),
        overrides=dict(overrides),
    )  # fmt: skip
    latest = latest_month(sales)
    monthly = quotas.monthly_quotas(annual, sales, month=latest, plan=frames.get("plan"))
    return annual, monthly, quotas.attainment(monthly, sales, latest)


# --------------------------------------------------------------------------------- small helpers
def names(source: Source) -> dict[str, str]:
    """distributor_id → name."""
    d = cache.frames(source)["distributors"]
    return dict(zip(d["distributor_id"], d["name"], strict=True))


def rendered(frame: pd.DataFrame, lang: str, column: str = "explanation") -> pd.DataFrame:
    """`frame` with its Text column rendered in `lang`."""
    if column not in frame:
        return frame
    texts = [v.render(lang) if hasattr(v, "render") else ("" if v is None or v != v else str(v)) for v in frame[column]]
    return frame.assign(**{column: texts})


def county_names(lang: str) -> dict[str, str]:
    counties = cache.regions("county")
    return dict(zip(counties["region_id"], counties["name" if lang == "zh" else "name_en"], strict=True))


def province_names(lang: str) -> dict[str, str]:
    provinces = cache.regions("province")
    return dict(zip(provinces["region_id"], provinces["name" if lang == "zh" else "name_en"], strict=True))


def class_label(value, lang: str) -> str:
    return t(f"distributors.class.{value}", lang) if isinstance(value, str) else "–"


def _crit(name: str, lang: str) -> str:
    return t(f"distributors.crit.{name}", lang)


# ------------------------------------------------------------------------------- scorecard section
def _reset_judgements() -> None:
    for key, value in DEFAULT_JUDGEMENTS.items():
        state.set_value(key, value)


def weights_panel(lang: str) -> tuple[dict[str, float], AHPResult | None]:
    """Weights by hand (five sliders) or by AHP (the upper triangle of pairwise judgements)."""
    mode = state.widget(
        st.radio, t("distributors.weights.mode", lang), ("ahp", "hand"), key=f"{K}weights_mode", default="ahp",
        format_func=lambda m: t(f"distributors.weights.{m}", lang), horizontal=True,
    )  # fmt: skip
    result = None
    if mode == "hand":
        raw = {}
        for column, name in zip(st.columns(len(scorecard.CRITERIA)), scorecard.CRITERIA, strict=True):
            with column:
                raw[name] = state.widget(st.slider, _crit(name, lang), 0, 100, key=f"{K}w.{name}", default=20)
        if not any(raw.values()):
            st.warning(t("distributors.weights.zero", lang))
            raw = dict.fromkeys(scorecard.CRITERIA, 1)
        weights = scorecard.criterion_weights(raw)
    else:
        result = scorecard.ahp(_ahp_triangle(lang))
        weights = scorecard.criterion_weights(result)
    cells = st.columns(len(scorecard.CRITERIA) + (1 if result else 0))
    for cell, name in zip(cells, scorecard.CRITERIA, strict=False):
        cell.metric(_crit(name, lang), fmt(weights.get(name, 0.0), "share", lang))
    if result is not None:
        cells[-1].metric(t("distributors.ahp.cr", lang), f"{result.cr:.3f}")
        if result.cr >= CR_ACCEPT:
            st.warning(t("distributors.ahp.warning", lang, cr=f"{result.cr:.3f}"))
        else:
            st.caption(f"{t('distributors.ahp.ok', lang)} λmax = {result.lambda_max:.3f}")
    return weights, result


def _ahp_triangle(lang: str) -> list[float]:
    """The ten judgements as an upper-triangle grid of selects on Saaty's scale."""
    st.caption(t("distributors.ahp.help", lang))
    criteria = scorecard.CRITERIA
    header = st.columns(len(criteria))
    for cell, name in zip(header[1:], criteria[1:], strict=True):
        cell.markdown(f"**{_crit(name, lang)}**")
    judgements = []
    for i, row in enumerate(criteria[:-1]):
        cells = st.columns(len(criteria))
        cells[0].markdown(f"**{_crit(row, lang)}**")
        for col in criteria[i + 1 :]:
            key = f"{K}ahp.{row}.{col}"
            label = t("distributors.ahp.cell", lang, row=_crit(row, lang), col=_crit(col, lang))
            with cells[criteria.index(col)]:
                value = state.widget(
                    st.selectbox, label, SAATY, key=key, default=DEFAULT_JUDGEMENTS[key], label_visibility="collapsed"
                )
            judgements.append(scorecard.parse_judgement(value))
    st.button(t("distributors.ahp.reset", lang), on_click=_reset_judgements, key=f"{K}ahp_reset", type="tertiary")
    return judgements


def scorecard_section(ctx: Context) -> pd.DataFrame:
    """Weights, the class band and filter, class counts and the scorecard; returns the rows shown."""
    L = ctx.lang
    st.header(t("distributors.scorecard", L))
    st.caption(t("distributors.scorecard_help", L))
    with st.container(border=True):
        st.markdown(f"**{t('distributors.weights', L)}**")
        weights, _ = weights_panel(L)
    periods = len(snapshots(ctx.source))
    left, right = st.columns([1, 2])
    with left:
        band = state.widget(
            st.slider, t("distributors.band", L), 0, 10, key=f"{K}band", default=0,
            format=t("distributors.band_format", L), help=t("distributors.band_help", L),
        )  # fmt: skip
        st.caption(t("distributors.band.history", L, n=periods) if periods > 1 else t("distributors.band.rule", L))
    with right:
        statuses = state.widget(
            st.multiselect, t("distributors.filter_status", L), list(STATUS_DISTRIBUTOR), key=f"{K}status",
            default=[], format_func=lambda s: t(f"distributors.status.{s}", L),
            placeholder=t("distributors.filter_all", L),
        )  # fmt: skip
    distributors = cache.frames(ctx.source)["distributors"]
    table_ = scorecard.assess(distributors, weights, class_table(ctx.source, band / 100))
    shown = within(table_, ctx.scope)
    if statuses:
        shown = shown[shown["status"].isin(statuses)]
    counts = cls.class_counts(shown)
    for cell, (name, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        cell.metric(class_label(name, L), fmt(n, "count", L), border=True)
    view = _scorecard_view(shown, L)
    columns = ["rank", "distributor", "seat", "province", "dist_status", "dist_score", "class", "class_rule",
               "range_coverage", "ordered_months", *scorecard.CRITERIA, "dist_source", "distributor_id"]  # fmt: skip
    table(view, columns, L, key=f"{K}scorecard", height=420, wide=["class_rule"])
    st.caption(t("distributors.shown", L, shown=fmt(len(shown), "count", L), total=fmt(len(table_), "count", L)))
    return view


def _scorecard_view(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The scorecard with its codes in words of `lang` (statuses, sources, classes, rules)."""
    out = rendered(frame, lang)
    return out.assign(
        distributor=out["name"],
        seat=out["region_id"].map(county_names(lang)),
        province=within_names(out["region_id"], lang),
        dist_status=[t(f"distributors.status.{s}", lang) if isinstance(s, str) else "–" for s in out["status"]],
        dist_source=[t(f"distributors.source.{s}", lang) if isinstance(s, str) else "–" for s in out["source"]],
        dist_score=out["score"],
        **{"class": [class_label(c, lang) for c in out["class"]]},
        class_rule=out["explanation"],
    )


def within_names(region_ids: pd.Series, lang: str) -> pd.Series:
    """The province name of each region id."""
    return province_of(region_ids).map(province_names(lang))


# ---------------------------------------------------------------------------------- funnel section
def funnel_section(ctx: Context) -> pd.DataFrame:
    """Candidates by source and status, and the conversion of active and passive search."""
    L = ctx.lang
    st.header(t("distributors.funnel", L))
    st.caption(t("distributors.funnel_help", L))
    table_ = funnel.funnel(within(cache.frames(ctx.source)["distributors"], ctx.scope))
    left, right = st.columns([3, 1])
    with left:
        chart(funnel_figure(table_, L), key=f"{K}funnel")
    with right:
        for row in funnel.funnel_by_channel(table_).itertuples():
            st.metric(t(f"distributors.channel.{row.channel}", L), fmt(row.distributors, "count", L))
            share = fmt(row.active_share, "share", L)
            st.caption(t("distributors.funnel.conversion", L, active=fmt(row.active, "count", L), share=share))
    return table_


# -------------------------------------------------------------------------------- coverage section
def _in_view(ctx: Context) -> pd.DataFrame:
    scope = maps.Scope("province", ctx.province) if ctx.province else maps.Scope()
    return maps.in_view(coverage_table(ctx.source, ctx.scenario), scope, "county", ctx.scope)


def counties_in_view(ctx: Context) -> int:
    """How many counties the page's scope holds."""
    return len(_in_view(ctx))


def coverage_section(ctx: Context) -> pd.DataFrame:
    """Which counties are covered (by contracts in force next month), the map and where to recruit."""
    L = ctx.lang
    st.header(t("distributors.coverage", L))
    st.caption(t("distributors.coverage_help", L))
    in_view = _in_view(ctx)
    counts = in_view["status"].value_counts()
    c1, c2, c3 = st.columns(3)
    covered_n = counts.get("one", 0) + counts.get("shared", 0)
    c1.metric(t("distributors.coverage.covered", L), fmt(covered_n, "count", L), border=True)
    c2.metric(t("distributors.coverage.shared", L), fmt(counts.get("shared", 0), "count", L), border=True)
    c3.metric(t("distributors.coverage.gaps", L), fmt(counts.get("gap", 0), "count", L), border=True)
    chart(coverage_figure(in_view, L), key=f"{K}coverage.{ctx.province or 'all'}")
    st.subheader(t("distributors.coverage.gaps_table", L))
    gaps = in_view[in_view["gap"].fillna(False).astype(bool)].sort_values("score", ascending=False)
    if gaps.empty:
        st.success(t("distributors.coverage.no_gaps", L))
    else:
        shown = gaps.assign(province=within_names(gaps["region_id"], L))
        table(shown, ["name", "province", "tier", "score", "prospects"], L, key=f"{K}gaps", height=280)
    return in_view


# ------------------------------------------------------------------------------- contracts section
def contracts_section(ctx: Context) -> pd.DataFrame:
    """Each distributor's contract (授权范围): months, categories, channels, exclusivity, grade, status."""
    L = ctx.lang
    st.header(t("distributors.contracts", L))
    st.caption(t("distributors.contracts_help", L, n=contracts.SOON_MONTHS))
    status = contracts_table(ctx.source)
    if status.empty:
        st.info(t("distributors.contracts.none", L))
        return status
    seats = cache.frames(ctx.source)["distributors"][["distributor_id", "name", "region_id"]]
    shown = within(status.merge(seats, on="distributor_id", how="left"), ctx.scope)
    counts = shown["status"].value_counts()
    cells = st.columns(len(contracts.CONTRACT_STATUSES))
    for cell, code in zip(cells, contracts.CONTRACT_STATUSES, strict=True):
        cell.metric(t(f"distributors.contract.{code}", L), fmt(counts.get(code, 0), "count", L), border=True)
    view = shown.assign(
        distributor=shown["name"].fillna(shown["distributor_id"]),
        contract_status=[t(f"distributors.contract.{s}", L) for s in shown["status"]],
        contract_categories=shown["categories_text"].replace("", t("distributors.flag.any_category", L)),
        contract_channels=shown["channels_text"].replace("", t("distributors.contract.any_channel", L)),
    )
    order = view["status"].map({c: i for i, c in enumerate(contracts.CONTRACT_STATUSES)})
    view = view.assign(_o=order).sort_values(["_o", "months_left", "distributor_id"]).drop(columns="_o")
    columns = ["distributor", "contract_status", "since", "until", "months_left", "counties", "exclusive",
               "contract_categories", "contract_channels", "grade", "distributor_id"]  # fmt: skip
    table(view, columns, L, key=f"{K}contracts", height=300)
    return view


# ----------------------------------------------------------------------------------- flags section
def _floors_input(sales: pd.DataFrame, lang: str) -> tuple[tuple[str, float], ...]:
    """A small editor of the price floor per product sold; blank = no floor."""
    products = sorted(sales["product"].dropna().astype("str").unique()) if "product" in sales else []
    edited = st.data_editor(
        pd.DataFrame({"product": products, "floor": [None] * len(products)}).astype({"floor": "float64"}),
        column_config={
            "product": st.column_config.TextColumn(t("field.product", lang), disabled=True),
            "floor": st.column_config.NumberColumn(t("distributors.col.floor", lang), min_value=0.0, step=10.0),
        },
        hide_index=True,
        key=f"{K}floors",
    )
    pairs = zip(edited["product"], edited["floor"], strict=True)
    return tuple((p, float(f)) for p, f in pairs if pd.notna(f) and f > 0)


def flags_section(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every flag with its counts, a filter by kind, the per-distributor 窜货 verdicts; returns both tables."""
    L = ctx.lang
    st.header(t("distributors.flags", L))
    st.caption(t("distributors.flags_help", L, rate=fmt(flags.RATE_MAX, "share", L), n=flags.BURST_UNITS,
                 ratio=f"{flags.SELL_IN_RATIO_MAX:g}", threshold=f"{flags.PRICE_THRESHOLD:g}"))  # fmt: skip
    c1, c2 = st.columns([1, 2])
    with c1:
        months = state.widget(
            st.selectbox, t("distributors.window", L), WINDOWS, key=f"{K}window", default=3,
            format_func=lambda n: t("distributors.window.option", L, n=n),
        )  # fmt: skip
    with c2, st.expander(t("distributors.floors", L)):
        floors = _floors_input(cache.frames(ctx.source)["sales"], L)
    found = flags.touching_province(
        flags_table(ctx.source, ctx.scenario, floors, months), cache.frames(ctx.source)["distributors"], ctx.province
    )
    counts = flags.flag_counts(found)
    cells = st.columns(5)
    for i, code in enumerate(flags.FLAG_CODES):
        cells[i % 5].metric(t(f"distributors.code.{code}", L), fmt(counts[code], "count", L), border=True)
    chosen = state.widget(
        st.multiselect, t("distributors.flags.filter", L), list(flags.FLAG_CODES), key=f"{K}flag_codes", default=[],
        format_func=lambda c: t(f"distributors.code.{c}", L), placeholder=t("distributors.flags.all", L),
    )  # fmt: skip
    shown = found[found["code"].isin(chosen)] if chosen else found
    if shown.empty:
        st.success(t("distributors.flags.none", L, window=t("distributors.window.n", L, n=months)))
    else:
        view = _flags_view(shown, ctx)
        # units stay in each explanation: one column scale would write 8 units next to 2,500 as "0.01 K"
        columns = ["flag", "severity", "distributor", "county", "category", "product", "months", "explanation"]
        table(view, columns, L, key=f"{K}flags", height=420, wide=["explanation"])
        st.caption(t("distributors.flags.shown", L, n=fmt(len(shown), "count", L), total=fmt(len(found), "count", L)))
    conflicts = flags.touching_province(
        conflicts_table(ctx.source, months), cache.frames(ctx.source)["distributors"], ctx.province
    )
    st.subheader(t("distributors.conflicts", L))
    st.caption(t("distributors.conflicts_help", L, rate=fmt(flags.RATE_MAX, "share", L), n=flags.BURST_UNITS))
    if conflicts.empty:
        st.success(t("distributors.conflicts.none", L, window=t("distributors.window.n", L, n=months)))
    else:
        flagged = int(conflicts["flagged"].astype(bool).sum())
        st.warning(t("distributors.conflicts.count", L, flagged=flagged, watch=len(conflicts) - flagged))
        who = names(ctx.source)
        view = rendered(conflicts, L).assign(
            distributor=conflicts["distributor_id"].map(who).fillna(conflicts["distributor_id"]),
            alert=conflicts["flagged"].astype(bool),
            outside_share=conflicts["rate"].astype(float),
            breaches=[", ".join(t(f"distributors.code.{c}", L) for c in b.split(", ")) for b in conflicts["breaches"]],
        )
        columns = ["alert", "distributor", "units", "flagged_units", "outside_share", "foreign_counties", "breaches",
                   "explanation"]  # fmt: skip
        table(view, columns, L, key=f"{K}conflicts", wide=["explanation"])
    return found, conflicts


def _flags_view(found: pd.DataFrame, ctx: Context) -> pd.DataFrame:
    """The flags table in words of the reader's language."""
    L = ctx.lang
    who = names(ctx.source)
    counties = county_names(L)
    distributor = [", ".join(who.get(d, d) for d in str(ids).split(", ") if d) for ids in found["distributor_id"]]
    return rendered(found, L).assign(
        flag=[t(f"distributors.code.{c}", L) for c in found["code"]],
        severity=[t(f"distributors.severity.{s}", L) for s in found["severity"]],
        distributor=distributor,
        county=found["region_id"].map(counties).fillna(found["region_id"]).replace("", "–"),
    )


# ---------------------------------------------------------------------------------- quotas section
def _overrides() -> tuple[tuple[str, float], ...]:
    kept = state.value(f"{K}quota_overrides", {}) or {}
    return tuple(sorted((str(k), float(v)) for k, v in kept.items()))


def quotas_section(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each distributor's quota (editable), its attainment this month and the year to date, and the plan rows."""
    L = ctx.lang
    st.header(t("distributors.quotas", L))
    share = fmt(ctx.scenario.sell_in.attainable_share, "share", L)
    st.caption(t("distributors.quotas_help", L, share=share))
    annual, monthly, reached = quota_tables(ctx.source, ctx.scenario, _overrides())
    if annual.empty:
        st.info(t("distributors.quotas.none", L))
        return annual, reached
    who = names(ctx.source)
    seats = cache.frames(ctx.source)["distributors"][["distributor_id", "region_id"]]
    view = annual.merge(reached.drop(columns=["quota_units", "quota_revenue"]), on="distributor_id", how="left")
    view = within(view.merge(seats, on="distributor_id", how="left"), ctx.scope)
    month = reached["month"].iloc[0] if len(reached) else ""
    total_quota = view["quota_revenue"].sum()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("distributors.quotas.year", L), fmt(total_quota, "money", L), border=True)
    ytd = view["ytd_revenue"].sum()
    c2.metric(t("distributors.quotas.ytd", L, month=month), fmt(ytd, "money", L), border=True)
    ytd_quota = view["ytd_quota_revenue"].sum()
    c3.metric(t("distributors.quotas.ytd_attainment", L), fmt(ytd / ytd_quota if ytd_quota else None, "share", L),
              border=True)  # fmt: skip
    shown = view.assign(
        distributor=view["distributor_id"].map(who).fillna(view["distributor_id"]),
        quota_source=[t(f"distributors.quota.source.{s}", L) for s in view["source"]],
    )
    columns = ["distributor", "counties", "capacity_units", "quota_units", "quota_revenue", "quota_source", "revenue",
               "attainment", "ytd_attainment", "year_progress"]  # fmt: skip
    labels = {"attainment": t("distributors.quotas.month_attainment", L, month=month)}
    table(shown, columns, L, key=f"{K}quotas", height=360, labels=labels)
    with st.expander(t("distributors.quotas.edit", L)):
        _quota_editor(shown, L)
    _quota_exports(ctx, monthly)
    return view, reached


def _quota_editor(shown: pd.DataFrame, lang: str) -> None:
    """Annual quotas (units) edited by hand; the tables above follow at once."""
    st.caption(t("distributors.quotas.edit_help", lang))
    frame = shown[["distributor_id", "distributor", "quota_units"]].reset_index(drop=True)
    edited = st.data_editor(
        frame,
        column_config={
            "distributor_id": st.column_config.TextColumn(t("field.distributor_id", lang), disabled=True),
            "distributor": st.column_config.TextColumn(t("field.distributor", lang), disabled=True),
            "quota_units": st.column_config.NumberColumn(t("field.quota_units", lang), min_value=0.0, step=10.0),
        },
        hide_index=True,
        key=f"{K}quota_editor",
    )
    changed = {
        d: float(q)
        for d, q, before in zip(edited["distributor_id"], edited["quota_units"], frame["quota_units"], strict=True)
        if pd.notna(q) and abs(float(q) - float(before)) > 1e-9
    }
    kept = dict(state.value(f"{K}quota_overrides", {}) or {})
    if changed:
        kept.update(changed)
        state.set_value(f"{K}quota_overrides", kept)
        st.rerun()
    if kept and st.button(t("distributors.quotas.reset", lang), key=f"{K}quota_reset", type="tertiary"):
        state.set_value(f"{K}quota_overrides", {})
        st.session_state.pop(f"{K}quota_editor", None)
        st.rerun()


def _quota_exports(ctx: Context, monthly: pd.DataFrame) -> None:
    """The monthly quotas as plan rows: to download (and import), or to save into the store."""
    L = ctx.lang
    frames = cache.frames(ctx.source)
    capacity = cache.scored(ctx.source, "county", ctx.scenario, ())[["region_id", "capacity_units"]]
    rows = quotas.plan_rows(monthly, frames["territories"], capacity)
    st.caption(t("distributors.quotas.plan_help", L, rows=fmt(len(rows), "count", L)))
    download({t("distributors.sheet.plan_rows", L): rows}, "quotas_plan", L, f"{K}quota_download")
    if ctx.source.is_demo:
        return
    if not auth.require(ctx.user, "import", L):
        return
    if st.button(t("distributors.quotas.save", L), key=f"{K}quota_save"):
        info = Store(ctx.store_location).write(
            "plan", rows, mode="update", partition="distributor_id", source="app", note="quotas",
            detail={"what": "quotas"}, user=ctx.user.audit_user,
        )  # fmt: skip
        st.success(t("distributors.quotas.saved", L, version=info.version, rows=fmt(info.rows, "count", L)))


# ---------------------------------------------------------------------------------------- exports
def exports(ctx: Context, sheets: dict[str, pd.DataFrame]) -> None:
    """Every table of the page, in the reader's language, as CSV (the scorecard) and Excel."""
    L = ctx.lang
    st.header(t("distributors.export", L))
    stem = f"distributors{'_' + ctx.province if ctx.province else ''}"

    def built() -> dict[str, pd.DataFrame]:
        return {t(f"distributors.sheet.{name}", L): rendered(frame, L) for name, frame in sheets.items()}

    download(built, stem, L, f"{K}export")
