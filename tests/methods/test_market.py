"""Implied units, shares, HHI, whitespace and price anomalies against METHODS.md §5 and §8."""

import numpy as np
import pandas as pd
import pytest

from analysis.methods.market import (
    HHI_BANDS_2010,
    HHI_BANDS_2023,
    concentration,
    hhi,
    hhi_band,
    hhi_by_region,
    implied_units,
    leader_share,
    mad_scores,
    penetration_index,
    price_flags,
    shares,
    whitespace_units,
)

PRICES = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]


@pytest.fixture
def territory():
    """METHODS.md §5: five brands in one territory, revenue in yuan."""
    return pd.DataFrame(
        {
            "region": "t1",
            "brand": ["ours", "b", "c", "d", "e"],
            "revenue": [45e6, 30e6, 15e6, 6e6, 4e6],
            "avg_price": [3000, 2500, 2000, 1500, 2000],
        }
    )


@pytest.mark.parametrize(
    ("shares_", "expected"), [([30, 30, 20, 20], 2600), ([0.3, 0.3, 0.2, 0.2], 2600), ([100], 10_000)]
)
def test_hhi_known_answers(shares_, expected):
    assert hhi(shares_) == pytest.approx(expected)


def test_hhi_explicit_scale():
    assert hhi([0.5, 0.5], scale="percent") == pytest.approx(0.5)
    with pytest.raises(ValueError, match="scale"):
        hhi([1], scale="ratio")


def test_territory_example(territory):
    units = implied_units(territory["revenue"], territory["avg_price"])
    assert units.tolist() == [15_000, 12_000, 7_500, 4_000, 2_000]
    assert units.sum() == 40_500
    with_units = territory.assign(units=units)
    assert hhi_by_region(with_units, "region", "revenue")["t1"] == pytest.approx(3202)
    assert hhi_by_region(with_units, "region", "units")["t1"] == pytest.approx(2714.5, abs=0.05)
    assert whitespace_units(52_500, units.sum()) == 12_000
    assert 1 - penetration_index(units.sum(), 52_500) == pytest.approx(0.229, abs=5e-4)
    merged = hhi([75, 15, 6, 4])  # the top two firms merged
    assert merged - hhi([45, 30, 15, 6, 4]) == pytest.approx(2 * 45 * 30)


def test_implied_units_prefers_reported_units_and_guards_prices():
    out = implied_units(
        np.array([100.0, 100.0, 100.0]), np.array([10.0, 0.0, 10.0]), units=np.array([np.nan, np.nan, 7])
    )
    assert out.tolist() == pytest.approx([10, np.nan, 7], nan_ok=True)
    assert implied_units(50, 10) == 5


def test_implied_units_rejects_misaligned_series():
    with pytest.raises(ValueError, match="index"):
        implied_units(pd.Series([1.0], index=["a"]), pd.Series([1.0], index=["b"]))


def test_shares_within_group_and_overall():
    frame = pd.DataFrame({"region": ["a", "a", "b", "c"], "revenue": [30.0, 10.0, 5.0, 0.0]})
    assert shares(frame, "region", "revenue").tolist() == pytest.approx([0.75, 0.25, 1.0, np.nan], nan_ok=True)
    assert shares(frame, None, "revenue").sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="units"):
        shares(frame, "region", "units")


def test_hhi_by_region_sums_rows_of_a_firm_and_handles_zero_totals():
    frame = pd.DataFrame(
        {
            "region": ["a", "a", "a", "b", "c"],
            "firm": ["x", "x", "y", "x", "x"],
            "units": [10.0, 20.0, 30.0, 5.0, 0.0],
        }
    )
    by_firm = hhi_by_region(frame, "region", "units", firm_col="firm")
    assert by_firm["a"] == pytest.approx(5000)
    assert by_firm["b"] == pytest.approx(10_000)
    assert np.isnan(by_firm["c"])
    assert leader_share(frame, "region", "units", firm_col="firm")["a"] == pytest.approx(0.5)
    assert leader_share(frame, "region", "units")["a"] == pytest.approx(0.5)


def test_hhi_by_region_rejects_negative_values():
    with pytest.raises(ValueError, match="non-negative"):
        hhi_by_region(pd.DataFrame({"region": ["a"], "units": [-1]}), "region", "units")


@pytest.mark.parametrize(
    ("value", "bands", "label"),
    [
        (1499, HHI_BANDS_2010, "unconcentrated"),
        (1500, HHI_BANDS_2010, "moderate"),
        (2600, HHI_BANDS_2010, "high"),
        (999, HHI_BANDS_2023, "unconcentrated"),
        (1600, HHI_BANDS_2023, "moderate"),
        (2000, HHI_BANDS_2023, "high"),
    ],
)
def test_hhi_band(value, bands, label):
    assert hhi_band(value, bands) == label


def test_hhi_band_series_keeps_missing():
    out = hhi_band(pd.Series([3202.0, np.nan], index=["t1", "t2"]))
    assert out["t1"] == "high"
    assert pd.isna(out["t2"])


def test_mad_scores_known_answer():
    scores = mad_scores(PRICES)
    assert scores.tolist() == pytest.approx([0.20, -2.00, 2.50, 0.20, -0.65, -40.22, 0.70, -0.20], abs=5e-3)
    median = np.median(PRICES)
    assert (median, np.median(np.abs(np.array(PRICES) - median))) == (2994.5, 15)
    assert scores.abs().gt(3.5).tolist() == [False] * 5 + [True, False, False]


def test_mad_scores_falls_back_to_mean_deviation():
    scores = mad_scores(pd.Series([100.0, 100, 100, 100, 80], index=list("abcde")))
    assert scores["e"] == pytest.approx(-20 / (1.253314 * 4))
    assert mad_scores([5, 5, 5]).tolist() == [0, 0, 0]


def test_price_flags_floor_and_outlier_by_group():
    frame = pd.DataFrame(
        {
            "sku": ["X1"] * 8 + ["X2"] * 3,
            "price": [*PRICES, 2100, 2110, 2090],
            "floor": [2800] * 8 + [2000] * 3,
        }
    )
    before = frame.copy()
    out = price_flags(frame, "price", "sku", floor="floor")
    assert out["flagged"].tolist() == [False] * 5 + [True] + [False] * 5
    assert out.loc[5, "reason"] == "price 2100 < floor 2800; robust z -40.22 < -3.5"
    assert out.loc[0, "reason"] == ""
    pd.testing.assert_frame_equal(frame, before)
    assert price_flags(frame, "price", "sku", floor=2800)["below_floor"].sum() == 4


def test_price_flags_side_both_catches_high_outliers():
    frame = pd.DataFrame({"price": [100.0, 101, 99, 100, 400]})
    assert not price_flags(frame, "price", None)["flagged"].any()
    both = price_flags(frame, "price", None, side="both")
    assert both["flagged"].tolist() == [False] * 4 + [True]


def test_price_flags_names_missing_column():
    with pytest.raises(ValueError, match="sku"):
        price_flags(pd.DataFrame({"price": [1.0]}), "price", ["sku"])


def test_concentration_of_groups_by_code() -> None:
    hhi, top, leader = concentration([1, 1, 1, 2], [50.0, 50.0, np.nan, 0.0], 4)
    np.testing.assert_array_equal(hhi, [np.nan, 5_000.0, np.nan, np.nan])  # group 2 sells nothing
    np.testing.assert_array_equal(top, [np.nan, 0.5, np.nan, np.nan])
    assert leader.tolist() == [-1, 0, -1, -1]  # of tied leaders, the first; none without sales


def test_concentration_without_firms() -> None:
    hhi, top, leader = concentration(np.zeros(0, dtype=int), np.zeros(0), 2)
    assert np.isnan(hhi).all() and np.isnan(top).all() and leader.tolist() == [-1, -1]
