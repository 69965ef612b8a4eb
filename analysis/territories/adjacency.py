"""County adjacency (shared borders plus island and exclave links) and graphs over a scope of counties."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from analysis import config

ADJACENCY_CSV = config.DATA_DIR / "adjacency.csv"
KINDS = ("border", "island", "exclave")
EDGE_DTYPES = {"a": "str", "b": "str", "kind": "str", "length_km": "float64", "distance_km": "float64"}


@lru_cache(maxsize=1)
def _edges() -> pd.DataFrame:
    return pd.read_csv(ADJACENCY_CSV, dtype=EDGE_DTYPES, keep_default_na=False)


def load_adjacency(kinds: Collection[str] = KINDS) -> pd.DataFrame:
    """The bundled county adjacency, one row per unordered pair.

    Parameters
    ----------
    kinds : collection of {"border", "island", "exclave"}
        Which links to keep; all by default.

    Returns
    -------
    DataFrame with a, b (county region_id, a < b), kind, length_km (shared border, 0 for
    links) and distance_km (gap between the polygons, 0 for borders). Built by
    scripts/build_adjacency.py from data/boundaries/county.parquet.

    Raises
    ------
    ValueError
        If a kind is unknown.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"kinds must be among {KINDS}, got {sorted(unknown)}")
    edges = _edges()
    return edges[edges["kind"].isin(list(kinds))].reset_index(drop=True)


@dataclass(frozen=True)
class Graph:
    """An undirected graph over region ids; node i is `ids[i]`, its neighbours `neighbours[i]` (sorted).

    `lengths[i]` are the shared border lengths (km) to those neighbours, 1 per edge when unknown.
    """

    ids: tuple[str, ...]
    neighbours: tuple[tuple[int, ...], ...]
    lengths: tuple[tuple[float, ...], ...] = field(default=(), repr=False)
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {rid: i for i, rid in enumerate(self.ids)})
        if not self.lengths:
            object.__setattr__(self, "lengths", tuple(tuple(1.0 for _ in n) for n in self.neighbours))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        """Number of undirected edges."""
        return sum(len(n) for n in self.neighbours) // 2

    def components(self, members: Iterable[int] | None = None) -> np.ndarray:
        """Component label per node of `members` (all nodes by default), labels 0.. in order of first node.

        Parameters
        ----------
        members : iterable of int, optional
            Node indices; the graph is restricted to them.

        Returns
        -------
        ndarray of int, one label per member in the given order.
        """
        nodes = np.arange(len(self)) if members is None else np.fromiter(members, dtype=np.int64)
        position = np.full(len(self), -1)
        position[nodes] = np.arange(len(nodes))
        rows, cols = [], []
        for k, i in enumerate(nodes):
            for j in self.neighbours[i]:
                if position[j] > k:
                    rows.append(k)
                    cols.append(position[j])
        matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(nodes), len(nodes)))
        labels = connected_components(matrix, directed=False)[1]
        # Renumber so that labels follow the order of the members' first appearance.
        _, first = np.unique(labels, return_index=True)
        return np.argsort(np.argsort(first))[labels]

    def is_connected(self, members: Collection[int]) -> bool:
        """True when `members` (node indices) form one connected piece; an empty set is not connected."""
        if not members:
            return False
        inside = set(members)
        start = next(iter(inside))
        seen = {start}
        stack = [start]
        while stack:
            for j in self.neighbours[stack.pop()]:
                if j in inside and j not in seen:
                    seen.add(j)
                    stack.append(j)
        return len(seen) == len(inside)


def graph_from_edges(ids: Iterable[str], edges: pd.DataFrame) -> Graph:
    """The graph over `ids` (sorted) with the edges of `edges` (columns a, b) between two of them.

    Parameters
    ----------
    ids : iterable of str
        Node ids; duplicates are dropped.
    edges : DataFrame
        Columns a and b, optionally length_km (shared border; 1 per edge without it); rows
        whose ends are not both in `ids`, and self loops, are ignored.

    Returns
    -------
    Graph

    Raises
    ------
    ValueError
        If `edges` lacks column a or b.

    >>> g = graph_from_edges(["x", "y", "z"], pd.DataFrame({"a": ["x", "y"], "b": ["y", "q"]}))
    >>> g.ids, g.neighbours
    (('x', 'y', 'z'), ((1,), (0,), ()))
    """
    missing = [c for c in ("a", "b") if c not in edges.columns]
    if missing:
        raise ValueError(f"edges need columns a and b; missing {missing}")
    nodes = tuple(sorted(set(map(str, ids))))
    index = {rid: i for i, rid in enumerate(nodes)}
    a = edges["a"].astype(str).map(index)
    b = edges["b"].astype(str).map(index)
    keep = a.notna() & b.notna() & (a != b)
    length = edges["length_km"] if "length_km" in edges.columns else pd.Series(1.0, index=edges.index)
    neighbours: list[dict[int, float]] = [{} for _ in nodes]
    for i, j, km in zip(a[keep].astype(int), b[keep].astype(int), length[keep].astype(float), strict=True):
        neighbours[i][j] = km
        neighbours[j][i] = km
    return Graph(
        nodes,
        tuple(tuple(sorted(n)) for n in neighbours),
        tuple(tuple(n[j] for j in sorted(n)) for n in neighbours),
    )


def county_graph(scope: Iterable[str], kinds: Collection[str] = KINDS) -> Graph:
    """The bundled county adjacency restricted to `scope`.

    Parameters
    ----------
    scope : iterable of str
        County region ids (one province, several, or all of mainland China).
    kinds : collection of {"border", "island", "exclave"}
        Which links count as adjacency; all by default.

    Returns
    -------
    Graph over the scope's ids, sorted.

    Raises
    ------
    ValueError
        If a kind is unknown.

    >>> g = county_graph(["450102", "450103", "450107"])
    >>> [g.ids[j] for j in g.neighbours[g.index["450103"]]]
    ['450102', '450107']
    """
    return graph_from_edges(scope, load_adjacency(kinds))
