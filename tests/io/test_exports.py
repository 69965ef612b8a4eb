"""Exports: formula injection neutralised in CSV and Excel, Chinese readable in Excel."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.io.exports import neutralise, to_csv_bytes, to_excel_bytes

RISKY = ["=1+2", "+1", "-1+2", "@SUM(A1:A2)", "\tx", "\rx", "\x00x", '=HYPERLINK("http://x","y")']


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": pd.Series(["南宁", *RISKY, None], dtype="str"),
            "units": [-5, *range(len(RISKY)), 7],
            "revenue": [-1.5, *([2.0] * len(RISKY)), np.nan],
        }
    )


@pytest.mark.parametrize("value", RISKY)
def test_risky_text_gets_an_apostrophe(value: str) -> None:
    out = neutralise(pd.DataFrame({"name": pd.Series([value], dtype="str")}))
    assert out.iloc[0, 0] == "'" + value


@pytest.mark.parametrize("value", ["南宁", "a=b", " =1", "'=1", "1-2", "", "Nanning"])
def test_harmless_text_is_unchanged(value: str) -> None:
    out = neutralise(pd.DataFrame({"name": pd.Series([value], dtype="str")}))
    assert out.iloc[0, 0] == value


def test_numbers_stay_numbers_and_input_is_not_modified() -> None:
    frame = _frame()
    before = frame.copy()
    out = neutralise(frame)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_series_equal(out["units"], frame["units"])
    pd.testing.assert_series_equal(out["revenue"], frame["revenue"])
    assert out["region"].dtype == frame["region"].dtype
    assert pd.isna(out["region"].iloc[-1])


def test_object_and_categorical_columns_and_headers_are_covered() -> None:
    frame = pd.DataFrame({"mixed": pd.Series(["=1", 3, None], dtype=object), "=cmd": pd.Categorical(["-x", "y", "-x"])})
    out = neutralise(frame)
    assert out.columns.tolist() == ["mixed", "'=cmd"]
    assert out["mixed"].tolist()[:2] == ["'=1", 3]
    assert out["'=cmd"].tolist() == ["'-x", "y", "'-x"]


def test_duplicate_column_names_survive() -> None:
    frame = pd.DataFrame([["=a", "=b"]], columns=["x", "x"])
    assert neutralise(frame).values.tolist() == [["'=a", "'=b"]]


@given(st.text(max_size=12))
def test_no_neutralised_text_starts_a_formula(text: str) -> None:
    cell = neutralise(pd.DataFrame({"t": pd.Series([text], dtype="str")})).iloc[0, 0]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\x00"))


def test_csv_has_bom_chinese_and_no_live_formulas() -> None:
    raw = to_csv_bytes(_frame())
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.columns.tolist() == ["region", "units", "revenue"]
    assert back["region"].tolist() == ["南宁", *("'" + v for v in RISKY), ""]
    assert back["units"].iloc[0] == "-5" and back["revenue"].iloc[0] == "-1.5"
    assert not any(v.startswith(("=", "+", "@")) for v in back["region"])


def test_csv_writes_integral_floats_without_decimals() -> None:
    text = to_csv_bytes(pd.DataFrame({"revenue": [360000.0, 0.125]})).decode("utf-8-sig")
    assert text.splitlines() == ["revenue", "360000", "0.125"]


def test_excel_has_no_formulas_or_links_and_keeps_values() -> None:
    raw = to_excel_bytes({"结果": _frame(), "说明": pd.DataFrame({"note": ["http://example.com", "=2*3"]})})
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<hyperlink" not in xml
    book = openpyxl.load_workbook(io.BytesIO(raw))
    assert book.sheetnames == ["结果", "说明"]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    sheet = book["结果"]
    assert [c.value for c in sheet[1]] == ["region", "units", "revenue"]
    assert sheet["A2"].value == "南宁" and sheet["A3"].value == "'=1+2"
    assert sheet["B2"].value == -5 and sheet["C2"].value == -1.5  # numbers stay numbers
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 8
    assert book["说明"]["A3"].value == "'=2*3"


def test_excel_sheet_names_are_valid_and_unique() -> None:
    long = "各地区市场评分结果与分级明细表（二〇二五年第一季度版本）"
    raw = to_excel_bytes(
        {long: pd.DataFrame({"a": [1]}), long + "!": pd.DataFrame({"a": [2]}), "a/b:c": pd.DataFrame()}
    )
    names = openpyxl.load_workbook(io.BytesIO(raw)).sheetnames
    assert all(len(n) <= 31 for n in names)
    assert len(set(names)) == 3
    assert names[0] == long[:31]
    assert names[2] == "a_b_c"


def test_excel_needs_a_sheet() -> None:
    with pytest.raises(ValueError, match="no sheets"):
        to_excel_bytes({})
