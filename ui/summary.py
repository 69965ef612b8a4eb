"""Streamlit helpers of the Monthly Summary page: cached summary, remembered pickers, cards and tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from analysis.formats import fmt
from analysis.i18n import LANGS, region_label, t
from analysis.summary.build import Summary, available_months, build_summary, latest_complete_month, signed_amount
from analysis.summary.report import attainment_colour
from ui.common import Dataset, lang


@st.cache_data(show_spinner=False, max_entries=8)
def month_choices(_dataset: Dataset, key: tuple, today: dt.date) -> tuple[list[str], str | None]:
    """Months with sales (newest first) and the latest complete one."""
    sales = _dataset.frames["sales"]
    return available_months(sales), latest_complete_month(sales, today)


@st.cache_data(show_spinner=False, max_entries=16)
def summary_for(_dataset: Dataset, key: tuple, month: str, province_id: str | None, today: dt.date) -> Summary:
    """The month's summary; cached on the dataset key, month, scope and day."""
    return build_summary(_dataset.frames, month, province_id, is_demo=_dataset.is_demo, today=today)


def remembered_select(
    label: str,
    options: Sequence,
    name: str,
    default,
    format_func: Callable = str,
    *,
    reset: bool = False,
    help_text: str | None = None,
):
    """A selectbox whose language-free value (``st.session_state[name]``) survives a language switch.

    The label changes with the language, so each language has its own widget (key ``name_<lang>``),
    started from the remembered value; `reset` forgets the choice and starts again from `default`.
    """
    if reset:
        for code in LANGS:
            st.session_state.pop(f"{name}_{code}", None)
        st.session_state[name] = default
    current = st.session_state.get(name, default)
    if current not in options:
        current = default if default in options else options[0]
    value = st.selectbox(
        label,
        options,
        index=list(options).index(current),
        format_func=format_func,
        key=f"{name}_{lang()}",
        help=help_text,
    )
    st.session_state[name] = value
    return value


def sidebar_province_changed() -> bool:
    """True when the sidebar's province filter changed since the page last looked."""
    sidebar = st.session_state.get("province") or ""
    changed = st.session_state.get("summary_sidebar_province") != sidebar
    st.session_state["summary_sidebar_province"] = sidebar
    return changed


def _delta(text: str) -> str | None:
    """A card delta, or None (no arrow) when the figure is undefined ("–")."""
    return None if text == "–" else text


def _amount(value: float, measure: str, lang: str) -> str:
    return fmt(value, "money", lang) if measure == "revenue" else fmt(value, "count", lang)


def kpi_cards(summary: Summary, lang: str) -> None:
    """A tab per measure (revenue, units), each with two rows of three cards: the month against plan,
    MoM, YoY; the year to date against last year and against plan, and pacing."""
    k = summary.kpis
    tabs = st.tabs([t(f"summary.measure.{measure}", lang) for measure in ("revenue", "units")])
    for tab, measure in zip(tabs, ("revenue", "units"), strict=True):
        m = k.measure(measure)
        card = {"border": True, "height": "stretch"}
        with tab:
            top = st.columns(3)
            top[0].metric(
                t("summary.card.actual", lang),
                _amount(m.actual, measure, lang),
                _delta(fmt(m.attainment - 1, "growth", lang)),
                delta_description=t("summary.delta.vs_plan", lang),
                help=t("summary.help.attainment", lang),
                **card,
            )
            top[1].metric(
                t("summary.card.mom", lang),
                fmt(m.mom, "growth", lang),
                _delta(signed_amount(m.change_mom, measure, lang)),
                **card,
            )
            top[2].metric(
                t("summary.card.yoy", lang),
                fmt(m.yoy, "growth", lang),
                _delta(signed_amount(m.change_yoy, measure, lang)),
                **card,
            )
            bottom = st.columns(3)
            bottom[0].metric(
                t("summary.card.ytd", lang),
                _amount(m.ytd, measure, lang),
                _delta(fmt(m.ytd_growth, "growth", lang)),
                delta_description=t("summary.delta.vs_last_year", lang),
                **card,
            )
            bottom[1].metric(
                t("summary.card.ytd_attainment", lang),
                fmt(m.ytd_attainment, "share", lang),
                _delta(signed_amount(m.ytd_gap, measure, lang)),
                delta_description=t("summary.delta.vs_plan", lang),
                **card,
            )
            bottom[2].metric(
                t("summary.card.pacing", lang),
                fmt(m.pacing, "share", lang),
                t("summary.delta.days", lang, day=k.days_elapsed, days=k.days_in_month),
                delta_color="off",
                delta_arrow="off",
                help=t("summary.help.pacing", lang),
                **card,
            )


def movers_frame(summary: Summary, group: str, lang: str) -> pd.DataFrame:
    """One movers group with formatted values and readable headers."""
    m = summary.movers[summary.movers["group"] == group]
    return pd.DataFrame(
        {
            t("summary.col.region", lang): [
                region_label(n, e, lang) for n, e in zip(m["name"], m["name_en"], strict=True)
            ],
            t("summary.col.value", lang): [fmt(v, "money", lang) for v in m["value"]],
            t("summary.col.base", lang): [fmt(v, "money", lang) for v in m["base"]],
            t("summary.col.change", lang): [signed_amount(v, "revenue", lang) for v in m["change"]],
            t("summary.col.change_pct", lang): [fmt(v, "growth", lang) for v in m["change_pct"]],
        }
    )


def movers_section(summary: Summary, lang: str) -> None:
    view = st.segmented_control(
        t("summary.movers.view", lang),
        ["abs", "pct"],
        default="abs",
        format_func=lambda v: t(f"summary.movers.{v}", lang),
        key=f"summary_movers_view_{lang}",
        required=True,
    )
    left, right = st.columns(2)
    for column, group in zip((left, right), (f"gain_{view}", f"loss_{view}"), strict=True):
        with column:
            st.markdown(f"**{t(f'summary.movers.{group}', lang)}**")
            frame = movers_frame(summary, group, lang)
            if frame.empty:
                st.caption(t("summary.movers.none", lang))
            else:
                st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(t("summary.movers.basis", lang))


def attainment_styler(summary: Summary, lang: str):
    """The attainment table as a Styler: formatted numbers, attainment cells coloured by band."""
    a = summary.attainment
    att, ytd_att = t("summary.col.attainment", lang), t("summary.col.ytd_attainment", lang)
    view = pd.DataFrame(
        {
            t("summary.col.region", lang): [
                region_label(n, e, lang) for n, e in zip(a["name"], a["name_en"], strict=True)
            ],
            t("summary.col.revenue", lang): [fmt(v, "money", lang) for v in a["revenue"]],
            t("summary.col.target_revenue", lang): [fmt(v, "money", lang) for v in a["target_revenue"]],
            att: a["attainment"].to_numpy(dtype=float),
            t("summary.col.ytd_revenue", lang): [fmt(v, "money", lang) for v in a["ytd_revenue"]],
            ytd_att: a["ytd_attainment"].to_numpy(dtype=float),
            t("summary.col.yoy", lang): a["yoy"].to_numpy(dtype=float),
        }
    )

    def colour(value: float) -> str:
        band = attainment_colour(value)
        return f"background-color: {band}; color: #1a1a1a" if band else ""

    percent = lambda v: fmt(v, "share", lang)  # noqa: E731
    return (
        view.style.format(
            {att: percent, ytd_att: percent, t("summary.col.yoy", lang): lambda v: fmt(v, "growth", lang)}
        )
        .map(colour, subset=[att, ytd_att])
        .hide(axis="index")
    )


def changes_section(summary: Summary, lang: str) -> None:
    """Tier migrations (or why there are none), distributor classes, territory and price flags."""
    changes = summary.changes
    c = changes.counts
    if changes.migrations is None:
        st.info(changes.scoring_text(lang))
    else:
        cols = st.columns(5)
        for column, key in zip(cols, ("up", "down", "enter_hold", "leave_hold", "new_whitespace"), strict=True):
            column.metric(t(f"summary.changed.{key}", lang), f"{c[key]:,}", border=True)
        st.caption(t("summary.changed.level_note", lang))
    cols = st.columns(4)
    cols[0].metric(t("summary.changed.distributor_up", lang), f"{c['distributor_up']:,}", border=True)
    cols[1].metric(t("summary.changed.distributor_down", lang), f"{c['distributor_down']:,}", border=True)
    for column, key in zip(cols[2:], ("conflict_flags", "price_flags"), strict=True):
        change = c[key] - c[f"{key}_prev"]
        column.metric(
            t(f"summary.changed.{key}", lang),
            f"{c[key]:,}",
            f"{change:+,}" if change else "±0",
            delta_color="inverse" if change else "off",  # more flags is worse
            delta_arrow="auto" if change else "off",
            delta_description=t("summary.changed.vs_prev", lang),
            border=True,
        )
    if changes.migrations is not None and len(changes.migrations):
        with st.expander(f"{t('summary.changed.migrations', lang)} ({len(changes.migrations)})"):
            m = changes.migrations
            st.dataframe(
                pd.DataFrame(
                    {
                        t("summary.col.region", lang): [
                            region_label(n, e, lang) for n, e in zip(m["name"], m["name_en"], strict=True)
                        ],
                        t("summary.col.tier_prev", lang): m["tier_prev"],
                        t("summary.col.tier_now", lang): m["tier_now"],
                        t("summary.col.move", lang): [t(f"summary.changed.{v}", lang) if v else "" for v in m["move"]],
                        t("summary.col.hold", lang): [
                            t(f"summary.changed.{v}_hold", lang) if v else "" for v in m["hold"]
                        ],
                        t("summary.col.new_whitespace", lang): m["new_whitespace"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    d = changes.distributors
    with st.expander(f"{t('summary.changed.distributors', lang)} ({len(d)})"):
        if d.empty:
            st.caption(t("summary.changed.no_distributor_change", lang))
        else:
            st.dataframe(d, hide_index=True, width="stretch")
