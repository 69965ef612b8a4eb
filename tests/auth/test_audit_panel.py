"""The audit panel of the Data page (ui/audit.py), through AppTest: filters and words in both languages."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.io.store import Store

SALES = pd.DataFrame({"region_id": ["450102"], "month": ["2025-01"], "units": [1], "revenue": [10.0]})


def _panel(location: str, lang: str) -> None:
    import dataclasses

    from ui.audit import audit_panel
    from ui.context import context

    audit_panel(dataclasses.replace(context(), lang=lang, store_location=location))


@pytest.fixture
def trail(tmp_path) -> str:
    store = Store(tmp_path)
    store.write("sales", SALES, user="li@x.cn", filename="<a href='x'>march</a>.csv")
    store.put_document("scenario", "mine", "x", user="wu@x.cn")
    return str(tmp_path)


def _run(location: str, lang: str) -> AppTest:
    at = AppTest.from_function(_panel, args=(location, lang), default_timeout=60).run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("lang", "action"), [("zh", "导入"), ("en", "import")])
def test_the_trail_is_shown_newest_first_in_the_language(trail: str, lang: str, action: str) -> None:
    at = _run(trail, lang)
    shown = at.dataframe[0].value
    assert shown["audit_user"].tolist() == ["wu@x.cn", "li@x.cn"]
    assert shown["audit_action"].tolist()[1] == action
    assert "<a href='x'>march</a>.csv" in shown["audit_detail"].iloc[1]  # as text, in a data grid


def test_filters_narrow_the_trail(trail: str) -> None:
    at = _run(trail, "en")
    at.selectbox(key="data.audit_user").select("li@x.cn").run()
    assert at.dataframe[0].value["audit_user"].tolist() == ["li@x.cn"]
    at.selectbox(key="data.audit_user").select("").run()
    at.selectbox(key="data.audit_action").select("scenario.").run()
    assert at.dataframe[0].value["audit_action"].tolist() == ["scenario saved"]
    at.selectbox(key="data.audit_kind").select("plan").run()
    assert len(at.dataframe) == 0 and "No entries match." in [i.value for i in at.info]


def test_an_empty_store_says_so(tmp_path) -> None:
    at = _run(str(tmp_path / "none"), "zh")
    assert [i.value for i in at.info] == ["没有符合条件的记录。"]
