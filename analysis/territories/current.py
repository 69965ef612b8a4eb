"""A design against the current territories: who holds each county now, what moves, what is saved.

Who holds each county now, which distributor takes each designed territory, what moves, and the territory rows a saved
design becomes.

Timing: a design takes effect in the *coming* month (the month after the latest sales month). The
current territories are the rows in force then; a saved design ends the rows of counties that
change hands with the latest month and starts the new ones with the coming month, so that the sales
already made stay inside their contracts and no past sale turns into a cross-territory flag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.distributors.common import latest_month, shift_month
from analysis.distributors.contracts import in_force, normalised
from analysis.io.store import Store, VersionInfo
from analysis.territories.evaluation import territory_order

TERRITORY_COLUMNS = ("distributor_id", "region_id", "since", "until", "exclusive", "categories", "channels", "grade")


def coming_month(sales: pd.DataFrame) -> str | None:
    """The month after the latest sales month: when a design (and the current territories) apply.

    >>> coming_month(pd.DataFrame({"month": ["2026-09", "2026-10"]}))
    '2026-11'
    """
    month = latest_month(sales)
    return shift_month(month, 1) if month else None


def current_assignment(
    territories: pd.DataFrame,
    scope: Sequence[str],
    *,
    month: str | None = None,
    distributors: pd.DataFrame | None = None,
    sales: pd.DataFrame | None = None,
) -> pd.Series:
    """Who holds each county of the scope now: one distributor per county.

    A county with several holders goes to the exclusive one, then to the one that sold most there
    (units credited in the sales), then to the lowest id. Rows not in force in `month`, and
    distributors whose status is "ended", do not count.

    Parameters
    ----------
    territories : DataFrame
        distributor_id, region_id and the contract columns.
    scope : sequence of str
        County ids.
    month : str, optional
        The month whose rows count (all rows without it).
    distributors : DataFrame, optional
        distributor_id, status.
    sales : DataFrame, optional
        region_id, units, distributor_id: breaks ties between holders.

    Returns
    -------
    Series
        region_id → distributor_id for the covered counties of the scope (named "territory").

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D2", "D2"], "region_id": ["a", "a", "b"],
    ...                   "exclusive": [False, True, True]})
    >>> current_assignment(t, ["a", "b", "c"]).to_dict()
    {'a': 'D2', 'b': 'D2'}
    """
    rows = normalised(territories)
    rows = rows[rows["region_id"].isin(set(map(str, scope)))]
    if month is not None:
        rows = rows[in_force(rows, month)]
    if distributors is not None and "status" in distributors:
        rows = rows[~rows["distributor_id"].isin(distributors.loc[distributors["status"] == "ended", "distributor_id"])]
    sold = pd.Series(dtype="float64")
    if sales is not None and "distributor_id" in sales and not rows.empty:
        inside = sales[sales["region_id"].isin(set(rows["region_id"]))]
        sold = inside.groupby(["distributor_id", "region_id"])["units"].sum()
    units = [sold.get((d, r), 0.0) for d, r in zip(rows["distributor_id"], rows["region_id"], strict=True)]
    ranked = rows.assign(_units=units).sort_values(
        ["region_id", "exclusive", "_units", "distributor_id"], ascending=[True, False, False, True]
    )
    first = ranked.drop_duplicates("region_id")
    return pd.Series(
        first["distributor_id"].to_numpy(), index=pd.Index(first["region_id"].to_numpy(), name="region_id"),
        name="territory",
    )  # fmt: skip


def name_territories(
    assignment: pd.Series, current: pd.Series, weight: pd.Series | None = None, *, reserved: Sequence[str] = ()
) -> dict[str, str]:
    """Which current distributor takes each designed territory: the one holding most of it now.

    Territories whose id is already a distributor's (a seed at its seat) keep it. The others are
    matched greedily, the largest overlap (counties weighted by `weight`) first, each distributor
    at most once; a territory overlapping no free distributor keeps its own id (a vacancy).

    Parameters
    ----------
    assignment : Series
        region_id → designed territory id.
    current : Series
        region_id → current distributor_id.
    weight : Series, optional
        region_id → weight of a county (say its capacity); 1 per county by default.
    reserved : sequence of str
        Distributor ids that name territories already (kept, and not given to another).

    Returns
    -------
    dict of territory id → distributor_id (or the territory id itself for a vacancy)

    Examples
    --------
    >>> design = pd.Series({"a": "T1", "b": "T1", "c": "T2", "d": "T3"})
    >>> now = pd.Series({"a": "D7", "c": "D7", "b": "D7", "d": "D9"})
    >>> name_territories(design, now)
    {'T1': 'D7', 'T3': 'D9', 'T2': 'T2'}
    """
    labels = assignment.dropna().astype("str")
    territories = sorted(set(labels), key=territory_order)
    taken = {t: t for t in territories if t in set(reserved) or t in set(current.dropna())}
    weights = pd.Series(1.0, index=labels.index) if weight is None else weight.reindex(labels.index).fillna(0.0) + 1e-9
    held = current.reindex(labels.index)
    pairs = (
        pd.DataFrame({"territory": labels.to_numpy(), "distributor": held.to_numpy(), "w": weights.to_numpy()})
        .dropna(subset=["distributor"])
        .groupby(["territory", "distributor"], as_index=False)["w"]
        .sum()
        .sort_values(["w", "territory", "distributor"], ascending=[False, True, True])
    )
    used = set(taken.values())
    out = dict(taken)
    for row in pairs.itertuples(index=False):
        if row.territory in out or row.distributor in used:
            continue
        out[row.territory] = row.distributor
        used.add(row.distributor)
    for t in territories:
        out.setdefault(t, t)
    return out


def before_after(
    units: pd.DataFrame, before: pd.Series, after: pd.Series, columns: Sequence[str] = ("capacity_units", "our_revenue")
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which counties change hands, and each distributor's gain or loss.

    Parameters
    ----------
    units : DataFrame
        The scope's counties: region_id and `columns`.
    before, after : Series
        region_id → distributor (or territory) id; a county missing is held by nobody.
    columns : sequence of str
        What to add up (capacity and current sales by default; those missing from `units` are skipped).

    Returns
    -------
    (DataFrame, DataFrame)
        The moved counties: region_id, before, after and `columns`. And one row per holder
        before or after: holder, counties_before, counties_after, and per column `<c>_before`,
        `<c>_after` and `<c>_change`; biggest change of the first column first.

    Examples
    --------
    >>> u = pd.DataFrame({"region_id": ["a", "b", "c"], "capacity_units": [10.0, 20.0, 30.0]})
    >>> moved, change = before_after(u, pd.Series({"a": "D1", "b": "D1"}), pd.Series({"a": "D1", "b": "D2", "c": "D2"}),
    ...                              ["capacity_units"])
    >>> moved["region_id"].tolist(), change.set_index("holder")["capacity_units_change"].to_dict()
    (['b', 'c'], {'D2': 50.0, 'D1': -20.0})
    """
    columns = [c for c in columns if c in units.columns]
    table = units.drop_duplicates("region_id").set_index("region_id")[columns].apply(pd.to_numeric, errors="coerce")
    ids = table.index
    was, now = before.reindex(ids), after.reindex(ids)
    differs = (was.fillna("") != now.fillna("")).to_numpy()
    moved = pd.DataFrame(
        {"region_id": ids[differs], "before": was[differs].to_numpy(), "after": now[differs].to_numpy()}
    ).join(table, on="region_id")
    holders = sorted(set(was.dropna()) | set(now.dropna()), key=territory_order)
    out = pd.DataFrame({"holder": holders})
    for side, labels in (("before", was), ("after", now)):
        grouped = table.assign(_h=labels.to_numpy()).dropna(subset=["_h"]).groupby("_h")
        out[f"counties_{side}"] = out["holder"].map(grouped.size()).fillna(0).astype("int64")
        for c in columns:
            out[f"{c}_{side}"] = out["holder"].map(grouped[c].sum()).fillna(0.0)
    for c in columns:
        out[f"{c}_change"] = out[f"{c}_after"] - out[f"{c}_before"]
    if columns:
        out = out.sort_values(f"{columns[0]}_change", ascending=False, key=abs, kind="stable")
    return moved.reset_index(drop=True), out.reset_index(drop=True)


def territory_rows(after: pd.Series, territories: pd.DataFrame, month: str, *, exclusive: bool = True) -> pd.DataFrame:
    """The territory rows a saved design becomes, for the counties it assigns (an update by region_id).

    For each county of `after`: a row that stays with its distributor is kept as it is; a
    distributor that leaves the county has its row end with the month before `month`; the new
    holder's row starts in `month` with that distributor's contract (its until, exclusivity,
    categories, channels and grade, from its other rows; a distributor with none gets an open
    contract, exclusive as given). Rows of the county that had ended already are kept as history;
    a county given back to a distributor whose row there had ended gets that row running again.

    Parameters
    ----------
    after : Series
        region_id → distributor_id of the design (vacancies must have been given a distributor).
    territories : DataFrame
        The current territory rows (every county, with the contract columns).
    month : str
        The month the design takes effect (the coming month).
    exclusive : bool, default True
        Exclusivity of new rows for distributors without a contract yet.

    Returns
    -------
    DataFrame
        `TERRITORY_COLUMNS`, every row of every county in `after`.

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D1"], "region_id": ["a", "b"], "since": "2024-01",
    ...                   "until": "2027-06", "exclusive": True, "categories": "", "channels": "", "grade": "A"})
    >>> rows = territory_rows(pd.Series({"a": "D1", "b": "D2", "c": "D1"}), t, "2026-11")
    >>> rows[["distributor_id", "region_id", "since", "until"]].to_dict("records")
    [{'distributor_id': 'D1', 'region_id': 'a', 'since': '2024-01', 'until': '2027-06'}, \
{'distributor_id': 'D1', 'region_id': 'b', 'since': '2024-01', 'until': '2026-10'}, \
{'distributor_id': 'D2', 'region_id': 'b', 'since': '2026-11', 'until': ''}, \
{'distributor_id': 'D1', 'region_id': 'c', 'since': '2026-11', 'until': '2027-06'}]
    """
    last = shift_month(month, -1)
    current = territories.reindex(columns=list(TERRITORY_COLUMNS)).copy()
    current["region_id"] = current["region_id"].astype("str")
    current["distributor_id"] = current["distributor_id"].astype("str")
    for column in ("since", "until", "categories", "channels", "grade"):
        current[column] = current[column].fillna("").astype("str")
    current["exclusive"] = current["exclusive"].fillna(exclusive).astype(bool)
    live = current[in_force(current, month)]
    contract = live.sort_values(["distributor_id", "until"], ascending=[True, False]).drop_duplicates("distributor_id")
    contract = contract.set_index("distributor_id")
    target = after.dropna().astype("str")
    rows = []
    for county, holder in target.items():
        county = str(county)
        here = current[current["region_id"] == county]
        mine = here[here["distributor_id"] == holder]
        for row in here[here["distributor_id"] != holder].to_dict("records"):
            if row["until"] == "" or row["until"] > last:
                row["until"] = last
            rows.append(row)
        if not mine.empty:
            row = mine.iloc[0].to_dict()
            if not in_force(mine.iloc[[0]], month)[0]:
                # One row per distributor and county: an ended row runs on (its past months stay inside
                # it, so no sale already made turns into a flag), a row not begun yet begins now.
                if row["since"] and row["since"] > month:
                    row["since"] = month
                if row["until"] and row["until"] < month:
                    row["until"] = contract["until"].get(holder, "")
            rows.append(row)
            continue
        terms = contract.loc[holder].to_dict() if holder in contract.index else {}
        rows.append(
            {
                "distributor_id": holder,
                "region_id": county,
                "since": month,
                "until": terms.get("until", ""),
                "exclusive": bool(terms.get("exclusive", exclusive)),
                "categories": terms.get("categories", ""),
                "channels": terms.get("channels", ""),
                "grade": terms.get("grade", ""),
            }
        )
    out = pd.DataFrame(rows, columns=list(TERRITORY_COLUMNS))
    order = out["region_id"].map({c: i for i, c in enumerate(map(str, target.index))})
    return out.assign(_o=order).sort_values(["_o", "since", "distributor_id"]).drop(columns="_o").reset_index(drop=True)


def vacancies(names: Mapping[str, str], distributors: pd.DataFrame | None) -> list[str]:
    """Territories whose holder is not a known distributor (a designed territory nobody holds yet)."""
    known = set() if distributors is None else set(distributors["distributor_id"].astype("str"))
    return [t for t, d in names.items() if d not in known]


def save_design(
    store: Store,
    rows: pd.DataFrame,
    *,
    scope: Sequence[str],
    params: Mapping[str, object],
    user: str | None = None,
    note: str = "",
) -> VersionInfo:
    """Store a design as a new version of the territories kind: only the counties it assigns change.

    Parameters
    ----------
    store : Store
    rows : DataFrame
        `territory_rows` of the design.
    scope : sequence of str
        The province ids the design covers (kept in the audit entry).
    params : mapping
        The design's inputs (k, balance, tolerance, …), kept in the audit entry.
    user : str, optional
    note : str

    Returns
    -------
    VersionInfo

    Raises
    ------
    ValueError
        If a row has no distributor.
    """
    if rows.empty:
        raise ValueError("the design assigns no county")
    if rows["distributor_id"].fillna("").astype("str").str.strip().eq("").any():
        raise ValueError("every county of a saved design needs a distributor")
    frame = rows.assign(
        **{c: rows[c].replace("", None) for c in ("since", "until", "categories", "channels", "grade")},
        exclusive=rows["exclusive"].astype(bool),
    )
    detail = {
        "scope": list(scope),
        "counties": int(frame["region_id"].nunique()),
        "distributors": int(frame["distributor_id"].nunique()),
        **{k: _plain(v) for k, v in params.items()},
    }
    return store.write(
        "territories", frame, mode="update", partition="region_id", source="design", user=user, note=note, detail=detail
    )


def _plain(value):
    """A design parameter as JSON can hold it."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
