"""Saved column mappings and the region map: kept as store documents, found again for the same headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.io.columns import Mapping, mapping_signature
from analysis.io.mappings import (
    COLUMN_MAPPINGS,
    REGION_MAPS,
    find_mapping,
    mapping_name,
    read_region_map,
    region_map,
    save_mapping,
    save_region_map,
    saved_key,
)
from analysis.io.store import Store

HEADERS = ["城市", "月份", "销量", "金额"]
MAPPING = Mapping(
    columns=(("城市", "region"), ("月份", "month"), ("销量", "units"), ("金额", "revenue")),
    money_units=(("revenue", 10000.0),),
)


def test_saved_mapping_is_a_store_document_found_for_the_same_headers(tmp_path: Path) -> None:
    name = save_mapping(tmp_path, "sales", MAPPING, HEADERS)
    store = Store(tmp_path)
    assert name == mapping_name("sales", HEADERS)
    assert store.documents(COLUMN_MAPPINGS)["name"].tolist() == [name]
    assert find_mapping(store, "sales", HEADERS) == MAPPING
    assert not (tmp_path / "mappings").exists()  # no files beside the store any more
    assert store.audit(action="column_mapping.save")["name"].tolist() == [name]


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


def test_saving_again_makes_a_newer_version(tmp_path: Path) -> None:
    save_mapping(tmp_path, "sales", MAPPING, HEADERS)
    changed = Mapping(columns=MAPPING.columns)
    save_mapping(tmp_path, "sales", changed, HEADERS)
    assert find_mapping(tmp_path, "sales", HEADERS) == changed
    versions = Store(tmp_path).document_versions(COLUMN_MAPPINGS, mapping_name("sales", HEADERS))
    assert versions["version"].tolist() == [2, 1]


def test_a_mapping_saved_as_a_file_by_an_earlier_version_moves_into_the_store(tmp_path: Path) -> None:
    legacy = tmp_path / "mappings" / f"sales-{mapping_signature(HEADERS)}.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text(MAPPING.to_json(), encoding="utf-8")
    assert find_mapping(tmp_path, "sales", HEADERS) == MAPPING
    assert Store(tmp_path).document(COLUMN_MAPPINGS, mapping_name("sales", HEADERS)) is not None


def test_a_damaged_document_counts_as_no_mapping(tmp_path: Path) -> None:
    Store(tmp_path).put_document(COLUMN_MAPPINGS, mapping_name("sales", HEADERS), "{not json")
    assert find_mapping(tmp_path, "sales", HEADERS) is None


def test_columns_the_kind_does_not_have_are_dropped(tmp_path: Path) -> None:
    mapping = Mapping(columns=(("城市", "region"), ("月份", "no_such_column"), ("销量", "province")))
    save_mapping(tmp_path, "sales", mapping, ["城市", "月份", "销量"])
    found = find_mapping(tmp_path, "sales", ["城市", "月份", "销量"])
    assert found is not None and found.columns == (("城市", "region"), ("销量", "province"))


def test_unknown_kind_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="unknown kind"):
        save_mapping(tmp_path, "salez", MAPPING, HEADERS)
    assert not Store(tmp_path).exists()


def test_no_store_yet_means_no_mapping_and_no_region_map(tmp_path: Path) -> None:
    assert find_mapping(tmp_path / "none", "sales", HEADERS) is None
    assert region_map(tmp_path / "none") == {}
    assert saved_key(tmp_path / "none") == ((), ())


def test_region_map_entries_add_up_and_can_be_forgotten(tmp_path: Path) -> None:
    save_region_map(tmp_path, {"南宁西": "450100", "邕州": "450100"})
    save_region_map(tmp_path, {"南寧西": None, "桂林东": "450300"})  # the traditional spelling is the same value
    assert region_map(tmp_path) == {"邕州": "450100", "桂林东": "450300"}
    assert Store(tmp_path).documents(REGION_MAPS)["name"].tolist() == ["regions"]


@pytest.mark.parametrize("form", ["csv", "json"])
def test_region_map_files_for_the_command_line(tmp_path: Path, form: str) -> None:
    path = tmp_path / f"map.{form}"
    if form == "csv":
        path.write_bytes("原值,地区\n南宁西,450100\n邕州,南宁\n".encode("gbk"))
    else:
        path.write_text(json.dumps({"南宁西": "450100", "邕州": "南宁"}, ensure_ascii=False), encoding="utf-8")
    assert read_region_map(path) == {"南宁西": "450100", "邕州": "南宁"}
