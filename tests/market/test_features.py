"""Region features: the capacity chain, the housing lag and pipeline, competitors, our sales, roll-ups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.demo import generate_demo
from analysis.io.store import Store
from analysis.market.features import (
    FEATURE_COLUMNS,
    OURS,
    build_features,
    build_features_sql,
    newhousing_demand,
    plan_metrics,
    sales_metrics,
    sales_metrics_sql,
)
from analysis.market.scenarios import Market
from analysis.methods.capacity import ASSUMPTION_PRESETS, CapacityAssumptions

# Three districts of Nanning (city 450100) and one of Liuzhou (450200), all in Guangxi (450000).
XINGNING, QINGXIU, JIANGNAN, CHENGZHONG = "450102", "450103", "450105", "450202"


def _sales(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region_id", "month", "units", "revenue"]).astype(
        {"region_id": "str", "month": "str"}
    )


@pytest.fixture
def frames() -> dict[str, pd.DataFrame]:
    """Hand-made data: latest sales month 2026-10, so capacity is for 2026 and the pipeline is 2027–2029."""
    sales = _sales(
        [
            (XINGNING, "2026-10", 10, 20.0),  # last 12 months: revenue 20 (the HHI example's fourth seller)
            (XINGNING, "2025-10", 5, 10.0),  # previous 12 months
            (XINGNING, "2023-01", 99, 999.0),  # older than both windows
            (QINGXIU, "2026-01", 4, 8000.0),
            (QINGXIU, "2025-11", 6, 12000.0),  # first month of the last 12
            (JIANGNAN, "2025-10", 3, 900.0),  # sold last year only
        ]
    )
    competitors = pd.DataFrame(
        {
            "region_id": [XINGNING] * 4 + [QINGXIU] * 2,
            "year": [2026, 2026, 2026, 2025, 2026, 2026],
            "competitor": ["甲", "乙", "丙", "甲", "甲", "乙"],
            "revenue": [30.0, 30.0, 20.0, 500.0, 45e6, 30e6],
            "avg_price": [3.0, 2.0, 2.0, 1.0, 3000.0, 2500.0],
            "units": pd.array([pd.NA, 10, pd.NA, 1, pd.NA, 11_000], dtype="Int64"),
            "local_price": [np.nan, np.nan, np.nan, np.nan, 2000.0, 2500.0],
            "discount_rate": [np.nan, np.nan, np.nan, np.nan, 0.1, 0.0],
        }
    )
    housing = pd.DataFrame(
        {
            "region_id": [XINGNING] * 5 + [QINGXIU] * 3 + [JIANGNAN] * 2,
            "year": [2024, 2025, 2026, 2027, 2029, 2026, 2027, 2028, 2026, 2030],
            "new_units": [30_000, 24_000, 18_000, 700, 300, 1000, 0, 0, 500, 900],
        }
    )
    demographics = pd.DataFrame(
        {
            "region_id": [XINGNING, XINGNING, QINGXIU, JIANGNAN, CHENGZHONG],
            "year": [2025, 2026, 2026, 2026, 2027],
            "population": [3_000_000, 300, 250, 150, 100],
            "households": [1_000_000, 1_200_000, np.nan, 50, 40],
            "income_per_capita": [1.0, 120 / 300, 60 / 250, 20 / 150, 1.0],
            "retail_sales": [1.0, 80.0, 50.0, 20.0, np.nan],
        }
    )
    return {"sales": sales, "competitors": competitors, "housing": housing, "demographics": demographics}


def _row(features: pd.DataFrame, region_id: str) -> pd.Series:
    return features.set_index("region_id").loc[region_id]


def test_every_feature_column_one_row_per_region_with_data(frames) -> None:
    features = build_features(frames, "county")
    assert list(features.columns) == FEATURE_COLUMNS
    assert features["region_id"].tolist() == [XINGNING, QINGXIU, JIANGNAN, CHENGZHONG]
    assert set(features["level"]) == {"county"}
    assert features["parent_id"].tolist() == ["450100"] * 3 + ["450200"]
    assert _row(features, CHENGZHONG)["households"] == 40  # only a later year: the earliest after 2026


def test_capacity_chain_replacement_52500(frames) -> None:
    x = _row(build_features(frames, "county"), XINGNING)
    assert x["households"] == 1_200_000  # the latest year up to the sales year
    assert x["replacement_units"] == pytest.approx(52_500)
    assert x["upgrade_units"] == pytest.approx(24_000)  # 1.2M × (0.37 − 0.35)
    assert x["capacity_units"] == pytest.approx(52_500 + 24_000 + 5_994)


def test_housing_lag_4050_5670_5994() -> None:
    housing = pd.DataFrame({"region_id": "a", "year": [2024, 2025, 2026], "new_units": [30_000, 24_000, 18_000]})
    demand = newhousing_demand(housing, [2024, 2025, 2026], CapacityAssumptions(fitout_rate=0.9, attach_rate=0.3))
    np.testing.assert_allclose(demand.loc["a"].to_numpy(), [4050, 5670, 5994])


def test_housing_lag_does_not_leak_between_regions() -> None:
    housing = pd.DataFrame(
        {"region_id": ["a", "a", "a", "b"], "year": [2024, 2025, 2026, 2024], "new_units": [30_000, 24_000, 18_000, 0]}
    )
    demand = newhousing_demand(housing, [2024, 2025, 2026])
    assert demand.loc["b"].tolist() == [0.0, 0.0, 0.0]


def test_newhousing_and_pipeline_use_the_year_of_the_latest_sales_month(frames) -> None:
    features = build_features(frames, "county").set_index("region_id")
    assert features.loc[XINGNING, "newhousing_units"] == pytest.approx(5_994)
    assert features.loc[XINGNING, "housing_3y_units"] == 1_000  # 2027 and 2029; 2026 is not in the pipeline
    assert features.loc[XINGNING, "housing_per_1000hh"] == pytest.approx(1000 * 1_000 / 1_200_000)
    assert features.loc[QINGXIU, "housing_3y_units"] == 0  # zeros planned
    assert features.loc[JIANGNAN, "housing_3y_units"] == 0  # 2030 is beyond the three years
    assert np.isnan(features.loc[CHENGZHONG, "housing_3y_units"])  # not in the housing data at all: unknown
    # the pipeline: homes of the reference year (under construction; no status column) plus the three after
    assert features.loc[[XINGNING, QINGXIU, JIANGNAN], "pipeline_units"].tolist() == [18_000 + 700 + 300, 1000, 500]
    assert np.isnan(features.loc[CHENGZHONG, "pipeline_units"])
    assert set(features["pipeline_years"]) == {"2026–2029"}


def test_hhi_over_all_sellers_including_ours_is_2600(frames) -> None:
    x = _row(build_features(frames, "county"), XINGNING)
    assert x["hhi"] == pytest.approx(2600)  # revenue 30/30/20 + ours 20
    assert x["leader_share"] == pytest.approx(0.3)
    assert x["our_share"] == pytest.approx(0.2)


def test_competitor_units_are_implied_where_missing_and_from_the_latest_year(frames) -> None:
    features = build_features(frames, "county").set_index("region_id")
    assert features.loc[XINGNING, "competitor_units"] == pytest.approx(30 / 3 + 10 + 20 / 2)
    assert features.loc[XINGNING, "competitor_revenue"] == 80
    assert features.loc[XINGNING, "competitor_year"] == 2026
    assert features.loc[QINGXIU, "competitor_units"] == pytest.approx(15_000 + 11_000)
    # competitor data exists, but nobody surveyed this county: unknown, not zero, and so is its whitespace
    assert np.isnan(features.loc[CHENGZHONG, "competitor_units"]) and not features.loc[CHENGZHONG, "surveyed"]
    assert np.isnan(features.loc[CHENGZHONG, "whitespace_units"]) and np.isnan(features.loc[CHENGZHONG, "hhi"])


def test_our_sales_last_12_months_yoy_and_whitespace(frames) -> None:
    features = build_features(frames, "county").set_index("region_id")
    assert features.loc[XINGNING, ["our_units", "our_revenue", "our_units_prev", "our_revenue_prev"]].tolist() == [
        10,
        20,
        5,
        10,
    ]
    assert features.loc[XINGNING, "yoy_growth"] == pytest.approx(1.0)
    assert features.loc[QINGXIU, "our_units"] == 10
    assert np.isnan(features.loc[QINGXIU, "yoy_growth"])  # base 0: NaN, not inf
    assert features.loc[JIANGNAN, "yoy_growth"] == -1.0
    x = features.loc[XINGNING]
    assert x["served_units"] == 10 + 30
    assert x["whitespace_units"] == pytest.approx(x["capacity_units"] - 40)


def test_price_index_ours_over_local_price_after_discount(frames) -> None:
    x = _row(build_features(frames, "county"), QINGXIU)
    local = (45e6 * 2000 * 0.9 + 30e6 * 2500) / 75e6  # revenue-weighted
    assert x["our_price"] == pytest.approx(20_000 / 10)
    assert x["competitor_price"] == pytest.approx(local)
    assert x["price_index"] == pytest.approx(2000 / local)
    assert np.isnan(_row(build_features(frames, "county"), CHENGZHONG)["price_index"])  # we do not sell there


def test_bpi_within_the_parent_region(frames) -> None:
    features = build_features(frames, "county").set_index("region_id")
    bpi = features.loc[[XINGNING, QINGXIU, JIANGNAN], "bpi"]
    np.testing.assert_allclose(bpi.to_numpy(), [54.571, 32.143, 13.286], atol=1e-3)
    assert np.isnan(features.loc[CHENGZHONG, "bpi"])  # no retail sales there


def test_households_default_from_population_and_assumptions_flow_through(frames) -> None:
    heater = Market(capacity=(("", ASSUMPTION_PRESETS["water_heater"]),))  # data without a category column
    features = build_features(frames, "county", heater).set_index("region_id")
    assert features.loc[QINGXIU, "households"] == pytest.approx(250 / 2.62)
    assert features.loc[XINGNING, "replacement_units"] == pytest.approx(1_200_000 * 0.9 / 10)
    assert features.loc[XINGNING, "life_years"] == 10


def test_city_rolls_up_sums_before_ratios(frames) -> None:
    counties = build_features(frames, "county").query("parent_id == '450100'")
    city = build_features(frames, "city")
    assert city["region_id"].tolist() == ["450100", "450200"]
    x = city.iloc[0]
    for column in ("households", "capacity_units", "our_units", "competitor_units", "housing_3y_units"):
        assert x[column] == pytest.approx(counties[column].sum())
    assert x["our_share"] == pytest.approx(counties["our_revenue"].sum() / (x["our_revenue"] + x["competitor_revenue"]))
    # 甲 sells in two districts: one seller in the city's HHI, not two.
    revenue = {"甲": 30 + 45e6, "乙": 30 + 30e6, "丙": 20, OURS: 20 + 20_000}
    total = sum(revenue.values())
    assert x["hhi"] == pytest.approx(sum((100 * v / total) ** 2 for v in revenue.values()))
    assert x["leader"] == "甲"
    province = build_features(frames, "province")
    assert province["region_id"].tolist() == ["450000"]
    assert province["bpi"].iloc[0] == pytest.approx(100)  # the only region of its parent (the country)


def test_province_filter_and_missing_kinds(frames) -> None:
    assert build_features(frames, "county", province_id="440000").empty
    no_competitors = build_features({k: v for k, v in frames.items() if k != "competitors"}, "county")
    assert no_competitors["competitor_units"].isna().all() and no_competitors["whitespace_units"].isna().all()
    with pytest.raises(ValueError, match="level"):
        build_features(frames, "district")


def test_sales_metrics_windows(frames) -> None:
    metrics, last = sales_metrics(frames["sales"])
    assert last == "2026-10"
    assert metrics.loc[QINGXIU].tolist() == [10, 20_000, 0, 0, 0.0]  # no row in the year before: has_prev 0


@pytest.fixture(scope="module")
def demo_store(store_backend: str, store_locations) -> tuple[Store, dict[str, pd.DataFrame]]:
    """The demo data in a store, once per backend (DuckDB, PostgreSQL)."""
    frames = generate_demo()
    store = Store(store_locations(store_backend))
    for kind in ("sales", "plan", "competitors", "housing", "demographics"):
        store.write(kind, frames[kind], source="demo")
    return store, frames


@pytest.mark.parametrize("level", ["county", "city"])
def test_store_and_pandas_give_the_same_features_on_the_demo(demo_store, level: str) -> None:
    store, frames = demo_store
    in_memory = build_features(frames, level)
    from_store = build_features_sql(store, level)
    assert len(in_memory) >= (2_800 if level == "county" else 360)
    pd.testing.assert_frame_equal(from_store, in_memory, check_dtype=False)


def test_sales_metrics_sql_matches_pandas(demo_store) -> None:
    store, frames = demo_store
    with store.reading() as con:
        sql, sql_last = sales_metrics_sql(con, store.current_version("sales"))
    pandas, last = sales_metrics(frames["sales"])
    assert sql_last == last == "2026-10"
    pd.testing.assert_frame_equal(sql, pandas, check_index_type=False)


def test_features_from_a_store_fetch_per_region_figures_not_sales_rows(demo_store, monkeypatch) -> None:
    """The sales are aggregated in the database: no result of the pipeline's queries is as long as they are."""
    store, frames = demo_store
    with store.reading() as con:
        backend = type(con)
    longest = [0]
    for method in ("rows", "frame", "arrow"):
        original = getattr(backend, method)

        def counted(self, sql, params=None, _original=original):
            result = _original(self, sql, params)
            longest[0] = max(longest[0], len(result))
            return result

        monkeypatch.setattr(backend, method, counted)
    build_features_sql(store, "county")
    assert 0 < longest[0] < len(frames["sales"]) / 5


def test_empty_store_gives_an_empty_table(store_location: str) -> None:
    assert build_features_sql(Store(store_location), "county").empty


def test_distributor_quotas_in_the_plan_are_not_counted_twice() -> None:
    plan = pd.DataFrame(
        {
            "region_id": ["450102", "450102", "450103"],
            "month": ["2026-09", "2026-09", "2026-10"],
            "target_revenue": [100.0, 60.0, 50.0],  # the second row: a distributor's quota out of the first
            "distributor_id": [None, "D01", ""],
        }
    )
    assert plan_metrics(plan, "2026-10")["plan_revenue"].to_dict() == {"450102": 100.0, "450103": 50.0}
