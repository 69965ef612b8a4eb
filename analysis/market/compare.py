"""Two scorings side by side: how tiers move between two scenarios, or between two months of data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.market.scoring import TIERS

TIER_ORDER = {tier: rank for rank, tier in enumerate(("A", "B", "C", "hold"))}


def transitions(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The tier transition matrix: regions by tier before (rows) and after (columns), A/B/C/hold.

    Regions scored on one side only are left out (they did not move, they appeared or went).

    Examples
    --------
    >>> a = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["A", "B", "hold"]})
    >>> b = pd.DataFrame({"region_id": ["1", "2", "3"], "tier": ["A", "A", "C"]})
    >>> transitions(a, b).loc["B", "A"], transitions(a, b).loc["hold", "C"]
    (np.int64(1), np.int64(1))
    """
    both = _paired(before, after)
    matrix = pd.crosstab(both["tier_before"], both["tier_after"])
    return matrix.reindex(index=list(TIERS), columns=list(TIERS), fill_value=0).astype("int64")


def movers(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The regions whose tier changed, with both tiers and scores, the biggest score change first.

    Returns
    -------
    DataFrame
        region_id, name, name_en, tier_before, tier_after, score_before, score_after, score_change,
        move ("up" | "down": towards A or away from it).
    """
    both = _paired(before, after)
    changed = both[both["tier_before"] != both["tier_after"]]
    up = changed["tier_after"].map(TIER_ORDER) < changed["tier_before"].map(TIER_ORDER)
    out = changed.assign(
        score_change=changed["score_after"] - changed["score_before"],
        move=np.where(up, "up", "down"),
    )
    return out.sort_values("score_change", key=np.abs, ascending=False).reset_index(drop=True)


def _paired(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    columns = ["region_id", "tier", "score"]
    names = [c for c in ("name", "name_en") if c in after]
    left = before[[c for c in columns if c in before]].rename(columns={"tier": "tier_before", "score": "score_before"})
    right = after[[c for c in [*columns, *names] if c in after]]
    right = right.rename(columns={"tier": "tier_after", "score": "score_after"})
    both = left.merge(right, on="region_id", how="inner")
    return both.dropna(subset=["tier_before", "tier_after"])
