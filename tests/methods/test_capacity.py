"""Capacity chain, new-housing demand and BPI against METHODS.md §1."""

from dataclasses import FrozenInstanceError, replace

import numpy as np
import pandas as pd
import pytest

from analysis.methods.capacity import (
    ASSUMPTION_PRESETS,
    CapacityAssumptions,
    bpi,
    housing_demand,
    new_units_from_floor_area,
    replacement_units,
    upgrade_units,
)


def test_replacement_units_known_answer():
    units = replacement_units(1_200_000, 0.35, 8)
    assert units == pytest.approx(52_500)
    assert units * 2_500 == pytest.approx(131.25e6)


def test_replacement_units_vectorised_keeps_series_index():
    households = pd.Series([1_200_000, 400_000], index=["sh", "nj"])
    out = replacement_units(households, 0.35, pd.Series([8.0, 10.0], index=["sh", "nj"]))
    pd.testing.assert_series_equal(out, pd.Series([52_500.0, 14_000.0], index=["sh", "nj"]))
    np.testing.assert_allclose(replacement_units(np.array([800, 1600]), 0.5, 4), [100, 200])


@pytest.mark.parametrize("life", [0, -1, np.array([8, 0])])
def test_replacement_units_rejects_non_positive_life(life):
    with pytest.raises(ValueError, match="life_years"):
        replacement_units(1000, 0.3, life)


@pytest.mark.parametrize(
    ("penetration", "penetration_next", "expected"),
    [(0.35, 0.37, 24_000), (0.35, 0.35, 0), (0.37, 0.35, 0)],
)
def test_upgrade_units(penetration, penetration_next, expected):
    assert upgrade_units(1_200_000, penetration, penetration_next) == pytest.approx(expected)


def test_housing_demand_known_answer():
    units = new_units_from_floor_area(np.array([3.0e6, 2.4e6, 1.8e6]), 100.0)
    np.testing.assert_allclose(units, [30_000, 24_000, 18_000])
    np.testing.assert_allclose(housing_demand(units, 0.9, 0.3), [4_050, 5_670, 5_994])


def test_housing_demand_accepts_series_and_leaves_it_alone():
    units = pd.Series([30_000.0, 24_000.0, 18_000.0])
    before = units.copy()
    out = housing_demand(units, 0.9, 0.3, lag_profile=[1.0])
    np.testing.assert_allclose(out, [8_100, 6_480, 4_860])
    pd.testing.assert_series_equal(units, before)


def test_housing_demand_empty_input():
    assert housing_demand([], 0.9, 0.3).size == 0


@pytest.mark.parametrize("lags", [(0.5, 0.3), (0.6, 0.6, -0.2), ()])
def test_housing_demand_rejects_bad_lag_profile(lags):
    with pytest.raises(ValueError, match="lag_profile"):
        housing_demand([1, 2, 3], 0.9, 0.3, lag_profile=lags)


def test_bpi_known_answer():
    frame = pd.DataFrame(
        {"income": [120, 60, 20], "retail": [80, 50, 20], "pop": [300, 250, 150]}, index=["X", "Y", "Z"]
    )
    out = bpi(frame["income"], frame["retail"], frame["pop"])
    assert out.name == "bpi"
    assert list(out.index) == ["X", "Y", "Z"]
    assert out.tolist() == pytest.approx([54.571, 32.143, 13.286], abs=5e-4)
    assert out.sum() == pytest.approx(100)
    assert out["X"] / 100 * 100_000 == pytest.approx(54_571, abs=1)


def test_bpi_within_groups_sums_to_100_per_group():
    out = bpi([120, 60, 20, 5, 5], [80, 50, 20, 1, 3], [300, 250, 150, 2, 2], groups=["p", "p", "p", "q", "q"])
    assert out[:3].tolist() == pytest.approx([54.571, 32.143, 13.286], abs=5e-4)
    assert out[3:].sum() == pytest.approx(100)


def test_bpi_weights_are_rescaled():
    plain = bpi([1, 3], [2, 2], [5, 5])
    doubled = bpi([1, 3], [2, 2], [5, 5], weights=(1.0, 0.6, 0.4))
    pd.testing.assert_series_equal(plain, doubled)


def test_bpi_zero_factor_total_gives_nan():
    assert bpi([1, 3], [0, 0], [5, 5]).isna().all()


def test_assumptions_defaults_and_frozen():
    a = CapacityAssumptions()
    assert (a.penetration, a.penetration_next, a.life_years) == (0.35, 0.37, 8.0)
    assert (a.fitout_rate, a.attach_rate, a.lag_profile, a.avg_unit_m2) == (0.9, 0.30, (0.5, 0.3, 0.2), 100.0)
    with pytest.raises(FrozenInstanceError):
        a.penetration = 0.5
    assert hash(a) == hash(CapacityAssumptions())
    assert replace(a, lag_profile=[1.0]).lag_profile == (1.0,)


@pytest.mark.parametrize(
    "change", [{"penetration": 1.2}, {"life_years": 0}, {"attach_rate": -0.1}, {"lag_profile": (0.5, 0.4)}]
)
def test_assumptions_reject_impossible_values(change):
    with pytest.raises(ValueError):
        CapacityAssumptions(**change)


def test_presets_cover_the_categories_and_differ():
    assert set(ASSUMPTION_PRESETS) == {"water_purifier", "water_heater", "water_softener"}
    penetrations = {p.penetration for p in ASSUMPTION_PRESETS.values()}
    lives = {p.life_years for p in ASSUMPTION_PRESETS.values()}
    assert len(penetrations) == 3
    assert len(lives) == 3
