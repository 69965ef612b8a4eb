"""Local search over contiguous partitions: boundary moves that keep every territory in one piece."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import numpy as np

from analysis.territories.problem import Problem

MAX_PASSES = 400
KICKS = 60  # perturbations while the tolerance is missed
KICK_SIZE = 12  # random moves per perturbation
STALL = 6  # perturbations without a clear gain before giving up
KICK_GAIN = 0.01
INERTIA_SHARE = 0.5  # of the compactness weight; the rest goes to the border length between territories
SOFT_BALANCE = 0.02  # weight of (deviation / tolerance)² in the soft score


class LocalSearch:
    """State of the local search: assignment, members, loads, mass sums and cut length per territory.

    Moves are single boundary counties, or a county with the pieces its leaving would cut
    off, to a touching territory; a move is taken when it lowers the excess over the
    tolerance, or keeps it and lowers the soft score. Counties in `fixed` never move.
    """

    def __init__(
        self,
        problem: Problem,
        territory: np.ndarray,
        fixed: Mapping[int, int],
        seed_of: Mapping[int, int],
        compactness: float,
        scales: tuple[float, float] | None = None,
    ):
        self.problem = problem
        self.nbrs = problem.graph.neighbours
        self.k = problem.k
        self.tol = problem.tolerance
        self.beta = problem.weights.tolist()
        self.vals = [tuple(row) for row in problem.values.tolist()]
        self.weight = problem.load.tolist()
        self.q = problem.mass.tolist()
        self.x = problem.xy[:, 0].tolist()
        self.y = problem.xy[:, 1].tolist()
        self.movable = [i not in fixed for i in range(problem.n)]
        self.centre = [tuple(problem.xy[seed_of[s]]) if s in seed_of else None for s in range(self.k)]
        self.terr = territory.tolist()
        self.members: list[set[int]] = [set() for _ in range(self.k)]
        nv = len(self.beta)
        self.load = [[0.0] * nv for _ in range(self.k)]
        self.sums = [[0.0, 0.0, 0.0, 0.0] for _ in range(self.k)]
        for i, t in enumerate(self.terr):
            if t >= 0:
                self._add(i, t)
        self.lengths = problem.graph.lengths
        if scales is None:
            # Inertia and cut border per territory of this first partition are the units of the
            # compactness terms; later restarts reuse them so that their scores compare.
            inertia = sum(self._inertia(t, self.sums[t]) for t in range(self.k)) / self.k
            cut = sum(self.cut_of(t) for t in range(self.k)) / 2 / self.k
            scales = (
                compactness * INERTIA_SHARE / max(inertia, 1e-12),
                compactness * (1 - INERTIA_SHARE) / max(cut, 1e-12),
            )
        self.scale, self.cut_scale = scales
        self.cut = sum(self.cut_of(t) for t in range(self.k)) / 2

    def cut_of(self, t: int) -> float:
        """Border length between territory t and the other territories."""
        terr = self.terr
        return sum(
            km
            for i in self.members[t]
            for j, km in zip(self.nbrs[i], self.lengths[i], strict=True)
            if terr[j] not in (t, -1)
        )

    def _add(self, i: int, t: int, sign: float = 1.0) -> None:
        """Add (or with sign -1 remove) county i to territory t's sums."""
        if sign > 0:
            self.members[t].add(i)
        else:
            self.members[t].discard(i)
        load = self.load[t]
        for v, value in enumerate(self.vals[i]):
            load[v] += sign * value
        q, x, y = self.q[i], self.x[i], self.y[i]
        s = self.sums[t]
        s[0] += sign * q
        s[1] += sign * q * x
        s[2] += sign * q * y
        s[3] += sign * q * (x * x + y * y)

    def _inertia(self, t: int, s) -> float:
        """Σ mass × squared distance to the territory's centre (its seed, else its centroid)."""
        if s[0] <= 0:
            return 0.0
        if self.centre[t] is None:
            return max(s[3] - (s[1] * s[1] + s[2] * s[2]) / s[0], 0.0)
        cx, cy = self.centre[t]
        return s[3] - 2 * (cx * s[1] + cy * s[2]) + s[0] * (cx * cx + cy * cy)

    def _score(self, t: int, load, s) -> tuple[float, float]:
        """(excess over the tolerance, soft score) of territory t with these loads and sums."""
        tol = self.tol
        hard = soft = 0.0
        for b, value in zip(self.beta, load, strict=True):
            dev = value - 1.0
            over = abs(dev) - tol
            if over > 0:
                hard += b * over * over
            soft += b * dev * dev
        soft = SOFT_BALANCE * soft / max(tol * tol, 1e-6) + self.scale * self._inertia(t, s)
        return hard, soft

    def _delta(self, group: list[int]) -> tuple[list[float], list[float]]:
        """Loads and mass sums of a group of counties."""
        load = [0.0] * len(self.beta)
        sums = [0.0, 0.0, 0.0, 0.0]
        for i in group:
            for v, value in enumerate(self.vals[i]):
                load[v] += value
            q, x, y = self.q[i], self.x[i], self.y[i]
            sums[0] += q
            sums[1] += q * x
            sums[2] += q * y
            sums[3] += q * (x * x + y * y)
        return load, sums

    def _shifted(self, t: int, delta: tuple[list[float], list[float]], sign: float) -> tuple[float, float]:
        """Score of territory t with the group added (sign 1) or removed (sign -1)."""
        load = [a + sign * b for a, b in zip(self.load[t], delta[0], strict=True)]
        sums = [a + sign * b for a, b in zip(self.sums[t], delta[1], strict=True)]
        return self._score(t, load, sums)

    def can_leave(self, i: int) -> bool:
        """True when territory terr[i] stays connected (and non-empty) without county i."""
        t = self.terr[i]
        inside = self.members[t]
        if len(inside) <= 1:
            return False
        touching = [j for j in self.nbrs[i] if j in inside]
        if len(touching) <= 1:
            return True
        goal = set(touching)
        start = touching[0]
        goal.discard(start)
        seen = {start, i}
        stack = [start]
        while stack:
            for j in self.nbrs[stack.pop()]:
                if j in inside and j not in seen:
                    seen.add(j)
                    goal.discard(j)
                    if not goal:
                        return True
                    stack.append(j)
        return False

    def cut_off(self, i: int) -> list[int] | None:
        """County i with the pieces of its territory that leaving would cut off; None if that is not allowed.

        The piece that stays is the one holding a locked county, else the heaviest; a group
        that would take a locked county, or all of the territory, is not allowed.
        """
        inside = self.members[self.terr[i]]
        pieces: list[list[int]] = []
        seen = {i}
        for start in self.nbrs[i]:
            if start not in inside or start in seen:
                continue
            piece = [start]
            seen.add(start)
            for j in piece:
                for m in self.nbrs[j]:
                    if m in inside and m not in seen:
                        seen.add(m)
                        piece.append(m)
            pieces.append(piece)
        anchored = [p for p in pieces if any(not self.movable[j] for j in p)]
        if len(anchored) > 1 or not pieces:
            return None
        keep = anchored[0] if anchored else max(pieces, key=lambda p: (sum(self.weight[j] for j in p), len(p)))
        group = [i] + [j for p in pieces if p is not keep for j in p]
        return group if all(self.movable[j] for j in group) else None

    def best_move(self, group: list[int]) -> tuple[float, float, int]:
        """(hard change, soft change, target territory) of the best move of the group, or target -1.

        The group moves to a territory that touches its first county.
        """
        i = group[0]
        a = self.terr[i]
        targets = {self.terr[j] for j in self.nbrs[i]}
        targets.discard(a)
        targets.discard(-1)
        if not targets:
            return 0.0, 0.0, -1
        delta = self._delta(group)
        hard_a, soft_a = self._score(a, self.load[a], self.sums[a])
        new_a = self._shifted(a, delta, -1.0)
        # Border length between the group and each territory it touches: the cut changes by
        # what it shared with a (now cut) minus what it shares with b (no longer cut).
        inside = set(group)
        shared: dict[int, float] = {}
        for i in group:
            for j, km in zip(self.nbrs[i], self.lengths[i], strict=True):
                if j not in inside:
                    shared[self.terr[j]] = shared.get(self.terr[j], 0.0) + km
        best = (0.0, 0.0, -1)
        for b in sorted(targets):
            hard_b, soft_b = self._score(b, self.load[b], self.sums[b])
            new_b = self._shifted(b, delta, 1.0)
            d_hard = new_a[0] + new_b[0] - hard_a - hard_b
            d_cut = shared.get(a, 0.0) - shared.get(b, 0.0)
            d_soft = new_a[1] + new_b[1] - soft_a - soft_b + self.cut_scale * d_cut
            if (d_hard, d_soft) < best[:2]:
                best = (d_hard, d_soft, b)
        return best

    def move(self, group: list[int], b: int) -> None:
        """Move the counties of the group to territory b (one at a time, keeping the cut length)."""
        for i in group:
            a = self.terr[i]
            for j, km in zip(self.nbrs[i], self.lengths[i], strict=True):
                if self.terr[j] == a:
                    self.cut += km
                elif self.terr[j] == b:
                    self.cut -= km
            self._add(i, a, -1.0)
            self._add(i, b)
            self.terr[i] = b

    def descend(self, rng, deadline: float | None) -> None:
        """Passes of improving moves until none is left, MAX_PASSES, or the deadline."""
        order = np.arange(self.problem.n)
        for _ in range(MAX_PASSES):
            rng.shuffle(order)
            moved = 0
            for i in order.tolist():
                a = self.terr[i]
                if not self.movable[i] or a < 0 or all(self.terr[j] == a for j in self.nbrs[i]):
                    continue
                d_hard, d_soft, b = self.best_move([i])
                if b < 0 or not _improves(d_hard, d_soft):
                    continue
                if self.can_leave(i):
                    self.move([i], b)
                    moved += 1
                    continue
                # i holds its territory together: move it with what it would cut off.
                group = self.cut_off(i)
                if group is not None:
                    d_hard, d_soft, b = self.best_move(group)
                    if b >= 0 and _improves(d_hard, d_soft):
                        self.move(group, b)
                        moved += 1
            if not moved or (deadline is not None and time.perf_counter() > deadline):
                return

    def total(self) -> tuple[float, float]:
        """(excess over the tolerance, soft score) of the whole partition."""
        scores = [self._score(t, self.load[t], self.sums[t]) for t in range(self.k)]
        return sum(h for h, _ in scores), sum(s for _, s in scores) + self.cut_scale * self.cut

    def restore(self, terr: list[int]) -> None:
        """Return to an earlier assignment."""
        for i, (now, then) in enumerate(zip(self.terr, terr, strict=True)):
            if now != then:
                self.move([i], then)

    def kick(self, rng, size: int) -> None:
        """Random contiguity-keeping moves among the territories over the tolerance and their neighbours."""
        bad = {t for t in range(self.k) if self._score(t, self.load[t], self.sums[t])[0] > 0}
        area = set(bad)
        for t in bad:
            area.update(self.terr[j] for i in self.members[t] for j in self.nbrs[i])
        area.discard(-1)
        boundary = sorted(
            i
            for t in area
            for i in self.members[t]
            if self.movable[i] and any(self.terr[j] != t and self.terr[j] in area for j in self.nbrs[i])
        )
        for i in rng.permutation(boundary)[:size].tolist():
            targets = sorted(({self.terr[j] for j in self.nbrs[i]} & area) - {self.terr[i]})
            if targets and self.can_leave(i):
                self.move([i], targets[int(rng.integers(len(targets)))])

    def search(self, rng, deadline: float | None, progress: Callable[[float], None] | None) -> None:
        """Descend, then kick and descend again while the tolerance is missed (iterated local search)."""
        self.descend(rng, deadline)
        best, best_terr = self.total(), list(self.terr)
        # Small scopes have few partitions to perturb towards: fewer kicks.
        kicks, stall = min(KICKS, self.problem.n), min(STALL, max(1, self.problem.n // 4))
        stalled = 0
        for kick in range(kicks):
            if progress is not None:
                progress(kick / kicks)
            if best[0] <= 1e-12 or stalled >= stall or (deadline is not None and time.perf_counter() > deadline):
                break
            self.kick(rng, KICK_SIZE)
            self.descend(rng, deadline)
            now = self.total()
            # Only a clear gain (KICK_GAIN of the excess) resets the count towards giving up.
            stalled = 0 if now[0] < best[0] * (1 - KICK_GAIN) else stalled + 1
            if now < best:
                best, best_terr = now, list(self.terr)
            else:
                self.restore(best_terr)
        self.restore(best_terr)


def _improves(d_hard: float, d_soft: float) -> bool:
    """Lexicographic improvement: less excess over the tolerance, or as much and a lower soft score."""
    return d_hard < -1e-12 or (d_hard <= 1e-12 and d_soft < -1e-9)
