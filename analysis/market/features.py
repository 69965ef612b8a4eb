"""Region features for market scoring: capacity, housing pipeline, competitors, our sales, price, BPI.

One row per region of a level. Additive quantities (households, units, revenue, new homes) are
summed from the regions in the data up to the level first, and ratios (shares, HHI, YoY, price
index, per-1,000 figures) are computed afterwards, so a city's share is never an average of its
counties' shares. The heavy part, aggregating months of sales, runs in pandas for frames in memory
(`build_features`) and in the store's database for a store (`build_features_sql`). The other kinds arrive as
Arrow tables from either source and go through the same array code (regions are numbered by their
row in the region table, so sums are `np.bincount`s), so both give the same table.

Periods: our sales and plan cover the last 12 months up to the latest sales month (and the 12 before,
for YoY); competitor figures use the latest competitor year; capacity is for the calendar year of the
latest sales month (the reference year); the housing pipeline is the homes under construction in the
reference year plus those planned for the three years after it.

Categories: a market names its product category (or "all"). Sales, plan and competitor rows are read
for that category; capacity is the sum over the categories scored, each with its own assumptions. A
kind without a category column (or with no category filled in) is read as one category.

Unknown is never zero: a region without competitor rows has unknown shares, HHI and whitespace; a
region without housing rows has an unknown pipeline; without a sales row 24 months back there is no
YoY. The flags `surveyed` and `housed` say which.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.geo import boundaries
from analysis.io.store import Store
from analysis.market.scenarios import ALL, Market
from analysis.methods.capacity import CapacityAssumptions, bpi, housing_demand, replacement_units, upgrade_units
from analysis.methods.market import concentration, implied_units, whitespace_units
from analysis.schemas import KINDS, LEVELS

OURS = "ours"  # the seller name our brand takes in the HHI and the `leader` column
HOUSEHOLD_SIZE = 2.62  # persons per household (2020 census); households = population / 2.62 where not given
PIPELINE_YEARS = 3
DEFAULT_ASSUMPTIONS = CapacityAssumptions()  # the water-purifier preset of METHODS.md §1.2
ALL_PRODUCTS = Market()  # every category, each with its preset assumptions
SALES_METRICS = ["our_units", "our_revenue", "our_units_prev", "our_revenue_prev", "has_prev"]
PLAN_METRICS = ["plan_revenue"]
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
    "pipeline_units",
    "pipeline_per_1000hh",
    "pipeline_years",
    "housed",
    "competitors",
    "competitor_units",
    "competitor_revenue",
    "our_units",
    "our_revenue",
    "our_units_prev",
    "our_revenue_prev",
    "served",
    "plan_revenue",
    "attainment",
    "yoy_growth",
    "our_share",
    "our_unit_share",
    "served_units",
    "whitespace_units",
    "hhi",
    "competitor_hhi",
    "leader",
    "leader_en",
    "leader_share",
    "surveyed",
    "our_price",
    "competitor_price",
    "price_index",
    "last_month",
    "competitor_year",
    "category",
    "categories",
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


def _category_filter(con, kind: str, version: int, category: str) -> tuple[str, dict]:
    """The SQL condition (and its parameter) that keeps the rows of `category` of a stored kind."""
    if category == ALL:
        return "", {}
    named = con.scalar(
        f"SELECT count(*) FROM (SELECT 1 FROM data_{kind} WHERE version = :v AND category <> '' LIMIT 1) t",
        {"v": version},
    )
    if not named:
        return "", {}
    return " AND category = :category", {"category": category}


def in_category(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """The rows of `frame` in `category`; every row for "all" or when the frame names no category.

    >>> f = pd.DataFrame({"category": ["净水器", "热水器"], "units": [1, 2]})
    >>> in_category(f, "热水器")["units"].tolist(), len(in_category(f, "all")), len(in_category(f[["units"]], "x"))
    ([2], 2, 2)
    """
    if category == ALL or "category" not in frame.columns:
        return frame
    named = frame["category"].fillna("").astype("str")
    if not (named != "").any():
        return frame
    return frame[(named == category).to_numpy()]


def categories_of(frame: pd.DataFrame | None) -> list[str]:
    """The product categories a frame names (sorted, without blanks)."""
    if frame is None or "category" not in frame.columns or frame.empty:
        return []
    return sorted({str(c) for c in frame["category"].dropna().unique() if str(c).strip()})


def sales_metrics(sales: pd.DataFrame, category: str = ALL) -> tuple[pd.DataFrame, str | None]:
    """Our units and revenue per sales region in the last 12 months and the 12 months before.

    Parameters
    ----------
    sales : DataFrame
        Sales in stored columns (region_id, month "YYYY-MM", units, revenue, category, ...).
    category : str, default "all"
        Only the sales of this product category (see `in_category`).

    Returns
    -------
    (DataFrame, str or None)
        Columns our_units, our_revenue, our_units_prev, our_revenue_prev (floats) and has_prev (1.0
        when the region has a sales row in the 12 months before) indexed by the region_id of the sales
        rows, sorted; and the latest sales month of all categories (None without sales). Only regions
        with a row in the 24 months get a row.
    """
    if sales.empty:
        return _empty_metrics(), None
    prev_start, start, last = sales_windows(str(sales["month"].max()))
    sales = in_category(sales, category)
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
            "has_prev": np.where(now, 0.0, 1.0),
        },
        index=pd.Index(window["region_id"].astype("str"), name="region_id"),
    )
    grouped = parts.groupby(level=0, sort=True)
    out = grouped[SALES_METRICS[:-1]].sum().assign(has_prev=grouped["has_prev"].max())
    return out, last


def regional_plan(plan: pd.DataFrame) -> pd.DataFrame:
    """The plan's regional rows.

    Rows naming a distributor are that distributor's quota, a split of the same plan (`analysis.distributors.quotas`),
    so totals leave them out to count the plan once.
    """
    if "distributor_id" not in plan:
        return plan
    named = plan["distributor_id"].fillna("").astype("str").str.strip() != ""
    return plan[~named.to_numpy()]


def plan_metrics(plan: pd.DataFrame | None, last_month: str | None, category: str = ALL) -> pd.DataFrame:
    """Planned revenue per plan region over the 12 months up to `last_month`, in `category`.

    From the regional rows (`regional_plan`).

    A plan without categories is not split: scoring one category of categorised sales against it
    would compare a part with the whole, so it gives no plan (unknown attainment) then.
    """
    empty = pd.DataFrame({"plan_revenue": pd.Series(dtype="float64")}, index=pd.Index([], dtype="str"))
    if plan is None or plan.empty or last_month is None:
        return empty
    if category != ALL and not categories_of(plan):
        return empty
    _, start, last = sales_windows(last_month)
    rows = regional_plan(in_category(plan, category))
    rows = rows[(rows["month"] >= start) & (rows["month"] <= last)]
    totals = rows.groupby(rows["region_id"].astype("str"), sort=True)["target_revenue"].sum()
    return totals.astype("float64").to_frame("plan_revenue").rename_axis("region_id")


# The per-region sales figures in one pass over the current version; month is "YYYY-MM" text, so
# text comparison is calendar order.
SALES_SQL = """
SELECT region_id,
       CAST(coalesce(sum(units) FILTER (WHERE month >= :start), 0) AS DOUBLE PRECISION) AS our_units,
       CAST(coalesce(sum(revenue) FILTER (WHERE month >= :start), 0) AS DOUBLE PRECISION) AS our_revenue,
       CAST(coalesce(sum(units) FILTER (WHERE month < :start), 0) AS DOUBLE PRECISION) AS our_units_prev,
       CAST(coalesce(sum(revenue) FILTER (WHERE month < :start), 0) AS DOUBLE PRECISION) AS our_revenue_prev,
       CAST(sign(count(*) FILTER (WHERE month < :start)) AS DOUBLE PRECISION) AS has_prev
FROM data_sales
WHERE version = :version AND month >= :prev_start AND month <= :last{category}
GROUP BY region_id
ORDER BY region_id
"""
PLAN_SQL = """
SELECT region_id, CAST(sum(target_revenue) AS DOUBLE PRECISION) AS plan_revenue
FROM data_plan
WHERE version = :version AND month >= :start AND month <= :last{category}
  AND coalesce(trim(distributor_id), '') = ''
GROUP BY region_id
ORDER BY region_id
"""


def _last_month(con, version: int) -> str | None:
    last = con.scalar("SELECT max(month) FROM data_sales WHERE version = :v", {"v": version})
    return None if last is None else str(last)


# What the features read of the other kinds (competitors: their latest year only).
OTHER_KINDS = ("competitors", "housing", "demographics")
CURRENT_ROWS_SQL = "SELECT c.kind, c.version, v.rows FROM current c JOIN versions v USING (kind, version)"
INPUT_SQL = {
    "competitors": "SELECT region_id, year, competitor, competitor_en, revenue, avg_price, units, local_price, "
    "discount_rate, category FROM data_competitors WHERE version = :version "
    "AND year = (SELECT max(year) FROM data_competitors WHERE version = :version)",
    "housing": "SELECT region_id, year, new_units, status FROM data_housing WHERE version = :version",
    "demographics": "SELECT region_id, year, population, households, income_per_capita, retail_sales "
    "FROM data_demographics WHERE version = :version",
}
PEOPLE_COLUMNS = ["population", "households", "income_total", "income_population", "retail_sales"]


def sales_metrics_sql(
    con, version: int, last_month: str | None = None, category: str = ALL
) -> tuple[pd.DataFrame, str | None]:
    """`sales_metrics` computed in the store's database over one stored version of the sales.

    Parameters
    ----------
    con : analysis.io.store.Connection
        A connection to the store (`Store.reading()`).
    version : int
        The sales version to read.
    last_month : str, optional
        The latest sales month of that version, when already known.
    category : str, default "all"

    Returns
    -------
    (DataFrame, str or None)
        As `sales_metrics`.
    """
    last = last_month or _last_month(con, version)
    if last is None:
        return _empty_metrics(), None
    prev_start, start, last = sales_windows(str(last))
    condition, extra = _category_filter(con, "sales", version, category)
    params = {"version": version, "start": start, "prev_start": prev_start, "last": last, **extra}
    frame = con.frame(SALES_SQL.format(category=condition), params)
    index = pd.Index(frame["region_id"].astype("str"), name="region_id")
    return frame[SALES_METRICS].astype("float64").set_axis(index), last


def plan_metrics_sql(con, version: int | None, last_month: str | None, category: str = ALL) -> pd.DataFrame:
    """`plan_metrics` computed in the store's database."""
    if version is None or last_month is None:
        return plan_metrics(None, None)
    condition, extra = _category_filter(con, "plan", version, category)
    if category != ALL and not condition:
        return plan_metrics(None, None)
    _, start, last = sales_windows(last_month)
    frame = con.frame(PLAN_SQL.format(category=condition), {"version": version, "start": start, "last": last, **extra})
    index = pd.Index(frame["region_id"].astype("str"), name="region_id")
    return frame[["plan_revenue"]].astype("float64").set_axis(index)


@lru_cache(maxsize=3)
def _regions(level: str) -> pd.DataFrame:
    """`boundaries.load_regions(level)`, cached: this module only reads it (read-only)."""
    return boundaries.load_regions(level)


@lru_cache(maxsize=3)
def _level_map(level: str) -> tuple[pd.Index, np.ndarray]:
    """The region ids at `level` or finer, and for each the row of `load_regions(level)` containing it.

    Regions are grouped by that row number rather than by their text id: integer keys group several
    times faster. Read-only (cached).
    """
    regions = boundaries.load_regions()
    depth = regions["level"].map(_DEPTH)
    finer = regions[depth >= _DEPTH[level]].assign(depth=depth)
    finer = finer.sort_values("depth", ascending=False, kind="stable").drop_duplicates("region_id")
    rows = pd.Index(_regions(level)["region_id"]).get_indexer(finer[LEVEL_COLUMN[level]])
    return pd.Index(finer["region_id"].to_numpy()[rows >= 0]), rows[rows >= 0]


@lru_cache(maxsize=3)
def _level_ids(level: str) -> pa.Array:
    """The ids of `_level_map`, for `pyarrow.compute.index_in` (read-only, cached)."""
    return pa.array(_level_map(level)[0].to_numpy(dtype=object), pa.string())


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


def _stored(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The frame with every stored column of `kind` (missing optional columns as NaN)."""
    return frame.reindex(columns=list(KINDS[kind].stored_columns))


def _floats(table: pa.Table, column: str) -> np.ndarray:
    """A numeric column as floats, missing values as NaN."""
    return np.asarray(table[column].to_numpy(), dtype=float)


def _regions_in(table: pa.Table, level: str) -> np.ndarray:
    """For each row, its region's position in `_level_map(level)`; −1 for regions above the level."""
    return pc.index_in(table["region_id"], value_set=_level_ids(level)).fill_null(-1).to_numpy()


def _sum_by(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Sums per group 0..n-1, skipping missing values; NaN where a group has none."""
    seen = ~np.isnan(values)
    total = np.bincount(group[seen], weights=values[seen], minlength=n)
    return np.where(np.bincount(group[seen], minlength=n) > 0, total, np.nan)


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
        Demand in units, one row per region (index `by`, sorted), one column per year in `years`.

    Examples
    --------
    >>> h = pd.DataFrame({"region_id": "a", "year": [2024, 2025, 2026], "new_units": [30_000, 24_000, 18_000]})
    >>> newhousing_demand(h, [2024, 2025, 2026]).round(6).to_numpy().tolist()
    [[4050.0, 5670.0, 5994.0]]
    """
    regions, row = np.unique(housing[by].to_numpy(), return_inverse=True)
    year, units = housing["year"].to_numpy(dtype="int64"), housing["new_units"].to_numpy(dtype=float)
    demand = _lagged_demand(row, year, units, len(regions), years, assumptions)
    return pd.DataFrame(demand, index=pd.Index(regions, name=by), columns=[int(y) for y in years])


def _lagged_demand(
    group: np.ndarray, year: np.ndarray, units: np.ndarray, n: int, years, assumptions: CapacityAssumptions
) -> np.ndarray:
    """`newhousing_demand` on arrays: one row per group 0..n-1, one column per year of `years`."""
    years = [int(y) for y in years]
    first, last = min(years + ([int(year.min())] if year.size else [])), max(years)
    inside = year <= last  # later homes cannot drive demand in the years asked for
    grid = np.zeros((n, last - first + 1))
    np.add.at(grid, (group[inside], year[inside] - first), np.nan_to_num(units[inside]))
    pad = len(assumptions.lag_profile) - 1
    laid = np.hstack([grid, np.zeros((n, pad))])
    demand = housing_demand(laid.ravel(), assumptions.fitout_rate, assumptions.attach_rate, assumptions.lag_profile)
    return demand.reshape(laid.shape)[:, [y - first for y in years]]


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """The ratio numerator / denominator, NaN (not inf) where the denominator is 0 or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return numerator / np.where(denominator != 0, denominator, np.nan)


@dataclass(frozen=True, eq=False)
class _Parts:
    """The other kinds, as arrays over the rows of `load_regions(level)`."""

    year: int | None  # the reference year: of the latest sales month, else of the latest data
    people: dict[str, np.ndarray]  # PEOPLE_COLUMNS, NaN without demographics
    homes: dict[str, np.ndarray]  # per-category new-housing demand, the pipeline; NaN without housing data
    firms: dict[str, np.ndarray]  # one entry per target and competitor, by target then name
    competitor_year: int | None
    surveyed: np.ndarray  # regions with competitor rows in the competitor year
    housed: np.ndarray  # regions with housing rows
    present: np.ndarray  # regions with demographics, housing or competitors


def _latest_year(table: pa.Table | None) -> int | None:
    year = pc.max(table["year"]).as_py() if table is not None else None
    return None if year is None else int(year)


def _demographics(table: pa.Table, level: str, year: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Population, households, income and retail per target, each region from its nearest year to `year`."""
    n = len(_regions(level))
    region = _regions_in(table, level)
    years = _floats(table, "year")
    distance = np.where(years <= year, year - years, 10_000 + years - year)  # latest up to `year`, else earliest after
    order = np.lexsort((distance, region))
    nearest = order[np.unique(region[order], return_index=True)[1]]  # the first row of each region
    nearest = nearest[region[nearest] >= 0]
    target = _level_map(level)[1][region[nearest]]
    population = _floats(table, "population")[nearest]
    households = _floats(table, "households")[nearest]
    income = _floats(table, "income_per_capita")[nearest]
    people = {
        "population": _sum_by(target, population, n),
        "households": _sum_by(target, np.where(np.isnan(households), population / HOUSEHOLD_SIZE, households), n),
        "income_total": _sum_by(target, income * population, n),
        "income_population": _sum_by(target, np.where(np.isnan(income), np.nan, population), n),
        "retail_sales": _sum_by(target, _floats(table, "retail_sales")[nearest], n),
    }
    return people, target


def _housing(
    table: pa.Table, level: str, year: int, assumptions: dict[str, CapacityAssumptions]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per target: new-housing demand in `year` for each category, the pipeline and the next three years.

    The pipeline is what the field guide looks at before opening a market: homes under construction
    in the reference year (rows of that year with status under_construction, or without a status)
    plus every home planned for the three years after it.
    """
    n = len(_regions(level))
    region, years, built = _regions_in(table, level), _floats(table, "year"), _floats(table, "new_units")
    status = table["status"].to_numpy(zero_copy_only=False) if "status" in table.column_names else None
    known = (region >= 0) & ~np.isnan(years) & ~np.isnan(built)
    target, years, built = _level_map(level)[1][region[known]], years[known].astype("int64"), built[known]
    homes = {
        f"newhousing_units:{category}": _lagged_demand(target, years, built, n, [year], a)[:, 0]
        for category, a in assumptions.items()
    }
    future = (years > year) & (years <= year + PIPELINE_YEARS)
    homes["housing_3y_units"] = np.bincount(target[future], weights=built[future], minlength=n)
    building = years == year
    if status is not None:
        kind = np.asarray(status, dtype=object)[known]
        building &= np.array([s is None or s == "under_construction" or s != s for s in kind], dtype=bool)
    pipeline = building | future
    homes["pipeline_units"] = np.bincount(target[pipeline], weights=built[pipeline], minlength=n)
    return homes, target


def _competitor_firms(table: pa.Table, level: str, year: int, category: str) -> dict[str, np.ndarray]:
    """Revenue, implied units and priced revenue per target and competitor in the competitor year."""
    region = _regions_in(table, level)
    encoded = table["competitor"].combine_chunks().dictionary_encode()
    named = encoded.indices.is_valid().to_numpy(zero_copy_only=False)
    latest = (_floats(table, "year") == year) & (region >= 0) & named
    if category != ALL and "category" in table.column_names:
        categories = np.asarray(table["category"].to_numpy(zero_copy_only=False), dtype=object)
        filled = np.array([isinstance(c, str) and c != "" for c in categories], dtype=bool)
        if filled.any():
            latest &= categories == category
    # Competitors numbered in name order, so that firms come out by target, then name.
    names = np.array(encoded.dictionary.to_pylist(), dtype=object)
    by_name = np.argsort(names)
    number = np.empty(len(names), dtype="int64")
    number[by_name] = np.arange(len(names))
    competitor = number[encoded.indices.fill_null(0).to_numpy()[latest]]
    target = _level_map(level)[1][region[latest]]
    firm, row = np.unique(target * len(names) + competitor, return_inverse=True)

    revenue, avg_price = _floats(table, "revenue")[latest], _floats(table, "avg_price")[latest]
    units = implied_units(revenue, avg_price, _floats(table, "units")[latest])
    # Price to the buyer: the observed local price (else the average price), less the discount.
    local, discount = _floats(table, "local_price")[latest], _floats(table, "discount_rate")[latest]
    price = np.where(np.isnan(local), avg_price, local) * (1 - np.nan_to_num(discount))

    def total(values: np.ndarray) -> np.ndarray:  # missing values count as 0
        return np.bincount(row, weights=np.nan_to_num(values), minlength=len(firm))

    english: dict[str, str] = {}  # a brand's English name: the first one its rows give
    if "competitor_en" in table.column_names:
        texts = pc.utf8_trim_whitespace(table["competitor_en"].combine_chunks().cast(pa.string()))
        given = latest & pc.fill_null(pc.not_equal(texts, ""), False).to_numpy(zero_copy_only=False)
        codes = encoded.indices.fill_null(0).to_numpy()[given]
        first_codes, first = np.unique(codes, return_index=True)
        values = texts.filter(pa.array(given)).take(pa.array(first)).to_pylist()
        english = dict(zip(names[first_codes], values, strict=True))
    return {
        "english": english,
        "target": firm // len(names),
        "competitor": names[by_name][firm % len(names)],
        "revenue": total(revenue),
        "units": total(units),
        "price_revenue": total(revenue * price),
        "priced": total(np.where(np.isnan(price), np.nan, revenue)),
    }


def _other_kinds(
    tables: dict[str, pa.Table],
    level: str,
    last_month: str | None,
    category: str,
    assumptions: dict[str, CapacityAssumptions],
) -> _Parts:
    """Demographics, housing and competitors per target region, from the kinds' tables (empty ones left out)."""
    n = len(_regions(level))
    competitor_year = _latest_year(tables.get("competitors"))
    known = [y for y in (competitor_year, _latest_year(tables.get("demographics"))) if y is not None]
    year = int(last_month[:4]) if last_month is not None else max(known, default=None)
    present = np.zeros(n, dtype=bool)
    housed = np.zeros(n, dtype=bool)
    surveyed = np.zeros(n, dtype=bool)

    people = {c: np.full(n, np.nan) for c in PEOPLE_COLUMNS}
    if "demographics" in tables and year is not None:
        people, target = _demographics(tables["demographics"], level, year)
        present[target] = True
    homes: dict[str, np.ndarray] = {}
    if "housing" in tables and year is not None:
        homes, target = _housing(tables["housing"], level, year, assumptions)
        present[target] = housed[target] = True
    firms = {"target": np.zeros(0, dtype="int64"), "competitor": np.zeros(0, dtype=object), "english": {}}
    firms |= {c: np.zeros(0) for c in ("revenue", "units", "price_revenue", "priced")}
    if competitor_year is not None:
        firms = _competitor_firms(tables["competitors"], level, competitor_year, category)
        present[firms["target"]] = surveyed[firms["target"]] = True
    return _Parts(year, people, homes, firms, competitor_year, surveyed, housed, present)


def _market(firms: dict[str, np.ndarray], our_revenue: np.ndarray, surveyed: np.ndarray, n: int) -> dict:
    """Per target.

    Competitor totals and price, HHI and leader over all sellers (ours included), and the competitors' own HHI (how open
    the market is to a newcomer). Unknown where not surveyed.
    """
    target, revenue = firms["target"], firms["revenue"]

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(target, weights=values, minlength=n)

    sold = revenue > 0
    ours = np.flatnonzero((our_revenue > 0) & surveyed)
    group = np.concatenate([target[sold], ours])
    names = np.concatenate([firms["competitor"][sold], np.full(len(ours), OURS, dtype=object)])
    hhi, top, leader = concentration(group, np.concatenate([revenue[sold], our_revenue[ours]]), n)
    rival_hhi, _, _ = concentration(target[sold], revenue[sold], n)
    leaders = np.full(n, None, dtype=object)
    leaders[leader >= 0] = names[leader[leader >= 0]]
    unknown = ~surveyed
    out = {
        "competitors": total(sold.astype(float)),
        "competitor_units": total(firms["units"]),
        "competitor_revenue": total(revenue),
        "competitor_price": _ratio(total(firms["price_revenue"]), total(firms["priced"])),
        "hhi": hhi,
        "competitor_hhi": rival_hhi,
        "leader_share": top,
    }
    out = {c: np.where(unknown, np.nan, v) for c, v in out.items()}
    leaders[unknown] = None
    english = firms["english"]
    leaders_en = np.array([english.get(name, name) if name is not None else None for name in leaders], dtype=object)
    return out | {"leader": leaders, "leader_en": leaders_en}


def _combine(
    metrics: pd.DataFrame,
    plan: pd.DataFrame,
    last_month: str | None,
    parts: _Parts,
    level: str,
    market: Market,
    categories: list[str],
    province_id: str | Collection[str] | None,
) -> pd.DataFrame:
    """Our sales joined to the other parts, one row per region of `level` with any data."""
    regions = _regions(level)
    n = len(regions)
    ids, rows = _level_map(level)

    def spread(frame: pd.DataFrame, columns: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        position = ids.get_indexer(frame.index)
        target = rows[position[position >= 0]]
        sums = {
            c: np.bincount(target, weights=frame[c].to_numpy(dtype=float)[position >= 0], minlength=n) for c in columns
        }
        return sums, target

    # Our sales cover every region (a region not in them sold nothing); a kind without any data leaves
    # its figures unknown, and competitor and housing figures are unknown where a region has no rows.
    if last_month is None:
        ours = {c: np.full(n, np.nan) for c in SALES_METRICS}
        target = np.zeros(0, dtype="int64")
    else:
        ours, target = spread(metrics, SALES_METRICS)
    planned, _ = spread(plan, PLAN_METRICS)
    plan_known = np.zeros(n, dtype=bool)
    plan_known[spread(plan, [])[1]] = True
    firms = _market(parts.firms, ours["our_revenue"], parts.surveyed, n)

    keep = parts.present.copy()
    keep[target] = True
    if province_id:  # the scope: province or city adcodes
        keep &= boundaries.in_scope(regions["region_id"], province_id).to_numpy()
    rows_kept = np.flatnonzero(keep)
    out = regions.iloc[rows_kept]

    def take(values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {c: v[rows_kept] for c, v in values.items()}

    people, our, comp = take(parts.people), take(ours), take(firms)
    homes = take(parts.homes) if parts.homes else {}
    housed = parts.housed[rows_kept]
    households, population, retail = people["households"], people["population"], people["retail_sales"]
    replacement = np.zeros(len(rows_kept))
    upgrade = np.zeros(len(rows_kept))
    newhousing = np.zeros(len(rows_kept))
    for category in categories:
        a = market.assumptions(category)
        replacement = replacement + replacement_units(households, a.penetration, a.life_years)
        upgrade = upgrade + upgrade_units(households, a.penetration, a.penetration_next)
        newhousing = newhousing + homes.get(f"newhousing_units:{category}", np.zeros(len(rows_kept)))
    newhousing = np.where(housed, newhousing, np.nan)
    capacity = replacement + upgrade + np.nan_to_num(newhousing)
    served = our["our_units"] + comp["competitor_units"]
    our_price = _ratio(our["our_revenue"], our["our_units"])
    plan_revenue = np.where(plan_known[rows_kept], planned["plan_revenue"][rows_kept], np.nan)
    parent = out["parent_id"].to_numpy() if level != "province" else None
    year = parts.year
    single = market.assumptions(categories[0]) if len(categories) == 1 else None
    pipeline = np.where(housed, homes.get("pipeline_units", np.nan), np.nan)
    housing_3y = np.where(housed, homes.get("housing_3y_units", np.nan), np.nan)
    has_prev = our["has_prev"] > 0

    columns = {
        **{c: out[c].array for c in ("region_id", "name", "name_en", "level", "parent_id", "province_id")},
        "population": population,
        "households": households,
        "income_per_capita": _ratio(people["income_total"], people["income_population"]),
        "retail_sales": retail,
        "bpi": bpi(people["income_total"], retail, population, groups=parent).to_numpy(),
        **{c: getattr(single, c) if single is not None else np.nan for c in ASSUMPTION_COLUMNS},
        "replacement_units": replacement,
        "upgrade_units": upgrade,
        "newhousing_units": newhousing,
        "capacity_units": capacity,
        "housing_3y_units": housing_3y,
        "housing_per_1000hh": 1000 * _ratio(housing_3y, households),
        "pipeline_units": pipeline,
        "pipeline_per_1000hh": 1000 * _ratio(pipeline, households),
        "pipeline_years": f"{year}–{year + PIPELINE_YEARS}" if year is not None else "",
        "housed": housed,
        "competitors": comp["competitors"],
        "competitor_units": comp["competitor_units"],
        "competitor_revenue": comp["competitor_revenue"],
        **{c: our[c] for c in SALES_METRICS[:-1]},
        "served": np.nan_to_num(our["our_units"]) > 0,
        "plan_revenue": plan_revenue,
        "attainment": _ratio(our["our_revenue"], plan_revenue),
        "yoy_growth": np.where(has_prev, _ratio(our["our_revenue"], our["our_revenue_prev"]) - 1, np.nan),
        "our_share": _ratio(our["our_revenue"], our["our_revenue"] + comp["competitor_revenue"]),
        "our_unit_share": _ratio(our["our_units"], served),
        "served_units": served,
        "whitespace_units": whitespace_units(capacity, served),
        "hhi": comp["hhi"],
        "competitor_hhi": comp["competitor_hhi"],
        "leader": pd.array(comp["leader"], dtype="str"),
        "leader_en": pd.array(comp["leader_en"], dtype="str"),
        "leader_share": comp["leader_share"],
        "surveyed": parts.surveyed[rows_kept],
        "our_price": our_price,
        "competitor_price": comp["competitor_price"],
        "price_index": _ratio(our_price, comp["competitor_price"]),
        "last_month": last_month or "",
        "competitor_year": parts.competitor_year if parts.competitor_year is not None else pd.NA,
        "category": market.category,
        "categories": "+".join(c for c in categories if c),
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows_kept)), columns=FEATURE_COLUMNS)


def _categories(market: Market, *named: list[str]) -> list[str]:
    """The categories capacity is summed over: the market's own, or every category the data names."""
    if market.category != ALL:
        return [market.category]
    found = sorted({c for names in named for c in names})
    return found or [""]


def build_features(
    frames: dict[str, pd.DataFrame],
    level: str,
    market: Market = ALL_PRODUCTS,
    province_id: str | Collection[str] | None = None,
) -> pd.DataFrame:
    """Region features for scoring, one row per region of `level` that appears in any of the data.

    Parameters
    ----------
    frames : dict of kind → DataFrame
        sales, plan, competitors, housing and demographics in stored columns (e.g. `generate_demo()` or
        `Store.read_all()`); a missing kind counts as empty.
    level : {"county", "city", "province"}
        Additive figures are summed from the regions in the data up to this level.
    market : Market
        The product category (or "all") and the capacity assumptions per category.
    province_id : str or collection of str, optional
        The scope: keep the regions inside this province or city (or these provinces and cities)
        only (`analysis.geo.boundaries.in_scope`); BPI shares are still taken within each parent.

    Returns
    -------
    DataFrame
        `FEATURE_COLUMNS`, among them: capacity_units = replacement + upgrade + newhousing summed over
        the categories scored (units/yr in the reference year); pipeline_units (homes under
        construction in the reference year and planned for the three after it) and per 1,000
        households; housing_3y_units (the three years after); competitor_units (reported, else revenue
        ÷ average price) and competitor_revenue in the latest competitor year; our_units and
        our_revenue in the last 12 months, served (we sold there), plan_revenue and attainment,
        yoy_growth (NaN without a sales row in the 12 months before), our_share (revenue) and
        our_unit_share; hhi and leader_share over all sellers including ours (revenue; `leader` is
        "ours" when we lead) and competitor_hhi over the competitors alone; whitespace_units =
        capacity − (ours + competitors'); price_index = our average price ÷ competitors' local price
        after discount (revenue-weighted); bpi within the parent region (NaN without retail sales);
        surveyed and housed say where competitor and housing data exist. Sorted by region_id.

    Raises
    ------
    ValueError
        On an unknown level.
    """
    _check_level(level)
    sales, plan = frames.get("sales"), frames.get("plan")
    category = market.category
    metrics, last_month = sales_metrics(sales, category) if sales is not None else (_empty_metrics(), None)
    tables = {
        kind: pa.Table.from_pandas(_stored(frames[kind], kind), preserve_index=False)
        for kind in OTHER_KINDS
        if frames.get(kind) is not None and len(frames[kind])
    }
    categories = _categories(market, categories_of(sales), categories_of(frames.get("competitors")))
    assumptions = {c: market.assumptions(c) for c in categories}
    parts = _other_kinds(tables, level, last_month, category, assumptions)
    planned = plan_metrics(plan, last_month, category)
    return _combine(metrics, planned, last_month, parts, level, market, categories, province_id)


CATEGORIES_SQL = "SELECT DISTINCT category FROM data_{kind} WHERE version = :v AND category <> ''"


def build_features_sql(
    store: Store,
    level: str,
    market: Market = ALL_PRODUCTS,
    province_id: str | Collection[str] | None = None,
) -> pd.DataFrame:
    """`build_features` from the current versions in a store, aggregated in the store's database.

    Only per-region figures leave the database, not the rows, so this stays fast and small for
    stores with millions of sales rows.

    Parameters
    ----------
    store : Store
    level, market, province_id
        As in `build_features`.

    Returns
    -------
    DataFrame
        As `build_features` (an empty version gives the same table as no data of that kind).
    """
    _check_level(level)
    if not store.exists():
        return build_features({}, level, market, province_id)
    category = market.category
    with store.reading() as con:
        current = con.rows(CURRENT_ROWS_SQL)
        versions = {kind: version for kind, version, rows in current if rows}
        sales = versions.get("sales")
        metrics, last_month = (
            sales_metrics_sql(con, sales, category=category) if sales is not None else (_empty_metrics(), None)
        )
        planned = plan_metrics_sql(con, versions.get("plan"), last_month, category)
        tables = {
            kind: con.arrow(INPUT_SQL[kind], {"version": versions[kind]}) for kind in OTHER_KINDS if kind in versions
        }
        named = [
            [str(c) for (c,) in con.rows(CATEGORIES_SQL.format(kind=kind), {"v": versions[kind]})]
            for kind in ("sales", "competitors")
            if kind in versions
        ]
    categories = _categories(market, *named)
    assumptions = {c: market.assumptions(c) for c in categories}
    parts = _other_kinds(tables, level, last_month, category, assumptions)
    return _combine(metrics, planned, last_month, parts, level, market, categories, province_id)
