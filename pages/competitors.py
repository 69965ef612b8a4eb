"""Competitors: who holds each market — shares, concentration, implied units, local prices, whitespace."""

import plotly.graph_objects as go
import streamlit as st

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.i18n import t
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.market import competition, maps
from ui.common import (
    current_dataset,
    demo_badge,
    lang,
    market_scope,
    plotly,
    region_names_column,
    require_frame,
)

require_frame()
L = lang()
st.title(t("comp.title", L))
st.caption(t("comp.caption", L))
dataset = current_dataset()
demo_badge(dataset)
table, level, province, counties = market_scope(dataset)
brands = competition.brand_shares(dataset.frames["competitors"], dataset.frames["sales"], counties)
if brands.empty:
    st.info(t("comp.no_data", L))
    st.stop()

totals = competition.market_totals(table)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("comp.market_revenue", L), fmt(totals["market_revenue"], "money", L))
c2.metric(t("comp.our_share", L), fmt(totals["our_share"], "share", L))
c3.metric(t("comp.weighted_hhi", L), fmt(totals["weighted_hhi"], "count", L))
c4.metric(t("comp.whitespace", L), fmt(totals["whitespace_units"], "count", L))

st.subheader(t("comp.brands", L, year=int(brands["year"].iloc[0])))
label = brands["brand"].replace({competition.OURS: t("comp.ours", L)})
left, right = st.columns([3, 2])
with left:
    fig = go.Figure(
        [
            go.Bar(name=t("comp.by_revenue", L), x=label, y=brands["revenue_share"], marker_color="#c0392b"),
            go.Bar(name=t("comp.by_units", L), x=label, y=brands["unit_share"], marker_color="#f0a58f"),
        ]
    )
    fig.update_layout(
        barmode="group",
        yaxis_tickformat=".0%",
        height=340,
        font={"family": FONT},
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h"},
    )
    plotly(fig, key="comp_shares")
with right:
    st.dataframe(
        brands.assign(
            brand=label,
            revenue=brands["revenue"].map(lambda v: fmt(v, "money", L)),
            units=brands["units"].map(lambda v: fmt(v, "count", L)),
            revenue_share=brands["revenue_share"].map(lambda v: fmt(v, "share", L)),
            unit_share=brands["unit_share"].map(lambda v: fmt(v, "share", L)),
            avg_price=brands["avg_price"].map(lambda v: f"¥{v:,.0f}"),
        )[["brand", "revenue", "revenue_share", "units", "unit_share", "avg_price"]],
        column_config={
            k: t(f"comp.{k}", L) for k in ("brand", "revenue", "revenue_share", "units", "unit_share", "avg_price")
        },
        hide_index=True,
        width="stretch",
    )
    st.caption(t("comp.units_note", L))

st.subheader(t("comp.hhi_bands", L))
band_set = st.radio(
    t("comp.hhi_yardstick", L),
    ["2010", "2023"],
    horizontal=True,
    key=f"comp_bands_{L}",
    format_func=lambda k: t(f"comp.band_{k}", L),
)
st.caption(t("comp.band_note", L))
bands = competition.concentration_bands(table, band_set)
left, right = st.columns([2, 3])
with left:
    fig = go.Figure(
        go.Bar(
            x=[t(f"comp.band.{b}", L) for b in bands["band"]],
            y=bands["regions"],
            marker_color=["#fdd49e", "#fc8d59", "#b30000"],
        )
    )
    fig.update_layout(
        height=320, font={"family": FONT}, margin={"l": 0, "r": 0, "t": 10, "b": 0}, yaxis_title=t("comp.regions", L)
    )
    plotly(fig, key="comp_bands_chart")
with right:
    view = maps.in_view(table, maps.Scope("province", province) if province else maps.Scope(), level)
    plotly(maps.map_figure(view, level, maps.LAYERS["hhi"], L, height=360), key=f"comp_map_{level}_{province}")

st.subheader(t("comp.price", L))
prices = competition.price_comparison(dataset.frames["competitors"], dataset.frames["sales"], counties)
st.dataframe(
    prices.assign(
        local_price=prices["local_price"].map(lambda v: f"¥{v:,.0f}"),
        our_price=prices["our_price"].map(lambda v: f"¥{v:,.0f}"),
        price_index=prices["price_index"].map(lambda v: f"{v:.2f}"),
    ),
    column_config={k: t(f"comp.{k}", L) for k in ("brand", "local_price", "our_price", "price_index")},
    hide_index=True,
    width="stretch",
)

ranks = competition.rankings(table)
columns = {
    "region": t("comp.region", L),
    "hhi": "HHI",
    "leader": t("comp.leader", L),
    "leader_share": t("comp.leader_share", L),
    "our_share": t("comp.our_share", L),
    "whitespace_units": t("comp.whitespace", L),
    "capacity_units": t("comp.capacity", L),
}
for col, key in zip(st.columns(2), ("concentration", "whitespace"), strict=True):
    frame = ranks[key]
    col.markdown(f"**{t(f'comp.rank_{key}', L)}**")
    col.dataframe(
        frame.assign(
            region=region_names_column(frame),
            leader=frame["leader"].replace({"ours": t("comp.ours", L)}),
            leader_share=frame["leader_share"].map(lambda v: fmt(v, "share", L)),
            our_share=frame["our_share"].map(lambda v: fmt(v, "share", L)),
            whitespace_units=frame["whitespace_units"].map(lambda v: fmt(v, "count", L)),
            capacity_units=frame["capacity_units"].map(lambda v: fmt(v, "count", L)),
            hhi=frame["hhi"].round(),
        )[list(columns)],
        column_config=columns,
        hide_index=True,
        width="stretch",
    )

export = table[
    [
        "region_id",
        "name",
        "name_en",
        "hhi",
        "leader",
        "leader_share",
        "our_share",
        "competitor_units",
        "competitor_revenue",
        "our_revenue",
        "whitespace_units",
        "price_index",
    ]
]
d1, d2 = st.columns(2)
d1.download_button(t("comp.export_csv", L), to_csv_bytes(export), "competitors.csv", "text/csv", key="comp_csv")
d2.download_button(
    t("comp.export_xlsx", L),
    to_excel_bytes({"regions": export, "brands": brands, "prices": prices}),
    "competitors.xlsx",
    key="comp_xlsx",
)
