"""The pages of the app, in the order of the navigation."""

from __future__ import annotations

import streamlit as st

from analysis.i18n import t

PAGES = (
    ("overview", ":material/dashboard:"),
    ("scoring", ":material/leaderboard:"),
    ("map", ":material/map:"),
    ("competitors", ":material/groups:"),
    ("housing", ":material/apartment:"),
    ("distributors", ":material/handshake:"),
    ("territories", ":material/grid_view:"),
    ("summary", ":material/summarize:"),
    ("data", ":material/upload_file:"),
)


def pages(lang: str) -> list:
    """The st.Page objects, titled in `lang`; the overview is the default."""
    return [
        st.Page(f"pages/{name}.py", title=t(f"page.{name}", lang), icon=icon, default=name == "overview")
        for name, icon in PAGES
    ]
