"""The five-criteria scorecard: AHP weights (METHODS.md §2.2), judgements, weighted scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.distributors import scorecard as sc


def _distributors(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"distributor_id": [f"D{i}" for i in range(1, n + 1)], **{c: [3] * n for c in sc.CRITERIA}}
    return pd.DataFrame(base | columns)


def test_ahp_of_the_illustrative_distributor_judgements() -> None:
    result = sc.ahp(sc.DEFAULT_AHP_UPPER)
    np.testing.assert_allclose(result.weights, [0.260, 0.082, 0.260, 0.138, 0.260], atol=5e-4)
    assert round(result.cr, 3) == 0.002
    assert result.consistent


def test_ahp_flags_contradictory_judgements() -> None:
    upper = list(sc.DEFAULT_AHP_UPPER)
    upper[0], upper[1], upper[4] = 9, 1 / 9, 9  # C1 ≫ C2, C2 ≫ C3, yet C3 ≫ C1
    result = sc.ahp(upper)
    assert result.cr >= 0.10
    assert not result.consistent


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), ("1/3", 1 / 3), (" 1 / 2 ", 0.5), ("0.25", 0.25), (9, 9.0)])
def test_parse_judgement(text, value) -> None:
    assert sc.parse_judgement(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["0", "-3", "1/0", "abc", ""])
def test_parse_judgement_rejects_non_positive_or_garbage(text) -> None:
    with pytest.raises(ValueError, match="positive number"):
        sc.parse_judgement(text)


def test_judgements_round_trip_through_their_display() -> None:
    shown = [sc.format_judgement(v) for v in sc.DEFAULT_AHP_UPPER]
    assert shown == ["3", "1", "2", "1", "1/3", "1/2", "1/3", "2", "1", "1/2"]
    assert [sc.parse_judgement(s) for s in shown] == pytest.approx(sc.DEFAULT_AHP_UPPER)


def test_scorecard_is_the_weighted_mean_and_contributions_add_up() -> None:
    d = _distributors(credibility=[5, 1], philosophy=[1, 5], finance=[4, 4])
    out = sc.scorecard(d, {"credibility": 2, "philosophy": 1, "finance": 1})
    assert out["distributor_id"].tolist() == ["D1", "D2"]
    assert out["score"].tolist() == pytest.approx([(2 * 5 + 1 + 4) / 4, (2 * 1 + 5 + 4) / 4])
    contrib = out[[f"contrib_{c}" for c in sc.CRITERIA]].sum(axis=1)
    pd.testing.assert_series_equal(contrib, out["score"], check_names=False)
    assert (out["contrib_execution"] == 0).all()  # not weighted
    assert out["rank"].tolist() == [1, 2]


def test_scorecard_renormalises_over_rated_criteria_instead_of_reading_zero() -> None:
    d = _distributors(credibility=[4.0], finance=[np.nan])
    out = sc.scorecard(d, {"credibility": 1, "finance": 1})
    assert out.loc[0, "score"] == pytest.approx(4.0)
    assert out.loc[0, "rated_weight"] == pytest.approx(0.5)


def test_scorecard_names_a_missing_rating_column() -> None:
    with pytest.raises(ValueError, match="execution"):
        sc.scorecard(_distributors(credibility=[3]).drop(columns="execution"), {"credibility": 1})


def test_weights_reject_unknown_criteria() -> None:
    with pytest.raises(ValueError, match="unknown criteria"):
        sc.criterion_weights({"charisma": 1})


def test_assess_joins_scores_and_classes() -> None:
    d = _distributors(credibility=[1, 5])
    classes = pd.DataFrame({"distributor_id": ["D1", "D2"], "class": ["A", "C"], "range_coverage": [0.1, 0.55]})
    out = sc.assess(d, {"credibility": 1}, classes)
    assert out[["distributor_id", "score", "class"]].to_dict("records") == [
        {"distributor_id": "D2", "score": 5.0, "class": "C"},
        {"distributor_id": "D1", "score": 1.0, "class": "A"},
    ]
