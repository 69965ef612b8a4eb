"""Housing Pipeline: new homes by year and status, the demand they imply, and the scenario's gate."""

import streamlit as st

from analysis.charts import bars
from analysis.charts.maps import layer_figure
from analysis.charts.style import STATUS_COLOURS
from analysis.formats import fmt
from analysis.geo.boundaries import counties_in
from analysis.i18n import Join, t
from analysis.market import explain, housing, maps, scenarios
from analysis.market.features import categories_of
from analysis.market.scenarios import ALL
from ui import cache, notes
from ui.context import context
from ui.frame import require_frame
from ui.safe import literal
from ui.tables import chart, download, table

require_frame("pages/housing.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "housing.title", "housing.caption")
level, scenario = ctx.level, ctx.scenario
scored = cache.scored(ctx.source, level, scenario, ctx.scope)
notes.scope(ctx, level, len(scored))
notes.inputs(ctx, cache.features(ctx.source, level, scenario.market, ctx.scope))
frames = cache.frames(ctx.source)
by_year = housing.pipeline_by_year(frames["housing"], counties_in(scored["region_id"], level))
if by_year.empty:
    st.info(t("housing.no_data", L))
    st.stop()

left, right = st.columns(2)
with left:
    st.subheader(t("housing.by_year", L))
    wide = by_year.pivot_table(index="year", columns="status", values="new_units", aggfunc="sum").fillna(0)
    statuses = [s for s in ("completed", "under_construction", "planned") if s in wide.columns]
    fig = bars.bars(
        wide.index.astype(str).tolist(),
        {t(f"housing.status.{s}", L): wide[s] for s in statuses},
        "count",
        L,
        axis_label=t("housing.units", L),
        colours=[STATUS_COLOURS[s] for s in statuses],
        stacked=True,
    )
    chart(fig, key="housing.by_year")
with right:
    st.subheader(t("housing.demand", L))
    categories = [c for c in categories_of(frames["sales"])] or [""]
    if scenario.category != "all":
        categories = [scenario.category]
    demand = housing.implied_demand_by_category(by_year, {c: scenario.market.assumptions(c) for c in categories})
    fig = bars.bars(
        demand["year"].astype(str).tolist(),
        {scenarios.category_label(c or ALL, L): demand[c] for c in categories},
        "units",
        L,
        axis_label=t("housing.demand_axis", L),
        stacked=True,
    )
    chart(fig, key="housing.demand")
    named = Join(literal(scenarios.category_label(c, L)) for c in categories if c) if any(categories) else "–"
    st.caption(t("housing.demand_note_categories", L, categories=named))

st.subheader(t("housing.gate", L))
gates = housing.gate_table(scored)
held = gates[gates["gate"] == "hold"]
drying = gates[gates["pipeline_flag"] == "drying"]
unknown = gates[gates["pipeline_flag"] == "unknown"]
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("housing.held", L), fmt(len(held), "count", L), border=True)
c2.metric(t("housing.drying", L), fmt(len(drying), "count", L), border=True)
c3.metric(t("housing.unknown", L), fmt(len(unknown), "count", L), border=True)
c4.metric(t("housing.open", L), fmt(len(gates) - len(held), "count", L), border=True)
st.caption(explain.gate_rule(scenario).render(L))

left, right = st.columns([2, 3])
with left:
    flagged = gates[(gates["gate"] == "hold") | (gates["pipeline_flag"] != "")]
    notes_ = explain.reasons(scored[scored["region_id"].isin(flagged["region_id"])], scenario, L)["gate_note"]
    reasons = flagged["region_id"].map(dict(zip(scored["region_id"], notes_.reindex(scored.index), strict=True)))
    table(flagged.assign(gate_note=reasons), ["name", "gate", "gate_note"], L, key="housing.flagged",
          wide=["gate_note"], height=380)  # fmt: skip
with right:
    where = maps.Scope("province", ctx.province) if ctx.province else maps.Scope()
    view = maps.in_view(scored, where, level, ctx.scope)
    chart(layer_figure(view, level, maps.LAYERS["housing"], L, height=380), key=f"housing.map.{level}.{ctx.province}")

st.subheader(t("housing.table", L))
columns = ["name", "served", "pipeline_units", "pipeline_per_1000hh", "gate", "pipeline_flag", "tier"]
table(gates, columns, L, key="housing.table", height=360)
download({t("housing.table", L): gates}, "housing_gate", L, "housing.export")
