"""Safe exports: CSV and Excel bytes whose text cannot run as a spreadsheet formula."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping

import pandas as pd

from analysis.fields import dictionary, field, for_export
from analysis.formats import EXCEL_FORMATS
from analysis.i18n import t

# OWASP: a cell starting with = + - @ tab, CR or NUL may be evaluated as a formula.
_RISKY = ("=", "+", "-", "@", "\t", "\r", "\x00")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31
_EXCEL_MAX_ROWS = 1_048_576
_WIDTH_SAMPLE = 1000
_WIDTH_MAX = 60


def _escape(value: object) -> object:
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


def _neutralise_column(column: pd.Series) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        if not pd.api.types.is_string_dtype(categories) and not pd.api.types.is_object_dtype(categories):
            return column
        renamed = [_escape(c) for c in categories]
        return column.cat.rename_categories(renamed) if renamed != list(categories) else column
    if pd.api.types.is_object_dtype(column.dtype):
        return column.map(_escape)
    if pd.api.types.is_string_dtype(column.dtype):
        risky = column.str.startswith(_RISKY).fillna(False).astype(bool)
        return column.mask(risky, "'" + column) if risky.any() else column
    return column


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Guard text against formula injection: prefix risky text cells and headers with "'".

    A text cell that starts with =, +, -, @, tab, carriage return or NUL gets a leading
    apostrophe (OWASP CSV injection); column names are treated the same way. Numeric,
    boolean and date columns are left alone, so negative numbers stay numbers.

    Parameters
    ----------
    frame : DataFrame
        Not modified.

    Returns
    -------
    DataFrame
        A new frame.

    Examples
    --------
    >>> out = neutralise(pd.DataFrame({"name": ["=1+2", "南宁", "-x"], "units": [-1, 2, 3]}))
    >>> out["name"].tolist(), out["units"].tolist()
    (["'=1+2", '南宁', "'-x"], [-1, 2, 3])
    """
    out = pd.DataFrame({i: _neutralise_column(frame.iloc[:, i]) for i in range(frame.shape[1])}, index=frame.index)
    out.columns = pd.Index([_escape(c) for c in frame.columns])
    return out


def to_csv_bytes(frame: pd.DataFrame, lang: str | None = None) -> bytes:
    r"""CSV bytes for download: UTF-8 with BOM (so Excel shows Chinese correctly), neutralised.

    The index is not written; reset it first to keep it. Floats use up to 15 significant
    digits, so 360000.0 is written as 360000. With `lang`, headers and coded values are in that
    language and numbers rounded to their kind (`analysis.fields.for_export`, shares in percent).

    Parameters
    ----------
    frame : DataFrame
    lang : {"zh", "en"}, optional
        None keeps the canonical column names and values (a file to re-import as it is).

    Returns
    -------
    bytes

    Examples
    --------
    >>> to_csv_bytes(pd.DataFrame({"城市": ["@SUM(A1)"], "销量": [-5]})).decode("utf-8-sig")
    "城市,销量\r\n'@SUM(A1),-5\r\n"
    """
    if lang is not None:
        frame = for_export(frame, lang, percent=True)
    text = neutralise(frame).to_csv(index=False, lineterminator="\r\n", float_format="%.15g")
    return text.encode("utf-8-sig")


def _sheet_names(names: list[str]) -> list[str]:
    r"""Valid, unique Excel sheet names: no []:*?/\, at most 31 characters, not blank."""
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        clean = _SHEET_FORBIDDEN.sub("_", str(name)).strip().strip("'")[:_SHEET_MAX] or f"Sheet{i}"
        candidate, n = clean, 2
        while candidate.lower() in (o.lower() for o in out):
            suffix = f" ({n})"
            candidate, n = clean[: _SHEET_MAX - len(suffix)] + suffix, n + 1
        out.append(candidate)
    return out


def _display_width(text: str) -> int:
    """Width in Excel character units: East Asian wide characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _column_widths(frame: pd.DataFrame) -> list[float]:
    sample = frame.head(_WIDTH_SAMPLE)
    widths = []
    for i, name in enumerate(frame.columns):
        cells = sample.iloc[:, i].dropna().astype(str).tolist()
        longest = max((_display_width(c) for c in [str(name), *cells]), default=8)
        widths.append(min(max(longest + 2, 8), _WIDTH_MAX))
    return widths


def to_excel_bytes(sheets: Mapping[str, pd.DataFrame], lang: str | None = None) -> bytes:
    """An .xlsx workbook for download, one sheet per frame, with no formulas and no links.

    Written with xlsxwriter with `strings_to_formulas` and `strings_to_urls` off, text
    neutralised as in `neutralise`, sheet names made valid (at most 31 characters,
    unique), the header row frozen and column widths fitted to the first 1,000 rows. With
    `lang`, headers and coded values are in that language, numeric cells stay numbers with a
    number format of their kind (thousands separators, percentages), and a last sheet holds the
    data dictionary (canonical column, header, kind) so the file can be read back.

    Parameters
    ----------
    sheets : mapping of str to DataFrame
        Sheet name -> frame, in order. The index is not written.
    lang : {"zh", "en"}, optional

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If there are no sheets or a frame has more rows than an Excel sheet can hold.
    """
    if not sheets:
        raise ValueError("nothing to export: no sheets given")
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    sheets = dict(sheets)
    canonical = [list(frame.columns) for frame in sheets.values()]
    if lang is not None:
        columns = list(dict.fromkeys(c for names in canonical for c in names))
        sheets = {name: for_export(frame, lang) for name, frame in sheets.items()}
        dictionary_sheet = dictionary(columns, lang).rename(
            columns={c: t(f"field.dictionary.{c}", lang) for c in ("column", "label", "kind")}
        )
        sheets[t("field.sheet.dictionary", lang)] = dictionary_sheet
        canonical.append([])
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        formats = {kind: writer.book.add_format({"num_format": spec}) for kind, spec in EXCEL_FORMATS.items()}
        for (name, frame), names in zip(zip(_sheet_names(list(sheets)), sheets.values(), strict=True), canonical,
                                        strict=True):  # fmt: skip
            if len(frame) >= _EXCEL_MAX_ROWS:
                raise ValueError(f"sheet {name!r} has {len(frame):,} rows; an Excel sheet holds at most 1,048,575")
            neutralise(frame).to_excel(writer, sheet_name=name, index=False)
            worksheet = writer.sheets[name]
            worksheet.freeze_panes(1, 0)
            for i, width in enumerate(_column_widths(frame)):
                kind = field(names[i]).kind if lang is not None and i < len(names) else None
                worksheet.set_column(i, i, width, formats.get(kind))
    return buffer.getvalue()
