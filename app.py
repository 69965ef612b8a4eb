"""Territory Atlas: the frame. Page config, the shared sidebar, navigation over pages/."""

import streamlit as st

from analysis.config import STATIC_DIR
from ui.frame import mark_frame, run

# A local icon file: a ":material/...:" page icon makes the browser fetch the favicon from a CDN.
st.set_page_config(page_title="Territory Atlas · 区域版图", page_icon=str(STATIC_DIR / "favicon.png"), layout="wide")
mark_frame()
run()
