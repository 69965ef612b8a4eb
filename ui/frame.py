"""The frame every page runs in: the shared sidebar, the URL that reopens a view, the run's context,
and the boundary that turns any failure into one clear message instead of a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
import threading

import streamlit as st

from analysis.i18n import LANGS, t
from analysis.io.store import Store, StoreError
from analysis.market import scenarios
from ui import auth, cache, state
from ui.context import DRAFT_KEY, Context, lang, set_context, store_location
from ui.pages import pages
from ui.safe import literal

LEVELS = ("province", "city", "county")
DATASETS = ("demo", "store")
# What the URL holds besides the page (the path): query parameter → session key.
URL_KEYS = {
    "lang": "sidebar.lang",
    "dataset": "sidebar.dataset",
    "level": "sidebar.level",
    "province": "sidebar.province",
    "scenario": "sidebar.scenario",
    "region": "region",
}
_URL_READ = "_url_read"
log = logging.getLogger("territory_atlas")


def read_url() -> None:
    """On a session's first run, take the view from the URL (a link a colleague sent)."""
    if st.session_state.get(_URL_READ):
        return
    st.session_state[_URL_READ] = True
    for param, key in URL_KEYS.items():
        value = st.query_params.get(param)
        if value:
            st.session_state[key] = value


def write_url(ctx: Context) -> None:
    """Put the current view in the URL, so that copying it shares the view."""
    wanted = {
        "lang": ctx.lang,
        "dataset": ctx.source.kind,
        "level": ctx.level,
        "province": ctx.province or "",
        "scenario": ctx.scenario_name,
        "region": st.session_state.get("region") or "",
    }
    current = {k: st.query_params.get(k, "") for k in wanted}
    if current != wanted:
        st.query_params.from_dict({k: v for k, v in wanted.items() if v})


def sidebar() -> Context:
    """The shared sidebar (language, dataset, level, province, scenario) and the context it sets."""
    location = store_location()
    with st.sidebar:
        state.widget(
            st.radio,
            t("sidebar.language", lang()),
            LANGS,
            key="sidebar.lang",
            default="zh",
            format_func=lambda code: {"zh": "中文", "en": "English"}[code],
            horizontal=True,
        )
        L = lang()
        auth.gate(L)  # sign-in (issue 16): a session that may not see the app stops here
        auth.sidebar_block(L)
        user = auth.current_user()
        dataset = state.widget(
            st.radio, t("sidebar.dataset", L), DATASETS, key="sidebar.dataset", default="demo",
            format_func=lambda key: t(f"dataset.{key}", L),
        )  # fmt: skip
        level = state.widget(
            st.radio, t("sidebar.level", L), LEVELS, key="sidebar.level", default="province",
            format_func=lambda key: t(f"level.{key}", L), horizontal=True,
        )  # fmt: skip
        provinces = cache.regions("province")
        if user.scope:  # a territory manager picks among the provinces of their scope
            provinces = provinces[provinces["region_id"].isin({rid[:2] + "0000" for rid in user.scope})]
        labels = dict(zip(provinces["region_id"], provinces["name" if L == "zh" else "name_en"], strict=True))
        everything = t("sidebar.all_in_scope" if user.scope else "sidebar.all_provinces", L)
        province = state.widget(
            st.selectbox, t("sidebar.province", L), ("", *labels), key="sidebar.province", default="",
            format_func=lambda rid: labels.get(rid, everything),
        )  # fmt: skip
        try:
            source = dataclasses.replace(_source(dataset, location), scope=user.scope)
            store = Store(location)
            store = store if store.exists() else None  # saved scenarios are there whichever data is shown
            names = scenarios.names(store)
        except StoreError as exc:  # locked, damaged, unreachable: say so once, and show the demo meanwhile
            st.error(exc.message(L), icon=":material/database:")
            source, store, names = dataclasses.replace(cache.DEMO, scope=user.scope), None, scenarios.names(None)
        name = state.widget(
            st.selectbox, t("sidebar.scenario", L), names, key="sidebar.scenario", default=scenarios.DEFAULT_NAME,
            format_func=lambda n: _scenario_label(n, L),
        )  # fmt: skip
        draft = st.session_state.get(DRAFT_KEY)
        if draft is not None and draft.name != name:  # another scenario was picked: the draft is dropped
            st.session_state.pop(DRAFT_KEY, None)
            draft = None
        scenario = draft or scenarios.load(name, store)
        if draft is not None:
            badge = t("scenario.draft_badge", L, name=literal(_scenario_label(name, L)))
            st.warning(badge, icon=":material/edit_note:")
    return Context(L, source, level, province or None, narrowed(user.scope, province), scenario, name,
                   draft is not None, location, _brand(source, None if source.is_demo else store),
                   user=user)  # fmt: skip


def narrowed(scope: tuple[str, ...], province: str) -> tuple[str, ...]:
    """What pages compute within: the sidebar's province as far as the user's scope reaches into it.

    >>> narrowed((), "450000"), narrowed(("450100", "440000"), "450000"), narrowed(("450000",), "")
    (('450000',), ('450100',), ('450000',))
    """
    if not province:
        return tuple(scope)
    if not scope or province in scope:
        return (province,)
    return tuple(rid for rid in scope if rid[:2] == province[:2])


def _brand(source: cache.Source, store: Store | None) -> tuple[str, str]:
    """Our brand's name: the demo's, the store's setting, or the catalog's "our brand"."""
    if source.is_demo:
        from analysis.demo import BRAND

        return BRAND
    from analysis.market.competition import brand_setting

    return brand_setting(store) or (t("brand.default", "zh"), t("brand.default", "en"))


def _scenario_label(name: str, lang_: str) -> str:
    key = f"scenario.preset.{name}"
    from analysis.i18n import CATALOG

    return t(key, lang_) if key in CATALOG else name


def _source(dataset: str, location: str) -> cache.Source:
    """The demo, or the store at its current versions (the demo again, with a note, when the store is empty)."""
    if dataset != "store":
        return cache.DEMO
    versions = cache.store_versions(location)
    if not versions:
        st.sidebar.info(t("dataset.store_empty", lang()))
        return cache.DEMO
    return cache.Source("store", location, versions)


def fragment(func):
    """`st.fragment`, with the same boundary as a page: a failure in a rerun of the part is one message."""
    import functools

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StoreError as exc:
            st.error(exc.message(lang()), icon=":material/database:")
        except Exception as exc:
            log.exception("part %s failed", func.__name__)
            st.error(t("error.page", lang(), kind=type(exc).__name__), icon=":material/error:")

    return st.fragment(guarded)


def run() -> None:
    """Build the context, run the chosen page, and report any failure as one message.

    The navigation is titled after the sidebar has run, so that a link's ``?lang=en`` names the
    pages in the language the page speaks from the first run.
    """
    read_url()
    try:
        ctx = sidebar()
    except StoreError as exc:
        st.error(exc.message(lang()), icon=":material/database:")
        ctx = None
    if ctx is not None:
        set_context(ctx)
        write_url(ctx)
    page = st.navigation(pages(lang()))
    follow_deep_link()  # now that the pages are registered, a path names one of them
    if ctx is None:
        return
    _run.in_frame = True
    try:
        page.run()
    except StoreError as exc:
        st.error(exc.message(ctx.lang), icon=":material/database:")
    except Exception as exc:
        log.exception("page %s failed", page.title)
        st.error(t("error.page", ctx.lang, kind=type(exc).__name__), icon=":material/error:")
    finally:
        _run.in_frame = False


_run = threading.local()  # whether this thread is running a page inside the frame (sessions run in threads)


FRAME_MARK = "_frame_ran"
DEEP_LINK = "_deep_link"


def mark_frame() -> None:
    """Note that the frame ran in this session (app.py calls it first)."""
    st.session_state[FRAME_MARK] = True


def follow_deep_link() -> None:
    """After `require_frame` sent a deep link to the frame, go on to the page it asked for (called by
    `run` once `st.navigation` has registered the pages)."""
    target = st.session_state.pop(DEEP_LINK, None)
    if target is not None:
        page, params = target
        st.switch_page(page, query_params=params)


def require_frame(page: str) -> None:
    """Make a deep link (say /map as the server's very first request) run inside the frame.

    A server's first request for /map runs pages/map.py on its own: until some session has called
    `st.navigation`, Streamlit serves the pages/ directory the old way. The page then notes where the
    person wanted to go and switches to app.py, which builds the frame and switches on to the page,
    query parameters and all — public API only, two quick reruns once per server. A page that runs on
    its own later in a session draws the sidebar itself.
    """
    if getattr(_run, "in_frame", False):
        return
    if not st.session_state.get(FRAME_MARK):
        read_url()  # the view the link holds, before the switch drops its query parameters
        st.session_state[DEEP_LINK] = (page, st.query_params.to_dict())
        st.switch_page("app.py")
    # The page runs on its own although the frame has run in this session (AppTest runs pages so):
    # draw the frame's sidebar here, so that the page sees this run's choices.
    ctx = sidebar()
    set_context(ctx)
