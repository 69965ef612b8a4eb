"""Flags: selling outside the contract (窜货), overlaps, expired contracts, sell-in above capacity, 砸价.

Selling outside the contract (窜货), overlapping exclusive territories, expired contracts, sell-in above capacity, and
price cutting (砸价) — each one explained.

Methods: METHODS.md §8. Rule 1 (out-of-territory sell-out) is read as selling outside the
contract's 授权范围: outside its counties, before or after its months, or in a category or a
channel it does not cover. Rule 2 compares a distributor's yearly sell-in with its territory's
capacity. Rules 3–4 flag unit prices under a floor or far below the province's median. Every flag
carries its evidence as columns and its explanation as an `analysis.i18n.Text`; nothing here
invents data that is not in the inputs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.distributors.common import credited, last_months, latest_month, region_name, require
from analysis.distributors.contracts import SEPARATORS, SOON_MONTHS, contract_status, in_force, key, normalised
from analysis.formats import Figure
from analysis.geo.boundaries import province_of, within
from analysis.i18n import Join, Text
from analysis.methods.market import price_flags

# Breaches of a contract, in the order a sale is judged (the first that applies is recorded).
BREACHES = ("cross.region", "cross.dates", "cross.category", "cross.channel")
FLAG_CODES = (
    *BREACHES, "overlap.exclusive", "contract.expired", "contract.expiring", "sellin.capacity", "price.floor",
    "price.outlier",
)  # fmt: skip
RATE_MAX = 0.03  # alert above this share of a distributor's units sold outside its contract
BURST_UNITS = 5  # alert at this many units outside the contract in one county and month
SELL_IN_RATIO_MAX = 1.2  # alert when yearly sell-in exceeds the territory's capacity by this factor
PRICE_THRESHOLD = 3.5  # robust z-score below which a price is an outlier
FLAG_COLUMNS = (
    "code", "severity", "distributor_id", "region_id", "category", "product", "months", "units", "value",
    "threshold", "explanation",
)  # fmt: skip


# -- selling outside the contract (窜货) -----------------------------------------------------------
def outside_contract(sales: pd.DataFrame, territories: pd.DataFrame, months: int | None = 3) -> pd.DataFrame:
    """Sales rows credited to a distributor outside its contract, with the breach that applies.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, distributor_id ("" or missing = no distributor, never a breach);
        category and channel when present.
    territories : DataFrame
        distributor_id, region_id and the contract columns (see `analysis.distributors.contracts`).
    months : int or None, default 3
        The last `months` months of the sales only (None = all).

    Returns
    -------
    DataFrame
        The breaching rows (their columns) plus ``breach``: "cross.region" (the county is not in
        the distributor's territory), "cross.dates" (before ``since`` or after ``until``),
        "cross.category" or "cross.channel" (not among the contract's), the first that applies;
        and ``since``, ``until``, ``allowed`` (the contract's categories or channels as written).

    Examples
    --------
    >>> sales = pd.DataFrame({"region_id": ["a", "b", "a"], "month": ["2026-10", "2026-10", "2026-12"],
    ...                       "units": 5, "distributor_id": "D1", "category": "净水器"})
    >>> terr = pd.DataFrame({"distributor_id": ["D1"], "region_id": ["a"], "until": ["2026-11"]})
    >>> outside_contract(sales, terr, months=None)[["region_id", "month", "breach"]].to_dict("records")
    [{'region_id': 'b', 'month': '2026-10', 'breach': 'cross.region'}, \
{'region_id': 'a', 'month': '2026-12', 'breach': 'cross.dates'}]
    """
    require(sales, ["region_id", "month", "units", "distributor_id"], "the sales table")
    rows = credited(last_months(sales, months))
    contract = normalised(territories).drop_duplicates(["distributor_id", "region_id"])
    joined = rows.reset_index(drop=True).merge(
        contract[["distributor_id", "region_id", "since", "until", "categories", "channels", "categories_text",
                  "channels_text"]].assign(_inside=True),
        on=["distributor_id", "region_id"], how="left",
    )  # fmt: skip
    inside = joined["_inside"].fillna(False).astype(bool).to_numpy()
    month = joined["month"].astype("str")
    since, until = joined["since"].fillna(""), joined["until"].fillna("")
    dates = inside & (((since != "") & (month < since)) | ((until != "") & (month > until))).to_numpy()
    category = _not_allowed(joined, "category", "categories") & inside
    channel = _not_allowed(joined, "channel", "channels") & inside
    breach = np.select([~inside, dates, category, channel], list(BREACHES), "")
    allowed = np.where(
        breach == "cross.channel", joined["channels_text"].fillna(""), joined["categories_text"].fillna("")
    )
    out = joined.assign(breach=breach, allowed=allowed, since=since, until=until)
    out = out[out["breach"] != ""]
    return out.drop(columns=["_inside", "categories", "channels", "categories_text", "channels_text"]).reset_index(
        drop=True
    )


def _not_allowed(joined: pd.DataFrame, column: str, allowed: str) -> np.ndarray:
    """Rows whose `column` value is not in the contract's `allowed` list (an empty list allows all)."""
    if column not in joined:
        return np.zeros(len(joined), dtype=bool)
    values = joined[column].map(key).to_numpy()
    lists = joined[allowed].to_numpy()
    return np.array(
        [isinstance(a, tuple) and bool(a) and bool(v) and v not in a for v, a in zip(values, lists, strict=True)],
        dtype=bool,
    )


def cross_territory_flags(
    sales: pd.DataFrame,
    territories: pd.DataFrame,
    months: int | None = 3,
    *,
    rate_max: float = RATE_MAX,
    burst_units: int = BURST_UNITS,
) -> pd.DataFrame:
    """Selling outside the contract per distributor (METHODS.md §8 rule 1), each verdict explained.

    A distributor is flagged when the share of its units sold outside its contract (see
    `outside_contract`) exceeds `rate_max`, or when at least `burst_units` land outside it in
    one county in one month.

    Parameters
    ----------
    sales, territories, months
        As in `outside_contract`.
    rate_max : float, default 0.03
    burst_units : int, default 5

    Returns
    -------
    DataFrame
        One row per distributor with at least one unit outside its contract in the window:
        distributor_id, ``units`` (all its units), ``flagged_units``, ``rate``, ``breaches``
        (the codes, comma-separated), ``foreign_counties`` and ``foreign_regions`` (the counties
        of those units), ``top_region_id``, ``top_month`` and ``top_units`` (its largest
        county-month), ``rate_rule`` and ``burst_rule`` (which rule fired), ``flagged`` and
        ``explanation`` (Text). Flagged rows first, by flagged units.

    Examples
    --------
    >>> sales = pd.DataFrame({"region_id": ["a", "a", "b"], "month": "2026-10",
    ...                       "units": [90, 4, 6], "distributor_id": ["D1", "D2", "D1"]})
    >>> terr = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["a", "a"]})
    >>> cross_territory_flags(sales, terr)[["distributor_id", "flagged_units", "rate", "flagged"]].to_dict("records")
    [{'distributor_id': 'D1', 'flagged_units': 6, 'rate': 0.0625, 'flagged': True}]
    """
    outside = outside_contract(sales, territories, months)
    columns = [
        "distributor_id", "units", "flagged_units", "rate", "breaches", "foreign_counties", "foreign_regions",
        "top_region_id", "top_month", "top_units", "rate_rule", "burst_rule", "flagged", "explanation",
    ]  # fmt: skip
    if outside.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    units = credited(last_months(sales, months)).groupby("distributor_id")["units"].sum()
    cells = outside.groupby(["distributor_id", "region_id", "month"], as_index=False)["units"].sum()
    cells = cells.sort_values(["distributor_id", "units", "month"], ascending=[True, False, False])
    top = cells.drop_duplicates("distributor_id").set_index("distributor_id")
    per = cells.groupby("distributor_id").agg(
        flagged_units=("units", "sum"),
        foreign_counties=("region_id", "nunique"),
        foreign_regions=("region_id", lambda r: ", ".join(sorted(set(r)))),
    )
    codes = outside.groupby("distributor_id")["breach"].agg(lambda b: ", ".join(c for c in BREACHES if c in set(b)))
    out = per.assign(
        units=units.reindex(per.index),
        breaches=codes.reindex(per.index),
        top_region_id=top["region_id"],
        top_month=top["month"],
        top_units=top["units"],
    )
    out = out[out["flagged_units"] > 0]
    out = out.assign(rate=out["flagged_units"] / out["units"].where(out["units"] > 0))
    out = out.assign(rate_rule=out["rate"] > rate_max, burst_rule=out["top_units"] >= burst_units)
    out = out.assign(flagged=out["rate_rule"] | out["burst_rule"]).reset_index()
    window = Text("distributors.window.all") if months is None else Text("distributors.window.n", n=months)
    explanation = [_conflict_text(row, window, rate_max, burst_units) for row in out.itertuples(index=False)]
    out = out.assign(explanation=pd.Series(explanation, index=out.index, dtype="object"))
    out = out.sort_values(["flagged", "flagged_units", "distributor_id"], ascending=[False, False, True])
    return out[columns].reset_index(drop=True)


def _conflict_text(row, window: Text, rate_max: float, burst_units: int) -> Text:
    """Why (or why not) one distributor's units outside its contract raise a flag."""
    rate = Figure(row.rate, "share")
    verdicts: list[Text] = []
    if row.rate_rule:
        verdicts.append(Text("distributors.conflict.rate", rate=rate, max=Figure(rate_max, "share")))
    if row.burst_rule:
        verdicts.append(
            Text(
                "distributors.conflict.burst",
                units=Figure(row.top_units, "units"),
                county=region_name(row.top_region_id),
                month=row.top_month,
                n=burst_units,
            )
        )
    if not verdicts:
        verdicts.append(Text("distributors.conflict.below", max=Figure(rate_max, "share"), n=burst_units))
    return Text(
        "distributors.conflict.summary",
        window=window,
        flagged=Figure(row.flagged_units, "units"),
        units=Figure(row.units, "units"),
        rate=rate,
        counties=int(row.foreign_counties),
        verdicts=Join(verdicts),
    )


def breach_flags(
    sales: pd.DataFrame,
    territories: pd.DataFrame,
    months: int | None = 3,
    *,
    names: Mapping[str, str] | None = None,
    rate_max: float = RATE_MAX,
    burst_units: int = BURST_UNITS,
) -> pd.DataFrame:
    """One flag per distributor, county, category and breach: who sold what where, in which months.

    Parameters
    ----------
    sales, territories, months
        As in `outside_contract`.
    names : mapping of distributor_id → name, optional
        For the explanations (ids otherwise).
    rate_max, burst_units
        As in `cross_territory_flags`: a distributor over either line makes its rows "alert",
        the others "watch".

    Returns
    -------
    DataFrame
        `FLAG_COLUMNS`: code (the breach), severity, distributor_id, region_id, category, product
        (the products, comma-separated), months (comma-separated), units, value (revenue),
        threshold (empty) and explanation; alerts first, by units.

    Examples
    --------
    >>> sales = pd.DataFrame({"region_id": ["b", "b", "a"], "month": ["2026-09", "2026-10", "2026-10"],
    ...                       "units": [6, 4, 50], "revenue": 100.0, "distributor_id": "D1", "category": "净水器"})
    >>> terr = pd.DataFrame({"distributor_id": ["D1"], "region_id": ["a"]})
    >>> breach_flags(sales, terr)[["code", "distributor_id", "region_id", "category", "months", "units"]].to_dict(
    ...     "records")
    [{'code': 'cross.region', 'distributor_id': 'D1', 'region_id': 'b', 'category': '净水器', \
'months': '2026-09, 2026-10', 'units': 10}]
    """
    outside = outside_contract(sales, territories, months)
    if outside.empty:
        return _empty_flags()
    frame = outside.assign(
        category=outside["category"].fillna("").astype("str") if "category" in outside else "",
        product=outside["product"].fillna("").astype("str") if "product" in outside else "",
        revenue=outside.get("revenue", np.nan),
    )
    frame = frame.rename(columns={"breach": "code"})
    grouped = frame.groupby(["code", "distributor_id", "region_id", "category"], as_index=False, sort=False).agg(
        months=("month", lambda m: ", ".join(sorted(set(m)))),
        units=("units", "sum"),
        value=("revenue", "sum"),
        product=("product", lambda p: ", ".join(sorted({v for v in p if v}))),
        since=("since", "first"),
        until=("until", "first"),
        allowed=("allowed", "first"),
    )
    verdict = cross_territory_flags(sales, territories, months, rate_max=rate_max, burst_units=burst_units)
    alert = set(verdict.loc[verdict["flagged"].astype(bool), "distributor_id"])
    names = names or {}
    explanation = [_breach_text(row, names) for row in grouped.itertuples(index=False)]
    out = grouped.assign(
        severity=np.where(grouped["distributor_id"].isin(alert), "alert", "watch"),
        threshold=np.nan,
        explanation=pd.Series(explanation, index=grouped.index, dtype="object"),
    )
    return _sorted(out)


def _period(since: str, until: str) -> Text:
    """A contract's months: "2024-01 至 2026-08", "自 2024-01 起", "至 2026-08 止", or "不限"."""
    if since and until:
        return Text("distributors.period.both", since=since, until=until)
    if since:
        return Text("distributors.period.since", since=since)
    if until:
        return Text("distributors.period.until", until=until)
    return Text("distributors.period.open")


def _breach_text(row, names: Mapping[str, str]) -> Text:
    """Why one distributor's sales in one county break its contract."""
    params = {
        "distributor": names.get(row.distributor_id, row.distributor_id),
        "county": region_name(row.region_id),
        "units": Figure(row.units, "units"),
        "category": row.category or Text("distributors.flag.any_category"),
        "months": Join(row.months.split(", ")),
    }
    if row.code == "cross.dates":
        return Text("distributors.flag.cross.dates", period=_period(row.since, row.until), **params)
    if row.code in ("cross.category", "cross.channel"):
        return Text(f"distributors.flag.{row.code}", allowed=row.allowed, **params)
    return Text("distributors.flag.cross.region", **params)


# -- the contracts themselves -----------------------------------------------------------------------
def exclusive_overlaps(
    territories: pd.DataFrame,
    distributors: pd.DataFrame | None = None,
    month: str | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Counties granted exclusively to one distributor and also to another, for the same months and goods.

    Two rows of one county overlap when their months overlap (in force in `month`, when given),
    their categories overlap (an empty list is every category) and so do their channels; the pair
    is a flag when at least one of the two is exclusive. Distributors whose status is "ended"
    are left out.

    Returns
    -------
    DataFrame
        `FLAG_COLUMNS` with code "overlap.exclusive", distributor_id (the exclusive holder),
        region_id, category (the overlapping categories as written, "" = all), months (the
        overlapping months), units 0, value NaN and ``other_id`` (the second distributor).

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "region_id": ["a", "a", "b"],
    ...                   "exclusive": [True, False, True], "since": ["2025-01", "2026-01", ""]})
    >>> exclusive_overlaps(t)[["distributor_id", "other_id", "region_id", "months"]].to_dict("records")
    [{'distributor_id': 'D1', 'other_id': 'D2', 'region_id': 'a', 'months': '2026-01 –'}]
    """
    rows = normalised(territories)
    if distributors is not None and "status" in distributors:
        ended = set(distributors.loc[distributors["status"] == "ended", "distributor_id"])
        rows = rows[~rows["distributor_id"].isin(ended)]
    if month is not None:
        rows = rows[in_force(rows, month)]
    shared = rows[rows.duplicated("region_id", keep=False)]
    if shared.empty:
        return _empty_flags().assign(other_id=pd.Series(dtype="str"))
    pairs = shared.merge(shared, on="region_id", suffixes=("", "_other"))
    pairs = pairs[(pairs["distributor_id"] != pairs["distributor_id_other"]) & pairs["exclusive"]]
    pairs = pairs[~(pairs["exclusive_other"] & (pairs["distributor_id"] > pairs["distributor_id_other"]))]
    if pairs.empty:
        return _empty_flags().assign(other_id=pd.Series(dtype="str"))
    start = pairs[["since", "since_other"]].max(axis=1)
    end = pd.Series(
        [b if not a else a if not b else min(a, b) for a, b in zip(pairs["until"], pairs["until_other"], strict=True)],
        index=pairs.index,
        dtype="str",
    )
    overlapping = ((end == "") | (start == "") | (start <= end)).to_numpy(dtype=bool)
    goods = [_shared(a, b) for a, b in zip(pairs["categories"], pairs["categories_other"], strict=True)]
    ways = [_shared(a, b) for a, b in zip(pairs["channels"], pairs["channels_other"], strict=True)]
    keep = overlapping & np.array([g is not None for g in goods]) & np.array([w is not None for w in ways])
    pairs = pairs.assign(start=start, end=end, goods=goods)[keep]
    names = names or {}
    out = pd.DataFrame(
        {
            "code": "overlap.exclusive",
            "severity": "alert",
            "distributor_id": pairs["distributor_id"].to_numpy(),
            "region_id": pairs["region_id"].to_numpy(),
            "category": [
                _written(g, a, b)
                for g, a, b in zip(
                    pairs["goods"], pairs["categories_text"], pairs["categories_text_other"], strict=True
                )
            ],
            "product": "",
            "months": [f"{s} – {e}".strip() for s, e in zip(pairs["start"], pairs["end"], strict=True)],
            "units": 0,
            "value": np.nan,
            "threshold": np.nan,
            "other_id": pairs["distributor_id_other"].to_numpy(),
        }
    )
    explanation = [
        Text(
            "distributors.flag.overlap.exclusive",
            county=region_name(r.region_id),
            first=names.get(r.distributor_id, r.distributor_id),
            second=names.get(r.other_id, r.other_id),
            period=_period(s, e),
            category=r.category or Text("distributors.flag.any_category"),
        )
        for r, s, e in zip(out.itertuples(index=False), pairs["start"], pairs["end"], strict=True)
    ]
    return _sorted(out.assign(explanation=pd.Series(explanation, index=out.index, dtype="object")))


def _written(keys: tuple[str, ...], *texts: str) -> str:
    """Category keys as a contract wrote them ("净水器;热水器"), "" for all."""
    spelled = {key(part): part.strip() for text in texts for part in SEPARATORS.split(text) if part.strip()}
    return ";".join(spelled.get(k, k) for k in keys)


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...] | None:
    """What two lists have in common (() = everything); None when nothing."""
    if not a or not b:
        return a or b
    common = tuple(v for v in a if v in b)
    return common or None


def contract_flags(
    territories: pd.DataFrame,
    month: str,
    *,
    sales: pd.DataFrame | None = None,
    distributors: pd.DataFrame | None = None,
    soon: int = SOON_MONTHS,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Contracts that have expired (while the distributor is active or still sells) or expire soon.

    Parameters
    ----------
    territories : DataFrame
        Territory rows with ``until`` (rows without an end never expire).
    month : str
        The month to judge by (say, the latest sales month).
    sales : DataFrame, optional
        The units a distributor sold after its contract ended are counted.
    distributors : DataFrame, optional
        An expired contract of a distributor whose status is "ended" is not a flag.
    soon : int, default 3
        Months ahead in which an ending contract is "expiring".
    names : mapping of distributor_id → name, optional

    Returns
    -------
    DataFrame
        `FLAG_COLUMNS` with code "contract.expired" (severity alert) or "contract.expiring"
        (watch), months = the contract's last month, units = units sold after it, value = months
        left (negative once expired), threshold = `soon`, and ``counties``.

    Examples
    --------
    >>> t = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["a", "b"], "until": ["2026-07", "2026-12"]})
    >>> s = pd.DataFrame({"region_id": "a", "month": ["2026-09"], "units": [7], "distributor_id": "D1"})
    >>> contract_flags(t, "2026-10", sales=s)[["code", "distributor_id", "months", "units", "value"]].to_dict("records")
    [{'code': 'contract.expired', 'distributor_id': 'D1', 'months': '2026-07', 'units': 7, 'value': -3.0}, \
{'code': 'contract.expiring', 'distributor_id': 'D2', 'months': '2026-12', 'units': 0, 'value': 2.0}]
    """
    status = contract_status(territories, month, soon)
    status = status[status["status"].isin(["expired", "expiring"])]
    after = pd.Series(dtype="float64")
    if sales is not None and not status.empty:
        rows = credited(sales)
        ends = rows["distributor_id"].map(status.set_index("distributor_id")["until"])
        after = rows[(rows["month"] > ends.fillna("9999-99")).to_numpy()].groupby("distributor_id")["units"].sum()
    if distributors is not None and "status" in distributors:
        ended = set(distributors.loc[distributors["status"] == "ended", "distributor_id"])
        sold = set(after[after > 0].index)
        status = status[~((status["status"] == "expired") & status["distributor_id"].isin(ended - sold))]
    names = names or {}
    units = status["distributor_id"].map(after).fillna(0).astype("int64")
    out = pd.DataFrame(
        {
            "code": "contract." + status["status"],
            "severity": np.where(status["status"] == "expired", "alert", "watch"),
            "distributor_id": status["distributor_id"],
            "region_id": "",
            "category": status["categories_text"],
            "product": "",
            "months": status["until"],
            "units": units,
            "value": status["months_left"],
            "threshold": float(soon),
            "counties": status["counties"],
        }
    ).reset_index(drop=True)
    explanation = [
        Text(
            f"distributors.flag.{r.code}",
            distributor=names.get(r.distributor_id, r.distributor_id),
            until=r.months,
            months=int(abs(r.value)),
            counties=int(r.counties),
            selling=Text("distributors.flag.still_selling", units=Figure(r.units, "units")) if r.units else "",
        )
        for r in out.itertuples(index=False)
    ]
    return _sorted(out.assign(explanation=pd.Series(explanation, index=out.index, dtype="object")))


def sell_in_flags(
    sales: pd.DataFrame,
    territories: pd.DataFrame,
    capacity: pd.DataFrame,
    months: int = 12,
    *,
    month: str | None = None,
    ratio_max: float = SELL_IN_RATIO_MAX,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Distributors whose yearly sell-in exceeds their territory's capacity (METHODS.md §8 rule 2).

    Sell-in is every unit credited to the distributor in the last `months` months, scaled to a
    year; the territory's capacity is the sum of ``capacity_units`` over its counties. More than
    the market can take suggests stock pushed into the channel, or flowing out of the territory.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, distributor_id.
    territories : DataFrame
        distributor_id, region_id.
    capacity : DataFrame
        region_id, capacity_units (units a year), e.g. the scored counties.
    months : int, default 12
    month : str, optional
        Only the territory rows in force in this month count (every row without it).
    ratio_max : float, default 1.2
    names : mapping of distributor_id → name, optional

    Returns
    -------
    DataFrame
        `FLAG_COLUMNS` with code "sellin.capacity" for the distributors over `ratio_max`: units =
        yearly sell-in, value = sell-in / capacity, threshold = `ratio_max`, and ``capacity``.

    Examples
    --------
    >>> s = pd.DataFrame({"region_id": "a", "month": ["2026-09", "2026-10"], "units": [130, 130],
    ...                   "distributor_id": "D1"})
    >>> t = pd.DataFrame({"distributor_id": ["D1"], "region_id": ["a"]})
    >>> cap = pd.DataFrame({"region_id": ["a"], "capacity_units": [1000.0]})
    >>> sell_in_flags(s, t, cap, months=2)[["distributor_id", "units", "value"]].to_dict("records")
    [{'distributor_id': 'D1', 'units': 1560, 'value': 1.56}]
    """
    require(capacity, ["region_id", "capacity_units"], "the capacity table")
    recent = credited(last_months(sales, months))
    span = recent["month"].nunique()
    if recent.empty or not span:
        return _empty_flags().assign(capacity=pd.Series(dtype="float64"))
    yearly = recent.groupby("distributor_id")["units"].sum() * 12 / span
    per_county = capacity.drop_duplicates("region_id").set_index("region_id")["capacity_units"]
    rows = territories if month is None else territories[in_force(territories, month)]
    rows = rows[["distributor_id", "region_id"]].drop_duplicates()
    held = (
        rows.assign(capacity=rows["region_id"].map(per_county)).groupby("distributor_id")["capacity"].sum(min_count=1)
    )
    frame = pd.DataFrame({"units": yearly, "capacity": held.reindex(yearly.index)}).dropna()
    frame = frame[frame["capacity"] > 0].assign(value=lambda f: (f["units"] / f["capacity"]).round(4))
    frame = frame[frame["value"] > ratio_max].reset_index(names="distributor_id")
    names = names or {}
    out = pd.DataFrame(
        {
            "code": "sellin.capacity",
            "severity": "alert",
            "distributor_id": frame["distributor_id"],
            "region_id": "",
            "category": "",
            "product": "",
            "months": f"{recent['month'].min()} – {recent['month'].max()}",
            "units": frame["units"].round(0).astype("int64"),
            "value": frame["value"],
            "threshold": ratio_max,
            "capacity": frame["capacity"],
        }
    )
    explanation = [
        Text(
            "distributors.flag.sellin.capacity",
            distributor=names.get(r.distributor_id, r.distributor_id),
            n=months,
            sell_in=Figure(r.units, "units"),
            capacity=Figure(r.capacity, "units"),
            ratio=Figure(r.value, "index"),
            max=Figure(ratio_max, "index"),
        )
        for r in out.itertuples(index=False)
    ]
    return _sorted(out.assign(explanation=pd.Series(explanation, index=out.index, dtype="object")))


# -- price cutting (砸价) -----------------------------------------------------------------------------
def price_flags_from_sales(
    sales: pd.DataFrame,
    floor_by_product: Mapping[str, float] | None = None,
    months: int | None = 3,
    *,
    threshold: float = PRICE_THRESHOLD,
    min_peers: int = 8,
) -> pd.DataFrame:
    """Unit prices per county, month and product, flagged below the floor or as robust low outliers.

    The price is revenue / units of the county's sales of that product in that month. Rule 3 of
    METHODS.md §8 flags a price under the product's floor; rule 4 flags a modified z-score
    M = 0.6745 · (price − median) / MAD below −`threshold` (undercutting only), computed against the
    peers: the same product in the same month in the counties of the same province.

    Parameters
    ----------
    sales : DataFrame
        region_id, month, units, revenue, product (missing product = one unnamed product);
        distributor_id when present (who sold at that price).
    floor_by_product : mapping of product → minimum price, optional
        A floor of None, NaN or 0 means no floor for that product.
    months : int or None, default 3
        The last `months` months only (None = all).
    threshold : float, default 3.5
    min_peers : int, default 8
        Groups with fewer prices than this are too small to estimate a robust spread: only the floor
        is checked there.

    Returns
    -------
    DataFrame
        One row per county × month × product with units > 0: region_id, province_id, month, product,
        ``distributor_ids`` (comma-separated), units, revenue, ``price``, ``floor``, ``peer_median``,
        ``peers``, ``mad_score``, ``below_floor``, ``outlier``, ``flagged``, ``reason``
        (methods.market's record) and ``explanation`` (Text; None when not flagged). Flagged rows
        first, lowest score first.

    Examples
    --------
    >>> prices = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]
    >>> sales = pd.DataFrame({"region_id": [f"4501{i:02d}" for i in range(8)], "month": "2026-10",
    ...                       "units": 1, "revenue": prices, "product": "X1"})
    >>> out = price_flags_from_sales(sales, {"X1": 2800})
    >>> out[["price", "mad_score", "below_floor", "outlier"]].head(1).to_dict("records")
    [{'price': 2100.0, 'mad_score': -40.22, 'below_floor': True, 'outlier': True}]
    """
    require(sales, ["region_id", "month", "units", "revenue"], "the sales table")
    recent = last_months(sales, months)
    recent = recent.assign(
        product=recent["product"].fillna("").astype("str") if "product" in recent else "",
        distributor_id=recent["distributor_id"].fillna("").astype("str") if "distributor_id" in recent else "",
    )
    cells = recent.groupby(["region_id", "month", "product"], as_index=False).agg(
        units=("units", "sum"),
        revenue=("revenue", "sum"),
        distributor_ids=("distributor_id", lambda d: ", ".join(sorted({v for v in d if v}))),
    )
    cells = cells[cells["units"] > 0].reset_index(drop=True)
    floors = pd.Series(dict(floor_by_product or {}), dtype=float)
    cells = cells.assign(
        province_id=province_of(cells["region_id"]),
        price=cells["revenue"].astype(float) / cells["units"].astype(float),
        floor=cells["product"].map(floors.where(floors > 0)).astype(float),
    )
    keys = ["product", "month", "province_id"]
    peers = cells.groupby(keys)["price"]
    cells = cells.assign(peer_median=peers.transform("median"), peers=peers.transform("size"))
    # Too few peers give no robust spread: there only the floor applies (an infinite threshold never fires).
    enough = cells["peers"] >= min_peers
    flags = pd.concat(
        [
            price_flags(cells[enough], "price", keys, floor="floor", threshold=threshold, side="below"),
            price_flags(cells[~enough], "price", keys, floor="floor", threshold=np.inf, side="below"),
        ]
    ).reindex(cells.index)
    out = pd.concat([cells, flags], axis=1).assign(mad_score=lambda f: f["mad_score"].round(2))
    explanation = [_price_text(row, threshold) if row.flagged else None for row in out.itertuples(index=False)]
    out = out.assign(explanation=pd.Series(explanation, index=out.index, dtype="object"))
    columns = [
        "region_id", "province_id", "month", "product", "distributor_ids", "units", "revenue", "price", "floor",
        "peer_median", "peers", "mad_score", "below_floor", "outlier", "flagged", "reason", "explanation",
    ]  # fmt: skip
    out = out.sort_values(["flagged", "mad_score", "region_id"], ascending=[False, True, True])
    return out[columns].reset_index(drop=True)


def _price_text(row, threshold: float) -> Text:
    """Why one county's price is flagged."""
    parts: list[Text] = []
    if row.below_floor:
        parts.append(Text("distributors.price.floor", floor=Figure(row.floor, "price")))
    if row.outlier:
        below = Figure(1 - row.price / row.peer_median, "share") if row.peer_median else "–"
        parts.append(
            Text(
                "distributors.price.outlier",
                below=below,
                median=Figure(row.peer_median, "price"),
                peers=int(row.peers),
                score=f"{row.mad_score:.2f}",
                threshold=f"{-threshold:g}",
            )
        )
    return Text("distributors.price.lead", price=Figure(row.price, "price"), reasons=Join(parts))


def price_flag_rows(prices: pd.DataFrame) -> pd.DataFrame:
    """The flagged prices of `price_flags_from_sales` as rows of the flags table (price.floor / price.outlier)."""
    flagged = prices[prices["flagged"].astype(bool)]
    if flagged.empty:
        return _empty_flags()
    out = pd.DataFrame(
        {
            "code": np.where(flagged["below_floor"].astype(bool), "price.floor", "price.outlier"),
            "severity": "alert",
            "distributor_id": flagged["distributor_ids"],
            "region_id": flagged["region_id"],
            "category": "",
            "product": flagged["product"],
            "months": flagged["month"],
            "units": flagged["units"],
            "value": flagged["price"],
            "threshold": np.where(flagged["below_floor"].astype(bool), flagged["floor"], flagged["peer_median"]),
            "explanation": flagged["explanation"],
        }
    )
    return _sorted(out)


# -- every flag in one table ----------------------------------------------------------------------------
def all_flags(
    sales: pd.DataFrame,
    territories: pd.DataFrame,
    *,
    distributors: pd.DataFrame | None = None,
    capacity: pd.DataFrame | None = None,
    month: str | None = None,
    months: int = 3,
    floors: Mapping[str, float] | None = None,
    soon: int = SOON_MONTHS,
) -> pd.DataFrame:
    """Every flag of the Distributors page in one table, one row per finding.

    Parameters
    ----------
    sales, territories
        As in `outside_contract`; territories with their contract columns.
    distributors : DataFrame, optional
        For names, and to leave out distributors that have ended.
    capacity : DataFrame, optional
        region_id, capacity_units: without it the sell-in rule is skipped.
    month : str, optional
        The month contracts are judged by; the latest sales month by default.
    months : int, default 3
        The window of the sales and price rules.
    floors : mapping of product → floor, optional
    soon : int, default 3

    Returns
    -------
    DataFrame
        `FLAG_COLUMNS`, ordered by `FLAG_CODES`, alerts first, then by units.
    """
    names = {}
    if distributors is not None and {"distributor_id", "name"} <= set(distributors):
        names = dict(zip(distributors["distributor_id"], distributors["name"], strict=True))
    month = month or latest_month(sales)
    parts = [breach_flags(sales, territories, months, names=names)]
    parts.append(exclusive_overlaps(territories, distributors, month, names=names))
    if month:
        parts.append(contract_flags(territories, month, sales=sales, distributors=distributors, soon=soon, names=names))
    if capacity is not None:
        parts.append(sell_in_flags(sales, territories, capacity, month=month, names=names))
    if {"revenue"} <= set(sales):
        parts.append(price_flag_rows(price_flags_from_sales(sales, floors, months)))
    parts = [p[list(FLAG_COLUMNS)] for p in parts if not p.empty]
    return _sorted(pd.concat(parts, ignore_index=True)) if parts else _empty_flags()


def flag_counts(flags: pd.DataFrame) -> pd.Series:
    """Flags per code, every code listed (zero when none), in `FLAG_CODES` order.

    >>> flag_counts(pd.DataFrame({"code": ["price.floor", "cross.region", "price.floor"]})).loc[
    ...     ["cross.region", "price.floor", "overlap.exclusive"]].tolist()
    [1, 2, 0]
    """
    return flags["code"].value_counts().reindex(list(FLAG_CODES), fill_value=0).astype("int64")


def _empty_flags() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="float64" if c in ("value", "threshold") else "object") for c in FLAG_COLUMNS}
    )


def _sorted(flags: pd.DataFrame) -> pd.DataFrame:
    """Flags in `FLAG_CODES` order, alerts first, most units first."""
    order = flags["code"].map({c: i for i, c in enumerate(FLAG_CODES)})
    severity = flags["severity"].map({"alert": 0, "watch": 1})
    ranked = flags.assign(_o=order, _s=severity, _u=-pd.to_numeric(flags["units"], errors="coerce").fillna(0))
    ranked = ranked.sort_values(["_o", "_s", "_u", "distributor_id", "region_id"], kind="stable")
    return ranked.drop(columns=["_o", "_s", "_u"]).reset_index(drop=True)


def touching_province(flags: pd.DataFrame, distributors: pd.DataFrame, province: str | None) -> pd.DataFrame:
    """Flags of distributors seated in `province`, or about one of its counties.

    Works on the per-distributor table of `cross_territory_flags` (its ``foreign_regions``) and on
    the flags table (its ``region_id``).

    Examples
    --------
    >>> flags = pd.DataFrame({"distributor_id": ["D1", "D2"], "foreign_regions": ["450102", "110101, 450103"]})
    >>> seats = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["110105", "110106"]})
    >>> touching_province(flags, seats, "450000")["distributor_id"].tolist()
    ['D1', 'D2']
    """
    if not province or flags.empty:
        return flags
    seated = set(within(distributors, province)["distributor_id"])
    column = "foreign_regions" if "foreign_regions" in flags else "region_id"
    regions = flags[column].fillna("").astype("str").str.split(", ").explode()
    into = (province_of(regions) == province).groupby(level=0).any()
    ids = flags["distributor_id"].fillna("").astype("str").str.split(", ").explode()
    by = ids.isin(seated).groupby(level=0).any()
    return flags[(by | into).reindex(flags.index, fill_value=False).to_numpy()]
