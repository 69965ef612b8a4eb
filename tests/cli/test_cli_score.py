"""Command line `score` and `scenario`: the scored output of DATA.md with a scenario, and scenarios
saved, listed, shown, versioned, deleted and restored in the store."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.io.store import Store
from analysis.market import scenarios
from analysis.market.scoring import CONTRACT_COLUMNS


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("score-store")
    assert main(["demo", "--store", str(store)]) == 0
    return store


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"region_id": "str", "parent_id": "str", "province_id": "str"})


def test_county_scores_every_contract_column_and_contributions_add_up(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    assert main(["score", "--level", "county", "--store", str(demo_store), "--out", str(out)]) == 0
    scores = _read(out)
    assert len(scores) >= 2_800
    assert [c for c in CONTRACT_COLUMNS if c not in scores.columns] == []
    contributions = scores.filter(regex="^contrib_")
    assert contributions.shape[1] == len(scenarios.load("expansion").criteria)
    np.testing.assert_allclose(contributions.sum(axis=1), scores["score"], atol=1e-9)
    assert scores["rank"].tolist() == list(range(1, len(scores) + 1))
    assert set(scores["tier"]) == {"A", "B", "C", "hold"}
    assert (scores.loc[scores["gate"] == "hold", "tier"] == "hold").all()
    assert scores["level"].eq("county").all() and scores["region_id"].str.len().eq(6).all()
    assert scores["tier_reason"].str.startswith(("Tier A", "Tier B", "Tier C", "Hold")).all()


def test_province_by_name_at_city_level_to_standard_output(demo_store: Path, capsys) -> None:
    assert main(["score", "--level", "city", "--province", "广西", "--store", str(demo_store)]) == 0
    captured = capsys.readouterr()
    scores = pd.read_csv(io.StringIO(captured.out), dtype={"province_id": "str"})
    assert len(scores) == 14 and set(scores["province_id"]) == {"450000"}
    assert "city: 14 regions scored with scenario 'expansion'" in captured.err


def test_a_saved_scenario_and_a_toml_file_score_alike(demo_store: Path, tmp_path: Path, capsys) -> None:
    criteria = (
        scenarios.Criterion("pipeline_per_1000hh", "benefit", 0.7),
        scenarios.Criterion("capacity_units", "benefit", 0.3),
    )
    mine = dataclasses.replace(scenarios.load("expansion"), name="pipeline first", criteria=criteria)
    file = tmp_path / "mine.toml"
    file.write_text(scenarios.to_toml(mine), encoding="utf-8")
    assert main(["scenario", "save", str(file), "--store", str(demo_store), "--user", "lin"]) == 0
    by_name, by_file = tmp_path / "a.xlsx", tmp_path / "b.csv"
    common = ["score", "--level", "city", "--store", str(demo_store)]
    assert main([*common, "--scenario", "pipeline first", "--out", str(by_name), "--lang", "zh"]) == 0
    assert main([*common, "--scenario", str(file), "--out", str(by_file)]) == 0
    excel = pd.read_excel(by_name, sheet_name="scores", dtype={"行政区划代码": str})
    csv = _read(by_file)
    assert len(excel) == len(csv) >= 360
    assert sorted(c for c in csv.columns if c.startswith("contrib_")) == [
        "contrib_capacity_units",
        "contrib_pipeline_per_1000hh",
    ]
    tiers_zh = excel.set_index("行政区划代码")["潜力等级"].replace({"暂缓": "hold"})
    assert (tiers_zh.reindex(csv["region_id"]).to_numpy() == csv["tier"].to_numpy()).all()


def test_scenario_list_show_versions_delete_restore(demo_store: Path, tmp_path: Path, capsys) -> None:
    store = ["--store", str(demo_store)]
    file = tmp_path / "s.toml"
    base = dataclasses.replace(scenarios.load("balanced"), name="north")
    file.write_text(scenarios.to_toml(base), encoding="utf-8")
    assert main(["scenario", "save", str(file), *store]) == 0
    file.write_text(scenarios.to_toml(base.with_weights({"capacity_units": 1.0})), encoding="utf-8")
    assert main(["scenario", "save", str(file), *store, "--user", "wang"]) == 0
    capsys.readouterr()
    assert main(["scenario", "list", *store]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in listed[:3]] == ["expansion", "defend_and_grow", "balanced"]
    assert any(line.startswith("north\t") and "version 2 by wang" in line for line in listed)
    assert main(["scenario", "show", "north", "--version", "1", *store]) == 0
    assert scenarios.from_toml(capsys.readouterr().out) == base
    assert main(["scenario", "delete", "north", *store]) == 0
    assert "north" not in scenarios.names(Store(str(demo_store)))
    assert main(["score", "--scenario", "north", *store]) == 2
    assert main(["scenario", "versions", "north", *store]) == 0
    versions = capsys.readouterr().out.splitlines()
    assert [v.split("\t")[0] for v in versions] == ["3", "2", "1"] and versions[0].endswith("(deleted)")
    assert main(["scenario", "restore", "north", "1", *store]) == 0
    assert scenarios.load("north", Store(str(demo_store))) == base


def test_presets_are_read_only(demo_store: Path, tmp_path: Path, capsys) -> None:
    file = tmp_path / "expansion.toml"
    file.write_text(scenarios.to_toml(scenarios.load("expansion")), encoding="utf-8")
    assert main(["scenario", "save", str(file), "--store", str(demo_store)]) == 2
    assert main(["scenario", "delete", "balanced", "--store", str(demo_store)]) == 2
    assert "shipped preset" in capsys.readouterr().err


def test_an_invalid_scenario_file_is_a_data_error_naming_the_problem(demo_store: Path, tmp_path: Path, capsys) -> None:
    file = tmp_path / "bad.toml"
    file.write_text('name = "bad"\n[[criteria]]\nname = "unknown_thing"\ndirection = "benefit"\nweight = 1\n')
    assert main(["scenario", "save", str(file), "--store", str(demo_store)]) == 1
    assert "unknown_thing" in capsys.readouterr().err


def test_empty_store_says_so_and_suggests_the_demo(store_dir: Path, capsys) -> None:
    assert main(["score", "--store", str(store_dir)]) == 1
    err = capsys.readouterr().err
    assert "no sales data" in err and "python -m analysis demo --store" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--province", "南宁"], "not a province"),
        (["--province", "Atlantis"], "--province"),
        (["--scenario", "nonexistent"], "no scenario named 'nonexistent'"),
        (["--scenario", "missing.toml"], "--scenario missing.toml"),
        (["--out", "scores.txt"], ".csv or .xlsx"),
    ],
)
def test_usage_errors_exit_2(demo_store: Path, capsys, extra: list[str], message: str) -> None:
    assert main(["score", "--store", str(demo_store), *extra]) == 2
    assert message in capsys.readouterr().err
