"""Territories: design contiguous, balanced territories for the distributors of a province, edit them by
hand, compare them with the current ones, and save them as the current territories."""

import streamlit as st

from analysis.i18n import t
from ui import cache, notes
from ui import territories as ui
from ui.context import context
from ui.frame import require_frame

require_frame("pages/territories.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "territories.title", "territories.tagline")
ui.saved_note(ctx)
province = ui.province(ctx)
data = ui.scope_data(ctx.source, ctx.scenario, province)
notes.scope(ctx, "county", len(data.units))
notes.inputs(ctx, cache.features(ctx.source, "county", ctx.scenario.market, (province,)))
if data.units.empty:
    st.info(t("territories.no_counties", L))
    st.stop()

with st.container(border=True):
    settings = ui.settings_panel(ctx, data)
    result = ui.solve_section(ctx, data, settings)
if result is None:
    st.stop()
shown = ui.view(ctx, data, result)
ui.infeasible_notes(ctx, shown)
ui.map_section(ctx, data, shown)
balance = ui.balance_section(ctx, shown)
ui.county_panel(ctx, data, result, shown)
moved, change = ui.before_after_section(ctx, data, shown)
ui.save_section(ctx, data, result, shown)
ui.exports(ctx, data, shown, balance, moved, change)
