"""Streamlit helpers of the Distributors page: the weights panel, cached inputs and the tables' views."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.distributors import flags as dist
from analysis.formats import fmt
from analysis.i18n import t
from analysis.io.store import Store
from analysis.methods.mcda import CR_ACCEPT, AHPResult
from analysis.schemas import STATUS_DISTRIBUTOR
from ui.common import Dataset, region_names, store_dir

K = "dist_"  # prefix of every widget key on the page
SAATY = tuple(f"1/{n}" for n in range(9, 1, -1)) + tuple(str(n) for n in range(1, 10))
WINDOWS = (1, 3, 6, 12)
DEFAULT_JUDGEMENTS = {
    f"ahp_{a}_{b}": dist.format_judgement(v) for (a, b), v in zip(dist.AHP_PAIRS, dist.DEFAULT_AHP_UPPER, strict=True)
}


def _widget(widget, name: str, lang: str, default, *args, **kwargs):
    """A widget whose value survives a language switch and a page switch.

    Its label and option texts change with the language, which makes Streamlit treat it as a new
    widget; so each language gets its own key (`dist_<name>_<lang>`), started from the
    language-free value kept in `dist_<name>` (which Streamlit does not clear on a page switch).
    """
    key = f"{K}{name}_{lang}"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(f"{K}{name}", default)
    value = widget(*args, key=key, **kwargs)
    st.session_state[f"{K}{name}"] = value
    return value


def _reset_judgements(lang: str) -> None:
    for name, value in DEFAULT_JUDGEMENTS.items():
        st.session_state[f"{K}{name}"] = st.session_state[f"{K}{name}_{lang}"] = value


def crit(name: str, lang: str) -> str:
    return t(f"distributors.crit.{name}", lang)


def weights_panel(lang: str) -> tuple[dict[str, float], AHPResult | None]:
    """Weights by hand (five sliders) or by AHP (the upper triangle of pairwise judgements)."""
    mode = _widget(
        st.radio,
        "mode",
        lang,
        "ahp",
        t("distributors.weights.mode", lang),
        ("ahp", "hand"),
        format_func=lambda m: t(f"distributors.weights.{m}", lang),
        horizontal=True,
    )
    result = None
    if mode == "hand":
        raw = {}
        for column, name in zip(st.columns(len(dist.CRITERIA)), dist.CRITERIA, strict=True):
            with column:
                raw[name] = _widget(st.slider, f"w_{name}", lang, 20, crit(name, lang), 0, 100)
        if not any(raw.values()):
            st.warning(t("distributors.weights.zero", lang))
            raw = dict.fromkeys(dist.CRITERIA, 1)
        weights = dist.criterion_weights(raw)
    else:
        result = dist.ahp(_ahp_triangle(lang))
        weights = dist.criterion_weights(result)
    cells = st.columns(len(dist.CRITERIA) + (1 if result else 0))
    for cell, name in zip(cells, dist.CRITERIA, strict=False):
        cell.metric(crit(name, lang), fmt(weights.get(name, 0.0), "share", lang))
    if result is not None:
        cells[-1].metric(t("distributors.ahp.cr", lang), f"{result.cr:.3f}")
        if result.cr >= CR_ACCEPT:
            st.warning(t("distributors.ahp.warning", lang, cr=f"{result.cr:.3f}"))
        else:
            st.caption(f"{t('distributors.ahp.ok', lang)} λmax = {result.lambda_max:.3f}")
    return weights, result


def _ahp_triangle(lang: str) -> list[float]:
    """The ten judgements as an upper-triangle grid of selects on Saaty's scale."""
    st.caption(t("distributors.ahp.help", lang))
    names = dist.CRITERIA
    header = st.columns(len(names))
    for cell, name in zip(header[1:], names[1:], strict=True):
        cell.markdown(f"**{crit(name, lang)}**")
    judgements = []
    for i, row in enumerate(names[:-1]):
        cells = st.columns(len(names))
        cells[0].markdown(f"**{crit(row, lang)}**")
        for col in names[i + 1 :]:
            name = f"ahp_{row}_{col}"
            label = t("distributors.ahp.cell", lang, row=crit(row, lang), col=crit(col, lang))
            with cells[names.index(col)]:
                value = _widget(
                    st.selectbox, name, lang, DEFAULT_JUDGEMENTS[name], label, SAATY, label_visibility="collapsed"
                )
            judgements.append(dist.parse_judgement(value))
    st.button(
        t("distributors.ahp.reset", lang),
        on_click=_reset_judgements,
        args=(lang,),
        key=f"{K}ahp_reset",
        type="tertiary",
    )
    return judgements


def band_input(lang: str, periods: int) -> float:
    """The hysteresis band in percentage points, with what it can act on."""
    band = _widget(
        st.slider,
        "band",
        lang,
        0,
        t("distributors.band", lang),
        0,
        10,
        format=t("distributors.band_format", lang),
        help=t("distributors.band_help", lang),
    )
    if periods > 1:
        st.caption(t("distributors.band.history", lang, n=periods))
    else:
        st.caption(t("distributors.band.no_history", lang))
    return band / 100


def status_filter(lang: str) -> list[str]:
    return _widget(
        st.multiselect,
        "status",
        lang,
        [],
        t("distributors.filter_status", lang),
        list(STATUS_DISTRIBUTOR),
        format_func=lambda s: t(f"distributors.status.{s}", lang),
        placeholder=t("distributors.filter_all", lang),
    )


def window_input(lang: str) -> int:
    return _widget(
        st.selectbox,
        "window",
        lang,
        3,
        t("distributors.window", lang),
        WINDOWS,
        format_func=lambda n: t("distributors.window.option", lang, n=n),
    )


@st.cache_data(show_spinner=False, max_entries=4)
def snapshots(_dataset: Dataset, key: tuple) -> list[pd.DataFrame]:
    """The distributors of every stored version up to the current one, oldest first (the demo has one)."""
    if _dataset.is_demo:
        return [_dataset.frames["distributors"]]
    store = Store(store_dir())
    current = _dataset.versions.get("distributors")
    if current is None:
        return [_dataset.frames["distributors"]]
    versions = sorted(v for v in store.versions("distributors")["version"] if v <= current)
    return [store.read("distributors", int(v)) for v in versions]


@st.cache_data(show_spinner=False, max_entries=16)
def price_table(_sales: pd.DataFrame, key: tuple, floors: dict[str, float], months: int, lang: str) -> pd.DataFrame:
    """Price flags, cached on the dataset `key`, the floors, the window and the language."""
    return dist.price_flags_from_sales(_sales, floors, months, lang=lang)


def county_names(lang: str) -> dict[str, str]:
    counties = region_names().query("level == 'county'")
    return dict(zip(counties["region_id"], counties["name" if lang == "zh" else "name_en"], strict=True))


def province_names(lang: str) -> dict[str, str]:
    provinces = region_names().query("level == 'province'")
    return dict(zip(provinces["region_id"], provinces["name" if lang == "zh" else "name_en"], strict=True))


def class_label(value, lang: str) -> str:
    return t(f"distributors.class.{value}", lang) if isinstance(value, str) else "–"


def class_metrics(table: pd.DataFrame, lang: str) -> None:
    counts = dist.class_counts(table)
    for cell, (cls, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        cell.metric(class_label(cls, lang), f"{n:,}")


def scorecard_view(table: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """The scorecard for st.dataframe (labels in `lang`) and its column config."""
    counties, provinces = county_names(lang), province_names(lang)
    view = pd.DataFrame(
        {
            "rank": table["rank"],
            "name": table["name"],
            "seat": table["region_id"].map(counties),
            "province": dist.province_of(table["region_id"]).map(provinces),
            "status": [t(f"distributors.status.{s}", lang) if isinstance(s, str) else "–" for s in table["status"]],
            "score": table["score"],
            "class": [class_label(c, lang) for c in table["class"]],
            "rule": table["explanation"],
            "range": table["range_coverage"],
            "ordered": table["ordered_months_last_3"],
            **{c: table[c] for c in dist.CRITERIA},
            "source": [t(f"distributors.source.{s}", lang) if isinstance(s, str) else "–" for s in table["source"]],
            "id": table["distributor_id"],
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("distributors.col.rank", lang), format="%d"),
        "id": t("distributors.col.id", lang),
        "name": t("distributors.col.name", lang),
        "seat": t("distributors.col.seat", lang),
        "province": t("distributors.col.province", lang),
        "status": t("distributors.col.status", lang),
        "source": t("distributors.col.source", lang),
        **{c: number(crit(c, lang), format="%d") for c in dist.CRITERIA},
        "score": st.column_config.ProgressColumn(
            t("distributors.col.score", lang), format="%.2f", min_value=1.0, max_value=5.0
        ),
        "class": t("distributors.col.class", lang),
        "range": number(t("distributors.col.range", lang), format="percent"),
        "ordered": number(t("distributors.col.ordered", lang), format="%d"),
        "rule": st.column_config.TextColumn(t("distributors.col.rule", lang), width="large"),
    }
    return view, config


def gaps_view(view: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    gaps = view[view["gap"].fillna(False).astype(bool)].sort_values("score", ascending=False)
    out = pd.DataFrame(
        {
            "county": gaps["name" if lang == "zh" else "name_en"],
            "province": gaps["province_id"].map(province_names(lang)),
            "tier": gaps["tier"],
            "score": gaps["score"],
            "prospects": gaps["prospects"],
        }
    )
    config = {
        "county": t("distributors.col.county", lang),
        "province": t("distributors.col.province", lang),
        "tier": t("distributors.col.tier", lang),
        "score": st.column_config.NumberColumn(t("distributors.col.market_score", lang), format="%.3f"),
        "prospects": st.column_config.NumberColumn(t("distributors.col.prospects", lang), format="%d"),
    }
    return out, config


def conflicts_view(flags: pd.DataFrame, names: dict[str, str], lang: str) -> tuple[pd.DataFrame, dict]:
    out = pd.DataFrame(
        {
            "flagged": flags["flagged"].astype(bool),
            "name": flags["distributor_id"].map(names).fillna(flags["distributor_id"]),
            "units": flags["units"],
            "flagged_units": flags["flagged_units"],
            "rate": flags["rate"],
            "foreign": flags["foreign_counties"],
            "explanation": flags["explanation"],
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "flagged": st.column_config.CheckboxColumn(t("distributors.col.flagged", lang)),
        "name": t("distributors.col.name", lang),
        "units": number(t("distributors.col.units", lang), format="localized"),
        "flagged_units": number(t("distributors.col.flagged_units", lang), format="localized"),
        "rate": number(t("distributors.col.rate", lang), format="percent"),
        "foreign": number(t("distributors.col.foreign", lang), format="%d"),
        "explanation": st.column_config.TextColumn(t("distributors.col.explanation", lang), width="large"),
    }
    return out, config


def prices_view(flags: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """Flagged prices for st.dataframe; the floor column only when a floor is set."""
    out = pd.DataFrame(
        {
            "county": flags["region_id"].map(county_names(lang)).fillna(flags["region_id"]),
            "month": flags["month"],
            "product": flags["product"],
            "price": flags["price"],
            "floor": flags["floor"],
            "median": flags["peer_median"],
            "mad": flags["mad_score"],
            "explanation": flags["explanation"],
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "county": t("distributors.col.county", lang),
        "month": t("distributors.col.month", lang),
        "product": t("distributors.col.product", lang),
        "price": number(t("distributors.col.price", lang), format="%.0f"),
        "floor": number(t("distributors.col.floor", lang), format="%.0f"),
        "median": number(t("distributors.col.median", lang), format="%.0f"),
        "mad": number(t("distributors.col.mad", lang), format="%.2f"),
        "explanation": st.column_config.TextColumn(t("distributors.col.explanation", lang), width="large"),
    }
    if out["floor"].isna().all():
        out = out.drop(columns="floor")
    return out, config


def coverage_metrics(view: pd.DataFrame, lang: str) -> None:
    counts = view["status"].value_counts()
    c1, c2, c3 = st.columns(3)
    c1.metric(t("distributors.coverage.covered", lang), f"{counts.get('one', 0) + counts.get('shared', 0):,}")
    c2.metric(t("distributors.coverage.shared", lang), f"{counts.get('shared', 0):,}")
    c3.metric(t("distributors.coverage.gaps", lang), f"{counts.get('gap', 0):,}")


def floors_input(sales: pd.DataFrame, lang: str) -> dict[str, float]:
    """A small editor of the price floor per product sold; blank = no floor."""
    products = sorted(sales["product"].dropna().astype("str").unique()) if "product" in sales else []
    edited = st.data_editor(
        pd.DataFrame({"product": products, "floor": [None] * len(products)}).astype({"floor": "float64"}),
        column_config={
            "product": st.column_config.TextColumn(t("distributors.col.product", lang), disabled=True),
            "floor": st.column_config.NumberColumn(t("distributors.col.floor", lang), min_value=0.0, step=10.0),
        },
        hide_index=True,
        key=f"{K}floors",
    )
    return {p: float(f) for p, f in zip(edited["product"], edited["floor"], strict=True) if pd.notna(f) and f > 0}
