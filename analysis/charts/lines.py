"""Line charts over months: actual against plan, a forecast with its band, one region's history."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import BRAND, FORECAST, PLAN, layout, value_axis
from analysis.charts.text import plain
from analysis.formats import fmt


def monthly(
    months: Sequence[str],
    lines: dict[str, tuple[Sequence[float], dict]],
    kind: str,
    lang: str,
    *,
    axis_label: str,
    forecast: pd.DataFrame | None = None,
    forecast_name: str = "",
    band_name: str = "",
    height: int = 360,
) -> go.Figure:
    """Series over calendar months, zero-based; a forecast (month, forecast, lower, upper) continues them.

    Parameters
    ----------
    months : sequence of "YYYY-MM"
    lines : mapping of name → (values, style)
        style: "colour", "dash" ("solid", "dash", "dot"), "markers" (bool).
    kind, lang, axis_label
        As in `analysis.charts.bars.bars`.
    forecast : DataFrame, optional
        Drawn from the last month of the first line, with its band shaded (the band is in the
        legend only when it is drawn).
    """
    values = [np.asarray(v, dtype=float) for v, _ in lines.values()]
    extra = [forecast[c].to_numpy(dtype=float) for c in ("forecast", "upper")] if forecast is not None else []
    scale, axis = value_axis(np.concatenate([*values, *extra]) if values else [], kind, axis_label, lang)
    fig = go.Figure()
    months = [plain(m) for m in months]
    order = list(months)
    hover = "%{x}<br>%{customdata}<extra>%{fullData.name}</extra>"
    if forecast is not None and len(forecast):
        f = forecast.assign(month=[plain(m) for m in forecast["month"]])
        order += [m for m in f["month"] if m not in order]
        banded = f[["lower", "upper"]].notna().all(axis=1)
        if banded.any():  # a band without bounds (too short a history for one) is neither drawn nor in the legend
            b = f[banded]
            fig.add_scatter(
                x=b["month"], y=b["upper"] / scale.divisor, mode="lines", line_width=0, showlegend=False,
                hoverinfo="skip",
            )  # fmt: skip
            fig.add_scatter(
                x=b["month"],
                y=b["lower"] / scale.divisor,
                mode="lines",
                line_width=0,
                fill="tonexty",
                fillcolor="rgba(217,130,43,0.2)",
                name=plain(band_name),
                hoverinfo="skip",
            )
        first = values[0] if values else np.zeros(0)
        anchor_x = [months[-1]] if len(months) else []
        anchor_y = [first[-1]] if len(first) else []
        ys = np.array([*anchor_y, *f["forecast"]], dtype=float)
        fig.add_scatter(
            x=[*anchor_x, *f["month"]],
            y=ys / scale.divisor,
            customdata=[plain(fmt(v, kind, lang)) for v in ys],
            mode="lines+markers",
            line={"color": FORECAST, "dash": "dot", "width": 2},
            name=plain(forecast_name),
            hovertemplate=hover,
        )
    for (name, (_, style)), ys in zip(lines.items(), values, strict=True):
        fig.add_scatter(
            x=list(months),
            y=ys / scale.divisor,
            customdata=[plain(fmt(v, kind, lang)) for v in ys],
            mode="lines+markers" if style.get("markers", True) else "lines",
            line={"color": style.get("colour", BRAND), "dash": style.get("dash", "solid"), "width": 2.2},
            marker_size=5,
            name=plain(name),
            hovertemplate=hover,
        )
    layout(fig, height=height)
    fig.update_layout(
        yaxis=axis,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "tickangle": -45},
        hovermode="x unified",
    )
    return fig


PLAN_STYLE = {"colour": PLAN, "dash": "dash", "markers": False}
ACTUAL_STYLE = {"colour": BRAND, "markers": True}
