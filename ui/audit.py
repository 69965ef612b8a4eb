"""The audit trail on the Data page: who imported, restored, mapped or saved what, filterable, downloadable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.formats import fmt
from analysis.i18n import t
from analysis.io.audit import ACTION_PREFIXES, SHOWN, kind_label, prefix_label, readable, since_of
from analysis.io.store import Store, StoreError
from analysis.io.store.base import AUDIT_COLUMNS
from analysis.schemas import KINDS
from ui import state
from ui.context import Context
from ui.tables import download, table

LIMIT = 5_000  # the newest entries a filter looks through on the page (the command line has no limit)


def audit_panel(ctx: Context) -> None:
    """The trail of the session's store, newest first, filtered by user, action, kind and date."""
    L = ctx.lang
    st.subheader(t("audit.title", L))
    st.caption(t("audit.caption", L))
    store = Store(ctx.store_location)
    try:
        everything = store.audit(limit=LIMIT) if store.exists() else pd.DataFrame(columns=AUDIT_COLUMNS)
    except StoreError as exc:  # locked, damaged, unreachable: named, the rest of the page stays usable
        st.error(t("data.store_failed", L, detail=exc.message(L)))
        return
    users = sorted({str(u) for u in everything["user_name"].dropna()})
    every = t("audit.filter.all", L)
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        user = state.widget(st.selectbox, t("audit.filter.user", L), ("", *users), key="data.audit_user", default="",
                            format_func=lambda u: u or every)  # fmt: skip
    with c2:
        action = state.widget(st.selectbox, t("audit.filter.action", L), ("", *ACTION_PREFIXES),
                              key="data.audit_action", default="",
                              format_func=lambda a: prefix_label(a, L) if a else every)  # fmt: skip
    with c3:
        kind = state.widget(st.selectbox, t("audit.filter.kind", L), ("", *KINDS), key="data.audit_kind", default="",
                            format_func=lambda k: kind_label(k, L) if k else every)  # fmt: skip
    with c4:
        since = state.widget(st.date_input, t("audit.filter.since", L), key="data.audit_since", value=None)
    if not store.exists():
        st.info(t("audit.empty", L))
        return
    trail = store.audit(user=user or None, action=action or None, kind=kind or None, since=since_of(since),
                        limit=LIMIT)  # fmt: skip
    if trail.empty:
        st.info(t("audit.empty", L))
        return
    shown = readable(trail, L)
    st.caption(t("audit.count", L, n=fmt(len(shown), "count", L)))
    table(shown, list(SHOWN), L, key="data.audit_table", wide=("audit_detail",))
    download({t("audit.title", L): shown}, t("audit.download", L), L, key="data.audit_download")
