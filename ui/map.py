"""Map Explorer widgets: the cached scored table and the region panel."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import t
from analysis.io.exports import to_csv_bytes
from analysis.io.store import Store
from analysis.market import maps
from ui.common import Dataset, plotly, store_dir


def shortlist_ids(dataset: Dataset) -> frozenset[str]:
    table = Store(store_dir()).shortlist("demo" if dataset.is_demo else "store")
    return frozenset(table["region_id"])


def _bar(x, y, lang: str, horizontal: bool = False, height: int = 220) -> go.Figure:
    fig = go.Figure(go.Bar(x=x, y=y, orientation="h" if horizontal else "v", marker_color="#c0392b"))
    fig.update_layout(height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font={"family": FONT})
    return fig


def region_panel(dataset: Dataset, table: pd.DataFrame, level: str, region_id: str, lang: str) -> None:
    """Name, parent, key metrics, tier and why, housing by year, competitor shares, our sales."""
    row = table.set_index("region_id").loc[region_id]
    regions = boundaries.load_regions()
    parent = regions[regions["region_id"] == row.get("parent_id")]
    name = row["name"] if lang == "zh" else row["name_en"]
    parent_name = "" if parent.empty else (parent["name"].iloc[0] if lang == "zh" else parent["name_en"].iloc[0])
    st.markdown(f"### {name}")
    st.caption(" · ".join(part for part in (t(f"level.{level}", lang), parent_name, region_id) if part))

    tier = row.get("tier")
    c1, c2, c3 = st.columns(3)
    c1.metric(t("map.metric.tier", lang), t("map.tier.hold", lang) if tier == "hold" else str(tier))
    c2.metric(t("map.metric.score", lang), "–" if pd.isna(row.get("score")) else f"{row['score']:.3f}")
    c3.metric(t("map.metric.rank", lang), "–" if pd.isna(row.get("rank")) else f"{int(row['rank']):,}")
    c1, c2 = st.columns(2)
    c1.metric(t("map.metric.capacity", lang), fmt(row.get("capacity_units"), "count", lang))
    c2.metric(t("map.metric.whitespace", lang), fmt(row.get("whitespace_units"), "count", lang))
    c1, c2 = st.columns(2)
    c1.metric(t("map.metric.revenue", lang), fmt(row.get("our_revenue"), "money", lang))
    c2.metric(t("map.metric.share", lang), fmt(row.get("our_share"), "share", lang))

    st.markdown(f"**{t('map.panel.tier_why', lang)}**")
    st.write(str(row.get("tier_rule", "")))
    contrib = maps.contributions(row)
    if not contrib.empty:
        st.markdown(f"**{t('map.panel.contrib', lang)}**")
        plotly(_bar(contrib["contribution"], contrib["criterion"], lang, horizontal=True), key="panel_contrib")

    housing = maps.region_housing(dataset.frames["housing"], level, region_id)
    if not housing.empty:
        st.markdown(f"**{t('map.panel.housing', lang)}**")
        by_year = housing.groupby("year", as_index=False)["new_units"].sum()
        plotly(_bar(by_year["year"].astype(str), by_year["new_units"], lang), key="panel_housing")

    shares = maps.region_competitors(
        dataset.frames["competitors"], dataset.frames["sales"], level, region_id, t("map.ours", lang)
    )
    if not shares.empty:
        st.markdown(f"**{t('map.panel.competitors', lang)}** · {int(shares['year'].iloc[0])}")
        st.dataframe(
            shares.assign(
                revenue=shares["revenue"].map(lambda v: fmt(v, "money", lang)),
                share=shares["share"].map(lambda v: fmt(v, "share", lang)),
            )[["competitor", "revenue", "share"]],
            column_config={
                "competitor": t("map.col.competitor", lang),
                "revenue": t("col.revenue", lang),
                "share": t("map.col.share", lang),
            },
            hide_index=True,
            width="stretch",
        )
    sales = maps.region_sales(dataset.frames["sales"], level, region_id)
    if not sales.empty:
        st.markdown(f"**{t('map.panel.sales', lang)}**")
        fig = go.Figure(go.Scatter(x=sales["month"], y=sales["revenue"], mode="lines", line_color="#c0392b"))
        fig.update_layout(height=200, margin={"l": 0, "r": 0, "t": 10, "b": 0}, font={"family": FONT})
        plotly(fig, key="panel_sales")


def shortlist_section(dataset: Dataset, table: pd.DataFrame, lang: str) -> None:
    ids = shortlist_ids(dataset)
    st.subheader(t("map.shortlist.title", lang))
    if not ids:
        st.caption(t("map.shortlist.empty", lang))
        return
    marked = table[table["region_id"].isin(ids)]
    columns = ["region_id", "name", "name_en", "tier", "score", "capacity_units", "whitespace_units", "our_revenue"]
    st.dataframe(marked[[c for c in columns if c in marked]], hide_index=True, width="stretch")
    st.download_button(
        t("map.shortlist.download", lang),
        to_csv_bytes(marked[[c for c in columns if c in marked]]),
        file_name="shortlist.csv",
        mime="text/csv",
        key="shortlist_download",
    )
