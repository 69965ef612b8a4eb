"""Synthetic but plausible demo data for every kind, per county of mainland China, from a seed.

What the demo is built to show: two or more product categories (purifiers, heaters, softeners) with
their own competitors and capacity assumptions; county populations that add up to each province's
2020 census total and fall where people live (dense central districts, populous provincial
capitals and big cities, sparse remote counties); a housing pipeline that dries up in some remote
counties; distributors with territories and contracts (some expired, some expiring); a few
cross-territory sales, category and contract-date breaches and price cuts deep enough (15–30 %
below the local median) for every flag to have something to show; a plan that runs to the end of
the year; two finished promotions, one with a 20 % uplift and one without effect; and the actions of
last month's review meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import config
from analysis.geo.boundaries import load_regions
from analysis.market.scenarios import CATEGORY_PRESETS
from analysis.methods.capacity import ASSUMPTION_PRESETS
from analysis.schemas import KINDS, SOURCES

BRAND = ("源清", "Yuanqing")  # our brand in the demo (zh, en)


@dataclass(frozen=True)
class DemoSpec:
    """What to generate; the same spec always gives the same frames."""

    seed: int = 20261
    end_month: str = "2026-10"  # last month of sales (the plan runs to December of its year)
    months: int = 36
    products: int = 5  # products (SKUs) over the categories; benchmarks use 50
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
# Big cities besides the provincial capitals (sub-provincial cities and the largest prefectures).
BIG_CITIES = ("440300", "320500", "370200", "210200", "330200", "350200", "441900", "440600", "330300",
              "350500", "320200", "130200", "370600", "410300", "420500")  # fmt: skip
CENSUS_YEAR = 2020
# name, category, base price (yuan), mix within our sales
PRODUCTS = (
    ("净水器 R5", "净水器", 2600.0, 0.30),
    ("热水器 E8", "热水器", 3200.0, 0.25),
    ("净水器 A3", "净水器", 1800.0, 0.20),
    ("软水机 S2", "软水机", 3800.0, 0.15),
    ("热水器 G6", "热水器", 2400.0, 0.10),
)
CATEGORIES = ("净水器", "热水器", "软水机")
# name, English name, categories sold, average price per category (yuan), reach, strength
COMPETITORS = (
    ("美的", "Midea", {"净水器": 2300.0, "热水器": 2200.0}, 0.95, 0.30),
    ("海尔", "Haier", {"净水器": 2500.0, "热水器": 2600.0}, 0.90, 0.26),
    ("A.O.史密斯", "A. O. Smith", {"净水器": 4300.0, "热水器": 4800.0, "软水机": 6800.0}, 0.55, 0.14),
    ("沁园", "Qinyuan", {"净水器": 1900.0}, 0.45, 0.08),
    ("安吉尔", "Angel", {"净水器": 2800.0, "软水机": 4200.0}, 0.60, 0.12),
    ("万和", "Vanward", {"热水器": 2100.0}, 0.50, 0.10),
)
# Sales index Jan..Dec: Chinese New Year trough in February, the 618 festival in June, Double 11, winter.
SEASON = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2])
PRESENCE_SHARE = 0.5  # share of counties where our brand sells
NO_PIPELINE_SHARE = 0.125  # share of counties with no housing planned after the end year
COMPANY_WORDS = ("恒源", "佳美", "瑞丰", "鑫达", "华盛", "德润", "金泉", "清源", "盛世", "同创", "永信", "嘉禾")
COMPANY_TYPES = ("商贸有限公司", "电器有限公司", "环保科技有限公司", "贸易有限公司", "家电销售有限公司")
SCORES = ("credibility", "philosophy", "finance", "product_priority", "execution")
CROSS_TERRITORY_CASES = 8  # distributors selling into a neighbouring county outside their territory
PRICE_CUTS = 14  # county × product × month cells sold 15–30 % below the local price


def generate_demo(spec: DemoSpec = DemoSpec()) -> dict[str, pd.DataFrame]:
    """Demo data for every kind in `KINDS`, per county of the 31 mainland provinces.

    Parameters
    ----------
    spec : DemoSpec
        Seed, last month, number of months, products and distributors.

    Returns
    -------
    dict of kind name → DataFrame with exactly that kind's `stored_columns`, in order. Sales hold the
    full county × month × product grid, with zero units where our brand does not sell (about half
    the counties), plus the few crafted cross-territory rows; the plan covers the counties that sell,
    to December of the last sales year.

    Raises
    ------
    ValueError
        If `end_month` is not "YYYY-MM" or a count is below 1.
    """
    _check(spec)
    rngs = np.random.default_rng(spec.seed).spawn(12)
    county_rng, housing_rng, distributor_rng, territory_rng, market_rng, sales_rng = rngs[:6]
    plan_rng, competitor_rng, case_rng, _, contract_rng, cadence_rng = rngs[6:]
    months = pd.period_range(end=pd.Period(spec.end_month, freq="M"), periods=spec.months, freq="M")
    end_year = months[-1].year
    counties = _counties(county_rng)
    demographics = _demographics(counties, range(months[0].year, end_year + 1))
    households = demographics.loc[demographics["year"] == end_year, "households"].to_numpy()
    housing = _housing(counties, end_year, housing_rng)
    distributors = _distributors(counties, spec.distributors, distributor_rng)
    territories = _territories(counties, distributors, months, territory_rng)
    territories = _contracts(territories, distributors, months, contract_rng)
    market = _market(counties, households, housing, territories, end_year, market_rng)
    products = _products(spec.products, sales_rng)
    promotions = _promotions(counties, months)
    sales, plan = _sales_and_plan(
        counties, market, territories, months, products, promotions, sales_rng, plan_rng, cadence_rng
    )
    sales = _crafted_cases(sales, counties, territories, months, products, case_rng)
    promotions = _promotion_targets(promotions, sales, counties)
    frames = {
        "sales": sales,
        "plan": plan,
        "competitors": _competitors(counties, market, end_year, competitor_rng),
        "housing": housing,
        "demographics": demographics,
        "distributors": distributors,
        "territories": territories,
        "promotions": promotions,
        "actions": _actions(counties, territories, months),
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
    """Mainland counties with their kind, distance to the urban core, income index and 2020 population.

    Each county's people are its area times a density: an urban district packs up to 120 km² of
    city around its core (denser the nearer the core, and in provincial capitals and big cities) on
    top of a suburban density; county-level cities and counties thin out with their size, so a remote
    county the size of a small country stays sparse. Populations are then scaled to the province's
    2020 census total, with soft caps so that no outer district or county grows into a megacity.
    """
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
    area = counties["area_km2"].clip(lower=1.0).to_numpy()
    city = counties["city_id"].to_numpy()
    big_city = pd.Series(city).str.endswith("0100").to_numpy() | np.isin(city, BIG_CITIES)
    size = np.where(big_city, 1.8, 1.0)
    # 东莞, 中山: prefecture cities without counties, all city.
    whole_city = (kind == "city") & (counties["region_id"] == counties["city_id"]).to_numpy()
    whole_city &= counties["region_id"].str.endswith("00").to_numpy()
    district = np.minimum(area, 120.0) * size * 16_000 * np.exp(-core_km / 7) + area * 300 * size
    people = np.select(
        [kind == "district", whole_city, kind == "city"],
        [district, area * 900.0, area * 230 * size / (1 + area / 4000)],
        area * 200 / (1 + area / 2500),
    ) * rng.lognormal(0, 0.3, n)
    province = counties["province_id"].to_numpy()
    total = counties["province_id"].map(census).to_numpy() * 1e6
    metro = ((kind == "district") & big_city & (core_km < 15)) | whole_city
    outer = (kind == "district") & (core_km > 25)
    for _ in range(4):  # scale to the census, cap, and again: the caps move people to the others
        people = people * total / pd.Series(people).groupby(province).transform("sum").to_numpy()
        people = np.select(
            [metro, outer],
            [_soft_cap(people, 3e6, 6e6), _soft_cap(people, 0.8e6, 1.6e6)],
            _soft_cap(people, 1.2e6, 2.4e6),
        )
    population = people * total / pd.Series(people).groupby(province).transform("sum").to_numpy()
    city_short = load_regions("city").set_index("region_id")["short_name"]
    return counties.assign(
        kind=kind,
        city_short=counties["city_id"].map(city_short),
        core_km=core_km,
        income_index=income / national_income,
        province_income=income * 1000,
        population_2020=population,
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
    # Most of them have nothing building either; the rest are finishing their last projects.
    building = years == end_year
    finishing = no_pipeline[rng.random(len(no_pipeline)) < 0.3]
    new_units[np.ix_(no_pipeline, building)] = 0
    new_units[np.ix_(finishing, building)] = rng.integers(20, 200, (len(finishing), 1))
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
            "exclusive": ~shared & (rng.random(len(rows)) > 0.03),
            "primary": rows["primary"].to_numpy(),
            "since_ordinal": since,
        }
    )


def _contracts(
    territories: pd.DataFrame, distributors: pd.DataFrame, months: pd.PeriodIndex, rng: np.random.Generator
) -> pd.DataFrame:
    """Each distributor's contract (授权范围): end month, categories, channels and grade, on all its rows.

    Most contracts run a year or two past the last month; about one in ten ended a few months ago
    (the distributor still sells: a breach of the contract's dates) and one in ten ends within three
    months; one in eight covers purifiers only.
    """
    ids = territories["distributor_id"].unique()
    last = months[-1].ordinal
    draw = rng.random(len(ids))
    until = np.select(
        [draw < 0.1, draw < 0.2], [last - rng.integers(1, 7, len(ids)), last + rng.integers(1, 4, len(ids))], 0
    )
    until = np.where(until == 0, last + rng.integers(6, 27, len(ids)), until)
    quality = distributors.set_index("distributor_id").loc[ids, SCORES].mean(axis=1).to_numpy()
    grade = np.select([quality >= 3.6, quality >= 2.8], ["A", "B"], "C")
    purifiers_only = rng.random(len(ids)) < 0.125
    contract = pd.DataFrame(
        {
            "distributor_id": ids,
            "until": pd.PeriodIndex.from_ordinals(until, freq="M").strftime("%Y-%m"),
            "categories": np.where(purifiers_only, "净水器", ""),
            "channels": "",
            "grade": grade,
        }
    )
    out = territories.merge(contract, on="distributor_id", how="left")
    return out.astype({c: "str" for c in ("until", "categories", "channels", "grade")})


def _category_capacity(households: np.ndarray, new_units: np.ndarray) -> np.ndarray:
    """Yearly capacity per county and category (columns in CATEGORIES order), with the presets' assumptions."""
    columns = []
    for category in CATEGORIES:
        a = ASSUMPTION_PRESETS[CATEGORY_PRESETS[category]]
        replacement = households * a.penetration / a.life_years
        upgrade = households * (a.penetration_next - a.penetration)
        columns.append(replacement + upgrade + new_units * a.fitout_rate * a.attach_rate)
    return np.column_stack(columns)


def _market(
    counties: pd.DataFrame,
    households: np.ndarray,
    housing: pd.DataFrame,
    territories: pd.DataFrame,
    end_year: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Per county and category in `end_year`: capacity, units served, ours among them, and whether we sell."""
    n = len(counties)
    built = housing[housing["year"] == end_year].set_index("region_id")["new_units"]
    new_units = counties["region_id"].map(built).fillna(0).to_numpy()
    capacity = _category_capacity(households, new_units)
    served = capacity * rng.uniform(0.4, 0.8, (n, 1))
    covered = counties["region_id"].isin(territories.loc[territories["primary"], "region_id"]).to_numpy()
    # Beyond distributor territories we sell in more counties, likelier in the east and in districts.
    pull = counties["income_index"].to_numpy() ** 0.8 * _by_kind(counties["kind"].to_numpy(), 1.4, 1.0, 0.75)
    others = np.flatnonzero(~covered)
    wanted = min(len(others), max(0, round(PRESENCE_SHARE * n) - int(covered.sum())))
    present = covered.copy()
    present[rng.choice(others, size=wanted, replace=False, p=pull[others] / pull[others].sum())] = True
    our_share = np.clip(0.08 * pull**0.6 * np.where(covered, 1.3, 1.0) * rng.lognormal(0, 0.4, n), 0.02, 0.35)
    # Heaters are a crowded category for a purifier brand; softeners a small one where it is strong.
    category_share = our_share[:, None] * np.array([1.0, 0.35, 0.9])
    our_units = np.where(present[:, None], served * category_share, 0.0)
    frame = pd.DataFrame(
        {
            "present": present,
            "growth": rng.uniform(0.03, 0.10, n),
            "price_factor": rng.uniform(0.95, 1.05, n) * counties["income_index"].to_numpy() ** 0.05,
        }
    )
    for j, category in enumerate(CATEGORIES):
        frame[f"our_units:{category}"] = our_units[:, j]
        frame[f"competitor_units:{category}"] = served[:, j] - our_units[:, j]
    return frame


def _products(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Names, categories, base prices and mix within their category of `count` products."""
    known = PRODUCTS[:count]
    rows = [{"product": n, "category": c, "price": p, "mix": m} for n, c, p, m in known]
    for i in range(len(known), count):
        category = CATEGORIES[i % len(CATEGORIES)]
        rows.append(
            {
                "product": f"{category} P{i + 1:02d}",
                "category": category,
                "price": round(float(rng.uniform(1500, 4000)), -1),
                "mix": 0.15 / (i + 1) * float(rng.lognormal(0, 0.3)),
            }
        )
    table = pd.DataFrame(rows)
    return table.assign(mix=table["mix"] / table.groupby("category")["mix"].transform("sum"))


def _promotions(counties: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Two finished promotions.

    A purifier festival in Zhejiang (+20 % in its month, a 6 % dip after) and a heater drive in Henan that moved
    nothing. Extra columns `uplift` and `dip` drive the sales.
    """
    last = months[-1]
    festival = last - 4  # June for an October end month: the 618 festival
    drive = last - 2
    zhejiang = sorted(counties.loc[counties["province_id"] == "330000", "city_id"].unique())
    henan = sorted(counties.loc[counties["province_id"] == "410000", "city_id"].unique())[:6]
    rows = [
        {"promotion_id": "P-618", "name": "618净水节", "region_id": city, "start": str(festival), "end": str(festival),
         "metric": "units", "target": 0.0, "category": "净水器", "uplift": 0.20, "dip": 0.06}
        for city in zhejiang
    ] + [
        {"promotion_id": "P-HEAT", "name": "秋季热水器换新", "region_id": city, "start": str(drive), "end": str(drive),
         "metric": "units", "target": 0.0, "category": "热水器", "uplift": 0.0, "dip": 0.0}
        for city in henan
    ]  # fmt: skip
    return pd.DataFrame(rows).astype({"region_id": "str", "start": "str", "end": "str"})


def _promotion_targets(promotions: pd.DataFrame, sales: pd.DataFrame, counties: pd.DataFrame) -> pd.DataFrame:
    """Each promotion's target: its units a year before, lifted by 15 % (the festival) or 25 % (the drive)."""
    city = sales["region_id"].map(counties.set_index("region_id")["city_id"])
    targets = []
    for row in promotions.drop_duplicates("promotion_id").itertuples(index=False):
        regions = promotions.loc[promotions["promotion_id"] == row.promotion_id, "region_id"]
        before = str(pd.Period(row.start, freq="M") - 12)
        mask = city.isin(regions) & (sales["category"] == row.category) & (sales["month"] == before)
        lift = 1.15 if row.uplift > 0 else 1.25
        targets.append((row.promotion_id, float(round(sales.loc[mask, "units"].sum() * lift, -1))))
    return promotions.assign(target=promotions["promotion_id"].map(dict(targets)))


def _sales_and_plan(
    counties: pd.DataFrame,
    market: pd.DataFrame,
    territories: pd.DataFrame,
    months: pd.PeriodIndex,
    products: pd.DataFrame,
    promotions: pd.DataFrame,
    rng: np.random.Generator,
    plan_rng: np.random.Generator,
    cadence_rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sales on the full county × month × product grid, and the plan for the counties that sell."""
    n, m, p = len(counties), len(months), len(products)
    category = products["category"].to_numpy()
    # Growth is centred on the last twelve months, so that they add up to the market's annual units.
    years_back = (np.arange(m) - (m - 6.5)) / 12
    season = (SEASON / SEASON.mean())[months.month.to_numpy() - 1]
    trend = season * (1 + market["growth"].to_numpy()[:, None]) ** years_back
    ours = np.column_stack([market[f"our_units:{c}"].to_numpy() for c in category])  # county × product (category)
    expected = (ours * products["mix"].to_numpy())[:, None, :] / 12 * trend[:, :, None]
    expected = expected * _promotion_effect(counties, months, products, promotions)
    units = rng.poisson(expected * rng.lognormal(0, 0.15, (n, m, p))).astype("int64")
    units = _ordering_rhythm(units, counties, territories, cadence_rng)
    price = products["price"].to_numpy() * market["price_factor"].to_numpy()[:, None] * rng.uniform(0.98, 1.02, (n, p))
    revenue = units * price.round(0)[:, None, :]

    # The covering distributor, from the month its territory starts; "" before and elsewhere, and for
    # a category its contract does not cover (sold through other channels).
    primary = territories[territories["primary"]].reset_index(drop=True)
    seller = np.full((n, m), -1)
    rows = counties["region_id"].reset_index().set_index("region_id")["index"][primary["region_id"]].to_numpy()
    started = primary["since_ordinal"].to_numpy()[:, None] <= months.asi8
    seller[rows] = np.where(started, np.arange(len(primary))[:, None], -1)
    sellers = [*primary["distributor_id"], ""]
    allowed = primary["categories"].to_numpy()

    cell = np.repeat(np.arange(n * m), p)  # county-major, then month, then product
    product = np.tile(np.arange(p), n * m)
    who = seller.ravel()[cell]
    limited = (who >= 0) & (allowed[np.maximum(who, 0)] != "") & (allowed[np.maximum(who, 0)] != category[product])
    who = np.where(limited, -1, who)
    sales = pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], cell // m),
            "month": _text(months.strftime("%Y-%m"), cell % m),
            "units": units.ravel(),
            "revenue": revenue.ravel(),
            "category": _text(category, product),
            "product": _text(products["product"], product),
            "distributor_id": _text(sellers, who),
            "channel": _text(["retail"], np.zeros(len(cell), dtype="int64")),
        }
    )

    # The plan: the actual months, then to December, from last year's month with this year's growth.
    plan_months = pd.period_range(months[0], pd.Period(year=months[-1].year, month=12, freq="M"), freq="M")
    ahead = len(plan_months) - m
    selling = np.flatnonzero(market["present"].to_numpy())
    actual_revenue, actual_units = revenue.sum(axis=2)[selling], units.sum(axis=2)[selling]
    if ahead:
        growth = 1 + market["growth"].to_numpy()[selling, None]
        actual_revenue = np.hstack([actual_revenue, actual_revenue[:, m - 12 : m - 12 + ahead] * growth])
        actual_units = np.hstack([actual_units, actual_units[:, m - 12 : m - 12 + ahead] * growth])
    k = len(plan_months)
    flat = (selling[:, None] * k + np.arange(k)).ravel()
    plan = pd.DataFrame(
        {
            "region_id": _text(counties["region_id"], flat // k),
            "month": _text(plan_months.strftime("%Y-%m"), flat % k),
            "target_revenue": (actual_revenue.ravel() * plan_rng.uniform(0.95, 1.10, len(flat))).round(0),
            "target_units": np.rint(actual_units.ravel() * plan_rng.uniform(0.95, 1.10, len(flat))).astype("int64"),
            "category": _text([""], np.zeros(len(flat), dtype="int64")),
            "distributor_id": _text([""], np.zeros(len(flat), dtype="int64")),
        }
    )
    return sales, plan


def _ordering_rhythm(
    units: np.ndarray, counties: pd.DataFrame, territories: pd.DataFrame, rng: np.random.Generator
) -> np.ndarray:
    """Distributors order in their own rhythm.

    About 60 % every month, 25 % every second month and 15 % every third (stocking up), so the class rule (A = ordered
    in each of the last 3 months) has B and C distributors to find. A skipped month's units go to the next order (the
    last one at the end), so every total stays as it was.
    """
    primary = territories[territories["primary"]]
    ids = primary["distributor_id"].unique()
    cadence = dict(zip(ids, rng.choice([1, 2, 3], size=len(ids), p=[0.6, 0.25, 0.15]), strict=True))
    phase = dict(zip(ids, rng.integers(0, 3, size=len(ids)), strict=True))
    row_of = pd.Series(np.arange(len(counties)), index=counties["region_id"].to_numpy())
    out = units.copy()
    m = units.shape[1]
    for rid, distributor in zip(primary["region_id"], primary["distributor_id"], strict=True):
        every = int(cadence[distributor])
        if every == 1:
            continue
        orders = np.flatnonzero((np.arange(m) + phase[distributor]) % every == 0)
        if orders.size == 0:
            continue
        i = row_of[rid]
        target = orders[np.minimum(np.searchsorted(orders, np.arange(m)), orders.size - 1)]  # next order, or last
        moved = np.zeros_like(out[i])
        np.add.at(moved, target, out[i])
        out[i] = moved
    return out


def _promotion_effect(
    counties: pd.DataFrame, months: pd.PeriodIndex, products: pd.DataFrame, promotions: pd.DataFrame
) -> np.ndarray:
    """County × month × product multipliers of the promotions: the uplift in their months, the dip after."""
    effect = np.ones((len(counties), len(months), len(products)))
    month_of = {str(month): i for i, month in enumerate(months)}
    for row in promotions.itertuples(index=False):
        inside = (counties["city_id"] == row.region_id).to_numpy()
        of_category = (products["category"] == row.category).to_numpy()
        start, end = month_of.get(row.start), month_of.get(row.end)
        if start is None or end is None:
            continue
        effect[np.ix_(inside, np.arange(start, end + 1), of_category)] *= 1 + row.uplift
        if end + 1 < len(months):
            effect[np.ix_(inside, [end + 1], of_category)] *= 1 - row.dip
    return effect


def _crafted_cases(
    sales: pd.DataFrame,
    counties: pd.DataFrame,
    territories: pd.DataFrame,
    months: pd.PeriodIndex,
    products: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Cross-territory sales into a neighbouring county (窜货) and price cuts of 15–30 % (砸价)."""
    recent = [str(month) for month in months[-3:]]
    seats = counties.set_index("region_id")[["lon", "lat", "province_id"]]
    primary = territories[territories["primary"]]
    held = set(zip(primary["distributor_id"], primary["region_id"], strict=True))
    candidates = primary.drop_duplicates("distributor_id").sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
    extra = []
    for row in candidates.itertuples(index=False):
        if len(extra) >= CROSS_TERRITORY_CASES:
            break
        here = seats.loc[row.region_id]
        near = seats[(seats["province_id"] == here["province_id"])]
        km = _km(near["lon"], near["lat"], here["lon"], here["lat"])
        foreign = [
            rid for rid, d in zip(near.index, km, strict=True) if 20 < d < 90 and (row.distributor_id, rid) not in held
        ]
        if not foreign:
            continue
        target = foreign[int(rng.integers(len(foreign)))]
        product = products.iloc[0]
        for month in recent[-int(rng.integers(1, 4)) :]:
            units = int(rng.integers(8, 41))
            extra.append(
                {"region_id": target, "month": month, "units": units, "revenue": float(units * product["price"]),
                 "category": product["category"], "product": product["product"], "distributor_id": row.distributor_id,
                 "channel": "retail"}
            )  # fmt: skip
    sales = pd.concat([sales, pd.DataFrame(extra).astype(sales.dtypes.to_dict())], ignore_index=True)
    selling = np.flatnonzero((sales["units"].to_numpy() >= 3) & sales["month"].isin(recent).to_numpy())
    cuts = rng.choice(selling, size=min(PRICE_CUTS, len(selling)), replace=False)
    depth = rng.uniform(0.15, 0.30, len(cuts))
    revenue = sales["revenue"].to_numpy().copy()
    revenue[cuts] = (revenue[cuts] * (1 - depth)).round(0)
    return sales.assign(revenue=revenue)


def _competitors(counties: pd.DataFrame, market: pd.DataFrame, end_year: int, rng: np.random.Generator) -> pd.DataFrame:
    """County × year × brand × category for the last three years; the brands split what we do not serve."""
    n, years = len(counties), np.arange(end_year - 2, end_year + 1)
    pull = counties["income_index"].to_numpy() ** 0.5 * np.where(counties["kind"] == "county", 0.9, 1.1)
    frames = []
    for category in CATEGORIES:
        brands = [b for b in COMPETITORS if category in b[2]]
        name = np.array([b[0] for b in brands])
        name_en = np.array([b[1] for b in brands])
        price = np.array([b[2][category] for b in brands])
        reach = np.array([b[3] for b in brands])
        strength = np.array([b[4] for b in brands])
        present = rng.random((n, len(brands))) < np.clip(reach * np.clip(pull, 0.6, 1.2)[:, None], 0, 1)
        present[~present.any(axis=1), 0] = True  # every county has at least the leader
        weight = np.where(present, strength * rng.lognormal(0, 0.5, (n, len(brands))), 0.0)
        share = weight / weight.sum(axis=1, keepdims=True)
        growth = 1.04 ** (years - end_year)  # the market grew about 4 % a year
        units = market[f"competitor_units:{category}"].to_numpy()[:, None, None] * growth[:, None] * share[:, None, :]
        units = np.maximum(1, np.rint(units * rng.lognormal(0, 0.05, units.shape))).astype("int64")
        prices = (price * rng.uniform(0.95, 1.05, (n, len(brands)))).round(0)
        avg_price = np.broadcast_to(prices[:, None, :], units.shape)
        c, y, k = (axis.ravel() for axis in np.indices(units.shape))
        keep = np.broadcast_to(present[:, None, :], units.shape).ravel()
        c, y, k, units_, avg_ = c[keep], y[keep], k[keep], units.ravel()[keep], avg_price.ravel()[keep]
        reported = pd.array(units_, dtype="Int64")
        reported[rng.random(len(units_)) < 0.1] = pd.NA  # some sources give revenue only: units are derived
        frames.append(
            pd.DataFrame(
                {
                    "region_id": _text(counties["region_id"], c),
                    "year": years[y],
                    "competitor": _text(name, k),
                    "revenue": units_ * avg_,
                    "category": _text([category], np.zeros(len(c), dtype="int64")),
                    "competitor_en": _text(name_en, k),
                    "avg_price": avg_,
                    "units": reported,
                    "stores": np.clip(rng.poisson(1 + units_ / 400), 1, 40).astype("int64"),
                    "local_price": (avg_ * rng.uniform(0.85, 1.0, len(units_))).round(0),
                    "discount_rate": rng.uniform(0, 0.15, len(units_)).round(3),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _actions(counties: pd.DataFrame, territories: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """What last month's review meeting decided: one done, one open, one already overdue."""
    meeting = str(months[-2])
    hangzhou = "330100"
    distributor = str(territories["distributor_id"].iloc[0])
    rows = [
        ("A-001", meeting, "在杭州新签两家经销商", "华东区经理", str(months[-1] + 2), hangzhou, "", "open"),
        ("A-002", meeting, "核查窜货并约谈相关经销商", "渠道经理", str(months[-1]), "", distributor, "open"),
        ("A-003", meeting, "补齐河南各市住房供应数据", "数据分析师", str(months[-1]), "410000", "", "done"),
    ]
    return pd.DataFrame(rows, columns=["action_id", "month", "what", "owner", "due", "region_id", "distributor_id",
                                       "status"]).astype("str")  # fmt: skip
