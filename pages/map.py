"""Map Explorer: layers at province, city and county level, drill-down, the region panel, the shortlist."""

import streamlit as st

from analysis.charts.maps import CLASSIFICATIONS, layer_figure, selected_region
from analysis.i18n import t
from analysis.market import maps
from ui import cache, notes, state
from ui import map as ui
from ui.context import context
from ui.frame import fragment, require_frame
from ui.tables import chart

require_frame("pages/map.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "map.title", "map.caption")

scope = ui.current_scope(ctx)
level = maps.view_level(scope, ctx.level)
table = cache.scored(ctx.source, level, ctx.scenario, ctx.scope)
view = maps.in_view(table, scope, level, ctx.scope)
notes.scope(ctx, level, int(view["score"].notna().sum()))
ui.breadcrumb(scope, L)

c1, c2, c3 = st.columns(3)
layer_key = state.widget(
    st.selectbox, t("map.layer", L), list(maps.LAYERS), key="map.layer", default="tier",
    format_func=lambda k: t(f"map.layer.{k}", L),
)  # fmt: skip
bubbles = state.widget(
    st.selectbox, t("map.bubbles", L), ["", "capacity_units", "our_revenue"], key="map.bubbles", default="",
    format_func=lambda k: t("map.bubbles.none", L) if not k else t(f"map.bubble.{k}", L),
)  # fmt: skip
classification = state.widget(
    st.selectbox, t("map.classes", L), CLASSIFICATIONS, key="map.classes", default="quantile",
    format_func=lambda k: t(f"map.classes.{k}", L),
)  # fmt: skip
with st.expander(t("map.filters", L)):
    f1, f2, f3 = st.columns(3)
    with f1:
        tiers = state.widget(
            st.multiselect, t("map.filter.tier", L), ["A", "B", "C", "hold"], key="map.filter_tiers", default=[],
            format_func=lambda k: t("map.tier.hold", L) if k == "hold" else k,
        )  # fmt: skip
    with f2:
        gates = state.widget(
            st.multiselect, t("map.filter.gate", L), ["open", "hold"], key="map.filter_gates", default=[],
            format_func=lambda k: t(f"map.gate.{k}", L),
        )  # fmt: skip
    with f3:
        score_range = state.widget(
            st.slider, t("map.filter.score", L), 0.0, 1.0, key="map.filter_score", default=(0.0, 1.0), step=0.05
        )
shown = maps.filter_regions(view, tiers=tiers, gates=gates, score_range=score_range)
st.caption(t("map.in_view", L, n=f"{len(shown):,}"))


@fragment
def map_and_panel() -> None:
    """The map and the region panel: a click reruns this part only."""
    if shown.empty:
        st.info(t("map.no_match", L))
        return
    key = ui.chart_key(scope, level)
    clicked = selected_region(st.session_state.get(key), shown)  # what the last click selected
    if clicked is not None:
        ui.handle_click(clicked, scope, level, shown)  # drills down (a new run) or picks the region
        key = ui.chart_key(scope, level)
    picked = ui.picked_region(shown)
    fig = layer_figure(
        shown, level, maps.LAYERS[layer_key], L,
        classification=classification, selected=picked, shortlist=ui.shortlist_ids(ctx), bubbles=bubbles or None,
        labels=maps.labels(shown, level, scope),
    )  # fmt: skip
    chart(fig, key=key, on_select="rerun", selection_mode="points")
    ui.region_panel(ctx, shown, table, level)


map_and_panel()
ui.shortlist_section(ctx)
