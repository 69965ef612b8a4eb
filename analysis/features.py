"""Region features for market scoring: capacity, housing pipeline, competitors, our sales, price, BPI.

One row per region of a level. Additive quantities (households, units, revenue, new homes) are
summed from the regions in the data up to the level first, and ratios (shares, HHI, YoY, price
index, per-1,000 figures) are computed afterwards, so a city's share is never an average of its
counties' shares. The heavy part, aggregating months of sales, runs in pandas for frames in memory
(`build_features`) and in DuckDB for a store (`build_features_sql`); both feed the same assembly,
so they give the same table.

Periods: our sales cover the last 12 months up to the latest sales month (and the 12 before, for
YoY); competitor figures use the latest competitor year; capacity is for the calendar year of the
latest sales month; the housing pipeline counts new homes in the three calendar years after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import geo
from analysis.methods.capacity import CapacityAssumptions, bpi, housing_demand, replacement_units, upgrade_units
from analysis.methods.market import hhi_by_region, implied_units, leader_share, whitespace_units
from analysis.schemas import KINDS, LEVELS
from analysis.store import Store

OURS = "ours"  # the seller name our brand takes in the HHI and the `leader` column
HOUSEHOLD_SIZE = 2.62  # persons per household (2020 census); households = population / 2.62 where not given
PIPELINE_YEARS = 3
DEFAULT_ASSUMPTIONS = CapacityAssumptions()  # the water-purifier preset of METHODS.md §1.2
SALES_METRICS = ["our_units", "our_revenue", "our_units_prev", "our_revenue_prev"]
LEVEL_COLUMN = {"county": "region_id", "city": "city_id", "province": "province_id"}
_DEPTH = {"province": 0, "city": 1, "county": 2}
ASSUMPTION_COLUMNS = ["penetration", "penetration_next", "life_years", "fitout_rate", "attach_rate"]

FEATURE_COLUMNS = [
    "region_id",
    "name",
    "name_en",
    "level",
    "parent_id",
    "province_id",
    "population",
    "households",
    "income_per_capita",
    "retail_sales",
    "bpi",
    *ASSUMPTION_COLUMNS,
    "replacement_units",
    "upgrade_units",
    "newhousing_units",
    "capacity_units",
    "housing_3y_units",
    "housing_per_1000hh",
    "pipeline_years",
    "competitors",
    "competitor_units",
    "competitor_revenue",
    "our_units",
    "our_revenue",
    "our_units_prev",
    "our_revenue_prev",
    "yoy_growth",
    "our_share",
    "our_unit_share",
    "served_units",
    "whitespace_units",
    "hhi",
    "leader",
    "leader_share",
    "our_price",
    "competitor_price",
    "price_index",
    "last_month",
    "competitor_year",
]


def sales_windows(last_month: str) -> tuple[str, str, str]:
    """First month of the previous 12 months, first month of the last 12 months, and the last month.

    Parameters
    ----------
    last_month : str
        The latest sales month, "YYYY-MM".

    Returns
    -------
    (str, str, str)

    Examples
    --------
    >>> sales_windows("2026-10")
    ('2024-11', '2025-11', '2026-10')
    """
    last = pd.Period(last_month, freq="M")
    return str(last - 23), str(last - 11), str(last)


def _empty_metrics() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64") for c in SALES_METRICS}, index=pd.Index([], dtype="str"))


def sales_metrics(sales: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """Our units and revenue per sales region in the last 12 months and the 12 months before.

    Parameters
    ----------
    sales : DataFrame
        Sales in stored columns (region_id, month "YYYY-MM", units, revenue, ...).

    Returns
    -------
    (DataFrame, str or None)
        Columns our_units, our_revenue, our_units_prev, our_revenue_prev (floats) indexed by the
        region_id of the sales rows, sorted; and the latest sales month (None without sales). Only
        regions with a row in the 24 months get a row.
    """
    if sales.empty:
        return _empty_metrics(), None
    prev_start, start, last = sales_windows(str(sales["month"].max()))
    month = sales["month"]
    window = sales.loc[(month >= prev_start) & (month <= last), ["region_id", "month", "units", "revenue"]]
    now = (window["month"] >= start).to_numpy()
    units = window["units"].to_numpy(dtype=float)
    revenue = window["revenue"].to_numpy(dtype=float)
    parts = pd.DataFrame(
        {
            "our_units": np.where(now, units, 0.0),
            "our_revenue": np.where(now, revenue, 0.0),
            "our_units_prev": np.where(now, 0.0, units),
            "our_revenue_prev": np.where(now, 0.0, revenue),
        },
        index=pd.Index(window["region_id"].astype("str"), name="region_id"),
    )
    return parts.groupby(level=0, sort=True).sum(), last


# The per-region sales figures in one pass over the current version; month is "YYYY-MM" text, so
# text comparison is calendar order.
SALES_SQL = """
SELECT region_id,
       coalesce(sum(units) FILTER (WHERE month >= $start), 0)::DOUBLE AS our_units,
       coalesce(sum(revenue) FILTER (WHERE month >= $start), 0)::DOUBLE AS our_revenue,
       coalesce(sum(units) FILTER (WHERE month < $start), 0)::DOUBLE AS our_units_prev,
       coalesce(sum(revenue) FILTER (WHERE month < $start), 0)::DOUBLE AS our_revenue_prev
FROM data_sales
WHERE version = $version AND month >= $prev_start AND month <= $last
GROUP BY region_id
ORDER BY region_id
"""


def _last_month(con, version: int) -> str | None:
    last = con.execute("SELECT max(month) FROM data_sales WHERE version = ?", [version]).fetchone()[0]
    return None if last is None else str(last)


# What the features read of the other kinds (competitors: the latest year only).
INPUT_SQL = {
    "competitors": "SELECT region_id, year, competitor, revenue, avg_price, units, local_price, discount_rate "
    "FROM data_competitors WHERE version = $version "
    "AND year = (SELECT max(year) FROM data_competitors WHERE version = $version)",
    "housing": "SELECT region_id, year, new_units FROM data_housing WHERE version = $version",
    "demographics": "SELECT region_id, year, population, households, income_per_capita, retail_sales "
    "FROM data_demographics WHERE version = $version",
}


def sales_metrics_sql(con, version: int, last_month: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """`sales_metrics` computed in DuckDB over one stored version of the sales.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection to the store (read-only is enough).
    version : int
        The sales version to read.
    last_month : str, optional
        The latest sales month of that version, when already known.

    Returns
    -------
    (DataFrame, str or None)
        As `sales_metrics`.
    """
    last = last_month or _last_month(con, version)
    if last is None:
        return _empty_metrics(), None
    prev_start, start, last = sales_windows(str(last))
    params = {"version": version, "start": start, "prev_start": prev_start, "last": last}
    frame = con.execute(SALES_SQL, params).df()
    index = pd.Index(frame["region_id"].astype("str"), name="region_id")
    return frame[SALES_METRICS].astype("float64").set_axis(index), last


@lru_cache(maxsize=3)
def _level_map(level: str) -> tuple[pd.Index, np.ndarray]:
    """The region ids at `level` or finer, and for each the row of `load_regions(level)` containing it.

    Regions are grouped by that row number rather than by their text id: integer keys group several
    times faster. Read-only (cached).
    """
    regions = geo.load_regions()
    depth = regions["level"].map(_DEPTH)
    finer = regions[depth >= _DEPTH[level]].assign(depth=depth)
    finer = finer.sort_values("depth", ascending=False, kind="stable").drop_duplicates("region_id")
    rows = pd.Index(geo.load_regions(level)["region_id"]).get_indexer(finer[LEVEL_COLUMN[level]])
    return pd.Index(finer["region_id"].to_numpy()[rows >= 0]), rows[rows >= 0]


def _stored(frame: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    """The frame with every stored column of `kind` (missing optional columns as NaN)."""
    columns = list(KINDS[kind].stored_columns)
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns})
    return frame.reindex(columns=columns)


def _reference_year(last_month: str | None, competitors: pd.DataFrame, demographics: pd.DataFrame) -> int | None:
    """Calendar year of the latest sales month; without sales, the latest competitor or demographic year."""
    if last_month is not None:
        return int(last_month[:4])
    years = pd.concat([competitors["year"], demographics["year"]]).dropna()
    return int(years.max()) if len(years) else None


def newhousing_demand(
    housing: pd.DataFrame, years, assumptions: CapacityAssumptions = DEFAULT_ASSUMPTIONS, by: str = "region_id"
) -> pd.DataFrame:
    """Appliance demand driven by new homes, per region and year, with the move-in lag (METHODS.md §1.3).

    New homes of all statuses are summed per region and year; years without a row count as 0. Each
    region's series goes through `analysis.methods.capacity.housing_demand` (one call for all
    regions: the series are laid end to end with zeros between them, so no demand leaks from one
    region into the next).

    Parameters
    ----------
    housing : DataFrame
        Columns `by`, year, new_units.
    years : iterable of int
        The years to return.
    assumptions : CapacityAssumptions
        fitout_rate, attach_rate and lag_profile are used.
    by : str, default "region_id"
        The region column.

    Returns
    -------
    DataFrame
        Demand in units, one row per region (index `by`), one column per year in `years`.

    Examples
    --------
    >>> h = pd.DataFrame({"region_id": "a", "year": [2024, 2025, 2026], "new_units": [30_000, 24_000, 18_000]})
    >>> newhousing_demand(h, [2024, 2025, 2026]).round(6).to_numpy().tolist()
    [[4050.0, 5670.0, 5994.0]]
    """
    years = [int(y) for y in years]
    units = housing.groupby([by, "year"])["new_units"].sum().unstack(fill_value=0)
    first = min([*years, *(int(y) for y in units.columns)])
    span = list(range(first, max(years) + 1))
    grid = units.reindex(columns=span, fill_value=0.0).to_numpy(dtype=float)
    pad = len(assumptions.lag_profile) - 1
    laid = np.hstack([grid, np.zeros((grid.shape[0], pad))])
    demand = housing_demand(laid.ravel(), assumptions.fitout_rate, assumptions.attach_rate, assumptions.lag_profile)
    demand = demand.reshape(laid.shape)[:, : len(span)]
    return pd.DataFrame(demand, index=units.index, columns=span)[years]


def _to_level(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    """Rows tagged with `target`, the row of their region in `load_regions(level)`; rows above it dropped."""
    ids, rows = _level_map(level)
    position = ids.get_indexer(frame["region_id"])
    found = position >= 0
    return frame.loc[found].assign(target=rows[position[found]])


def _demographics(demographics: pd.DataFrame, level: str, year: int | None) -> pd.DataFrame:
    """Population, households, income and retail per target region, each region from its latest year ≤ `year`."""
    d = demographics
    if year is not None:  # nearest year, preferring those up to `year`: latest before, else earliest after
        distance = np.where(d["year"] <= year, year - d["year"], 10_000 + d["year"] - year)
        d = d.assign(_distance=distance).sort_values("_distance", kind="stable")
    else:
        d = d.sort_values("year", ascending=False, kind="stable")
    d = d.drop_duplicates("region_id", keep="first")
    population = d["population"].astype(float)
    income = d["income_per_capita"].astype(float)
    d = _to_level(
        pd.DataFrame(
            {
                "region_id": d["region_id"].to_numpy(),
                "population": population,
                "households": d["households"].astype(float).fillna(population / HOUSEHOLD_SIZE),
                "income_total": income * population,
                "income_population": population.where(income.notna()),
                "retail_sales": d["retail_sales"].astype(float),
            }
        ),
        level,
    )
    out = d.groupby("target").sum(min_count=1, numeric_only=True)
    return out.assign(income_per_capita=out["income_total"] / out["income_population"])


def _housing(housing: pd.DataFrame, level: str, year: int | None, assumptions: CapacityAssumptions) -> pd.DataFrame:
    """New-housing demand in `year` and the pipeline of the three years after, per target region."""
    h = _to_level(housing[["region_id", "year", "new_units"]].dropna(), level)
    if h.empty or year is None:
        return pd.DataFrame(
            {"newhousing_units": pd.Series(dtype="float64"), "housing_3y_units": pd.Series(dtype="float64")}
        )
    demand = newhousing_demand(h, [year], assumptions, by="target")[year]
    future = h[h["year"].between(year + 1, year + PIPELINE_YEARS)]
    pipeline = future.groupby("target")["new_units"].sum().astype(float)
    return pd.DataFrame({"newhousing_units": demand}).assign(housing_3y_units=pipeline.reindex(demand.index).fillna(0))


def _competitor_firms(competitors: pd.DataFrame, level: str) -> tuple[pd.DataFrame, int | None]:
    """Latest competitor year: revenue, implied units and priced revenue per (target, competitor)."""
    if competitors.empty:
        return pd.DataFrame(columns=["target", "competitor", "revenue", "units", "price_revenue", "priced"]), None
    year = int(competitors["year"].max())
    c = competitors[competitors["year"] == year]
    revenue = c["revenue"].astype(float)
    units = implied_units(revenue, c["avg_price"].astype(float), c["units"].astype(float))
    # Price to the buyer: the observed local price (else the average price), less the discount.
    price = c["local_price"].astype(float).fillna(c["avg_price"].astype(float)) * (
        1 - c["discount_rate"].astype(float).fillna(0.0)
    )
    c = _to_level(
        pd.DataFrame(
            {
                "region_id": c["region_id"].to_numpy(),
                "competitor": c["competitor"].to_numpy(),
                "revenue": revenue,
                "units": units,
                "price_revenue": (revenue * price).where(price.notna()),
                "priced": revenue.where(price.notna()),
            }
        ),
        level,
    )
    firms = c.groupby(["target", "competitor"], as_index=False)[["revenue", "units", "price_revenue", "priced"]].sum()
    return firms, year


def _market(firms: pd.DataFrame, our_revenue: pd.Series) -> pd.DataFrame:
    """Per target: competitor totals and price, and HHI / leader over all sellers, ours included."""
    totals = (
        firms.assign(competitors=(firms["revenue"] > 0).astype(float))
        .groupby("target")[["competitors", "units", "revenue", "price_revenue", "priced"]]
        .sum()
        .rename(columns={"units": "competitor_units", "revenue": "competitor_revenue"})
    )
    totals = totals.assign(competitor_price=totals["price_revenue"] / totals["priced"].where(totals["priced"] > 0))
    ours = our_revenue[our_revenue > 0]
    sellers = pd.concat(
        [
            firms[["target", "competitor", "revenue"]],
            pd.DataFrame({"target": ours.index.to_numpy(), "competitor": OURS, "revenue": ours.to_numpy()}),
        ],
        ignore_index=True,
    )
    sellers = sellers[sellers["revenue"] > 0].reset_index(drop=True)
    leaders = sellers.loc[sellers.groupby("target")["revenue"].idxmax()].set_index("target")["competitor"]
    return totals.join(
        pd.DataFrame(
            {
                "hhi": hhi_by_region(sellers, "target", "revenue"),
                "leader_share": leader_share(sellers, "target", "revenue"),
                "leader": leaders,
            }
        ),
        how="outer",
    )


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN (not inf) where the denominator is 0 or missing."""
    return numerator / denominator.where(denominator != 0)


@dataclass(frozen=True, eq=False)
class _Parts:
    """Everything but our sales, per target region (computed while DuckDB aggregates the sales)."""

    year: int | None
    people: pd.DataFrame
    homes: pd.DataFrame
    firms: pd.DataFrame
    competitor_year: int | None
    housing_reported: bool


def _other_kinds(
    frames: dict[str, pd.DataFrame], level: str, last_month: str | None, assumptions: CapacityAssumptions
) -> _Parts:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    competitors = _stored(frames.get("competitors"), "competitors")
    housing = _stored(frames.get("housing"), "housing")
    demographics = _stored(frames.get("demographics"), "demographics")
    year = _reference_year(last_month, competitors, demographics)
    firms, competitor_year = _competitor_firms(competitors, level)
    return _Parts(
        year=year,
        people=_demographics(demographics, level, year),
        homes=_housing(housing, level, year, assumptions),
        firms=firms,
        competitor_year=competitor_year,
        housing_reported=not housing.empty and year is not None,
    )


def assemble_features(
    metrics: pd.DataFrame,
    last_month: str | None,
    frames: dict[str, pd.DataFrame],
    level: str,
    assumptions: CapacityAssumptions = DEFAULT_ASSUMPTIONS,
    province_id: str | None = None,
) -> pd.DataFrame:
    """The feature table from per-region sales metrics and the other kinds (see `build_features`).

    Parameters
    ----------
    metrics : DataFrame
        Output of `sales_metrics` or `sales_metrics_sql`.
    last_month : str or None
        The latest sales month.
    frames : dict of kind → DataFrame
        competitors, housing and demographics in stored columns (missing kinds count as empty).
    level, assumptions, province_id
        As in `build_features`.

    Returns
    -------
    DataFrame
        As `build_features`.
    """
    parts = _other_kinds(frames, level, last_month, assumptions)
    return _combine(metrics, last_month, parts, level, assumptions, province_id)


def _combine(
    metrics: pd.DataFrame,
    last_month: str | None,
    parts: _Parts,
    level: str,
    assumptions: CapacityAssumptions,
    province_id: str | None,
) -> pd.DataFrame:
    """Our sales joined to the other parts, one row per region of `level` with any data."""
    ours = _to_level(metrics.rename_axis("region_id").reset_index(), level).groupby("target")[SALES_METRICS].sum()
    market = _market(parts.firms, ours["our_revenue"])
    year = parts.year

    regions = geo.load_regions(level)
    keep = np.zeros(len(regions), dtype=bool)
    for table in (ours, parts.people, parts.homes, market):
        keep[table.index.to_numpy(dtype="int64")] = True
    if province_id:
        keep &= (regions["province_id"] == province_id).to_numpy()
    ids = pd.Index(np.flatnonzero(keep))
    out = regions.iloc[ids][["region_id", "name", "name_en", "level", "parent_id", "province_id"]]
    out = out.reset_index(drop=True)

    # A kind with data counts a region it does not mention as 0 (no sales, nothing built, no
    # competitor recorded); a kind without any data leaves the figures unknown.
    sales_zero = 0.0 if last_month is not None else None
    housing_zero = 0.0 if parts.housing_reported else None
    competitor_zero = 0.0 if parts.competitor_year is not None else None
    people, homes = parts.people.reindex(ids), parts.homes.reindex(ids)
    ours, market = ours.reindex(ids), market.reindex(ids)

    def pick(table: pd.DataFrame, column: str, fill: float | None = None) -> pd.Series:
        values = table[column].to_numpy(dtype=float) if column in table else np.full(len(ids), np.nan)
        values = values if fill is None else np.where(np.isnan(values), fill, values)
        return pd.Series(values, index=out.index)

    households = pick(people, "households")
    population = pick(people, "population")
    a = assumptions
    replacement = replacement_units(households, a.penetration, a.life_years)
    upgrade = upgrade_units(households, a.penetration, a.penetration_next)
    newhousing = pick(homes, "newhousing_units", housing_zero)
    capacity = replacement + upgrade + newhousing.fillna(0.0)
    pipeline = pick(homes, "housing_3y_units", housing_zero)
    our = {c: pick(ours, c, sales_zero) for c in SALES_METRICS}
    competitor_units = pick(market, "competitor_units", competitor_zero)
    competitor_revenue = pick(market, "competitor_revenue", competitor_zero)
    served = our["our_units"] + competitor_units
    our_price = _ratio(our["our_revenue"], our["our_units"])
    competitor_price = pick(market, "competitor_price")
    parent = out["parent_id"] if level != "province" else None
    retail = pick(people, "retail_sales")
    leader = market["leader"] if "leader" in market else pd.Series(np.nan, index=ids)

    return out.assign(
        population=population,
        households=households,
        income_per_capita=pick(people, "income_per_capita"),
        retail_sales=retail,
        bpi=bpi(pick(people, "income_total"), retail, population, groups=parent).to_numpy(),
        penetration=a.penetration,
        penetration_next=a.penetration_next,
        life_years=a.life_years,
        fitout_rate=a.fitout_rate,
        attach_rate=a.attach_rate,
        replacement_units=replacement,
        upgrade_units=upgrade,
        newhousing_units=newhousing,
        capacity_units=capacity,
        housing_3y_units=pipeline,
        housing_per_1000hh=1000 * _ratio(pipeline, households),
        pipeline_years=f"{year + 1}–{year + PIPELINE_YEARS}" if year is not None else "",
        competitors=pick(market, "competitors", competitor_zero),
        competitor_units=competitor_units,
        competitor_revenue=competitor_revenue,
        **our,
        yoy_growth=_ratio(our["our_revenue"], our["our_revenue_prev"]) - 1,
        our_share=_ratio(our["our_revenue"], our["our_revenue"] + competitor_revenue),
        our_unit_share=_ratio(our["our_units"], served),
        served_units=served,
        whitespace_units=whitespace_units(capacity, served),
        hhi=pick(market, "hhi"),
        leader=pd.array(leader.to_numpy(dtype=object), dtype="str"),
        leader_share=pick(market, "leader_share"),
        our_price=our_price,
        competitor_price=competitor_price,
        price_index=_ratio(our_price, competitor_price),
        last_month=last_month or "",
        competitor_year=parts.competitor_year if parts.competitor_year is not None else pd.NA,
    ).loc[:, FEATURE_COLUMNS]


def build_features(
    frames: dict[str, pd.DataFrame],
    level: str,
    assumptions: CapacityAssumptions = DEFAULT_ASSUMPTIONS,
    province_id: str | None = None,
) -> pd.DataFrame:
    """Region features for scoring, one row per region of `level` that appears in any of the data.

    Parameters
    ----------
    frames : dict of kind → DataFrame
        sales, competitors, housing and demographics in stored columns (e.g. `generate_demo()` or
        `Store.read_all()`); a missing kind counts as empty.
    level : {"county", "city", "province"}
        Counties and cities are the scoring levels; provinces are a roll-up of the same sums.
    assumptions : CapacityAssumptions
        Penetration, product life, fit-out and attach rates and the move-in lag behind capacity.
    province_id : str, optional
        Keep the regions of this province only (BPI shares are still taken within each parent).

    Returns
    -------
    DataFrame
        `FEATURE_COLUMNS`, among them: capacity_units = replacement + upgrade + newhousing
        (units/yr in the year of the latest sales month); housing_3y_units (new homes in the three
        years after it) and housing_per_1000hh; competitor_units (reported, else revenue ÷ average
        price) and competitor_revenue in the latest competitor year; our_units and our_revenue in the
        last 12 months, yoy_growth (revenue, NaN when last year is 0), our_share (revenue) and
        our_unit_share; hhi and leader_share over all sellers including ours (revenue; `leader` is
        "ours" when we lead); whitespace_units = capacity − (ours + competitors'); price_index = our
        average price ÷ competitors' local price after discount (revenue-weighted); bpi within the
        parent region (NaN without retail sales). Sorted by region_id.

    Raises
    ------
    ValueError
        On an unknown level.
    """
    sales = frames.get("sales")
    metrics, last_month = sales_metrics(sales) if sales is not None else (_empty_metrics(), None)
    return assemble_features(metrics, last_month, frames, level, assumptions, province_id)


def build_features_sql(
    store: Store,
    level: str,
    assumptions: CapacityAssumptions = DEFAULT_ASSUMPTIONS,
    province_id: str | None = None,
) -> pd.DataFrame:
    """`build_features` from the current versions in a store, with the sales aggregated in DuckDB.

    Only the per-region sales figures leave the database, not the sales rows, so this stays fast
    and small for stores with millions of sales rows.

    Parameters
    ----------
    store : Store
    level, assumptions, province_id
        As in `build_features`.

    Returns
    -------
    DataFrame
        As `build_features` (an empty sales version gives the same table as no sales).
    """
    if not store.exists():
        return assemble_features(_empty_metrics(), None, {}, level, assumptions, province_id)
    frames: dict[str, pd.DataFrame] = {}
    metrics, last_month = _empty_metrics(), None
    with store.connect_read_only() as con:
        versions = dict(con.execute("SELECT kind, version FROM current").fetchall())
        if "sales" in versions:
            metrics, last_month = sales_metrics_sql(con, versions["sales"])
        for kind, sql in INPUT_SQL.items():
            if kind in versions:
                frames[kind] = con.execute(sql, {"version": versions[kind]}).df()
    return assemble_features(metrics, last_month, frames, level, assumptions, province_id)
