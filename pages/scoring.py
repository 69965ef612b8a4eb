"""Market scoring: weights and assumptions, the ranked table, why a region has its tier, stability, sell-in."""

import streamlit as st

from analysis.formats import fmt
from analysis.i18n import region_label, t
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.market.scoring import TIERS, sell_in_by_tier
from ui import scoring as ui
from ui.common import current_dataset, dataset_key, demo_badge, lang, plotly, region_names, require_frame

require_frame()
L = lang()
st.title(t("scoring.title", L))
st.caption(t("scoring.tagline", L))
dataset = current_dataset()
demo_badge(dataset)

level = st.session_state.get("level", "province")
if level == "province":
    st.info(t("scoring.province_note", L))
    level = "city"
province = st.session_state.get("province") or None

panel, main = st.columns([1, 3], gap="large")
with panel:
    config, assumptions = ui.settings_panel(L)

key = (dataset_key(dataset), level, assumptions, province)
features = ui.features(dataset.frames, key, level, assumptions, province)
if features.empty:
    main.warning(t("scoring.no_data", L))
    st.stop()
scored = ui.scored(features, key, config)
spread = st.session_state.get("scoring_spread", 10)
table = scored.merge(ui.tier_stability(features, key, config, spread / 100), on="region_id", how="left")
provinces = region_names().query("level == 'province'")
province_names = dict(zip(provinces["region_id"], provinces["name" if L == "zh" else "name_en"], strict=True))

with main:
    counts = scored["tier"].value_counts()
    cells = st.columns(5)
    cells[0].metric(t("scoring.regions", L), f"{len(scored):,}")
    for cell, tier in zip(cells[1:], TIERS, strict=True):
        cell.metric(ui.tier_label(tier, L), f"{counts.get(tier, 0):,}")

    ui.ahp_expander([c.name for c in config.criteria], L)
    st.subheader(t("scoring.ranking", L))
    shown = ui.filter_table(table, province_names, province is not None, L)
    view, column_config = ui.ranked_view(shown, province_names, L)
    st.dataframe(view, column_config=column_config, hide_index=True, height=420, key="scoring_table")
    st.caption(t("scoring.shown", L, shown=f"{len(shown):,}", total=f"{len(table):,}"))

    st.subheader(t("scoring.detail", L))
    options = shown["region_id"].tolist() or table["region_id"].tolist()
    if st.session_state.get("scoring_region") not in options:
        ui.reset_select("scoring_region", options[0])
    rows = table.set_index("region_id")
    picked = ui.select(
        st.selectbox,
        t("scoring.pick_region", L),
        options,
        "scoring_region",
        L,
        lambda r: (
            f"#{rows.at[r, 'rank']} {region_label(rows.at[r, 'name'], rows.at[r, 'name_en'], L)}"
            f" · {ui.tier_label(rows.at[r, 'tier'], L)}"
        ),
    )
    row = table.loc[table["region_id"] == picked].iloc[0]
    feature_row = features.loc[features["region_id"] == picked].iloc[0]
    chart, why = st.columns([3, 2])
    with chart:
        plotly(ui.contributions_chart(row, config, L), key="scoring_contributions")
    with why:
        st.markdown(f"**{t('scoring.why', L)}**")
        st.info(ui.tier_explanation(row, table, config, L))
        missing = ui.missing_criteria(row, config)
        coverage = fmt(row["coverage"], "share", L)
        if missing:
            names = "、".join if L == "zh" else ", ".join
            st.caption(
                t("scoring.renormalised", L, names=names(t(f"scoring.crit.{n}", L) for n in missing), coverage=coverage)
            )
        if row["low_coverage"]:
            st.warning(t("scoring.low_coverage", L, coverage=coverage))
        st.markdown(f"**{t('scoring.chain_title', L)}**")
        st.markdown("\n".join(f"- {line}" for line in ui.capacity_chain(feature_row, L)))

    st.subheader(t("scoring.stability", L))
    st.slider(t("scoring.spread", L), 5, 30, 10, step=5, format="±%d%%", key="scoring_spread")
    st.caption(t("scoring.stability_help", L, spread=f"{spread}%", draws=ui.DRAWS))
    borderline = table[table["borderline"]].sort_values("keep_share")
    st.metric(t("scoring.borderline_count", L), f"{len(borderline):,}")
    if borderline.empty:
        st.success(t("scoring.borderline_none", L))
    else:
        view, column_config = ui.ranked_view(borderline, province_names, L)
        cols = ["rank", "region", "province", "tier", "score", "keep_share", "capacity"]
        st.dataframe(view[cols], column_config=column_config, hide_index=True, key="scoring_borderline")

    st.subheader(t("scoring.sell_in_title", L))
    st.caption(t("scoring.sell_in_help", L, share=fmt(config.sell_in.attainable_share, "share", L)))
    by_tier = sell_in_by_tier(scored)
    st.metric(t("scoring.planned_total", L), fmt(by_tier["planned_units"].iloc[-1], "count", L))
    view, column_config = ui.sell_in_view(by_tier, L)
    st.dataframe(view, column_config=column_config, hide_index=True, key="scoring_sell_in")

    st.subheader(t("scoring.export", L))
    name = f"scores_{level}{'_' + province if province else ''}"
    e1, e2 = st.columns(2)
    e1.download_button(
        t("scoring.export_csv", L), lambda: to_csv_bytes(table), f"{name}.csv", "text/csv", key="scoring_csv"
    )
    e2.download_button(
        t("scoring.export_xlsx", L),
        lambda: to_excel_bytes({"scores": table, "sell_in": by_tier}),
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="scoring_xlsx",
    )
