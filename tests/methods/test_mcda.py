"""Normalisation, weighted scores, AHP and TOPSIS against METHODS.md §2."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.methods.mcda import (
    ahp_matrix_from_upper,
    ahp_weights,
    normalise,
    normalise_weights,
    topsis,
    weighted_scores,
)

WEIGHTS = {"potential": 0.5, "stores": 0.3, "growth": 0.2}

DRINKS = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
SAATY_SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]


@pytest.fixture
def cities():
    return pd.DataFrame(
        {"potential": [120, 80, 60, 40], "stores": [8, 5, 9, 3], "growth": [0.30, 0.10, 0.25, 0.05]},
        index=["c1", "c2", "c3", "c4"],
    )


def _normalised(frame, **kwargs):
    return frame.apply(lambda col: normalise(col, **kwargs))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"method": "minmax"}, [0.950, 0.390, 0.585, 0.000]),
        ({"method": "zscore", "ddof": 0}, [1.2233, -0.2182, 0.2379, -1.2430]),
        ({"method": "zscore", "ddof": 1}, [1.0594, -0.1890, 0.2060, -1.0764]),
    ],
)
def test_weighted_scores_known_answers(cities, kwargs, expected):
    out = weighted_scores(_normalised(cities, **kwargs), WEIGHTS)
    assert out["score"].tolist() == pytest.approx(expected, abs=5e-4)
    assert out["coverage"].tolist() == pytest.approx([1, 1, 1, 1])
    assert list(out.index) == list(cities.index)


def test_missing_criterion_renormalises_weights():
    frame = pd.DataFrame([[4, 3, np.nan, 5, 4]], columns=list("abcde"))
    out = weighted_scores(frame, dict(zip("abcde", [0.30, 0.15, 0.25, 0.10, 0.20], strict=True)))
    assert out.loc[0, "score"] == pytest.approx(3.9333, abs=5e-5)
    assert out.loc[0, "coverage"] == pytest.approx(0.75)
    assert np.isnan(out.loc[0, "contrib_c"])
    assert out.filter(like="contrib_").sum(axis=1)[0] == pytest.approx(out.loc[0, "score"])


def test_row_with_nothing_observed_has_no_score():
    frame = pd.DataFrame({"a": [np.nan, 1.0], "b": [np.nan, 0.0]})
    out = weighted_scores(frame, {"a": 1, "b": 1})
    assert np.isnan(out.loc[0, "score"])
    assert out.loc[0, "coverage"] == 0


def test_weighted_scores_columns_and_no_mutation(cities):
    normalised = _normalised(cities)
    before = normalised.copy()
    out = weighted_scores(normalised, WEIGHTS)
    assert list(out.columns) == ["score", "coverage", "contrib_potential", "contrib_stores", "contrib_growth"]
    pd.testing.assert_frame_equal(normalised, before)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ({"potential": 1, "shops": 1}, "shops"),
        ({"potential": -1, "stores": 2}, "non-negative"),
        ({"stores": 0}, "zero"),
    ],
)
def test_weighted_scores_rejects_bad_weights(cities, weights, match):
    with pytest.raises(ValueError, match=match):
        weighted_scores(cities, weights)


@pytest.mark.parametrize(
    ("x", "kwargs", "expected"),
    [
        ([120, 80, 60, 40], {}, [1, 0.5, 0.25, 0]),
        ([120, 80, 60, 40], {"direction": "cost"}, [0, 0.5, 0.75, 1]),
        ([5, 50, 150], {"goalposts": (0, 100)}, [0.05, 0.5, 1.0]),
        ([5, 50, 150], {"goalposts": (0, 100), "direction": "cost"}, [0.95, 0.5, 0.0]),
        ([7, 7, np.nan], {}, [0.5, 0.5, np.nan]),
        ([7, 7, 7], {"method": "zscore"}, [0, 0, 0]),
        ([1, 2, 3], {"method": "zscore"}, [-1.2247, 0, 1.2247]),
        ([1, 2, 3], {"method": "zscore", "ddof": 1}, [-1, 0, 1]),
        ([1, 2, 3], {"method": "zscore", "direction": "cost", "ddof": 1}, [1, 0, -1]),
    ],
)
def test_normalise(x, kwargs, expected):
    assert normalise(x, **kwargs).tolist() == pytest.approx(expected, abs=1e-4, nan_ok=True)


def test_normalise_keeps_series_index_and_name():
    x = pd.Series([3, 1], index=["a", "b"], name="stores")
    out = normalise(x)
    assert out.name == "stores"
    assert list(out.index) == ["a", "b"]
    assert x.tolist() == [3, 1]


@pytest.mark.parametrize(
    "kwargs",
    [{"method": "rank"}, {"direction": "up"}, {"goalposts": (5, 5)}, {"method": "zscore", "goalposts": (0, 1)}],
)
def test_normalise_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        normalise([1, 2, 3], **kwargs)


def test_normalise_weights_accepts_sequences():
    assert normalise_weights([1, 1, 2]).tolist() == [0.25, 0.25, 0.5]


def test_ahp_saaty_drinks():
    result = ahp_weights(DRINKS)
    expected = [0.1775, 0.0191, 0.0418, 0.1164, 0.1896, 0.1288, 0.3268]
    assert result.weights.tolist() == pytest.approx(expected, abs=5e-5)
    assert result.lambda_max == pytest.approx(7.1766, abs=5e-5)
    assert result.ci == pytest.approx(0.02944, abs=5e-6)
    assert result.cr == pytest.approx(0.0223, abs=5e-5)
    assert result.consistent


def test_ahp_three_by_three_matches_geometric_mean():
    matrix = ahp_matrix_from_upper([3, 5, 3], 3)
    result = ahp_weights(matrix)
    assert result.weights.tolist() == pytest.approx([0.6370, 0.2583, 0.1047], abs=5e-5)
    assert result.lambda_max == pytest.approx(3.0385, abs=5e-5)
    assert result.ci == pytest.approx(0.01926, abs=5e-6)
    assert result.cr == pytest.approx(0.0332, abs=5e-5)
    geometric = np.prod(matrix, axis=1) ** (1 / 3)
    np.testing.assert_allclose(result.weights, geometric / geometric.sum(), atol=1e-4)


def test_ahp_distributor_example():
    upper = [3, 1, 2, 1, 1 / 3, 1 / 2, 1 / 3, 2, 1, 1 / 2]
    result = ahp_weights(ahp_matrix_from_upper(upper, 5))
    assert result.weights.tolist() == pytest.approx([0.260, 0.082, 0.260, 0.138, 0.260], abs=5e-4)
    assert result.cr == pytest.approx(0.002, abs=5e-4)


@pytest.mark.parametrize(("matrix", "weights"), [([[1]], [1.0]), ([[1, 3], [1 / 3, 1]], [0.75, 0.25])])
def test_ahp_small_matrices_are_consistent(matrix, weights):
    result = ahp_weights(matrix)
    assert result.weights.tolist() == pytest.approx(weights)
    assert (result.ci, result.cr, result.consistent) == (0.0, 0.0, True)


def test_ahp_inconsistent_matrix_is_flagged():
    result = ahp_weights(ahp_matrix_from_upper([9, 1 / 9, 9], 3))
    assert result.cr > 0.1
    assert not result.consistent


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, 2], [0.4, 1]], r"cell \[0, 1\]"),
        ([[1, -2], [-0.5, 1]], r"positive.*\[0, 1\]"),
        ([[2, 1], [1, 1]], r"cell \[0, 0\]"),
    ],
)
def test_ahp_rejects_invalid_matrices(matrix, match):
    with pytest.raises(ValueError, match=match):
        ahp_weights(matrix)


def test_ahp_weights_are_read_only():
    with pytest.raises(ValueError):
        ahp_weights(DRINKS).weights[0] = 1.0


@pytest.mark.parametrize(("values", "n"), [([3, 5], 3), ([3, 0, 2], 3)])
def test_ahp_matrix_from_upper_rejects_bad_input(values, n):
    with pytest.raises(ValueError):
        ahp_matrix_from_upper(values, n)


def test_topsis_known_answer():
    x = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
    closeness = topsis(x, [0.4, 0.3, 0.1, 0.2], [True] * 4)
    assert closeness.tolist() == pytest.approx([0.3872, 0.3272, 0.3907, 0.6147, 0.8685, 0.4928], abs=5e-5)
    assert int(np.argmax(closeness)) == 4


def test_topsis_cost_criterion_reverses_ranking():
    x = [[1.0], [2.0], [3.0]]
    assert topsis(x, [1], True).tolist() == [0, 0.5, 1]
    assert topsis(x, [1], False).tolist() == [1, 0.5, 0]


# --- properties -------------------------------------------------------------------------------

unit = st.floats(0, 1, allow_nan=False)
maybe_missing = st.one_of(unit, st.just(np.nan))
weight = st.floats(0.01, 10, allow_nan=False)


@st.composite
def scored_frames(draw, values=maybe_missing):
    k = draw(st.integers(1, 5))
    n = draw(st.integers(1, 6))
    columns = [f"c{j}" for j in range(k)]
    data = draw(arrays(float, (n, k), elements=values))
    weights = dict(zip(columns, draw(st.lists(weight, min_size=k, max_size=k)), strict=True))
    return pd.DataFrame(data, columns=columns), weights


@settings(max_examples=50, deadline=None)
@given(scored_frames())
def test_contributions_add_up_to_the_score(case):
    frame, weights = case
    out = weighted_scores(frame, weights)
    total = out.filter(like="contrib_").sum(axis=1, min_count=1)
    np.testing.assert_allclose(total, out["score"], atol=1e-12)
    assert ((out["coverage"] >= 0) & (out["coverage"] <= 1 + 1e-12)).all()


@settings(max_examples=50, deadline=None)
@given(scored_frames(), st.floats(1e-3, 1e3))
def test_scaling_all_weights_changes_nothing(case, factor):
    frame, weights = case
    scaled = {k: v * factor for k, v in weights.items()}
    pd.testing.assert_frame_equal(weighted_scores(frame, weights), weighted_scores(frame, scaled), rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(scored_frames(values=st.floats(-50, 150, allow_nan=False)), st.data())
def test_raising_a_benefit_value_never_lowers_the_score(case, data):
    raw, weights = case
    row = data.draw(st.integers(0, len(raw) - 1))
    column = data.draw(st.sampled_from(list(raw.columns)))
    raised = raw.copy()
    raised.loc[row, column] += data.draw(st.floats(0, 100))

    def score(frame):
        normalised = frame.apply(lambda col: normalise(col, goalposts=(0, 100)))
        return weighted_scores(normalised, weights)["score"]

    assert score(raised)[row] >= score(raw)[row] - 1e-12


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.sampled_from(SAATY_SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
        )
    )
)
def test_ahp_weights_sum_to_one(case):
    n, upper = case
    result = ahp_weights(ahp_matrix_from_upper(upper, n))
    assert result.weights.sum() == pytest.approx(1.0)
    assert (result.weights >= 0).all()
    assert result.lambda_max >= n - 1e-9


@settings(max_examples=50, deadline=None)
@given(arrays(float, st.integers(2, 6), elements=st.floats(0.1, 10)))
def test_ahp_recovers_weights_of_a_consistent_matrix(w):
    result = ahp_weights(np.outer(w, 1 / w))
    np.testing.assert_allclose(result.weights, w / w.sum(), rtol=1e-9)
    assert result.cr == pytest.approx(0, abs=1e-9)
