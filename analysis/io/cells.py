"""Parsing text cells: numbers, months, years, yes/no and discounts, vectorised.

Each parser takes a column of text cells (as `analysis.io.files.read_table` gives them) and returns
values with NaN/NA where a cell cannot be read, so that the caller can report it with its row.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Patterns avoid \d, \s and \u escapes so that pandas can hand them to pyarrow's RE2 kernels
# (its Python fallback is about 20 times slower on a million rows).
_PLAIN_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_GROUPED_NUMBER = r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?"
_CELL_NUMBER = (
    r"^(?P<open>\()?(?P<sign>[-+−])?(?:¥|\$|RMB|CNY|rmb|cny|人民币)?(?P<sign2>[-+−])?"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?:[eE](?P<exp>[-+]?[0-9]+))?(?P<pct>%|‰)?(?P<mult>万亿|千万|百万|十万|亿|万|千|k|K)?"
    r"(?P<unit>(?:[一-鿿]|/|yuan|YUAN|Yuan|rmb|RMB|cny|CNY|pcs|PCS|units|unit|sets|set|sqm|m2|km2)*)"
    r"(?P<close>\))?$"
)
_CELL_MULTIPLIERS = {
    "千": 1e3,
    "k": 1e3,
    "K": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "万亿": 1e12,
}
PLACEHOLDERS = frozenset(
    {"-", "--", "---", "—", "——", "–", "/", "\\", "n/a", "na", "nan", "null", "none", "无", "暂无", "空", "#n/a",
     "#value!", "#ref!", "#div/0!", "#name?", "#null!", "#num!", "?", "？", "*", "x", "xx"}
)  # fmt: skip


def _extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """`text.str.extract(pattern)`, straight through pyarrow's RE2 kernel when the column is Arrow-backed.

    The pandas wrapper costs about 2 s per million cells on top of it.
    """
    if not isinstance(text.array, pd.arrays.ArrowStringArray):
        return text.str.extract(pattern)
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.extract_regex(pa.array(text.array), pattern)
    parts = pd.DataFrame(
        {name: pd.array(pc.struct_field(found, name), dtype="str") for name in re.compile(pattern).groupindex},
        index=text.index,
    )
    # RE2 reports a group that took no part in the match as "", `re` as missing
    return parts.where(parts != "")


def _as_text(s: pd.Series) -> pd.Series:
    """`s` as pandas str: NFKC only where a cell is not ASCII, then stripped."""
    text = s if pd.api.types.is_string_dtype(s) and not pd.api.types.is_object_dtype(s) else s.astype("str")
    wide = ~text.str.isascii().fillna(True).astype(bool)
    if wide.any():
        text = text.mask(wide, text[wide].str.normalize("NFKC"))
    return text.str.strip()


def parse_numbers(s: pd.Series) -> pd.Series:
    """Numbers as people type them, as float64; NaN where a cell is not a number.

    Handles full-width digits, spaces, thousands separators, currency marks (¥ ￥ 元 RMB),
    trailing units (台, 套, 人, m²), scale words in a cell (3.6万 -> 36000), percentages
    (12.5% -> 0.125) and accounting negatives ((1,200) -> -1200). Thousands separators must
    group by three, so "1,23" (a decimal comma?) is NaN rather than 123.

    Parameters
    ----------
    s : Series
        Text (or already numeric) cells. Not modified.

    Returns
    -------
    Series of float64 with the index and name of `s`.

    Examples
    --------
    >>> parse_numbers(pd.Series(["360,000", "１２０", "12.5%", "(1,200)", "¥3,000元", "-", "5台"])).tolist()
    [360000.0, 120.0, 0.125, -1200.0, 3000.0, nan, 5.0]
    """
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return pd.Series(s.to_numpy(dtype="float64", na_value=np.nan), index=s.index, name=s.name, dtype="float64")
    text = s if pd.api.types.is_string_dtype(s) and not pd.api.types.is_object_dtype(s) else s.astype("str")
    cells = pa.array(text.array)
    out = _cast_numbers(cells)
    if out is None:
        out = np.full(len(text), np.nan)
        rest = text.notna().to_numpy().copy()  # a read-only view under copy-on-write
        comma = _flags(pc.match_substring(cells, ","))
        # Cheap passes first for the common shapes ("360000", "360,000"), the rest the long way.
        # A plain number has no comma and a grouped one has, so each pass reads only its cells.
        for pattern, grouped in ((_PLAIN_NUMBER, False), (_GROUPED_NUMBER, True)):
            where = np.flatnonzero(rest & (comma if grouped else ~comma))
            if not where.size:
                continue
            candidates = cells if where.size == len(cells) else cells.take(where)
            hit = _flags(pc.match_substring_regex(candidates, f"^(?:{pattern})$"))
            found = candidates if hit.all() else candidates.filter(hit)
            if grouped:
                found = pc.replace_substring(found, ",", "")
            out[where[hit]] = pc.cast(found, pa.float64()).to_numpy(zero_copy_only=False)
            rest[where[hit]] = False
        if rest.any():
            out[rest] = _parse_formatted_numbers(text[rest])
    out = np.where(np.isfinite(out), out, np.nan)  # also a writable copy of a zero-copy cast
    return pd.Series(out, index=s.index, name=s.name, dtype="float64")


def _cast_numbers(cells: pa.ChunkedArray) -> np.ndarray | None:
    """Every cell as float64 when pyarrow can cast the whole column (plain numbers, blanks), else None.

    A cast that fails on many cells costs more than the regex passes, so a sample spread over
    the column is cast first; what pyarrow accepts beyond plain numbers ("inf", "nan") is not
    finite and ends up NaN, as the long way would have it.
    """
    sample = cells.take(np.linspace(0, len(cells) - 1, min(len(cells), 1000), dtype=np.int64))
    try:
        pc.cast(sample, pa.float64())
        return pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        return None


def _flags(mask: pa.ChunkedArray) -> np.ndarray:
    """An Arrow boolean column as a numpy mask, null as False."""
    return pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


def _parse_formatted_numbers(text: pd.Series) -> np.ndarray:
    """The slow path of `parse_numbers`, for cells that are not plain numbers."""
    text = _as_text(text).str.replace(" ", "", regex=False).str.replace("\t", "", regex=False)
    parts = _extract(text, _CELL_NUMBER)
    value = parts["num"].str.replace(",", "", regex=False).astype("float64")
    if parts["exp"].notna().any():
        value = value * 10.0 ** parts["exp"].astype("float64").fillna(0.0)
    value = value / np.where(parts["pct"] == "%", 100.0, np.where(parts["pct"] == "‰", 1000.0, 1.0))
    if parts["mult"].notna().any():
        value = value * parts["mult"].map(_CELL_MULTIPLIERS).astype("float64").fillna(1.0)
    minus = parts["sign"].isin(["-", "−"]) | parts["sign2"].isin(["-", "−"]) | parts["open"].notna()
    value = value.where(~minus, -value)
    # "(1,200)" is negative; a lone "(" or ")" is not a number
    unbalanced = parts["open"].notna() != parts["close"].notna()
    return value.mask(unbalanced).to_numpy(dtype="float64", na_value=np.nan)


def unparsed(raw: pd.Series, parsed: pd.Series) -> pd.Series:
    """Cells that hold something but did not parse: what the caller should report.

    Empty cells and placeholders for "no value" ("-", "—", "/", "N/A", "无", "暂无") are not
    reported; they are simply missing.

    >>> raw = pd.Series(["12", "-", None, "abc"])
    >>> unparsed(raw, parse_numbers(raw)).tolist()
    [False, False, False, True]
    """
    present = raw.notna().to_numpy()
    placeholder = np.zeros(len(raw), dtype=bool)
    if present.any():
        text = _as_text(raw[present]).str.lower()
        placeholder[present] = text.isin(PLACEHOLDERS).to_numpy() | (text == "").to_numpy()
    return pd.Series(present & ~placeholder & parsed.isna().to_numpy(), index=raw.index, name=raw.name)


def _by_unique(s: pd.Series, parse_uniques) -> tuple[np.ndarray, np.ndarray]:
    """Factorise `s`, parse its distinct values once, and return (codes, parsed uniques)."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    return codes, parse_uniques(pd.Index(uniques))


def _spread(codes: np.ndarray, parsed: np.ndarray, fill: object) -> np.ndarray:
    values = np.append(parsed, np.array([fill], dtype=parsed.dtype))
    return values[np.where(codes < 0, len(parsed), codes)]


_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"^(?:"
    r"(?P<y1>[0-9]{4})[-/._](?P<m1>[0-9]{1,2})(?:[-/._][0-9]{1,2})?(?:[ t][0-9:.+-]*)?"
    r"|(?P<y2>[0-9]{4}) *年 *(?P<m2>[0-9]{1,2}) *月份?(?: *[0-9]{1,2} *[日号])?"
    r"|(?P<y3>[0-9]{4})(?P<m3>[0-9]{2})(?:[0-9]{2})?(?:\.0+)?"
    r"|(?P<y7>(?:19|20|21)[0-9]{2})(?P<m7>[1-9])(?:\.0+)?"
    r"|(?P<serial>[0-9]{5})(?:\.[0-9]*)?"
    r"|(?P<m4>[0-9]{1,2})[-/.](?P<y4>[0-9]{4})"
    r"|(?P<n5>[a-z]{3,9})\.?[ ,/-]*(?P<y5>[0-9]{4})"
    r"|(?P<y6>[0-9]{4})[ ,/-]*(?P<n6>[a-z]{3,9})"
    r")$"
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Excel serial days read as months: 1980-01-01 to 2100-12-31. Earlier five-digit numbers are not
# dates of a sales file; 19001-21009 are years and months written together (=YEAR()&MONTH()).
_SERIAL_FIRST, _SERIAL_LAST = 29221, 73415


def parse_months(s: pd.Series) -> pd.Series:
    """Months in any common spelling, as "YYYY-MM" text; NaN where a cell is not a month.

    Accepts 2025-03, 2025-3, 2025/3, 2025.3, 2025年3月, 202503, 20253 (year and month written
    together, as =YEAR()&MONTH() gives), full dates (2025-03-15, 2025/3/15, "2025-03-01 00:00:00",
    2025年3月15日, 20250315), 03/2025, Mar 2025, Excel serial day numbers of 1980-2100
    (45658 -> 2025-01; 20253 is never day 20253, a date in 1955) and datetime values.
    Month 0 or 13 and years outside 1900-2100 are NaN. Each distinct value is parsed once.

    Parameters
    ----------
    s : Series
        Cells to parse. Not modified.

    Returns
    -------
    Series of pandas str with the index and name of `s`.

    Examples
    --------
    >>> parse_months(pd.Series(["2025年3月", "2025/3/15", "202503", "45658", "2025-13", "20253"])).tolist()
    ['2025-03', '2025-03', '2025-03', '2025-01', nan, '2025-03']
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.strftime("%Y-%m").astype("str").rename(s.name)
    codes, parsed = _by_unique(s, _parse_month_uniques)
    # An Arrow take: turning a million-cell object array into str would cost several times more.
    labels = pa.array(parsed, pa.large_string()).take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(labels, dtype="str"), index=s.index, name=s.name)


def _parse_month_uniques(uniques: pd.Index) -> np.ndarray:
    out = np.full(len(uniques), None, dtype=object)
    values = uniques.to_numpy(dtype=object)
    stamps = np.array([isinstance(v, dt.date) for v in values], dtype=bool)
    for i in np.flatnonzero(stamps):
        out[i] = values[i].strftime("%Y-%m")
    rest = ~stamps
    if not rest.any():
        return out
    text = _as_text(pd.Series([_number_text(v) for v in values[rest]], dtype="str")).str.lower()
    parts = _extract(text, _MONTH)
    year = parts["y1"].fillna(parts["y2"]).fillna(parts["y3"]).fillna(parts["y4"]).fillna(parts["y5"])
    year = year.fillna(parts["y6"]).fillna(parts["y7"]).astype("float64")
    month = parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]).fillna(parts["m4"]).fillna(parts["m7"])
    month = month.astype("float64")
    named = parts["n5"].fillna(parts["n6"]).map(_MONTH_NAMES).astype("float64")
    month = month.fillna(named)
    serial = parts["serial"].astype("float64")
    serial = serial.where(serial.between(_SERIAL_FIRST, _SERIAL_LAST))
    days = _EXCEL_EPOCH + pd.to_timedelta(serial.fillna(0), unit="D")
    year = year.fillna(days.dt.year.astype("float64").where(serial.notna()))
    month = month.fillna(days.dt.month.astype("float64").where(serial.notna()))
    ok = year.between(1900, 2100) & month.between(1, 12)
    labels = (
        year.fillna(0).astype("int64").astype("str") + "-" + month.fillna(0).astype("int64").astype("str").str.zfill(2)
    )
    out[rest] = labels.where(ok).to_numpy(dtype=object, na_value=None)
    return out


def _number_text(value: object) -> object:
    """Numbers from Excel or numeric columns as text: 202503.0 -> "202503"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if math.isfinite(value) and float(value).is_integer() else str(value)
    return value


_YEAR = r"^(?:fy)?(?P<y>[0-9]{4})(?:\.0+)?(?: *年度?| *财年|[-/.年][0-9]{1,2}.*)?$"


def parse_years(s: pd.Series) -> pd.Series:
    """Years as Int64: 2025, "2025年", "2025年度", 2025.0, "2025-01", dates; NA outside 1900-2100.

    Parameters
    ----------
    s : Series
        Cells to parse. Not modified.

    Returns
    -------
    Series of Int64 with the index and name of `s`.

    Examples
    --------
    >>> parse_years(pd.Series(["2025", "2025年", "2025.0", "2025-01", "1850", "abc"])).tolist()
    [2025, 2025, 2025, 2025, <NA>, <NA>]
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.year.astype("Int64").rename(s.name)
    codes, parsed = _by_unique(s, _parse_year_uniques)
    years = pd.array(_spread(codes, parsed, np.nan), dtype="Float64")
    return pd.Series(years, index=s.index, name=s.name).astype("Int64")


def _parse_year_uniques(uniques: pd.Index) -> np.ndarray:
    values = uniques.to_numpy(dtype=object)
    out = np.full(len(values), np.nan)
    stamps = np.array([isinstance(v, dt.date) for v in values], dtype=bool)
    out[stamps] = [v.year for v in values[stamps]]
    rest = ~stamps
    if rest.any():
        text = _as_text(pd.Series([_number_text(v) for v in values[rest]], dtype="str")).str.lower()
        out[rest] = _extract(text, _YEAR)["y"].astype("float64").to_numpy(na_value=np.nan)
    out[(out < 1900) | (out > 2100)] = np.nan
    return out


_TRUE = frozenset({"yes", "y", "true", "t", "1", "1.0", "是", "有", "对", "√", "✓", "✔"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "0.0", "否", "无", "不", "错", "×", "✗", "✘"})


def parse_bools(s: pd.Series) -> pd.Series:
    """Yes/no cells as nullable boolean: yes/no, true/false, 1/0, 是/否, Y/N; NA otherwise.

    Parameters
    ----------
    s : Series
        Cells to parse. Not modified.

    Returns
    -------
    Series of "boolean" with the index and name of `s`.

    Examples
    --------
    >>> parse_bools(pd.Series(["是", "否", "Yes", "0", "maybe"])).tolist()
    [True, False, True, False, <NA>]
    """
    if pd.api.types.is_bool_dtype(s):
        return s.astype("boolean")
    codes, parsed = _by_unique(s, _parse_bool_uniques)
    return pd.Series(pd.array(_spread(codes, parsed, None), dtype="boolean"), index=s.index, name=s.name)


def _parse_bool_uniques(uniques: pd.Index) -> np.ndarray:
    text = _as_text(pd.Series([_number_text(v) for v in uniques], dtype="str")).str.lower()
    truth = np.where(text.isin(_TRUE), True, np.where(text.isin(_FALSE), False, None))
    return truth.astype(object)


_DISCOUNT = r"^(?P<n>[0-9]+(?:\.[0-9]+)?) *折$"


def parse_discounts(s: pd.Series) -> pd.Series:
    """Discount rates as fractions: "8折" (pay 80 %) is 0.2, "85折" 0.15, "9.5折" 0.05; NaN for other cells.

    A 折 figure below 10 is tenths of the price (8折, 9.5折), from 10 to 99 hundredths (85折). Cells
    that are not 折 are left to `parse_numbers`.

    >>> parse_discounts(pd.Series(["8折", "85折", "9.5折", "10%", None])).round(4).tolist()
    [0.2, 0.15, 0.05, nan, nan]
    """
    text = _as_text(s.astype("str") if not pd.api.types.is_string_dtype(s) else s)
    figure = _extract(text, _DISCOUNT)["n"].astype("float64")
    paid = figure.where(figure < 10, figure / 10) / 10
    paid = paid.where((figure > 0) & (figure < 100))
    rate = (1 - paid).round(10)
    return pd.Series(rate.to_numpy(dtype="float64", na_value=np.nan), index=s.index, name=s.name)


def own_units(s: pd.Series) -> pd.Series:
    """Cells that carry their own scale or currency (36万, 1.2亿元, 3000元), so a unit in the header does not apply.

    >>> own_units(pd.Series(["36万", "36", "3000元", "¥30", None])).tolist()
    [True, False, True, False, False]
    """
    text = s if pd.api.types.is_string_dtype(s) and not pd.api.types.is_object_dtype(s) else s.astype("str")
    present = text.notna().to_numpy()
    out = np.zeros(len(text), dtype=bool)
    if not present.any():
        return pd.Series(out, index=s.index, name=s.name)
    cells = pa.array(text.array)
    marked = _flags(pc.match_substring_regex(cells, _OWN_UNIT))
    out[marked] = True
    return pd.Series(out, index=s.index, name=s.name)


_OWN_UNIT = r"[0-9.](?:(?:万亿|千万|百万|十万|亿|万|千|[kK])(?:元|人民币元)?|元|人民币元)\)?$"


def is_placeholder(s: pd.Series) -> pd.Series:
    """Cells that say "no value" (-, —, /, N/A, #N/A, nan, 无, 暂无, ...), as a boolean Series.

    >>> is_placeholder(pd.Series(["-", "#N/A", "12", None, "nan"])).tolist()
    [True, True, False, False, True]
    """
    present = s.notna().to_numpy()
    out = np.zeros(len(s), dtype=bool)
    if present.any():
        text = _as_text(s[present]).str.lower()
        out[present] = text.isin(PLACEHOLDERS).to_numpy()
    return pd.Series(out, index=s.index, name=s.name)
