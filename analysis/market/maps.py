"""Map Explorer: layers, drill-down scope and the map figure (one choropleth trace).

The figure is kept lean because the national county map is ~2,900 polygons: one
choropleth trace (A/B/C/hold as numeric codes with a stepped colour scale instead of one
trace per category), hover text from a compact template, and only the features of the
regions in view.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.geo import boundaries
from analysis.i18n import t
from analysis.market.housing import pipeline_by_year

TIER_CODES = {"A": 3, "B": 2, "C": 1, "hold": 0}
TIER_COLOURS = {"A": "#b2182b", "B": "#ef8a62", "C": "#fddbc7", "hold": "#8c8c8c"}
NO_DATA = "#e6e6e6"
MAIN_TRACE = "values"


@dataclass(frozen=True)
class Layer:
    key: str
    column: str
    kind: str  # "tier" | "money" | "units" | "share" | "growth" | "index" | "score"
    colorscale: str = "YlOrRd"


LAYERS: dict[str, Layer] = {
    layer.key: layer
    for layer in (
        Layer("tier", "tier", "tier"),
        Layer("score", "score", "score", "Viridis"),
        Layer("capacity", "capacity_units", "units", "YlGnBu"),
        Layer("whitespace", "whitespace_units", "units", "YlGn"),
        Layer("housing", "housing_3y_units", "units", "PuBu"),
        Layer("hhi", "hhi", "index", "OrRd"),
        Layer("leader_share", "leader_share", "share", "OrRd"),
        Layer("revenue", "our_revenue", "money", "YlOrRd"),
        Layer("our_share", "our_share", "share", "YlOrRd"),
        Layer("yoy", "yoy_growth", "growth", "RdBu"),
    )
}


@dataclass(frozen=True)
class Scope:
    """Where the map is: the whole country, one province or one city."""

    kind: str = "country"  # "country" | "province" | "city"
    region_id: str | None = None


def view_level(scope: Scope, preferred: str) -> str:
    """The level drawn at `scope`: the sidebar's level nationally; cities (or counties) in a
    province; counties in a city."""
    if scope.kind == "country":
        return preferred
    if scope.kind == "province":
        return "county" if preferred == "county" else "city"
    return "county"


def drill(scope: Scope, level: str, region: pd.Series) -> Scope | None:
    """The scope a click on `region` (a row of the region table at `level`) opens, or None when
    the click should select the region for its panel instead (counties, or the deepest view)."""
    if scope.kind == "country":
        return Scope("province", str(region["province_id"]))
    if scope.kind == "province" and level == "city":
        return Scope("city", str(region["region_id"]))
    return None


def scope_regions(scope: Scope, level: str) -> pd.DataFrame:
    """Regions of `level` inside `scope`."""
    regions = boundaries.load_regions(level)
    if scope.kind == "province":
        regions = regions[regions["province_id"] == scope.region_id]
    elif scope.kind == "city":
        regions = regions[regions["city_id"] == scope.region_id]
    return regions.reset_index(drop=True)


def in_view(table: pd.DataFrame, scope: Scope, level: str) -> pd.DataFrame:
    """Every region of `level` inside `scope`, with its row of `table` where it has one
    (Taiwan, Hong Kong and Macao have boundaries but usually no data)."""
    regions = scope_regions(scope, level)[["region_id", "name", "name_en", "lon", "lat", "parent_id", "province_id"]]
    extra = [c for c in table.columns if c not in regions.columns or c == "region_id"]
    return regions.merge(table[extra], on="region_id", how="left")


def filter_regions(
    frame: pd.DataFrame,
    *,
    tiers: list[str] | None = None,
    gates: list[str] | None = None,
    score_range: tuple[float, float] = (0.0, 1.0),
) -> pd.DataFrame:
    """Keep regions whose tier and gate are among those chosen (all when none chosen) and whose
    score lies in `score_range` (regions without a score are kept only by the full range)."""
    keep = pd.Series(True, index=frame.index)
    if tiers:
        keep &= frame["tier"].isin(tiers)
    if gates:
        keep &= frame["gate"].isin(gates)
    low, high = score_range
    if (low, high) != (0.0, 1.0):
        keep &= frame["score"].between(low, high)
    return frame[keep]


def breadcrumb(scope: Scope) -> list[tuple[Scope, str, str]]:
    """The path from the country to `scope`: (scope, name_zh, name_en) per step."""
    regions = boundaries.load_regions()
    names = {(r.level, r.region_id): (r.name, r.name_en) for r in regions.itertuples()}
    path = [(Scope(), "全国", "China")]
    if scope.kind in ("province", "city"):
        province_id = scope.region_id if scope.kind == "province" else _province_of_city(scope.region_id)
        path.append((Scope("province", province_id), *names[("province", province_id)]))
    if scope.kind == "city":
        path.append((scope, *names[("city", scope.region_id)]))
    return path


def _province_of_city(city_id: str) -> str:
    cities = boundaries.load_regions("city").set_index("region_id")
    return str(cities.loc[city_id, "province_id"])


def format_value(value: float | str, kind: str, lang: str) -> str:
    if kind == "tier":
        return t("map.tier.hold", lang) if value == "hold" else ("–" if pd.isna(value) else str(value))
    if kind == "money":
        return fmt(value, "money", lang)
    if kind in ("share",):
        return fmt(value, "share", lang)
    if kind == "growth":
        return fmt(value, "growth", lang)
    if kind == "score":
        return "–" if pd.isna(value) else f"{value:.3f}"
    return fmt(value, "count", lang)


def map_figure(
    frame: pd.DataFrame,
    level: str,
    layer: Layer,
    lang: str,
    *,
    shortlist: frozenset[str] = frozenset(),
    bubbles: str | None = None,
    height: int = 620,
) -> go.Figure:
    """The Map Explorer figure.

    Parameters
    ----------
    frame : DataFrame
        One row per region in view with region_id, name, name_en, lon, lat and the
        layer's column (and `tier` for the tier layer).
    level : {"province", "city", "county"}
    layer : Layer
    shortlist : frozenset of region_id
        Target markets, drawn as red dots (the field guide's marked markets).
    bubbles : column name, optional
        Draw circles sized by this column at each region's representative point.

    Returns
    -------
    go.Figure with one choropleth trace, plus a bubble and a shortlist trace when asked.
    """
    names = frame["name"] if lang == "zh" else frame["name_en"]
    values = frame[layer.column]
    labels = [format_value(v, layer.kind, lang) for v in values]
    label = t(f"map.layer.{layer.key}", lang)
    if layer.kind == "tier":
        z = values.map(TIER_CODES).astype(float).to_numpy()
        colorscale = _stepped([TIER_COLOURS[k] for k in ("hold", "C", "B", "A")])
        colorbar = {
            "tickvals": [0, 1, 2, 3],
            "ticktext": [t("map.tier.hold", lang), "C", "B", "A"],
            "title": {"text": label},
        }
        zmin, zmax = -0.5, 3.5
    else:
        z = values.astype(float).to_numpy()
        finite = z[np.isfinite(z)]
        colorscale = layer.colorscale
        colorbar = {
            "title": {"text": label},
            "tickformat": ",.2~f" if layer.kind in ("share", "growth", "score") else ",.0f",
        }
        if layer.kind == "growth" and finite.size:
            bound = float(np.nanpercentile(np.abs(finite), 95)) or 1.0
            zmin, zmax = -bound, bound
        else:
            zmin = float(finite.min()) if finite.size else 0.0
            zmax = float(finite.max()) if finite.size and finite.max() > finite.min() else zmin + 1.0
    has_value = np.isfinite(z)
    fig = go.Figure()
    missing = frame[~has_value]
    if not missing.empty:  # regions without data stay visible, in grey, rather than vanish
        fig.add_trace(
            go.Choropleth(
                geojson=boundaries.subset_geojson(level, frozenset(missing["region_id"])),
                featureidkey="id",
                locations=missing["region_id"].tolist(),
                z=np.zeros(len(missing)),
                colorscale=[[0, NO_DATA], [1, NO_DATA]],
                showscale=False,
                marker_line_color="white",
                marker_line_width=0.15 if level == "county" else 0.5,
                text=(missing["name"] if lang == "zh" else missing["name_en"]).tolist(),
                hovertemplate="<b>%{text}</b><br>" + t("map.no_data", lang) + "<extra></extra>",
                name=t("map.no_data", lang),
            )
        )
    present = frame[has_value]
    fig.add_trace(
        go.Choropleth(
            geojson=boundaries.subset_geojson(level, frozenset(present["region_id"])),
            featureidkey="id",
            locations=present["region_id"].tolist(),
            z=z[has_value],
            zmin=zmin,
            zmax=zmax,
            colorscale=colorscale,
            colorbar={**colorbar, "thickness": 12, "len": 0.7},
            marker_line_color="white",
            marker_line_width=0.15 if level == "county" else 0.5,
            text=names[has_value].tolist(),
            customdata=[label for label, ok in zip(labels, has_value, strict=True) if ok],
            hovertemplate="<b>%{text}</b><br>" + label + ": %{customdata}<extra></extra>",
            name=label,
        )
    )
    if bubbles and bubbles in frame:
        size = frame[bubbles].astype(float).clip(lower=0).fillna(0)
        scale = 40 / np.sqrt(size.max()) if size.max() > 0 else 0
        fig.add_trace(
            go.Scattergeo(
                lon=frame["lon"],
                lat=frame["lat"],
                text=names,
                mode="markers",
                marker={
                    "size": np.sqrt(size) * scale,
                    "color": "rgba(33,102,172,0.35)",
                    "line": {"color": "rgba(33,102,172,0.9)", "width": 0.6},
                },
                hoverinfo="skip",
                name=t(f"map.bubble.{bubbles}", lang),
                showlegend=False,
            )
        )
    marked = frame[frame["region_id"].isin(shortlist)]
    if not marked.empty:
        fig.add_trace(
            go.Scattergeo(
                lon=marked["lon"],
                lat=marked["lat"],
                text=(marked["name"] if lang == "zh" else marked["name_en"]),
                mode="markers",
                marker={"size": 9, "color": "#d7191c", "line": {"color": "white", "width": 1.2}},
                hovertemplate="<b>%{text}</b><br>" + t("map.shortlisted", lang) + "<extra></extra>",
                name=t("map.shortlist", lang),
                showlegend=False,
            )
        )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        font={"family": FONT},
        paper_bgcolor="rgba(0,0,0,0)",
        clickmode="event+select",
        dragmode=False,
    )
    return fig


def _stepped(colours: list[str]) -> list[list]:
    """A colour scale with one flat band per category (for integer codes 0..n-1)."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def selected_region(event: dict | None, frame: pd.DataFrame) -> str | None:
    """The region_id a click on a choropleth selected, from Streamlit's selection event.

    Clicks on the point traces (bubbles, shortlist dots) carry no `location` and select nothing.
    """
    if not event:
        return None
    known = set(frame["region_id"])
    for point in event.get("selection", {}).get("points", []):
        location = point.get("location")
        if location is not None and str(location) in known:
            return str(location)
    return None


def _counties_in(level: str, region_id: str) -> pd.Index:
    to_level = boundaries.rollup_ids(level)
    return to_level.index[to_level.to_numpy() == region_id]


def region_housing(housing: pd.DataFrame, level: str, region_id: str) -> pd.DataFrame:
    """New housing units by year and status for one region (its counties summed)."""
    return pipeline_by_year(housing, _counties_in(level, region_id))


def region_competitors(
    competitors: pd.DataFrame, sales: pd.DataFrame, level: str, region_id: str, ours: str
) -> pd.DataFrame:
    """Revenue shares in the latest competitor year, our brand included, largest first."""
    counties = _counties_in(level, region_id)
    part = competitors[competitors["region_id"].isin(counties)]
    if part.empty:
        return pd.DataFrame(columns=["competitor", "revenue", "share"])
    year = int(part["year"].max())
    part = part[part["year"] == year]
    by_brand = part.groupby("competitor")["revenue"].sum()
    our_sales = sales[sales["region_id"].isin(counties) & sales["month"].str.startswith(str(year))]
    by_brand.loc[ours] = float(our_sales["revenue"].sum())
    by_brand = by_brand[by_brand > 0].sort_values(ascending=False)
    total = by_brand.sum()
    return pd.DataFrame(
        {
            "competitor": by_brand.index,
            "revenue": by_brand.to_numpy(),
            "share": by_brand.to_numpy() / total if total else np.nan,
            "year": year,
        }
    )


def region_sales(sales: pd.DataFrame, level: str, region_id: str) -> pd.DataFrame:
    """Our revenue and units by month for one region."""
    part = sales[sales["region_id"].isin(_counties_in(level, region_id))]
    return part.groupby("month", as_index=False)[["revenue", "units"]].sum().sort_values("month")


def contributions(row: pd.Series) -> pd.DataFrame:
    """The contrib_<criterion> values of one scored row, largest first."""
    contrib = row[[c for c in row.index if c.startswith("contrib_")]].astype(float).dropna()
    return (
        pd.DataFrame(
            {"criterion": [c.removeprefix("contrib_") for c in contrib.index], "contribution": contrib.to_numpy()}
        )
        .sort_values("contribution", ascending=True)
        .reset_index(drop=True)
    )
