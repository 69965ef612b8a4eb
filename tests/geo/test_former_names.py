"""The derived table of former names (data/former_names.csv, scripts/build_former_names.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.geo.boundaries import load_regions
from analysis.geo.regions import load_former_names

KINDS = {"renamed", "upgraded", "recoded", "merged", "split", "newer"}


@pytest.fixture(scope="module")
def former() -> pd.DataFrame:
    return load_former_names()


def test_every_successor_is_in_the_region_table(former):
    ids = set(load_regions()["region_id"])
    successors = {rid for cell in former["successor_ids"] for rid in cell.split("|")}
    assert successors <= ids


def test_kinds_and_years(former):
    assert set(former["kind"]) <= KINDS
    years = former["year"].astype(int)
    assert years.min() == 1999 and years.max() >= 2024
    assert (former.loc[former["kind"] == "split", "successor_ids"].str.contains("|", regex=False)).all()


def test_no_former_unit_is_still_current(former):
    current = set(zip(load_regions()["region_id"], load_regions()["name"], strict=True))
    assert not any((c, n) in current for c, n in zip(former["former_code"], former["former_name"], strict=True))


@pytest.mark.parametrize(
    ("code", "name", "kind", "successors", "year"),
    [
        ("420600", "襄樊市", "renamed", "420600", 2010),
        ("110103", "崇文区", "merged", "110101", 2010),
        ("330181", "萧山市", "upgraded", "330109", 2001),
        ("341400", "巢湖市", "split", "340100|340200|340500", 2011),
        ("120107", "塘沽区", "merged", "120116", 2009),
        ("371200", "莱芜市", "merged", "370100", 2019),
        ("152600", "乌兰察布盟", "upgraded", "150900", 2004),
    ],
)
def test_known_changes(former, code, name, kind, successors, year):
    row = former[(former["former_code"] == code) & (former["former_name"] == name)]
    assert row[["kind", "successor_ids"]].values.tolist() == [[kind, successors]]
    assert int(row["year"].iloc[0]) == year


def test_coverage_by_kind(former):
    counts = former.groupby(["kind", "level"]).size().unstack(fill_value=0)
    print("\nformer names by kind and level:\n" + counts.to_string())
    assert len(former) > 1000
