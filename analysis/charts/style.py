"""Plotly figures, built from tidy frames; no Streamlit here.

Maps use `go.Choropleth` (SVG, d3-geo): it draws without WebGL and without tiles. The
boundaries carry clockwise exterior rings (what d3-geo expects), and the page passes a
local `topojsonURL` so that plotly.js never asks a CDN for its base map.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import region_label, t

SEQUENTIAL = "YlOrRd"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def money_scale(lang: str) -> tuple[float, str]:
    """Divisor and unit for money on a colour bar: 万元 in Chinese, yuan (SI ticks) in English."""
    return (1e4, "万元") if lang == "zh" else (1.0, "CNY")


def hover_money(frame: pd.DataFrame, lang: str, value: str = "revenue") -> list[str]:
    """One hover line per row: name, revenue, units, YoY."""
    names = [region_label(n, e, lang) for n, e in zip(frame["name"], frame["name_en"], strict=True)]
    return [
        f"<b>{name}</b><br>{t('col.revenue', lang)}: {fmt(rev, 'money', lang)}"
        f"<br>{t('col.units', lang)}: {fmt(units, 'count', lang)}"
        f"<br>{t('col.yoy', lang)}: {fmt(yoy, 'growth', lang)}"
        for name, rev, units, yoy in zip(names, frame[value], frame["units"], frame["yoy"], strict=True)
    ]


def choropleth(
    frame: pd.DataFrame,
    level: str,
    value: str,
    *,
    hover: list[str],
    colorbar_title: str,
    title: str = "",
    colorscale: str | list = SEQUENTIAL,
    scale: float = 1.0,
    height: int = 560,
) -> go.Figure:
    """A choropleth of `frame[value] / scale` over the regions of `level` listed in `frame.region_id`.

    One trace; only the features of the listed regions are sent to the browser.
    """
    ids = frozenset(frame["region_id"])
    z = frame[value].astype(float).to_numpy() / scale
    finite = z[np.isfinite(z)]
    fig = go.Figure(
        go.Choropleth(
            geojson=boundaries.subset_geojson(level, ids),
            featureidkey="id",
            locations=frame["region_id"].tolist(),
            z=z,
            zmin=float(finite.min()) if finite.size else 0.0,
            zmax=float(finite.max()) if finite.size and finite.max() > finite.min() else 1.0,
            colorscale=colorscale,
            marker_line_color="white",
            marker_line_width=0.4 if level != "county" else 0.15,
            hovertext=hover,
            hoverinfo="text",
            colorbar={"title": {"text": colorbar_title}, "thickness": 12, "len": 0.75, "tickformat": ",.0f"},
        )
    )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection_type="mercator",
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        title={"text": title, "x": 0.01} if title else None,
        height=height,
        margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0},
        font={"family": FONT},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig
