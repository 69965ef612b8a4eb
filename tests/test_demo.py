"""Demo data: the contract's columns, determinism, and the plausibility the pages rely on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.demo import CROSS_TERRITORY_CASES, DemoSpec, generate_demo
from analysis.geo.boundaries import load_regions
from analysis.market.scenarios import CATEGORY_PRESETS
from analysis.methods.capacity import ASSUMPTION_PRESETS
from analysis.schemas import KINDS

DTYPES = {"int": "int64", "score": "int64", "year": "int64", "money": "float64", "float": "float64"}
DTYPES |= {"share": "float64", "bool": "bool", "text": "str", "region": "str", "month": "str"}


def _stored(kind: str):
    """(column spec, stored name) pairs of a kind."""
    return zip(KINDS[kind].columns, KINDS[kind].stored_columns, strict=True)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return generate_demo()


@pytest.fixture(scope="module")
def counties() -> pd.DataFrame:
    return load_regions("county").set_index("region_id")


@pytest.fixture(scope="module")
def census() -> pd.Series:
    table = pd.read_csv(config.POPULATION_CSV, dtype={"adcode": "str"})
    return table.set_index("adcode")["population_million"] * 1e6


@pytest.fixture(scope="module")
def latest(frames) -> pd.DataFrame:
    """Per county: households, capacity, and the units we and the competitors sold in the last year."""
    demographics = frames["demographics"]
    households = demographics[demographics["year"] == 2026].set_index("region_id")["households"]
    housing = frames["housing"]
    built = housing[housing["year"] == 2026].set_index("region_id")["new_units"].reindex(households.index)
    sales = frames["sales"]
    ours = sales[sales["month"] >= "2025-11"].groupby("region_id")["units"].sum()
    competitors = frames["competitors"].query("year == 2026")
    derived = competitors["units"].astype("float64").fillna(competitors["revenue"] / competitors["avg_price"])
    theirs = derived.groupby(competitors["region_id"]).sum()
    capacity = 0.0
    for category in ("净水器", "热水器", "软水机"):
        a = ASSUMPTION_PRESETS[CATEGORY_PRESETS[category]]
        new_homes = built.fillna(0) * a.fitout_rate * a.attach_rate
        per_household = a.penetration / a.life_years + a.penetration_next - a.penetration
        capacity = capacity + households * per_household + new_homes
    return pd.DataFrame(
        {
            "capacity": capacity,
            "served": ours.reindex(households.index, fill_value=0) + theirs.reindex(households.index, fill_value=0),
        }
    )


def test_same_spec_gives_identical_frames(frames):
    again = generate_demo(DemoSpec())
    for kind, frame in frames.items():
        pd.testing.assert_frame_equal(again[kind], frame)


def test_other_seed_gives_other_data(frames):
    other = generate_demo(DemoSpec(seed=1))
    assert not other["sales"]["units"].equals(frames["sales"]["units"])


@pytest.mark.parametrize("kind", KINDS)
def test_columns_are_the_stored_columns(frames, kind):
    assert tuple(frames[kind].columns) == KINDS[kind].stored_columns


@pytest.mark.parametrize("kind", KINDS)
def test_column_dtypes_follow_the_schema(frames, kind):
    expected = {stored: DTYPES[c.type] for c, stored in _stored(kind)}
    if kind == "competitors":
        expected["units"] = "Int64"  # some rows give revenue only
    assert {name: str(dtype) for name, dtype in frames[kind].dtypes.items()} == expected


@pytest.mark.parametrize("kind", KINDS)
def test_keys_are_unique(frames, kind):
    assert not frames[kind].duplicated(list(KINDS[kind].stored_key)).any()


@pytest.mark.parametrize("kind", [k for k in KINDS if k not in ("promotions", "actions")])
def test_region_ids_are_mainland_counties(frames, counties, census, kind):
    mainland = counties.index[counties["province_id"].isin(census.index)]
    assert frames[kind]["region_id"].isin(mainland).all()


def test_promotions_and_actions_name_mainland_regions_of_any_level(frames, census):
    regions = load_regions().set_index("region_id")
    for kind in ("promotions", "actions"):
        named = frames[kind]["region_id"][frames[kind]["region_id"] != ""]
        assert named.map(regions["province_id"].to_dict()).isin(census.index).all()


@pytest.mark.parametrize("kind", KINDS)
def test_non_negative_columns_are_not_negative(frames, kind):
    columns = [stored for c, stored in _stored(kind) if c.non_negative]
    assert (frames[kind][columns].fillna(0) >= 0).all().all()


def test_province_population_is_within_3_percent_of_census(frames, counties, census):
    demographics = frames["demographics"]
    province = demographics["region_id"].map(counties["province_id"])
    totals = demographics.groupby([province, demographics["year"]])["population"].sum()
    ratio = totals / census.reindex(totals.index.get_level_values(0)).to_numpy()
    assert ratio.between(0.97, 1.03).all()


def test_districts_are_denser_than_counties(frames, counties):
    demographics = frames["demographics"].query("year == 2026").set_index("region_id")
    density = demographics["population"] / counties["area_km2"].reindex(demographics.index)
    suffix = counties["name"].reindex(demographics.index).str[-1]
    assert density[suffix == "区"].mean() > 3 * density[suffix.isin(["县", "旗"])].mean()


def test_households_are_2_5_to_3_1_people(frames):
    demographics = frames["demographics"]
    assert (demographics["population"] / demographics["households"]).between(2.5, 3.1).all()


def test_sales_span_36_months_ending_at_the_end_month(frames):
    months = pd.period_range(end="2026-10", periods=36, freq="M").strftime("%Y-%m")
    assert sorted(frames["sales"]["month"].unique()) == list(months)


def test_plan_covers_the_sales_months_and_runs_to_the_end_of_the_year(frames):
    months = set(frames["sales"]["month"]) | {"2026-11", "2026-12"}
    assert set(frames["plan"]["month"]) == months


def test_february_sells_less_than_december(frames):
    sales = frames["sales"]
    by_month = sales.groupby(sales["month"].str[5:])["units"].sum()
    assert by_month["02"] < 0.7 * by_month["12"]


def test_sales_grow_3_to_10_percent_a_year(frames):
    units = frames["sales"].groupby("month")["units"].sum()
    last, previous = units["2025-11":"2026-10"].sum(), units["2024-11":"2025-10"].sum()
    assert 1.03 <= last / previous <= 1.10


def test_brand_sells_in_40_to_60_percent_of_counties(frames):
    selling = frames["sales"].groupby("region_id")["units"].sum() > 0
    assert 0.4 <= selling.mean() <= 0.6


def test_plan_is_95_to_110_percent_of_actual_revenue(frames):
    actual = frames["sales"].groupby(["region_id", "month"])["revenue"].sum()
    plan = frames["plan"].query("month <= '2026-10'").set_index(["region_id", "month"])["target_revenue"]
    ratio = plan / actual.reindex(plan.index)
    assert ratio.dropna().between(0.949, 1.101).mean() > 0.999  # the crafted price cuts and breaches aside


def test_served_units_stay_below_capacity(latest):
    assert (latest["served"] < latest["capacity"]).mean() >= 0.95


def test_served_units_are_a_large_part_of_capacity(latest):
    assert 0.4 <= (latest["served"] / latest["capacity"]).median() <= 0.8


def test_10_to_15_percent_of_counties_have_no_housing_pipeline(frames):
    housing = frames["housing"]
    future = housing[housing["year"] > 2026].groupby("region_id")["new_units"].sum()
    pipeline = future.reindex(housing["region_id"].unique(), fill_value=0)
    assert 0.10 <= (pipeline == 0).mean() <= 0.15


def test_housing_status_follows_the_year(frames):
    housing = frames["housing"]
    expected = np.select(
        [housing["year"] < 2026, housing["year"] == 2026], ["completed", "under_construction"], "planned"
    )
    assert (housing["status"] == expected).all()


def test_sales_distributor_covers_the_county_but_for_a_few_crafted_breaches(frames):
    sales = frames["sales"]
    sold = sales.loc[sales["distributor_id"] != "", ["distributor_id", "region_id", "month"]].drop_duplicates()
    covered = sold.merge(frames["territories"], on=["distributor_id", "region_id"], how="left", indicator=True)
    outside = covered[covered["_merge"] == "left_only"]
    assert 1 <= outside["distributor_id"].nunique() <= CROSS_TERRITORY_CASES
    assert (outside["month"] >= "2026-08").all()  # the last three months only


def test_at_least_two_product_categories_with_their_own_competitors(frames):
    assert frames["sales"]["category"].nunique() >= 2
    brands = frames["competitors"].groupby("category")["competitor"].unique()
    assert len(brands) >= 2 and set(brands["热水器"]) != set(brands["净水器"])
    assert frames["competitors"]["competitor_en"].str.fullmatch(r"[A-Za-z .]+").all()


def test_some_prices_are_cut_15_to_30_percent_below_the_local_median(frames):
    sales = frames["sales"].query("units > 0 and month >= '2026-08'")
    price = sales["revenue"] / sales["units"]
    median = price.groupby([sales["product"], sales["region_id"].str[:2], sales["month"]]).transform("median")
    cut = price / median
    assert ((cut < 0.85) & (cut > 0.65)).sum() >= 5


def test_no_outer_district_or_county_is_a_megacity(frames, counties):
    demographics = frames["demographics"].query("year == 2026").set_index("region_id")
    names = counties["name"].reindex(demographics.index)
    assert demographics["population"].max() < 6e6
    assert demographics.loc[names.str.endswith(("县", "旗")), "population"].max() < 2.5e6


def test_promotions_have_one_metric_and_a_target(frames):
    promotions = frames["promotions"]
    assert promotions.groupby("promotion_id")["metric"].nunique().eq(1).all()
    assert (promotions["target"] > 0).all()


def test_contracts_include_expired_and_expiring_ones(frames):
    until = frames["territories"].drop_duplicates("distributor_id")["until"]
    assert (until < "2026-10").any() and ((until > "2026-10") & (until <= "2027-01")).any()


def test_only_active_distributors_hold_territories(frames):
    status = frames["distributors"].set_index("distributor_id")["status"]
    assert (frames["territories"]["distributor_id"].map(status) == "active").all()


def test_distributor_statuses_are_mostly_active(frames):
    shares = frames["distributors"]["status"].value_counts(normalize=True)
    assert shares["active"] > shares["prospect"] > shares["ended"] > 0


@pytest.mark.parametrize(
    ("field", "value"), [("end_month", "2026/10"), ("end_month", "Oct"), ("months", 0), ("products", 0)]
)
def test_bad_spec_is_refused_by_name(field, value):
    with pytest.raises(ValueError, match=field):
        generate_demo(DemoSpec(**{field: value}))


def test_more_products_than_the_named_ones_get_prices_and_mixes() -> None:
    from analysis.demo import PRODUCTS, _products

    table = _products(len(PRODUCTS) + 5, np.random.default_rng(0))
    assert len(table) == len(PRODUCTS) + 5 and table["price"].between(1500, 4000).all()
    assert np.allclose(table.groupby("category")["mix"].sum(), 1.0)
