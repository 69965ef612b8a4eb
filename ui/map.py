"""Map Explorer pieces: where the map is, clicks, the region panel and the target-market shortlist."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.charts import bars, lines
from analysis.charts.style import STATUS_COLOURS
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market import competition, explain, maps
from ui import cache, state
from ui.context import Context
from ui.safe import literal
from ui.tables import chart, download, table

SCOPE_KEY = "map.scope"
CLICKS_KEY = "map.clicks"
REGION_KEY = "region"  # the region picked on the map (and held in the URL)


def current_scope(ctx: Context) -> maps.Scope:
    """Where the map is; the sidebar's province opens that province, and a new sidebar choice resets it."""
    province = ctx.province
    if st.session_state.get("map.sidebar_province") != province:
        st.session_state["map.sidebar_province"] = province
        st.session_state[SCOPE_KEY] = maps.Scope("province", province) if province else maps.Scope()
    return st.session_state.get(SCOPE_KEY, maps.Scope())


def breadcrumb(scope: maps.Scope, lang: str) -> None:
    """China › province › city, each step a button back up."""
    crumbs = maps.breadcrumb(scope)
    cols = st.columns(len(crumbs) + 3)
    for i, (target, zh, en) in enumerate(crumbs):
        label = t("scope.china", lang) if zh is None else (zh if lang == "zh" else en)
        if cols[i].button(label, key=f"map.crumb.{i}", disabled=target == scope, type="tertiary"):
            st.session_state[SCOPE_KEY] = target
            st.rerun()


def chart_key(scope: maps.Scope, level: str) -> str:
    """The map's widget key: new after each handled click, so that a repeated click is a new event."""
    return f"map.chart.{scope.kind}.{scope.region_id}.{level}.{st.session_state.get(CLICKS_KEY, 0)}"


def handle_click(region_id: str, scope: maps.Scope, level: str, shown: pd.DataFrame) -> None:
    """A click opens the region's province or city (the whole page reruns), or picks it for the panel."""
    st.session_state[CLICKS_KEY] = st.session_state.get(CLICKS_KEY, 0) + 1
    target = maps.drill(scope, level, shown[shown["region_id"] == region_id].iloc[0])
    if target is not None:
        st.session_state[SCOPE_KEY] = target
        st.rerun(scope="app")
    state.set_value(REGION_KEY, region_id)


def picked_region(shown: pd.DataFrame) -> str | None:
    """The region the panel shows: the one picked, if it is in view."""
    picked = st.session_state.get(REGION_KEY)
    return picked if picked in set(shown["region_id"]) else None


def region_panel(ctx: Context, shown: pd.DataFrame, scored: pd.DataFrame, level: str) -> None:
    """The picked region: tier and why, key figures, the criteria behind its score, housing,
    competitors, our sales, and its place on the shortlist."""
    L = ctx.lang
    options = shown.sort_values(["rank", "region_id"], na_position="last")["region_id"].tolist()
    names = dict(zip(shown["region_id"], shown["name" if L == "zh" else "name_en"], strict=True))
    region_id = state.widget(
        st.selectbox, t("map.panel.choose", L), options, key=REGION_KEY, default=options[0], format_func=names.get
    )
    row = shown.set_index("region_id").loc[region_id]
    st.markdown(f"### {literal(names[region_id])}")
    parent_name = boundaries.region_name(row["parent_id"], L) or ""
    st.caption(" · ".join(part for part in (t(f"level.{level}", L), parent_name, region_id) if part))
    if pd.isna(row.get("score")) and pd.isna(row.get("our_revenue")):
        st.info(t("map.panel.no_data", L))
        return
    left, right = st.columns(2)
    with left:
        tier = row.get("tier")
        c1, c2, c3 = st.columns(3)
        c1.metric(t("map.metric.tier", L), t("map.tier.hold", L) if tier == "hold" else (tier or "–"))
        c2.metric(t("map.metric.score", L), fmt(row.get("score"), "score", L))
        c3.metric(t("map.metric.rank", L), fmt(row.get("rank"), "count", L))
        c1, c2, c3 = st.columns(3)
        c1.metric(t("map.metric.capacity", L), fmt(row.get("capacity_units"), "units", L))
        c2.metric(t("map.metric.whitespace", L), fmt(row.get("whitespace_units"), "units", L))
        c3.metric(t("map.metric.share", L), fmt(row.get("our_share"), "share", L))
        st.markdown(f"**{t('map.panel.tier_why', L)}**")
        st.write(explain.tier_reason(row, scored, ctx.scenario).render(L))
        st.caption(explain.gate_reason(row, ctx.scenario).render(L))
        criteria = explain.criteria_table(row, ctx.scenario)
        chart(
            bars.contributions(
                [t(f"scoring.crit.{c}", L) for c in criteria["criterion"]],
                criteria["contribution"],
                L,
                missing=t("scoring.missing", L),
                title=t("map.panel.contrib", L),
            ),
            key="map.panel.contrib",
        )
    with right:
        frames = cache.frames(ctx.source)
        housing = maps.region_housing(frames["housing"], level, region_id)
        if not housing.empty:
            by_status = housing.pivot_table(index="year", columns="status", values="new_units", aggfunc="sum")
            chart(
                bars.bars(
                    by_status.index.astype(str).tolist(),
                    {t(f"housing.status.{s}", L): by_status[s].fillna(0).tolist() for s in by_status.columns},
                    "count",
                    L,
                    axis_label=t("map.panel.housing", L),
                    colours=[STATUS_COLOURS.get(s, "#999") for s in by_status.columns],
                    stacked=True,
                    height=240,
                ),
                key="map.panel.housing",
            )
        shares = competition.brand_shares(
            frames["competitors"], frames["sales"], boundaries.counties_in([region_id], level)
        )
        if not shares.empty:
            st.markdown(f"**{t('map.panel.competitors', L)}** · {int(shares['year'].iloc[0])}")
            named = shares.assign(brand=competition.brand_names(shares, L, ctx.brand))
            table(named, ["brand", "revenue", "revenue_share"], L, key="map.panel.brands")
        sales = maps.region_sales(frames["sales"], level, region_id)
        if not sales.empty:
            chart(
                lines.monthly(
                    sales["month"].tolist(),
                    {t("field.our_revenue", L): (sales["revenue"].tolist(), lines.ACTUAL_STYLE)},
                    "money",
                    L,
                    axis_label=t("map.panel.sales", L),
                    height=240,
                ),
                key="map.panel.sales",
            )
        on_list = region_id in shortlist_ids(ctx)
        if st.button(t("map.panel.remove" if on_list else "map.panel.add", L), key="map.shortlist_toggle"):
            Store(ctx.store_location).set_shortlisted(ctx.source.dataset, level, region_id, not on_list)
            st.rerun(scope="app")  # the shortlist below shows the change at once


def shortlist_ids(ctx: Context) -> frozenset[str]:
    """The target markets of the dataset, every level."""
    return frozenset(Store(ctx.store_location).shortlist(ctx.source.dataset)["region_id"])


def shortlist_section(ctx: Context) -> None:
    """The shortlist, regions of every level with their figures at their own level, and its export."""
    L = ctx.lang
    st.subheader(t("map.shortlist.title", L))
    marked = Store(ctx.store_location).shortlist(ctx.source.dataset)
    if marked.empty:
        st.caption(t("map.shortlist.empty", L))
        return
    parts = []
    for level, group in marked.groupby("level", sort=False):
        scored = cache.scored(ctx.source, level, ctx.scenario, ())
        parts.append(scored[scored["region_id"].isin(group["region_id"])].assign(level=level))
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    columns = ["name", "level", "tier", "score", "capacity_units", "whitespace_units", "our_revenue"]
    shown = rows.assign(level=rows["level"].map(lambda v: t(f"level.{v}", L)))
    table(shown, columns, L, key="map.shortlist")
    download({t("map.shortlist.title", L): rows[["region_id", *columns, "name_en"]]}, "shortlist", L, "map.shortlist")
