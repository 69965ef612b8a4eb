"""Map Explorer logic: scopes, the city step, drill-down, breadcrumb, filters, a region's panel figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.geo import boundaries
from analysis.market import maps

COUNTRY = maps.Scope()


def _frame(level: str, scope: maps.Scope = COUNTRY) -> pd.DataFrame:
    regions = maps.scope_regions(scope, level)
    tiers = np.array(["A", "B", "C", "hold"])[np.arange(len(regions)) % 4]
    return regions.assign(
        tier=tiers,
        score=np.linspace(0, 1, len(regions)),
        gate=np.where(tiers == "hold", "hold", "open"),
        capacity_units=np.arange(len(regions)) * 100.0,
    )


def test_in_view_keeps_every_region_of_the_scope() -> None:
    table = _frame("province").iloc[:5]
    view = maps.in_view(table, maps.Scope(), "province")
    assert len(view) == 34
    assert view["tier"].isna().sum() == 29


@pytest.mark.parametrize(
    ("scope", "level", "region_id", "expected"),
    [
        (maps.Scope(), "province", "450000", maps.Scope("province", "450000")),
        (maps.Scope(), "county", "450102", maps.Scope("province", "450000")),
        (maps.Scope("province", "450000"), "city", "450100", maps.Scope("city", "450100")),
        (maps.Scope("province", "450000"), "county", "450102", None),
        (maps.Scope("city", "450100"), "county", "450102", None),
    ],
)
def test_a_click_drills_down_until_counties(scope, level, region_id, expected) -> None:
    row = (
        boundaries.load_regions(level)
        .set_index("region_id")
        .loc[region_id]
        .to_frame()
        .T.reset_index(names="region_id")
        .iloc[0]
    )
    assert maps.drill(scope, level, row) == expected


@pytest.mark.parametrize(
    ("scope", "preferred", "expected"),
    [
        (maps.Scope(), "county", "county"),
        (maps.Scope("province", "450000"), "province", "city"),
        (maps.Scope("province", "450000"), "county", "city"),
        (maps.Scope("city", "450100"), "city", "county"),
    ],
)
def test_view_level(scope, preferred, expected) -> None:
    assert maps.view_level(scope, preferred) == expected


def test_breadcrumb_names_each_step() -> None:
    crumbs = maps.breadcrumb(maps.Scope("city", "450100"))
    assert [(zh, en) for _, zh, en in crumbs] == [
        (None, None),
        ("广西壮族自治区", "Guangxi"),
        ("南宁市", "Nanning"),
    ]


def test_filters_by_tier_gate_and_score() -> None:
    frame = _frame("province")
    assert set(maps.filter_regions(frame, tiers=["A"])["tier"]) == {"A"}
    assert set(maps.filter_regions(frame, gates=["hold"])["tier"]) == {"hold"}
    kept = maps.filter_regions(frame, score_range=(0.5, 1.0))
    assert kept["score"].min() >= 0.5
    assert len(maps.filter_regions(frame)) == 34


def test_region_details_roll_counties_up() -> None:
    housing = pd.DataFrame(
        {
            "region_id": ["450102", "450103", "110105"],
            "year": [2027, 2027, 2027],
            "new_units": [10, 5, 99],
            "status": ["planned"] * 3,
        }
    )
    out = maps.region_housing(housing, "city", "450100")
    assert out["new_units"].tolist() == [15]
    sales = pd.DataFrame(
        {"region_id": ["450102", "450103"], "month": ["2026-01", "2026-01"], "revenue": [1.0, 2.0], "units": [1, 1]}
    )
    assert maps.region_sales(sales, "city", "450100")["revenue"].tolist() == [3.0]
