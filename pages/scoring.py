"""Market scoring: the scenario (weights and assumptions), the ranked table, why a region has its tier,
stability, sell-in, the comparison with another scenario or last month, exports."""

import streamlit as st

from analysis.i18n import t
from ui import cache, notes
from ui import scoring as ui
from ui.context import context
from ui.frame import fragment, require_frame

require_frame("pages/scoring.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "scoring.title", "scoring.tagline")
level = ctx.level


@fragment
def scoring() -> None:
    """Everything a weight step changes: a step reruns this part, not the page."""
    panel, main = st.columns([1, 3], gap="large")
    with panel:
        scenario = ui.editor(ctx)
        ui.draft_controls(ctx, scenario, draft=st.session_state.get("scenario.draft") is not None)
    scored = cache.scored(ctx.source, level, scenario, ctx.scope)
    with main:
        notes.scope(ctx, level, len(scored))
        notes.inputs(ctx, cache.features(ctx.source, level, scenario.market, ctx.scope))
        notes.levels(ctx, level)
        if scored.empty:
            st.warning(t("scoring.no_data", L))
            return
        ui.tier_counts(scored, L)
        ui.ahp_panel(ctx, scenario)
        st.subheader(t("scoring.ranking", L))
        shown = ui.ranked(ctx, scored)
        st.subheader(t("scoring.detail", L))
        ui.detail(ctx, scenario, scored, shown)
        ui.stability_section(ctx, scenario, scored, level)
        by_tier = ui.sell_in_section(ctx, scenario, scored)
        ui.compare_section(ctx, scenario, scored, level)
        ui.exports(ctx, scenario, scored, by_tier, level)


scoring()
