"""AppTest: the Data page flow through the front door, in both languages."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import config
from analysis.cli import main
from analysis.io.mappings import region_map
from analysis.io.store import Store
from tests.io.corpus import CASES, report_xlsx
from ui.safe import literal

ROOT = config.ROOT
GBK_SALES = '城市,月份,销量(台),销售额(元)\n南宁,2025年1月,120,"360,000"\n柳州,2025年1月,80,"240,000"\n'.encode("gbk")
BAD_SALES = "城市,月份,销量,销售额\n南宁,2025-01,-5,100\n火星,2025-01,3,100\n柳州,2025-13,3,100\n".encode()
DONE = {"zh": "已导入为销售数据的版本", "en": "Imported as version"}


@pytest.fixture(autouse=True)
def _clear_caches(store_dir: Path):
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _data_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["sidebar.lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, raw: bytes, mime: str = "text/csv") -> AppTest:
    at.file_uploader(key="data_upload").set_value((name, raw, mime)).run()
    assert not at.exception, at.exception
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _export(store_dir: Path, tmp_path: Path, kind: str = "sales") -> list[str]:
    out = tmp_path / f"{kind}.csv"
    assert main(["export", "--kind", kind, "--out", str(out), "--store", str(store_dir)]) == 0
    return out.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gbk_sales_file_imports_and_exports_canonical_values(lang: str, store_dir: Path, tmp_path: Path) -> None:
    at = _upload(_data_page(lang), "s.csv", GBK_SALES)
    assert any("GBK" in c.value for c in at.caption)  # the preview says how the file was read
    assert _table(at, "城市").value.iloc[0].tolist() == ["南宁", "2025年1月", "120", "360,000"]
    mapped = {s.label: s.value for s in at.selectbox if s.key and s.key.startswith("data.map.")}
    expected = {"城市": "region", "月份": "month", "销量(台)": "units", "销售额(元)": "revenue"}
    assert mapped == {literal(header): target for header, target in expected.items()}  # headers shown as written
    assert at.button(key="data_import").disabled is False

    at.button(key="data_import").click().run()
    assert not at.exception, at.exception
    assert any(DONE[lang] in s.value for s in at.success)
    assert Store(store_dir).current_versions() == {"sales": 1}
    assert _export(store_dir, tmp_path)[1:] == ["450100,2025-01,120,360000,,,,", "450200,2025-01,80,240000,,,,"]
    assert _table(at, "version").value["version"].tolist() == [1]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_file_shows_findings_and_cannot_be_imported(lang: str, store_dir: Path, tmp_path: Path) -> None:
    at = _upload(_data_page(lang), "good.csv", GBK_SALES)
    at.button(key="data_import").click().run()
    before = _export(store_dir, tmp_path)

    at = _upload(at, "bad.csv", BAD_SALES)
    findings = _table(at, "severity").value
    assert findings.iloc[:, 1].tolist() == [2, 3, 4]  # row numbers as the user counts them
    assert findings.iloc[:, 2].tolist() == ["销量", "城市", "月份"]
    assert at.button(key="data_import").disabled is True
    assert at.error  # the verdict says it cannot be imported
    assert at.download_button(key="data_report_download")
    assert _export(store_dir, tmp_path) == before
    assert Store(store_dir).current_versions() == {"sales": 1}


def test_findings_are_in_the_chosen_language(store_dir: Path) -> None:
    messages = {}
    for lang in ("zh", "en"):
        st.cache_data.clear()
        at = _upload(_data_page(lang), "bad.csv", BAD_SALES)
        messages[lang] = _table(at, "severity").value.iloc[0, 4]
    assert "不能为负数" in messages["zh"]
    assert "cannot be negative" in messages["en"]


def test_a_file_that_is_not_a_table_gets_a_message(store_dir: Path) -> None:
    at = _upload(_data_page("en"), "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert any("not a text table" in e.value for e in at.error)
    assert not at.button  # nothing to import


def test_saved_mapping_and_unit_are_applied_to_the_next_file(store_dir: Path, tmp_path: Path) -> None:
    header = "地市,时间,数量,金额\n"  # no unit in the header: the user says 万元
    at = _upload(_data_page("en"), "m1.csv", (header + "南宁,2025-01,120,36\n").encode("gbk"))
    assert any("recognised from its header" in i.value for i in at.info)
    at.selectbox(key=_key(at, "data.unit.")).set_value(1e4).run()
    at.button(key="data_import").click().run()
    assert _export(store_dir, tmp_path)[1] == "450100,2025-01,120,360000,,,,"

    at = _upload(at, "m2.csv", (header + "南宁,2025-02,10,2\n").encode("gbk"))
    assert any("saved for these headers" in i.value for i in at.info)
    assert at.selectbox(key=_key(at, "data.unit.")).value == 1e4
    at.button(key="data_import").click().run()
    assert _export(store_dir, tmp_path)[1:] == ["450100,2025-01,120,360000,,,,", "450100,2025-02,10,20000,,,,"]


def test_a_corrected_mapping_is_validated_again(store_dir: Path) -> None:
    at = _upload(_data_page("en"), "s.csv", "城市,月份,销量,销售额,备注\n南宁,2025-01,1,2,x\n".encode())
    at.selectbox(key=_key(at, "data.map.", ".2")).set_value("").run()  # ignore the units column
    assert "units" in _table(at, "severity").value.iloc[0, 4]
    assert at.button(key="data_import").disabled is True


@pytest.mark.parametrize("cover", [pd.DataFrame({"说明": ["这是封面"]}), pd.DataFrame()], ids=["cover", "empty"])
def test_excel_sheet_choice(cover: pd.DataFrame, store_dir: Path, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        cover.to_excel(writer, sheet_name="封面", index=False)
        pd.DataFrame({"行政区划代码": [450100.0], "月份": ["2025-03"], "销量": [5], "销售额": [1000]}).to_excel(
            writer, sheet_name="数据", index=False
        )
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = _upload(_data_page("zh"), "s.xlsx", buffer.getvalue(), xlsx)
    assert at.selectbox(key=_key(at, "data.sheet.")).value == "数据"  # the sheet holding the table is found
    assert not at.exception, at.exception
    at.button(key="data_import").click().run()
    assert _export(store_dir, tmp_path)[1] == "450100,2025-03,5,1000,,,,"


def test_restore_makes_an_earlier_version_current(store_dir: Path, tmp_path: Path) -> None:
    at = _upload(_data_page("en"), "v1.csv", GBK_SALES)
    at.button(key="data_import").click().run()
    at = _upload(at, "v2.csv", b"region,month,units,revenue\n450100,2025-02,1,2\n")
    at.button(key="data_import").click().run()
    assert Store(store_dir).current_versions() == {"sales": 2}
    assert at.metric  # the summary of what changed: an update adds February and keeps January
    assert _metrics(at)["Rows added"] == "1" and _metrics(at)["Rows removed"] == "0"

    at.selectbox(key="data.restore_pick.sales").set_value(1).run()
    at.button(key="data_restore").click().run()
    assert not at.exception, at.exception
    assert Store(store_dir).current_versions() == {"sales": 1}
    assert any("Version 1 of Sales is current again" in s.value for s in at.success)
    assert _export(store_dir, tmp_path)[1] == "450100,2025-01,120,360000,,,,"


def test_templates_download_for_every_kind_in_both_header_languages(store_dir: Path) -> None:
    at = _data_page("zh")
    assert _table(at, "地区").value.columns.tolist() == [
        "地区",
        "月份",
        "销量(台)",
        "销售额(元)",
        "品类",
        "产品",
        "经销商编号",
        "渠道",
    ]
    at.radio(key="data.template_lang.zh").set_value("en").run()
    assert _table(at, "region").value.iloc[0].tolist()[:4] == ["Nanning", "2025-01", 120, 360000]
    at.selectbox(key="data.template_kind.sales").set_value("distributors").run()
    assert _table(at, "distributor_id").value.shape == (1, 13)
    assert at.download_button(key="data_template_csv") and at.download_button(key="data_template_excel")


def _table(at: AppTest, first_column: str):
    """The st.dataframe whose first column is `first_column` (display-only tables have no key)."""
    return next(d for d in at.dataframe if d.value.columns[0] == first_column)


def _key(at: AppTest, prefix: str, suffix: str = "") -> str:
    """The key of the select whose key starts with `prefix` (the rest names the upload and its headers)."""
    return next(s.key for s in at.selectbox if s.key and s.key.startswith(prefix) and s.key.endswith(suffix))


def test_choices_survive_a_language_switch(store_dir: Path) -> None:
    at = _data_page("zh")
    at.selectbox(key="data.kind").set_value("plan").run()
    at = _upload(at, "p.csv", "城市,月份,目标,备注\n南宁,2025-01,100,7\n".encode("gbk"))
    at.selectbox(key=_key(at, "data.map.", ".3")).set_value("target_units").run()
    at.session_state["sidebar.lang"] = "en"  # what the sidebar language switch sets
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="data.kind").value == "plan"
    assert at.selectbox(key=_key(at, "data.map.", ".3")).value == "target_units"
    assert any("Validation passed" in s.value for s in at.success)


def test_the_store_dataset_shows_the_import_at_once(store_dir: Path) -> None:
    at = _upload(_data_page("en"), "s.csv", GBK_SALES)
    at.button(key="data_import").click().run()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)  # the Overview, on the imported data
    at.session_state["sidebar.lang"], at.session_state["sidebar.dataset"] = "en", "store"
    at.run()
    assert not at.exception, at.exception
    assert not any("holds no imported data" in i.value for i in at.info)
    status = _table(at, "kind").value.set_index("kind")  # the Overview's data status, kinds in English
    assert (status.loc["Sales", "version"], status.loc["Sales", "rows"]) == (1, 2)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import(at: AppTest) -> AppTest:
    at.button(key="data_import").click().run()
    assert not at.exception, at.exception
    return at


def _messages(at: AppTest) -> str:
    return " ".join(str(v) for v in _table(at, "severity").value.iloc[:, 4])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_with_title_units_and_totals_imports_in_yuan(lang: str, store_dir: Path, tmp_path: Path) -> None:
    at = _upload(_data_page(lang), "report.xlsx", report_xlsx(), XLSX)
    assert at.selectbox(key=_key(at, "data.sheet.")).value == "销售"  # the cover page is passed over
    assert at.number_input(key=_key_of(at.number_input, "data.header_row.")).value == 3
    assert "合计" in _messages(at)  # the totals row is listed as left out
    _import(at)
    assert _export(store_dir, tmp_path)[1:] == [
        "450100,2025-01,120,360000,,,,",
        "450200,2025-01,80,245000,,,,",
        "450300,2025-01,50,150000,,,,",
    ]


def _key_of(widgets, prefix: str) -> str:
    return next(w.key for w in widgets if w.key and w.key.startswith(prefix))


def _months_store(store_dir: Path, tmp_path: Path, months: int = 36) -> None:
    lines = ["region,month,units,revenue"]
    for i in range(months):
        month = f"{2023 + i // 12}-{i % 12 + 1:02d}"
        lines += [f"450100,{month},10,1000", f"450200,{month},5,500"]
    path = tmp_path / "history.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", "--kind", "sales", str(path), "--store", str(store_dir)]) == 0


def test_a_one_month_file_is_an_update_and_the_preview_says_so_before_the_write(
    store_dir: Path, tmp_path: Path
) -> None:
    _months_store(store_dir, tmp_path)
    at = _upload(
        _data_page("en"), "this_month.csv", b"region,month,units,revenue\n450100,2026-01,3,30\n450200,2026-01,4,40\n"
    )
    assert at.radio(key="data.mode").value == "update"
    plan = _metrics(at)
    assert (plan["Rows added"], plan["Rows replaced"], plan["Rows removed"]) == ("2", "0", "0")
    assert any("added 2 rows, replaced 0, removed 0" in c.value for c in at.caption)
    assert Store(store_dir).version_rows("sales") == 72  # nothing written yet
    _import(at)
    assert Store(store_dir).read("sales")["month"].nunique() == 37


def test_a_replace_that_removes_most_rows_needs_a_confirmation(store_dir: Path, tmp_path: Path) -> None:
    _months_store(store_dir, tmp_path)
    at = _upload(_data_page("en"), "m.csv", b"region,month,units,revenue\n450100,2026-01,3,30\n")
    at.radio(key="data.mode").set_value("replace").run()
    assert at.button(key="data_import").disabled is True
    assert any("more than half" in w.value for w in at.warning)
    at.checkbox(key=_key_of(at.checkbox, "data_confirm_")).check().run()
    _import(at)
    assert Store(store_dir).read("sales")["month"].tolist() == ["2026-01"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_header_row_can_be_chosen(lang: str, store_dir: Path, tmp_path: Path) -> None:
    raw = "导出时间 2025-02-01,,,\n城市,月份,销量,销售额\n南宁,2025-01,1,10\n".encode("gbk")
    at = _upload(_data_page(lang), "s.csv", raw)
    key = _key_of(at.number_input, "data.header_row.")
    assert at.number_input(key=key).value == 2
    at.number_input(key=key).set_value(1).run()  # wrong on purpose: the first row as header
    assert not at.exception, at.exception
    assert at.error  # one named column over four of data: not this table
    assert not any(b.key == "data_import" and not b.disabled for b in at.button)
    at.number_input(key=key).set_value(2).run()
    _import(at)
    assert _export(store_dir, tmp_path)[1] == "450100,2025-01,1,10,,,,"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unresolved_values_are_mapped_once_and_the_map_applies_to_the_next_file(
    lang: str, store_dir: Path, tmp_path: Path
) -> None:
    raw = (HEADER_CSV + "南宁西区,2025-01,1,10\n柳州,2025-01,2,20\n").encode("gbk")
    at = _upload(_data_page(lang), "s.csv", raw)
    assert at.button(key="data_import").disabled is True
    picker = at.selectbox(key=_key(at, "data.value."))
    assert len(picker.options) > 1 and any("450100" in o for o in picker.options)  # seeded with suggestions
    picker.set_value("450100").run()
    at.button(key="data_values_save").click().run()
    assert not at.exception, at.exception
    assert region_map(store_dir) == {"南宁西区": "450100"}
    assert at.button(key="data_import").disabled is False
    _import(at)
    at = _upload(at, "next.csv", (HEADER_CSV + "南宁西区,2025-02,3,30\n").encode("gbk"))
    assert at.button(key="data_import").disabled is False


HEADER_CSV = "城市,月份,销量,销售额\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_rows_can_be_set_aside_explicitly(lang: str, store_dir: Path, tmp_path: Path) -> None:
    raw = (HEADER_CSV + "南宁,2025-01,1,10\n火星,2025-01,2,20\n柳州,2025-01,3,30\n").encode("gbk")
    at = _upload(_data_page(lang), "s.csv", raw)
    assert at.button(key="data_import").disabled is True
    at.checkbox(key=_key_of(at.checkbox, "data_skip_")).check().run()
    assert at.download_button(key="data_set_aside_download")
    _import(at)
    assert _export(store_dir, tmp_path)[1:] == ["450100,2025-01,1,10,,,,", "450200,2025-01,3,30,,,,"]
    assert Store(store_dir).versions("sales")["set_aside"].tolist() == [1]


def test_a_file_mixing_levels_warns_at_validation(store_dir: Path) -> None:
    raw = ("区县,月份,销量,销售额\n芙蓉区,2025-01,1,10\n天心区,2025-01,2,20\n株洲市,2025-01,200,2000\n").encode("gbk")
    at = _upload(_data_page("en"), "s.csv", raw)
    assert at.warning and "mixes region levels" in _messages(at)
    assert any("Rows per level" in c.value for c in at.caption)


CORPUS = [(cls, case) for cls, cases in CASES.items() for case in cases]


@pytest.mark.parametrize(("cls", "case"), CORPUS, ids=[c.name for _, c in CORPUS])
def test_every_file_of_the_corpus_through_the_page(cls: str, case, store_dir: Path, tmp_path: Path) -> None:
    at = _data_page("en")
    if case.kind != "sales":
        at.selectbox(key="data.kind").set_value(case.kind).run()
    mime = XLSX if case.name.endswith(".xlsx") else "text/csv"
    at = _upload(at, case.name, case.raw, mime)
    if "sheet" in case.options:
        at.selectbox(key=_key(at, "data.sheet.")).set_value(case.options["sheet"]).run()
        assert not at.exception, at.exception
    if case.blocks:
        assert not at.button or at.button(key="data_import").disabled is True
        code = case.finding[0] if case.finding else ""
        assert at.error, code
        return
    _import(at)
    stored = Store(store_dir).read(case.kind)
    for column, values in case.stored.items():
        assert sorted(stored[column].tolist()) == sorted(values)
