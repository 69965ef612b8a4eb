"""The prospect funnel, territory coverage and their figures."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.charts.distributors import balance_figure, coverage_figure, funnel_figure, territory_figure
from analysis.distributors.coverage import coverage
from analysis.distributors.funnel import funnel, funnel_by_channel
from analysis.geo import boundaries


def test_funnel_counts_by_source_and_status() -> None:
    d = pd.DataFrame(
        {
            "source": ["web", "web", "street", "ads", "referral", "referral", "referral", None],
            "status": ["active", "prospect", "active", "ended", "active", "active", "prospect", "active"],
        }
    )
    f = funnel(d)
    counts = f.set_index(["source", "status"])["distributors"]
    assert counts[("web", "active")] == 1
    assert counts[("referral", "active")] == 2
    assert counts[("registry", "prospect")] == 0  # every combination listed
    assert counts[("unknown", "active")] == 1
    assert f["distributors"].sum() == len(d)
    assert f.loc[(f.source == "referral") & (f.status == "active"), "share_of_source"].item() == pytest.approx(2 / 3)
    by_channel = funnel_by_channel(f).set_index("channel")
    assert by_channel.loc["active", ["distributors", "active"]].tolist() == [3, 2]
    assert by_channel.loc["passive", ["distributors", "active"]].tolist() == [4, 2]


def test_funnel_figure_is_stacked_bars_per_source_with_its_channel() -> None:
    fig = funnel_figure(funnel(pd.DataFrame({"source": ["web", "ads"], "status": ["active", "prospect"]})), "en")
    assert [trace.name for trace in fig.data] == ["Prospect", "Active", "Ended"]
    assert fig.layout.barmode == "stack"
    assert fig.data[0].x[0] == "Web search<br>(Active search)"
    assert fig.data[0].x[3] == "Ads<br>(Passive (inbound))"


def test_coverage_counts_distributors_and_finds_high_tier_gaps() -> None:
    territories = pd.DataFrame({"distributor_id": ["D1", "D2", "D3", "D1"], "region_id": ["c1", "c1", "c2", "c3"]})
    scored = pd.DataFrame(
        {
            "region_id": ["c1", "c2", "c3", "c4", "c5", "c6"],
            "tier": ["A", "B", "C", "A", "hold", "C"],
            "gate": ["open", "open", "open", "open", "hold", "open"],
            "score": [0.9, 0.8, 0.2, 0.95, 0.99, 0.1],
        }
    )
    distributors = pd.DataFrame(
        {"distributor_id": ["D1", "D2", "D3", "P1"], "region_id": ["c1", "c1", "c1", "c4"],
         "status": ["active", "active", "ended", "prospect"]}
    )  # fmt: skip
    out = coverage(territories, scored, distributors).set_index("region_id")
    assert out.loc["c1", ["distributors", "distributor_ids", "status"]].tolist() == [2, "D1, D2", "shared"]
    assert out.loc["c2", "status"] == "gap"  # its only distributor has ended
    assert out.loc["c3", "status"] == "one"
    assert out.loc["c4", ["status", "prospects"]].tolist() == ["gap", 1]
    assert out.loc["c5", "status"] == "uncovered"  # on hold: not a gap
    assert out.loc["c6", "status"] == "uncovered"  # tier C: not a gap
    assert out.index[:2].tolist() == ["c4", "c2"]  # gaps first, best score first


def test_coverage_counts_only_contracts_in_force() -> None:
    territories = pd.DataFrame({"distributor_id": ["D1", "D2"], "region_id": ["c1", "c2"], "until": ["2026-08", ""],
                                "since": ["", "2026-12"]})  # fmt: skip
    scored = pd.DataFrame({"region_id": ["c1", "c2"], "tier": "C", "gate": "open", "score": 0.5})
    assert coverage(territories, scored).set_index("region_id")["distributors"].tolist() == [1, 1]
    assert coverage(territories, scored, month="2026-11")["distributors"].tolist() == [0, 0]


def _counties(n: int = 3) -> pd.DataFrame:
    return boundaries.load_regions("county").head(n)[["region_id", "name", "name_en"]]


def test_coverage_figure_is_one_categorical_choropleth_offline() -> None:
    frame = _counties().assign(status=["gap", "one", None])
    fig = coverage_figure(frame, "zh")
    values = next(trace for trace in fig.data if trace.name == "values")
    assert values.type == "choropleth" and list(values.z) == [3, 1, 0]  # a missing status is "not covered"
    assert list(values.colorbar.ticktext) == ["无人覆盖", "1 家覆盖", "2 家及以上", "高潜力无人覆盖"]
    assert fig.layout.geo.visible is False


def test_territory_figure_names_territories_and_marks_moves() -> None:
    frame = _counties(4).assign(territory=["D1", "D1", "T2", None])
    points = boundaries.load_regions("county").head(4)[["region_id", "lon", "lat", "name", "name_en"]]
    fig = territory_figure(frame, "en", {"D1": "Nanning Trading", "T2": "Vacant T2"}, moved=points.head(1))
    values = next(trace for trace in fig.data if trace.name == "values")
    assert list(values.z) == [0, 0, 1]
    assert list(values.colorbar.ticktext) == ["Nanning Trading", "Vacant T2"]
    assert any(trace.name == "no_data" for trace in fig.data)  # the county without a territory stays visible
    assert any(trace.name == "shortlist" and len(trace.lon) == 1 for trace in fig.data)


def test_balance_figure_has_a_bar_per_territory() -> None:
    balance = pd.DataFrame({"territory": ["D1", "T2"], "capacity_units": [1200.0, 1100.0]})
    fig = balance_figure(balance, "capacity_units", "units", "zh", {"D1": "甲", "T2": "空缺 T2"})
    assert list(fig.data[0].x) == ["甲", "空缺 T2"]
