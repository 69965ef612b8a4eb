"""Starting partitions from random spanning trees: cut off one balanced, lock-respecting subtree at a time."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import depth_first_order, minimum_spanning_tree

from analysis.territories.problem import Problem

TREES = 12  # random trees tried for a cut within the tolerance; then the closest cut seen is taken
MAX_TREES = 200  # trees tried while no cut respects the locks at all


def _cut(
    nodes: np.ndarray,
    edges: tuple[np.ndarray, np.ndarray],
    load: np.ndarray,
    locks: np.ndarray,
    parts: int,
    free: int,
    tolerance: float,
    rng,
) -> np.ndarray | None:
    """Boolean mask over `nodes` of one part to cut off, or None if no tree gave one.

    The part's load is as close to the remaining load / `parts` as the trees allow. `locks`
    (counties × named territories) marks locked counties: a part holds all or none of a
    territory's locks and at most one territory's, and one without locks needs a free slot.
    """
    position = np.full(len(load), -1)
    position[nodes] = np.arange(len(nodes))
    a, b = position[edges[0]], position[edges[1]]
    inside = (a >= 0) & (b >= 0)
    a, b = a[inside], b[inside]
    total = load[nodes].sum()
    target = total / parts
    lock_total = locks[nodes].sum(axis=0)
    best = None  # (gap, order, size, node, side)
    for attempt in range(MAX_TREES):
        if best is not None and (best[0] <= tolerance * target or attempt >= TREES):
            break
        weights = rng.random(len(a)) + 1e-3
        tree = minimum_spanning_tree(coo_matrix((weights, (a, b)), shape=(len(nodes), len(nodes))).tocsr())
        root = int(rng.integers(len(nodes)))
        order, parent = depth_first_order(tree, root, directed=False, return_predecessors=True)
        if len(order) < len(nodes):
            return None  # not connected: the caller splits by component first
        sub = load[nodes].copy()
        sub_locks = locks[nodes].astype(float)
        size = np.ones(len(nodes), dtype=int)
        for v in order[:0:-1]:
            p = parent[v]
            sub[p] += sub[v]
            sub_locks[p] += sub_locks[v]
            size[p] += size[v]
        for side in (0, 1):
            value = sub if side == 0 else total - sub
            held = sub_locks if side == 0 else lock_total - sub_locks
            # Both sides keep at least one county per territory they are still to hold.
            ok = (len(nodes) - size >= parts - 1) if side == 0 else (size >= parts - 1)
            ok[root] = False
            named = (held > 0.5).sum(axis=1)
            whole = (np.isclose(held, 0) | np.isclose(held, lock_total)).all(axis=1)
            ok &= whole & (named <= 1) & ((named == 1) | (free > 0))
            if ok.any():
                gap = np.where(ok, np.abs(value - target), np.inf)
                v = int(np.argmin(gap))
                if best is None or gap[v] < best[0]:
                    best = (gap[v], order, size, v, side)
    if best is None:
        return None
    _, order, size, v, side = best
    rank = np.empty(len(nodes), dtype=int)
    rank[order] = np.arange(len(nodes))
    mask = np.zeros(len(nodes), dtype=bool)
    mask[order[rank[v] : rank[v] + size[v]]] = True
    return mask if side == 0 else ~mask


def tree_start(
    problem: Problem, labels: np.ndarray, home: np.ndarray, fixed: Mapping[int, int], named: int, rng
) -> np.ndarray | None:
    """A contiguous partition of each component into its territories, near balance; None if one cannot be cut.

    Parameters
    ----------
    problem : Problem
    labels : ndarray
        Component per county.
    home : ndarray
        Component per territory slot (-1: none).
    fixed : mapping of county index → slot
        Locks and seeds; slots below `named` are named territories.
    named : int
        Number of named slots.
    rng : numpy Generator

    Returns
    -------
    ndarray of slot per county (-1 where the component has no territory), or None.
    """
    load = problem.load
    neighbours = problem.graph.neighbours
    ea = np.array([i for i, n in enumerate(neighbours) for j in n if i < j], dtype=np.int64)
    eb = np.array([j for i, n in enumerate(neighbours) for j in n if i < j], dtype=np.int64)
    # A county locked to a territory that lives in another component cannot be placed by
    # cutting its own component.
    if any(home[s] != labels[i] for i, s in fixed.items()):
        return None
    locks = np.zeros((problem.n, max(named, 1)))
    for i, s in fixed.items():
        locks[i, s] = 1
    territory = np.full(problem.n, -1)
    for c in np.unique(home[home >= 0]):
        slots = [int(s) for s in np.flatnonzero(home == c)]
        nodes = np.flatnonzero(labels == c)
        while len(slots) > 1:
            free = sum(1 for s in slots if s >= named)
            mask = _cut(nodes, (ea, eb), load, locks, len(slots), free, problem.tolerance, rng)
            if mask is None:
                return None
            held = np.flatnonzero(locks[nodes[mask]].sum(axis=0) > 0.5)
            slot = int(held[0]) if len(held) else next(s for s in slots if s >= named)
            territory[nodes[mask]] = slot
            slots.remove(slot)
            nodes = nodes[~mask]
        territory[nodes] = slots[0]
    return territory
