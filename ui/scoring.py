"""Market Scoring pieces: the scenario editor (a draft until saved), the ranked table, one region's
reasons, tier stability, expected sell-in, and the comparison of two scorings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from analysis.access import allowed, refusal
from analysis.charts import bars
from analysis.charts.maps import region_map
from analysis.formats import fmt
from analysis.i18n import CATALOG, t
from analysis.io.store import Store
from analysis.market import compare, explain, scenarios
from analysis.market.features import categories_of
from analysis.market.scenarios import (
    ALL,
    EXPANSION_CANDIDATES,
    PUSH_CANDIDATES,
    Criterion,
    GateRule,
    Scenario,
    SellInAssumptions,
)
from analysis.market.scoring import TIERS, sell_in_by_tier, weights_from_ahp
from analysis.methods.capacity import CapacityAssumptions
from analysis.methods.mcda import ahp_matrix_from_upper
from ui import cache, state
from ui.context import DRAFT_KEY, Context
from ui.safe import literal
from ui.tables import chart, download, table

K = "scoring."
LOADED = f"{K}loaded"  # the scenario the editor's widgets were filled from
RERUN, FLASH = f"{K}rerun", f"{K}flash"  # a button changed the scenario: rerun the app, then say what happened
CAPACITY_FIELDS = ("penetration", "penetration_next", "life_years", "fitout_rate", "attach_rate")
TIER_PARAMS = {"quantile": ("a_share", "b_share"), "threshold": ("a_min", "b_min"), "pareto": ("pareto_a", "pareto_b")}


# ------------------------------------------------------------------------------ the scenario editor


def _widget_values(scenario: Scenario, categories: list[str]) -> dict:
    """Every editor widget's value for `scenario`."""
    weights, push = scenario.weights, scenario.push_weights
    total, push_total = sum(weights.values()) or 1.0, sum(push.values()) or 1.0
    values = {f"{K}w.{n}": round(100 * weights.get(n, 0.0) / total) for n in EXPANSION_CANDIDATES}
    values |= {f"{K}pw.{n}": round(100 * push.get(n, 0.0) / push_total) for n in PUSH_CANDIDATES}
    values |= {
        f"{K}method": scenario.method,
        f"{K}tier_rule": scenario.tier_rule,
        **{f"{K}{p}": float(getattr(scenario, p)) for ps in TIER_PARAMS.values() for p in ps},
        f"{K}gate_on": scenario.gate.enabled,
        f"{K}gate_min": float(scenario.gate.minimum),
        f"{K}gate_per_1000": scenario.gate.per_1000_households,
        f"{K}gate_unknown": scenario.gate.unknown_holds,
        f"{K}category": scenario.category if scenario.category in [ALL, *categories] else ALL,
        f"{K}attainable": round(100 * scenario.sell_in.attainable_share),
        f"{K}coverage_b": round(100 * scenario.sell_in.coverage_b),
        f"{K}coverage_c": round(100 * scenario.sell_in.coverage_c),
    }
    for category in categories or [""]:
        a = scenario.market.assumptions(category)
        values |= {f"{K}cap.{category}.{f}": float(getattr(a, f)) for f in CAPACITY_FIELDS}
    return values


def _fill(scenario: Scenario, categories: list[str]) -> None:
    for key, value in _widget_values(scenario, categories).items():
        state.set_value(key, value)
    st.session_state[LOADED] = scenario


def _drop_draft() -> None:
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(LOADED, None)
    st.session_state[RERUN] = True


def editor(ctx: Context) -> Scenario:
    """The weights and assumptions; returns the scenario they make (a draft when it differs)."""
    L = ctx.lang
    categories = categories_of(cache.frames(ctx.source).get("sales"))
    saved = _saved(ctx)
    if st.session_state.get(LOADED) != ctx.scenario or any(k not in st.session_state for k in _keys(categories)):
        _fill(ctx.scenario, categories)

    if flash := st.session_state.pop(FLASH, None):
        st.toast(flash, icon=":material/check_circle:")
    st.subheader(t("scoring.settings", L))
    state.widget(
        st.selectbox, t("scoring.category", L), [ALL, *categories], key=f"{K}category",
        format_func=lambda c: scenarios.category_label(c, L),
    )  # fmt: skip
    st.markdown(f"**{t('scoring.weights', L)}**", help=t("scoring.weights_help", L))
    raw = _sliders(EXPANSION_CANDIDATES, "w", L)
    with st.expander(t("scoring.push_weights", L)):
        st.caption(t("scoring.push_help", L))
        push = _sliders(PUSH_CANDIDATES, "pw", L)
    method = state.widget(
        st.radio, t("scoring.method", L), ("minmax", "zscore"), key=f"{K}method",
        format_func=lambda m: t(f"scoring.method.{m}", L),
    )  # fmt: skip
    rule = state.widget(
        st.selectbox, t("scoring.tier_rule", L), tuple(TIER_PARAMS), key=f"{K}tier_rule",
        format_func=lambda r: t(f"scoring.tier_rule.{r}", L),
    )  # fmt: skip
    params = {}
    for p in TIER_PARAMS[rule]:
        params[p] = state.widget(st.number_input, t(f"scoring.param.{p}", L), key=f"{K}{p}", min_value=0.0,
                                 max_value=1.0, step=0.05, format="%.2f")  # fmt: skip
    gate = _gate_panel(L)
    capacity = _capacity_panel(categories, L)
    sell_in = _sell_in_panel(L)
    used = {n: w for n, w in raw.items() if w > 0} or _normalised(saved.weights)
    try:
        edited = dataclasses.replace(
            saved,
            category=st.session_state[f"{K}category"],
            criteria=_criteria(used, EXPANSION_CANDIDATES, saved.criteria),
            push_criteria=_criteria({n: w for n, w in push.items() if w > 0}, PUSH_CANDIDATES, saved.push_criteria),
            method=method,
            tier_rule=rule,
            **params,
            gate=gate,
            sell_in=sell_in,
            capacity=capacity,
            ahp=saved.ahp if used == _normalised(saved.weights) else None,
            goalposts=saved.goalposts if method == "minmax" else None,
        )
    except ValueError as exc:
        st.error(t("scoring.invalid", L, detail=exc))
        return ctx.scenario
    return _keep_draft(ctx, saved, edited)


def _keys(categories: list[str]) -> list[str]:
    return list(_widget_values(Scenario(), categories))


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    """Weights as the sliders show them: whole percentages, zeros left out."""
    total = sum(weights.values()) or 1.0
    return {n: round(100 * w / total) for n, w in weights.items() if round(100 * w / total) > 0}


def _criteria(sliders: dict[str, float], candidates: dict[str, str], saved: tuple[Criterion, ...]):
    """The criteria the sliders set, with weights summing to 1; the saved criteria themselves while the
    sliders show them unchanged (a weight of 1/7 stays 1/7 rather than becoming 14 %)."""
    if sliders == _normalised({c.name: c.weight for c in saved}):
        return saved
    total = sum(sliders.values())
    return tuple(Criterion(n, candidates[n], w / total) for n, w in sliders.items())


def _saved(ctx: Context) -> Scenario:
    """The scenario as saved (or shipped) under the sidebar's name: what a draft is compared with."""
    return scenarios.load(ctx.scenario_name, _store(ctx))


def _store(ctx: Context) -> Store | None:
    store = Store(ctx.store_location)
    return store if store.exists() else None


def _keep_draft(ctx: Context, saved: Scenario, edited: Scenario) -> Scenario:
    """Keep an edited scenario as the session's draft (every page scores with it) until saved or dropped."""
    same = scenarios.to_toml(edited) == scenarios.to_toml(saved)
    had = st.session_state.get(DRAFT_KEY) is not None
    if same:
        st.session_state.pop(DRAFT_KEY, None)
    else:
        st.session_state[DRAFT_KEY] = edited
    st.session_state[LOADED] = edited
    if had != (not same):
        st.rerun(scope="app")  # the sidebar and every page now show the draft (or no longer do)
    return edited


def _sliders(candidates: dict[str, str], prefix: str, lang: str) -> dict[str, float]:
    values = {}
    for name, direction in candidates.items():
        arrow = "↑" if direction == "benefit" else "↓"
        values[name] = state.widget(
            st.slider, f"{t(f'scoring.crit.{name}', lang)} {arrow}", 0, 100, key=f"{K}{prefix}.{name}",
            help=t(f"scoring.{direction}", lang),
        )  # fmt: skip
    total = sum(values.values())
    if total:
        shares = (f"{t(f'scoring.crit.{n}', lang)} {fmt(w / total, 'share', lang)}" for n, w in values.items() if w)
        st.caption(" · ".join(shares))
    return values


def _gate_panel(lang: str) -> GateRule:
    with st.expander(t("scoring.gate", lang)):
        st.caption(t("scoring.gate_help", lang))
        on = state.widget(st.checkbox, t("scoring.gate_on", lang), key=f"{K}gate_on")
        per = state.widget(st.toggle, t("scoring.gate_per_1000", lang), key=f"{K}gate_per_1000", disabled=not on)
        minimum = state.widget(
            st.number_input, t("scoring.gate_min_per_1000" if per else "scoring.gate_min", lang), key=f"{K}gate_min",
            min_value=0.0, step=1.0 if per else 100.0, disabled=not on,
        )  # fmt: skip
        unknown = state.widget(st.checkbox, t("scoring.gate_unknown", lang), key=f"{K}gate_unknown", disabled=not on)
    return GateRule(enabled=on, minimum=minimum, per_1000_households=per, unknown_holds=unknown)


def _capacity_panel(categories: list[str], lang: str) -> tuple:
    own = []
    with st.expander(t("scoring.capacity", lang)):
        st.caption(t("scoring.chain", lang))
        for category in categories or [""]:
            if category:
                st.markdown(f"**{literal(scenarios.category_label(category, lang))}**")
            values = {}
            for f in CAPACITY_FIELDS:
                life = f == "life_years"
                values[f] = state.widget(
                    st.number_input, t(f"scoring.{f}", lang), key=f"{K}cap.{category}.{f}",
                    min_value=1.0 if life else 0.0, max_value=30.0 if life else 1.0, step=0.5 if life else 0.01,
                )  # fmt: skip
            preset = scenarios.Market().assumptions(category)
            edited = dataclasses.replace(preset, **values)
            if edited != preset:
                own.append((category, edited))
        lag = " / ".join(fmt(v, "share", lang) for v in CapacityAssumptions().lag_profile)
        st.caption(t("scoring.lag", lang, lag=lag))
    return tuple(own)


def _sell_in_panel(lang: str) -> SellInAssumptions:
    with st.expander(t("scoring.sell_in", lang)):
        share = state.widget(st.slider, t("scoring.attainable_share", lang), 0, 60, key=f"{K}attainable", format="%d%%")
        b = state.widget(st.slider, t("scoring.coverage_b", lang), 0, 100, key=f"{K}coverage_b", format="%d%%")
        c = state.widget(st.slider, t("scoring.coverage_c", lang), 0, 100, key=f"{K}coverage_c", format="%d%%")
    return SellInAssumptions(attainable_share=share / 100, coverage_b=b / 100, coverage_c=c / 100)


def draft_controls(ctx: Context, scenario: Scenario, draft: bool) -> None:
    """Save the draft (under its name, or a new one), drop it, or import a scenario from TOML."""
    L = ctx.lang
    store = Store(ctx.store_location)
    shipped = scenario.name in scenarios.presets()
    name = st.text_input(t("scoring.save_as", L), value="" if shipped else scenario.name, key=f"{K}save_name")
    name = name.strip()
    c2, c3 = st.columns(2)
    saved_text = t("scoring.saved", L, name=literal(name))
    may_save = allowed(ctx.user, "save_scenario")
    c2.button(t("scoring.save", L), type="primary", disabled=not name or name in scenarios.presets() or not may_save,
              key=f"{K}save", on_click=_save, args=(store, scenario, name, saved_text, ctx.user.audit_user),
              help=None if may_save else refusal(ctx.user, "save_scenario").render(L))  # fmt: skip
    c3.button(t("scoring.drop", L), disabled=not draft, key=f"{K}drop", on_click=_drop_draft)
    if name in scenarios.presets() and name:
        st.caption(t("scoring.preset_read_only", L))
    with st.expander(t("scoring.scenario_file", L)):
        st.download_button(
            t("scoring.download_toml", L), scenarios.to_toml(scenario), f"{scenario.name}.toml", "text/plain",
            key=f"{K}toml_download", on_click="ignore",
        )  # fmt: skip
        upload = st.file_uploader(t("scoring.upload_toml", L), type=["toml"], key=f"{K}toml_upload")
        if upload is not None:
            try:
                imported = scenarios.from_toml(upload.getvalue().decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                st.error(t("scoring.toml_invalid", L, detail=literal(exc)))
            else:
                shown = literal(imported.name)
                message = t("scoring.saved", L, name=shown)
                args = (store, imported, imported.name, message, ctx.user.audit_user)
                st.button(t("scoring.import_toml", L, name=shown), key=f"{K}toml_import", on_click=_save,
                          disabled=not may_save, args=args)  # fmt: skip
        saved = store.document_versions(scenarios.COLLECTION, scenario.name) if store.exists() else pd.DataFrame()
        if not saved.empty:
            st.markdown(f"**{t('scoring.versions', L, name=literal(scenario.name))}**")
            st.dataframe(saved, hide_index=True, width="stretch", key=f"{K}versions")
            version = st.selectbox(t("scoring.version", L), saved["version"].tolist(), key=f"{K}restore_version")
            st.button(t("scoring.restore", L), key=f"{K}restore", disabled=not may_save,
                      on_click=_restore, args=(store, scenario.name, int(version), ctx.user.audit_user))  # fmt: skip
    if st.session_state.pop(RERUN, False):  # saved, dropped or restored: the sidebar and every page follow
        st.rerun(scope="app")


def _save(store: Store, scenario: Scenario, name: str, message: str, user: str | None) -> None:
    scenarios.save(store, dataclasses.replace(scenario, name=name), user=user)
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(LOADED, None)
    state.set_value("sidebar.scenario", name)
    st.session_state[RERUN], st.session_state[FLASH] = True, message


def _restore(store: Store, name: str, version: int, user: str | None) -> None:
    store.restore_document(scenarios.COLLECTION, name, version, user=user)
    _drop_draft()


# -------------------------------------------------------------------------------------- results


def ahp_panel(ctx: Context, scenario: Scenario) -> None:
    """Pairwise comparisons of the criteria in use → weights, CR, a warning at CR ≥ 0.10, apply."""
    L = ctx.lang
    names = [c.name for c in scenario.criteria]
    with st.expander(t("scoring.ahp", L)):
        st.caption(t("scoring.ahp_help", L))
        if len(names) < 2:
            return
        labels = [t(f"scoring.crit.{n}", L) for n in names]
        start = pd.DataFrame(np.ones((len(names), len(names))), index=labels, columns=labels)
        edited = st.data_editor(
            start,
            key=f"{K}ahp.{'.'.join(names)}",
            column_config={
                c: st.column_config.NumberColumn(min_value=0.111, max_value=9.0, format="%.3g") for c in labels
            },
        )
        try:
            upper = edited.to_numpy(dtype=float)[np.triu_indices(len(names), k=1)]
            result = weights_from_ahp(ahp_matrix_from_upper(upper, len(names)), names)
        except ValueError as exc:
            st.error(t("scoring.ahp_error", L, detail=exc))
            return
        st.metric(t("scoring.ahp_cr", L), f"{result.cr:.3f}")
        if result.warning:
            st.warning(t("scoring.ahp_warning", L, cr=f"{result.cr:.3f}"))
        else:
            st.success(t("scoring.ahp_ok", L))
        st.button(t("scoring.ahp_apply", L), on_click=_apply_ahp, args=(result.weights,), key=f"{K}ahp_apply")


def _apply_ahp(weights: dict[str, float]) -> None:
    for name in EXPANSION_CANDIDATES:
        state.set_value(f"{K}w.{name}", round(100 * weights.get(name, 0.0)))


def tier_counts(scored: pd.DataFrame, lang: str) -> None:
    """Regions scored and per tier."""
    counts = scored["tier"].value_counts()
    cells = st.columns(5)
    cells[0].metric(t("scoring.regions", lang), fmt(len(scored), "count", lang))
    for cell, tier in zip(cells[1:], TIERS, strict=True):
        cell.metric(tier_label(tier, lang), fmt(counts.get(tier, 0), "count", lang))


def tier_label(tier, lang: str) -> str:
    """A/B/C/hold as the reader calls them."""
    return t(f"scoring.tier.{tier}", lang) if isinstance(tier, str) and f"scoring.tier.{tier}" in CATALOG else "–"


RANKED = ["rank", "name", "tier", "score", "push_score", "coverage", "capacity_units", "whitespace_units",
          "pipeline_units", "our_units", "our_share", "competitor_hhi", "yoy_growth", "planned_units"]  # fmt: skip


def ranked(ctx: Context, scored: pd.DataFrame) -> pd.DataFrame:
    """The ranked table with its filters; returns the rows shown."""
    L = ctx.lang
    provinces = cache.regions("province").set_index("region_id")
    c1, c2 = st.columns(2)
    with c1:
        tiers = state.widget(
            st.multiselect, t("scoring.filter_tier", L), list(TIERS), key=f"{K}filter_tier", default=[],
            format_func=lambda x: tier_label(x, L), placeholder=t("scoring.all", L),
        )  # fmt: skip
    with c2:
        options = sorted(scored["province_id"].dropna().unique())
        chosen = state.widget(
            st.multiselect, t("scoring.filter_province", L), options, key=f"{K}filter_province", default=[],
            format_func=lambda p: provinces.loc[p, "name" if L == "zh" else "name_en"] if p in provinces.index else p,
            placeholder=t("scoring.all", L), disabled=bool(ctx.province),
        )  # fmt: skip
    shown = scored
    if tiers:
        shown = shown[shown["tier"].isin(tiers)]
    if chosen:
        shown = shown[shown["province_id"].isin(chosen)]
    table(shown, RANKED, L, key=f"{K}table", height=420)
    st.caption(t("scoring.shown", L, shown=f"{len(shown):,}", total=f"{len(scored):,}"))
    return shown


def detail(ctx: Context, scenario: Scenario, scored: pd.DataFrame, shown: pd.DataFrame) -> None:
    """One region: what makes its score, why its tier, the gate, the capacity chain, its push score."""
    L = ctx.lang
    options = (shown if len(shown) else scored)["region_id"].tolist()
    tiers = {tier: tier_label(tier, L) for tier in scored["tier"].dropna().unique()}
    names = scored["name" if L == "zh" else "name_en"].astype(str)
    labels = dict(zip(scored["region_id"], "#" + scored["rank"].astype("Int64").astype(str) + " " + names + " · "
                      + scored["tier"].map(tiers).fillna("–"), strict=True))  # fmt: skip
    picked = state.widget(st.selectbox, t("scoring.pick_region", L), options, key="region", default=options[0],
                          format_func=labels.__getitem__)  # fmt: skip
    row = scored.loc[scored["region_id"] == picked].iloc[0]
    criteria = explain.criteria_table(row, scenario)
    left, right = st.columns([3, 2])
    with left:
        chart(
            bars.contributions(
                [t(f"scoring.crit.{c}", L) for c in criteria["criterion"]],
                criteria["contribution"],
                L,
                missing=t("scoring.missing", L),
                title=t("scoring.contrib_title", L, region=row["name"] if L == "zh" else row["name_en"],
                        score=fmt(row["score"], "score", L)),
            ),
            key=f"{K}contributions",
        )  # fmt: skip
        table(
            criteria.assign(criterion=[t(f"scoring.crit.{c}", L) for c in criteria["criterion"]],
                            value=[fmt(v, k, L) for v, k in zip(criteria["value"], criteria["kind"], strict=True)],
                            direction=[t(f"scoring.{d}", L) for d in criteria["direction"]]),
            ["criterion", "value", "direction", "weight", "contribution"],
            L,
            labels={c: t(f"scoring.col.{c}", L) for c in ("criterion", "value", "direction", "weight", "contribution")},
            key=f"{K}criteria",
        )  # fmt: skip
    with right:
        st.markdown(f"**{t('scoring.why', L)}**")
        st.info(explain.tier_reason(row, scored, scenario).render(L))
        st.caption(explain.gate_reason(row, scenario).render(L))
        note = explain.coverage_note(row, scenario)
        if note is not None:
            st.caption(note.render(L))
        if row["low_coverage"]:
            st.warning(t("scoring.low_coverage", L, coverage=fmt(row["coverage"], "share", L)))
        if pd.notna(row.get("push_score")):
            st.metric(t("field.push_score", L), fmt(row["push_score"], "score", L))
        features = cache.features(ctx.source, row["level"], scenario.market, ctx.scope)
        feature_row = features.loc[features["region_id"] == picked].iloc[0]
        st.markdown(f"**{t('scoring.chain_title', L)}**")
        chain = explain.capacity_chain(feature_row, scenario)  # names a brand and a category: shown as written
        st.markdown("\n".join(f"- {literal(line.render(L))}" for line in chain))


def stability_section(ctx: Context, scenario: Scenario, scored: pd.DataFrame, level: str) -> None:
    """Which regions would change tier if the weights moved a little."""
    L = ctx.lang
    box = st.expander(t("scoring.stability", L), key=f"{K}stability_open", on_change="rerun")
    with box:
        if box.open:  # 200 re-tierings: only while someone looks
            _stability(ctx, scenario, scored, level)


def _stability(ctx: Context, scenario: Scenario, scored: pd.DataFrame, level: str) -> None:
    L = ctx.lang
    spread = state.widget(st.slider, t("scoring.spread", L), 5, 30, key=f"{K}spread", default=10, step=5,
                          format="±%d%%")  # fmt: skip
    st.caption(t("scoring.stability_help", L, spread=f"{spread}%", draws=200))
    keep = cache.tier_stability(ctx.source, level, scenario, ctx.scope, spread / 100)
    table_ = scored.merge(keep, on="region_id", how="left")
    borderline = table_[table_["borderline"]].sort_values("keep_share")
    st.metric(t("scoring.borderline_count", L), fmt(len(borderline), "count", L))
    if borderline.empty:
        st.success(t("scoring.borderline_none", L))
    else:
        table(borderline, ["rank", "name", "tier", "score", "keep_share", "capacity_units"], L, key=f"{K}borderline")


def sell_in_section(ctx: Context, scenario: Scenario, scored: pd.DataFrame) -> pd.DataFrame:
    """Expected sell-in per tier."""
    L = ctx.lang
    st.subheader(t("scoring.sell_in_title", L))
    st.caption(t("scoring.sell_in_help", L, share=fmt(scenario.sell_in.attainable_share, "share", L)))
    by_tier = sell_in_by_tier(scored)
    st.metric(t("scoring.planned_total", L), fmt(by_tier["planned_units"].iloc[-1], "units", L))
    shown = by_tier.assign(tier=[tier_label(x, L) for x in by_tier["tier"]])
    table(shown, ["tier", "regions", "capacity_units", "range_coverage", "planned_units"], L, key=f"{K}sell_in")
    return by_tier


def compare_section(ctx: Context, scenario: Scenario, scored: pd.DataFrame, level: str) -> None:
    """This scoring against another scenario, or against the data as it stood a month earlier."""
    L = ctx.lang
    box = st.expander(t("scoring.compare", L), key=f"{K}compare_open", on_change="rerun")
    with box:
        if box.open:  # a second scoring: only while someone looks
            _compare(ctx, scenario, scored, level)


def _compare(ctx: Context, scenario: Scenario, scored: pd.DataFrame, level: str) -> None:
    L = ctx.lang
    store = _store(ctx)
    names = scenarios.names(store)
    modes = ("scenario", "month")
    mode = state.widget(st.radio, t("scoring.compare_with", L), modes, key=f"{K}compare_mode", default="scenario",
                        format_func=lambda m: t(f"scoring.compare.{m}", L), horizontal=True)  # fmt: skip
    if mode == "scenario":
        others = [n for n in names if n != ctx.scenario_name] or names
        other_name = state.widget(st.selectbox, t("scoring.compare_scenario", L), others, key=f"{K}compare_other",
                                  default=others[0], format_func=lambda n: _label(n, L))  # fmt: skip
        other = cache.scored(ctx.source, level, scenarios.load(other_name, store), ctx.scope)
        before, after, label_before = other, scored, _label(other_name, L)
    else:
        sales = cache.frames(ctx.source)["sales"]
        last = str(sales["month"].max()) if len(sales) else None
        if last is None:
            st.info(t("scoring.no_data", L))
            return
        previous = str(pd.Period(last, freq="M") - 1)
        before = cache.scored_as_of(ctx.source, level, scenario, ctx.scope, previous)
        after, label_before = scored, previous
    matrix = compare.transitions(before, after)
    moved = compare.movers(before, after)
    st.caption(t("scoring.compare_note", L, before=label_before, moved=fmt(len(moved), "count", L)))
    left, right = st.columns([2, 3])
    with left:
        shown = matrix.rename(index=lambda x: tier_label(x, L), columns=lambda x: tier_label(x, L))
        st.dataframe(shown, width="stretch", key=f"{K}matrix")
    with right:
        view = scored[["region_id", "name", "name_en"]].merge(moved[["region_id", "move"]], on="region_id", how="left")
        categories = {"up": (t("scoring.move.up", L), "#1a9641"), "down": (t("scoring.move.down", L), "#d7191c")}
        chart(region_map(view, level, "move", "category", L, title=t("scoring.compare", L), categories=categories,
                         height=380), key=f"{K}compare_map")  # fmt: skip
    table(
        moved.assign(tier_before=[tier_label(x, L) for x in moved["tier_before"]],
                     tier_after=[tier_label(x, L) for x in moved["tier_after"]]),
        ["name", "tier_before", "tier_after", "score_before", "score_after", "score_change"],
        L,
        labels={c: t(f"scoring.col.{c}", L) for c in ("tier_before", "tier_after", "score_before", "score_after",
                                                      "score_change")},
        key=f"{K}movers",
    )  # fmt: skip
    download({t("scoring.compare", L): moved, t("scoring.matrix", L): matrix.reset_index(names="tier")},
             "comparison", L, f"{K}compare_download")  # fmt: skip


def _label(name: str, lang: str) -> str:
    key = f"scenario.preset.{name}"
    return t(key, lang) if key in CATALOG else name


def exports(ctx: Context, scenario: Scenario, scored: pd.DataFrame, by_tier: pd.DataFrame, level: str) -> None:
    """The scored table and the sell-in, in the reader's language, as CSV and Excel."""
    L = ctx.lang
    st.subheader(t("scoring.export", L))
    stem = f"scores_{level}{'_' + ctx.province if ctx.province else ''}"
    columns = ["region_id", "name", "name_en", "level", "parent_id", "rank", "tier", "tier_reason", "score",
               "push_score", "gate", "coverage", "capacity_units", "housing_3y_units", "pipeline_units",
               "competitor_units", "our_units", "whitespace_units", "hhi", "competitor_hhi", "leader_share",
               "our_share", "yoy_growth", "price_index", "planned_units", "gate_note"]  # fmt: skip

    def sheets() -> dict[str, pd.DataFrame]:  # built when a button is pressed, not on every rerun
        frame = scored.join(explain.reasons(scored, scenario, L))
        return {t("scoring.sheet.scores", L): frame[[c for c in columns if c in frame]],
                t("scoring.sheet.sell_in", L): by_tier}  # fmt: skip

    download(sheets, stem, L, f"{K}export")
