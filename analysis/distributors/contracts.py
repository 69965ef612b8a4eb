"""Contracts (授权范围): what each territory row authorises — categories, channels, months, exclusivity, grade.

A territory row (distributor × county) carries its contract: ``since`` and ``until`` (months,
inclusive; empty = open), ``exclusive``, ``categories`` and ``channels`` (";"-separated; empty =
all) and ``grade`` (A/B/C). Tables without these columns authorise everything, always.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.distributors.common import require
from analysis.market.scenarios import CATEGORY_PRESETS

SOON_MONTHS = 3  # a contract ending within this many months is "expiring"
CONTRACT_STATUSES = ("expired", "expiring", "current", "open", "not_started")
SEPARATORS = re.compile(r"[;；,，、/|]")


def split_list(text) -> tuple[str, ...]:
    """The items of a ";"-separated list, normalised; () for an empty cell (= all).

    >>> split_list("净水器; 热水器"), split_list(""), split_list(None)
    (('water_purifier', 'water_heater'), (), ())
    """
    if not isinstance(text, str) or not text.strip():
        return ()
    return tuple(dict.fromkeys(key(part) for part in SEPARATORS.split(text) if part.strip()))


def key(value) -> str:
    """A category or channel as compared: trimmed, case-folded, a known category by its preset name.

    >>> key(" 净水器 "), key("Water Purifier"), key("Retail")
    ('water_purifier', 'water_purifier', 'retail')
    """
    text = str(value).strip().casefold() if isinstance(value, str) else ""
    return CATEGORY_PRESETS.get(text, text)


def _month(column: pd.Series | None, index: pd.Index) -> pd.Series:
    """A month column as "YYYY-MM" text with "" for empty (or all "" when the column is absent)."""
    if column is None:
        return pd.Series("", index=index, dtype="str")
    return column.fillna("").astype("str").str.strip()


def normalised(territories: pd.DataFrame) -> pd.DataFrame:
    """Territory rows with every contract column present and comparable.

    Returns
    -------
    DataFrame
        distributor_id, region_id, since and until ("YYYY-MM" or ""), exclusive (bool; False when
        absent), categories and channels (tuples of keys, () = all), grade ("" when absent), and
        categories_text / channels_text (the cells as given).

    Raises
    ------
    ValueError
        If distributor_id or region_id is missing.
    """
    require(territories, ["distributor_id", "region_id"], "the territories table")
    index = territories.index
    exclusive = territories["exclusive"] if "exclusive" in territories else pd.Series(False, index=index)
    categories = territories.get("categories", pd.Series("", index=index)).fillna("").astype("str")
    channels = territories.get("channels", pd.Series("", index=index)).fillna("").astype("str")
    return pd.DataFrame(
        {
            "distributor_id": territories["distributor_id"].astype("str"),
            "region_id": territories["region_id"].astype("str"),
            "since": _month(territories.get("since"), index),
            "until": _month(territories.get("until"), index),
            "exclusive": exclusive.fillna(False).astype(bool),
            "categories": categories.map(split_list),
            "channels": channels.map(split_list),
            "categories_text": categories,
            "channels_text": channels,
            "grade": territories.get("grade", pd.Series("", index=index)).fillna("").astype("str"),
        },
        index=index,
    )


def in_force(territories: pd.DataFrame, month: str) -> np.ndarray:
    """Which territory rows are in force in `month` (started, not ended; open ends count as in force).

    >>> t = pd.DataFrame({"distributor_id": "D1", "region_id": ["a", "b", "c"],
    ...                   "since": ["2026-01", "2026-11", ""], "until": ["2026-09", "", ""]})
    >>> in_force(t, "2026-10").tolist()
    [False, False, True]
    """
    rows = normalised(territories)
    started = (rows["since"] == "") | (rows["since"] <= month)
    running = (rows["until"] == "") | (rows["until"] >= month)
    return (started & running).to_numpy()


def contract_status(territories: pd.DataFrame, month: str, soon: int = SOON_MONTHS) -> pd.DataFrame:
    """Each distributor's contract as of `month`: its months, scope and whether it has expired.

    Parameters
    ----------
    territories : DataFrame
        Territory rows with the contract columns (missing ones authorise everything, always).
    month : str
        The month to judge by (say, the latest sales month).
    soon : int, default 3
        A contract whose last month is within `soon` months after `month` is "expiring".

    Returns
    -------
    DataFrame
        One row per distributor: distributor_id, counties, since (earliest), until (latest; ""
        when any row is open-ended), exclusive (any row), categories_text, channels_text, grade,
        ``status`` ("expired": ended before `month`; "expiring": ends within `soon` months;
        "current"; "open": no end month; "not_started": starts after `month`) and
        ``months_left`` (until − month; negative once expired, NaN when open).

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "region_id": ["a", "b", "c"],
    ...                   "until": ["2026-08", "2026-12", ""]})
    >>> contract_status(t, "2026-10")[["distributor_id", "status", "months_left"]].to_dict("records")
    [{'distributor_id': 'D1', 'status': 'expired', 'months_left': -2.0}, \
{'distributor_id': 'D2', 'status': 'expiring', 'months_left': 2.0}, \
{'distributor_id': 'D3', 'status': 'open', 'months_left': nan}]
    """
    rows = normalised(territories)
    grouped = rows.groupby("distributor_id", sort=True)
    out = grouped.agg(
        counties=("region_id", "nunique"),
        since=("since", lambda s: min((v for v in s if v), default="")),
        until=("until", lambda s: "" if (s == "").any() else max(s)),
        exclusive=("exclusive", "any"),
        categories_text=("categories_text", "first"),
        channels_text=("channels_text", "first"),
        grade=("grade", "first"),
    ).reset_index()
    now = pd.Period(month, freq="M").ordinal
    left = np.array([pd.Period(u, freq="M").ordinal - now if u else np.nan for u in out["until"]], dtype=float)
    started = (out["since"] == "") | (out["since"] <= month)
    status = np.select(
        [~started.to_numpy(), np.isnan(left), left < 0, left <= soon],
        ["not_started", "open", "expired", "expiring"],
        "current",
    )
    return out.assign(status=status, months_left=left)
