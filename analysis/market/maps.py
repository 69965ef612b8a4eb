"""Map Explorer: the layers, where the map is, how a click drills down, a region's panel.

The layers a map can show, where the map is (China, a province, a city), how a click drills down, and the figures of one
region's panel. The figure itself is `analysis.charts.maps`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.charts.style import DIVERGING, GREENS, PURPLES, SEQUENTIAL, SEQUENTIAL_BLUE
from analysis.geo import boundaries
from analysis.market.housing import pipeline_by_year

BLUES = SEQUENTIAL_BLUE


@dataclass(frozen=True)
class Layer:
    """A map layer: the scored column it shows, the kind of its values and its colours."""

    key: str
    column: str
    kind: str  # "tier", or one of analysis.formats.KINDS
    colours: tuple[str, ...] = SEQUENTIAL


LAYERS: dict[str, Layer] = {
    layer.key: layer
    for layer in (
        Layer("tier", "tier", "tier"),
        Layer("score", "score", "score", PURPLES),
        Layer("push", "push_score", "score", PURPLES),
        Layer("capacity", "capacity_units", "units", BLUES),
        Layer("whitespace", "whitespace_units", "units", GREENS),
        Layer("housing", "pipeline_units", "count", BLUES),
        Layer("hhi", "hhi", "hhi"),
        Layer("leader_share", "leader_share", "share"),
        Layer("revenue", "our_revenue", "money"),
        Layer("our_share", "our_share", "share"),
        Layer("yoy", "yoy_growth", "growth", DIVERGING),
    )
}


@dataclass(frozen=True)
class Scope:
    """Where the map is: the whole country, one province or one city."""

    kind: str = "country"  # "country" | "province" | "city"
    region_id: str | None = None


def view_level(scope: Scope, preferred: str) -> str:
    """The level drawn at `scope`.

    The sidebar's level nationally; always cities in a province (the city step, whatever the sidebar's level); counties
    in a city.
    """
    if scope.kind == "country":
        return preferred
    if scope.kind == "province":
        return "city"
    return "county"


def drill(scope: Scope, level: str, region: pd.Series) -> Scope | None:
    """The scope a click on `region` (a row of the region table at `level`) opens.

    None when the click selects the region for its panel instead (a county, or a city without
    counties).

    China → the region's province → the city → its counties, at every sidebar level.
    """
    if scope.kind == "country":
        return Scope("province", str(region["province_id"]))
    if scope.kind == "province" and level == "city":
        has_counties = (boundaries.load_regions("county")["city_id"] == region["region_id"]).any()
        return Scope("city", str(region["region_id"])) if has_counties else None
    return None


def scope_regions(scope: Scope, level: str) -> pd.DataFrame:
    """Regions of `level` inside `scope`."""
    regions = boundaries.load_regions(level)
    if scope.kind == "province":
        regions = regions[regions["province_id"] == scope.region_id]
    elif scope.kind == "city":
        regions = regions[regions["city_id"] == scope.region_id]
    return regions.reset_index(drop=True)


def in_view(table: pd.DataFrame, scope: Scope, level: str, within: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every region of `level` inside `scope`.

    With its row of `table` where it has one (Taiwan, Hong Kong and Macao have boundaries but usually no data); only
    those inside `within` (province or city adcodes, `analysis.geo.boundaries.in_scope`) when given, so that a user
    limited to some regions sees no other region's name, not even in grey.
    """
    regions = scope_regions(scope, level)[["region_id", "name", "name_en", "lon", "lat", "parent_id", "province_id"]]
    if within:
        regions = regions[boundaries.in_scope(regions["region_id"], within).to_numpy()]
    extra = [c for c in table.columns if c not in regions.columns or c == "region_id"]
    return regions.merge(table[extra], on="region_id", how="left")


def filter_regions(
    frame: pd.DataFrame,
    *,
    tiers: list[str] | None = None,
    gates: list[str] | None = None,
    score_range: tuple[float, float] = (0.0, 1.0),
) -> pd.DataFrame:
    """Keep regions whose tier, gate and score are among those chosen.

    Every tier and gate when none is chosen; a region without a score is kept only by the full
    `score_range`.
    """
    keep = pd.Series(True, index=frame.index)
    if tiers:
        keep &= frame["tier"].isin(tiers)
    if gates:
        keep &= frame["gate"].isin(gates)
    low, high = score_range
    if (low, high) != (0.0, 1.0):
        keep &= frame["score"].between(low, high)
    return frame[keep]


def breadcrumb(scope: Scope) -> list[tuple[Scope, str | None, str | None]]:
    """The path from the country to `scope`.

    (scope, name_zh, name_en) per step; the country's names are None (the page words them).
    """
    path: list[tuple[Scope, str | None, str | None]] = [(Scope(), None, None)]
    if scope.kind in ("province", "city"):
        province_id = scope.region_id if scope.kind == "province" else scope.region_id[:2] + "0000"
        path.append((Scope("province", province_id), *_names(province_id)))
    if scope.kind == "city":
        path.append((scope, *_names(scope.region_id)))
    return path


def _names(region_id: str) -> tuple[str | None, str | None]:
    return boundaries.region_name(region_id, "zh"), boundaries.region_name(region_id, "en")


def labels(frame: pd.DataFrame, level: str, scope: Scope) -> pd.DataFrame | None:
    """Place labels for a view: provinces nationally at province level, cities inside a province."""
    if (scope.kind == "country" and level == "province") or scope.kind == "province":
        return frame[["lon", "lat", "name", "name_en"]].dropna(subset=["lon", "lat"])
    return None


def region_housing(housing: pd.DataFrame, level: str, region_id: str) -> pd.DataFrame:
    """New housing units by year and status for one region (its counties summed)."""
    return pipeline_by_year(housing, boundaries.counties_in([region_id], level))


def region_sales(sales: pd.DataFrame, level: str, region_id: str) -> pd.DataFrame:
    """Our revenue and units by month for one region."""
    part = sales[sales["region_id"].isin(boundaries.counties_in([region_id], level))]
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
