"""Distributors: five-criteria scorecard and classes, prospect funnel, territory coverage, 窜货 and 砸价 flags."""

import streamlit as st

from analysis.distributors import flags as dist
from analysis.formats import fmt
from analysis.i18n import t
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.market import maps
from ui import distributors as ui
from ui.common import current_dataset, dataset_key, demo_badge, lang, plotly, require_frame, scored_table

require_frame()
L = lang()
st.title(t("distributors.title", L))
st.caption(t("distributors.tagline", L))
dataset = current_dataset()
demo_badge(dataset)
frames = dataset.frames
province = st.session_state.get("province") or ""
if frames["distributors"].empty:
    st.info(t("distributors.empty", L))
    st.stop()
names = dict(zip(frames["distributors"]["distributor_id"], frames["distributors"]["name"], strict=True))

# -- scorecard and classes -------------------------------------------------------------------------
st.header(t("distributors.scorecard", L))
st.caption(t("distributors.scorecard_help", L))
with st.container(border=True):
    st.markdown(f"**{t('distributors.weights', L)}**")
    weights, ahp_result = ui.weights_panel(L)
history = ui.snapshots(dataset, dataset_key(dataset))
left, right = st.columns([1, 2])
with left:
    band = ui.band_input(L, len(history))
with right:
    statuses = ui.status_filter(L)
table = dist.assess(history, weights, band, L)
shown = dist.in_province(table, province)
if statuses:
    shown = shown[shown["status"].isin(statuses)]
ui.class_metrics(shown, L)
view, column_config = ui.scorecard_view(shown, L)
st.dataframe(view, column_config=column_config, hide_index=True, height=420, key="dist_scorecard")
st.caption(t("distributors.shown", L, shown=f"{len(shown):,}", total=f"{len(table):,}"))

# -- prospect funnel -------------------------------------------------------------------------------
st.header(t("distributors.funnel", L))
st.caption(t("distributors.funnel_help", L))
funnel = dist.funnel(dist.in_province(frames["distributors"], province))
chart, numbers = st.columns([3, 1])
with chart:
    plotly(dist.funnel_figure(funnel, L), key="dist_funnel")
with numbers:
    for row in dist.funnel_by_channel(funnel).itertuples():
        share = fmt(row.active_share, "share", L)
        st.metric(t(f"distributors.channel.{row.channel}", L), f"{row.distributors:,}")
        st.caption(t("distributors.funnel.conversion", L, active=f"{row.active:,}", share=share))

# -- territory coverage ----------------------------------------------------------------------------
st.header(t("distributors.coverage", L))
st.caption(t("distributors.coverage_help", L))
scored = scored_table(dataset, dataset_key(dataset), "county")
covered = dist.coverage(frames["territories"], scored, frames["distributors"])
scope = maps.Scope("province", province) if province else maps.Scope()
in_view = maps.in_view(covered, scope, "county")
ui.coverage_metrics(in_view, L)
plotly(dist.coverage_figure(in_view, L, names), key=f"dist_coverage_{province or 'all'}")
st.subheader(t("distributors.coverage.gaps_table", L))
gaps, gaps_config = ui.gaps_view(in_view, L)
if gaps.empty:
    st.success(t("distributors.coverage.no_gaps", L))
else:
    st.dataframe(gaps, column_config=gaps_config, hide_index=True, height=280, key="dist_gaps")

# -- cross-territory selling and price cutting -----------------------------------------------------
st.header(t("distributors.conflicts", L))
st.caption(t("distributors.conflicts_help", L, rate=fmt(0.03, "share", L), n=5))
months = ui.window_input(L)
window = t("distributors.window.n", L, n=months)
conflicts = dist.cross_territory_flags(
    frames["sales"], frames["territories"], months, region_names=ui.county_names(L), lang=L
)
conflicts = dist.touching_province(conflicts, frames["distributors"], province)
if conflicts.empty:
    st.success(t("distributors.conflicts.none", L, window=window))
else:
    flagged = int(conflicts["flagged"].sum())
    st.warning(t("distributors.conflicts.count", L, flagged=flagged, watch=len(conflicts) - flagged))
    view, column_config = ui.conflicts_view(conflicts, names, L)
    st.dataframe(view, column_config=column_config, hide_index=True, key="dist_conflicts")

st.header(t("distributors.prices", L))
st.caption(t("distributors.prices_help", L, threshold=3.5))
with st.expander(t("distributors.floors", L)):
    floors = ui.floors_input(frames["sales"], L)
prices = dist.in_province(ui.price_table(frames["sales"], dataset_key(dataset), floors, months, L), province)
price_flags = prices[prices["flagged"]]
if price_flags.empty:
    st.success(t("distributors.prices.none", L, window=window, n=f"{len(prices):,}"))
else:
    st.warning(t("distributors.prices.count", L, n=f"{len(price_flags):,}"))
    view, column_config = ui.prices_view(price_flags, L)
    st.dataframe(view, column_config=column_config, hide_index=True, key="dist_prices")

# -- export ----------------------------------------------------------------------------------------
st.header(t("distributors.export", L))
name = f"distributors{'_' + province if province else ''}"
e1, e2 = st.columns(2)
e1.download_button(
    t("distributors.export_csv", L), lambda: to_csv_bytes(shown), f"{name}.csv", "text/csv", key="dist_csv"
)
e2.download_button(
    t("distributors.export_xlsx", L),
    lambda: to_excel_bytes(
        {"scorecard": shown, "funnel": funnel, "coverage": in_view, "cross_territory": conflicts, "prices": price_flags}
    ),
    f"{name}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="dist_xlsx",
)
