"""The map figure: one trace per role, stepped classes, grey no-data regions, clicks that reach the region."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.charts import maps as charts
from analysis.charts.style import TIER_COLOURS
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


def _trace(fig, name: str):
    return next(trace for trace in fig.data if trace.name == name)


def test_tier_layer_is_one_trace_with_numeric_codes_and_stepped_colours() -> None:
    fig = charts.layer_figure(_frame("province"), "province", maps.LAYERS["tier"], "en")
    assert [trace.name for trace in fig.data] == ["values"]
    trace = fig.data[0]
    assert trace.type == "choropleth" and len(trace.locations) == 34
    assert sorted(set(trace.z)) == [0, 1, 2, 3]
    assert {c for _, c in trace.colorscale} == set(TIER_COLOURS.values())
    assert list(trace.colorbar.ticktext) == ["Hold", "C", "B", "A"]


def test_numbers_are_classed_into_stepped_bands_labelled_in_the_layers_format() -> None:
    fig = charts.layer_figure(_frame("province"), "province", maps.LAYERS["capacity"], "en", classification="quantile")
    trace = _trace(fig, "values")
    assert set(np.unique(trace.z)) == {0.0, 1.0, 2.0, 3.0, 4.0}
    assert len(trace.colorbar.ticktext) == 5
    assert trace.colorbar.ticktext[-1] == "2,640 – 3,300"  # the layer's number format, band by band


@pytest.mark.parametrize("method", ["quantile", "natural", "equal"])
def test_breaks_cover_every_value_and_never_repeat(method: str) -> None:
    values = np.r_[np.zeros(40), np.linspace(1, 1000, 200), [50_000.0]]
    bounds = charts.breaks(values, method, 5)
    assert bounds[0] <= values.min() and bounds[-1] >= values.max()
    assert (np.diff(bounds[:-1]) > 0).all() and bounds[-1] >= bounds[-2]


def test_natural_breaks_separate_clear_clusters() -> None:
    values = np.r_[np.full(30, 10.0), np.full(30, 100.0), np.full(30, 1000.0)]
    bounds = charts.breaks(values, "natural", 3)
    codes = np.clip(np.searchsorted(bounds, values, side="right") - 1, 0, len(bounds) - 2)
    assert len(set(codes[:30])) == len(set(codes[30:60])) == len(set(codes[60:])) == 1
    assert len(set(codes)) == 3


def test_regions_without_data_are_drawn_grey_not_dropped() -> None:
    frame = _frame("province").assign(capacity_units=lambda d: d["capacity_units"].where(d["region_id"] != "710000"))
    fig = charts.layer_figure(frame, "province", maps.LAYERS["capacity"], "en", geometry="inline")
    grey, values = _trace(fig, "no_data"), _trace(fig, "values")
    assert list(grey.locations) == ["710000"]
    assert grey.hovertemplate.endswith("No data<extra></extra>")
    assert len(values.locations) == 33
    assert len(grey.geojson["features"]) == 1


def test_the_figure_names_the_geometry_file_and_carries_only_the_regions_in_view() -> None:
    frame = _frame("county", maps.Scope("city", "450100"))
    spec = json.loads(charts.layer_figure(frame, "county", maps.LAYERS["capacity"], "zh").to_json())
    assert spec["data"][0]["geojson"] == "/app/static/geo/county.json"  # fetched once by the browser
    assert len(spec["data"][0]["locations"]) == len(frame) == 12
    assert spec["layout"]["geo"]["visible"] is False
    inline = charts.layer_figure(frame, "county", maps.LAYERS["capacity"], "zh", geometry="inline")
    inline = json.loads(inline.to_json())
    assert len(inline["data"][0]["geojson"]["features"]) == 12  # for images drawn away from the app


def test_national_county_figure_sends_values_not_geometry() -> None:
    frame = _frame("county")
    assert len(frame) == 2875
    assert len(charts.layer_figure(frame, "county", maps.LAYERS["tier"], "zh").to_json()) < 400_000
    assert len(charts.layer_figure(frame, "county", maps.LAYERS["tier"], "zh", geometry="inline").to_json()) < 2_000_000


@pytest.mark.parametrize("level", ["province", "city", "county"])
def test_the_served_geometry_files_match_the_bundled_boundaries(level: str) -> None:
    served = json.loads((config.GEO_DIR / f"{level}.json").read_text(encoding="utf-8"))
    assert served == json.loads(json.dumps(boundaries.geojson(level)))  # else: python scripts/build_map_geometry.py


def test_markers_bubbles_and_labels_never_take_a_click() -> None:
    frame = _frame("province")
    fig = charts.layer_figure(
        frame,
        "province",
        maps.LAYERS["capacity"],
        "zh",
        shortlist=frozenset({"450000"}),
        bubbles="capacity_units",
        labels=maps.labels(frame, "province", COUNTRY),
    )
    assert [trace.name for trace in fig.data] == ["values", "bubbles", "shortlist", "labels"]
    dots = _trace(fig, "shortlist")
    assert list(dots.lon) == [boundaries.load_regions("province").set_index("region_id").loc["450000", "lon"]]
    for name in ("bubbles", "shortlist", "labels"):
        assert _trace(fig, name).hoverinfo == "skip"
        assert _trace(fig, name).locationmode is None  # nothing asks plotly for a base map
    assert "广西" in "".join(_trace(fig, "labels").text)


def test_a_selection_is_outlined_and_the_rest_keeps_its_colours() -> None:
    frame = _frame("province")
    plain = _trace(charts.layer_figure(frame, "province", maps.LAYERS["score"], "zh"), "values")
    fig = charts.layer_figure(frame, "province", maps.LAYERS["score"], "zh", selected="450000")
    assert list(_trace(fig, "selected").locations) == ["450000"]
    assert _trace(fig, "selected").hoverinfo == "skip"
    assert list(_trace(fig, "values").z) == list(plain.z)
    assert fig.layout.dragmode == "pan"


@pytest.mark.parametrize("curve", [0, 1])  # the grey no-data trace or the values trace
def test_selected_region_reads_the_click(curve: int) -> None:
    frame = pd.DataFrame({"region_id": ["110000", "450000"]})
    event = {"selection": {"points": [{"curve_number": curve, "location": "450000", "point_index": 3}]}}
    assert charts.selected_region(event, frame) == "450000"


def test_clicks_on_nothing_or_outside_the_view_select_nothing() -> None:
    frame = pd.DataFrame({"region_id": ["110000"]})
    assert charts.selected_region({"selection": {"points": [{"curve_number": 2, "point_index": 0}]}}, frame) is None
    assert charts.selected_region({"selection": {"points": [{"location": "450000"}]}}, frame) is None
    assert charts.selected_region({"selection": {"points": []}}, frame) is None
    assert charts.selected_region(None, frame) is None
