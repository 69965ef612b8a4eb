"""Flags on crafted data: selling outside the contract (窜货), exclusive overlaps, contracts, sell-in, 砸价."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.distributors import flags
from analysis.distributors.contracts import contract_status, in_force, split_list

MAD_PRICES = [2999, 2950, 3050, 2999, 2980, 2100, 3010, 2990]  # METHODS.md §8

# Two Nanning counties for D1 until 2026-08, purifiers only; D2 holds Wuming (450110) exclusively.
TERRITORIES = pd.DataFrame(
    {
        "distributor_id": ["D1", "D1", "D2"],
        "region_id": ["450102", "450103", "450110"],
        "since": ["2024-01", "2024-01", "2025-03"],
        "until": ["2026-08", "2026-08", ""],
        "exclusive": [True, True, True],
        "categories": ["净水器", "净水器", ""],
        "channels": ["", "", "retail;project"],
        "grade": ["A", "A", "B"],
    }
)
DISTRIBUTORS = pd.DataFrame(
    {"distributor_id": ["D1", "D2"], "name": ["南宁某商贸", "武鸣某电器"], "region_id": ["450102", "450110"],
     "status": ["active", "active"]}
)  # fmt: skip


def _sales(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region_id", "month", "units", "distributor_id", "category", "channel"])
    return frame.assign(revenue=frame["units"] * 2600.0, product=frame["category"] + " X")


CRAFTED = _sales(
    [
        ("450102", "2026-08", 40, "D1", "净水器", "retail"),  # inside: territory, months, category
        ("450102", "2026-09", 30, "D1", "净水器", "retail"),  # after the contract ended (2026-08)
        ("450102", "2026-10", 25, "D1", "净水器", "retail"),  # after the contract ended
        ("450107", "2026-09", 12, "D1", "净水器", "retail"),  # 西乡塘区: outside the territory
        ("450107", "2026-10", 9, "D1", "净水器", "retail"),
        ("450103", "2026-08", 6, "D1", "热水器", "retail"),  # a heater: not in the contract's categories
        ("450110", "2026-10", 80, "D2", "热水器", "retail"),  # inside
        ("450110", "2026-10", 7, "D2", "热水器", "online"),  # a channel the contract does not cover
        ("450108", "2026-10", 50, "", "净水器", "retail"),  # nobody's: never a breach
    ]
)


def test_contract_lists_and_months() -> None:
    assert split_list("净水器；热水器") == ("water_purifier", "water_heater")
    assert in_force(TERRITORIES, "2026-09").tolist() == [False, False, True]
    status = contract_status(TERRITORIES, "2026-10").set_index("distributor_id")
    assert status.loc["D1", ["status", "months_left"]].tolist() == ["expired", -2.0]
    assert status.loc["D2", "status"] == "open"


def test_each_sale_gets_the_first_breach_that_applies() -> None:
    out = flags.outside_contract(CRAFTED, TERRITORIES, months=None)
    got = {(r.region_id, r.month, r.breach) for r in out.itertuples()}
    assert got == {
        ("450102", "2026-09", "cross.dates"),
        ("450102", "2026-10", "cross.dates"),
        ("450107", "2026-09", "cross.region"),
        ("450107", "2026-10", "cross.region"),
        ("450103", "2026-08", "cross.category"),
        ("450110", "2026-10", "cross.channel"),
    }


def test_cross_territory_flags_name_distributor_region_category_and_months() -> None:
    out = flags.breach_flags(CRAFTED, TERRITORIES, months=3, names={"D1": "南宁某商贸"})
    rows = {(r.code, r.distributor_id, r.region_id, r.category): r for r in out.itertuples()}
    region = rows[("cross.region", "D1", "450107", "净水器")]
    assert (region.months, region.units, region.severity) == ("2026-09, 2026-10", 21, "alert")
    assert region.explanation.render("zh") == "南宁某商贸在授权区域外的西乡塘区销售净水器 21 台（2026-09、2026-10）"
    assert region.explanation.render("en") == (
        "南宁某商贸 sold 21 units of 净水器 in Xixiangtang, outside its territory (2026-09, 2026-10)"
    )
    dates = rows[("cross.dates", "D1", "450102", "净水器")]
    assert (dates.months, dates.units) == ("2026-09, 2026-10", 55)
    assert dates.explanation.render("zh") == (
        "南宁某商贸在兴宁区的授权期为 2024-01 至 2026-08，却在 2026-09、2026-10 销售净水器 55 台"
    )
    category = rows[("cross.category", "D1", "450103", "热水器")]
    assert "covers 净水器 only" in category.explanation.render("en")
    channel = rows[("cross.channel", "D2", "450110", "热水器")]
    assert channel.units == 7 and "retail;project" in channel.explanation.render("en")


def test_the_rate_and_burst_rules_per_distributor() -> None:
    out = flags.cross_territory_flags(CRAFTED, TERRITORIES, months=3).set_index("distributor_id")
    d1 = out.loc["D1"]
    assert d1["units"] == 122 and d1["flagged_units"] == 82
    assert d1["breaches"] == "cross.region, cross.dates, cross.category"
    assert d1["rate_rule"] and d1["burst_rule"] and d1["flagged"]
    d2 = out.loc["D2"]
    assert d2["rate"] == pytest.approx(7 / 87) and d2["top_units"] == 7 and d2["flagged"]
    text = d1["explanation"].render("en")
    assert text.startswith("In the last 3 months, 82 of 122 units (67.2%) were sold outside the contract")
    assert "30 units in Xingning in 2026-09" in text


def test_a_few_units_outside_are_watched_not_alerted() -> None:
    sales = _sales(
        [("450110", "2026-10", 200, "D2", "热水器", "retail"), ("450107", "2026-10", 2, "D2", "x", "retail")]
    )
    out = flags.cross_territory_flags(sales, TERRITORIES, months=1)
    assert not out.loc[0, "flagged"]
    assert "watch only" in out.loc[0, "explanation"].render("en")
    assert flags.breach_flags(sales, TERRITORIES, months=1).loc[0, "severity"] == "watch"


def test_tables_without_contract_columns_authorise_every_month_and_category() -> None:
    bare = TERRITORIES[["distributor_id", "region_id"]]
    out = flags.outside_contract(CRAFTED, bare, months=None)
    assert set(out["breach"]) == {"cross.region"}


def test_exclusive_territories_that_overlap() -> None:
    extra = pd.DataFrame(
        {"distributor_id": ["D3", "D4"], "region_id": ["450110", "450110"], "since": ["2026-01", "2026-06"],
         "until": ["", "2026-03"], "exclusive": [False, False], "categories": ["热水器", ""], "channels": ["", ""]}
    )  # fmt: skip
    out = flags.exclusive_overlaps(pd.concat([TERRITORIES, extra]), names={"D2": "武鸣某电器", "D3": "第三家"})
    assert out[["distributor_id", "other_id", "region_id", "category", "months"]].to_dict("records") == [
        {"distributor_id": "D2", "other_id": "D3", "region_id": "450110", "category": "热水器", "months": "2026-01 –"}
    ]  # fmt: skip  (D4's months 2026-06..2026-03 are empty)
    assert (
        out.loc[0, "explanation"].render("zh")
        == "武鸣区独家授权给武鸣某电器，自 2026-01 起又授权给第三家（热水器重叠）"
    )


def test_expired_and_expiring_contracts() -> None:
    soon = pd.DataFrame({"distributor_id": ["D2"], "region_id": ["450110"], "until": ["2026-12"]})
    out = flags.contract_flags(pd.concat([TERRITORIES.iloc[:2], soon]), "2026-10", sales=CRAFTED, names={"D1": "甲"})
    expired = out.set_index("code").loc["contract.expired"]
    assert (expired["distributor_id"], expired["units"], expired["value"]) == ("D1", 76, -2.0)  # every unit since
    assert (
        expired["explanation"].render("zh")
        == "甲的合同已于 2026-08 到期（2 个月前），覆盖 2 个区县，到期后仍销售 76 台"
    )
    expiring = out.set_index("code").loc["contract.expiring"]
    assert (expiring["distributor_id"], expiring["value"]) == ("D2", 2.0)


def test_an_ended_distributor_that_stopped_selling_is_not_flagged() -> None:
    ended = DISTRIBUTORS.assign(status=["ended", "active"])
    quiet = CRAFTED[CRAFTED["month"] <= "2026-08"]
    assert flags.contract_flags(TERRITORIES, "2026-10", sales=quiet, distributors=ended).empty


def test_sell_in_above_the_territory_capacity() -> None:
    capacity = pd.DataFrame({"region_id": ["450102", "450103", "450110"], "capacity_units": [40.0, 20.0, 1000.0]})
    out = flags.sell_in_flags(CRAFTED, TERRITORIES, capacity, months=3)
    assert out["distributor_id"].tolist() == ["D1"]  # 122 units in 3 months = 488 a year against 60
    assert out.loc[0, "value"] == pytest.approx(488 / 60, abs=1e-3)
    assert "8.13 times" in out.loc[0, "explanation"].render("en")


def _price_sales(prices, units=1) -> pd.DataFrame:
    return pd.DataFrame(
        {"region_id": [f"4501{i:02d}" for i in range(len(prices))], "month": "2026-10", "units": units,
         "revenue": [p * units for p in prices], "product": "X1", "distributor_id": "D7"}
    )  # fmt: skip


def test_mad_example_of_methods_8() -> None:
    out = flags.price_flags_from_sales(_price_sales(MAD_PRICES)).set_index("region_id")
    scores = out.loc[[f"4501{i:02d}" for i in range(8)], "mad_score"].tolist()
    assert scores == [0.2, -2.0, 2.5, 0.2, -0.65, -40.22, 0.7, -0.2]
    assert out.index[out["flagged"]].tolist() == ["450105"]
    assert out.loc["450105", ["peer_median", "distributor_ids"]].tolist() == [2994.5, "D7"]
    assert out.loc["450105", "explanation"].render("en") == (
        "Unit price ¥2,100: 29.9% below the median ¥2,994 of 8 counties (same product, province and month), "
        "robust z -40.22 < -3.5"
    )


def test_price_floor_flags_the_same_row() -> None:
    out = flags.price_flags_from_sales(_price_sales(MAD_PRICES), {"X1": 2800})
    flagged = out[out["flagged"]]
    assert flagged["region_id"].tolist() == ["450105"]
    assert flagged["explanation"].iloc[0].render("en").startswith("Unit price ¥2,100: below the floor ¥2,800, 29.9%")
    rows = flags.price_flag_rows(out)
    assert rows[["code", "distributor_id", "region_id", "value", "threshold"]].to_dict("records") == [
        {"code": "price.floor", "distributor_id": "D7", "region_id": "450105", "value": 2100.0, "threshold": 2800.0}
    ]


def test_too_few_peers_check_the_floor_only() -> None:
    out = flags.price_flags_from_sales(_price_sales(MAD_PRICES[3:]), {"X1": 2000})  # 5 counties
    assert not out["outlier"].any() and not out["flagged"].any()


def test_all_flags_in_one_table_with_every_code_counted() -> None:
    # D2 takes in 348 units a year against 50 (D1's contract has ended: its sell-in is not weighed)
    capacity = pd.DataFrame({"region_id": ["450102", "450103", "450110"], "capacity_units": [40.0, 20.0, 50.0]})
    out = flags.all_flags(CRAFTED, TERRITORIES, distributors=DISTRIBUTORS, capacity=capacity, month="2026-10")
    assert tuple(out.columns) == flags.FLAG_COLUMNS
    counts = flags.flag_counts(out)
    assert counts[["cross.region", "cross.dates", "cross.category", "cross.channel"]].tolist() == [1, 1, 1, 1]
    assert counts[["contract.expired", "sellin.capacity", "overlap.exclusive"]].tolist() == [1, 1, 0]
    assert out["code"].map(flags.FLAG_CODES.index).is_monotonic_increasing
    assert all(text.render("zh") and text.render("en") for text in out["explanation"])
    assert "南宁某商贸" in out.loc[0, "explanation"].render("zh")


def test_flags_touching_a_province() -> None:
    table = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "foreign_regions": ["450102", "110101", "110102"]})
    seats = pd.DataFrame({"distributor_id": ["D1", "D2", "D3"], "region_id": ["110105", "450103", "110106"]})
    assert flags.touching_province(table, seats, "450000")["distributor_id"].tolist() == ["D1", "D2"]
    assert len(flags.touching_province(table, seats, "")) == 3
    rows = pd.DataFrame({"distributor_id": ["D3", "D1, D2"], "region_id": ["110101", ""]})
    assert flags.touching_province(rows, seats, "450000")["distributor_id"].tolist() == ["D1, D2"]
