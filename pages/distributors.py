"""Distributors: five-criteria scorecard and classes, prospect funnel, coverage, contracts, flags, quotas."""

import streamlit as st

from analysis.i18n import t
from ui import cache, notes
from ui import distributors as ui
from ui.context import context
from ui.frame import require_frame

require_frame("pages/distributors.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "distributors.title", "distributors.tagline")
if cache.frames(ctx.source)["distributors"].empty:
    st.info(t("distributors.empty", L))
    st.stop()
notes.scope(ctx, "county", ui.counties_in_view(ctx))

scorecard = ui.scorecard_section(ctx)
funnel = ui.funnel_section(ctx)
covered = ui.coverage_section(ctx)
contracts = ui.contracts_section(ctx)
found, conflicts = ui.flags_section(ctx)
quotas, attainment = ui.quotas_section(ctx)
ui.exports(
    ctx,
    {"scorecard": scorecard, "funnel": funnel, "coverage": covered, "contracts": contracts, "flags": found,
     "cross_territory": conflicts, "quotas": quotas},
)  # fmt: skip
