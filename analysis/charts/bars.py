"""Bar charts: one series, grouped or stacked series, signed contributions — all on zero-based axes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from analysis.charts.style import BRAND, GAIN, LOSS, MUTED, layout, value_axis
from analysis.charts.text import plain
from analysis.formats import fmt


def bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    kind: str,
    lang: str,
    *,
    axis_label: str,
    colours: Sequence[str] | None = None,
    horizontal: bool = False,
    stacked: bool = False,
    height: int = 320,
    title: str = "",
) -> go.Figure:
    """Bars of one or more series over `categories`, the value axis zero-based and in the language's unit.

    Parameters
    ----------
    categories : sequence of str
        The bar labels, in display order, shown as written (a newline breaks the line).
    series : mapping of series name → values
        One entry draws a plain bar chart (and no legend); several are grouped, or stacked.
    kind : str
        The values' kind (`analysis.formats.KINDS`), which sets the axis unit and the hover text.
    lang : {"zh", "en"}
    axis_label : str
        The value axis title (its unit is appended).
    colours : sequence of str, optional
        One per series (or one per bar for a single series).
    horizontal, stacked : bool
    height : int
    title : str
    """
    every = np.concatenate([np.asarray(v, dtype=float) for v in series.values()]) if series else np.zeros(0)
    scale, axis = value_axis(every, kind, axis_label, lang)
    fig = go.Figure()
    palette = list(colours) if colours else [BRAND, "#f0a58f", "#8c8c8c", "#2166ac", "#67a9cf"]
    labels = ["<br>".join(plain(part) for part in str(c).split("\n")) for c in categories]
    for i, (name, values) in enumerate(series.items()):
        name = plain(name)
        values = np.asarray(values, dtype=float)
        per_bar = len(series) == 1 and colours and len(colours) == len(categories)
        colour = palette if per_bar else palette[i % len(palette)]
        shown = values / scale.divisor
        hover = [plain(fmt(v, kind, lang)) for v in values]
        fig.add_bar(
            x=shown if horizontal else labels,
            y=labels if horizontal else shown,
            orientation="h" if horizontal else "v",
            name=name,
            marker_color=colour,
            customdata=hover,
            hovertemplate="%{" + ("y" if horizontal else "x") + "}: %{customdata}<extra>" + name + "</extra>",
        )
    layout(fig, height=height, title=plain(title))
    fig.update_layout(barmode="stack" if stacked else "group")
    if horizontal:
        fig.update_layout(xaxis=axis, yaxis={"autorange": "reversed", "type": "category"})
    else:
        fig.update_layout(yaxis=axis, xaxis={"type": "category"})
    return fig


def contributions(
    labels: Sequence[str],
    values: Sequence[float],
    lang: str,
    *,
    missing: str,
    height: int | None = None,
    title: str = "",
) -> go.Figure:
    """One horizontal bar per criterion: its signed contribution to a score, a missing one in grey."""
    values = np.asarray(values, dtype=float)
    text = [plain(missing) if np.isnan(v) else f"{v:+.3f}" for v in values]
    colours = [MUTED if np.isnan(v) else (GAIN if v >= 0 else LOSS) for v in values]
    fig = go.Figure(
        go.Bar(
            x=np.nan_to_num(values),
            y=[plain(label) for label in labels],
            orientation="h",
            text=text,
            textposition="outside",
            marker_color=colours,
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    )
    low = min(0.0, float(np.nanmin(np.append(values, 0))) * 1.3)
    high = float(np.nanmax(np.append(values, 0.01))) * 1.3
    layout(fig, height=height or 90 + 34 * len(labels), title=plain(title), legend=False)
    fig.update_layout(yaxis={"autorange": "reversed"}, xaxis={"zeroline": True, "range": [low, high]})
    return fig
