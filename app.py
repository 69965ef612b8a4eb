"""Territory Atlas: the frame. Page config, the shared sidebar, navigation over pages/."""

import streamlit as st

from analysis.config import STATIC_DIR
from analysis.i18n import LANGS, t
from ui.common import FRAME_MARK, lang, region_names, sidebar_choice

# A local icon file: a ":material/...:" page icon makes the browser fetch the favicon from a CDN.
st.set_page_config(page_title="Territory Atlas · 区域版图", page_icon=str(STATIC_DIR / "favicon.png"), layout="wide")
st.session_state[FRAME_MARK] = True

with st.sidebar:
    st.radio(
        t("sidebar.language", lang()),
        LANGS,
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
        key="lang",
        horizontal=True,
    )
    current = lang()
    sidebar_choice(st.radio, "dataset", ("demo", "store"), lambda key: t(f"dataset.{key}", current))
    sidebar_choice(
        st.radio, "level", ("province", "city", "county"), lambda key: t(f"level.{key}", current), horizontal=True
    )
    provinces = region_names().query("level == 'province'")
    labels = dict(zip(provinces["region_id"], provinces["name" if current == "zh" else "name_en"], strict=True))
    sidebar_choice(
        st.selectbox, "province", ("", *labels), lambda rid: labels.get(rid, t("sidebar.all_provinces", current))
    )

pages = [
    st.Page("pages/overview.py", title=t("page.overview", lang()), icon=":material/dashboard:", default=True),
    st.Page("pages/scoring.py", title=t("page.scoring", lang()), icon=":material/leaderboard:"),
    st.Page("pages/data.py", title=t("page.data", lang()), icon=":material/upload_file:"),
    st.Page("pages/map.py", title=t("page.map", lang()), icon=":material/map:"),
    st.Page("pages/competitors.py", title=t("page.competitors", lang()), icon=":material/groups:"),
    st.Page("pages/housing.py", title=t("page.housing", lang()), icon=":material/apartment:"),
    st.Page("pages/distributors.py", title=t("page.distributors", lang()), icon=":material/handshake:"),
    st.Page("pages/summary.py", title=t("page.summary", lang()), icon=":material/summarize:"),
]
st.navigation(pages).run()
