"""Derive data/adjacency.csv, the county adjacency, from the bundled county boundaries.

Run once, offline, whenever data/boundaries/county.parquet changes:

    python scripts/build_adjacency.py

Output, committed to the repository: one row per unordered pair of counties (a < b) with

- kind "border": the two polygons share a border of positive length (rook adjacency; pairs
  that meet at single points only, 41 in the 2,875-county layer, are left out); `length_km` is
  that border;
- kind "island": a piece of a province that no land border connects to the rest of it, linked
  across water to the nearest county of the same city, or, when the whole city is such a
  piece (舟山, 三沙), to the nearest county of the province; Hainan island is also linked to
  the nearest mainland county, so that all of mainland China is one connected graph;
- kind "exclave": the same link where the piece is reached over another province's land
  (三河/大厂/香河 beyond Beijing and Tianjin, 加格达奇 inside Inner Mongolia);

`distance_km` is the gap between the two polygons (0 for borders). Lengths are geodesic.
After these links every county is reachable from every other county of its province.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.geo.boundaries import load_regions  # noqa: E402

OUTSIDE_MAINLAND = ("710000", "810000", "820000")  # Taiwan, Hong Kong, Macao
GEOD = Geod(ellps="WGS84")
# A link crosses "land" when most of its straight line runs over other counties' polygons.
LAND_SHARE = 0.5


def km(geometry: shapely.Geometry) -> float:
    """Geodesic length of a (multi)line in km."""
    return GEOD.geometry_length(geometry) / 1000.0


def border_pairs(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[shapely.Geometry]]:
    """Index pairs i < j whose boundaries share a line of positive length, and that line."""
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.intersection(shapely.boundary(geoms[left]), shapely.boundary(geoms[right]))
    positive = shapely.length(shared) > 0
    return left[positive], right[positive], list(shared[positive])


def components(n: int, edges: list[tuple[int, int]], members: np.ndarray) -> np.ndarray:
    """Component label of each index in `members` on the graph `edges` restricted to them."""
    position = {m: k for k, m in enumerate(members)}
    inside = [(position[a], position[b]) for a, b in edges if a in position and b in position]
    rows = [a for a, _ in inside]
    cols = [b for _, b in inside]
    matrix = coo_matrix((np.ones(len(inside)), (rows, cols)), shape=(len(members), len(members)))
    return connected_components(matrix, directed=False)[1]


def nearest_pair(geoms: np.ndarray, piece: np.ndarray, others: np.ndarray) -> tuple[int, int, float]:
    """The closest (i in piece, j in others) by geodesic gap between their polygons, and the gap."""
    candidates = []
    for i in piece:
        # Rank by planar distance first; the geodesic gap is measured on the few closest.
        planar = shapely.distance(geoms[i], geoms[others])
        for j in others[np.argsort(planar, kind="stable")[:5]]:
            candidates.append((km(shapely.shortest_line(geoms[i], geoms[j])), int(i), int(j)))
    gap, i, j = min(candidates)
    return i, j, gap


def link_kind(geoms: np.ndarray, tree: shapely.STRtree, i: int, j: int) -> str:
    """'exclave' when the straight link between i and j runs mostly over other counties, else 'island'."""
    line = shapely.shortest_line(geoms[i], geoms[j])
    if shapely.length(line) == 0:
        return "island"
    crossed = [k for k in tree.query(line, predicate="intersects") if k not in (i, j)]
    over_land = sum(shapely.length(shapely.intersection(line, geoms[k])) for k in crossed)
    return "exclave" if over_land > LAND_SHARE * shapely.length(line) else "island"


def connect(
    geoms: np.ndarray, edges: list[tuple[int, int]], members: np.ndarray, city: np.ndarray
) -> list[tuple[int, int, float]]:
    """Links that make `members` one component: each smaller piece to its nearest county, same city first."""
    links: list[tuple[int, int, float]] = []
    while True:
        labels = components(len(geoms), edges + [(a, b) for a, b, _ in links], members)
        sizes = np.bincount(labels)
        if len(sizes) == 1:
            return links
        # The smallest piece first (ties: the piece holding the smallest index), so chains of
        # islands (嵊泗 → 岱山 → 定海) link to each other before they reach the coast.
        order = sorted(range(len(sizes)), key=lambda c: (sizes[c], members[labels == c].min()))
        piece = members[labels == order[0]]
        outside = members[labels != order[0]]
        same_city = outside[np.isin(city[outside], city[piece])]
        i, j, gap = nearest_pair(geoms, piece, same_city if len(same_city) else outside)
        links.append((i, j, gap))


def build(boundaries: gpd.GeoDataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The adjacency table of the county layer (see the module docstring)."""
    layer = boundaries.merge(regions[["region_id", "province_id", "city_id"]], on="region_id", how="left")
    if layer["province_id"].isna().any():
        missing = layer.loc[layer["province_id"].isna(), "region_id"].tolist()
        raise ValueError(f"counties missing from the region table: {missing[:5]}")
    geoms = layer.geometry.to_numpy()
    province = layer["province_id"].to_numpy()
    city = layer["city_id"].to_numpy()

    left, right, shared = border_pairs(geoms)
    edges = list(zip(left.tolist(), right.tolist(), strict=True))
    rows = [(i, j, "border", km(line), 0.0) for i, j, line in zip(left, right, shared, strict=True)]

    links: list[tuple[int, int, float]] = []
    for code in sorted(set(province)):
        links += connect(geoms, edges, np.flatnonzero(province == code), city)
    mainland = np.flatnonzero(~np.isin(province, OUTSIDE_MAINLAND))
    # Across provinces only where the sea leaves no border at all (Hainan); cities don't matter.
    links += connect(geoms, edges + [(a, b) for a, b, _ in links], mainland, np.zeros(len(geoms), dtype=int))

    tree = shapely.STRtree(geoms)
    rows += [(i, j, link_kind(geoms, tree, i, j), 0.0, gap) for i, j, gap in links]
    ids = layer["region_id"].to_numpy()
    table = pd.DataFrame(rows, columns=["i", "j", "kind", "length_km", "distance_km"])
    a, b = ids[table["i"]], ids[table["j"]]
    table = table.assign(a=np.minimum(a, b), b=np.maximum(a, b))[["a", "b", "kind", "length_km", "distance_km"]]
    table[["length_km", "distance_km"]] = table[["length_km", "distance_km"]].round(3)
    return table.sort_values(["a", "b"], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boundaries", type=Path, default=ROOT / "data" / "boundaries" / "county.parquet")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "adjacency.csv")
    args = parser.parse_args()

    started = time.perf_counter()
    table = build(gpd.read_parquet(args.boundaries), load_regions("county"))
    table.to_csv(args.out, index=False)
    counts = table["kind"].value_counts().to_dict()
    print(f"{len(table)} pairs {counts} → {args.out} in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
