"""The one choropleth: any region layer at any level, classed or categorical, with labels and a selection.

Maps use `go.Choropleth` (SVG, d3-geo): it draws without WebGL and without tiles. The boundaries carry
clockwise exterior rings (what d3-geo expects), and the page passes a local `topojsonURL` so that
plotly.js never asks a CDN for its base map. A map is kept lean: one trace for the values (A/B/C
tiers as numeric codes on a stepped scale, not one trace per category), one grey trace for the
regions without data, and markers, labels and the selection outline that never take a click meant
for the region beneath them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import config
from analysis.charts.style import FONT, NO_DATA, SEQUENTIAL, TIER_COLOURS, layout
from analysis.charts.text import plain
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import t

CLASSIFICATIONS = ("quantile", "natural", "equal")
TIER_CODES = {"hold": 0, "C": 1, "B": 2, "A": 3}
SELECTED_LINE = "#222222"


def breaks(values, method: str = "quantile", k: int = 5) -> np.ndarray:
    """The k + 1 class bounds of `values` by quantiles, natural breaks (Jenks) or equal intervals.

    Parameters
    ----------
    values : array-like
        NaN ignored.
    method : {"quantile", "natural", "equal"}
    k : int, default 5

    Returns
    -------
    ndarray
        Increasing bounds, first the minimum and last the maximum (equal to the one before when the
        top class holds a single value); fewer classes when the values have fewer distinct levels.

    Examples
    --------
    >>> breaks([1, 2, 3, 4, 100], "equal", 2).tolist()
    [1.0, 50.5, 100.0]
    >>> breaks([1, 2, 3, 10, 11, 12], "natural", 2).tolist()
    [1.0, 10.0, 12.0]
    """
    if method not in CLASSIFICATIONS:
        raise ValueError(f"method must be one of {CLASSIFICATIONS}, got {method!r}")
    x = np.asarray(values, dtype=float)
    x = np.sort(x[np.isfinite(x)])
    if x.size == 0:
        return np.array([0.0, 1.0])
    if x[0] == x[-1]:
        return np.array([x[0], x[0] + 1.0])
    if method == "equal":
        return np.linspace(x[0], x[-1], k + 1)
    bounds = np.quantile(x, np.linspace(0, 1, k + 1)) if method == "quantile" else _jenks(x, k)
    # each class is [bound, next bound), the last one closed; a top class of one value keeps its own bound
    return np.append(np.unique(bounds[:-1]), x[-1])


def _jenks(x: np.ndarray, k: int, sample: int = 1500) -> np.ndarray:
    """Natural breaks: the split of sorted `x` into k runs with the least within-class squared error.

    Dynamic programming over prefix sums; above `sample` values an evenly spread sample is used, as
    mapclassify's FisherJenksSampled does.
    """
    if x.size > sample:
        x = x[np.linspace(0, x.size - 1, sample).astype(int)]
    n = x.size
    k = min(k, n)
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    i, j = np.triu_indices(n)  # class from i to j inclusive

    def sse(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        count = hi - lo + 1
        total = s1[hi + 1] - s1[lo]
        return s2[hi + 1] - s2[lo] - total * total / count

    cost = np.full((n, n), np.inf)
    cost[i, j] = sse(i, j)
    best = cost[0].copy()  # one class ending at j
    cuts: list[np.ndarray] = []
    for _ in range(1, k):
        # best[j'] for the classes before + cost of the last class (j'+1 .. j)
        total = best[:-1, None] + cost[1:, :]
        choice = np.argmin(total, axis=0)
        best = np.concatenate([[np.inf], total[choice[1:], np.arange(1, n)]])
        cuts.append(choice)
    bounds = [x[-1]]  # each class's lowest value, so that a class is [bound, next bound)
    end = n - 1
    for choice in reversed(cuts):
        start = choice[end] + 1
        bounds.append(x[start])
        end = start - 1
    bounds.append(x[0])
    return np.array(sorted(bounds))


def _stepped(colours: Sequence[str]) -> list[list]:
    """A colour scale with one flat band per class (for integer codes 0..n-1)."""
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _palette(n: int, colours: Sequence[str]) -> list[str]:
    """The given number of colours spread over a scale's stops."""
    positions = np.linspace(0, len(colours) - 1, n).round().astype(int)
    return [colours[p] for p in positions]


def region_map(
    frame: pd.DataFrame,
    level: str,
    column: str,
    kind: str,
    lang: str,
    *,
    title: str = "",
    classification: str | None = "quantile",
    k: int = 5,
    colours: Sequence[str] = SEQUENTIAL,
    categories: Mapping[str, tuple[str, str]] | None = None,
    selected: str | None = None,
    markers: pd.DataFrame | None = None,
    bubbles: pd.Series | None = None,
    labels: pd.DataFrame | None = None,
    height: int = 620,
    geometry: str = "url",
) -> go.Figure:
    """A choropleth of `frame[column]` over the regions of `level` listed in `frame.region_id`.

    Parameters
    ----------
    frame : DataFrame
        One row per region in view: region_id, name, name_en and `column` (NaN = no data).
    level : {"province", "city", "county"}
    column, kind : str
        The values and their kind (`analysis.formats.KINDS`; "tier" for A/B/C/hold, "category" with
        `categories`).
    lang : {"zh", "en"}
    title : str
        The colour bar's title.
    classification : {"quantile", "natural", "equal"} or None
        How numbers are classed into `k` stepped colours; None for a continuous scale.
    categories : mapping of value → (label, colour), optional
        For a categorical layer (kind "category"), in legend order.
    selected : str, optional
        A region outlined (the rest keeps its colours).
    markers : DataFrame, optional
        lon, lat, name, name_en of marked regions (the shortlist), drawn as dots that let clicks through.
    bubbles : Series, optional
        Sizes (same index as `frame`) drawn as circles at each region's point.
    labels : DataFrame, optional
        lon, lat, name, name_en of place labels.
    height : int
    geometry : {"url", "inline"}
        "url": every trace names the level's geometry file (static/geo, served by the app), which the
        browser fetches once and reuses, so the figure carries only values; "inline": the features in
        view go into the figure (for images rendered away from the app).

    Returns
    -------
    go.Figure
        The values trace is named "values" (clicks on it carry the region_id as `location`).
    """
    names = (frame["name"] if lang == "zh" else frame["name_en"]).map(plain)
    raw = frame[column]
    title = plain(title)
    if geometry not in ("url", "inline"):
        raise ValueError(f"geometry must be 'url' or 'inline', got {geometry!r}")

    def shapes(region_ids) -> dict | str:
        if geometry == "url":
            return f"{config.GEO_URL}{level}.json"
        return boundaries.subset_geojson(level, frozenset(region_ids))

    fig = go.Figure()
    if kind in ("tier", "category"):
        order = categories or {key: (_tier_label(key, lang), TIER_COLOURS[key]) for key in TIER_CODES}
        codes = {key: i for i, key in enumerate(order)}
        z = raw.map(codes).astype(float).to_numpy()
        text = [plain(order[v][0]) if v in order else "–" for v in raw]
        colorscale = _stepped([colour for _, colour in order.values()])
        colorbar = {"tickvals": list(range(len(order))), "ticktext": [plain(label) for label, _ in order.values()]}
        zmin, zmax = -0.5, len(order) - 0.5
    else:
        z = raw.astype(float).to_numpy()
        text = [plain(fmt(v, kind, lang)) for v in z]
        finite = z[np.isfinite(z)]
        if classification and finite.size:
            bounds = breaks(finite, classification, k)
            code = np.clip(np.searchsorted(bounds, z, side="right") - 1, 0, len(bounds) - 2).astype(float)
            code[~np.isfinite(z)] = np.nan
            n = len(bounds) - 1
            colorscale = _stepped(_palette(n, colours))
            ticks = [plain(f"{fmt(bounds[i], kind, lang)} – {fmt(bounds[i + 1], kind, lang)}") for i in range(n)]
            colorbar = {"tickvals": list(range(n)), "ticktext": ticks}
            z, zmin, zmax = code, -0.5, n - 0.5
        else:
            colorscale = [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]
            colorbar = {}
            zmin = float(finite.min()) if finite.size else 0.0
            zmax = float(finite.max()) if finite.size and finite.max() > finite.min() else zmin + 1.0
    has_value = np.isfinite(z)
    width = 0.15 if level == "county" else 0.5
    missing = frame[~has_value]
    if not missing.empty:  # regions without data stay visible, in grey, rather than vanish
        fig.add_trace(
            go.Choropleth(
                geojson=shapes(missing["region_id"]),
                featureidkey="id",
                locations=missing["region_id"].tolist(),
                z=np.zeros(len(missing)),
                colorscale=[[0, NO_DATA], [1, NO_DATA]],
                showscale=False,
                marker_line_color="white",
                marker_line_width=width,
                text=names[~has_value].tolist(),
                hovertemplate="<b>%{text}</b><br>" + t("map.no_data", lang) + "<extra></extra>",
                name="no_data",
            )
        )
    present = frame[has_value]
    fig.add_trace(
        go.Choropleth(
            geojson=shapes(present["region_id"]),
            featureidkey="id",
            locations=present["region_id"].tolist(),
            z=z[has_value],
            zmin=zmin,
            zmax=zmax,
            colorscale=colorscale,
            colorbar={**colorbar, "title": {"text": title}, "thickness": 12, "len": 0.7},
            marker_line_color="white",
            marker_line_width=width,
            text=names[has_value].tolist(),
            customdata=[v for v, ok in zip(text, has_value, strict=True) if ok],
            hovertemplate="<b>%{text}</b><br>" + title + ": %{customdata}<extra></extra>",
            name="values",
        )
    )
    if bubbles is not None:
        size = bubbles.astype(float).clip(lower=0).fillna(0)
        scale = 40 / np.sqrt(size.max()) if size.max() > 0 else 0
        fig.add_trace(_points(frame, lang, size=np.sqrt(size) * scale, colour="rgba(33,102,172,0.35)", name="bubbles"))
    if markers is not None and not markers.empty:
        fig.add_trace(_points(markers, lang, size=9, colour="#d7191c", name="shortlist", line="white"))
    if selected is not None and selected in set(frame["region_id"]):
        fig.add_trace(
            go.Choropleth(
                geojson=shapes([selected]),
                featureidkey="id",
                locations=[selected],
                z=[0],
                colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
                showscale=False,
                marker_line_color=SELECTED_LINE,
                marker_line_width=2.5,
                hoverinfo="skip",
                name="selected",
            )
        )
    if labels is not None and not labels.empty:
        fig.add_trace(
            go.Scattergeo(
                lon=labels["lon"],
                lat=labels["lat"],
                text=(labels["name"] if lang == "zh" else labels["name_en"]).map(plain).tolist(),
                mode="text",
                textfont={"family": FONT, "size": 10, "color": "#222222"},
                hoverinfo="skip",
                showlegend=False,
                name="labels",
            )
        )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    layout(fig, height=height, legend=False)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, clickmode="event+select", dragmode="pan")
    return fig


def _points(frame: pd.DataFrame, lang: str, *, size, colour: str, name: str, line: str | None = None):
    """Markers at the regions' points that never take a click (hover and click go to the region beneath)."""
    return go.Scattergeo(
        lon=frame["lon"],
        lat=frame["lat"],
        text=(frame["name"] if lang == "zh" else frame["name_en"]).map(plain).tolist(),
        mode="markers",
        marker={"size": size, "color": colour, "line": {"color": line or colour, "width": 1.0 if line else 0.6}},
        hoverinfo="skip",
        showlegend=False,
        name=name,
    )


def _tier_label(tier: str, lang: str) -> str:
    return t("map.tier.hold", lang) if tier == "hold" else tier


def selected_region(event, frame: pd.DataFrame) -> str | None:
    """The region_id a click on the values trace selected, from Streamlit's selection event."""
    if not event:
        return None
    known = set(frame["region_id"])
    for point in event.get("selection", {}).get("points", []):
        location = point.get("location")
        if location is not None and str(location) in known:
            return str(location)
    return None


def layer_figure(
    view: pd.DataFrame,
    level: str,
    layer,
    lang: str,
    *,
    classification: str | None = "quantile",
    selected: str | None = None,
    shortlist: frozenset[str] = frozenset(),
    bubbles: str | None = None,
    labels: pd.DataFrame | None = None,
    height: int = 640,
    geometry: str = "url",
) -> go.Figure:
    """The Map Explorer's figure for one layer (`analysis.market.maps.Layer`) of the regions in view."""
    marked = view[view["region_id"].isin(shortlist)] if shortlist else None
    size = view[bubbles] if bubbles and bubbles in view else None
    return region_map(
        view,
        level,
        layer.column,
        layer.kind,
        lang,
        title=t(f"map.layer.{layer.key}", lang),
        classification=None if layer.kind in ("tier", "growth") else classification,
        colours=layer.colours,
        selected=selected,
        markers=marked,
        bubbles=size,
        labels=labels,
        height=height,
        geometry=geometry,
    )
