"""One layout and one colour system for every figure."""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.charts.text import plain
from analysis.formats import Scale, scale_for

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
INK = "#333333"
MUTED = "#8c8c8c"
NO_DATA = "#e6e6e6"
BRAND = "#c0392b"  # our brand, the actual in a trend
SECOND = "#f0a58f"  # a second series beside ours
PLAN = "#8c8c8c"
FORECAST = "#d9822b"
GAIN, LOSS = "#2e7d32", "#c62828"
TIER_COLOURS = {"A": "#b2182b", "B": "#ef8a62", "C": "#fddbc7", "hold": "#8c8c8c"}
STATUS_COLOURS = {
    "completed": "#2166ac", "under_construction": "#67a9cf", "planned": "#d1e5f0",
    "prospect": "#fdae61", "active": "#1a9641", "ended": "#bababa",
}  # fmt: skip
# Sequential scales for quantities, a diverging one (red–blue around zero) for growth.
SEQUENTIAL = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#8c2d04")
SEQUENTIAL_BLUE = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
GREENS = ("#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b")
PURPLES = ("#fcfbfd", "#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d")
DIVERGING = ("#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac")


def layout(fig: go.Figure, *, height: int = 340, legend: bool | None = None, title: str = "") -> go.Figure:
    """The one layout.

    The CJK font, tight margins, a transparent background, a legend only when asked (or when more than one trace is
    shown), horizontal above the plot.
    """
    shown = [trace for trace in fig.data if trace.showlegend is not False]
    fig.update_layout(
        height=height,
        font={"family": FONT, "color": INK},
        margin={"l": 8, "r": 8, "t": 36 if title else 8, "b": 8},
        title={"text": title, "x": 0.01, "font": {"size": 14}} if title else None,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        showlegend=len(shown) > 1 if legend is None else legend,
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def value_axis(values, kind: str, label: str, lang: str) -> tuple[Scale, dict]:
    """The scale for a quantity axis and its layout: zero-based, unit in the title, the language's steps."""
    scale = scale_for(values, kind, lang)
    axis = {
        "title": {"text": plain(scale.title(label, lang))},
        "tickformat": scale.d3(),
        "rangemode": "tozero" if kind not in ("growth", "index") else "normal",
        "gridcolor": "#eeeeee",
        "zerolinecolor": "#bbbbbb",
    }
    return scale, axis
