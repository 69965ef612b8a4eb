"""Quantile, threshold and Pareto tiers, hysteresis, distributor classes and tier stability (METHODS.md §3)."""

from functools import partial

import numpy as np
import pandas as pd
import pytest

from analysis.methods.tiers import (
    TIER_COLUMNS,
    banded_tier,
    classify_distributors,
    distributor_class,
    pareto_tiers,
    quantile_tiers,
    threshold_tiers,
    tier_stability,
)

PARETO_VALUES = [27_000, 24_000, 18_000, 16_000, 6_000, 5_000, 4_000]
COVERAGE_BY_MONTH = [0.72, 0.68, 0.71, 0.66, 0.64]


def test_quantile_tiers_splits_20_30_50():
    scores = pd.Series(np.arange(10, 0, -1) / 10, index=[f"r{i}" for i in range(10)])
    out = quantile_tiers(scores)
    assert list(out.columns) == TIER_COLUMNS
    assert list(out.index) == list(scores.index)
    assert "".join(out["tier"]) == "AABBBCCCCC"
    assert out["threshold"].tolist() == pytest.approx([0.9] * 2 + [0.6] * 3 + [0.6] * 5)
    assert out.loc["r1", "rule"] == "quantile.A"


def test_quantile_tiers_ties_share_a_tier_whatever_the_order():
    scores = pd.Series([0.5, 0.9, 0.9, 0.1, 0.2])
    out = quantile_tiers(scores)
    assert out["tier"].tolist() == ["B", "A", "A", "C", "C"]
    reordered = quantile_tiers(scores.iloc[::-1])
    pd.testing.assert_frame_equal(reordered.sort_index(), out)


def test_quantile_tiers_missing_scores():
    out = quantile_tiers(pd.Series([np.nan, 0.3]))
    assert out.loc[0, "rule"] == "none"
    assert pd.isna(out.loc[0, "tier"])
    assert out.loc[1, "tier"] == "A"


def test_quantile_tiers_rejects_shares_over_one():
    with pytest.raises(ValueError):
        quantile_tiers(pd.Series([1.0]), a_share=0.6, b_share=0.5)


@pytest.mark.parametrize(
    ("score", "tier", "threshold", "rule"),
    [
        (0.82, "A", 0.70, "threshold.A"),
        (0.70, "A", 0.70, "threshold.A"),
        (0.55, "B", 0.50, "threshold.B"),
        (0.30, "C", 0.50, "threshold.C"),
        (np.nan, np.nan, np.nan, "none"),
    ],
)
def test_threshold_tiers(score, tier, threshold, rule):
    row = threshold_tiers(pd.Series([score]), a_min=0.70, b_min=0.50).iloc[0]
    assert row["tier"] == tier or (pd.isna(tier) and pd.isna(row["tier"]))
    assert row["threshold"] == pytest.approx(threshold, nan_ok=True)
    assert row["rule"] == rule


@pytest.mark.parametrize(("convention", "expected"), [("R1", "AAABBCC"), ("R2", "AAAABBC")])
def test_pareto_tiers_known_answer(convention, expected):
    out = pareto_tiers(PARETO_VALUES, a=0.80, b=0.95, convention=convention)
    assert "".join(out["tier"]) == expected


def test_pareto_tiers_keep_input_order_and_report_cumulative_share():
    shuffled = pd.Series(PARETO_VALUES[::-1], index=list("gfedcba"))
    out = pareto_tiers(shuffled)
    assert "".join(out["tier"]) == "CCBBAAA"
    assert out.loc["d", "value"] == pytest.approx(0.85)
    assert out.loc["d", "rule"] == "pareto.R1.B"


def test_pareto_r1_can_leave_a_empty_where_r2_does_not():
    assert pareto_tiers([85, 10, 5], convention="R1")["tier"].tolist() == ["B", "B", "C"]
    assert pareto_tiers([85, 10, 5], convention="R2")["tier"].tolist() == ["A", "B", "C"]


def test_pareto_tiers_edge_cases():
    assert pd.isna(pareto_tiers([10, np.nan])["tier"][1])
    assert pareto_tiers([0, 0])["tier"].tolist() == ["C", "C"]
    with pytest.raises(ValueError, match="negative"):
        pareto_tiers([5, -1])
    with pytest.raises(ValueError, match="convention"):
        pareto_tiers([5], convention="R3")


@pytest.mark.parametrize(("demote", "expected"), [(0.70, "BCBCC"), (0.65, "BBBBC")])
def test_banded_tier_known_answer(demote, expected):
    assert "".join(banded_tier(COVERAGE_BY_MONTH, promote=0.70, demote=demote)) == expected


def test_banded_tier_missing_period_keeps_the_tier():
    out = banded_tier(pd.Series([np.nan, 0.72, np.nan, 0.60], index=list("abcd")))
    assert pd.isna(out["a"])
    assert out[["b", "c", "d"]].tolist() == ["B", "B", "C"]


@pytest.mark.parametrize(
    ("ordered", "stocked", "total", "previous", "expected"),
    [
        (3, 5, 25, None, "A"),
        (2, 18, 25, None, "B"),
        (2, 17, 25, None, "C"),
        (2, 17, 25, "B", "B"),
        (2, 16, 25, "B", "C"),
        (2, 17, 25, "A", "B"),
        (1, 12, 25, None, "unclassified"),
        (1, 12, 25, "C", "C"),
        (1, 11, 25, "C", "unclassified"),
        (1, 12, 25, "unclassified", "unclassified"),
        (3, 0, 0, None, "A"),
        (0, 0, 0, "B", "unclassified"),
    ],
)
def test_distributor_class_rules(ordered, stocked, total, previous, expected):
    assert distributor_class(ordered, stocked, total, previous_class=previous)[0] == expected


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        ((1, 18, 25), "class.B"),
        (([True, False, True], 18, 25), "class.B"),
        ((3, 1, 25), "class.A"),
        ((0, 14, 25), "class.C"),
        ((0, 10, 25), "class.unclassified"),
        ((0, 10, 0), "class.no_range"),
        ((1, 17, 25, "B"), "class.B"),
    ],
)
def test_distributor_class_rule_text(args, rule):
    assert distributor_class(*args)[1] == rule


def test_classify_distributors_matches_the_scalar_rule():
    frame = pd.DataFrame(
        {
            "ordered_months_last_3": [3, 2, 2, 1, 0],
            "skus_stocked": [5, 18, 17, 12, 3],
            "skus_total": [25, 25, 25, 25, 0],
            "previous": ["B", None, "B", np.nan, "C"],
        },
        index=list("vwxyz"),
    )
    before = frame.copy()
    out = classify_distributors(frame, previous_col="previous")
    assert list(out.columns) == ["class", "rule"]
    assert list(out.index) == list("vwxyz")
    expected = [
        distributor_class(*row, previous_class=p if isinstance(p, str) else None)
        for *row, p in frame.itertuples(index=False)
    ]
    assert list(zip(out["class"], out["rule"], strict=True)) == expected
    pd.testing.assert_frame_equal(frame, before)


def test_classify_distributors_rejects_unknown_previous_class():
    frame = pd.DataFrame({"ordered_months_last_3": [1], "skus_stocked": [3], "skus_total": [5], "prev": ["b"]})
    with pytest.raises(ValueError, match=r"prev has unknown classes \['b'\]"):
        classify_distributors(frame, previous_col="prev")


def test_classify_distributors_names_missing_column():
    with pytest.raises(ValueError, match="skus_total"):
        classify_distributors(pd.DataFrame({"ordered_months_last_3": [1], "skus_stocked": [3]}))


@pytest.fixture
def criteria():
    return pd.DataFrame({"a": [0.9, 0.1, 0.3, np.nan, np.nan], "b": [0.1, 0.8, 0.3, 0.5, np.nan]}, index=list("pqrst"))


def test_tier_stability_flags_near_ties(criteria):
    out = tier_stability(criteria, {"a": 0.5, "b": 0.5}, quantile_tiers, draws=200)
    assert out.name == "stability"
    assert list(out.index) == list("pqrst")
    assert 0 < out["p"] < 1
    assert out["r"] == 1.0
    assert np.isnan(out["t"])


def test_tier_stability_without_spread_is_one(criteria):
    out = tier_stability(criteria, {"a": 1, "b": 2}, quantile_tiers, draws=20, spread=0.0)
    assert out.dropna().eq(1.0).all()


def test_tier_stability_is_reproducible_and_accepts_label_functions(criteria):
    labels = partial(threshold_tiers, a_min=0.5, b_min=0.3)
    first = tier_stability(criteria, {"a": 1, "b": 1}, labels, draws=50, seed=7)
    pd.testing.assert_series_equal(first, tier_stability(criteria, {"a": 1, "b": 1}, labels, draws=50, seed=7))
    as_series = tier_stability(criteria, {"a": 1, "b": 1}, lambda s: labels(s)["tier"], draws=50, seed=7)
    pd.testing.assert_series_equal(first, as_series)


@pytest.mark.parametrize(
    "tier_fn",
    [quantile_tiers, partial(quantile_tiers, a_share=0.1, b_share=0.5), partial(threshold_tiers, a_min=0.6, b_min=0.4)],
)
def test_tier_stability_all_draws_at_once_equals_one_draw_at_a_time(tier_fn) -> None:
    rng = np.random.default_rng(3)
    criteria = pd.DataFrame(rng.uniform(size=(300, 3)), columns=["a", "b", "c"])
    criteria.iloc[::7, 1] = np.nan  # missing criteria re-normalised, as in weighted_scores
    criteria.iloc[5] = np.nan  # a region without a score
    criteria.iloc[10:20, 0] = 0.5  # ties
    weights = {"a": 0.5, "b": 0.3, "c": 0.2}
    fast = tier_stability(criteria, weights, tier_fn, draws=60, spread=0.2)
    slow = tier_stability(criteria, weights, lambda s: tier_fn(s), draws=60, spread=0.2)  # not a partial: per draw
    pd.testing.assert_series_equal(fast, slow)
    assert np.isnan(fast.iloc[5]) and fast.notna().sum() == 299
