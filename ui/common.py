"""The only Streamlit-aware helpers: cached loaders, the shared sidebar state, chart output."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import config
from analysis.demo import generate_demo
from analysis.geo import boundaries
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market.features import build_features
from analysis.market.scoring import ScoringConfig, score_regions

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
    return boundaries.load_regions()


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


FRAME_MARK = "_frame_ran"


def require_frame() -> None:
    """Make a deep link (say /map as the server's very first request) run through app.py.

    Streamlit 1.67 decides per server process, from the existence of `pages/`, that the app
    uses the old pages-directory routing until some run calls `st.navigation`; a first
    request for /map then runs pages/map.py on its own, without the sidebar or page config.
    Each page calls this first: when the frame has never run in this session, it switches
    the routing to `st.navigation` and reruns, so app.py builds the frame and opens the page.
    (AppTest resets that routing flag before every run; there the frame has already run once,
    and rerunning would drop the widget events of the run, so nothing is done.)
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(FRAME_MARK):
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(show_spinner=False, max_entries=6)
def scored_table(_dataset: Dataset, dataset_key: tuple, level: str) -> pd.DataFrame:
    """Features and scores of every region of `level` in China, with names and points.

    Cached on `dataset_key` (demo flag and store versions): the frames themselves are large.
    """
    features = build_features(_dataset.frames, level)
    scored = score_regions(features, ScoringConfig())
    extra = [c for c in scored.columns if c not in features.columns or c == "region_id"]
    table = features.merge(scored[extra], on="region_id", how="left")
    points = boundaries.load_regions(level)[["region_id", "lon", "lat"]]
    return table.drop(columns=["lon", "lat"], errors="ignore").merge(points, on="region_id", how="left")


def dataset_key(dataset: Dataset) -> tuple:
    return ("demo",) if dataset.is_demo else ("store", *sorted(dataset.versions.items()))


def scoped_table(dataset: Dataset) -> tuple[pd.DataFrame, str, str | None]:
    """The scored table at the sidebar's level, limited to the sidebar's province; with the
    level and the province id."""
    level = st.session_state.get("level", SIDEBAR_DEFAULTS["level"])
    province = st.session_state.get("province") or None
    table = scored_table(dataset, dataset_key(dataset), level)
    if province:
        table = table[table["province_id"] == province]
    return table.reset_index(drop=True), level, province


def market_scope(dataset: Dataset) -> tuple[pd.DataFrame, str, str | None, pd.Index]:
    """The sidebar's scope for a market page, stated under the title: the scored table, the
    level, the province (or None) and the county ids inside the scope."""
    from analysis.market.competition import counties_of

    table, level, province = scoped_table(dataset)
    L = lang()
    st.caption(t("comp.scope", L, scope=scope_label(province), level=t(f"level.{level}", L), n=f"{len(table):,}"))
    return table, level, province, counties_of(table["region_id"], level)


def scope_label(province: str | None) -> str:
    if not province:
        return t("scope.china", lang())
    row = region_names().query("level == 'province' and region_id == @province").iloc[0]
    return row["name"] if lang() == "zh" else row["name_en"]


def region_names_column(frame: pd.DataFrame) -> pd.Series:
    """The display name of each row in the current language."""
    return frame["name"] if lang() == "zh" else frame["name_en"]
