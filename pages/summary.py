"""Monthly Summary: the month against plan, what moved, what changed, promotion reviews, the meeting's
actions; Excel, PDF and the meeting deck."""

import datetime as dt

import streamlit as st

from analysis.i18n import t
from analysis.summary import tables
from ui import notes
from ui import summary as ui
from ui.context import context
from ui.frame import require_frame
from ui.tables import chart

require_frame("pages/summary.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "summary.title", "summary.caption")

today = dt.date.today()
months, latest = ui.month_choices(ctx.source, today)
if not months:
    st.warning(t("summary.no_sales", L))
    st.stop()
month, scope = ui.pickers(ctx, months, latest)
summary = ui.summary_for(ctx.source, month, scope, ctx.scenario, today)

st.subheader(t("summary.heading", L, month=summary.month, scope=summary.scope_name(L)))
ui.kpi_cards(summary, L)

st.subheader(t("summary.narrative", L))
st.markdown("\n".join(f"- {line}" for line in tables.key_points(summary, L)))

st.subheader(t("summary.trend", L))
chart(ui.trend_chart(summary, L), key="summary.trend")
st.caption(summary.forecast.reason_text().render(L) if summary.forecast else t("summary.forecast.none", L))

st.subheader(t("summary.breakdown", L))
ui.movers_section(summary, L)
ui.attainment_section(summary, L)

st.subheader(t("summary.changed", L))
ui.changes_section(summary, L)
ui.quotas_section(summary, L)

st.subheader(t("summary.promo.title", L))
ui.promotions_section(summary, L)

st.subheader(t("summary.actions.title", L))
ui.actions_section(ctx, summary)

st.subheader(t("summary.downloads", L))
ui.downloads(ctx, summary, today)
