"""Overview: which data is loaded, the headline numbers, our revenue on the map."""

import streamlit as st

from analysis.charts.style import choropleth, hover_money, money_scale
from analysis.formats import fmt
from analysis.i18n import region_label, t
from analysis.summary.overview import dataset_status, headline_kpis, sales_by_region
from ui.common import current_dataset, demo_badge, lang, plotly, require_frame

require_frame()
L = lang()
st.title(t("app.title", L))
st.caption(t("app.tagline", L))
dataset = current_dataset()
demo_badge(dataset)

sales = dataset.frames["sales"]
kpi = headline_kpis(sales)

st.subheader(t("overview.kpis", L) + (f" · {t('overview.through', L, month=kpi.last_month)}" if kpi.last_month else ""))
if kpi.last_month is None:
    st.warning(t("overview.no_sales", L))
else:
    c1, c2, c3 = st.columns(3)
    c1.metric(
        t("overview.revenue_12m", L),
        fmt(kpi.revenue_12m, "money", L),
        f"{t('overview.yoy', L)} {fmt(kpi.revenue_yoy, 'growth', L)}",
    )
    c2.metric(
        t("overview.units_12m", L),
        fmt(kpi.units_12m, "count", L),
        f"{t('overview.yoy', L)} {fmt(kpi.units_yoy, 'growth', L)}",
    )
    c3.metric(t("overview.regions_with_sales", L), f"{kpi.regions_with_sales:,}")

    province = st.session_state.get("province") or None
    level = st.session_state.get("level", "province")
    by_region = sales_by_region(sales, level, province)
    title = t("overview.map_title", L, level=t(f"level.{level}", L).lower())
    map_col, table_col = st.columns([3, 2])
    with map_col:
        divisor, unit = money_scale(L)
        fig = choropleth(
            by_region,
            level,
            "revenue",
            hover=hover_money(by_region, L),
            colorbar_title=f"{t('col.revenue', L)} ({unit})",
            title=title,
            scale=divisor,
        )
        plotly(fig, key="overview_map")
    with table_col:
        st.markdown(f"**{t('overview.top_regions', L)}**")
        top = by_region.nlargest(10, "revenue")
        st.dataframe(
            top.assign(
                region=[region_label(n, e, L) for n, e in zip(top["name"], top["name_en"], strict=True)],
                revenue=top["revenue"].map(lambda v: fmt(v, "money", L)),
                units=top["units"].map(lambda v: fmt(v, "count", L)),
                yoy=top["yoy"].map(lambda v: fmt(v, "growth", L)),
            )[["region", "revenue", "units", "yoy"]],
            column_config={
                "region": t("col.region", L),
                "revenue": t("col.revenue", L),
                "units": t("col.units", L),
                "yoy": t("col.yoy", L),
            },
            hide_index=True,
            width="stretch",
        )

st.subheader(t("overview.status", L))
status = dataset_status(dataset.frames, dataset.versions or None)
st.dataframe(
    status.assign(kind=status["kind"].map(lambda k: t(f"kind.{k}", L))),
    column_config={
        "kind": t("overview.kind", L),
        "version": st.column_config.NumberColumn(t("overview.version", L), format="%d"),
        "rows": st.column_config.NumberColumn(t("overview.rows", L), format="localized"),
        "span": t("overview.span", L),
        "regions": st.column_config.NumberColumn(t("overview.regions", L), format="localized"),
        "coverage": st.column_config.ProgressColumn(
            t("overview.coverage", L), format="percent", min_value=0, max_value=1
        ),
    },
    hide_index=True,
    width="stretch",
)

st.subheader(t("overview.next", L))
for page, icon in (
    ("map", ":material/map:"),
    ("scoring", ":material/leaderboard:"),
    ("summary", ":material/summarize:"),
    ("data", ":material/upload_file:"),
):
    st.page_link(f"pages/{page}.py", label=f"{t(f'page.{page}', L)} — {t(f'overview.next.{page}', L)}", icon=icon)
