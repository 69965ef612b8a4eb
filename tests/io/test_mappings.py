"""Saved column mappings: found again for the same headers, never for others."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.io.columns import Mapping
from analysis.io.mappings import find_mapping, mapping_path, save_mapping

HEADERS = ["城市", "月份", "销量", "金额"]
MAPPING = Mapping(
    columns=(("城市", "region"), ("月份", "month"), ("销量", "units"), ("金额", "revenue")),
    money_units=(("revenue", 10000.0),),
)


def test_saved_mapping_is_found_for_the_same_headers(tmp_path: Path) -> None:
    path = save_mapping(tmp_path, "sales", MAPPING, HEADERS)
    assert path == mapping_path(tmp_path, "sales", HEADERS) and path.parent.name == "mappings"
    assert find_mapping(tmp_path, "sales", HEADERS) == MAPPING


def test_order_case_and_full_width_do_not_matter_and_the_file_spelling_is_used(tmp_path: Path) -> None:
    mapping = Mapping(columns=(("City", "region"), ("销售额(元)", "revenue")))
    save_mapping(tmp_path, "sales", mapping, ["City", "销售额(元)"])
    found = find_mapping(tmp_path, "sales", ["销售额（元）", "city"])
    assert found is not None
    assert dict(found.columns) == {"city": "region", "销售额（元）": "revenue"}


@pytest.mark.parametrize(
    ("kind", "headers"),
    [("sales", ["城市", "月份", "销量"]), ("plan", HEADERS), ("sales", [*HEADERS, "备注"])],
    ids=["fewer headers", "another kind", "more headers"],
)
def test_no_mapping_for_other_headers_or_kinds(tmp_path: Path, kind: str, headers: list[str]) -> None:
    save_mapping(tmp_path, "sales", MAPPING, HEADERS)
    assert find_mapping(tmp_path, kind, headers) is None


def test_saving_again_replaces_the_earlier_choice(tmp_path: Path) -> None:
    save_mapping(tmp_path, "sales", MAPPING, HEADERS)
    changed = Mapping(columns=MAPPING.columns)
    save_mapping(tmp_path, "sales", changed, HEADERS)
    assert find_mapping(tmp_path, "sales", HEADERS) == changed
    assert [p.name for p in (tmp_path / "mappings").iterdir()] == [mapping_path(tmp_path, "sales", HEADERS).name]


def test_a_damaged_file_counts_as_no_mapping(tmp_path: Path) -> None:
    path = mapping_path(tmp_path, "sales", HEADERS)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert find_mapping(tmp_path, "sales", HEADERS) is None


def test_columns_the_kind_does_not_have_are_dropped(tmp_path: Path) -> None:
    mapping = Mapping(columns=(("城市", "region"), ("月份", "no_such_column"), ("销量", "province")))
    save_mapping(tmp_path, "sales", mapping, ["城市", "月份", "销量"])
    found = find_mapping(tmp_path, "sales", ["城市", "月份", "销量"])
    assert found is not None and found.columns == (("城市", "region"), ("销量", "province"))


def test_unknown_kind_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="unknown kind"):
        save_mapping(tmp_path, "salez", MAPPING, HEADERS)
    assert not (tmp_path / "mappings").exists()
