"""Every row accounted for: how the rows of a kind at each region level are used at a scoring level.

Rows finer than the level a page or score works at are rolled up into it; rows at that level are
used as they are; coarser rows cannot be split and are left out of it. `level_accounting` counts
rows and sums per level so that a page can say so ("3 rows at city level, 270 units, are not in
county scores"), and `accounting_texts` words it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.formats import Figure
from analysis.i18n import Join, Text
from analysis.schemas import LEVELS

USES = ("scored", "rolled_up", "not_scored")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_FIGURE_KIND = {"units": "units", "revenue": "money", "target_revenue": "money", "target_units": "units"}


@lru_cache(maxsize=1)
def _levels_by_id() -> pd.Series:
    """The finest level of every region id of the bundled table (东莞市 441900 is a county too)."""
    from analysis.geo import boundaries

    regions = boundaries.load_regions()[["region_id", "level"]]
    ranked = regions.assign(rank=regions["level"].map(_RANK)).sort_values("rank")
    return ranked.drop_duplicates("region_id", keep="last").set_index("region_id")["level"]


def region_levels(region_ids: pd.Series) -> pd.Series:
    """The level of each region id (the finest where an id is at two levels); NaN for unknown ids."""
    return region_ids.map(_levels_by_id()).astype("str")


def level_accounting(
    frame: pd.DataFrame,
    level: str,
    value_columns: Sequence[str] = ("units", "revenue"),
    levels: pd.Series | None = None,
) -> pd.DataFrame:
    """Rows and sums per region level of `frame`, and how a `level` view uses them.

    Parameters
    ----------
    frame : DataFrame
        Stored rows of a kind, with `region_id`. Not modified.
    level : {"province", "city", "county"}
        The level scores or a page work at.
    value_columns : sequence of str
        Columns to sum (those `frame` lacks are skipped).
    levels : Series, optional
        The level of each row (aligned with `frame`); looked up in the bundled region table when
        omitted.

    Returns
    -------
    DataFrame
        One row per level present, coarsest first: level, rows, one sum per value column, and
        use: "scored" (the same level), "rolled_up" (finer, added into `level`), "not_scored"
        (coarser: cannot be split, so not in any `level` figure).

    Examples
    --------
    >>> rows = pd.DataFrame({"region_id": ["430100", "430102", "430103"], "units": [200, 30, 40]})
    >>> level_accounting(rows, "county")[["level", "rows", "units", "use"]].values.tolist()
    [['city', 1, 200.0, 'not_scored'], ['county', 2, 70.0, 'scored']]
    """
    if level not in _RANK:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    columns = [c for c in value_columns if c in frame.columns]
    found = region_levels(frame["region_id"]) if levels is None else levels.astype("str")
    data = pd.DataFrame({c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype="float64") for c in columns})
    data["level"] = found.to_numpy()
    data = data[data["level"].isin(LEVELS)]
    grouped = data.groupby("level", sort=False)
    out = grouped.size().rename("rows").to_frame()
    for column in columns:
        out[column] = grouped[column].sum(min_count=1).astype("float64")
    out = out.reset_index()
    out["rank"] = out["level"].map(_RANK)
    target = _RANK[level]
    out["use"] = np.select([out["rank"] == target, out["rank"] > target], ["scored", "rolled_up"], "not_scored")
    out = out.sort_values("rank").drop(columns="rank").reset_index(drop=True)
    out["rows"] = out["rows"].astype("int64")
    return out[["level", "rows", *columns, "use"]]


def _value(column: str, value: float) -> object:
    kind = _FIGURE_KIND[column]
    if kind == "units":
        return Text(f"levels.value.{column}", n=Figure(value, "units"))
    return Figure(value, kind)


def accounting_texts(accounting: pd.DataFrame, level: str) -> list[Text]:
    """What a `level` view says about the rows it does not use as they are, one text per other level.

    >>> rows = pd.DataFrame({"region_id": ["430100", "430102"], "units": [270, 30]})
    >>> [t.render("en") for t in accounting_texts(level_accounting(rows, "county"), "county")]
    ['1 rows at city level (270 units) are not in county figures: they cannot be split.']
    """
    texts = []
    for row in accounting.itertuples(index=False):
        if row.use == "scored":
            continue
        sums = Join([_value(c, getattr(row, c)) for c in accounting.columns if c in _FIGURE_KIND])
        texts.append(
            Text(
                f"levels.{row.use}",
                rows=Figure(row.rows, "count"),
                level=Text(f"levels.name.{row.level}"),
                target=Text(f"levels.name.{level}"),
                values=sums,
            )
        )
    return texts
