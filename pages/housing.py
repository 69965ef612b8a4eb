"""Housing Pipeline: new homes by year and status, the demand they imply, and the gate."""

import plotly.graph_objects as go
import streamlit as st

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.i18n import t
from analysis.market import housing, maps
from analysis.market.features import DEFAULT_ASSUMPTIONS
from ui.common import (
    current_dataset,
    demo_badge,
    lang,
    market_scope,
    plotly,
    region_names_column,
    require_frame,
)

STATUS_COLOURS = {"completed": "#2166ac", "under_construction": "#67a9cf", "planned": "#d1e5f0"}

require_frame()
L = lang()
st.title(t("housing.title", L))
st.caption(t("housing.caption", L))
dataset = current_dataset()
demo_badge(dataset)
table, level, province, counties = market_scope(dataset)
by_year = housing.pipeline_by_year(dataset.frames["housing"], counties)
if by_year.empty:
    st.info(t("housing.no_data", L))
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(t("housing.by_year", L))
    fig = go.Figure(
        [
            go.Bar(
                name=t(f"housing.status.{status}", L),
                x=part["year"].astype(str),
                y=part["new_units"],
                marker_color=STATUS_COLOURS.get(status, "#999"),
            )
            for status, part in by_year.groupby("status", sort=False)
        ]
    )
    fig.update_layout(
        barmode="stack",
        height=340,
        font={"family": FONT},
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h"},
        yaxis_title=t("housing.units", L),
    )
    plotly(fig, key="housing_by_year")
with right:
    st.subheader(t("housing.demand", L))
    demand = housing.implied_demand(by_year, DEFAULT_ASSUMPTIONS)
    fig = go.Figure(
        [
            go.Bar(
                name=t("housing.units", L), x=demand["year"].astype(str), y=demand["new_units"], marker_color="#d1e5f0"
            ),
            go.Scatter(
                name=t("housing.demand", L),
                x=demand["year"].astype(str),
                y=demand["demand"],
                mode="lines+markers",
                line_color="#c0392b",
                yaxis="y2",
            ),
        ]
    )
    fig.update_layout(
        height=340,
        font={"family": FONT},
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h"},
        yaxis2={"overlaying": "y", "side": "right"},
    )
    plotly(fig, key="housing_demand")
    a = DEFAULT_ASSUMPTIONS
    st.caption(
        t(
            "housing.demand_note",
            L,
            fitout=f"{a.fitout_rate:.0%}",
            attach=f"{a.attach_rate:.0%}",
            lag=" / ".join(f"{x:.0%}" for x in a.lag_profile),
        )
    )

st.subheader(t("housing.gate", L))
gate_min = st.number_input(t("housing.gate_min", L), min_value=0, value=0, step=100, key=f"housing_gate_{L}")
gates = housing.gate_table(table, gate_min)
held = gates[gates["gate"] == "hold"]
c1, c2 = st.columns(2)
c1.metric(t("housing.held", L, min=f"{gate_min:,}"), f"{len(held):,}")
c2.metric(t("housing.open", L), f"{len(gates) - len(held):,}")


def reason(row) -> str:
    if row["unknown"]:
        return t("housing.reason.unknown", L)
    if row["housing_3y_units"] <= 0:
        return t("housing.reason.none", L)
    return t("housing.reason.low", L, units=fmt(row["housing_3y_units"], "count", L))


left, right = st.columns([2, 3])
with left:
    st.dataframe(
        held.assign(region=region_names_column(held), reason=held.apply(reason, axis=1))[["region", "reason"]],
        column_config={"region": t("comp.region", L), "reason": t("housing.reason", L)},
        hide_index=True,
        width="stretch",
        height=360,
    )
with right:
    st.markdown(f"**{t('housing.map', L)}**")
    view = maps.in_view(table, maps.Scope("province", province) if province else maps.Scope(), level)
    plotly(maps.map_figure(view, level, maps.LAYERS["housing"], L, height=360), key=f"housing_map_{level}_{province}")

st.subheader(t("housing.table", L))
st.dataframe(
    gates.assign(region=region_names_column(gates), gate=gates["gate"].map(lambda g: t(f"map.gate.{g}", L)))[
        ["region", "housing_3y_units", "housing_per_1000hh", "newhousing_units", "gate"]
    ],
    column_config={
        "region": t("comp.region", L),
        "housing_3y_units": st.column_config.NumberColumn(t("housing.pipeline", L), format="localized"),
        "housing_per_1000hh": st.column_config.NumberColumn(t("housing.per_1000", L), format="%.1f"),
        "newhousing_units": st.column_config.NumberColumn(t("housing.newhousing_demand", L), format="localized"),
        "gate": t("housing.gate", L),
    },
    hide_index=True,
    width="stretch",
)
