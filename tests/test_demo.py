"""Demo data: the contract's columns, determinism, and the plausibility the pages rely on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.demo import DemoSpec, generate_demo
from analysis.geo.boundaries import load_regions
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
    return pd.DataFrame(
        {
            "capacity": households * 0.35 / 8 + built.fillna(0) * 0.27,
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


@pytest.mark.parametrize("kind", KINDS)
def test_region_ids_are_mainland_counties(frames, counties, census, kind):
    mainland = counties.index[counties["province_id"].isin(census.index)]
    assert frames[kind]["region_id"].isin(mainland).all()


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


def test_plan_covers_the_sales_months(frames):
    assert set(frames["plan"]["month"]) == set(frames["sales"]["month"])


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
    plan = frames["plan"].set_index(["region_id", "month"])["target_revenue"]
    ratio = plan / actual.reindex(plan.index)
    assert ratio.dropna().between(0.949, 1.101).all()


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


def test_sales_distributor_covers_the_county(frames):
    sales = frames["sales"]
    sold = sales.loc[sales["distributor_id"] != "", ["distributor_id", "region_id"]].drop_duplicates()
    covered = sold.merge(frames["territories"], on=["distributor_id", "region_id"], how="left", indicator=True)
    assert (covered["_merge"] == "both").all()


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
