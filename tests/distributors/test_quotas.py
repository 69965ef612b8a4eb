"""Quotas: capacity × attainable share, spread by the season, edited or imported as plan rows; attainment."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.distributors import quotas as q

TERRITORIES = pd.DataFrame(
    {"distributor_id": ["D1", "D1", "D2", "D3"], "region_id": ["a", "b", "c", "d"],
     "until": ["", "", "", "2026-06"]}
)  # fmt: skip
CAPACITY = pd.DataFrame({"region_id": ["a", "b", "c", "d"], "capacity_units": [6000.0, 4000.0, 2000.0, 9000.0]})
# A year of sales: D1 sells 100 units a month (200 in December) at ¥2,000; D2 40 units at ¥3,000.
MONTHS = [f"{y}-{m:02d}" for y, m in [(2025, 11), (2025, 12)] + [(2026, m) for m in range(1, 11)]]
SALES = pd.concat(
    [
        pd.DataFrame({"region_id": "a", "month": MONTHS, "distributor_id": "D1",
                      "units": [200 if m.endswith("-12") else 100 for m in MONTHS]}),
        pd.DataFrame({"region_id": "c", "month": MONTHS, "distributor_id": "D2", "units": 40}),
    ],
    ignore_index=True,
).pipe(lambda f: f.assign(revenue=f["units"] * f["distributor_id"].map({"D1": 2000.0, "D2": 3000.0})))  # fmt: skip


def test_annual_quota_is_capacity_times_the_attainable_share() -> None:
    out = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11").set_index("distributor_id")
    assert out.index.tolist() == ["D1", "D2"]  # D3's contract ended in June: no quota
    assert out.loc[
        "D1", ["counties", "capacity_units", "quota_units", "price", "quota_revenue", "source"]
    ].tolist() == [2, 10_000.0, 1_500.0, 2_000.0, 3_000_000.0, "capacity"]
    assert out.loc["D2", "quota_units"] == 300.0


def test_an_edited_quota_wins_over_the_rule() -> None:
    out = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11", overrides={"D2": 500}).set_index(
        "distributor_id"
    )
    assert out.loc["D2", ["quota_units", "quota_revenue", "source"]].tolist() == [500.0, 1_500_000.0, "edited"]


def test_an_ended_distributor_gets_no_quota() -> None:
    ended = pd.DataFrame({"distributor_id": ["D1", "D2"], "status": ["ended", "active"]})
    out = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11", distributors=ended)
    assert out["distributor_id"].tolist() == ["D2"]


def test_the_season_spreads_the_year_over_its_months() -> None:
    shares = q.season(SALES)
    assert shares.sum() == pytest.approx(1.0)
    assert shares[12] / shares[1] == pytest.approx(240 / 140)
    annual = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11")
    monthly = q.monthly_quotas(annual, SALES)
    d1 = monthly[monthly["distributor_id"] == "D1"].set_index("month")["quota_units"]
    assert d1.index.tolist() == [f"2026-{m:02d}" for m in range(1, 13)]
    assert d1.sum() == pytest.approx(1500.0)
    assert d1["2026-12"] == pytest.approx(1500 * 240 / sum([240] + [140] * 11))


def test_plan_rows_naming_a_distributor_are_its_quota() -> None:
    plan = pd.DataFrame(
        {"region_id": "a", "month": ["2026-01", "2026-02"], "target_revenue": [10_000.0, 30_000.0],
         "target_units": [5, 15], "category": "", "distributor_id": ["D1", "D1"]}
    )  # fmt: skip
    region_plan = plan.assign(distributor_id="")  # a plan by region alone is not a quota
    annual = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11", plan=pd.concat([plan, region_plan]))
    d1 = annual.set_index("distributor_id").loc["D1"]
    assert d1[["quota_units", "quota_revenue", "source"]].tolist() == [20.0, 40_000.0, "plan"]
    monthly = q.monthly_quotas(annual, SALES, plan=plan)
    assert monthly[monthly["distributor_id"] == "D1"]["quota_units"].tolist() == [5, 15]


def test_quotas_round_trip_through_plan_rows() -> None:
    annual = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11")
    monthly = q.monthly_quotas(annual, SALES)
    rows = q.plan_rows(monthly, TERRITORIES, CAPACITY)
    assert set(rows.columns) == {"region_id", "month", "target_revenue", "target_units", "category", "distributor_id"}
    assert rows.loc[rows["distributor_id"] == "D1", "region_id"].unique().tolist() == ["a", "b"]  # split by capacity
    again = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11", plan=rows).set_index("distributor_id")
    assert (again["source"] == "plan").all()
    assert again.loc["D1", "quota_revenue"] == pytest.approx(3_000_000.0, rel=1e-3)


def test_attainment_this_month_and_the_year_to_date() -> None:
    annual = q.quotas(TERRITORIES, CAPACITY, SALES, 0.15, month="2026-11", overrides={"D2": 480})
    monthly = q.monthly_quotas(annual, SALES)
    out = q.attainment(monthly, SALES).set_index("distributor_id")
    d2 = out.loc["D2"]  # 40 units a month against 480 × (140/1780) in October
    month_quota = 480 * 3000 * 140 / 1780
    assert d2["month"] == "2026-10"
    assert d2["attainment"] == pytest.approx(120_000 / month_quota)
    assert d2["ytd_attainment"] == pytest.approx(10 * 120_000 / (10 * month_quota))
    assert d2["year_progress"] == pytest.approx(1_200_000 / (480 * 3000))
