"""Territories page pieces: the scope's counties, the design settings, solving with progress, the map,
the balance table, a county's reasons, manual moves, before/after, saving and exports.

A design is the person's working draft: it lives in the session (with the manual moves made on it)
until it is saved as a new version of the territories kind.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from analysis.charts.distributors import balance_figure, territory_colours, territory_figure
from analysis.charts.maps import selected_region
from analysis.formats import fmt
from analysis.geo.boundaries import load_boundaries, within
from analysis.i18n import t
from analysis.io.store import Store
from analysis.market.scenarios import Scenario
from analysis.territories import current as cur
from analysis.territories.evaluation import Design, reassign, territory_order
from analysis.territories.inputs import BALANCE_KINDS, balance_options, design_units
from analysis.territories.narrative import infeasible_text, reason_text
from analysis.territories.shapes import territory_shapes
from analysis.territories.solver import design as solve_design
from ui import auth, cache, state
from ui.cache import Source
from ui.context import Context
from ui.safe import literal
from ui.tables import chart, download, table

K = "territories."
RESULT = f"{K}result"  # {"key": …, "design": Design, "moves": {county: territory}}
CLICKS = f"{K}clicks"
DEFAULT_PROVINCE = "450000"  # Guangxi, the field guide's example of a province cut into 板块


@dataclass(frozen=True)
class ScopeData:
    """A province's counties as design units, who holds them now, and the distributors around."""

    province: str
    units: pd.DataFrame = field(repr=False)
    current: pd.Series = field(repr=False)  # region_id → distributor_id (territories in force in `month`)
    month: str | None
    names: dict = field(repr=False)  # distributor_id → name
    seats: dict = field(repr=False)  # distributor_id → seat county, for the holders and candidates
    candidates: tuple[str, ...] = ()  # distributors who could take a vacant territory (prospects first)
    holders: tuple[str, ...] = ()  # the current holders, the largest (by capacity held) first


@dataclass(frozen=True)
class Settings:
    """Everything a design is solved from (hashable: it keys the session's design)."""

    k: int
    balance: tuple[tuple[str, float], ...]
    tolerance: float
    compactness: float
    seeds: tuple[tuple[str, str], ...] = ()
    locks: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()
    seed: int = 0


# ---------------------------------------------------------------------------------- cached inputs
@st.cache_data(show_spinner=False, max_entries=8)
def scope_data(source: Source, scenario: Scenario, province: str) -> ScopeData:
    """The province's counties (scored under the scenario) and the distributors holding or near them."""
    frames = cache.frames(source)
    scored = cache.scored(source, "county", scenario, (province,))
    units = design_units(scored, cache.regions("county"))
    month = cur.coming_month(frames["sales"])
    distributors = frames["distributors"]
    current = cur.current_assignment(
        frames["territories"], units["region_id"], month=month, distributors=distributors, sales=frames["sales"]
    )
    seated = within(distributors, (province,))
    holders = set(current)
    free = seated[~seated["distributor_id"].isin(holders) & (seated["status"] != "ended")]
    free = free.assign(_first=(free["status"] != "prospect")).sort_values(["_first", "distributor_id"])
    held = units.set_index("region_id")["capacity_units"].reindex(current.index).groupby(current.to_numpy()).sum()
    by_capacity = tuple(held.sort_values(ascending=False, kind="stable").index)
    names = dict(zip(distributors["distributor_id"], distributors["name"], strict=True))
    seats = dict(zip(distributors["distributor_id"], distributors["region_id"].astype("str"), strict=True))
    return ScopeData(province, units, current, month, names, seats, tuple(free["distributor_id"]), by_capacity)


@st.cache_data(show_spinner=False, max_entries=16)
def compactness(assignment: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Polsby–Popper compactness and map contiguity of each territory (from the county boundaries)."""
    series = pd.Series(dict(assignment))
    counties = load_boundaries("county")
    shapes = territory_shapes(series, counties[counties["region_id"].isin(series.index)])
    return pd.DataFrame(shapes.drop(columns="geometry"))


# ------------------------------------------------------------------------------------ the scope
def province(ctx: Context) -> str:
    """The province designed: the sidebar's when one is chosen there, else the page's own choice."""
    L = ctx.lang
    if ctx.province and state.value(f"{K}sidebar_province") != ctx.province:
        state.set_value(f"{K}province", ctx.province)
    st.session_state[f"{K}sidebar_province"] = ctx.province
    provinces = cache.regions("province").sort_values("region_id")
    labels = dict(zip(provinces["region_id"], provinces["name" if L == "zh" else "name_en"], strict=True))
    return state.widget(
        st.selectbox, t("territories.scope", L), list(labels), key=f"{K}province",
        default=ctx.province or DEFAULT_PROVINCE, format_func=labels.get, help=t("territories.scope_help", L),
    )  # fmt: skip


def county_label(data: ScopeData, lang: str):
    """region_id → "County (holder)" for the selectors."""
    names = dict(zip(data.units["region_id"], data.units["name" if lang == "zh" else "name_en"], strict=True))

    def label(rid: str) -> str:
        holder = data.current.get(rid)
        return f"{names.get(rid, rid)} · {data.names.get(holder, holder)}" if isinstance(holder, str) else names[rid]

    return label


# ---------------------------------------------------------------------------------- the settings
def settings_panel(ctx: Context, data: ScopeData) -> Settings:
    """K (or a target per territory), balance variables and weights, tolerance, compactness, seeds,
    locks and exclusions."""
    L = ctx.lang
    units = data.units
    options = balance_options(units) or ["capacity_units"]
    holders = list(data.holders)
    c1, c2, c3 = st.columns(3)
    with c2:
        chosen = state.widget(
            st.multiselect, t("territories.balance", L), options, key=f"{K}balance", default=[options[0]],
            format_func=lambda c: t(f"field.{c}", L), help=t("territories.balance_help", L),
        )  # fmt: skip
        chosen = chosen or [options[0]]
        weights = {}
        if len(chosen) > 1:
            for name in chosen:
                weights[name] = state.widget(
                    st.slider, t("territories.weight", L, name=t(f"field.{name}", L)), 0, 100,
                    key=f"{K}weight.{name}", default=round(100 / len(chosen)),
                )  # fmt: skip
        else:
            weights = {chosen[0]: 100}
        if not any(weights.values()):
            weights = dict.fromkeys(chosen, 1)
    with c1:
        mode = state.widget(
            st.radio, t("territories.k_mode", L), ("k", "target"), key=f"{K}k_mode", default="k",
            format_func=lambda m: t(f"territories.k_mode.{m}", L), horizontal=True,
        )  # fmt: skip
        first = chosen[0]
        total = float(pd.to_numeric(units[first], errors="coerce").fillna(0).sum())
        if mode == "k":
            k = state.widget(
                st.number_input, t("territories.k", L), key=f"{K}k", default=max(len(holders), 2), min_value=1,
                max_value=max(len(units), 1), step=1,
            )  # fmt: skip
        else:
            target = state.widget(
                st.number_input, t("territories.target", L, name=t(f"field.{first}", L)), key=f"{K}target",
                default=float(round(total / max(len(holders), 2), -3) or 1.0), min_value=1.0, step=1000.0,
            )  # fmt: skip
            k = max(1, min(len(units), round(total / target)))
            st.caption(t("territories.k_from_target", L, k=k, total=fmt(total, BALANCE_KINDS.get(first, "units"), L)))
    with c3:
        tolerance = state.widget(
            st.slider, t("territories.tolerance", L), 1, 30, key=f"{K}tolerance", default=5, format="±%d%%",
            help=t("territories.tolerance_help", L),
        )  # fmt: skip
        compact = state.widget(
            st.slider, t("territories.compactness", L), 0.0, 3.0, key=f"{K}compactness", default=1.0, step=0.25,
            help=t("territories.compactness_help", L),
        )  # fmt: skip
    with st.expander(t("territories.constraints", L)):
        label = county_label(data, L)
        counties = units["region_id"].tolist()
        seeded = state.widget(st.checkbox, t("territories.seeds", L), key=f"{K}seeds", default=True,
                              help=t("territories.seeds_help", L))  # fmt: skip
        held_counties = [c for c in counties if c in data.current.index]
        locks = state.widget(
            st.multiselect, t("territories.locks", L), held_counties, key=f"{K}locks", default=[],
            format_func=label, help=t("territories.locks_help", L),
        )  # fmt: skip
        hold_gate = state.widget(st.checkbox, t("territories.exclude_hold", L), key=f"{K}exclude_hold",
                                 default=False)  # fmt: skip
        excluded = state.widget(
            st.multiselect, t("territories.exclude", L), counties, key=f"{K}exclude", default=[], format_func=label,
            help=t("territories.exclude_help", L),
        )  # fmt: skip
    exclude = set(excluded)
    if hold_gate and "gate" in units:
        exclude |= set(units.loc[units["gate"] == "hold", "region_id"])
    exclude -= set(locks)
    seeds = ()
    if seeded:
        picks = [(d, data.seats.get(d)) for d in holders[: int(k)]]
        seeds = tuple(sorted((d, s) for d, s in picks if s in set(counties) - exclude))
    lock_pairs = tuple(sorted((c, data.current[c]) for c in locks))
    total_weight = sum(weights.values())
    balance = tuple((name, round(w / total_weight, 4)) for name, w in weights.items())
    return Settings(int(k), balance, tolerance / 100, float(compact), seeds, lock_pairs, tuple(sorted(exclude)))


# ----------------------------------------------------------------------------------- solving
def _key(ctx: Context, data: ScopeData, settings: Settings) -> tuple:
    return (ctx.source.kind, ctx.scenario, data.province, settings)


def solve(data: ScopeData, settings: Settings, progress=None) -> Design:
    """The design of the scope under `settings`."""
    balance = dict(settings.balance)
    units = design_units(data.units, cache.regions("county"), balance)
    return solve_design(
        units, settings.k, balance, tolerance=settings.tolerance, compactness=settings.compactness,
        locks=dict(settings.locks), seeds=dict(settings.seeds), exclude=settings.exclude, seed=settings.seed,
        progress=progress,
    )  # fmt: skip


def solve_section(ctx: Context, data: ScopeData, settings: Settings) -> dict | None:
    """The solve button (with progress); a first design is solved on arrival. Returns the session's result."""
    L = ctx.lang
    key = _key(ctx, data, settings)
    result = st.session_state.get(RESULT)
    same_scope = result is not None and result["key"][:3] == key[:3]
    left, right = st.columns([1, 4], vertical_alignment="center")
    pressed = left.button(t("territories.solve", L), type="primary", key=f"{K}solve", icon=":material/grid_view:")
    if pressed or not same_scope:
        bar = right.progress(0.0, text=t("territories.solving", L))
        try:
            made = solve(
                data, settings, lambda f: bar.progress(min(max(f, 0.0), 1.0), text=t("territories.solving", L))
            )
        except ValueError as exc:
            bar.empty()
            st.error(t("territories.invalid", L, detail=literal(exc)))
            return result if same_scope else None
        bar.empty()
        result = {"key": key, "design": made, "moves": {}}
        st.session_state[RESULT] = result
        st.session_state.pop(f"{K}county", None)
    elif st.session_state.pop(f"{K}adopt", False):  # just saved: the design is the current territories now
        result["key"] = key
        right.caption(t("territories.solved", L, seconds=f"{result['design'].seconds:.2f}",
                        k=len(result["design"].territories)))  # fmt: skip
    elif result["key"] != key:
        right.info(t("territories.stale", L), icon=":material/sync_problem:")
    else:
        made = result["design"]
        right.caption(t("territories.solved", L, seconds=f"{made.seconds:.2f}", k=len(made.territories)))
    return result


# ---------------------------------------------------------------------------------- the design
@dataclass
class View:
    """A design as the page shows it: edited by the moves, each territory named after its holder."""

    design: Design
    holders: dict  # territory id → distributor id ("" for a vacancy nobody took yet)
    labels: dict  # territory id → what the map and the tables say
    colours: dict
    after: pd.Series  # region_id → distributor id (vacancies: the territory id)
    vacant: tuple[str, ...] = ()  # territories no current distributor holds (a person may give them one)


def view(ctx: Context, data: ScopeData, result: dict) -> View:
    """The edited design, its territories matched to distributors (and vacancies to the person's choice)."""
    L = ctx.lang
    base: Design = result["design"]
    edited = reassign(base, result["moves"]) if result["moves"] else base
    weight = data.units.set_index("region_id")["capacity_units"] if "capacity_units" in data.units else None
    named = cur.name_territories(base.assignment, data.current, weight, reserved=[t_ for t_, _ in base.params.get(
        "seeds", {}).items()])  # fmt: skip
    holders, labels, vacant = {}, {}, []
    for tid in edited.territories:
        holder = named.get(tid, tid)
        if holder not in data.names:
            vacant.append(tid)
            holder = state.value(f"{K}holder.{tid}", "") or ""
        holders[tid] = holder
        labels[tid] = data.names.get(holder, holder) if holder else t("territories.vacancy", L, id=tid)
    after = edited.assignment.dropna().map(lambda tid: holders.get(tid) or tid)
    return View(edited, holders, labels, territory_colours(list(edited.territories)), after, tuple(vacant))


def infeasible_notes(ctx: Context, shown: View) -> None:
    """What the design could not meet, in words (nothing when it meets everything)."""
    reasons = shown.design.infeasible
    if not reasons:
        st.success(
            t("territories.feasible", ctx.lang, tolerance=fmt(shown.design.problem.tolerance, "share", ctx.lang))
        )
        return
    names = {tid: literal(label) for tid, label in shown.labels.items()}  # into Markdown: shown as written
    lines = "\n".join(f"- {infeasible_text(r, names).render(ctx.lang)}" for r in reasons[:12])
    more = len(reasons) - 12
    st.warning(f"{t('territories.infeasible', ctx.lang)}\n\n{lines}" + (f"\n- … +{more}" if more > 0 else ""))


def map_section(ctx: Context, data: ScopeData, shown: View) -> None:
    """The map coloured by territory; a click on a county opens its panel."""
    L = ctx.lang
    units = data.units
    frame = units[["region_id", "name", "name_en", "lon", "lat"]].assign(
        territory=units["region_id"].map(shown.design.assignment)
    )
    moved_ids = [
        rid for rid in units["region_id"] if rid in data.current.index and shown.after.get(rid) != data.current[rid]
    ]
    moved = frame[frame["region_id"].isin(moved_ids)]
    key = f"{K}map.{data.province}.{st.session_state.get(CLICKS, 0)}"
    clicked = selected_region(st.session_state.get(key), frame)
    if clicked is not None:
        st.session_state[CLICKS] = st.session_state.get(CLICKS, 0) + 1
        state.set_value(f"{K}county", clicked)
        key = f"{K}map.{data.province}.{st.session_state[CLICKS]}"
    fig = territory_figure(
        frame, L, shown.labels, colours=shown.colours, selected=state.value(f"{K}county"), moved=moved
    )
    chart(fig, key=key, on_select="rerun", selection_mode="points")
    st.caption(t("territories.map_help", L, moved=fmt(len(moved_ids), "count", L)))


def balance_section(ctx: Context, shown: View) -> pd.DataFrame:
    """Each territory's totals, deviation from the target, compactness and county count."""
    L = ctx.lang
    d = shown.design
    st.subheader(t("territories.balance_table", L))
    variables = list(d.problem.variables)
    targets = ", ".join(
        f"{t(f'field.{v}', L)} {fmt(target, BALANCE_KINDS.get(v, 'units'), L)}"
        for v, target in zip(variables, d.problem.targets, strict=True)
    )
    st.caption(t("territories.targets", L, targets=targets, tolerance=fmt(d.problem.tolerance, "share", L)))
    shapes = compactness(tuple(d.assignment.dropna().astype(str).items()))
    table_ = d.balance.merge(shapes[["territory", "polsby_popper"]], on="territory", how="left").assign(
        distributor=lambda f: f["territory"].map(shown.labels),
        distributor_id=lambda f: f["territory"].map(shown.holders),
        counties=lambda f: f["units"],
    )
    columns = ["distributor", "counties"]
    for v in variables:
        columns += [v, f"{v}_dev"]
    columns += ["radius_km", "polsby_popper", "feasible", "distributor_id"]
    table(table_, columns, L, key=f"{K}balance_table")
    chart(balance_figure(d.balance, variables[0], BALANCE_KINDS.get(variables[0], "units"), L, shown.labels),
          key=f"{K}balance_chart")  # fmt: skip
    return table_


def county_panel(ctx: Context, data: ScopeData, result: dict, shown: View) -> None:
    """One county: its territory and why it is there; move it to another territory (contiguity checked)."""
    L = ctx.lang
    st.subheader(t("territories.county_panel", L))
    label = county_label(data, L)
    ordered = data.units.assign(_t=data.units["region_id"].map(shown.design.assignment).fillna("~"))
    options = ordered.sort_values(["_t", "region_id"], key=lambda s: s.map(
        lambda v: territory_order(v) if s.name == "_t" else v))["region_id"].tolist()  # fmt: skip
    county = state.widget(st.selectbox, t("territories.county", L), options, key=f"{K}county", default=options[0],
                          format_func=label)  # fmt: skip
    explain = shown.design.explain.set_index("region_id")
    row = {"region_id": county, **explain.loc[county].to_dict()} if county in explain.index else {"region_id": county}
    tid = row.get("territory")
    row_units = data.units.set_index("region_id").loc[county]
    left, right = st.columns([3, 2])
    with left:
        holder = shown.labels.get(tid, "–") if isinstance(tid, str) else "–"
        st.markdown(f"**{literal(label(county))}** → {literal(holder)}")
        names = {tid: literal(label_) for tid, label_ in shown.labels.items()}
        st.info(reason_text(row, names, shown.design.problem.tolerance).render(L), icon=":material/help:")
        c1, c2, c3 = st.columns(3)
        c1.metric(t("field.capacity_units", L), fmt(row_units.get("capacity_units"), "units", L))
        c2.metric(t("field.whitespace_units", L), fmt(row_units.get("whitespace_units"), "units", L))
        c3.metric(t("field.our_revenue", L), fmt(row_units.get("our_revenue"), "money", L))
    with right:
        others = [x for x in shown.design.territories if x != tid]
        if not isinstance(tid, str) or not others:
            st.caption(t("territories.move.none", L))
            return
        target = st.selectbox(t("territories.move.to", L), others, format_func=shown.labels.get, key=f"{K}move_to")
        if st.button(t("territories.move", L), key=f"{K}move", icon=":material/swap_horiz:"):
            _move(ctx, result, county, target, shown)
        b1, b2 = st.columns(2)
        if result["moves"] and b1.button(t("territories.move.undo", L), key=f"{K}undo", type="tertiary"):
            result["moves"].pop(next(reversed(result["moves"])))
            st.rerun()
        if result["moves"] and b2.button(t("territories.move.reset", L), key=f"{K}reset", type="tertiary"):
            result["moves"].clear()
            st.rerun()
        if result["moves"]:
            st.caption(t("territories.move.count", L, n=len(result["moves"])))


def _move(ctx: Context, result: dict, county: str, target: str, shown: View) -> None:
    """Apply a manual move unless it splits a territory (or leaves the county cut off from its new one)."""
    trial = reassign(shown.design, {county: target})
    was = dict(zip(shown.design.balance["territory"], shown.design.balance["contiguous"], strict=True))
    broken = [r["territory"] for r in trial.balance.to_dict("records") if was.get(r["territory"]) and
              not r["contiguous"] and r["units"] > 0]  # fmt: skip
    if broken:
        names = ", ".join(literal(shown.labels.get(b, b)) for b in broken)
        st.error(t("territories.move.splits", ctx.lang, territories=names))
        return
    result["moves"][county] = target
    st.rerun()


def before_after_section(ctx: Context, data: ScopeData, shown: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which counties move against the current territories, and each distributor's gain or loss."""
    L = ctx.lang
    st.subheader(t("territories.before_after", L))
    moved, change = cur.before_after(data.units, data.current, shown.after)
    who = {**data.names, **{tid: lbl for tid, lbl in shown.labels.items()}}
    c1, c2, c3, c4 = st.columns(4)
    switched = int(moved["before"].notna().sum()) if len(moved) else 0
    c1.metric(t("territories.moved", L), fmt(switched, "count", L), border=True)
    c2.metric(t("territories.newly", L), fmt(len(moved) - switched, "count", L), border=True)
    c3.metric(t("territories.held_before", L), fmt(len(data.current), "count", L), border=True)
    c4.metric(t("territories.held_after", L), fmt(len(shown.after), "count", L), border=True)
    st.caption(t("territories.before_after_help", L, month=data.month or "–"))
    change = change.assign(distributor=change["holder"].map(who).fillna(change["holder"]))
    columns = ["distributor", "counties_before", "counties_after", "capacity_units_before", "capacity_units_after",
               "capacity_units_change", "our_revenue_before", "our_revenue_after", "our_revenue_change"]  # fmt: skip
    table(change, [c for c in columns if c in change], L, key=f"{K}change")
    if not moved.empty:
        units = data.units.set_index("region_id")
        moved = moved.assign(
            name=moved["region_id"].map(units["name"]),
            name_en=moved["region_id"].map(units["name_en"]),
            holder_before=moved["before"].map(who).fillna("–"),
            holder_after=moved["after"].map(who).fillna("–"),
        )
        with st.expander(t("territories.moved_counties", L, n=len(moved))):
            columns = ["name", "holder_before", "holder_after", "capacity_units", "our_revenue"]
            table(moved, [c for c in columns if c in moved or c == "name"], L, key=f"{K}moved", height=300)
    return moved, change


# ------------------------------------------------------------------------------------ saving
def holders_panel(ctx: Context, data: ScopeData, shown: View) -> list[str]:
    """A distributor for each vacant territory (prospects of the province first); returns those still vacant."""
    L = ctx.lang
    if not shown.vacant:
        return []
    st.markdown(f"**{t('territories.vacancies', L)}**")
    st.caption(t("territories.vacancies_help", L))
    taken = {h for h in shown.holders.values() if h}
    for tid in shown.vacant:
        mine = state.value(f"{K}holder.{tid}", "") or ""
        options = ["", *[d for d in data.candidates if d not in taken or d == mine]]
        state.widget(
            st.selectbox, t("territories.vacancy.holder", L, id=tid), options, key=f"{K}holder.{tid}", default="",
            format_func=lambda d: t("territories.vacancy.none", L) if not d else data.names.get(d, d),
        )  # fmt: skip
    return [tid for tid in shown.vacant if not shown.holders.get(tid)]


def save_section(ctx: Context, data: ScopeData, result: dict, shown: View) -> None:
    """Save the design as the current territories (a new version; only the counties it assigns change)."""
    L = ctx.lang
    st.subheader(t("territories.save", L))
    still = holders_panel(ctx, data, shown)
    store = Store(ctx.store_location)
    copy_demo = ctx.source.is_demo
    if copy_demo and store.exists() and store.current_versions():
        st.info(t("territories.save.demo_store_in_use", L), icon=":material/info:")
        return
    if still:
        st.warning(t("territories.save.vacant", L, territories=", ".join(literal(shown.labels[x]) for x in still)))
    st.caption(t("territories.save.demo_help" if copy_demo else "territories.save.help", L, month=data.month or "–"))
    if not auth.require(ctx.user, "save_territory", L):
        return
    st.button(
        t("territories.save.button", L), type="primary", disabled=bool(still), key=f"{K}save", icon=":material/save:",
        on_click=_save, args=(ctx, data, result, shown),
    )  # fmt: skip


def _save(ctx: Context, data: ScopeData, result: dict, shown: View) -> None:
    """Write the design (after the demo data, when the session looks at the demo): a button callback, so that
    the sidebar's dataset can follow before it is drawn."""
    from analysis.io.store import StoreError

    store = Store(ctx.store_location)
    frames = cache.frames(dataclasses.replace(ctx.source, scope=()))  # the demo is copied whole, not one scope
    try:
        if ctx.source.is_demo:
            for kind, frame in frames.items():
                store.write(kind, frame, source="demo", note="demo data", user=ctx.user.audit_user)
        rows = cur.territory_rows(shown.after, frames["territories"], data.month)
        params = {**{k: v for k, v in shown.design.params.items() if k != "exclude"}, "moves": result["moves"]}
        info = cur.save_design(
            store, rows, scope=[data.province], params=params, note="territory design", user=ctx.user.audit_user
        )
    except (StoreError, ValueError) as exc:
        st.session_state[f"{K}save_error"] = exc.message(ctx.lang) if isinstance(exc, StoreError) else str(exc)
        return
    st.session_state[f"{K}saved"] = (info.version, info.rows)
    st.session_state[f"{K}adopt"] = True
    if ctx.source.is_demo:
        st.session_state["sidebar.dataset"] = "store"
        result["key"] = ("store", *result["key"][1:])


def saved_note(ctx: Context) -> None:
    """The confirmation after a save (shown once)."""
    failed = st.session_state.pop(f"{K}save_error", None)
    if failed:
        st.error(t("territories.save.failed", ctx.lang, detail=failed), icon=":material/database:")
    saved = st.session_state.pop(f"{K}saved", None)
    if saved:
        version, rows = saved
        st.success(t("territories.saved", ctx.lang, version=version, rows=fmt(rows, "count", ctx.lang)))


def exports(ctx: Context, data: ScopeData, shown: View, balance: pd.DataFrame, moved, change) -> None:
    """The design's counties (region_id, territory_id, distributor), its balance and its moves, as CSV and Excel."""
    L = ctx.lang
    st.subheader(t("territories.export", L))

    def sheets() -> dict[str, pd.DataFrame]:
        d = shown.design
        explain = d.explain.set_index("region_id")
        units = data.units.set_index("region_id")
        ids = [rid for rid in d.assignment.index if rid in units.index]
        reasons = [
            reason_text({"region_id": rid, **explain.loc[rid].to_dict()}, shown.labels, d.problem.tolerance).render(L)
            for rid in ids
        ]
        counties = pd.DataFrame(
            {
                "region_id": ids,
                "name": units.loc[ids, "name"].to_numpy(),
                "name_en": units.loc[ids, "name_en"].to_numpy(),
                "territory_id": d.assignment.reindex(ids).to_numpy(),
                "distributor_id": [shown.holders.get(x, "") for x in d.assignment.reindex(ids)],
                "distributor": [shown.labels.get(x, "") for x in d.assignment.reindex(ids)],
                "reason": reasons,
            }
        )
        return {
            t("territories.sheet.counties", L): counties,
            t("territories.sheet.balance", L): balance.drop(columns=["centre_id"], errors="ignore"),
            t("territories.sheet.change", L): change,
            t("territories.sheet.moved", L): moved,
        }

    download(sheets, f"territories_{data.province}", L, f"{K}export")
