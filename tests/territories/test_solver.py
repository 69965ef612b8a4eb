"""Territory design: contiguity, locks, seeds, exclusions, balance, infeasibility, edits and comparisons."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.geo.boundaries import load_boundaries, load_regions
from analysis.territories.adjacency import county_graph, graph_from_edges
from analysis.territories.evaluation import compare, evaluate, reassign
from analysis.territories.shapes import territory_shapes
from analysis.territories.solver import design

OUTSIDE_MAINLAND = ("710000", "810000", "820000")

# METHODS.md §6: a 2×3 grid with rook adjacency, total 100, two territories of target 50.
#   A 10 | B 20 | C 15
#   D 25 | E  5 | F 25
GRID = pd.DataFrame(
    {
        "region_id": list("ABCDEF"),
        "lon": [100.0, 101.0, 102.0, 100.0, 101.0, 102.0],
        "lat": [31.0, 31.0, 31.0, 30.0, 30.0, 30.0],
        "v": [10.0, 20.0, 15.0, 25.0, 5.0, 25.0],
    }
)
ROOK = pd.DataFrame({"a": list("ABDEABC"), "b": list("BCEFDEF")})


@pytest.fixture(scope="module")
def mainland() -> pd.DataFrame:
    """Mainland counties with a deterministic lognormal capacity and a second variable."""
    counties = load_regions("county")
    counties = counties[~counties["province_id"].isin(OUTSIDE_MAINLAND)].sort_values("region_id", ignore_index=True)
    rng = np.random.default_rng(7)
    capacity = rng.lognormal(0.0, 0.7, len(counties)) * 100
    return counties[["region_id", "province_id", "lon", "lat", "area_km2"]].assign(
        capacity=capacity, whitespace=capacity * rng.uniform(0.5, 1.5, len(counties))
    )


@pytest.fixture(scope="module")
def ningxia(mainland) -> pd.DataFrame:
    return mainland[mainland["province_id"] == "640000"].reset_index(drop=True)


def assert_contiguous_or_reported(result, units) -> None:
    """Every territory is one piece on the adjacency, unless reported with its locks apart."""
    graph = county_graph(units["region_id"])
    apart = {r["territory"] for r in result.infeasible if r["code"] == "not_contiguous" and r["locks_apart"]}
    for territory, ids in result.assignment.dropna().groupby(result.assignment.dropna()).groups.items():
        if territory not in apart:
            assert graph.is_connected([graph.index[r] for r in ids]), territory


# --- the METHODS.md grid -------------------------------------------------------------------


def test_grid_has_fifteen_contiguous_bipartitions_with_optimum_five():
    graph = graph_from_edges(GRID["region_id"], ROOK)
    values = dict(zip(GRID["region_id"], GRID["v"], strict=True))
    best, count = np.inf, 0
    for r in range(1, 6):
        for part in itertools.combinations(range(6), r):
            rest = [i for i in range(6) if i not in part]
            if 0 in part and graph.is_connected(part) and graph.is_connected(rest):
                count += 1
                best = min(best, abs(sum(values[graph.ids[i]] for i in part) - 50))
    assert (count, best) == (15, 5)


def test_grid_design_reaches_the_optimum():
    result = design(GRID, 2, {"v": 1.0}, tolerance=0.10, adjacency=ROOK)
    parts = {frozenset(ids) for ids in result.assignment.groupby(result.assignment).groups.values()}
    assert parts in ({frozenset("ABC"), frozenset("DEF")}, {frozenset("ABD"), frozenset("CEF")})
    assert sorted(result.balance["v"]) == [45.0, 55.0]
    assert result.balance["max_dev"].max() == pytest.approx(0.10)
    assert result.feasible


def test_grid_tolerance_that_cannot_be_met_is_reported_with_the_best_partition():
    result = design(GRID, 2, {"v": 1.0}, tolerance=0.05, adjacency=ROOK)
    assert result.balance["max_dev"].max() == pytest.approx(0.10)
    codes = {(r["code"], r["territory"]) for r in result.infeasible}
    assert codes == {("out_of_tolerance", "T1"), ("out_of_tolerance", "T2")}
    assert not result.balance["feasible"].any() and result.contiguous


def test_grid_limits_give_the_largest_county_against_the_target():
    limits = design(GRID, 2, {"v": 1.0}, adjacency=ROOK).limits.set_index("variable")
    assert limits.at["v", "target"] == 50
    assert limits.at["v", "largest_value"] == 25
    assert limits.at["v", "largest_ratio"] == pytest.approx(0.5)


def test_a_county_larger_than_the_target_is_reported():
    result = design(GRID, 5, {"v": 1.0}, adjacency=ROOK)  # target 20: D and F hold 25
    over = [r for r in result.infeasible if r["code"] == "unit_exceeds_target"]
    assert {r["unit"] for r in over} >= {"D", "F"}
    assert all(r["ratio"] == pytest.approx(1.25) for r in over if r["unit"] in "DF")
    assert result.limits.at[0, "bound"] == pytest.approx(0.25)


def test_locks_holding_more_than_the_target_are_reported():
    result = design(GRID, 2, {"v": 1.0}, adjacency=ROOK, locks={"D": "West", "E": "West", "F": "West"})
    assert set(result.assignment[["D", "E", "F"]]) == {"West"}
    reason = next(r for r in result.infeasible if r["code"] == "locks_exceed_target")
    assert (reason["territory"], reason["value"], reason["target"]) == ("West", 55.0, 50.0)


def test_k_larger_than_the_number_of_counties_is_reported():
    result = design(GRID, 8, {"v": 1.0}, adjacency=ROOK)
    assert {"code": "k_exceeds_units", "k": 8, "units": 6} in result.infeasible
    assert sum(r["code"] == "territory_empty" for r in result.infeasible) == 2
    assert result.assignment.notna().all() and result.assignment.nunique() == 6
    assert sorted(result.balance["units"]) == [0, 0, 1, 1, 1, 1, 1, 1]


def test_exclusions_are_left_out_and_pieces_get_their_own_territories():
    result = design(GRID, 2, {"v": 1.0}, adjacency=ROOK, exclude=["B", "E"])
    assert result.assignment[["B", "E"]].isna().all()
    assert result.assignment["A"] == result.assignment["D"] != result.assignment["C"] == result.assignment["F"]
    explain = result.explain.set_index("region_id")
    assert set(explain.loc[["B", "E"], "reason"]) == {"excluded"}
    shares = [r for r in result.infeasible if r["code"] == "component_share"]
    assert {tuple(r["territories"]) for r in shares} == {("T1",), ("T2",)}  # 35 and 40 against 37.5


def test_more_pieces_than_territories_leaves_the_lightest_unassigned():
    result = design(GRID, 1, {"v": 1.0}, adjacency=ROOK, exclude=["B", "E"])
    reason = next(r for r in result.infeasible if r["code"] == "components_exceed_k")
    assert reason["unassigned"] == ["A", "D"]
    assert result.explain.set_index("region_id").at["A", "reason"] == "unassigned"


def test_locks_in_different_pieces_are_kept_and_reported():
    result = design(GRID, 2, {"v": 1.0}, adjacency=ROOK, exclude=["B", "E"], locks={"A": "X", "C": "X"})
    assert result.assignment[["A", "C"]].tolist() == ["X", "X"]
    reason = next(r for r in result.infeasible if r["code"] == "not_contiguous")
    assert (reason["territory"], reason["pieces"], reason["locks_apart"]) == ("X", 2, True)
    assert result.assignment.drop(["B", "E"]).notna().all()


def test_seeds_stay_in_their_territories_and_name_them():
    result = design(GRID, 2, {"v": 1.0}, tolerance=0.1, adjacency=ROOK, seeds={"North": "A", "South": "F"})
    assert (result.assignment["A"], result.assignment["F"]) == ("North", "South")
    explain = result.explain.set_index("region_id")
    assert explain.at["A", "reason"] == explain.at["F", "reason"] == "seed"
    assert set(result.balance["centre_id"]) == {"A", "F"}


def test_territory_ids_fill_the_free_numbers_west_to_east():
    result = design(GRID, 3, {"v": 1.0}, adjacency=ROOK, locks={"C": "T2"})
    assert set(result.territories) == {"T1", "T2", "T3"}
    assert result.assignment["C"] == "T2"
    lon = GRID.set_index("region_id")["lon"]
    free = result.assignment[result.assignment != "T2"]
    west = lon[free.index].groupby(free).mean()
    assert west["T1"] <= west["T3"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k must be"),
        ({"balance": {}}, "at least one column"),
        ({"balance": {"missing": 1.0}}, "not in units"),
        ({"locks": {"Z": "T1"}}, "not in units"),
        ({"locks": {"A": "T1", "B": "T2", "C": "T3"}}, "more than k"),
        ({"seeds": {"T1": "A"}, "locks": {"A": "T2"}}, "locked to"),
        ({"exclude": ["Z"]}, "excluded ids"),
        ({"seeds": {"T1": "B"}, "exclude": ["B"]}, "excluded"),
    ],
)
def test_invalid_inputs_say_what_is_wrong(kwargs, message):
    arguments = {"k": 2, "balance": {"v": 1.0}, **kwargs}
    with pytest.raises(ValueError, match=message):
        design(GRID, arguments.pop("k"), arguments.pop("balance"), adjacency=ROOK, **arguments)


def test_negative_values_are_refused():
    with pytest.raises(ValueError, match="negative value"):
        design(GRID.assign(v=GRID["v"] - 12), 2, {"v": 1.0}, adjacency=ROOK)


# --- real scopes ---------------------------------------------------------------------------


def test_same_seed_same_design(ningxia):
    first = design(ningxia, 4, {"capacity": 1.0}, seed=3)
    again = design(ningxia, 4, {"capacity": 1.0}, seed=3)
    pd.testing.assert_series_equal(first.assignment, again.assignment)
    pd.testing.assert_frame_equal(first.explain, again.explain)


def test_province_within_tolerance_and_contiguous_on_the_map(ningxia):
    result = design(ningxia, 4, {"capacity": 1.0}, tolerance=0.05)
    assert result.balance["max_dev"].max() <= 0.05 + 1e-9 and result.feasible
    shapes = territory_shapes(result.assignment, load_boundaries("county"))
    assert shapes["connected"].all()
    assert shapes["polsby_popper"].between(0, 1).all()


def test_two_variables_are_balanced_each(mainland):
    chongqing = mainland[mainland["province_id"] == "500000"]
    result = design(chongqing, 4, {"capacity": 0.7, "whitespace": 0.3}, tolerance=0.10)
    assert {"capacity_dev", "whitespace_dev"} <= set(result.balance.columns)
    assert result.balance[["capacity_dev", "whitespace_dev"]].abs().max().max() <= 0.10 + 1e-9
    assert result.limits["weight"].tolist() == pytest.approx([0.7, 0.3])


def test_explanations_name_a_neighbour_in_the_same_territory(ningxia):
    seat = ningxia["region_id"].iloc[0]
    result = design(ningxia, 3, {"capacity": 1.0}, seeds={"T1": seat})
    explain = result.explain.set_index("region_id")
    assert explain.at[seat, "reason"] == "seed"
    assert set(explain["reason"]) <= {"seed", "adjacency", "contiguity", "balance", "compactness"}
    graph = county_graph(ningxia["region_id"])
    for rid, row in explain.dropna(subset=["via"]).iterrows():
        assert row["via"] in {graph.ids[j] for j in graph.neighbours[graph.index[rid]]}
        assert explain.at[row["via"], "territory"] == row["territory"]
    assert (explain["nearest_km"] <= explain["centre_km"] + 1e-9).all()


def test_counties_kept_from_a_nearer_centre_are_explained_by_balance():
    # West = A B C seated at A, East = D E F seated at F: C is nearer F and D nearer A, but
    # either move would take both territories beyond ±10 %.
    assignment = pd.Series({"A": "West", "B": "West", "C": "West", "D": "East", "E": "East", "F": "East"})
    result = evaluate(GRID, assignment, {"v": 1.0}, tolerance=0.1, seeds={"West": "A", "East": "F"}, adjacency=ROOK)
    explain = result.explain.set_index("region_id")
    assert explain["reason"].to_dict() == {
        "A": "seed",
        "B": "adjacency",
        "C": "balance",
        "D": "balance",
        "E": "adjacency",
        "F": "seed",
    }
    assert (explain.at["C", "nearest"], explain.at["D", "nearest"]) == ("East", "West")
    assert explain.at["C", "via"] == "B" and explain.at["E", "via"] == "F"


def test_progress_runs_up_to_one(ningxia):
    seen: list[float] = []
    design(ningxia, 3, {"capacity": 1.0}, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def random_scope(mainland: pd.DataFrame, start: int, size: int) -> pd.DataFrame:
    """A connected set of `size` counties grown breadth-first from one county."""
    graph = county_graph(mainland["region_id"])
    order, seen = [start], {start}
    for i in order:
        for j in graph.neighbours[i]:
            if j not in seen and len(order) < size:
                seen.add(j)
                order.append(j)
    ids = {graph.ids[i] for i in order}
    return mainland[mainland["region_id"].isin(ids)]


@settings(max_examples=25)
@given(
    start=st.integers(0, 2847),
    size=st.integers(4, 40),
    k=st.integers(1, 6),
    locks=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 6)), max_size=3),
    seed=st.integers(0, 1000),
)
def test_connected_scopes_give_contiguous_territories_that_honour_locks(mainland, start, size, k, locks, seed):
    units = random_scope(mainland, start, size)
    ids = units["region_id"].tolist()
    locked = {ids[i % len(ids)]: f"T{min(t, k)}" for i, t in locks}
    result = design(units, k, {"capacity": 1.0}, locks=locked, seed=seed)
    assert_contiguous_or_reported(result, units)
    for county, territory in locked.items():
        assert result.assignment[county] == territory
    assert result.assignment.notna().all()
    # Territories stay empty only when locks take the counties they would need.
    empty = set(result.balance.loc[result.balance["units"] == 0, "territory"])
    assert empty == {r["territory"] for r in result.infeasible if r["code"] == "territory_empty"}
    assert len(empty) <= max(0, k - len(units)) + len(locked)


@settings(max_examples=10)
@given(
    province=st.sampled_from(["110000", "310000", "460000", "640000", "630000"]),
    k=st.integers(2, 8),
    excluded=st.lists(st.integers(0, 15), max_size=3, unique=True),
)
def test_provinces_with_exclusions_stay_contiguous(mainland, province, k, excluded):
    units = mainland[mainland["province_id"] == province]
    exclude = [units["region_id"].iloc[i] for i in excluded]
    result = design(units, k, {"capacity": 1.0}, exclude=exclude)
    assert_contiguous_or_reported(result, units)
    assert result.assignment[exclude].isna().all()
    assigned = result.assignment.drop(exclude)
    unassigned = {u for r in result.infeasible if r["code"] == "components_exceed_k" for u in r["unassigned"]}
    assert set(assigned.index[assigned.isna()]) == unassigned


# --- evaluating edits and comparing -------------------------------------------------------------


@pytest.fixture(scope="module")
def grid_design():
    """West = A B D (55), East = C E F (45): one of the two optima, seated at A and F."""
    assignment = pd.Series({"A": "West", "B": "West", "C": "East", "D": "West", "E": "East", "F": "East"})
    return evaluate(GRID, assignment, {"v": 1.0}, tolerance=0.1, seeds={"West": "A", "East": "F"}, adjacency=ROOK)


def test_a_move_that_keeps_both_territories_whole(grid_design):
    edited = reassign(grid_design, {"C": "West"})
    table = edited.balance.set_index("territory")
    assert table.loc["West", ["units", "v"]].tolist() == [4, 70.0]
    assert table.loc["East", ["units", "v"]].tolist() == [2, 30.0]
    assert edited.contiguous
    assert edited.explain.set_index("region_id").at["C", "reason"] == "manual"


def test_a_move_that_splits_both_territories_is_flagged(grid_design):
    # F joins West, which it does not touch, and East falls apart into C and E.
    edited = reassign(grid_design, {"F": "West"})
    pieces = edited.balance.set_index("territory")["pieces"]
    assert pieces.to_dict() == {"East": 2, "West": 2}
    assert not edited.contiguous
    flagged = {r["territory"] for r in edited.infeasible if r["code"] == "not_contiguous"}
    assert flagged == {"East", "West"}


def test_edits_pile_up(grid_design):
    edited = reassign(reassign(grid_design, {"C": "West"}), {"E": "West"})
    assert edited.params["moves"] == {"C": "West", "E": "West"}
    reasons = edited.explain.set_index("region_id")["reason"]
    assert reasons["C"] == reasons["E"] == "manual"
    assert compare(grid_design, edited).moved["region_id"].tolist() == ["C", "E"]


def test_moving_a_seed_is_reported(grid_design):
    edited = reassign(grid_design, {"A": "East"})
    reason = next(r for r in edited.infeasible if r["code"] == "seed_moved")
    assert (reason["unit"], reason["territory"], reason["assigned"]) == ("A", "West", "East")


def test_reassign_refuses_unknown_counties_and_territories(grid_design):
    with pytest.raises(ValueError, match="not in the design"):
        reassign(grid_design, {"Z": "West"})
    with pytest.raises(ValueError, match="unknown territories"):
        reassign(grid_design, {"A": "North"})


def test_compare_lists_moves_and_balance_changes(grid_design):
    edited = reassign(grid_design, {"C": "West"})
    diff = compare(grid_design, edited)
    assert diff.moved.to_dict("records") == [{"region_id": "C", "before": "East", "after": "West"}]
    table = diff.balance.set_index("territory")
    assert table.at["West", "v_change"] == 15.0 and table.at["East", "v_change"] == -15.0
    assert table["v_change"].sum() == 0
    assert table.at["West", "units_after"] - table.at["West", "units_before"] == 1


def test_evaluate_a_saved_assignment_with_a_broken_lock():
    assignment = pd.Series({"A": "T1", "B": "T1", "C": "T1", "D": "T2", "E": "T2", "F": "T2"})
    result = evaluate(GRID, assignment, {"v": 1.0}, tolerance=0.1, locks={"C": "T2"}, adjacency=ROOK)
    assert result.balance["v"].tolist() == [45.0, 55.0]
    assert {"code": "lock_violated", "unit": "C", "territory": "T2", "assigned": "T1"} in result.infeasible
    assert result.explain.set_index("region_id").at["C", "reason"] == "lock"
