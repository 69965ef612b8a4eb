"""Competitors: who holds each market — shares, concentration, implied units, local prices, whitespace."""

import streamlit as st

from analysis.charts import bars
from analysis.charts.maps import layer_figure
from analysis.charts.style import BRAND, SECOND
from analysis.formats import fmt
from analysis.geo.boundaries import counties_in
from analysis.i18n import t
from analysis.market import competition, maps
from ui import cache, notes, state
from ui.context import context
from ui.frame import require_frame
from ui.tables import chart, download, table

require_frame("pages/competitors.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "comp.title", "comp.caption")
level, category = ctx.level, ctx.scenario.category
scored = cache.scored(ctx.source, level, ctx.scenario, ctx.scope)
notes.scope(ctx, level, len(scored))
notes.inputs(ctx, cache.features(ctx.source, level, ctx.scenario.market, ctx.scope))
frames = cache.frames(ctx.source)
counties = counties_in(scored["region_id"], level)
brands = competition.brand_shares(frames["competitors"], frames["sales"], counties, category)
if brands.empty:
    st.info(t("comp.no_data", L))
    st.stop()
brands = brands.assign(brand=competition.brand_names(brands, L, ctx.brand))

totals = competition.market_totals(scored)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("comp.market_revenue", L), fmt(totals["market_revenue"], "money", L), border=True)
c2.metric(t("comp.our_share", L), fmt(totals["our_share"], "share", L), border=True)
c3.metric(t("comp.weighted_hhi", L), fmt(totals["weighted_hhi"], "hhi", L), border=True)
c4.metric(t("comp.whitespace", L), fmt(totals["whitespace_units"], "units", L), border=True)
if totals["surveyed"] < totals["regions"]:
    surveyed, regions = fmt(totals["surveyed"], "count", L), fmt(totals["regions"], "count", L)
    st.caption(t("comp.surveyed", L, surveyed=surveyed, n=regions))

st.subheader(t("comp.brands", L, year=int(brands["year"].iloc[0])))
left, right = st.columns([3, 2])
with left:
    fig = bars.bars(
        brands["brand"].tolist(),
        {t("comp.by_revenue", L): brands["revenue_share"], t("comp.by_units", L): brands["unit_share"]},
        "share",
        L,
        axis_label=t("comp.share", L),
        colours=[BRAND, SECOND],
    )
    chart(fig, key="comp.shares")
with right:
    table(brands, ["brand", "revenue", "revenue_share", "units", "unit_share", "avg_price"], L, key="comp.brands")
    st.caption(t("comp.units_note", L))

st.subheader(t("comp.hhi_bands", L))
band_set = state.widget(
    st.radio, t("comp.hhi_yardstick", L), ["2010", "2023"], key="comp.bands", default="2010",
    format_func=lambda k: t(f"comp.band_{k}", L), horizontal=True,
)  # fmt: skip
st.caption(t("comp.band_note", L))
bands = competition.concentration_bands(scored, band_set)
left, right = st.columns([2, 3])
with left:
    fig = bars.bars(
        [t(f"comp.band.{b}", L) for b in bands["band"]],
        {t("comp.regions", L): bands["regions"]},
        "count",
        L,
        axis_label=t("comp.regions", L),
        colours=["#fdd49e", "#fc8d59", "#b30000"],
    )
    chart(fig, key="comp.bands_chart")
with right:
    where = maps.Scope("province", ctx.province) if ctx.province else maps.Scope()
    view = maps.in_view(scored, where, level, ctx.scope)
    chart(layer_figure(view, level, maps.LAYERS["hhi"], L, height=380), key=f"comp.map.{level}.{ctx.province}")

st.subheader(t("comp.price", L))
prices = competition.price_comparison(frames["competitors"], frames["sales"], counties, category)
table(prices, ["brand", "local_price", "our_price", "price_index"], L, key="comp.prices")

ranks = competition.rankings(scored)
for col, key in zip(st.columns(2), ("concentration", "whitespace"), strict=True):
    frame = ranks[key]
    with col:
        st.markdown(f"**{t(f'comp.rank_{key}', L)}**")
        named = frame.assign(leader=competition.leader_names(frame, L, ctx.brand))
        table(named, ["name", "hhi", "leader", "leader_share", "our_share", "whitespace_units", "capacity_units"],
              L, key=f"comp.rank.{key}")  # fmt: skip

columns = ["region_id", "name", "name_en", "hhi", "competitor_hhi", "leader", "leader_share", "our_share",
           "competitor_units", "competitor_revenue", "our_revenue", "whitespace_units", "price_index"]  # fmt: skip
regions = scored[columns].assign(leader=competition.leader_names(scored, L, ctx.brand))
download(
    {t("comp.sheet.regions", L): regions, t("comp.sheet.brands", L): brands, t("comp.sheet.prices", L): prices},
    "competitors",
    L,
    "comp.export",
)
