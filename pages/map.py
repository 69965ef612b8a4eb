"""Map Explorer: layers at province, city and county level, drill-down, region panel, shortlist."""

import streamlit as st

from analysis.i18n import t
from analysis.io.store import Store
from analysis.market import maps
from ui.common import (
    PLOTLY_CONFIG,
    current_dataset,
    dataset_key,
    demo_badge,
    lang,
    require_frame,
    scored_table,
    store_dir,
)
from ui.map import region_panel, shortlist_ids, shortlist_section

require_frame()
L = lang()
st.title(t("map.title", L))
st.caption(t("map.caption", L))
dataset = current_dataset()
demo_badge(dataset)

# Drill-down state: the sidebar's province filter opens that province.
province = st.session_state.get("province") or None
if st.session_state.get("map_province_filter") != province:
    st.session_state["map_province_filter"] = province
    st.session_state["map_scope"] = maps.Scope("province", province) if province else maps.Scope()
scope = st.session_state.get("map_scope", maps.Scope())
level = maps.view_level(scope, st.session_state.get("level", "province"))

crumbs = maps.breadcrumb(scope)
cols = st.columns(len(crumbs) + 4)
for i, (target, zh, en) in enumerate(crumbs):
    if cols[i].button(zh if L == "zh" else en, key=f"crumb_{i}", disabled=target == scope, type="tertiary"):
        st.session_state["map_scope"] = target
        st.rerun()

c1, c2 = st.columns(2)
layer_key = c1.selectbox(
    t("map.layer", L), list(maps.LAYERS), format_func=lambda k: t(f"map.layer.{k}", L), key=f"map_layer_{L}"
)
bubbles = c2.selectbox(
    t("map.bubbles", L),
    [None, "capacity_units", "our_revenue"],
    key=f"map_bubbles_{L}",
    format_func=lambda k: t("map.bubbles.none", L) if k is None else t(f"map.bubble.{k}", L),
)

table = scored_table(dataset, dataset_key(dataset), level)
view = maps.in_view(table, scope, level)
with st.expander(t("map.filters", L)):
    f1, f2, f3 = st.columns(3)
    tiers = f1.multiselect(
        t("map.filter.tier", L),
        ["A", "B", "C", "hold"],
        key=f"map_tiers_{L}",
        format_func=lambda k: t("map.tier.hold", L) if k == "hold" else k,
    )
    gates = f2.multiselect(
        t("map.filter.gate", L), ["open", "hold"], key=f"map_gates_{L}", format_func=lambda k: t(f"map.gate.{k}", L)
    )
    low, high = f3.slider(t("map.filter.score", L), 0.0, 1.0, (0.0, 1.0), 0.05, key=f"map_score_{L}")
view = maps.filter_regions(view, tiers=tiers, gates=gates, score_range=(low, high))
st.caption(t("map.in_view", L, n=f"{len(view):,}"))


@st.fragment
def map_and_panel() -> None:
    shortlisted = shortlist_ids(dataset)  # one read of the store per run of the fragment
    if view.empty:
        st.info(t("map.no_match", L))
        return
    left, right = st.columns([3, 2])
    with left:
        fig = maps.map_figure(view, level, maps.LAYERS[layer_key], L, shortlist=shortlisted, bubbles=bubbles)
        event = st.plotly_chart(
            fig,
            config=PLOTLY_CONFIG,
            key=f"map_{scope.kind}_{scope.region_id}_{level}",
            on_select="rerun",
            selection_mode="points",
            width="stretch",
        )
    options = view.sort_values("rank")["region_id"].tolist() if "rank" in view else view["region_id"].tolist()
    pick = f"map_pick_{L}"
    clicked = maps.selected_region(event, view)
    if clicked and clicked != st.session_state.get("map_last_click"):  # a new click, not the chart's old state
        st.session_state["map_last_click"] = clicked
        target = maps.drill(scope, level, view[view["region_id"] == clicked].iloc[0])
        if target is not None:
            st.session_state["map_scope"] = target
            st.rerun(scope="app")
        st.session_state[pick] = clicked
    if st.session_state.get(pick) not in options:
        st.session_state[pick] = options[0]
    with right:
        names = dict(zip(view["region_id"], view["name" if L == "zh" else "name_en"], strict=True))
        region_id = st.selectbox(t("map.panel.choose", L), options, format_func=names.get, key=pick)
        region_panel(dataset, table, level, region_id, L)
        on_list = region_id in shortlisted
        if st.button(t("map.panel.remove" if on_list else "map.panel.add", L), key="map_shortlist_toggle"):
            Store(store_dir()).set_shortlisted("demo" if dataset.is_demo else "store", level, region_id, not on_list)
            st.rerun(scope="fragment")


map_and_panel()
shortlist_section(dataset, table, L)
