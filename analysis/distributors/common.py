"""What the distributor modules share: column checks, months, the sales credited to a distributor."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from analysis.geo import boundaries
from analysis.i18n import Name


def require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ValueError naming the columns `frame` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; columns are {list(frame.columns)}")


def shift_month(month: str, delta: int) -> str:
    """The month `delta` months after `month` ("YYYY-MM").

    >>> shift_month("2026-01", -1), shift_month("2026-10", 3)
    ('2025-12', '2027-01')
    """
    return str(pd.Period(month, freq="M") + delta)


def months_ending(month: str, n: int) -> list[str]:
    """The `n` months ending with `month`, oldest first.

    >>> months_ending("2026-02", 3)
    ['2025-12', '2026-01', '2026-02']
    """
    return [shift_month(month, -k) for k in range(n - 1, -1, -1)]


def latest_month(sales: pd.DataFrame) -> str | None:
    """The latest month of `sales` (None when there is none)."""
    if sales is None or sales.empty or "month" not in sales:
        return None
    months = sales["month"].dropna()
    return str(months.max()) if len(months) else None


def last_months(sales: pd.DataFrame, months: int | None) -> pd.DataFrame:
    """Sales of the last `months` months present in the data (all of them for None).

    Raises
    ------
    ValueError
        If `months` is below 1.
    """
    if months is None or sales.empty:
        return sales
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    kept = sorted(sales["month"].dropna().unique())[-months:]
    return sales[sales["month"].isin(kept)]


def credited(sales: pd.DataFrame) -> pd.DataFrame:
    """The sales rows credited to a distributor (a non-blank distributor_id)."""
    if "distributor_id" not in sales:
        return sales.iloc[:0]
    ids = sales["distributor_id"].fillna("").astype("str").str.strip()
    return sales[(ids != "").to_numpy()]


def names_distributors(sales: pd.DataFrame | None) -> bool:
    """True when some sales row is credited to a distributor."""
    return sales is not None and not credited(sales).empty


@lru_cache(maxsize=1)
def _region_names() -> dict[str, tuple[str, str]]:
    regions = boundaries.load_regions().drop_duplicates("region_id")
    return dict(zip(regions["region_id"], zip(regions["name"], regions["name_en"], strict=True), strict=True))


def region_name(region_id: str) -> Name:
    """A region's name in both languages (its id when the region is unknown).

    >>> region_name("450102").render("zh"), region_name("450102").render("en"), region_name("x1").render("en")
    ('兴宁区', 'Xingning', 'x1')
    """
    zh, en = _region_names().get(str(region_id), (str(region_id), str(region_id)))
    return Name(zh, en)
