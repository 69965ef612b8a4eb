"""What the current session looks at: language, data source, level, scope and scenario.

The frame (app.py) builds the `Context` once per run from the sidebar, the URL and the store; every
page reads it with `context()` and passes its values to the cache layer, so that every page of a
session scores the same data with the same scenario over the same scope.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import streamlit as st

from analysis import config
from analysis.access import LOCAL_USER, User
from analysis.i18n import t
from analysis.market import scenarios
from analysis.market.scenarios import Scenario
from ui.cache import DEMO, Source

CONTEXT_KEY = "_context"
DRAFT_KEY = "scenario.draft"  # an edited scenario not saved yet (the Scoring page makes it)


@dataclass(frozen=True)
class Context:
    """One run's view of the data.

    Attributes
    ----------
    lang : {"zh", "en"}
    source : Source
    level : {"province", "city", "county"}
    province : str or None
        The sidebar's province (None = all of China).
    scope : tuple of str
        The provinces tiers and rankings are computed within (empty = all of China).
    scenario : Scenario
        The scenario every score of the session uses (the unsaved draft when there is one).
    scenario_name : str
        The chosen scenario's name (the draft keeps the name it was edited from).
    draft : bool
        Whether `scenario` is an unsaved draft.
    store_location : str
        Where the store is (a directory or a database URL).
    brand : (str, str)
        Our brand's name in Chinese and English (the demo's, or the store's setting).
    user : User
        Who is signed in, with their role and scope (`LOCAL_USER` without sign-in configured).
    """

    lang: str
    source: Source
    level: str
    province: str | None
    scope: tuple[str, ...]
    scenario: Scenario
    scenario_name: str
    draft: bool
    store_location: str
    brand: tuple[str, str] = ("", "")
    user: User = LOCAL_USER


def store_location() -> str:
    """`streamlit run app.py -- --store LOCATION`, else $TERRITORY_ATLAS_STORE, else the default directory."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store")
    known, _ = parser.parse_known_args(sys.argv[1:])
    if known.store:
        return known.store
    return str(config.default_store_location())


def lang() -> str:
    """The session's language ("zh" until the person picks English)."""
    return st.session_state.get("sidebar.lang") or "zh"


def context() -> Context:
    """The current run's context, as the frame set it."""
    found = st.session_state.get(CONTEXT_KEY)
    if found is None:  # a page run outside the frame (AppTest of a single page): the defaults
        return Context("zh", DEMO, "province", None, (), Scenario(), scenarios.DEFAULT_NAME, False, store_location())
    return found


def set_context(ctx: Context) -> None:
    """Make `ctx` the run's context (the frame calls this once per run)."""
    st.session_state[CONTEXT_KEY] = ctx


def scope_label(ctx: Context) -> str:
    """The scope as the reader calls it: 全国 / All of China, or the names of its provinces and cities."""
    if not ctx.scope:
        return t("scope.china", ctx.lang)
    from analysis.geo.boundaries import region_name
    from analysis.i18n import Join

    return Join(region_name(rid, ctx.lang) or rid for rid in ctx.scope).render(ctx.lang)
