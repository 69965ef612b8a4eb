"""Scoring: known answers of METHODS.md §2–3 through score_regions, the gate, tiers, stability, two scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.market.scenarios import EXPANSION_CRITERIA, Criterion, GateRule, Scenario, SellInAssumptions
from analysis.market.scoring import (
    CONTRACT_COLUMNS,
    gate,
    pareto_score_tiers,
    score_regions,
    sell_in_by_tier,
    stability,
    weights_from_ahp,
)


def ScoringConfig(criteria=EXPANSION_CRITERIA, **kwargs) -> Scenario:
    """A scenario with only the criteria under test (no push score)."""
    return Scenario(criteria=criteria, push_criteria=(), **kwargs)


# METHODS.md §2.1: four cities, criteria potential / stores / growth, weights .5 / .3 / .2.
X = [[120, 8, 0.30], [80, 5, 0.10], [60, 9, 0.25], [40, 3, 0.05]]
THREE = (Criterion("potential", weight=0.5), Criterion("stores", weight=0.3), Criterion("growth", weight=0.2))
DRINKS = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def _features(values, names=("potential", "stores", "growth"), housing=None, capacity=None) -> pd.DataFrame:
    """A minimal feature table: one region per row of `values`, ids r0, r1, ..."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    frame = pd.DataFrame(values, columns=list(names))
    return frame.assign(
        region_id=[f"r{i}" for i in range(n)],
        name=[f"region {i}" for i in range(n)],
        pipeline_units=np.ones(n) * 100 if housing is None else housing,
        capacity_units=np.full(n, 1000.0) if capacity is None else capacity,
    )


def _by_region(scored: pd.DataFrame, column: str) -> list:
    return scored.set_index("region_id").loc[[f"r{i}" for i in range(len(scored))], column].tolist()


def test_minmax_scores_match_the_worked_example() -> None:
    scored = score_regions(_features(X), ScoringConfig(criteria=THREE))
    np.testing.assert_allclose(_by_region(scored, "score"), [0.950, 0.390, 0.585, 0.000], atol=1e-9)
    assert _by_region(scored, "rank") == [1, 3, 2, 4]


def test_zscore_uses_the_population_sd() -> None:
    scored = score_regions(_features(X), ScoringConfig(criteria=THREE, method="zscore"))
    np.testing.assert_allclose(_by_region(scored, "score"), [1.2233, -0.2182, 0.2379, -1.2430], atol=1e-4)


def test_missing_criterion_renormalises_the_weights_and_lowers_coverage() -> None:
    weights = [0.30, 0.15, 0.25, 0.10, 0.20]
    names = [f"c{i}" for i in range(5)]
    criteria = tuple(Criterion(n, weight=w) for n, w in zip(names, weights, strict=True))
    config = ScoringConfig(criteria=criteria, goalposts={n: (0, 10) for n in names})
    scored = score_regions(_features([[4, 3, np.nan, 5, 4], [1, 1, 1, 1, 1]], names), config)
    first = scored.set_index("region_id").loc["r0"]
    assert first["score"] * 10 == pytest.approx(3.9333, abs=1e-4)
    assert first["coverage"] == pytest.approx(0.75)
    assert np.isnan(first["contrib_c2"])  # never a silent zero
    assert first[[f"contrib_{n}" for n in names]].sum() == pytest.approx(first["score"])


def test_every_contract_column_and_a_contribution_per_criterion() -> None:
    from analysis.demo import generate_demo
    from analysis.market.features import build_features

    features = build_features(generate_demo(), "city")
    scored = score_regions(features)
    assert [c for c in CONTRACT_COLUMNS if c not in scored.columns] == []
    assert [f"contrib_{c.name}" for c in EXPANSION_CRITERIA] == [c for c in scored.columns if c.startswith("contrib_")]
    assert scored["rank"].tolist() == list(range(1, len(scored) + 1))
    assert set(scored["gate"]) <= {"open", "hold"} and set(scored["tier"]) <= {"A", "B", "C", "hold"}
    contributions = scored.filter(regex="^contrib_").sum(axis=1)
    np.testing.assert_allclose(contributions, scored["score"], atol=1e-12)
    assert scored["our_share"].between(0, 1).all() and scored["hhi"].between(0, 10_000).all()


def test_housing_gate_holds_unserved_regions_without_a_pipeline() -> None:
    features = _features(X, housing=[100, 0, np.nan, 5])
    scored = score_regions(features, ScoringConfig(criteria=THREE)).set_index("region_id")
    assert scored.loc[["r0", "r1", "r2", "r3"], "gate"].tolist() == ["open", "hold", "open", "open"]
    assert scored.loc["r1", "tier"] == "hold" and scored.loc["r1", "planned_units"] == 0
    assert scored.loc["r1", "tier_rule"] == "hold.pipeline" and scored.loc["r1", "gate_reason"] == "pipeline"
    assert scored.loc["r2", "pipeline_flag"] == "unknown"  # no housing data: unknown, not held
    assert scored.loc["r1", "rank"] == 3  # held regions keep their rank by score

    higher = score_regions(features, ScoringConfig(criteria=THREE, gate=GateRule(minimum=10))).set_index("region_id")
    assert higher.loc["r3", "gate"] == "hold"
    strict = score_regions(features, ScoringConfig(criteria=THREE, gate=GateRule(unknown_holds=True)))
    assert strict.set_index("region_id").loc["r2", "tier_rule"] == "hold.unknown"
    off = score_regions(features, ScoringConfig(criteria=THREE, gate=GateRule(enabled=False)))
    assert set(off["gate"]) == {"open"}


def test_a_served_market_is_flagged_not_held_and_the_gate_can_count_per_1000_households() -> None:
    features = _features(X, housing=[0, 0, 30, 30]).assign(
        served=[True, False, False, False], households=[1000.0, 1000.0, 1000.0, 100_000.0]
    )
    features = features.assign(pipeline_per_1000hh=1000 * features["pipeline_units"] / features["households"])
    scored = score_regions(features, ScoringConfig(criteria=THREE)).set_index("region_id")
    assert scored.loc["r0", "gate"] == "open" and scored.loc["r0", "pipeline_flag"] == "drying"
    assert scored.loc["r1", "gate"] == "hold"
    per = ScoringConfig(criteria=THREE, gate=GateRule(minimum=1.0, per_1000_households=True))
    scored = score_regions(features, per).set_index("region_id")
    assert scored.loc[["r2", "r3"], "gate"].tolist() == ["open", "hold"]  # 30 / 1,000 vs 0.3 / 1,000 households


def test_gate_verdicts() -> None:
    f = pd.DataFrame({"pipeline_units": [0.0, 0.0, np.nan, 50.0], "served": [False, True, False, False]})
    verdict = gate(f, Scenario())
    assert verdict.open.tolist() == [False, True, True, True]
    assert verdict.flag.tolist() == ["", "drying", "unknown", ""]


def test_quantile_tier_rule_is_recorded_and_worded_in_both_languages() -> None:
    from analysis.market.explain import tier_reason

    values = [[v] for v in np.linspace(1, 0, 10)]
    scenario = ScoringConfig(criteria=(Criterion("x"),))
    scored = score_regions(_features(values, ["x"]), scenario)
    assert "".join(scored["tier"]) == "AABBBCCCCC"
    assert scored["tier_rule"].tolist()[:3] == ["quantile.A", "quantile.A", "quantile.B"]
    assert scored["tier_threshold"].iloc[0] == pytest.approx(8 / 9)
    b = tier_reason(scored.iloc[2], scored, scenario)
    assert b.render("en") == (
        "Tier B: score 0.778 is in the 30.0% after the top 20.0% (lowest B score 0.556). "
        "0.111 more points would reach tier A."
    )
    assert b.render("zh").startswith("B 档：得分 0.778，位于前 20.0% 之后的 30.0%")


def test_threshold_and_pareto_rules_are_recorded() -> None:
    features = _features([[0.9], [0.5], [0.1]], ["x"], capacity=[700.0, 200.0, 100.0])
    config = ScoringConfig(criteria=(Criterion("x"),), goalposts={"x": (0, 1)}, tier_rule="threshold")
    scored = score_regions(features, config)
    assert scored["tier_rule"].tolist() == ["threshold.A", "threshold.B", "threshold.C"]
    assert (scored["tier_value"] - scored["tier_threshold"]).round(2).tolist() == [0.3, 0.1, -0.3]
    pareto = score_regions(features, ScoringConfig(criteria=(Criterion("x"),), tier_rule="pareto", pareto_b=0.9))
    assert pareto["tier"].tolist() == ["A", "B", "C"]
    assert pareto["tier_rule"].iloc[1] == "pareto.B" and pareto["tier_value"].iloc[1] == pytest.approx(0.9)


def test_pareto_tiers_follow_convention_r1() -> None:
    values = pd.Series([27_000, 24_000, 18_000, 16_000, 6_000, 5_000, 4_000], dtype=float)
    # Score order equal to value order gives the METHODS.md §3.1 example.
    assert "".join(pareto_score_tiers(values, values).tier) == "AAABBCC"
    # In score order, a big region with a low score goes to the tail.
    scores = pd.Series([0.9, 0.8, 0.1])
    assert pareto_score_tiers(scores, pd.Series([10.0, 10.0, 80.0])).tier.tolist() == ["A", "A", "C"]


def test_sell_in_by_tier_uses_range_coverage() -> None:
    values = [[v] for v in np.linspace(1, 0, 10)]
    housing = [100] * 9 + [0]
    sell_in = SellInAssumptions(attainable_share=0.1)
    scored = score_regions(_features(values, ["x"], housing=housing), ScoringConfig((Criterion("x"),), sell_in=sell_in))
    coverage = dict(zip(scored["tier"], scored["range_coverage"], strict=False))
    assert coverage == {"A": 1.0, "B": 0.7, "C": 0.5, "hold": 0.0}
    np.testing.assert_allclose(scored["planned_units"], 1000 * 0.1 * scored["range_coverage"])
    summary = sell_in_by_tier(scored).set_index("tier")
    assert summary["regions"].tolist() == [2, 3, 4, 1, 10]
    assert summary.loc["total", "planned_units"] == pytest.approx(100 * (2 + 0.7 * 3 + 0.5 * 4))


def test_stability_flags_borderline_regions() -> None:
    # r1 and r2 tie on the B/C boundary, so any weight change drops one of them to C; r0 is far ahead.
    features = _features([[1.0, 1.0], [0.6, 0.4], [0.4, 0.6], [0.3, 0.3], [0.0, 0.0]], ["a", "b"])
    features = features.assign(pipeline_units=[100, 100, 100, 100, 0])
    config = ScoringConfig(criteria=(Criterion("a"), Criterion("b")), a_share=0.25, b_share=0.25)
    result = stability(features, config, draws=100, spread=0.3)
    assert list(result.columns) == ["region_id", "keep_share", "borderline"]
    keep = result.set_index("region_id")["keep_share"]
    assert keep["r0"] == 1.0 and np.isnan(keep["r4"])
    assert result.set_index("region_id")["borderline"].tolist() == [False, True, True, False, False]
    assert keep["r1"] + keep["r2"] == pytest.approx(1.0)
    pd.testing.assert_frame_equal(result, stability(features, config, draws=100, spread=0.3))  # seeded


def test_ahp_weights_with_consistency_and_warning() -> None:
    names = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
    drinks = weights_from_ahp(DRINKS, names)
    assert drinks.cr == pytest.approx(0.0223, abs=1e-4) and not drinks.warning
    assert drinks.weights["water"] == pytest.approx(0.3268, abs=1e-4)
    three = weights_from_ahp([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["a", "b", "c"])
    assert [round(w, 4) for w in three.weights.values()] == [0.637, 0.2583, 0.1047]
    assert weights_from_ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], ["a", "b", "c"]).warning
    with pytest.raises(ValueError, match="3×3"):
        weights_from_ahp(np.ones((2, 2)), ["a", "b", "c"])


def test_missing_criterion_column_is_named() -> None:
    with pytest.raises(ValueError, match="whitespace_units"):
        score_regions(_features(X))


# -- properties ------------------------------------------------------------------------------------
values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
maybe_missing = st.one_of(values, st.just(float("nan")))
tables = st.lists(st.tuples(maybe_missing, maybe_missing, values), min_size=2, max_size=12)
weights = st.tuples(*[st.floats(min_value=0.01, max_value=10)] * 3)


def _config(w, method="minmax", directions=("benefit", "cost", "benefit")) -> ScoringConfig:
    names = ("potential", "stores", "growth")
    return ScoringConfig(
        criteria=tuple(Criterion(n, d, x) for n, d, x in zip(names, directions, w, strict=True)), method=method
    )


@settings(max_examples=60, deadline=None)
@given(tables, weights, st.sampled_from(["minmax", "zscore"]))
def test_contributions_add_up_to_the_score(rows, w, method) -> None:
    scored = score_regions(_features(rows), _config(w, method))
    np.testing.assert_allclose(scored.filter(like="contrib_").sum(axis=1), scored["score"], atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(tables, weights, st.floats(min_value=0.01, max_value=1000))
@example(rows=[(np.nan, np.nan, 0.0), (np.nan, 0.0, 0.0)], w=(1.0, 5.0, 1.6820568062301717), factor=0.3)
def test_scaling_all_weights_changes_nothing(rows, w, factor) -> None:
    base = score_regions(_features(rows), _config(w))
    scaled = score_regions(_features(rows), _config([x * factor for x in w]))
    pd.testing.assert_frame_equal(base, scaled, rtol=1e-9)


@settings(max_examples=80, deadline=None)
@given(tables, weights, st.data(), st.sampled_from(["minmax", "zscore"]))
def test_raising_a_benefit_criterion_never_lowers_a_score(rows, w, data, method) -> None:
    i = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    bump = data.draw(st.floats(min_value=0.0, max_value=1e6))
    before = score_regions(_features(rows), _config(w, method)).set_index("region_id")["score"]
    raised = [list(r) for r in rows]
    raised[i][2] += bump  # "growth" is a benefit criterion observed in every row
    after = score_regions(_features(raised), _config(w, method)).set_index("region_id")["score"]
    assert after[f"r{i}"] >= before[f"r{i}"] - 1e-9


# -- the two questions -----------------------------------------------------------------------------
def test_expansion_score_does_not_depend_on_whether_we_sell_there() -> None:
    """A served and an unserved region with equal market figures score alike; only whitespace, which our
    own units take from, may differ, and the tier is the same."""
    from analysis.market.scenarios import PUSH_CRITERIA

    rng = np.random.default_rng(7)
    n = 40
    market = pd.DataFrame(
        {
            "region_id": [f"r{i}" for i in range(n)],
            "capacity_units": rng.uniform(1e3, 1e5, n),
            "pipeline_per_1000hh": rng.uniform(0, 50, n),
            "pipeline_units": rng.uniform(1, 5e3, n),
            "competitor_hhi": rng.uniform(1e3, 9e3, n),
            "competitor_price": rng.uniform(1e3, 4e3, n),
            "income_per_capita": rng.uniform(2e4, 8e4, n),
            "served": False,
            "our_share": np.nan,
            "yoy_growth": np.nan,
            "attainment": np.nan,
        }
    )
    market = market.assign(whitespace_units=market["capacity_units"] * 0.4)
    twin = market.iloc[[5]].assign(region_id="twin", served=True, our_share=0.02, yoy_growth=0.3, attainment=1.2)
    small = 0.02 * market.loc[5, "capacity_units"] * 0.6  # our units, taken out of the whitespace
    twin = twin.assign(whitespace_units=twin["whitespace_units"] - small)
    scenario = Scenario(push_criteria=PUSH_CRITERIA)
    scored = score_regions(pd.concat([market, twin], ignore_index=True), scenario).set_index("region_id")
    assert scored.loc["twin", "score"] == pytest.approx(scored.loc["r5", "score"], abs=0.01)
    assert scored.loc["twin", "tier"] == scored.loc["r5", "tier"]
    assert np.isnan(scored.loc["r5", "push_score"]) and not np.isnan(scored.loc["twin", "push_score"])
    same = pd.concat([market, twin.assign(whitespace_units=market.loc[5, "whitespace_units"])], ignore_index=True)
    equal = score_regions(same, scenario).set_index("region_id")
    assert equal.loc["twin", "score"] == pytest.approx(equal.loc["r5", "score"], abs=1e-12)


def test_no_competitor_data_leaves_hhi_out_of_the_weights() -> None:
    features = _features([[1.0, np.nan], [0.5, np.nan], [0.0, np.nan]], ["capacity_units", "competitor_hhi"])
    criteria = (Criterion("capacity_units", weight=0.5), Criterion("competitor_hhi", "cost", 0.5))
    scenario = ScoringConfig(criteria=criteria)
    scored = score_regions(features, scenario)
    assert scored["coverage"].eq(0.5).all()  # half the weight observed, never a silent zero or a perfect HHI
    assert scored["contrib_competitor_hhi"].isna().all()
