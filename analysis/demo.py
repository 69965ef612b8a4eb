"""Synthetic but plausible demo data for every kind, per county of mainland China, from a seed."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import config
from analysis.geo.boundaries import load_regions
from analysis.schemas import KINDS, SOURCES


@dataclass(frozen=True)
class DemoSpec:
    """What to generate; the same spec always gives the same frames."""

    seed: int = 20261
    end_month: str = "2026-10"  # last month of sales/plan
    months: int = 36
    products: int = 3  # product lines, e.g. purifier / heater / softener; benchmarks use 50
    distributors: int = 300


# Rounded per-capita disposable income in 2020 by province (thousand yuan, NBS provincial communiqués,
# approximate): drives incomes, the east-west gradient of our presence, and a little of the price level.
INCOME_2020 = {
    "110000": 69.4, "120000": 43.9, "130000": 27.1, "140000": 25.2, "150000": 31.5, "210000": 32.7,
    "220000": 25.8, "230000": 24.9, "310000": 72.2, "320000": 43.4, "330000": 52.4, "340000": 28.1,
    "350000": 37.2, "360000": 28.0, "370000": 32.9, "410000": 24.8, "420000": 27.9, "430000": 29.4,
    "440000": 41.0, "450000": 24.6, "460000": 27.9, "500000": 30.8, "510000": 26.5, "520000": 21.8,
    "530000": 23.3, "540000": 21.7, "610000": 26.2, "620000": 20.3, "630000": 24.0, "640000": 25.7,
    "650000": 23.8,
}  # fmt: skip
CENSUS_YEAR = 2020
PRODUCTS = (("净水器", 2600.0, 0.50), ("热水器", 3200.0, 0.35), ("软水机", 3800.0, 0.15))  # name, price, mix
# name, average price (yuan), chance of selling in a county, strength (weight of its share)
COMPETITORS = (
    ("美的", 2300.0, 0.95, 0.30),
    ("海尔", 2500.0, 0.90, 0.26),
    ("A.O.史密斯", 4300.0, 0.55, 0.14),
    ("沁园", 1900.0, 0.45, 0.08),
    ("安吉尔", 2800.0, 0.60, 0.12),
    ("格力", 2100.0, 0.50, 0.10),
)
BRANDS_EN = {
    "美的": "Midea", "海尔": "Haier", "A.O.史密斯": "A. O. Smith", "沁园": "Qinyuan", "安吉尔": "Angel", "格力": "Gree"
}  # fmt: skip
# Sales index Jan..Dec: Chinese New Year trough in February, the 618 festival in June, Double 11, winter.
SEASON = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2])
PENETRATION, LIFE_YEARS, NEW_HOME_ATTACH = 0.35, 8.0, 0.27  # capacity = H·p/L + new units·attach
PRESENCE_SHARE = 0.5  # share of counties where our brand sells
NO_PIPELINE_SHARE = 0.125  # share of counties with no housing planned after the end year
COMPANY_WORDS = ("恒源", "佳美", "瑞丰", "鑫达", "华盛", "德润", "金泉", "清源", "盛世", "同创", "永信", "嘉禾")
COMPANY_TYPES = ("商贸有限公司", "电器有限公司", "环保科技有限公司", "贸易有限公司", "家电销售有限公司")
SCORES = ("credibility", "philosophy", "finance", "product_priority", "execution")


def generate_demo(spec: DemoSpec = DemoSpec()) -> dict[str, pd.DataFrame]:
    """Demo data for every kind in `KINDS`, per county of the 31 mainland provinces.

    Parameters
    ----------
    spec : DemoSpec
        Seed, last month, number of months, product lines and distributors.

    Returns
    -------
    dict of kind name → DataFrame with exactly that kind's `stored_columns`, in order. Sales
    hold the full county × month × product grid, with zero units where our brand does not sell
    (about half the counties); the plan covers the counties that sell.

    Raises
    ------
    ValueError
        If `end_month` is not "YYYY-MM" or a count is below 1.
    """
    _check(spec)
    county_rng, housing_rng, distributor_rng, territory_rng, market_rng, sales_rng, plan_rng, competitor_rng = (
        np.random.default_rng(spec.seed).spawn(8)
    )
    months = pd.period_range(end=pd.Period(spec.end_month, freq="M"), periods=spec.months, freq="M")
    end_year = months[-1].year
    counties = _counties(county_rng)
    demographics = _demographics(counties, range(months[0].year, end_year + 1))
    households = demographics.loc[demographics["year"] == end_year, "households"].to_numpy()
    housing = _housing(counties, end_year, housing_rng)
    distributors = _distributors(counties, spec.distributors, distributor_rng)
    territories = _territories(counties, distributors, months, territory_rng)
    market = _market(counties, households, housing, territories, end_year, market_rng)
    sales, plan = _sales_and_plan(counties, market, territories, months, spec.products, sales_rng, plan_rng)
    frames = {
        "sales": sales,
        "plan": plan,
        "competitors": _competitors(counties, market, end_year, competitor_rng),
        "housing": housing,
        "demographics": demographics,
        "distributors": distributors,
        "territories": territories,
    }
    return {kind: frames.get(kind, spec_.empty()).loc[:, list(spec_.stored_columns)] for kind, spec_ in KINDS.items()}


def _check(spec: DemoSpec) -> None:
    """Reject specs the generator cannot honour, naming the field."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(spec.end_month)):
        raise ValueError(f"DemoSpec.end_month must be 'YYYY-MM', got {spec.end_month!r}")
    for field in ("months", "products", "distributors"):
        if getattr(spec, field) < 1:
            raise ValueError(f"DemoSpec.{field} must be at least 1, got {getattr(spec, field)}")


def _by_kind(kind: np.ndarray, district, city, county) -> np.ndarray:
    """One value (or array) for urban districts (区), county-level cities (市) and counties (县, 旗)."""
    return np.select([kind == "district", kind == "city"], [district, city], county)


def _text(labels, codes) -> pd.arrays.ArrowStringArray:
    """`labels[codes]` as a str array, without building millions of Python strings."""
    return pd.array(np.asarray(labels), dtype="str").take(np.asarray(codes))


def _km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Equirectangular distance in km; close enough within a province."""
    dx = (np.asarray(lon1) - np.asarray(lon2)) * 111.32 * np.cos(np.radians(np.asarray(lat1)))
    dy = (np.asarray(lat1) - np.asarray(lat2)) * 110.57
    return np.hypot(dx, dy)


def _soft_cap(x: np.ndarray, knee: float, cap: float) -> np.ndarray:
    """Identity below `knee`, then bending smoothly towards `cap` (no pile-up at the cap)."""
    return np.where(x <= knee, x, knee + (cap - knee) * np.tanh((x - knee) / (cap - knee)))


def _counties(rng: np.random.Generator) -> pd.DataFrame:
    """Mainland counties with their kind, distance to the urban core, income index and 2020 population."""
    census = pd.read_csv(config.POPULATION_CSV, dtype={"adcode": "str"}).set_index("adcode")["population_million"]
    regions = load_regions("county")
    counties = regions[regions["province_id"].isin(census.index)].sort_values("region_id", ignore_index=True)
    names, n = counties["name"], len(counties)
    rural = names.str.endswith("特区") | (names == "神农架林区")  # county-like despite the 区
    kind = np.where(names.str.endswith("区") & ~rural, "district", np.where(names.str.endswith("市"), "city", "county"))
    # A city's urban core: its districts' points weighted by 1/area, so the small central districts dominate.
    w = np.where(kind == "district", 1.0, 1e-3) / counties["area_km2"].clip(lower=1.0)
    core = (
        pd.DataFrame({"w": w, "lon": counties["lon"] * w, "lat": counties["lat"] * w})
        .groupby(counties["city_id"])
        .transform("sum")
    )
    core_km = _km(counties["lon"], counties["lat"], core["lon"] / core["w"], core["lat"] / core["w"])
    income = counties["province_id"].map(INCOME_2020)
    national_income = (census * pd.Series(INCOME_2020)).sum() / census.sum()
    # Denser in districts and near the core; weight ∝ area^0.45 so that big counties are sparse.
    density = _by_kind(kind, 4.0, 1.6, 1.0) * (1 + 1.5 * np.exp(-core_km / 30))
    weight = counties["area_km2"].clip(lower=1.0) ** 0.45 * density * rng.lognormal(0, 0.35, n)
    share = weight / weight.groupby(counties["province_id"]).transform("sum")
    city_short = load_regions("city").set_index("region_id")["short_name"]
    return counties.assign(
        kind=kind,
        city_short=counties["city_id"].map(city_short),
        core_km=core_km,
        income_index=income / national_income,
        province_income=income * 1000,
        population_2020=counties["province_id"].map(census) * 1e6 * share,
        hh_size=_by_kind(kind, rng.uniform(2.55, 2.8, n), rng.uniform(2.7, 2.9, n), rng.uniform(2.8, 3.05, n)),
        income_noise=rng.lognormal(0, 0.08, n),
        urban_base=_by_kind(kind, rng.uniform(0.75, 1.0, n), rng.uniform(0.45, 0.75, n), rng.uniform(0.3, 0.55, n)),
        retail_ratio=rng.uniform(0.36, 0.44, n),
    )


def _demographics(counties: pd.DataFrame, years: range) -> pd.DataFrame:
    """County × year: census-anchored population drifting slowly, urbanising within each province."""
    c = np.repeat(np.arange(len(counties)), len(years))
    year = np.tile(np.array(years, dtype="int64"), len(counties))
    t = year - CENSUS_YEAR
    kind, province = counties["kind"].to_numpy()[c], counties["province_id"].to_numpy()[c]
    index = counties["income_index"].to_numpy()[c]
    base = counties["population_2020"].to_numpy()[c]
    # Districts gain on counties inside a province; provinces drift by at most ±0.4 %/yr (richer ones gain).
    shifted = base * _by_kind(kind, 1.006, 1.0, 0.996) ** t
    group = [province, year]
    rescale = pd.Series(base).groupby(group).transform("sum") / pd.Series(shifted).groupby(group).transform("sum")
    province_rate = np.clip(0.006 * (index - 0.9), -0.004, 0.004)
    population = np.rint(shifted * rescale.to_numpy() * (1 + province_rate) ** t).astype("int64")
    income = counties["province_income"].to_numpy()[c] * _by_kind(kind, 1.2, 1.0, 0.8)
    income = income * counties["income_noise"].to_numpy()[c] * 1.05**t
    income = _soft_cap(np.maximum(income, 15_000), knee=70_000, cap=90_000).round(0)
    urban = np.clip(counties["urban_base"].to_numpy()[c] + 0.05 * (index - 1) + 0.006 * t, 0.3, 1.0).round(3)
    return pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], c),
            "year": year,
            "population": population,
            "households": np.rint(population / counties["hh_size"].to_numpy()[c]).astype("int64"),
            "income_per_capita": income,
            "urban_share": urban,
            "retail_sales": (population * income * counties["retail_ratio"].to_numpy()[c]).round(0),
        }
    )


def _housing(counties: pd.DataFrame, end_year: int, rng: np.random.Generator) -> pd.DataFrame:
    """County × year × status, two years before `end_year` to three after; some remote ones have no pipeline."""
    n, years = len(counties), np.arange(end_year - 2, end_year + 4)
    rate = (  # new homes per resident and year
        0.007
        * _by_kind(counties["kind"].to_numpy(), 1.5, 1.0, 0.6)
        * counties["income_index"].to_numpy() ** 0.3
        * (1 - 0.5 * np.exp(-counties["core_km"].to_numpy() / 8))  # built-up city centres add little
        * rng.lognormal(0, 0.3, n)
    )
    cooling = 0.95 ** (years - years[0])  # the property market keeps cooling
    new_units = counties["population_2020"].to_numpy()[:, None] * rate[:, None] * cooling
    new_units = np.rint(new_units * rng.lognormal(0, 0.15, new_units.shape)).astype("int64")
    # Sparse, remote counties are the likeliest to have nothing planned; half report zeros, half nothing.
    remote = (counties["area_km2"].clip(lower=1.0) / counties["population_2020"]) ** 0.5 * (
        1 + counties["core_km"] / 50
    )
    no_pipeline = rng.choice(n, size=round(NO_PIPELINE_SHARE * n), replace=False, p=(remote / remote.sum()).to_numpy())
    future = years > end_year
    new_units[np.ix_(no_pipeline, future)] = 0
    absent = np.zeros(new_units.shape, dtype=bool)
    absent[np.ix_(no_pipeline[rng.random(len(no_pipeline)) < 0.5], future)] = True
    keep = ~absent.ravel()
    new_units = new_units.ravel()[keep]
    year = np.tile(years, n)[keep]
    status = np.where(year < end_year, "completed", np.where(year == end_year, "under_construction", "planned"))
    communities = np.where(new_units > 0, np.maximum(1, np.rint(new_units / rng.uniform(300, 500, len(year)))), 0)
    return pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], np.repeat(np.arange(n), len(years))[keep]),
            "year": year,
            "new_units": new_units,
            "status": _text(status, np.arange(len(status))),
            "floor_area_m2": (new_units * rng.uniform(90, 110, len(year))).round(0),
            "communities": communities.astype("int64"),
        }
    )


def _distributors(counties: pd.DataFrame, count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Distributors seated in populous, richer counties; active ones score and stock better."""
    pull = counties["population_2020"] ** 0.8 * counties["income_index"] ** 1.5
    pull = (pull * np.where(counties["kind"] == "county", 1.0, 1.3)).to_numpy()
    seat = rng.choice(len(counties), size=count, replace=count > len(counties), p=pull / pull.sum())
    status = rng.choice(np.array(["active", "prospect", "ended"]), size=count, p=[0.6, 0.3, 0.1])
    source = rng.choice(np.array(SOURCES), size=count, p=[0.2, 0.15, 0.2, 0.1, 0.15, 0.2])
    quality = rng.normal(0, 1, count) + np.select([status == "active", status == "ended"], [0.5, -0.7], 0.0)
    scores = np.clip(np.rint(3 + 0.8 * quality[:, None] + 0.6 * rng.normal(0, 1, (count, len(SCORES)))), 1, 5)
    skus_total = np.full(count, 40, dtype="int64")
    stocked = np.clip(0.55 + 0.15 * quality + 0.15 * rng.normal(0, 1, count), 0, 1) * np.where(
        status == "active", 1, 0.6
    )
    ordered = np.where(status == "active", rng.binomial(3, np.clip(0.55 + 0.15 * quality, 0.05, 0.95)), 0)
    city = counties["city_short"].to_numpy()[seat]
    word, company = rng.choice(np.array(COMPANY_WORDS), count), rng.choice(np.array(COMPANY_TYPES), count)
    name = pd.Series(city + word + company)
    # Same city, word and company type twice: qualify with the seat county, as registrations do.
    name = name.where(~name.duplicated(keep=False), city + counties["short_name"].to_numpy()[seat] + word + company)
    width = max(4, len(str(count)))
    return pd.DataFrame(
        {
            "distributor_id": pd.array([f"D{i:0{width}d}" for i in range(1, count + 1)], dtype="str"),
            "name": name.astype("str"),
            "region_id": _text(counties["region_id"], seat),
            "status": pd.array(status, dtype="str"),
            "source": pd.array(source, dtype="str"),
            **{score: scores[:, i].astype("int64") for i, score in enumerate(SCORES)},
            "skus_stocked": np.rint(stocked * skus_total).astype("int64"),
            "skus_total": skus_total,
            "ordered_months_last_3": ordered.astype("int64"),
        }
    )


def _territories(
    counties: pd.DataFrame, distributors: pd.DataFrame, months: pd.PeriodIndex, rng: np.random.Generator
) -> pd.DataFrame:
    """Active distributor × covered county: the seat plus up to 1–8 nearby counties, each claimed by the nearest.

    A few counties (1–2 %) are shared with a second distributor of the same city (both rows not
    exclusive); their sales go to the nearer one, the row marked `primary`. Extra columns `primary`
    and `since_ordinal` are dropped by `generate_demo`.
    """
    active = distributors[distributors["status"] == "active"].reset_index(drop=True)
    position = pd.Series(np.arange(len(counties)), index=counties["region_id"].to_numpy())
    seat = position[active["region_id"]].to_numpy()
    places = ["province_id", "city_id", "lon", "lat"]
    pairs = (
        counties.loc[seat, places]
        .assign(d=np.arange(len(active)))
        .merge(counties[places].assign(c=np.arange(len(counties))), on="province_id", suffixes=("_seat", ""))
    )
    pairs = pairs.assign(
        km=_km(pairs["lon"], pairs["lat"], pairs["lon_seat"], pairs["lat_seat"]),
        other_city=pairs["city_id"] != pairs["city_id_seat"],
    )
    pairs = pairs[(pairs["km"] < 80) | (~pairs["other_city"] & (pairs["km"] < 150))]
    pairs = pairs.sort_values(["c", "other_city", "km", "d"], ignore_index=True)
    pairs = pairs.assign(claim=pairs.groupby("c").cumcount())
    primary = pairs[pairs["claim"] == 0].sort_values(["d", "other_city", "km"], ignore_index=True)
    extra = rng.integers(1, 9, len(active))
    primary = primary[primary.groupby("d").cumcount().to_numpy() <= extra[primary["d"]]]
    second = pairs[
        (pairs["claim"] == 1) & ~pairs["other_city"] & pairs["c"].isin(primary["c"]) & ~pairs["c"].isin(seat)
    ]
    second = second[rng.random(len(second)) < 0.08]
    second = second[second.groupby("d").cumcount() < 1]
    rows = pd.concat([primary.assign(primary=True), second.assign(primary=False)], ignore_index=True)
    rows = rows.sort_values(["d", "c"], ignore_index=True)
    # Signed 3–120 months before the last month; counties beyond the seat added up to two years later.
    last = months[-1].ordinal
    signed = last - rng.integers(3, 121, len(active))
    since = np.minimum(signed[rows["d"]] + np.where(rows["km"] > 0, rng.integers(0, 25, len(rows)), 0), last)
    shared = rows["c"].isin(second["c"]).to_numpy()
    return pd.DataFrame(
        {
            "distributor_id": _text(active["distributor_id"], rows["d"]),
            "region_id": _text(counties["region_id"], rows["c"]),
            "since": pd.array(pd.PeriodIndex.from_ordinals(since, freq="M").strftime("%Y-%m"), dtype="str"),
            "until": pd.array([None] * len(rows), dtype="str"),
            "exclusive": ~shared & (rng.random(len(rows)) > 0.03),
            "categories": _text([""], np.zeros(len(rows), dtype="int64")),
            "channels": _text([""], np.zeros(len(rows), dtype="int64")),
            "grade": pd.array([None] * len(rows), dtype="str"),
            "primary": rows["primary"].to_numpy(),
            "since_ordinal": since,
        }
    )


def _market(
    counties: pd.DataFrame,
    households: np.ndarray,
    housing: pd.DataFrame,
    territories: pd.DataFrame,
    end_year: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Per county in `end_year`: capacity, units served, ours among them, and whether we sell at all."""
    n = len(counties)
    built = housing[housing["year"] == end_year].set_index("region_id")["new_units"]
    new_units = counties["region_id"].map(built).fillna(0).to_numpy()
    capacity = households * PENETRATION / LIFE_YEARS + new_units * NEW_HOME_ATTACH
    served = capacity * rng.uniform(0.4, 0.8, n)
    covered = counties["region_id"].isin(territories.loc[territories["primary"], "region_id"]).to_numpy()
    # Beyond distributor territories we sell in more counties, likelier in the east and in districts.
    pull = counties["income_index"].to_numpy() ** 0.8 * _by_kind(counties["kind"].to_numpy(), 1.4, 1.0, 0.75)
    others = np.flatnonzero(~covered)
    wanted = min(len(others), max(0, round(PRESENCE_SHARE * n) - int(covered.sum())))
    present = covered.copy()
    present[rng.choice(others, size=wanted, replace=False, p=pull[others] / pull[others].sum())] = True
    our_share = np.clip(0.08 * pull**0.6 * np.where(covered, 1.3, 1.0) * rng.lognormal(0, 0.4, n), 0.02, 0.35)
    our_units = np.where(present, served * our_share, 0.0)
    return pd.DataFrame(
        {
            "our_units": our_units,
            "competitor_units": served - our_units,
            "present": present,
            "growth": rng.uniform(0.03, 0.10, n),
            "price_factor": rng.uniform(0.95, 1.05, n) * counties["income_index"].to_numpy() ** 0.05,
        }
    )


def _products(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Names, base prices and mix shares of `count` product lines; the first three are named."""
    known = min(count, len(PRODUCTS))
    names = [name for name, _, _ in PRODUCTS[:known]] + [f"P{i:02d}" for i in range(known + 1, count + 1)]
    price = np.concatenate([[p for _, p, _ in PRODUCTS[:known]], rng.uniform(1500, 4000, count - known).round(-1)])
    tail = 0.15 / np.arange(1, count - known + 1) * rng.lognormal(0, 0.3, count - known)
    mix = np.concatenate([[m for _, _, m in PRODUCTS[:known]], tail])
    return np.array(names), price, mix / mix.sum()


def _sales_and_plan(
    counties: pd.DataFrame,
    market: pd.DataFrame,
    territories: pd.DataFrame,
    months: pd.PeriodIndex,
    product_count: int,
    rng: np.random.Generator,
    plan_rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sales on the full county × month × product grid, and the plan for the counties that sell."""
    n, m = len(counties), len(months)
    names, base_price, mix = _products(product_count, rng)
    p = len(names)
    # Growth is centred on the last twelve months, so that they add up to the market's annual units.
    years_back = (np.arange(m) - (m - 6.5)) / 12
    season = (SEASON / SEASON.mean())[months.month.to_numpy() - 1]
    monthly = (
        market["our_units"].to_numpy()[:, None] / 12 * season * (1 + market["growth"].to_numpy()[:, None]) ** years_back
    )
    expected = monthly[:, :, None] * mix * rng.lognormal(0, 0.15, (n, m, p))
    units = rng.poisson(expected).astype("int64")
    price = (base_price * market["price_factor"].to_numpy()[:, None] * rng.uniform(0.98, 1.02, (n, p))).round(0)
    revenue = units * price[:, None, :]

    # The covering distributor, from the month its territory starts; "" before and elsewhere.
    primary = territories[territories["primary"]]
    seller = np.full((n, m), -1)
    rows = counties["region_id"].reset_index().set_index("region_id")["index"][primary["region_id"]].to_numpy()
    started = primary["since_ordinal"].to_numpy()[:, None] <= months.asi8
    seller[rows] = np.where(started, np.arange(len(primary))[:, None], -1)
    sellers = [*primary["distributor_id"], ""]

    cell = np.repeat(np.arange(n * m), p)  # county-major, then month, then product
    sales = pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], cell // m),
            "month": _text(months.strftime("%Y-%m"), cell % m),
            "units": units.ravel(),
            "revenue": revenue.ravel(),
            "category": _text(names, np.tile(np.arange(p), n * m)),
            "product": _text(names, np.tile(np.arange(p), n * m)),
            "distributor_id": _text(sellers, seller.ravel()[cell]),
            "channel": _text(["retail"], np.zeros(len(cell), dtype="int64")),
        }
    )

    selling = (np.flatnonzero(market["present"].to_numpy())[:, None] * m + np.arange(m)).ravel()
    actual_revenue, actual_units = revenue.sum(axis=2).ravel()[selling], units.sum(axis=2).ravel()[selling]
    plan = pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], selling // m),
            "month": _text(months.strftime("%Y-%m"), selling % m),
            "target_revenue": (actual_revenue * plan_rng.uniform(0.95, 1.10, len(selling))).round(0),
            "target_units": np.rint(actual_units * plan_rng.uniform(0.95, 1.10, len(selling))).astype("int64"),
            "category": _text([""], np.zeros(len(selling), dtype="int64")),
            "distributor_id": _text([""], np.zeros(len(selling), dtype="int64")),
        }
    )
    return sales, plan


def _competitors(counties: pd.DataFrame, market: pd.DataFrame, end_year: int, rng: np.random.Generator) -> pd.DataFrame:
    """County × year × brand for the last three years; the brands split what we do not serve."""
    n, b, years = len(counties), len(COMPETITORS), np.arange(end_year - 2, end_year + 1)
    brand, price, reach, strength = (np.array(column) for column in zip(*COMPETITORS, strict=True))
    pull = counties["income_index"].to_numpy() ** 0.5 * np.where(counties["kind"] == "county", 0.9, 1.1)
    present = rng.random((n, b)) < np.clip(reach * np.clip(pull, 0.6, 1.2)[:, None], 0, 1)
    present[~present.any(axis=1), 0] = True  # every county has at least the leader
    weight = np.where(present, strength * rng.lognormal(0, 0.5, (n, b)), 0.0)
    share = weight / weight.sum(axis=1, keepdims=True)
    growth = 1.04 ** (years - end_year)  # the market grew about 4 % a year
    units = market["competitor_units"].to_numpy()[:, None, None] * growth[:, None] * share[:, None, :]
    units = np.maximum(1, np.rint(units * rng.lognormal(0, 0.05, units.shape))).astype("int64")
    avg_price = np.broadcast_to((price * rng.uniform(0.95, 1.05, (n, b))).round(0)[:, None, :], units.shape)
    c, y, k = (axis.ravel() for axis in np.indices(units.shape))
    keep = np.broadcast_to(present[:, None, :], units.shape).ravel()
    c, y, k, units, avg_price = c[keep], y[keep], k[keep], units.ravel()[keep], avg_price.ravel()[keep]
    reported = pd.array(units, dtype="Int64")
    reported[rng.random(len(units)) < 0.1] = pd.NA  # some sources give revenue only: units are derived
    return pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], c),
            "year": years[y],
            "competitor": _text(brand, k),
            "revenue": units * avg_price,
            "category": _text([""], np.zeros(len(units), dtype="int64")),
            "competitor_en": _text([BRANDS_EN[b] for b in brand], k),
            "avg_price": avg_price,
            "units": reported,
            "stores": np.clip(rng.poisson(1 + units / 400), 1, 40).astype("int64"),
            "local_price": (avg_price * rng.uniform(0.85, 1.0, len(units))).round(0),
            "discount_rate": rng.uniform(0, 0.15, len(units)).round(3),
        }
    )
