"""Competitors and Housing Pipeline analysis on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.geo.boundaries import counties_in
from analysis.market import competition, housing
from analysis.methods.capacity import CapacityAssumptions

COUNTIES = pd.Index(["450102", "450103"])


@pytest.fixture
def competitors() -> pd.DataFrame:
    # The territory example of METHODS.md §5 (revenues in ¥M), split over two counties.
    return pd.DataFrame(
        {
            "region_id": ["450102", "450102", "450103", "450103", "450103", "110105"],
            "year": [2026] * 6,
            "competitor": ["A", "B", "C", "D", "A", "A"],
            "revenue": [30e6, 30e6, 15e6, 6e6, 15e6, 99e6],
            "avg_price": [3000.0, 2500.0, 2000.0, 1500.0, 3000.0, 3000.0],
            "units": pd.array([None, None, None, 4000, None, None], dtype="Int64"),
            "local_price": [2800.0, 2500.0, 2000.0, 1500.0, 2800.0, 1.0],
            "discount_rate": [0.1, 0.0, 0.0, 0.0, 0.1, 0.0],
        }
    )


@pytest.fixture
def sales() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_id": ["450102", "450103", "450102"],
            "month": ["2026-10", "2026-05", "2025-01"],
            "units": [1000, 1000, 500],
            "revenue": [2e6, 2e6, 1e6],
        }
    )


def test_brand_shares_imply_units_and_add_ours(competitors, sales) -> None:
    shares = competition.brand_shares(competitors, sales, COUNTIES).set_index("brand")
    assert shares.loc["A", "revenue"] == 45e6
    assert shares.loc["A", "units"] == pytest.approx(15_000)  # 45M ÷ 3,000
    assert shares.loc["D", "units"] == 4_000  # reported units win over revenue ÷ price
    assert shares.loc[competition.OURS, "revenue"] == 4e6  # last 12 months only
    assert shares["revenue_share"].sum() == pytest.approx(1.0)
    assert shares["unit_share"].sum() == pytest.approx(1.0)


def test_price_index_uses_local_price_after_discount(competitors, sales) -> None:
    prices = competition.price_comparison(competitors, sales, COUNTIES).set_index("brand")
    assert prices.loc["A", "local_price"] == pytest.approx(2520.0)  # 2,800 × 0.9
    assert prices.loc["A", "our_price"] == pytest.approx(2000.0)
    assert prices.loc["A", "price_index"] == pytest.approx(2000 / 2520)


def test_counties_in_a_city() -> None:
    assert set(counties_in(["450100"], "city")) >= {"450102", "450103"}
    assert "110105" not in set(counties_in(["450100"], "city"))


@pytest.mark.parametrize(("bands", "expected"), [("2010", [1, 1, 2]), ("2023", [1, 1, 2])])
def test_concentration_bands_count_regions(bands, expected) -> None:
    features = pd.DataFrame({"hhi": [900.0, 1600.0, 2600.0, 3202.0, None]})
    if bands == "2023":
        features = pd.DataFrame({"hhi": [900.0, 1200.0, 2600.0, 3202.0, None]})
    assert competition.concentration_bands(features, bands)["regions"].tolist() == expected


def test_rankings_and_totals() -> None:
    features = pd.DataFrame(
        {
            "region_id": ["1", "2", "3"],
            "name": ["a", "b", "c"],
            "name_en": ["a", "b", "c"],
            "hhi": [2600.0, 1000.0, 5000.0],
            "leader": ["x", "ours", "y"],
            "leader_share": [0.3, 0.2, 0.7],
            "our_share": [0.1, 0.2, 0.0],
            "whitespace_units": [100.0, 900.0, -5.0],
            "capacity_units": [1, 2, 3],
            "our_revenue": [10.0, 20.0, 0.0],
            "competitor_revenue": [90.0, 80.0, 100.0],
        }
    )
    ranks = competition.rankings(features, n=2)
    assert ranks["concentration"]["region_id"].tolist() == ["3", "1"]
    assert ranks["whitespace"]["region_id"].tolist() == ["2", "1"]
    totals = competition.market_totals(features)
    assert totals["market_revenue"] == 300.0
    assert totals["our_share"] == pytest.approx(0.1)
    assert totals["whitespace_units"] == 1000.0  # negative whitespace counts as none


def test_pipeline_by_year_and_status() -> None:
    frame = pd.DataFrame(
        {
            "region_id": ["450102", "450103", "450102", "110105"],
            "year": [2027, 2027, 2024, 2027],
            "new_units": [10, 5, 7, 99],
            "status": ["planned", "planned", None, "planned"],
        }
    )
    out = housing.pipeline_by_year(frame, COUNTIES)
    assert out.to_dict("records") == [
        {"year": 2024, "status": "completed", "new_units": 7},
        {"year": 2027, "status": "planned", "new_units": 15},
    ]


def test_implied_demand_fills_missing_years_with_zero() -> None:
    frame = pd.DataFrame({"year": [2024, 2026], "new_units": [1000, 0]})
    out = housing.implied_demand(frame, CapacityAssumptions(fitout_rate=1.0, attach_rate=1.0))
    assert out["year"].tolist() == [2024, 2025, 2026]
    assert out["demand"].tolist() == pytest.approx([500, 300, 200])


def test_gate_table_puts_held_regions_first_then_flagged_ones() -> None:
    scored = pd.DataFrame(
        {
            "region_id": ["a", "b", "c", "d"],
            "name": list("abcd"),
            "name_en": list("abcd"),
            "pipeline_units": [50.0, 0.0, None, 500.0],
            "gate": ["open", "hold", "open", "open"],
            "pipeline_flag": ["", "", "unknown", ""],
        }
    )
    out = housing.gate_table(scored)
    assert out["region_id"].tolist() == ["b", "c", "a", "d"]
    assert len(out) == len(scored)
