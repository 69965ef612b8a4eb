"""Streamlit pieces of the Monthly Summary page: the cached summary and its files, the pickers, cards,
sections, and the editor of the review meeting's actions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import streamlit as st

from analysis.charts import lines
from analysis.charts.style import FORECAST
from analysis.formats import fmt
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market.scenarios import Scenario
from analysis.summary import actions as review
from analysis.summary import tables as tb
from analysis.summary.build import Summary, build_summary, scope_label
from analysis.summary.months import available_months, latest_complete_month, shift
from analysis.summary.promotions import PromotionReview
from ui import cache, state
from ui.context import Context
from ui.safe import literal
from ui.tables import XLSX, chart, table

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SIDEBAR_SEEN = "summary.sidebar_province"


# ------------------------------------------------------------------------------------------- cache


@st.cache_data(show_spinner=False, max_entries=8)
def month_choices(source: cache.Source, today: dt.date) -> tuple[list[str], str | None]:
    """Months with sales (newest first) and the latest complete one."""
    sales = cache.frames(source)["sales"]
    return available_months(sales), latest_complete_month(sales, today)


@st.cache_data(show_spinner=False, max_entries=16)
def summary_for(
    source: cache.Source, month: str, province_id: str | None, scenario: Scenario, today: dt.date
) -> Summary:
    """The month's summary under the session's scenario; cached on its values."""
    frames = cache.frames(source)
    return build_summary(frames, month, province_id, is_demo=source.is_demo, today=today, scenario=scenario)


@st.cache_data(show_spinner=False, max_entries=12)
def report_file(
    source: cache.Source,
    month: str,
    province_id: str | None,
    scenario: Scenario,
    today: dt.date,
    lang: str,
    kind: str,
    scenario_name: str,
) -> bytes:
    """The summary as a file: "xlsx", "pdf" or "pptx" (built when a download button is pressed)."""
    summary = summary_for(source, month, province_id, scenario, today)
    if kind == "pptx":
        from analysis.summary.deck import build_deck

        return build_deck(summary, lang, today=today, scenario=scenario_name)
    if kind == "pdf":
        from analysis.summary.pdf import build_pdf

        return build_pdf(summary, lang, today)
    from analysis.summary.excel import build_excel

    return build_excel(summary, lang)


# ----------------------------------------------------------------------------------------- pickers


def pickers(ctx: Context, months: list[str], latest: str | None) -> tuple[str, str | None]:
    """The month and the scope; the scope follows the sidebar's province whenever that changes."""
    L = ctx.lang
    sidebar = ctx.province or ""
    if state.value(SIDEBAR_SEEN) != sidebar:
        st.session_state[SIDEBAR_SEEN] = sidebar
        state.set_value("summary.scope", sidebar)
    provinces = cache.regions("province")["region_id"].tolist()
    c1, c2 = st.columns(2)
    with c1:
        month = state.widget(
            st.selectbox,
            t("summary.month", L),
            months,
            key="summary.month",
            default=latest,
            help=t("summary.month_help", L),
        )
    with c2:
        scope = state.widget(
            st.selectbox,
            t("summary.scope", L),
            ["", *provinces],
            key="summary.scope",
            default=sidebar,
            format_func=lambda rid: scope_label(rid or None, L),
        )
    return month, scope or None


# ------------------------------------------------------------------------------------------- cards


def _delta(text: str) -> str | None:
    """A card delta, or None (no arrow) when the figure is undefined ("–")."""
    return None if text == "–" else text


def kpi_cards(summary: Summary, lang: str) -> None:
    """A tab per measure, each with two rows of three cards: the month against plan, MoM, YoY; the year
    to date against last year and against plan, and pacing (the same numbers as the reports' KPI table)."""
    k = summary.kpis
    tabs = st.tabs([t(f"summary.measure.{measure}", lang) for measure in ("revenue", "units")])
    for tab, measure in zip(tabs, ("revenue", "units"), strict=True):
        m = k.measure(measure)
        value = lambda v, kind, m=measure: tb.kpi_value(v, kind, m, lang)  # noqa: E731
        change = lambda v, m=measure: fmt(v, "money" if m == "revenue" else "count", lang, signed=True)  # noqa: E731
        card = {"border": True, "height": "stretch"}
        with tab:
            top = st.columns(3)
            top[0].metric(
                t("summary.card.actual", lang),
                value(m.actual, "amount"),
                _delta(fmt(m.attainment - 1, "growth", lang)),
                delta_description=t("summary.delta.vs_plan", lang),
                help=t("summary.help.attainment", lang),
                **card,
            )
            top[1].metric(t("summary.card.mom", lang), value(m.mom, "growth"), _delta(change(m.change_mom)), **card)
            top[2].metric(t("summary.card.yoy", lang), value(m.yoy, "growth"), _delta(change(m.change_yoy)), **card)
            bottom = st.columns(3)
            bottom[0].metric(
                t("summary.card.ytd", lang),
                value(m.ytd, "amount"),
                _delta(fmt(m.ytd_growth, "growth", lang)),
                delta_description=t("summary.delta.vs_last_year", lang),
                **card,
            )
            bottom[1].metric(
                t("summary.card.ytd_attainment", lang),
                value(m.ytd_attainment, "share"),
                _delta(change(m.ytd_gap)),
                delta_description=t("summary.delta.vs_plan", lang),
                **card,
            )
            bottom[2].metric(
                t("summary.card.pacing", lang),
                value(m.pacing, "share"),
                t("summary.delta.days", lang, day=k.days_elapsed, days=k.days_in_month),
                delta_color="off",
                delta_arrow="off",
                help=t("summary.help.pacing", lang),
                **card,
            )


# ------------------------------------------------------------------------------------------ charts


def trend_chart(summary: Summary, lang: str):
    """24 months of revenue against plan, then the forecast and its band (`analysis.charts.lines.monthly`)."""
    trend = tb.trend_table(summary, lang)
    history = trend[trend["revenue"].notna()]
    forecast = None
    if summary.forecast is not None:
        forecast = summary.forecast.values[["month", "forecast", "lower", "upper"]]
    fig = lines.monthly(
        list(history["month"]),
        {
            t("summary.trend.actual", lang): (history["revenue"], lines.ACTUAL_STYLE),
            t("summary.trend.plan", lang): (history["target_revenue"], lines.PLAN_STYLE),
        },
        "money",
        lang,
        axis_label=t("summary.measure.revenue", lang),
        forecast=forecast,
        forecast_name=t("summary.trend.forecast", lang),
        band_name=t("summary.trend.band", lang),
        height=380,
    )
    if forecast is not None and not np.isfinite(forecast[["lower", "upper"]].to_numpy(float)).all():
        for trace in fig.data:  # no band drawn: no band in the legend
            if trace.name == t("summary.trend.band", lang):
                trace.showlegend = False
    return fig


def promotion_chart(review_: PromotionReview, lang: str):
    """A promotion's metric over the months around it, with the baseline and its band."""
    m = review_.months
    band = {"colour": "#f2c49b", "dash": "dot", "markers": False}
    kind = "money" if review_.metric == "revenue" else "count"
    return lines.monthly(
        list(m["month"]),
        {
            t("summary.promo.chart.actual", lang): (m["actual"], lines.ACTUAL_STYLE),
            t("summary.promo.chart.baseline", lang): (m["baseline"], {"colour": FORECAST, "dash": "dash"}),
            t("summary.promo.chart.lower", lang): (m["lower"], band),
            t("summary.promo.chart.upper", lang): (m["upper"], band),
        },
        kind,
        lang,
        axis_label=t(f"summary.promo.metric.{review_.metric}", lang),
        height=300,
    )


# ---------------------------------------------------------------------------------------- sections


def movers_section(summary: Summary, lang: str) -> None:
    """The biggest gains and drops on last year, by amount or by percentage."""
    view = state.widget(
        st.segmented_control,
        t("summary.movers.view", lang),
        ["abs", "pct"],
        key="summary.movers_view",
        default="abs",
        format_func=lambda v: t(f"summary.movers.{v}", lang),
        required=True,
    )
    left, right = st.columns(2)
    for column, group in zip((left, right), (f"gain_{view}", f"loss_{view}"), strict=True):
        with column:
            st.markdown(f"**{t(f'summary.movers.{group}', lang)}**")
            frame = tb.movers_table(summary, lang, groups=(group,))
            if frame.empty:
                st.caption(t("summary.movers.none", lang))
            else:
                table(
                    frame,
                    ["name", "revenue", "revenue_last_year", "revenue_change", "yoy"],
                    lang,
                    key=f"summary.movers.{group}",
                )
    st.caption(t("summary.movers.basis", lang))


def attainment_section(summary: Summary, lang: str) -> None:
    """Every region of the breakdown level against its plan."""
    level = t(f"level.{summary.level}", lang)
    st.markdown(f"**{t('summary.attainment', lang, level=level if lang == 'zh' else level.lower())}**")
    frame = tb.attainment_table(summary, lang)
    columns = ["name", "revenue", "target_revenue", "attainment", "ytd_revenue", "ytd_target", "ytd_attainment", "yoy"]
    table(frame, columns, lang, key="summary.attainment")
    st.caption(t("summary.attainment.all_rows", lang, n=len(frame)))


def changes_section(summary: Summary, lang: str) -> None:
    """Tier migrations and housing-gate changes (or why there are none), distributor classes, flags."""
    changes = summary.changes
    c = changes.counts
    if not changes.scored:
        st.info(changes.scoring_text().render(lang))
    else:
        keys = ("up", "down", "new_whitespace", "enter_hold", "leave_hold", "newly_drying")
        for column, key in zip(st.columns(len(keys)), keys, strict=True):
            column.metric(t(f"summary.changed.{key}", lang), f"{c[key]:,}", border=True)
        st.caption(t("summary.changed.level_note", lang))
    cols = st.columns(4)
    cols[0].metric(t("summary.changed.distributor_up", lang), f"{c['distributor_up']:,}", border=True)
    cols[1].metric(t("summary.changed.distributor_down", lang), f"{c['distributor_down']:,}", border=True)
    for column, key in zip(cols[2:], ("conflict_flags", "price_flags"), strict=True):
        step = c[key] - c[f"{key}_prev"]
        column.metric(
            t(f"summary.changed.{key}", lang),
            f"{c[key]:,}",
            f"{step:+,}" if step else "±0",
            delta_color="inverse" if step else "off",
            delta_arrow="auto" if step else "off",
            delta_description=t("summary.changed.vs_prev", lang),
            border=True,
        )
    st.caption(t("summary.changed.flags_basis", lang))
    if changes.scored:
        migrations = tb.migrations_table(summary, lang)
        with st.expander(f"{t('summary.changed.migrations', lang)} ({len(migrations)})"):
            if migrations.empty:
                st.caption(t("summary.changed.no_migration", lang))
            else:
                table(
                    migrations,
                    ["name", "tier_prev", "tier_now", "tier_move", "new_whitespace", "whitespace_units"],
                    lang,
                    key="summary.migrations",
                )
        gates = tb.gates_table(summary, lang)
        with st.expander(f"{t('summary.changed.gates', lang)} ({len(gates)})"):
            if gates.empty:
                st.caption(t("summary.changed.no_gate_change", lang))
            else:
                table(
                    gates,
                    ["name", "gate_change", "gate_prev", "gate_now", "pipeline_units", "gate_reason"],
                    lang,
                    key="summary.gates",
                    wide=["gate_reason"],
                )
    distributors = tb.distributors_table(summary, lang)
    with st.expander(f"{t('summary.changed.distributors', lang)} ({len(distributors)})"):
        if distributors.empty:
            st.caption(t("summary.changed.no_distributor_change", lang))
        else:
            table(
                distributors,
                ["distributor", "name", "class_prev", "class_now", "class_reason"],
                lang,
                key="summary.distributors",
                wide=["class_reason"],
            )


def quotas_section(summary: Summary, lang: str) -> None:
    """Every distributor seated in the scope against its quota, furthest behind first."""
    frame = tb.quotas_table(summary, lang)
    with st.expander(f"{t('summary.quotas.title', lang)} ({len(frame)})"):
        if frame.empty:
            st.caption(t("summary.quotas.none", lang))
            return
        table(
            frame,
            tb.QUOTA_SHOWN,
            lang,
            key="summary.quotas",
        )
        st.caption(t("summary.quotas.basis", lang))


def promotions_section(summary: Summary, lang: str) -> None:
    """Each finished promotion against its baseline: the verdict, the figures, the chart."""
    if not summary.promotions:
        st.caption(t("summary.promo.none", lang))
        return
    frame = tb.promotions_table(summary, lang)
    table(
        frame,
        [
            "promotion",
            "promotion_metric",
            "promotion_start",
            "promotion_end",
            "promotion_target",
            "promotion_actual",
            "baseline",
            "uplift",
            "uplift_lower",
            "uplift_upper",
            "target_met",
            "dip",
        ],
        lang,
        key="summary.promotions",
    )
    for i, item in enumerate(summary.promotions):
        months = item.start if item.start == item.end else f"{item.start} – {item.end}"
        st.markdown(
            "**"
            + t(
                "summary.promo.heading",
                lang,
                name=literal(item.name),
                months=months,
                metric=t(f"summary.promo.metric.{item.metric}", lang),
            )
            + "**"
        )
        st.write(item.verdict_text().render(lang))
        if item.status == "reviewed":
            chart(promotion_chart(item, lang), key=f"summary.promotion.{i}")
    st.caption(t("summary.promo.method", lang))


# ----------------------------------------------------------------------------------------- actions


def _user() -> str | None:
    """The signed-in person, when the app has sign-in; else the store records the process's user."""
    try:
        if st.user.is_logged_in:
            return st.user.get("email") or st.user.get("name")
    except Exception:  # no sign-in configured
        return None
    return None


def _region_options(scope: str | None, lang: str) -> dict[str, str]:
    regions = cache.regions()
    regions = regions[regions["level"].isin(["province", "city"])].drop_duplicates("region_id")
    if scope:
        regions = regions[regions["province_id"] == scope]
    names = regions["name" if lang == "zh" else "name_en"]
    return {"": "–", **dict(zip(regions["region_id"], names, strict=True))}


def _distributor_options(ctx: Context, scope: str | None) -> dict[str, str]:
    from analysis.geo import boundaries

    distributors = cache.frames(ctx.source)["distributors"]
    if scope and len(distributors):
        distributors = boundaries.within(distributors, (scope,))
    return {
        "": "–",
        **{d: f"{d} · {n}" for d, n in zip(distributors["distributor_id"], distributors["name"], strict=True)},
    }


def actions_section(ctx: Context, summary: Summary) -> None:
    """The actions this review goes through (overdue first) and, on stored data, the editor that records
    this meeting's decisions and updates statuses (a new version of the actions, audited)."""
    L = ctx.lang
    st.caption(t("summary.actions.caption", L))
    listed = tb.actions_table(summary, L)
    if ctx.source.is_demo:
        if listed.empty:
            st.caption(t("summary.actions.none", L))
        else:
            table(
                listed,
                [
                    "action_group",
                    "action_id",
                    "action_what",
                    "action_owner",
                    "action_due",
                    "name",
                    "distributor_id",
                    "action_status",
                ],
                L,
                key="summary.actions",
                wide=["action_what"],
            )
        st.info(t("summary.actions.demo", L), icon=":material/lock:")
        return
    before = summary.actions[review.COLUMNS]
    regions, distributors = _region_options(summary.scope_id, L), _distributor_options(ctx, summary.scope_id)
    dues = [shift(summary.month, k) for k in range(0, 13)]
    dues = ["", *sorted(set(dues) | set(before["due"]) - {""})]
    groups = dict(zip(summary.actions["action_id"], listed["action_group"], strict=True))
    shown = before.assign(action_group=before["action_id"].map(groups))
    column = st.column_config
    config = {
        "action_group": column.TextColumn(t("field.action_group", L), disabled=True),
        "action_id": column.TextColumn(t("field.action_id", L), disabled=True),
        "month": column.TextColumn(t("field.action_month", L), disabled=True),
        "what": column.TextColumn(t("field.action_what", L), width="large"),
        "owner": column.TextColumn(t("field.action_owner", L)),
        "due": column.SelectboxColumn(t("field.action_due", L), options=dues),
        "region_id": column.SelectboxColumn(
            t("field.name", L), options=list(regions), format_func=regions.get, help=t("summary.actions.region_help", L)
        ),
        "distributor_id": column.SelectboxColumn(
            t("field.distributor", L),
            options=list(distributors),
            format_func=distributors.get,
            help=t("summary.actions.distributor_help", L),
        ),
        "status": column.SelectboxColumn(
            t("field.action_status", L),
            options=list(review.ACTION_STATUS),
            default="open",
            format_func=lambda s: t(f"summary.actions.status.{s}", L),
            required=True,
        ),
    }
    order = ["action_group", "action_id", "month", "what", "owner", "due", "region_id", "distributor_id", "status"]
    version = ctx.source.version("actions") or 0
    with st.form(f"summary.actions_form.{summary.month}.{summary.scope_id or 'CN'}.{version}"):
        st.markdown(f"**{t('summary.actions.edit', L)}**")
        st.caption(t("summary.actions.edit_help", L))
        edited = st.data_editor(
            shown[order],
            column_config=config,
            column_order=order,
            hide_index=True,
            num_rows="add",
            width="stretch",
            key=f"summary.actions_editor.{summary.month}.{version}",
        )
        saved = st.form_submit_button(t("summary.actions.save", L), icon=":material/save:", type="primary")
    notice = st.session_state.pop("summary.actions_saved", None)
    if notice:
        st.success(notice, icon=":material/check:")
    if not saved:
        return
    existing = cache.frames(ctx.source)["actions"]["action_id"]
    rows, problems = review.changes_to_save(before, edited.drop(columns="action_group"), summary.month, existing)
    if problems:
        for p in problems:
            st.error(t(f"summary.actions.problem.{p.code}", L, row=p.row, value=literal(p.value)))
        return
    if rows.empty:
        st.info(t("summary.actions.nothing", L))
        return
    info = Store(ctx.store_location).write(
        "actions", rows, mode="update", source="app", user=_user(), note=f"review {summary.month}"
    )
    st.session_state["summary.actions_saved"] = t("summary.actions.saved", L, n=len(rows), version=info.version)
    st.rerun()


# --------------------------------------------------------------------------------------- downloads


def downloads(ctx: Context, summary: Summary, today: dt.date) -> None:
    """Excel, PDF and the meeting deck, each built when its button is pressed."""
    L = ctx.lang
    stem = f"summary_{summary.month}_{summary.scope_id or 'CN'}_{L}"
    args = (ctx.source, summary.month, summary.scope_id, ctx.scenario, today, L)
    buttons = (
        ("xlsx", "summary.download.excel", XLSX, ":material/table_view:"),
        ("pdf", "summary.download.pdf", "application/pdf", ":material/picture_as_pdf:"),
        ("pptx", "summary.download.deck", PPTX, ":material/co_present:"),
    )
    for column, (kind, label, mime, icon) in zip(st.columns([1, 1, 1.4, 1]), buttons, strict=False):
        column.download_button(
            t(label, L),
            data=lambda kind=kind: report_file(*args, kind, ctx.scenario_name),
            file_name=f"{stem}.{kind}",
            mime=mime,
            icon=icon,
            on_click="ignore",
            key=f"summary.download.{kind}",
        )
