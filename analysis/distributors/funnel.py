"""The prospect funnel: candidate distributors by where they were found and how far they got.

The field guide's two ways of finding candidates: active search (主动式: web, business registries,
street visits) and passive channels (被动式: ads, trade shows, referrals).
"""

from __future__ import annotations

import pandas as pd

from analysis.distributors.common import require
from analysis.schemas import SOURCES, STATUS_DISTRIBUTOR

CHANNEL_OF_SOURCE = {
    "web": "active",
    "registry": "active",
    "street": "active",
    "ads": "passive",
    "trade_show": "passive",
    "referral": "passive",
}


def funnel(distributors: pd.DataFrame) -> pd.DataFrame:
    """Candidates by source and status: the prospect funnel of the field guide.

    Parameters
    ----------
    distributors : DataFrame
        The distributors kind with ``source`` and ``status`` (missing or unknown values count as
        "unknown").

    Returns
    -------
    DataFrame
        One row per source × status (every known combination, zero included): ``source``, ``channel``
        ("active": web, registry, street; "passive": ads, trade_show, referral; else "unknown"),
        ``status``, ``distributors`` and ``share_of_source`` (0–1). Sources in the order active then
        passive, statuses prospect → active → ended.

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["web", "web", "ads"], "status": ["active", "prospect", "active"]})
    >>> f = funnel(d)
    >>> f[f.source == "web"][["channel", "status", "distributors", "share_of_source"]].to_dict("records")[:2]
    [{'channel': 'active', 'status': 'prospect', 'distributors': 1, 'share_of_source': 0.5}, \
{'channel': 'active', 'status': 'active', 'distributors': 1, 'share_of_source': 0.5}]
    """
    require(distributors, ["source", "status"], "the distributors table")
    source = distributors["source"].where(distributors["source"].isin(SOURCES), "unknown")
    status = distributors["status"].where(distributors["status"].isin(STATUS_DISTRIBUTOR), "unknown")
    sources = [*SOURCES] + (["unknown"] if (source == "unknown").any() else [])
    statuses = ["prospect", "active", "ended"] + (["unknown"] if (status == "unknown").any() else [])
    counts = pd.crosstab(source, status).reindex(index=sources, columns=statuses, fill_value=0)
    long = counts.stack().rename("distributors").reset_index()
    long.columns = ["source", "status", "distributors"]
    per_source = long.groupby("source", sort=False)["distributors"].transform("sum")
    return pd.DataFrame(
        {
            "source": long["source"].astype("str"),
            "channel": long["source"].map(CHANNEL_OF_SOURCE).fillna("unknown").astype("str"),
            "status": long["status"].astype("str"),
            "distributors": long["distributors"].astype("int64"),
            "share_of_source": (long["distributors"] / per_source.where(per_source > 0)).astype(float),
        }
    )


def funnel_by_channel(table: pd.DataFrame) -> pd.DataFrame:
    """Candidates per channel (active search, passive) and how many of them became active distributors.

    Parameters
    ----------
    table : DataFrame
        The output of `funnel`.

    Returns
    -------
    DataFrame
        ``channel``, ``distributors``, ``active`` and ``active_share`` (NaN for an empty channel).

    Examples
    --------
    >>> d = pd.DataFrame({"source": ["web", "street", "ads"], "status": ["active", "prospect", "active"]})
    >>> funnel_by_channel(funnel(d)).to_dict("records")
    [{'channel': 'active', 'distributors': 2, 'active': 1, 'active_share': 0.5}, \
{'channel': 'passive', 'distributors': 1, 'active': 1, 'active_share': 1.0}]
    """
    out = (
        table.assign(active=table["distributors"].where(table["status"] == "active", 0))
        .groupby("channel", sort=False, as_index=False)[["distributors", "active"]]
        .sum()
    )
    return out.assign(active_share=out["active"] / out["distributors"].where(out["distributors"] > 0))
