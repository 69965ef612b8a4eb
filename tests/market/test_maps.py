"""Map Explorer logic: figure spec, tiers as one trace, drill-down, selection, filters."""

from __future__ import annotations

import json

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


def test_tier_layer_is_one_trace_with_numeric_codes_and_stepped_colours() -> None:
    frame = _frame("province")
    fig = maps.map_figure(frame, "province", maps.LAYERS["tier"], "en")
    assert len(fig.data) == 1
    trace = fig.data[0]
    assert trace.type == "choropleth"
    assert len(trace.locations) == 34
    assert sorted(set(trace.z)) == [0, 1, 2, 3]
    colours = {c for _, c in trace.colorscale}
    assert colours == set(maps.TIER_COLOURS.values())
    assert list(trace.colorbar.ticktext) == ["Hold", "C", "B", "A"]


def test_regions_without_data_are_drawn_grey_not_dropped() -> None:
    frame = _frame("province").assign(capacity_units=lambda d: d["capacity_units"].where(d["region_id"] != "710000"))
    fig = maps.map_figure(frame, "province", maps.LAYERS["capacity"], "en")
    grey, values = fig.data[0], fig.data[1]
    assert list(grey.locations) == ["710000"]
    assert grey.hovertemplate.endswith("No data<extra></extra>")
    assert len(values.locations) == 33
    assert len(grey.geojson["features"]) == 1


def test_in_view_keeps_every_region_of_the_scope() -> None:
    table = _frame("province").iloc[:5]
    view = maps.in_view(table, maps.Scope(), "province")
    assert len(view) == 34
    assert view["tier"].isna().sum() == 29


def test_the_figure_carries_only_the_regions_in_view() -> None:
    frame = _frame("county", maps.Scope("city", "450100"))
    fig = maps.map_figure(frame, "county", maps.LAYERS["capacity"], "zh")
    spec = json.loads(fig.to_json())
    assert len(spec["data"][0]["geojson"]["features"]) == len(frame) == 12
    assert spec["layout"]["geo"]["visible"] is False


def test_national_county_payload_stays_under_two_megabytes() -> None:
    frame = _frame("county")
    fig = maps.map_figure(frame, "county", maps.LAYERS["tier"], "zh")
    assert len(frame) == 2875
    assert len(fig.to_json()) < 2_000_000


def test_shortlist_and_bubbles_add_point_traces() -> None:
    frame = _frame("province")
    fig = maps.map_figure(
        frame, "province", maps.LAYERS["capacity"], "zh", shortlist=frozenset({"450000"}), bubbles="capacity_units"
    )
    assert [trace.type for trace in fig.data] == ["choropleth", "scattergeo", "scattergeo"]
    assert list(fig.data[2].lon) == [boundaries.load_regions("province").set_index("region_id").loc["450000", "lon"]]
    assert fig.data[1].locationmode is None  # no locationmode: nothing asks plotly for a base map


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
        (maps.Scope("province", "450000"), "county", "county"),
        (maps.Scope("city", "450100"), "city", "county"),
    ],
)
def test_view_level(scope, preferred, expected) -> None:
    assert maps.view_level(scope, preferred) == expected


def test_breadcrumb_names_each_step() -> None:
    crumbs = maps.breadcrumb(maps.Scope("city", "450100"))
    assert [(zh, en) for _, zh, en in crumbs] == [
        ("全国", "China"),
        ("广西壮族自治区", "Guangxi"),
        ("南宁市", "Nanning"),
    ]


@pytest.mark.parametrize("curve", [0, 1])  # the grey no-data trace or the values trace
def test_selected_region_reads_the_click(curve: int) -> None:
    frame = pd.DataFrame({"region_id": ["110000", "450000"]})
    event = {"selection": {"points": [{"curve_number": curve, "location": "450000", "point_index": 3}]}}
    assert maps.selected_region(event, frame) == "450000"


def test_clicks_on_shortlist_dots_or_nothing_select_nothing() -> None:
    frame = pd.DataFrame({"region_id": ["110000"]})
    assert maps.selected_region({"selection": {"points": [{"curve_number": 2, "point_index": 0}]}}, frame) is None
    assert maps.selected_region({"selection": {"points": []}}, frame) is None
    assert maps.selected_region(None, frame) is None


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
    competitors = pd.DataFrame(
        {"region_id": ["450102", "450103"], "year": [2026, 2026], "competitor": ["X", "Y"], "revenue": [6.0, 1.0]}
    )
    shares = maps.region_competitors(competitors, sales, "city", "450100", "Us")
    assert shares["competitor"].tolist() == ["X", "Us", "Y"]
    assert shares["share"].sum() == pytest.approx(1.0)
    assert maps.region_sales(sales, "city", "450100")["revenue"].tolist() == [3.0]
