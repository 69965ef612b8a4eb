"""The one cache layer: every expensive result, keyed by the values it depends on.

Keys are plain values — the data source with its store versions, the level, the scenario (or just
the market part of it that features depend on), the scope — never hand-built tuples, so that a new
import (a new version), a weight step or another scope each reach exactly the results they change,
and every session and every app server sharing the store sees the same thing. Results shared by all
sessions and read-only (the dataset, the geometry) use `st.cache_resource`; everything a page might
touch uses `st.cache_data`, which hands each caller its own copy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.access import visible
from analysis.geo import boundaries
from analysis.io.levels import level_accounting
from analysis.io.store import Store
from analysis.market.features import build_features, build_features_sql
from analysis.market.scenarios import Market, Scenario
from analysis.market.scoring import score_regions, stability
from analysis.schemas import KINDS


@dataclass(frozen=True)
class Source:
    """Where a session's data comes from: the built-in demo, or a store at its current versions.

    The versions are part of the value: after an import the source is a different one, so nothing
    computed from the old data is served for it. So is the user's territory scope: a user limited to
    some provinces or cities gets a source of their own, whose rows never leave that scope.
    """

    kind: str  # "demo" | "store"
    location: str = ""
    versions: tuple[tuple[str, int], ...] = ()
    scope: tuple[str, ...] = ()  # what the signed-in user may see (province or city adcodes; () = all)

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"

    @property
    def dataset(self) -> str:
        """The shortlist's dataset name: "demo" or "store"."""
        return self.kind

    def version(self, kind: str) -> int | None:
        """The current version of `kind` in the store (None for the demo or a kind never imported)."""
        return dict(self.versions).get(kind)


DEMO = Source("demo")


@st.cache_resource(show_spinner=False, max_entries=4)
def frames(source: Source) -> dict[str, pd.DataFrame]:
    """Every kind's current rows inside the source's scope (read-only, shared by all sessions with
    that source: never modify them)."""
    if source.scope:
        return visible(frames(dataclasses.replace(source, scope=())), source.scope)
    if source.is_demo:
        from analysis.demo import generate_demo

        return generate_demo()
    return Store(source.location).read_all()


@st.cache_data(show_spinner=False, max_entries=12)
def sales_levels(source: Source, level: str) -> pd.DataFrame:
    """How the source's sales rows of each region level enter `level` figures (`analysis.io.levels`)."""
    sales = frames(source).get("sales")
    if sales is None or sales.empty:
        return pd.DataFrame(columns=["level", "rows", "units", "revenue", "use"])
    return level_accounting(sales[[c for c in ("region_id", "units", "revenue") if c in sales]], level)


@st.cache_resource(show_spinner=False)
def regions(level: str | None = None) -> pd.DataFrame:
    """The region table, or one level's rows (read-only, shared)."""
    return boundaries.load_regions(level)


@st.cache_data(show_spinner=False, max_entries=24)
def features(source: Source, level: str, market: Market, scope: tuple[str, ...]) -> pd.DataFrame:
    """Region features of `level` inside `scope` (province or city ids; the source's scope when empty)."""
    scope = scope or source.scope
    if source.is_demo:
        return build_features(frames(source), level, market, scope or None)
    return build_features_sql(Store(source.location), level, market, scope or None)


@st.cache_data(show_spinner=False, max_entries=48)
def scored(source: Source, level: str, scenario: Scenario, scope: tuple[str, ...]) -> pd.DataFrame:
    """The scored table of `level` inside `scope`: every feature column, the scores and tiers, and the
    region points for the maps; in rank order."""
    table = features(source, level, scenario.market, scope)
    scores = score_regions(table, scenario)
    extra = [c for c in scores.columns if c not in table.columns or c == "region_id"]
    points = boundaries.load_regions(level)[["region_id", "lon", "lat", "city_id"]]
    return scores[extra].merge(table, on="region_id", how="left").merge(points, on="region_id", how="left")


@st.cache_data(show_spinner=False, max_entries=8)
def scored_as_of(source: Source, level: str, scenario: Scenario, scope: tuple[str, ...], month: str) -> pd.DataFrame:
    """The scored table as the data stood at the end of `month` (sales and plan after it left out)."""
    from analysis.summary.build import score_month

    return score_month(frames(source), month, level, scenario, scope or None)


@st.cache_data(show_spinner=False, max_entries=16)
def tier_stability(source: Source, level: str, scenario: Scenario, scope: tuple[str, ...], spread: float):
    """Share of weight perturbations in which each region keeps its tier."""
    return stability(features(source, level, scenario.market, scope), scenario, draws=200, spread=spread, seed=0)


def store_versions(location: str) -> tuple[tuple[str, int], ...]:
    """The store's current versions as a cache-key value (one small query per run)."""
    store = Store(location)
    return tuple(sorted(store.current_versions().items())) if store.exists() else ()


def has_data(source: Source) -> bool:
    """Whether the source holds any row of the kinds the market pages read."""
    if source.is_demo:
        return True
    return any(kind in dict(source.versions) for kind in KINDS)
