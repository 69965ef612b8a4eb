"""Design inputs (balance variables, locks and seeds) and the reasons of a design in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.territories.evaluation import reassign
from analysis.territories.explain import REASONS
from analysis.territories.inputs import balance_options, design_units, parse_balance, read_pairs
from analysis.territories.narrative import infeasible_text, reason_text
from analysis.territories.solver import design

GRID = pd.DataFrame(
    {
        "region_id": list("ABCDEF"),
        "lon": [100.0, 101.0, 102.0, 100.0, 101.0, 102.0],
        "lat": [31.0, 31.0, 31.0, 30.0, 30.0, 30.0],
        "v": [10.0, 20.0, 15.0, 25.0, 5.0, 25.0],
    }
)
ROOK = pd.DataFrame({"a": list("ABDEABC"), "b": list("BCEFDEF")})
COLUMNS = ["capacity_units", "whitespace_units", "our_revenue"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("capacity=0.7,whitespace=0.3", {"capacity_units": 0.7, "whitespace_units": 0.3}),
        ("capacity", {"capacity_units": 1.0}),
        ("capacity_units=2, revenue=1", {"capacity_units": 2.0, "our_revenue": 1.0}),
    ],
)
def test_balance_names_resolve_to_scored_columns(text, expected) -> None:
    assert parse_balance(text, COLUMNS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("height=1", "unknown balance variable 'height'"), ("capacity=x", "must be a number"),
     ("capacity=-1", "non-negative"), ("capacity=0", "positive weight"), ("", "at least one")],
)  # fmt: skip
def test_bad_balance_specs_say_what_is_wrong(text, message) -> None:
    with pytest.raises(ValueError, match=message):
        parse_balance(text, COLUMNS)


def test_balance_options_are_the_candidates_with_values() -> None:
    scored = pd.DataFrame({"capacity_units": [1.0, 2.0], "our_revenue": [0.0, 0.0], "whitespace_units": [0.0, 3.0]})
    assert balance_options(scored) == ["capacity_units", "whitespace_units"]


def test_design_units_fill_missing_balance_values_with_zero() -> None:
    regions = pd.DataFrame({"region_id": ["a", "b"], "lon": [1.0, 2.0], "lat": [3.0, 4.0], "area_km2": [5.0, 6.0]})
    scored = pd.DataFrame({"region_id": ["b", "a"], "capacity_units": [None, 7.0]})
    units = design_units(scored, regions, {"capacity_units": 1.0})
    assert units["region_id"].tolist() == ["a", "b"] and units["capacity_units"].tolist() == [7.0, 0.0]


def test_locks_and_seeds_from_a_table() -> None:
    locks = pd.DataFrame({"region_id": ["450102.0", " 450103"], "territory": ["D1", "D2"]})
    assert read_pairs(locks, "locks") == {"450102": "D1", "450103": "D2"}
    seeds = pd.DataFrame({"distributor_id": ["D1"], "region": ["450102"]})
    assert read_pairs(seeds, "seeds") == {"D1": "450102"}
    with pytest.raises(ValueError, match="more than one county"):
        read_pairs(pd.DataFrame({"territory": ["D1", "D1"], "region_id": ["a", "b"]}), "seeds")
    with pytest.raises(ValueError, match="need columns"):
        read_pairs(pd.DataFrame({"x": [1]}), "locks")


def _reasons_of(result, **extra) -> dict:
    return {r["region_id"]: r for r in result.explain.to_dict("records")} | extra


def test_every_reason_of_a_county_reads_in_both_languages() -> None:
    result = design(GRID, 2, {"v": 1.0}, tolerance=0.10, adjacency=ROOK, locks={"A": "West"}, seeds={"East": "F"})
    edited = reassign(result, {"C": result.assignment["C"]})
    seen = set()
    for row in edited.explain.to_dict("records"):
        seen.add(row["reason"])
        for lang in ("zh", "en"):
            text = reason_text(row, {"West": "西区经销商", "East": "东区经销商"}, 0.10).render(lang)
            assert "{" not in text and len(text) > 5
    assert {"seed", "lock", "manual"} <= seen
    for reason in REASONS:  # every code has words, whatever the row
        row = {"region_id": "450102", "territory": "T1", "reason": reason, "via": "450103", "centre_km": 3.0,
               "nearest": "T2", "nearest_km": 2.0}  # fmt: skip
        assert reason_text(row, {}, 0.05).render("zh")


@pytest.mark.parametrize(
    "reason",
    [
        {"code": "k_exceeds_units", "k": 8, "units": 6},
        {"code": "components_exceed_k", "components": 3, "k": 2, "unassigned": ["A"]},
        {"code": "lock_violated", "unit": "450102", "territory": "T1", "assigned": "T2"},
        {"code": "seed_moved", "unit": "450102", "territory": "T1", "assigned": None},
        {"code": "territory_empty", "territory": "T3"},
        {"code": "not_contiguous", "territory": "T1", "pieces": 2, "locks_apart": True},
        {
            "code": "unit_exceeds_target",
            "territory": "T1",
            "variable": "capacity_units",
            "value": 25.0,
            "target": 20.0,
            "ratio": 1.25,
            "unit": "450102",
        },
        {
            "code": "locks_exceed_target",
            "territory": "T1",
            "variable": "capacity_units",
            "value": 55.0,
            "target": 50.0,
            "ratio": 1.1,
        },
        {
            "code": "component_share",
            "territories": ["T1", "T2"],
            "variable": "our_revenue",
            "units": 12,
            "value": 9e6,
            "target": 8e6,
            "ratio": 1.125,
        },
        {
            "code": "out_of_tolerance",
            "territory": "T2",
            "variable": "capacity_units",
            "deviation": -0.07,
            "tolerance": 0.05,
        },
    ],
    ids=lambda r: r["code"],
)
def test_every_infeasibility_reads_in_both_languages(reason) -> None:
    for lang in ("zh", "en"):
        text = infeasible_text(reason, {"T1": "南宁某商贸"}).render(lang)
        assert "{" not in text and "not met" not in text and "未满足" not in text


def test_an_infeasibility_in_words() -> None:
    reason = {"code": "unit_exceeds_target", "territory": "T1", "variable": "capacity_units", "value": 25_000.0,
              "target": 20_000.0, "ratio": 1.25, "unit": "450102"}  # fmt: skip
    assert infeasible_text(reason, {"T1": "南宁某商贸"}).render("zh") == (
        "南宁某商贸：单是兴宁区的市场容量（台/年）（2.5万）就是目标 2.0万 的 1.25 倍"
    )
