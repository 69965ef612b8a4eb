"""The only Streamlit-aware helpers: cached loaders, the shared sidebar state, chart output."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import config, geo
from analysis.demo import generate_demo
from analysis.i18n import t
from analysis.store import Store

PLOTLY_CONFIG = {"topojsonURL": config.TOPOJSON_URL, "displaylogo": False, "scrollZoom": False}


def store_dir() -> Path:
    """`streamlit run app.py -- --store DIR`, else $TERRITORY_ATLAS_STORE, else the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store", type=Path)
    known, _ = parser.parse_known_args(sys.argv[1:])
    return known.store or config.default_store_dir()


@st.cache_resource(show_spinner=False)
def demo_dataset() -> dict[str, pd.DataFrame]:
    """The built-in demo data, generated once per server process (read-only, shared)."""
    return generate_demo()


@st.cache_data(show_spinner=False, max_entries=4)
def stored_dataset(directory: str, versions: tuple[tuple[str, int], ...]) -> dict[str, pd.DataFrame]:
    """Current versions from the store; `versions` is the cache key, so a new import reloads."""
    return Store(directory).read_all()


@st.cache_data(show_spinner=False)
def region_names() -> pd.DataFrame:
    return geo.load_regions()


@dataclass(frozen=True)
class Dataset:
    frames: dict[str, pd.DataFrame]
    is_demo: bool
    versions: dict[str, int]


SIDEBAR_DEFAULTS = {"dataset": "demo", "level": "province", "province": ""}


def lang() -> str:
    return st.session_state.get("lang") or "zh"


def sidebar_choice(widget, name: str, options: tuple[str, ...], format_func, **kwargs) -> str:
    """A sidebar choice whose value survives a language switch.

    The widget's label and option texts change with the language, which makes Streamlit
    treat it as a new widget; so each language gets its own widget (key `name_<lang>`),
    started from the language-free value kept in `st.session_state[name]`.
    """
    current = st.session_state.get(name, SIDEBAR_DEFAULTS[name])
    value = widget(
        t(f"sidebar.{name}", lang()),
        options,
        index=options.index(current) if current in options else 0,
        format_func=format_func,
        key=f"{name}_{lang()}",
        **kwargs,
    )
    st.session_state[name] = value
    return value


def current_dataset() -> Dataset:
    """The dataset chosen in the sidebar; falls back to the demo when the store is empty."""
    if st.session_state.get("dataset", SIDEBAR_DEFAULTS["dataset"]) == "store":
        store = Store(store_dir())
        versions = store.current_versions() if store.exists() else {}
        if versions:
            key = tuple(sorted(versions.items()))
            return Dataset(stored_dataset(str(store.directory), key), False, versions)
        st.info(t("dataset.store_empty", lang()))
    return Dataset(demo_dataset(), True, {})


def demo_badge(dataset: Dataset) -> None:
    if dataset.is_demo:
        st.caption(f":material/science: {t('dataset.demo_badge', lang())}")


def plotly(fig, key: str) -> None:
    """Render a figure with the local topojson stub, so geo maps never reach for a CDN."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch")
