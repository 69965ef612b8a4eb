"""`python -m analysis territories design`: Guangxi into six contiguous, balanced territories; locks,
seeds, files, saving into the store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.geo.boundaries import load_boundaries, load_regions
from analysis.io.store import Store
from analysis.territories.shapes import territory_shapes

GUANGXI = "450000"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("territories-store")
    assert main(["demo", "--store", str(store)]) == 0
    return store


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"region_id": str, "territory_id": str, "distributor_id": str})


def test_guangxi_into_six_contiguous_territories_within_five_percent(demo_store: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "guangxi.csv"
    code = main(["territories", "design", "--scope", "广西", "--k", "6", "--balance", "capacity=1", "--tolerance",
                 "0.05", "--out", str(out), "--store", str(demo_store)])  # fmt: skip
    assert code == 0
    rows = _read(out)
    counties = load_regions("county").query("province_id == @GUANGXI")
    assert sorted(rows["region_id"]) == sorted(counties["region_id"])  # one row per county
    assert rows["territory_id"].nunique() == 6
    capacity = rows.groupby("territory_id")["capacity_units"].sum()
    assert (capacity / capacity.mean() - 1).abs().max() <= 0.05 + 1e-9  # each within 5 % of the mean
    # contiguity on the map: the union of each territory's county polygons is one piece
    shapes = territory_shapes(rows.set_index("region_id")["territory_id"], load_boundaries("county"))
    assert shapes["connected"].all(), shapes[["territory", "parts", "connected"]]
    said = capsys.readouterr().err
    assert "6 territories over 111 counties" in said and "every territory contiguous" in said


def test_two_balance_variables_and_excel_output(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "guangxi.xlsx"
    balance = ["--balance", "capacity=0.7,whitespace=0.3", "--tolerance", "0.05"]
    code = main(["territories", "design", "--scope", "Guangxi", "--k", "6", *balance, "--out", str(out),
                 "--store", str(demo_store)])  # fmt: skip
    assert code == 0
    rows = pd.read_excel(out, dtype=str, engine="openpyxl")
    assert {"region_id", "territory_id", "capacity_units", "whitespace_units"} <= set(rows.columns)
    assert rows["territory_id"].nunique() == 6


def test_locks_and_seeds_from_files(demo_store: Path, tmp_path: Path) -> None:
    lock = tmp_path / "locks.csv"
    lock.write_text("region_id,territory\n450102,North\n450103,North\n", encoding="utf-8")
    seed = tmp_path / "seeds.csv"
    seed.write_text("territory,region_id\nWest,451002\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    code = main(["territories", "design", "--scope", "450000", "--k", "4", "--lock", str(lock), "--seed", str(seed),
                 "--tolerance", "0.10", "--out", str(out), "--store", str(demo_store)])  # fmt: skip
    assert code == 0
    rows = _read(out).set_index("region_id")["territory_id"]
    assert rows["450102"] == rows["450103"] == "North"
    assert rows["451002"] == "West"
    assert rows.nunique() == 4


def test_save_makes_the_design_the_current_territories(demo_store: Path, tmp_path: Path, capsys) -> None:
    store = Store(str(demo_store))
    before = store.current_versions()["territories"]
    distributors = store.read("distributors")
    seats = distributors[distributors["region_id"].str.startswith("45") & (distributors["status"] != "ended")]
    seed = tmp_path / "seeds.csv"
    seats.head(3)[["distributor_id", "region_id"]].rename(columns={"distributor_id": "territory"}).to_csv(
        seed, index=False
    )
    code = main(["territories", "design", "--scope", "广西", "--k", "3", "--seed", str(seed), "--tolerance", "0.10",
                 "--save", "--store", str(demo_store)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    assert store.current_versions()["territories"] == before + 1
    saved = store.read("territories")
    guangxi = saved[saved["region_id"].str.startswith("45")]
    live = guangxi[(guangxi["since"].fillna("") <= "2026-11") & (guangxi["until"].fillna("9999") >= "2026-11")]
    assert set(live["distributor_id"]) == set(seats.head(3)["distributor_id"])
    assert live["region_id"].nunique() == 111
    outside = saved[~saved["region_id"].str.startswith("45")]
    assert len(outside) == len(store.read("territories", before).query("~region_id.str.startswith('45')"))
    assert store.audit(kind="territories").iloc[0]["action"] == "design"
    assert "saved as version" in capsys.readouterr().err


def test_save_refuses_territories_nobody_holds(demo_store: Path, capsys) -> None:
    versions = Store(str(demo_store)).current_versions()["territories"]
    assert main(["territories", "design", "--scope", "广西", "--k", "8", "--save", "--store", str(demo_store)]) == 1
    assert "cannot save" in capsys.readouterr().err
    assert Store(str(demo_store)).current_versions()["territories"] == versions


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--balance", "height=1"], "unknown balance variable"),
        (["--out", "x.txt"], "must end in .csv or .xlsx"),
        (["--lock", "missing.csv"], "missing.csv"),
    ],
)
def test_usage_errors_exit_2(demo_store: Path, capsys, extra, message) -> None:
    code = main(["territories", "design", "--scope", "广西", "--k", "6", *extra, "--store", str(demo_store)])
    assert code == 2
    assert message in capsys.readouterr().err


def test_an_empty_store_says_so(store_dir: Path, capsys) -> None:
    assert main(["territories", "design", "--scope", "广西", "--k", "6", "--store", str(store_dir)]) == 1
    assert "import sales first" in capsys.readouterr().err


def test_the_built_in_demo_without_a_store(tmp_path: Path) -> None:
    out = tmp_path / "demo.csv"
    assert main(["territories", "design", "--scope", "广西", "--k", "6", "--demo", "--out", str(out)]) == 0
    assert _read(out)["territory_id"].nunique() == 6
