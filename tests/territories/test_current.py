"""A design against the current territories: holders, naming, before/after, saved rows and versions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.distributors.contracts import in_force
from analysis.io.store import Store
from analysis.territories import current as cur

TERRITORIES = pd.DataFrame(
    {
        "distributor_id": ["D1", "D1", "D2", "D3", "D9"],
        "region_id": ["a", "b", "c", "c", "z"],  # c is shared; z lies in another province
        "since": ["2024-01", "2025-06", "2023-01", "2024-01", "2024-01"],
        "until": ["2027-12", "2027-12", "", "2026-03", ""],
        "exclusive": [True, True, False, False, True],
        "categories": ["净水器", "净水器", "", "", ""],
        "channels": "",
        "grade": ["A", "A", "B", "C", "A"],
    }
)


def test_the_coming_month_follows_the_latest_sales() -> None:
    assert cur.coming_month(pd.DataFrame({"month": ["2026-12", "2026-11"]})) == "2027-01"
    assert cur.coming_month(pd.DataFrame({"month": pd.Series([], dtype="str")})) is None


def test_current_holders_one_per_county() -> None:
    sales = pd.DataFrame({"region_id": ["c", "c"], "units": [5, 50], "distributor_id": ["D2", "D3"]})
    assert cur.current_assignment(TERRITORIES, ["a", "b", "c", "d"], sales=sales).to_dict() == {
        "a": "D1", "b": "D1", "c": "D3"  # c: neither exclusive, D3 sold more there
    }  # fmt: skip
    in_force_now = cur.current_assignment(TERRITORIES, ["a", "b", "c", "d"], month="2026-11", sales=sales)
    assert in_force_now["c"] == "D2"  # D3's contract ended in March
    ended = pd.DataFrame({"distributor_id": ["D1"], "status": ["ended"]})
    assert "a" not in cur.current_assignment(TERRITORIES, ["a", "b"], distributors=ended)


def test_territories_take_the_distributor_holding_most_of_them() -> None:
    design = pd.Series({"a": "T1", "b": "T2", "c": "T2", "d": "T2", "e": "T3"})
    now = pd.Series({"a": "D1", "b": "D1", "c": "D2"})
    weight = pd.Series({"a": 1.0, "b": 5.0, "c": 1.0, "d": 1.0, "e": 1.0})
    # T2 holds D1's heavy b and D2's c: D1 goes to T2 (overlap 5), D2 can then take nothing else
    assert cur.name_territories(design, now, weight) == {"T2": "D1", "T1": "T1", "T3": "T3"}
    assert cur.name_territories(pd.Series({"a": "D1", "b": "T2"}), now, reserved=["D1"]) == {"D1": "D1", "T2": "T2"}


def test_before_after_lists_moves_and_each_distributors_gain_or_loss() -> None:
    units = pd.DataFrame({"region_id": list("abcd"), "capacity_units": [10.0, 20.0, 30.0, 40.0],
                          "our_revenue": [1.0, 2.0, 3.0, 4.0]})  # fmt: skip
    before = pd.Series({"a": "D1", "b": "D1", "c": "D2"})
    after = pd.Series({"a": "D1", "b": "D2", "c": "D2", "d": "D2"})
    moved, change = cur.before_after(units, before, after)
    assert moved[["region_id", "before", "after"]].fillna("–").values.tolist() == [["b", "D1", "D2"], ["d", "–", "D2"]]
    by = change.set_index("holder")
    assert by.loc[
        "D2", ["counties_before", "counties_after", "capacity_units_change", "our_revenue_change"]
    ].tolist() == [1, 3, 60.0, 6.0]
    assert by.loc["D1", "capacity_units_change"] == -20.0


def test_saved_rows_end_old_contracts_and_start_new_ones_next_month() -> None:
    after = pd.Series({"a": "D1", "b": "D2", "c": "D2", "d": "D1"})
    rows = cur.territory_rows(after, TERRITORIES, "2026-11")
    by = {(r.distributor_id, r.region_id): r for r in rows.itertuples()}
    assert set(rows["region_id"]) == {"a", "b", "c", "d"}  # z, outside the design, is not touched
    assert (by[("D1", "a")].since, by[("D1", "a")].until) == ("2024-01", "2027-12")  # kept as it was
    assert by[("D1", "b")].until == "2026-10"  # D1 leaves b with the latest month
    assert (by[("D2", "b")].since, by[("D2", "b")].until, by[("D2", "b")].categories) == ("2026-11", "", "")
    assert by[("D3", "c")].until == "2026-03"  # an ended row of the county stays as history
    assert (by[("D1", "d")].since, by[("D1", "d")].until, by[("D1", "d")].categories) == (
        "2026-11",
        "2027-12",
        "净水器",
    )
    live = rows[in_force(rows, "2026-11")]
    assert dict(zip(live["region_id"], live["distributor_id"], strict=True)) == after.to_dict()


def test_a_saved_design_is_a_new_version_that_replaces_only_its_counties(tmp_path) -> None:
    store = Store(str(tmp_path / "store"))
    store.write("territories", TERRITORIES, source="import", note="current")
    rows = cur.territory_rows(pd.Series({"a": "D2", "b": "D2"}), TERRITORIES, "2026-11")
    info = cur.save_design(store, rows, scope=["450000"], params={"k": 1, "balance": {"capacity_units": 1.0}})
    assert info.version == 2
    assert store.current_versions()["territories"] == 2
    saved = store.read("territories")
    assert set(saved["region_id"]) == {"a", "b", "c", "z"}  # c and z untouched
    assert saved.loc[saved["region_id"] == "z", "distributor_id"].tolist() == ["D9"]
    entry = store.audit(kind="territories").iloc[0]
    assert entry["action"] == "design"
    assert '"scope": ["450000"]' in str(entry["detail"]) and '"k": 1' in str(entry["detail"])
    store.restore("territories", 1)  # the store's versioning applies: the old territories come back
    assert len(store.read("territories")) == len(TERRITORIES)


def test_a_design_without_a_distributor_is_refused(tmp_path) -> None:
    rows = cur.territory_rows(pd.Series({"a": ""}), TERRITORIES, "2026-11")
    with pytest.raises(ValueError, match="needs a distributor"):
        cur.save_design(Store(str(tmp_path / "s")), rows, scope=[], params={})


def test_a_county_given_back_to_its_former_holder_runs_its_row_on() -> None:
    rows = cur.territory_rows(pd.Series({"c": "D3"}), TERRITORIES, "2026-11")
    by = {r.distributor_id: r for r in rows.itertuples()}
    assert (by["D3"].since, by["D3"].until) == ("2024-01", "")  # its past months stay inside the contract
    assert by["D2"].until == "2026-10"
