"""Distributors: AHP weights, scorecard, classes and hysteresis, funnel, coverage, 窜货 and 砸价 flags; the page."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.distributors import flags as dist
from analysis.geo import boundaries

ROOT = config.ROOT
MAD_PRICES = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]  # METHODS.md §8
COVERAGE_BY_MONTH = [0.72, 0.68, 0.71, 0.66, 0.64]  # METHODS.md §3.3


def _distributors(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "distributor_id": [f"D{i}" for i in range(1, n + 1)],
        "ordered_months_last_3": [0] * n,
        "skus_stocked": [0] * n,
        "skus_total": [100] * n,
        **{c: [3] * n for c in dist.CRITERIA},
    }
    return pd.DataFrame(base | columns)


# -- AHP and scorecard -------------------------------------------------------------------------------
def test_ahp_of_the_illustrative_distributor_judgements() -> None:
    result = dist.ahp(dist.DEFAULT_AHP_UPPER)
    np.testing.assert_allclose(result.weights, [0.260, 0.082, 0.260, 0.138, 0.260], atol=5e-4)
    assert round(result.cr, 3) == 0.002
    assert result.consistent


def test_ahp_flags_contradictory_judgements() -> None:
    upper = list(dist.DEFAULT_AHP_UPPER)
    upper[0], upper[1], upper[4] = 9, 1 / 9, 9  # C1 ≫ C2, C2 ≫ C3, yet C3 ≫ C1
    result = dist.ahp(upper)
    assert result.cr >= 0.10
    assert not result.consistent


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), ("1/3", 1 / 3), (" 1 / 2 ", 0.5), ("0.25", 0.25), (9, 9.0)])
def test_parse_judgement(text, value) -> None:
    assert dist.parse_judgement(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["0", "-3", "1/0", "abc", ""])
def test_parse_judgement_rejects_non_positive_or_garbage(text) -> None:
    with pytest.raises(ValueError, match="positive number"):
        dist.parse_judgement(text)


def test_judgements_round_trip_through_their_display() -> None:
    shown = [dist.format_judgement(v) for v in dist.DEFAULT_AHP_UPPER]
    assert shown == ["3", "1", "2", "1", "1/3", "1/2", "1/3", "2", "1", "1/2"]
    assert [dist.parse_judgement(s) for s in shown] == pytest.approx(dist.DEFAULT_AHP_UPPER)


def test_scorecard_is_the_weighted_mean_and_contributions_add_up() -> None:
    d = _distributors(credibility=[5, 1], philosophy=[1, 5], finance=[4, 4])
    out = dist.scorecard(d, {"credibility": 2, "philosophy": 1, "finance": 1})
    assert out["distributor_id"].tolist() == ["D1", "D2"]
    assert out["score"].tolist() == pytest.approx([(2 * 5 + 1 + 4) / 4, (2 * 1 + 5 + 4) / 4])
    contrib = out[[f"contrib_{c}" for c in dist.CRITERIA]].sum(axis=1)
    pd.testing.assert_series_equal(contrib, out["score"], check_names=False)
    assert (out["contrib_execution"] == 0).all()  # not weighted
    assert out["rank"].tolist() == [1, 2]


def test_scorecard_renormalises_over_rated_criteria_instead_of_reading_zero() -> None:
    d = _distributors(credibility=[4.0], finance=[np.nan])
    out = dist.scorecard(d, {"credibility": 1, "finance": 1})
    assert out.loc[0, "score"] == pytest.approx(4.0)
    assert out.loc[0, "rated_weight"] == pytest.approx(0.5)


def test_scorecard_with_ahp_weights() -> None:
    d = _distributors(**{c: [4] for c in dist.CRITERIA})
    assert dist.scorecard(d, dist.ahp()).loc[0, "score"] == pytest.approx(4.0)


def test_scorecard_names_a_missing_rating_column() -> None:
    with pytest.raises(ValueError, match="execution"):
        dist.scorecard(_distributors(credibility=[3]).drop(columns="execution"), {"credibility": 1})


def test_weights_reject_unknown_criteria() -> None:
    with pytest.raises(ValueError, match="unknown criteria"):
        dist.criterion_weights({"charisma": 1})


# -- classes -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ordered", "stocked", "total", "expected", "says"),
    [
        (3, 5, 100, "A", "ordered in each of the last 3 months (3/3)"),
        (2, 72, 100, "B", "range coverage 72% ≥ 70% (+2.0 pp); A needs orders in 3/3 months (has 2/3)"),
        (0, 70, 100, "B", "range coverage 70% ≥ 70%"),
        (0, 69, 100, "C", "B needs coverage ≥ 70% (short 1.0 pp)"),
        (1, 50, 100, "C", "range coverage 50% ≥ 50%"),
        (0, 49, 100, "unclassified", "range coverage 49% < 50% (-1.0 pp)"),
        (2, 10, 0, "unclassified", "no SKU range"),
    ],
)
def test_class_rules_top_down(ordered, stocked, total, expected, says) -> None:
    d = _distributors(ordered_months_last_3=[ordered], skus_stocked=[stocked], skus_total=[total])
    out = dist.classes(d)
    assert out.loc[0, "class"] == expected
    assert says in out.loc[0, "explanation"]
    assert out.loc[0, "rule"].startswith(expected)  # the record methods.tiers keeps


def test_class_explanation_in_chinese() -> None:
    d = _distributors(ordered_months_last_3=[1], skus_stocked=[72], skus_total=[100])
    assert (
        dist.classes(d, lang="zh").loc[0, "explanation"]
        == "B：铺货率 72% ≥ 70%（+2.0 个百分点）；A 需近3个月每月进货（现为 1/3）"
    )


@pytest.mark.parametrize(("band", "expected"), [(0.0, "BCBCC"), (0.05, "BBBBC")])
def test_hysteresis_example_of_methods_3_3(band: float, expected: str) -> None:
    months = [_distributors(skus_stocked=[round(c * 100)]) for c in COVERAGE_BY_MONTH]
    got = "".join(dist.class_history(months[: i + 1], band=band).loc[0, "class"] for i in range(len(months)))
    assert got == expected


def test_a_class_held_by_the_band_says_so() -> None:
    months = [_distributors(skus_stocked=[72]), _distributors(skus_stocked=[68])]
    out = dist.class_history(months, band=0.05)
    assert out.loc[0, "class"] == "B"
    assert out.loc[0, "bar"] == pytest.approx(0.65)
    assert "band: was B, bar lowered from 70%" in out.loc[0, "explanation"]


def test_the_band_is_only_mentioned_when_it_kept_the_class() -> None:
    months = [_distributors(skus_stocked=[72]), _distributors(skus_stocked=[95])]
    out = dist.class_history(months, band=0.05)
    assert out.loc[0, "bar"] == pytest.approx(0.70)
    assert "band" not in out.loc[0, "explanation"]


def test_class_counts_list_every_class() -> None:
    d = _distributors(ordered_months_last_3=[3, 0], skus_stocked=[0, 80])
    assert dist.class_counts(dist.classes(d)).to_dict() == {"A": 1, "B": 1, "C": 0, "unclassified": 0}


def test_assess_joins_scores_and_classes() -> None:
    d = _distributors(ordered_months_last_3=[3, 0], skus_stocked=[0, 55], credibility=[1, 5])
    out = dist.assess([d], {"credibility": 1})
    assert out[["distributor_id", "score", "class"]].to_dict("records") == [
        {"distributor_id": "D2", "score": 5.0, "class": "C"},
        {"distributor_id": "D1", "score": 1.0, "class": "A"},
    ]


# -- funnel ------------------------------------------------------------------------------------------
def test_funnel_counts_by_source_and_status() -> None:
    d = pd.DataFrame(
        {
            "source": ["web", "web", "street", "ads", "referral", "referral", "referral", None],
            "status": ["active", "prospect", "active", "ended", "active", "active", "prospect", "active"],
        }
    )
    f = dist.funnel(d)
    counts = f.set_index(["source", "status"])["distributors"]
    assert counts[("web", "active")] == 1
    assert counts[("referral", "active")] == 2
    assert counts[("registry", "prospect")] == 0  # every combination listed
    assert counts[("unknown", "active")] == 1
    assert f["distributors"].sum() == len(d)
    assert f.drop_duplicates("source").set_index("source")["channel"].to_dict() == {
        "web": "active",
        "registry": "active",
        "street": "active",
        "ads": "passive",
        "trade_show": "passive",
        "referral": "passive",
        "unknown": "unknown",
    }
    assert f.loc[(f.source == "referral") & (f.status == "active"), "share_of_source"].item() == pytest.approx(2 / 3)
    by_channel = dist.funnel_by_channel(f).set_index("channel")
    assert by_channel.loc["active", ["distributors", "active"]].tolist() == [3, 2]
    assert by_channel.loc["passive", ["distributors", "active"]].tolist() == [4, 2]


def test_funnel_figure_groups_sources_under_their_channel() -> None:
    d = pd.DataFrame({"source": ["web", "ads"], "status": ["active", "prospect"]})
    fig = dist.funnel_figure(dist.funnel(d), "en")
    assert [trace.name for trace in fig.data] == ["Prospect", "Active", "Ended"]
    channels, sources = fig.data[0].x
    assert list(channels) == ["Active search"] * 3 + ["Passive (inbound)"] * 3
    assert sources[0] == "Web search"


# -- coverage ----------------------------------------------------------------------------------------
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
        {
            "distributor_id": ["D1", "D2", "D3", "P1"],
            "region_id": "c1",
            "status": ["active", "active", "ended", "prospect"],
        }
    )
    distributors.loc[3, "region_id"] = "c4"
    out = dist.coverage(territories, scored, distributors).set_index("region_id")
    assert out.loc["c1", ["distributors", "distributor_ids", "status"]].tolist() == [2, "D1, D2", "shared"]
    assert out.loc["c2", "status"] == "gap"  # its only distributor has ended
    assert out.loc["c3", "status"] == "one"
    assert out.loc["c4", ["status", "prospects"]].tolist() == ["gap", 1]
    assert out.loc["c5", "status"] == "uncovered"  # on hold: not a gap
    assert out.loc["c6", "status"] == "uncovered"  # tier C: not a gap
    assert out.index[:2].tolist() == ["c4", "c2"]  # gaps first, best score first


def test_coverage_figure_is_one_offline_choropleth_trace() -> None:
    counties = boundaries.load_regions("county").head(3)[["region_id", "name", "name_en"]]
    frame = counties.assign(status=["gap", "one", None], distributor_ids=["", "D1", None], tier=["A", "C", None])
    fig = dist.coverage_figure(frame, "zh", {"D1": "南宁某商贸"})
    assert len(fig.data) == 1
    trace = fig.data[0]
    assert trace.type == "choropleth" and list(trace.z) == [3, 1, 0]
    assert len(trace.geojson["features"]) == 3
    assert "南宁某商贸" in trace.hovertext[1]
    assert fig.layout.geo.visible is False


# -- cross-territory selling -------------------------------------------------------------------------
def _conflict_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    territories = pd.DataFrame(
        {"distributor_id": ["D1", "D1", "D2", "D3", "D4"], "region_id": ["a", "b", "x", "m", "q"]}
    )
    rows = [
        ("a", "2026-10", 95, "D1"),
        ("c", "2026-10", 3, "D1"),  # 3 / 98 = 3.06 % > 3 %
        ("x", "2026-10", 200, "D2"),
        ("y", "2026-10", 5, "D2"),  # 2.4 %, but 5 units in one foreign county in a month
        ("m", "2026-10", 100, "D3"),
        ("n", "2026-10", 2, "D3"),  # 1.96 %, 2 units: watch only
        ("q", "2026-10", 50, "D4"),  # never outside
        ("z", "2026-10", 40, ""),  # no distributor: never flagged
        ("n", "2026-08", 50, "D4"),  # outside, but before a 1-month window
    ]
    sales = pd.DataFrame(rows, columns=["region_id", "month", "units", "distributor_id"])
    return sales, territories


def test_cross_territory_rate_and_burst_rules() -> None:
    sales, territories = _conflict_frames()
    out = dist.cross_territory_flags(sales, territories, months=1).set_index("distributor_id")
    assert out.index.tolist() == ["D2", "D1", "D3"]  # flagged first, by units outside
    assert out.loc["D1", ["flagged_units", "units", "rate_rule", "burst_rule", "flagged"]].tolist() == [
        3,
        98,
        True,
        False,
        True,
    ]
    assert out.loc["D1", "rate"] == pytest.approx(3 / 98)
    assert out.loc["D2", ["rate_rule", "burst_rule", "flagged", "top_region_id", "top_units"]].tolist() == [
        False,
        True,
        True,
        "y",
        5,
    ]
    assert not out.loc["D3", "flagged"]
    assert out.loc["D1", "explanation"] == (
        "In the last 1 months, 3 of 98 units (3.1%) were sold in 1 counties outside the territory; "
        "share outside 3.1% > 3.0%"
    )
    assert "5 units in y in 2026-10 (≥ 5 in one foreign county in a month)" in out.loc["D2", "explanation"]
    assert "below the alert lines" in out.loc["D3", "explanation"]


def test_cross_territory_window_and_names() -> None:
    sales, territories = _conflict_frames()
    out = dist.cross_territory_flags(sales, territories, months=3, region_names={"n": "某县"}, lang="zh")
    d4 = out.set_index("distributor_id").loc["D4"]
    assert d4["flagged_units"] == 50 and d4["flagged"]
    assert "2026-08 在某县售出 50 台" in d4["explanation"]


def test_no_cross_territory_sales_gives_an_empty_table() -> None:
    sales, territories = _conflict_frames()
    inside = sales[sales["region_id"].isin(["a", "x", "m", "q"])]
    out = dist.cross_territory_flags(inside, territories)
    assert out.empty and "explanation" in out.columns


def test_flags_touching_a_province() -> None:
    flags = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "foreign_regions": ["450102", "110101", "110102"]})
    seats = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "region_id": ["110105", "450103", "110106"]})
    assert dist.touching_province(flags, seats, "450000")["distributor_id"].tolist() == ["D1", "D2"]
    assert len(dist.touching_province(flags, seats, "")) == 3


# -- price cutting -----------------------------------------------------------------------------------
def _price_sales(prices, units=1) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_id": [f"4501{i:02d}" for i in range(len(prices))],
            "month": "2026-10",
            "units": units,
            "revenue": [p * units for p in prices],
            "product": "X1",
            "distributor_id": "",
        }
    )


def test_mad_example_of_methods_8() -> None:
    out = dist.price_flags_from_sales(_price_sales(MAD_PRICES)).set_index("region_id")
    scores = out.loc[[f"4501{i:02d}" for i in range(8)], "mad_score"].tolist()
    assert scores == [0.2, -2.0, 2.5, 0.2, -0.65, -40.22, 0.7, -0.2]
    assert out.index[out["flagged"]].tolist() == ["450105"]
    assert out.loc["450105", "peer_median"] == 2994.5
    assert not out.loc["450105", "below_floor"]  # no floor given
    assert out.loc["450105", "explanation"] == (
        "Unit price ¥2,100: 29.9% below the median ¥2,994.5 of 8 counties "
        "(same product, province and month), robust z -40.22 < -3.5"
    )


def test_price_floor_flags_the_same_row() -> None:
    out = dist.price_flags_from_sales(_price_sales(MAD_PRICES), {"X1": 2800})
    flagged = out[out["flagged"]]
    assert flagged["region_id"].tolist() == ["450105"]
    assert flagged[["below_floor", "outlier"]].iloc[0].tolist() == [True, True]
    assert flagged["explanation"].iloc[0].startswith("Unit price ¥2,100: below the floor ¥2,800; 29.9% below")


def test_unit_price_is_revenue_over_units_of_all_rows() -> None:
    sales = _price_sales(MAD_PRICES, units=2)
    sales = pd.concat([sales, sales.head(1).assign(units=2, revenue=2 * 2899.0, distributor_id="D9")])
    out = dist.price_flags_from_sales(sales).set_index("region_id")
    assert out.loc["450100", ["units", "price"]].tolist() == [4, pytest.approx(2949.0)]


def test_too_few_peers_check_the_floor_only() -> None:
    out = dist.price_flags_from_sales(_price_sales(MAD_PRICES[3:]), {"X1": 2000})  # 5 counties
    assert not out["outlier"].any() and not out["flagged"].any()
    assert (out["peers"] == 5).all()


def test_zero_unit_rows_have_no_price() -> None:
    sales = _price_sales(MAD_PRICES).assign(units=[1] * 7 + [0])
    assert len(dist.price_flags_from_sales(sales)) == 7


# -- the page ----------------------------------------------------------------------------------------
def _page(lang: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    return at.switch_page("pages/distributors.py").run()


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize(
    ("lang", "title", "cr", "funnel_axis"),
    [("zh", "经销商", "一致性比率 CR", "主动搜寻"), ("en", "Distributors", "Consistency ratio CR", "Active search")],
    ids=["zh", "en"],
)
def test_page_shows_scorecard_funnel_coverage_and_flags(lang, title, cr, funnel_axis, store_dir) -> None:
    at = _page(lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[cr] == "0.002"
    funnel, coverage = _specs(at)
    assert [trace["type"] for trace in funnel["data"]] == ["bar"] * 3
    assert funnel["data"][0]["x"][0][0] == funnel_axis
    trace = coverage["data"][0]
    assert trace["type"] == "choropleth" and len(coverage["data"]) == 1
    assert len(trace["locations"]) == len(boundaries.load_regions("county"))  # every county of China
    assert set(trace["z"]) <= {0, 1, 2, 3} and 3 in trace["z"]  # high-tier gaps are drawn
    assert len(at.success) >= 1  # the demo data credit no sale outside a territory: said, not hidden
    assert at.get("download_button")


def test_page_follows_the_province_filter_and_warns_on_inconsistent_ahp(store_dir) -> None:
    at = _page("en", province="450000")
    guangxi = boundaries.load_regions("county").query("province_id == '450000'")
    assert len(_specs(at)[1]["data"][0]["locations"]) == len(guangxi)
    at.selectbox(key="dist_ahp_credibility_philosophy_en").set_value("9")
    at.selectbox(key="dist_ahp_philosophy_finance_en").set_value("9")
    at.selectbox(key="dist_ahp_credibility_finance_en").set_value("1/9").run()
    assert not at.exception
    assert any("contradict" in w.value for w in at.warning)

    at.radio(key="dist_mode_en").set_value("hand").run()
    for name in dist.CRITERIA[1:]:
        at.slider(key=f"dist_w_{name}_en").set_value(0)
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Decision-maker credibility"] == "100.0%"
    assert "Consistency ratio CR" not in metrics

    at.session_state["lang"] = "zh"  # the choices survive the language switch
    at.run()
    assert not at.exception
    assert at.radio(key="dist_mode_zh").value == "hand"
    assert at.slider(key="dist_w_philosophy_zh").value == 0
    assert {m.label: m.value for m in at.metric}["决策人信誉"] == "100.0%"
