"""Hand-made monthly data for the summary's tests: one county in each of the 31 provinces."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.geo.boundaries import load_regions

SEASON = np.array([0.95, 0.62, 0.85, 0.95, 1.0, 1.22, 0.95, 0.9, 0.95, 1.05, 1.35, 1.2])
MONTHS = pd.period_range("2024-07", "2026-10", freq="M")  # 28 months: seasonal naive, no Holt-Winters


def one_county_per_province() -> pd.DataFrame:
    """The first county (by adcode) of each of the 31 mainland provinces: region_id, province_id, name."""
    counties = load_regions("county").sort_values("region_id")
    counties = counties[~counties["province_id"].isin(["710000", "810000", "820000"])]  # the 31 mainland ones
    return counties.drop_duplicates("province_id")[["region_id", "province_id", "name"]].reset_index(drop=True)


def crafted_frames(months: pd.PeriodIndex = MONTHS) -> dict[str, pd.DataFrame]:
    """Seasonal sales with a little growth in one county per province (sizes differ), a plan 2 % above,
    one distributor seated in each county with a territory there."""
    counties = one_county_per_province()
    rows = []
    for i, county in enumerate(counties.itertuples(index=False)):
        size = 1.0 + (i % 7) * 0.4
        trend = 0.004 if i % 3 else -0.003  # a third of the provinces shrink, so there are movers both ways
        for k, month in enumerate(months):
            revenue = round(1e6 * size * SEASON[month.month - 1] * (1 + trend * k) * (1 + 0.02 * np.sin(k + i)))
            rows.append(
                (
                    county.region_id,
                    str(month),
                    round(revenue / 2500),
                    float(revenue),
                    "净水器",
                    "净水器 R5",
                    f"D{i:02d}",
                    "retail",
                )
            )
    sales = pd.DataFrame(
        rows, columns=["region_id", "month", "units", "revenue", "category", "product", "distributor_id", "channel"]
    )
    plan = sales.assign(target_revenue=sales["revenue"] * 1.02, target_units=(sales["units"] * 1.02).round())
    distributors = pd.DataFrame(
        {
            "distributor_id": [f"D{i:02d}" for i in range(len(counties))],
            "name": [f"{name}商贸" for name in counties["name"]],
            "region_id": counties["region_id"],
            "status": "active",
            "skus_stocked": 30,
            "skus_total": 40,
        }
    )
    territories = pd.DataFrame({"distributor_id": distributors["distributor_id"], "region_id": counties["region_id"]})
    return {
        "sales": sales,
        "plan": plan[["region_id", "month", "target_revenue", "target_units"]],
        "distributors": distributors,
        "territories": territories,
    }


def fake_scorer(frames, month):
    """Two cities, Nanning moving from A to B between September and October."""
    tiers = ["A", "C"] if month == "2026-09" else ["B", "C"]
    return pd.DataFrame(
        {
            "region_id": ["450100", "440100"],
            "tier": tiers,
            "gate": "open",
            "pipeline_flag": "",
            "whitespace_units": [5.0, 0.0],
        }
    )


@pytest.fixture(scope="session")
def crafted() -> dict[str, pd.DataFrame]:
    return crafted_frames()


@pytest.fixture(scope="session")
def demo_summary():
    """The demo's summary of 2026-10 for all of China: what the page shows by default."""
    from analysis.demo import generate_demo
    from analysis.summary.build import build_summary

    return build_summary(generate_demo(), "2026-10")
