"""Reading uploads (encodings, delimiters, Excel, refusals) and parsing their text cells."""

from __future__ import annotations

import datetime as dt
import io
import pickle

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.io import files as readers
from analysis.io.cells import parse_bools, parse_months, parse_numbers, parse_years, unparsed
from analysis.io.files import Limits, ReadError, read_table
from analysis.io.units import header_unit

SALES = '城市,月份,销量(台),销售额(元)\n南宁,2025年3月,12,"360,000"\n柳州,2025-04,8,240000\n'
SALES_ROWS = [["南宁", "2025年3月", "12", "360,000"], ["柳州", "2025-04", "8", "240000"]]


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(frame: pd.DataFrame) -> list[list[object]]:
    return frame.astype(object).where(frame.notna(), None).values.tolist()


# --------------------------------------------------------------------------------------
# CSV: encodings and delimiters
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16")],
)
def test_each_encoding_reads_the_same_table(encoding: str, reported: str) -> None:
    table = read_table(SALES.encode(encoding), "sales.csv")
    assert table.encoding == reported
    assert table.frame.columns.tolist() == ["城市", "月份", "销量(台)", "销售额(元)"]
    assert _cells(table.frame) == SALES_ROWS


def test_short_gbk_is_not_left_to_the_detector() -> None:
    # charset-normalizer calls this cp949 or big5 (STACK.md §5)
    table = read_table("城市,销售额\n北京,100\n".encode("gbk"), "s.csv")
    assert table.encoding == "gb18030"
    assert _cells(table.frame) == [["北京", "100"]]


def test_gb18030_only_characters() -> None:
    table = read_table("城市,销量\n𠀀镇,1\n".encode("gb18030"), "s.csv")
    assert table.frame.iloc[0, 0] == "𠀀镇"


def test_long_file_that_is_utf8_only_at_first_is_read_as_gb18030() -> None:
    start = "city,month\n" + "Nanning,2025-03\n" * 30_000  # far beyond what the sniffing looks at
    table = read_table(start.encode() + "南宁,2025-04\n".encode("gbk"), "s.csv")
    assert table.encoding == "gb18030"
    assert table.frame.iloc[-1].tolist() == ["南宁", "2025-04"]


def test_one_bad_byte_late_in_a_long_gbk_file_is_not_read_as_gb18030() -> None:
    raw = ("城市,月份\n" + "南宁,2025-03\n" * 30_000).encode("gbk") + b"\x81,2025-04\n"
    try:
        table = read_table(raw, "s.csv")
    except ReadError as exc:
        assert exc.code == "binary"
    else:
        assert table.encoding != "gb18030"


def test_pipe_that_is_half_of_a_gbk_character_does_not_split_the_cell() -> None:
    assert "亅".encode("gbk") == b"\x81|"
    table = read_table("城市|销量\n亅南宁|1\n".encode("gbk"), "s.txt")
    assert table.delimiter == "|"
    assert _cells(table.frame) == [["亅南宁", "1"]]


def test_gb18030_byte_order_mark_is_dropped() -> None:
    table = read_table("\ufeff城市,销量\n南宁,1\n".encode("gb18030"), "s.csv")
    assert table.frame.columns.tolist() == ["城市", "销量"]


def test_repeated_cells_each_keep_their_row() -> None:
    text = "城市,销量\n" + "".join(f"{c},{i}\n" for i, c in enumerate(["南宁", " 柳州 ", "南宁", "\u3000", "柳州"] * 3))
    table = read_table(text.encode("gbk"), "s.csv")
    assert table.frame["城市"].tolist() == ["南宁", "柳州", "南宁", np.nan, "柳州"] * 3
    assert table.frame["销量"].tolist() == [str(i) for i in range(15)]


_CSV_TEXT = st.text(alphabet='南宁亅𠀀€城市 \u3000,;|\t"\nx1', max_size=60).map(
    lambda rows: "城市,销量\n南宁,1\n" + rows
)


@given(_CSV_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_bytes_split_as_they_are_read_like_the_decoded_text(text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    fast = _outcome(lambda: readers._read_csv_bytes(raw, "f.csv", Limits()))
    if fast is None:
        return  # left to the general path
    decoded, found = readers._decode(raw, "f.csv")
    general = _outcome(lambda: readers._read_csv_text(decoded, found, "f.csv", Limits()))
    assert fast == general


def _outcome(read):
    """What a reader gives, comparably: None, the refusal, or the table's cells and layout."""
    try:
        table = read()
    except ReadError as exc:
        return exc.code, exc.en
    if table is None:
        return None
    return table.encoding, table.delimiter, list(table.frame.columns), _cells(table.frame), table.row_numbers.tolist()


def test_detector_is_the_last_resort() -> None:
    text = "Name;Ort;Menge\nCafé;Zürich;12\nBäckerei;Köln;3\nÉclair café;Orléans;9\nSüß;München;7\n"
    table = read_table(text.encode("cp1252"), "de.csv")
    assert table.encoding not in ("utf-8", "utf-8-sig", "gb18030")
    assert table.frame.iloc[0].tolist() == ["Café", "Zürich", "12"]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_each_delimiter(delimiter: str) -> None:
    text = SALES.replace('"360,000"', "360000").replace(",", delimiter)
    table = read_table(text.encode("utf-8"), "sales.txt")
    assert table.delimiter == delimiter
    assert table.frame.shape == (2, 4)
    assert table.frame.iloc[0].tolist() == ["南宁", "2025年3月", "12", "360000"]


@pytest.mark.parametrize(
    ("text", "delimiter", "expected"),
    [
        ("城市\t销售额\n南宁\t360,000\n", "\t", [["南宁", "360,000"]]),  # commas in a TSV stay in the cell
        ("a;b\n1,5;2\n", ";", [["1,5", "2"]]),
        ('a,b\n"x, y",2\n', ",", [["x, y", "2"]]),
    ],
)
def test_delimiter_inside_values(text: str, delimiter: str, expected: list) -> None:
    table = read_table(text.encode(), "t.csv")
    assert table.delimiter == delimiter
    assert _cells(table.frame) == expected


def test_one_column_with_ragged_lines_is_still_a_table() -> None:
    table = read_table("城市\n南宁\n柳州,广西\n".encode(), "c.csv")
    assert table.delimiter is None
    assert _cells(table.frame) == [["南宁"], ["柳州,广西"]]


def test_cells_are_text_and_nothing_is_inferred() -> None:
    text = "region,code,flag,note,blank\n450100,007,NA,null,\n450102.0,1e3,TRUE, x ,\n"
    frame = read_table(text.encode(), "t.csv").frame
    assert all(pd.api.types.is_string_dtype(d) and not pd.api.types.is_object_dtype(d) for d in frame.dtypes)
    assert _cells(frame) == [["450100", "007", "NA", "null", None], ["450102.0", "1e3", "TRUE", "x", None]]


def test_headers_are_normalised_and_unique() -> None:
    text = '\u3000城市 ,（销量）,城市,,"销售额\n(元)"\n南宁,１,x,,5\n'
    frame = read_table(text.encode("gbk"), "t.csv").frame
    assert frame.columns.tolist() == ["城市", "(销量)", "城市 (2)", "销售额 (元)"]
    assert frame.iloc[0].tolist() == ["南宁", "１", "x", "5"]  # cells keep their width; parsers fold it


def test_blank_rows_are_dropped_and_row_numbers_kept() -> None:
    text = "\n城市,销量\n南宁,1\n\n,\n  ,  \n柳州,2\n"
    table = read_table(text.encode(), "t.csv")
    assert table.frame.index.equals(pd.RangeIndex(2))
    assert _cells(table.frame) == [["南宁", "1"], ["柳州", "2"]]
    assert [table.source_row(0), table.source_row(1)] == [3, 7]
    assert table.source_rows(table.frame.index).tolist() == [3, 7]


def test_row_numbers_count_quoted_line_breaks_as_one_row() -> None:
    table = read_table(b'a,b\n"x\ny",2\n3,4\n', "t.csv")
    assert table.frame.iloc[0, 0] == "x\ny"
    assert table.source_rows([0, 1]).tolist() == [2, 3]


def test_trailing_delimiters_are_tolerated() -> None:
    table = read_table(b"a,b,c\n1,2,3,\n4,5,6,,\n", "t.csv")
    assert _cells(table.frame) == [["1", "2", "3"], ["4", "5", "6"]]


def test_row_with_more_values_than_the_header_is_refused_with_its_row() -> None:
    with pytest.raises(ReadError) as caught:
        read_table("城市,月份,销量,销售额\n南宁,2025-03,12,360000\n柳州,2025-03,8,240,000\n".encode(), "s.csv")
    assert caught.value.code == "shifted_row"
    assert "第 3 行" in caught.value.message("zh") and "Row 3" in caught.value.message("en")


def test_unclosed_quote_is_refused() -> None:
    with pytest.raises(ReadError) as caught:
        read_table(b'a,b\n"x,2\n3,4\n', "t.csv")
    assert caught.value.code == "unclosed_quote"


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return _xlsx(
        {
            "说明": [["本表为示例，数据在下一页"], ["说明文字"]],
            "销售": [
                [None],
                ["行政区划代码", "月份", "销量", "均价", "备注"],
                [450100, dt.datetime(2025, 3, 1), 12, 1234.5, "南宁"],
                [None, None, None, None, None],
                ["450102", dt.date(2025, 4, 1), 3.0, 0.1 + 0.2, True],
                [450103.0, 45658, None, -2.5, None],
            ],
        }
    )


def test_xlsx_sheet_choice_and_cell_text(workbook: bytes) -> None:
    table = read_table(workbook, "book.xlsx", sheet="销售")
    assert (table.sheet, table.sheets, table.encoding, table.delimiter) == ("销售", ("说明", "销售"), None, None)
    assert table.frame.columns.tolist() == ["行政区划代码", "月份", "销量", "均价", "备注"]
    assert _cells(table.frame) == [
        ["450100", "2025-03-01", "12", "1234.5", "南宁"],
        ["450102", "2025-04-01", "3", "0.3", "TRUE"],
        ["450103", "45658", None, "-2.5", None],
    ]
    assert table.source_rows(table.frame.index).tolist() == [3, 5, 6]


def test_xlsx_the_sheet_holding_the_table_by_default(workbook: bytes) -> None:
    table = read_table(workbook, "book.xlsx")
    assert table.sheet == "销售"  # the cover page 说明 is passed over (it used to be read as a table)
    assert table.skipped_sheets == (("说明", "cover"),)


def test_xlsx_a_chosen_cover_sheet_is_named_as_such(workbook: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_table(workbook, "book.xlsx", sheet="说明")
    assert caught.value.code == "cover_sheet"
    assert "cover" in caught.value.message("en") and "销售" in caught.value.message("en")


def test_xlsx_unknown_sheet_lists_the_sheets(workbook: bytes) -> None:
    with pytest.raises(ReadError) as caught:
        read_table(workbook, "book.xlsx", sheet="Sheet9")
    assert caught.value.code == "bad_sheet"
    assert "说明" in caught.value.message("zh") and "销售" in caught.value.message("en")


def test_xlsx_is_recognised_by_content_not_name(workbook: bytes) -> None:
    assert read_table(workbook, "export.csv", sheet="销售").sheet == "销售"


def test_xlsx_empty_sheet() -> None:
    raw = _xlsx({"空": [], "数据": [["a"], [1]]})
    table = read_table(raw, "b.xlsx")
    assert table.sheet == "数据" and table.skipped_sheets == (("空", "empty"),)
    with pytest.raises(ReadError) as caught:
        read_table(raw, "b.xlsx", sheet="空")
    assert caught.value.code == "empty_sheet"
    assert "数据" in caught.value.message("zh")


def test_xlsx_formula_cell_gives_its_cached_value_not_the_formula() -> None:
    raw = _xlsx({"s": [["a", "b"], [1, "=A2*2"]]})
    cell = read_table(raw, "f.xlsx").frame.iloc[0, 1]
    assert not (isinstance(cell, str) and cell.startswith("="))  # openpyxl-written files carry no cached value


# --------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    ("raw", "filename", "limits", "code"),
    [
        (PNG, "image.csv", Limits(), "binary"),
        (b"PK\x03\x04" + bytes(64), "archive.xlsx", Limits(), "binary"),
        (b"", "empty.csv", Limits(), "empty"),
        (b" \r\n\t\n  ", "blank.csv", Limits(), "empty"),
        (b"\xef\xbb\xbf\r\n", "bom.csv", Limits(), "empty"),
        ("城市,月份,销量,销售额\n".encode("gbk"), "header.csv", Limits(), "header_only"),
        (b"a,b\n,\n\n", "header.csv", Limits(), "header_only"),
        (b"a,b,c\n1,2,3\n", "wide.csv", Limits(max_columns=2), "too_many_columns"),
        (SALES.encode(), "big.csv", Limits(max_bytes=10), "too_large"),
        (b"a\n1\n2\n3\n", "long.csv", Limits(max_rows=2), "too_many_rows"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old.xls", Limits(), "xls_unreadable"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "web.xls", Limits(), "html"),
    ],
)
def test_refusals(raw: bytes, filename: str, limits: Limits, code: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_table(raw, filename, limits=limits)
    error = caught.value
    assert error.code == code
    assert filename in error.message("zh") and filename in error.message("en")
    assert error.message("zh") != error.message("en")
    assert str(error) == error.message("en")


def test_old_xls_says_how_to_fix_it() -> None:
    with pytest.raises(ReadError) as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old.xls")
    assert ".xlsx" in caught.value.message("zh") and "CSV" in caught.value.message("en")


def test_too_many_columns_in_excel() -> None:
    raw = _xlsx({"s": [["a", "b", "c"], [1, 2, 3]]})
    with pytest.raises(ReadError) as caught:
        read_table(raw, "w.xlsx", limits=Limits(max_columns=2))
    assert caught.value.code == "too_many_columns"


def test_read_error_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(ReadError("empty", name="x.csv")))
    assert error.code == "empty" and "x.csv" in error.message() and error.message("en").startswith("'x.csv' is empty")


# --------------------------------------------------------------------------------------
# Value parsers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("360,000", 360000.0),
        ("1,234,567.50", 1234567.5),
        ("１２０", 120.0),
        ("１２，０００", 12000.0),
        (" 42 ", 42.0),
        ("-3.5", -3.5),
        ("1e3", 1000.0),
        ("12.5%", 0.125),
        ("１２．５％", 0.125),
        ("(1,200)", -1200.0),
        ("¥3,000", 3000.0),
        ("￥3,000元", 3000.0),
        ("3000元", 3000.0),
        ("RMB 5", 5.0),
        ("5台", 5.0),
        ("120㎡", 120.0),
        ("3.6万", 36000.0),
        ("1.2亿元", 1.2e8),
        ("-", None),
        ("—", None),
        ("1,23", None),  # a decimal comma, not a thousands separator: refuse to guess
        ("12 to 15", None),
        ("abc", None),
        ("1.2M", None),
        ("inf", None),
        ("(12", None),
        (None, None),
    ],
)
def test_parse_numbers(text: str | None, expected: float | None) -> None:
    result = parse_numbers(pd.Series([text], dtype="str"))
    assert result.dtype == "float64"
    if expected is None:
        assert np.isnan(result.iloc[0])
    else:
        assert result.iloc[0] == pytest.approx(expected)


def test_parse_numbers_mixes_shapes_in_one_column() -> None:
    raw = pd.Series(["12", "1,200", "3.6万", "1,23", None, "inf", "７", " 8 ", "-"] * 200, dtype="str")
    expected = [12.0, 1200.0, 36000.0, np.nan, np.nan, np.nan, 7.0, 8.0, np.nan] * 200
    pd.testing.assert_series_equal(parse_numbers(raw), pd.Series(expected))


def test_parse_numbers_keeps_index_name_and_input() -> None:
    raw = pd.Series(["1,000", "x", "2"], index=[5, 7, 9], name="销量", dtype="str")
    before = raw.copy()
    result = parse_numbers(raw)
    pd.testing.assert_series_equal(result, pd.Series([1000.0, np.nan, 2.0], index=[5, 7, 9], name="销量"))
    pd.testing.assert_series_equal(raw, before)


def test_parse_numbers_accepts_numeric_and_object_columns() -> None:
    assert parse_numbers(pd.Series([1, 2], dtype="Int64")).tolist() == [1.0, 2.0]
    assert parse_numbers(pd.Series([1.5, "2,000", None], dtype=object)).tolist()[:2] == [1.5, 2000.0]


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_parse_numbers_reads_thousands_separators_back(n: int) -> None:
    assert parse_numbers(pd.Series([f"{n:,}", f"{n:,}.25"])).tolist() == [n, n + 0.25 if n >= 0 else n - 0.25]


def test_unparsed_ignores_blanks_and_placeholders() -> None:
    raw = pd.Series(["12", "-", None, "abc", "N/A", "无", "—"], dtype="str")
    assert unparsed(raw, parse_numbers(raw)).tolist() == [False, False, False, True, False, False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03", "2025-03"),
        ("2025-3", "2025-03"),
        ("2025/3", "2025-03"),
        ("2025/03", "2025-03"),
        ("2025.3", "2025-03"),
        ("2025年3月", "2025-03"),
        ("2025年03月", "2025-03"),
        ("２０２５年３月", "2025-03"),
        ("2025 年 3 月份", "2025-03"),
        ("2025年3月15日", "2025-03"),
        ("202503", "2025-03"),
        ("20250315", "2025-03"),
        ("2025-03-15", "2025-03"),
        ("2025/3/15", "2025-03"),
        ("2025-03-01 00:00:00", "2025-03"),
        ("2025-03-01T08:30:00", "2025-03"),
        ("03/2025", "2025-03"),
        ("Mar 2025", "2025-03"),
        ("2025-March", "2025-03"),
        ("45658", "2025-01"),
        ("45658.0", "2025-01"),
        ("2025-13", None),
        ("2025-00", None),
        ("202513", None),
        ("2025", None),
        ("12345", None),  # not a plausible Excel serial
        ("1850-03", None),
        ("next month", None),
        (None, None),
    ],
)
def test_parse_months(text: str | None, expected: str | None) -> None:
    result = parse_months(pd.Series([text], dtype="str"))
    assert pd.api.types.is_string_dtype(result.dtype)
    assert (None if pd.isna(result.iloc[0]) else result.iloc[0]) == expected


def test_parse_months_from_dates_and_numbers() -> None:
    values = pd.Series([dt.datetime(2025, 3, 9), dt.date(2024, 12, 1), 45658, 202503.0, None], dtype=object)
    assert parse_months(values).tolist()[:4] == ["2025-03", "2024-12", "2025-01", "2025-03"]
    stamps = pd.Series(pd.to_datetime(["2025-03-04", None]), index=[3, 4], name="月份")
    result = parse_months(stamps)
    assert result.iloc[0] == "2025-03" and pd.isna(result.iloc[1])
    assert result.index.tolist() == [3, 4] and result.name == "月份"


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_parse_months_reads_every_month_in_every_spelling(year: int, month: int) -> None:
    forms = [f"{year}-{month:02d}", f"{year}/{month}", f"{year}年{month}月", f"{year}{month:02d}", f"{year}-{month}-28"]
    assert set(parse_months(pd.Series(forms))) == {f"{year}-{month:02d}"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", 2025),
        ("2025年", 2025),
        ("2025年度", 2025),
        ("2025.0", 2025),
        ("2025-01", 2025),
        ("２０２５", 2025),
        (2025, 2025),
        (2025.0, 2025),
        (dt.date(2024, 5, 1), 2024),
        ("1850", None),
        ("2101", None),
        ("25", None),
        ("abc", None),
    ],
)
def test_parse_years(value: object, expected: int | None) -> None:
    result = parse_years(pd.Series([value], dtype=object))
    assert result.dtype == "Int64"
    assert (None if pd.isna(result.iloc[0]) else result.iloc[0]) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("是", True),
        ("否", False),
        ("Y", True),
        ("n", False),
        ("maybe", None),
        (None, None),
    ],
)
def test_parse_bools(value: str | None, expected: bool | None) -> None:
    result = parse_bools(pd.Series([value], dtype="str"))
    assert result.dtype == "boolean"
    assert (None if pd.isna(result.iloc[0]) else bool(result.iloc[0])) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("销售额(元)", ("销售额", 1.0)),
        ("年回款(万元)", ("年回款", 1e4)),
        ("金额（亿元）", ("金额", 1e8)),
        ("revenue (10k CNY)", ("revenue", 1e4)),
        ("Revenue (CNY mn)", ("Revenue", 1e6)),
        ("Sales ('000 RMB)", ("Sales", 1e3)),
        ("销量(台)", ("销量", 1.0)),
        ("Revenue", ("Revenue", 1.0)),
        ("销售额万元", ("销售额", 1e4)),
        ("销售额/万元", ("销售额", 1e4)),
        ("销售额【千元】", ("销售额", 1e3)),
        ("常住人口(万人)", ("常住人口", 1e4)),
        ("建筑面积(万平方米)", ("建筑面积", 1e4)),
        ("均价(元/台)", ("均价", 1.0)),
        ("面积(m²)", ("面积", 1.0)),
        ("城市(地级市)", ("城市(地级市)", 1.0)),  # brackets without a unit stay
        ("单元", ("单元", 1.0)),
        ("floor_area_m2", ("floor_area_m2", 1.0)),
    ],
)
def test_header_unit(header: str, expected: tuple[str, float]) -> None:
    assert header_unit(header) == expected
