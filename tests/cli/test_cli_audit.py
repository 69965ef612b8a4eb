"""`python -m analysis audit`: the trail newest first, filters, table in both languages, CSV."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analysis.cli import main
from analysis.io.store import Store

SALES = pd.DataFrame({"region_id": ["450102", "450103"], "month": ["2025-01", "2025-01"], "units": [1, 2],
                      "revenue": [10.0, 20.0]})  # fmt: skip


@pytest.fixture
def trail_store(store_location: str) -> str:
    """A store on each backend with three entries: an import, a scenario save, a second import."""
    store = Store(store_location)
    store.write("sales", SALES, user="li@x.cn", filename="march.csv")
    store.put_document("scenario", "mine", 'name = "mine"', user="wu@x.cn")
    store.write("plan", SALES.drop(columns=["revenue"]).assign(plan_revenue=1.0), user="wu@x.cn")
    return store_location


def _csv(capsys, *args: str) -> pd.DataFrame:
    capsys.readouterr()
    assert main(["audit", "--format", "csv", *args]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)


def test_csv_lists_every_entry_newest_first(trail_store: str, capsys) -> None:
    found = _csv(capsys, "--store", trail_store)
    assert found["action"].tolist() == ["import", "scenario.save", "import"]
    assert found["user_name"].tolist() == ["wu@x.cn", "wu@x.cn", "li@x.cn"]
    assert found["kind"].tolist() == ["plan", "", "sales"]
    assert list(found.columns) == ["id", "created_at", "user_name", "action", "kind", "name", "version_from",
                                   "version_to", "rows", "detail"]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "actions"),
    [
        (["--user", "li@x.cn"], ["import"]),
        (["--action", "scenario."], ["scenario.save"]),
        (["--kind", "sales"], ["import"]),
        (["--limit", "1"], ["import"]),
        (["--since", "2000-01-01"], ["import", "scenario.save", "import"]),
        (["--since", "2999-01-01"], []),
    ],
)
def test_filters(trail_store: str, capsys, options: list[str], actions: list[str]) -> None:
    assert _csv(capsys, "--store", trail_store, *options)["action"].tolist() == actions


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh", ["时间（UTC）", "用户", "操作", "导入", "保存方案", "销售"]),
     ("en", ["Time (UTC)", "User", "Action", "import", "scenario saved", "Sales"])],
)  # fmt: skip
def test_table_has_headers_and_actions_in_the_language(tmp_path, capsys, lang: str, words: list[str]) -> None:
    store = Store(tmp_path)
    store.write("sales", SALES, user="li@x.cn")
    store.put_document("scenario", "mine", "x", user="wu@x.cn")
    capsys.readouterr()
    assert main(["audit", "--store", str(tmp_path), "--lang", lang]) == 0
    out = capsys.readouterr().out
    for word in words:
        assert word in out
    lines = out.splitlines()
    assert "wu@x.cn" in lines[2] and "li@x.cn" in lines[3]  # newest first, under the header and its rule


def test_empty_store_says_so(tmp_path, capsys) -> None:
    assert main(["audit", "--store", str(tmp_path / "none")]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no audit entries" in captured.err


@pytest.mark.parametrize("since", ["2026-13-01", "yesterday"])
def test_bad_since_is_a_usage_error(tmp_path, capsys, since: str) -> None:
    assert main(["audit", "--store", str(tmp_path), "--since", since]) == 2
    assert "--since must be YYYY-MM-DD" in capsys.readouterr().err
