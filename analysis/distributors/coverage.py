"""Territory coverage: which distributors cover each county, and the high-tier counties nobody covers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.distributors.common import require
from analysis.distributors.contracts import in_force

HIGH_TIERS = ("A", "B")
COVERAGE_STATUSES = ("uncovered", "one", "shared", "gap")


def coverage(
    territories: pd.DataFrame,
    scored: pd.DataFrame,
    distributors: pd.DataFrame | None = None,
    month: str | None = None,
) -> pd.DataFrame:
    """Which distributors cover each county, and the high-tier counties nobody covers.

    Parameters
    ----------
    territories : DataFrame
        distributor_id, region_id (county) per covered county.
    scored : DataFrame
        County scores from `analysis.market.scoring.score_regions`: region_id, tier, gate, score.
    distributors : DataFrame, optional
        The distributors kind: territories of distributors whose status is "ended" are left out,
        and ``prospects`` counts the prospects seated in each county.
    month : str, optional
        Count only the territory rows whose contract is in force in this month (started, not
        expired); every row without it.

    Returns
    -------
    DataFrame
        One row per county in `scored` or `territories`: region_id, tier, gate, score,
        ``distributors`` (how many cover it), ``distributor_ids`` (comma-separated), ``prospects``,
        ``status`` ("uncovered", "one", "shared" or "gap" = tier A/B, gate open, nobody covering)
        and ``gap`` (bool). Sorted by gap first, then score.

    Examples
    --------
    >>> terr = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["c1", "c1"]})
    >>> s = pd.DataFrame({"region_id": ["c1", "c2", "c3"], "tier": ["A", "A", "C"],
    ...                   "gate": "open", "score": [0.9, 0.8, 0.1]})
    >>> coverage(terr, s).set_index("region_id")["status"].to_dict()
    {'c2': 'gap', 'c1': 'shared', 'c3': 'uncovered'}
    """
    require(territories, ["distributor_id", "region_id"], "the territories table")
    require(scored, ["region_id", "tier", "gate", "score"], "the scored counties")
    rows = territories if month is None else territories[in_force(territories, month)]
    terr = rows[["distributor_id", "region_id"]].drop_duplicates()
    prospects = pd.Series(dtype="int64")
    if distributors is not None and not distributors.empty:
        require(distributors, ["distributor_id", "region_id", "status"], "the distributors table")
        ended = distributors.loc[distributors["status"] == "ended", "distributor_id"]
        terr = terr[~terr["distributor_id"].isin(ended)]
        prospects = distributors[distributors["status"] == "prospect"].groupby("region_id").size()
    by_county = terr.sort_values("distributor_id").groupby("region_id")["distributor_id"]
    covering = pd.DataFrame({"distributors": by_county.size(), "distributor_ids": by_county.agg(", ".join)})
    ids = pd.Index(scored["region_id"]).union(pd.Index(covering.index), sort=False)
    out = (
        pd.DataFrame({"region_id": ids.astype("str")})
        .merge(scored[["region_id", "tier", "gate", "score"]], on="region_id", how="left")
        .merge(covering, left_on="region_id", right_index=True, how="left")
    )
    count = out["distributors"].fillna(0).astype("int64")
    gap = (count == 0) & out["tier"].isin(HIGH_TIERS) & (out["gate"] == "open")
    status = np.select([gap, count >= 2, count == 1], ["gap", "shared", "one"], "uncovered")
    out = out.assign(
        distributors=count,
        distributor_ids=out["distributor_ids"].fillna("").astype("str"),
        prospects=out["region_id"].map(prospects).fillna(0).astype("int64"),
        status=pd.Series(status, index=out.index, dtype="str"),
        gap=gap.to_numpy(),
    )
    return out.sort_values(["gap", "score"], ascending=[False, False], na_position="last").reset_index(drop=True)
