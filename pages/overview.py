"""Overview: which data is loaded, the headline numbers, our revenue on the map, where to go next."""

import streamlit as st

from analysis.charts.maps import region_map
from analysis.formats import fmt
from analysis.i18n import t
from analysis.market import maps
from analysis.summary.overview import dataset_status, headline_kpis
from ui import cache, notes
from ui.context import context
from ui.frame import require_frame
from ui.tables import chart, table

require_frame("pages/overview.py")
ctx = context()
L = ctx.lang
notes.header(ctx, "app.title", "app.tagline")
frames = cache.frames(ctx.source)
kpi = headline_kpis(frames["sales"], ctx.scope)

through = f" · {t('overview.through', L, month=kpi.last_month)}" if kpi.last_month else ""
st.subheader(t("overview.kpis", L) + through)
if kpi.last_month is None:
    st.warning(t("overview.no_sales", L))
else:
    c1, c2, c3 = st.columns(3)
    for cell, label, value, kind, growth in (
        (c1, "overview.revenue_12m", kpi.revenue_12m, "money", kpi.revenue_yoy),
        (c2, "overview.units_12m", kpi.units_12m, "units", kpi.units_yoy),
    ):
        known = growth == growth  # no prior year: no YoY and no arrow
        cell.metric(
            t(label, L),
            fmt(value, kind, L),
            f"{t('overview.yoy', L)} {fmt(growth, 'growth', L)}" if known else None,
            border=True,
        )
    c3.metric(t("overview.regions_with_sales", L), fmt(kpi.regions_with_sales, "count", L), border=True)

    scored = cache.scored(ctx.source, ctx.level, ctx.scenario, ctx.scope)
    scope = maps.Scope("province", ctx.province) if ctx.province else maps.Scope()
    view = maps.in_view(scored, scope, ctx.level, ctx.scope)
    notes.scope(ctx, ctx.level, len(view))
    map_col, table_col = st.columns([3, 2])
    with map_col:
        title = t("overview.map_title", L, level=t(f"level.{ctx.level}", L))
        fig = region_map(view, ctx.level, "our_revenue", "money", L, title=t("field.our_revenue", L), height=480)
        st.markdown(f"**{title}**")
        chart(fig, key="overview.map")
    with table_col:
        st.markdown(f"**{t('overview.top_regions', L)}**")
        top = scored.nlargest(10, "our_revenue")
        table(top, ["name", "our_revenue", "our_units", "yoy_growth"], L, key="overview.top")

st.subheader(t("overview.status", L))
status = dataset_status(frames, dict(ctx.source.versions) or None)
table(
    status.assign(kind=status["kind"].map(lambda k: t(f"kind.{k}", L))),
    ["kind", "version", "rows", "span", "regions", "coverage"],
    L,
    labels={k: t(f"overview.{k}", L) for k in ("kind", "version", "rows", "span", "regions", "coverage")},
    key="overview.status",
)

st.subheader(t("overview.next", L))
for page, icon in (
    ("map", ":material/map:"),
    ("scoring", ":material/leaderboard:"),
    ("summary", ":material/summarize:"),
    ("data", ":material/upload_file:"),
):
    st.page_link(f"pages/{page}.py", label=f"{t(f'page.{page}', L)} — {t(f'overview.next.{page}', L)}", icon=icon)
