"""Workbooks: .xlsx/.xlsm with openpyxl, legacy .xls with calamine; bounded before they are parsed.

An .xlsx is a zip of XML parts. Before openpyxl sees it, the parts' declared uncompressed sizes,
their compression ratios and the chosen sheet's cell count are checked against `Limits`, so that a
zip bomb (a few MB that inflate to gigabytes) is refused in well under a second; Python's zipfile
never inflates a part past its declared size. XML entity tricks are refused by defusedxml, which
openpyxl uses when it is installed.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence

import pandas as pd

from analysis.io.files import (
    _TEXT,
    LAYOUT_ROWS,
    CellIssue,
    Limits,
    ReadError,
    Table,
    _size,
    assemble_table,
    find_layout,
)

_EXCEL_MAX_INT = 2**53
_FIXED_DECIMALS = re.compile(r'^(?:"[^"]*")?[#,0]*\.(0+)(?:[_ ].*)?(?:;.*)?$')
_CELL = re.compile(rb"<c[ >]")
_FORMULA = re.compile(rb"<f[ >/]")
_CHUNK = 1 << 20
_NUMBER = re.compile(r"^[-+]?[0-9][0-9,.]*$")


def _excel_text(value: object, number_format: str | None = None) -> str | None:
    """An Excel cell as the text the user sees: 450100 not 450100.0, 2025.10 in format "0.00", dates YYYY-MM-DD."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if number_format and "%" not in number_format and math.isfinite(value):
            fixed = _FIXED_DECIMALS.match(number_format)
            if fixed:
                return f"{value:.{len(fixed[1])}f}"  # shown as 2025.10: October, not 2025.1
        if math.isfinite(value) and value.is_integer() and abs(value) < _EXCEL_MAX_INT:
            return str(int(value))
        return format(value, ".15g")  # Excel shows 15 significant digits; hides float noise
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


# ---------------------------------------------------------------------------------------- bounds


def _check_parts(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a workbook whose parts would inflate past the limits (declared sizes: no inflating yet)."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped:
        raise ReadError("zip_bomb", name=name, size=_size(total), limit=_size(limits.max_unzipped))
    for info in infos:
        if info.file_size > 1 << 20 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise ReadError("zip_bomb", name=name, size=_size(info.file_size), limit=_size(limits.max_unzipped))


def _count(archive: zipfile.ZipFile, member: str, pattern: re.Pattern[bytes], stop: int) -> int:
    """Occurrences of `pattern` in a part, read in chunks (stops counting past `stop`)."""
    found = 0
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            found += len(pattern.findall(data[: len(data) - 8] if len(chunk) == _CHUNK else data))
            tail = data[len(data) - 8 :] if len(chunk) == _CHUNK else b""
            if found > stop:
                break
    return found


# ----------------------------------------------------------------------------------------- xlsx


def read_xlsx(raw: bytes, name: str, sheet: str | None, header_row: int | None, limits: Limits) -> Table:
    """Read one sheet of an .xlsx/.xlsm workbook: the one holding the table unless `sheet` is given."""
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = set(archive.namelist())
    except (zipfile.BadZipFile, zlib.error, ValueError):
        raise ReadError("binary", name=name) from None
    if "xl/workbook.bin" in members or "content.xml" in members:
        raise ReadError("xlsb", name=name)
    if "xl/workbook.xml" not in members:
        raise ReadError("binary", name=name)
    _check_parts(archive, name, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl (and defusedxml) raise many types on damaged or hostile files
        raise ReadError("damaged", name=name, error=type(exc).__name__) from exc
    try:
        sheets = tuple(book.sheetnames)
        paths = {ws.title: getattr(ws, "_worksheet_path", None) for ws in book.worksheets}

        def cells_of(title: str) -> int:
            path = paths.get(title)
            return 0 if path is None else _count(archive, path, _CELL, limits.max_cells)

        def rows_of(title: str, last: int | None) -> Iterator[list[str | None]]:
            worksheet = book[title]
            worksheet.reset_dimensions()  # the stored <dimension> is often wrong; read what is there
            for row in worksheet.iter_rows(min_row=1, max_row=last, values_only=False):
                yield [_excel_text(c.value, c.number_format if isinstance(c.value, float) else None) for c in row]

        def formulas_of(title: str) -> Iterator[list[object]] | None:
            path = paths.get(title)
            if path is None or not _count(archive, path, _FORMULA, 0):
                return None
            formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
            worksheet = formulas[title]
            worksheet.reset_dimensions()
            return (list(row) for row in worksheet.iter_rows(min_row=1, values_only=True))

        charts = {title for title in sheets if not hasattr(book[title], "iter_rows")}
        return _read_book(name, sheets, charts, sheet, header_row, limits, cells_of, rows_of, formulas_of)
    finally:
        book.close()
        archive.close()


# ------------------------------------------------------------------------------------------ xls


def read_xls(raw: bytes, name: str, sheet: str | None, header_row: int | None, limits: Limits) -> Table:
    """Read one sheet of a legacy .xls workbook (BIFF, Excel 97-2003) with calamine."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        sheets = tuple(book.sheet_names)
    except Exception as exc:  # calamine's errors: encrypted, damaged, not a workbook at all
        raise ReadError("xls_unreadable", name=name, error=type(exc).__name__) from exc
    loaded: dict[str, list[list[object]]] = {}

    def values(title: str) -> list[list[object]]:
        if title not in loaded:
            try:
                loaded[title] = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            except Exception as exc:
                raise ReadError("xls_unreadable", name=name, error=type(exc).__name__) from exc
        return loaded[title]

    def cells_of(title: str) -> int:
        sheet_ = book.get_sheet_by_name(title)
        return int(sheet_.height) * int(sheet_.width)

    def rows_of(title: str, last: int | None) -> Iterator[list[str | None]]:
        for row in values(title)[:last]:
            yield [_excel_text(v) for v in row]

    try:
        return _read_book(name, sheets, set(), sheet, header_row, limits, cells_of, rows_of, lambda _: None)
    finally:
        book.close()


# ------------------------------------------------------------------------------- either workbook


def _trim(row: list[str | None]) -> list[str | None]:
    while row and row[-1] is None:
        row.pop()
    return row


def _classify(rows: list[list[str | None]]) -> tuple[str, int]:
    """A sheet from its first rows: ("table", score), ("cover", 0) or ("empty", 0)."""
    filled = [sum(1 for c in r if c) for r in rows]
    if not any(filled):
        return "empty", 0
    wide = [n for n in filled if n >= 2]
    if len(wide) >= 2:
        return "table", max(wide) * len(wide)
    first = next(i for i, n in enumerate(filled) if n)
    if any(c and _NUMBER.match(c) for row in rows[first + 1 :] for c in row):
        return "table", sum(1 for n in filled if n)  # one column (or a header and one row) of values
    return "cover", 0  # a title and a few notes, no header with rows under it


def _read_book(
    name: str,
    sheets: tuple[str, ...],
    charts: set[str],
    sheet: str | None,
    header_row: int | None,
    limits: Limits,
    cells_of: Callable[[str], int],
    rows_of: Callable[[str, int | None], Iterator[list[str | None]]],
    formulas_of: Callable[[str], Iterator[list[object]] | None],
) -> Table:
    listing = tuple(s for s in sheets)
    skipped: list[tuple[str, str]] = []
    if sheet is not None:
        if sheet not in sheets:
            raise ReadError("bad_sheet", name=name, sheet=sheet, sheets=_names(listing))
        if sheet in charts:
            raise ReadError("chart_sheet", sheet=sheet, sheets=_names(listing))
        chosen = sheet
        kind, _ = _classify([_trim(r) for r in rows_of(chosen, LAYOUT_ROWS)])
        if kind != "table" and header_row is None:
            code = "empty_sheet" if kind == "empty" else "cover_sheet"
            raise ReadError(code, sheet=chosen, others=_names([s for s in sheets if s != chosen]))
    else:
        scored: list[tuple[int, int, str]] = []
        for position, title in enumerate(sheets):
            if title in charts:
                skipped.append((title, "chart"))
                continue
            kind, score = _classify([_trim(r) for r in rows_of(title, LAYOUT_ROWS)])
            if kind != "table":
                skipped.append((title, kind))
                continue
            scored.append((score, -position, title))
        if not scored:
            first = next((s for s in sheets if s not in charts), sheets[0] if sheets else "")
            if header_row is not None and first:
                chosen = first
            else:
                covers = [s for s, why in skipped if why == "cover"]
                if covers:
                    raise ReadError(
                        "cover_sheet", sheet=covers[0], others=_names([s for s in sheets if s != covers[0]])
                    )
                raise ReadError("empty_sheet", sheet=first, others=_names([s for s in sheets if s != first]))
        else:
            scored.sort(reverse=True)
            chosen = scored[0][2]
            skipped += [(title, "smaller") for _, _, title in scored[1:]]
        skipped.sort(key=lambda pair: sheets.index(pair[0]))
    cells = cells_of(chosen)
    if cells > limits.max_cells:
        raise ReadError("too_many_cells", name=name, sheet=chosen, cells=f"{cells:,}", limit=f"{limits.max_cells:,}")
    rows: list[list[str | None]] = []
    for row in rows_of(chosen, None):
        rows.append(_trim(row))
        if len(rows) > limits.max_rows + LAYOUT_ROWS:
            raise ReadError("too_many_rows", name=name, limit=f"{limits.max_rows:,}")
        if len(rows[-1]) > limits.max_fields:
            raise ReadError("too_wide", name=name, row=len(rows), fields=f"{len(rows[-1]):,}", empty="?")
    if not any(rows):
        raise ReadError("empty_sheet", sheet=chosen, others=_names([s for s in sheets if s != chosen]))
    head = rows[: max(LAYOUT_ROWS, (header_row or 0) + 3)]
    layout = find_layout(head, header_row)
    width = max(len(r) for r in rows)
    columns = {j: pd.Series([r[j] if j < len(r) else None for r in rows], dtype=_TEXT) for j in range(width)}
    frame = pd.DataFrame(columns)
    blank = frame.isna().all(axis=1).to_numpy()
    issues = _uncached_formulas(formulas_of(chosen), rows, layout.header, layout.data_from)
    return assemble_table(
        frame, blank, layout, f"{name} / {chosen}", limits, sheet=chosen, sheets=sheets, issues=issues,
        skipped_sheets=skipped,
    )  # fmt: skip


def _uncached_formulas(
    formulas: Iterator[list[object]] | None, rows: list[list[str | None]], header: Sequence[str | None], start: int
) -> list[CellIssue]:
    """Cells of the data that hold a formula Excel never calculated (no cached value: read as blank)."""
    if formulas is None:
        return []
    issues = []
    for number, (values, formula_row) in enumerate(zip(rows, formulas, strict=False), start=1):
        if number <= start:
            continue
        for j, formula in enumerate(formula_row):
            if isinstance(formula, str) and formula.startswith("=") and (j >= len(values) or values[j] is None):
                column = header[j] if j < len(header) and header[j] else f"column_{j + 1}"
                issues.append(CellIssue("formula_no_value", number, column, formula))
    return issues


def _names(sheets: Sequence[str]) -> object:
    from analysis.i18n import Join

    return Join(sheets) if sheets else "-"


def workbook_sheets(raw: bytes) -> tuple[str, ...]:
    """The sheet names of an .xlsx/.xlsm/.xls upload, () for anything else or a damaged workbook.

    For when no sheet can be read (a cover page, a chart, an empty sheet), so the user can still
    be offered the others.
    """
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        from python_calamine import CalamineWorkbook

        try:
            return tuple(CalamineWorkbook.from_filelike(io.BytesIO(raw)).sheet_names)
        except Exception:
            return ()
    if not raw.startswith(b"PK\x03\x04"):
        return ()
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            _check_parts(archive, "", Limits())
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    except Exception:  # damaged or hostile: read_table has reported why
        return ()
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()
