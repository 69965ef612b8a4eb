"""What every page says before its figures: the title, demo data, the scope, the scenario, missing inputs."""

from __future__ import annotations

import streamlit as st

from analysis.i18n import t
from analysis.io.levels import accounting_texts
from analysis.market.inputs import missing_inputs
from ui import cache
from ui.context import Context, scope_label
from ui.safe import literal


def header(ctx: Context, title_key: str, caption_key: str | None = None) -> None:
    """The page title, its one-line purpose, and the demo-data badge when the demo is shown."""
    st.title(t(title_key, ctx.lang))
    if caption_key:
        st.caption(t(caption_key, ctx.lang))
    if ctx.source.is_demo:
        st.caption(f":material/science: {t('dataset.demo_badge', ctx.lang)}")


def scope(ctx: Context, level: str, regions: int) -> None:
    """Where the page's figures come from: the scope, the level, how many regions, the scenario."""
    st.caption(
        t(
            "notes.scope",
            ctx.lang,
            scope=scope_label(ctx),
            level=t(f"level.{level}", ctx.lang),
            n=f"{regions:,}",
            scenario=_scenario(ctx),
        )
    )


def _scenario(ctx: Context) -> str:
    from ui.frame import _scenario_label

    name = literal(_scenario_label(ctx.scenario_name, ctx.lang))  # a saved scenario's name is typed or uploaded
    return t("notes.draft", ctx.lang, name=name) if ctx.draft else name


def levels(ctx: Context, level: str) -> None:
    """Sales rows of a coarser level than `level` are in no figure of it: say how many, and how much."""
    accounting = cache.sales_levels(ctx.source, level)
    for text in accounting_texts(accounting[accounting["use"] == "not_scored"], level):
        st.warning(text.render(ctx.lang), icon=":material/warning:")


def inputs(ctx: Context, features) -> None:
    """Which inputs are missing for the scope (nothing when every input is there)."""
    for text in missing_inputs(features):
        st.info(text.render(ctx.lang), icon=":material/info:")
