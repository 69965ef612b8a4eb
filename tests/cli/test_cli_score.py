"""Command line `score`: the scored output of DATA.md from a store, to CSV, Excel or standard output."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.market.scoring import CONTRACT_COLUMNS, ScoringConfig, save_preset


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
    contributions = scores.filter(like="contrib_")
    assert contributions.shape[1] == len(ScoringConfig().criteria)
    np.testing.assert_allclose(contributions.sum(axis=1), scores["score"], atol=1e-9)
    assert scores["rank"].tolist() == list(range(1, len(scores) + 1))
    assert set(scores["tier"]) == {"A", "B", "C", "hold"}
    assert (scores.loc[scores["gate"] == "hold", "tier"] == "hold").all()
    assert scores["level"].eq("county").all() and scores["region_id"].str.len().eq(6).all()


def test_province_by_name_at_city_level_to_standard_output(demo_store: Path, capsys) -> None:
    assert main(["score", "--level", "city", "--province", "广西", "--store", str(demo_store)]) == 0
    captured = capsys.readouterr()
    scores = pd.read_csv(io.StringIO(captured.out), dtype={"province_id": "str"})
    assert len(scores) == 14 and set(scores["province_id"]) == {"450000"}
    assert "city: 14 regions scored" in captured.err


def test_weights_from_a_preset_file_and_excel_out(demo_store: Path, tmp_path: Path) -> None:
    preset = save_preset(ScoringConfig().with_weights({"yoy_growth": 0, "hhi": 0.5}), tmp_path / "mine.toml")
    out = tmp_path / "scores.xlsx"
    args = ["score", "--level", "city", "--weights", str(preset), "--out", str(out), "--store", str(demo_store)]
    assert main(args) == 0
    scores = pd.read_excel(out, sheet_name="scores")
    assert len(scores) >= 360
    assert scores["contrib_yoy_growth"].fillna(0).eq(0).all()
    assert main([*args[:4], "growth", *args[5:]]) == 0  # a bundled preset by name
    assert "contrib_hhi" not in pd.read_excel(out).columns


def test_empty_store_says_so_and_suggests_the_demo(store_dir: Path, capsys) -> None:
    assert main(["score", "--store", str(store_dir)]) == 1
    err = capsys.readouterr().err
    assert "no sales data" in err and "python -m analysis demo --store" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--province", "南宁"], "not a province"),
        (["--province", "Atlantis"], "--province"),
        (["--weights", "nonexistent"], "no preset named"),
        (["--out", "scores.txt"], ".csv or .xlsx"),
    ],
)
def test_usage_errors_exit_2(demo_store: Path, capsys, extra: list[str], message: str) -> None:
    assert main(["score", "--store", str(demo_store), *extra]) == 2
    assert message in capsys.readouterr().err
