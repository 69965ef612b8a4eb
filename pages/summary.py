"""Monthly Summary: the month against plan, what moved, what changed, what to do next; Excel and PDF."""

import datetime as dt

import streamlit as st

from analysis.i18n import t
from analysis.summary.build import forecast_reason, scope_label
from analysis.summary.report import build_excel, build_pdf, story, trend_figure
from ui.common import current_dataset, dataset_key, demo_badge, lang, plotly, region_names, require_frame
from ui.summary import (
    attainment_styler,
    changes_section,
    kpi_cards,
    month_choices,
    movers_section,
    remembered_select,
    sidebar_province_changed,
    summary_for,
)

require_frame()
L = lang()
st.title(t("summary.title", L))
st.caption(t("summary.caption", L))
dataset = current_dataset()
demo_badge(dataset)

today = dt.date.today()
key = dataset_key(dataset)
months, latest = month_choices(dataset, key, today)
if not months:
    st.warning(t("summary.no_sales", L))
    st.stop()

provinces = region_names().query("level == 'province'")["region_id"].tolist()
sidebar_province = st.session_state.get("province") or ""
c1, c2 = st.columns(2)
with c1:
    month = remembered_select(
        t("summary.month", L), months, "summary_month", latest, help_text=t("summary.month_help", L)
    )
with c2:
    scope = remembered_select(
        t("summary.scope", L),
        ["", *provinces],
        "summary_scope",
        sidebar_province,
        lambda rid: scope_label(rid or None, L),
        reset=sidebar_province_changed(),
    )

summary = summary_for(dataset, key, month, scope or None, today)
st.subheader(t("summary.heading", L, month=summary.month, scope=summary.scope_name(L)))
kpi_cards(summary, L)

st.subheader(t("summary.narrative", L))
st.markdown("\n".join(f"- {line}" for line in story(summary, L)))

st.subheader(t("summary.trend", L))
plotly(trend_figure(summary, L), key="summary_trend")
if summary.forecast is not None:
    st.caption(forecast_reason(summary.forecast, L))
else:
    st.caption(t("summary.forecast.none", L))

st.subheader(t("summary.breakdown", L))
movers_section(summary, L)
level = t(f"level.{summary.level}", L)
st.markdown(f"**{t('summary.attainment', L, level=level if L == 'zh' else level.lower())}**")
st.dataframe(attainment_styler(summary, L), hide_index=True, width="stretch")
st.caption(t("summary.attainment.legend", L))

st.subheader(t("summary.changed", L))
changes_section(summary, L)

st.subheader(t("summary.downloads", L))
stem = f"summary_{summary.month}_{summary.scope_id or 'CN'}_{L}"
d1, d2, _ = st.columns([1, 1, 2])
d1.download_button(
    t("summary.download.excel", L),
    data=lambda: build_excel(summary, L),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    on_click="ignore",
    key="summary_excel",
)
d2.download_button(
    t("summary.download.pdf", L),
    data=lambda: build_pdf(summary, L),
    file_name=f"{stem}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
    key="summary_pdf",
)
