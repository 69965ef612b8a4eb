"""Territory shapes from the county boundaries: unions, Polsby-Popper compactness, contiguity on the map."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.territories.adjacency import load_adjacency

# Equal-area projection for China, the one scripts/build_boundaries.py measures area_km2 in.
ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84"


def _parts_joined(part_of: dict[str, list[int]], links: pd.DataFrame, parts: int) -> int:
    """Number of groups of parts once parts sharing a county or an island/exclave link are joined."""
    parent = list(range(parts))

    def find(p: int) -> int:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    def join(p: int, q: int) -> None:
        parent[find(p)] = find(q)

    for ps in part_of.values():
        for p in ps[1:]:
            join(ps[0], p)
    for a, b in zip(links["a"], links["b"], strict=True):
        if a in part_of and b in part_of:
            join(part_of[a][0], part_of[b][0])
    return len({find(p) for p in range(parts)})


def territory_shapes(
    assignment: pd.Series, boundaries: gpd.GeoDataFrame, links: pd.DataFrame | None = None
) -> gpd.GeoDataFrame:
    """The union of each territory's county polygons, its compactness and whether it is one piece on the map.

    Parameters
    ----------
    assignment : Series
        region_id → territory id (missing values are skipped).
    boundaries : GeoDataFrame
        region_id and geometry (WGS84), e.g. `load_boundaries("county")`.
    links : DataFrame, optional
        Island and exclave links (a, b) that count as joining two pieces; those of the
        bundled adjacency by default.

    Returns
    -------
    GeoDataFrame with territory, geometry (WGS84 union), area_km2, perimeter_km,
    polsby_popper (4πA/P², 1 for a disc), parts (polygons in the union) and connected: the
    parts form one piece once a county's own islets and the island/exclave links are allowed.

    Raises
    ------
    ValueError
        If an assigned region has no boundary.
    """
    if links is None:
        links = load_adjacency(("island", "exclave"))
    labels = assignment.dropna()
    layer = boundaries[["region_id", "geometry"]].set_index("region_id")
    missing = sorted(set(labels.index) - set(layer.index))
    if missing:
        raise ValueError(f"regions without a boundary: {missing[:5]}")
    rows = []
    for territory, ids in labels.groupby(labels).groups.items():
        geoms = layer.loc[list(ids), "geometry"]
        union = shapely.union_all(geoms.to_numpy())
        parts = shapely.get_parts(union)
        tree = shapely.STRtree(parts)
        part_of: dict[str, list[int]] = {}
        for rid, geom in zip(geoms.index, geoms.to_numpy(), strict=True):
            points = shapely.point_on_surface(shapely.get_parts(geom))
            hits = tree.query(points, predicate="intersects")[1]
            part_of[rid] = sorted(set(hits.tolist()))
        rows.append(
            {
                "territory": territory,
                "geometry": union,
                "parts": len(parts),
                "connected": _parts_joined(part_of, links, len(parts)) == 1,
            }
        )
    shapes = gpd.GeoDataFrame(rows, geometry="geometry", crs=boundaries.crs or "EPSG:4326")
    projected = shapes.geometry.to_crs(ALBERS_CHINA)
    area = projected.area.to_numpy() / 1e6
    perimeter = projected.length.to_numpy() / 1e3
    shapes.insert(2, "area_km2", area)
    shapes.insert(3, "perimeter_km", perimeter)
    with np.errstate(divide="ignore", invalid="ignore"):
        shapes.insert(4, "polsby_popper", np.where(perimeter > 0, 4 * np.pi * area / perimeter**2, np.nan))
    return shapes
