"""The only place that turns uploaded bytes into a table of text cells: CSV, .xlsx/.xlsm and .xls.

`read_table` decodes CSV (UTF-8, GBK/GB18030, then a detector) or opens a workbook, finds where
the table is (the sheet that holds it, the header row below titles, notes and blank rows, a header
on two rows, a units line such as "单位：万元") and returns every cell as text; nothing is inferred
about the values here (`analysis.io.cells` parses them). Work is bounded before it starts: a
workbook is checked for its uncompressed size, compression ratio and cell count, a CSV for the
width of its rows, so that a hostile file is refused within seconds.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from analysis import config
from analysis.i18n import Text
from analysis.io.units import _unit_scale, clean_header, note_unit

# --------------------------------------------------------------------------------------
# Errors, limits and the table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what `read_table` accepts (and so on the work it does before refusing)."""

    max_bytes: int = config.UPLOAD_LIMIT_MB * 1024 * 1024  # the app's upload limit (server.maxUploadSize)
    max_columns: int = 100
    max_rows: int = 5_000_000
    max_fields: int = 164  # fields of a CSV row, empty ones included (a few trailing delimiters are fine)
    max_unzipped: int = 400 * 1024 * 1024  # a workbook's parts, uncompressed
    max_ratio: float = 250.0  # how much a workbook part may inflate
    max_cells: int = 6_000_000  # cells of one sheet


class ReadError(ValueError):
    """An upload that is not a usable table: a `code` and the parameters of its catalog text.

    The message is the catalog entry ``read.<code>`` (analysis/texts/findings.py) in the reader's
    language. Codes: "too_large", "empty", "binary", "header_only", "too_many_columns", "too_wide",
    "not_table", "bad_sheet", "chart_sheet", "empty_sheet", "cover_sheet", "bad_header_row",
    "html", "xlsb", "damaged", "unclosed_quote", "shifted_row", "zip_bomb", "too_many_cells",
    "xls_unreadable".
    """

    def __init__(self, code: str, **params: object):
        super().__init__(code, params)
        self.code = code
        self.params = params
        self.text = Text(f"read.{code}", **params)

    def __reduce__(self):
        return (_read_error, (self.code, self.params))

    def __str__(self) -> str:
        return self.text.render("en")

    def message(self, lang: str = "zh") -> str:
        """One sentence saying what is wrong and how to fix it, in `lang` ("zh" or "en")."""
        return self.text.render("zh" if lang.lower().startswith("zh") else "en")


def _read_error(code: str, params: dict) -> ReadError:
    return ReadError(code, **params)


@dataclass(frozen=True)
class CellIssue:
    """Something about one cell that the reader saw and the values cannot show.

    `code` is "formula_no_value" (a formula never calculated: `value` is the formula) or
    "nul_byte" (a NUL byte, removed from the cell); `row` is the row in the file, `column` the
    header of the cell's column.
    """

    code: str
    row: int
    column: str
    value: str = ""


@dataclass(frozen=True)
class LeftOut:
    """A row of the file that is not part of the table: a title, a note, a units line."""

    row: int
    text: str
    why: str  # "title", "note", "units"


@dataclass(frozen=True, eq=False)
class Table:
    """An uploaded table: text cells plus how the file was read.

    `frame` has one column per header (NFKC-normalised, traditional characters simplified,
    stripped, made unique; a header on two rows joined as "销售额 / 万元"), every cell as pandas
    "str" with empty cells as NaN, rows in file order on a RangeIndex. Blank rows are dropped;
    `row_numbers` keeps the row number of each frame row as the user counts it in the file (the
    first row of the file = row 1) so that findings point at the right row. `header_row` is the
    row the header was found on (or given), `header_rows` how many rows it spans, `money_scale`
    the unit a note above the table states for money ("单位：万元" -> 10000.0; None without one),
    `left_out` the titles and notes around the table, `issues` what the reader saw in single
    cells, `skipped_sheets` the (sheet, reason) pairs passed over when the sheet was chosen.
    """

    frame: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    row_numbers: np.ndarray | None = None
    header_row: int = 1
    header_rows: int = 1
    money_scale: float | None = None
    left_out: tuple[LeftOut, ...] = ()
    issues: tuple[CellIssue, ...] = ()
    skipped_sheets: tuple[tuple[str, str], ...] = ()
    header_detected: bool = field(default=True)

    def source_row(self, index: int) -> int:
        """The row number in the file of frame row `index` (header = row 1, so 0 -> 2)."""
        if self.row_numbers is None:
            return int(index) + 2
        return int(self.row_numbers[int(index)])

    def source_rows(self, index: Sequence[int] | pd.Index) -> np.ndarray:
        """`source_row` for many frame rows at once."""
        positions = np.asarray(index, dtype=np.int64)
        if self.row_numbers is None:
            return positions + 2
        return self.row_numbers[positions]


_BOM = b"\xef\xbb\xbf"
_GB18030_BOM = "\ufeff".encode("gb18030")
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\x7fELF")
_DELIMITERS = (",", "\t", ";", "|")
_PARSER_WIDTH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSER_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_EXCEL_MAX_INT = 2**53
_SAMPLE_CHARS = 65536  # how much text the checks and the delimiter sniffing look at
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str"


def read_table(
    raw: bytes,
    filename: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits = Limits(),
) -> Table:
    r"""Read an uploaded CSV or Excel file into a table of text cells.

    CSV is decoded strictly as UTF-8 (with or without BOM), then GB18030 (a superset of
    GBK and GB2312), and only then with charset-normalizer; UTF-16 with a BOM (Excel's
    "Unicode text") is also read. The delimiter is one of comma, tab, semicolon and pipe; a
    header without any of them is a one-column table. Excel (.xlsx/.xlsm, and legacy .xls) is
    recognised by its content, not its name; .xlsx is read with openpyxl (cached formula values,
    numbers as Excel displays them, dates as YYYY-MM-DD), .xls with calamine.

    The header is the first row that names most of the columns, below any title, notes and
    blank rows; a second header row that only holds units or sub-headers under a merged cell is
    joined to it ("销售额 / 万元"). A note above the table such as "单位：万元" sets `money_scale`.
    Without `sheet`, the sheet of a workbook that holds the table is chosen (cover pages, charts
    and empty sheets are passed over).

    Parameters
    ----------
    raw : bytes
        The uploaded file.
    filename : str
        The name the user gave it, used in messages only.
    sheet : str, optional
        Excel sheet to read; found when omitted. Ignored for CSV.
    header_row : int, optional
        The row of the header as the user counts rows in the file (first row = 1); found when
        omitted.
    limits : Limits
        Size limits.

    Returns
    -------
    Table

    Raises
    ------
    ReadError
        With a `code` and a message in Chinese and English.

    Examples
    --------
    >>> t = read_table("城市,销量\n南宁,12\n".encode("gbk"), "s.csv")
    >>> t.encoding, t.delimiter, t.frame.columns.tolist(), t.frame.iloc[0].tolist()
    ('gb18030', ',', ['城市', '销量'], ['南宁', '12'])
    >>> t.source_row(0)
    2
    >>> t = read_table("2025年销售报表\n单位：万元\n城市,销售额\n南宁,12\n".encode(), "s.csv")
    >>> t.header_row, t.money_scale, t.frame.columns.tolist()
    (3, 10000.0, ['城市', '销售额'])
    """
    name = filename or "file"
    if len(raw) > limits.max_bytes:
        raise ReadError("too_large", name=name, size=_size(len(raw)), limit=_size(limits.max_bytes))
    body = raw.removeprefix(_BOM)
    if not body or body.isspace():  # not `.strip()`: that copies the whole file
        raise ReadError("empty", name=name)
    if raw.startswith(_ZIP):
        from analysis.io.workbooks import read_xlsx

        return read_xlsx(raw, name, sheet, header_row, limits)
    if raw.startswith(_OLE2):
        from analysis.io.workbooks import read_xls

        return read_xls(raw, name, sheet, header_row, limits)
    raw, nul = _mark_nul(raw, name)
    table = _read_csv_bytes(raw, name, limits, header_row)
    if table is None:
        text, encoding = _decode(raw, name)
        if not text or text.isspace():
            raise ReadError("empty", name=name)
        table = _read_csv_text(text, encoding, name, limits, header_row)
    return _unmark_nul(table) if nul else table


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


_NUL_MARK = "\x1a"  # SUB: stands for a NUL byte while the file is read, so its cell can be named


def _mark_nul(raw: bytes, name: str) -> tuple[bytes, bool]:
    """A few NUL bytes (an ERP's padding) are marked and reported per cell; many mean a binary file."""
    if b"\x00" not in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw, False
    if raw.count(b"\x00") > max(16, len(raw) // 1000) or b"\x1a" in raw:
        raise ReadError("binary", name=name)
    return raw.replace(b"\x00", _NUL_MARK.encode()), True


def _unmark_nul(table: Table) -> Table:
    frame, issues = table.frame, list(table.issues)
    columns = {}
    for column in frame.columns:
        values = frame[column]
        marked = values.str.contains(_NUL_MARK, regex=False).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(marked):
            issues.append(CellIssue("nul_byte", table.source_row(i), column, values.iloc[i].replace(_NUL_MARK, "")))
        columns[column] = (
            values.str.replace(_NUL_MARK, "", regex=False).where(values.notna()) if marked.any() else values
        )
        columns[column] = _clean_cells(columns[column]) if marked.any() else columns[column]
    return _replace(table, frame=pd.DataFrame(columns, index=frame.index), issues=tuple(issues))


def _replace(table: Table, **changes) -> Table:
    from dataclasses import replace

    return replace(table, **changes)


# --------------------------------------------------------------------------------------
# Where the table is: header row, header on two rows, notes
# --------------------------------------------------------------------------------------

LAYOUT_ROWS = 60  # how many rows at the top of a file or sheet the header is looked for in
_NUMERIC_CELL = re.compile(r"^[-+(（]?[¥￥$]?[0-9][0-9,.:/ \-%‰万亿千元)）]*$")
_NOTE_CELL = re.compile(r"^[^:：]{1,12}[:：]")  # 制表人：张三, 单位：万元, 日期: 2025-03-01
_BRACKETS = "()（）[]【】{}"
_TRAILING_NOTE = re.compile(r"^(?:注|说明|备注|数据来源|来源|制表|审核|打印|导出|note|source)", re.IGNORECASE)


@dataclass(frozen=True)
class Layout:
    """Where the table sits in the first rows: header index, its height, its joined cells, notes."""

    header_at: int
    header_rows: int
    header: list[str]
    data_from: int
    left_out: tuple[LeftOut, ...]
    money_scale: float | None
    detected: bool


def _filled(row: Sequence[str | None]) -> int:
    return sum(1 for c in row if c)


def _numeric(cell: str) -> bool:
    return _NUMERIC_CELL.match(cell) is not None


def _text_like(row: Sequence[str | None]) -> bool:
    cells = [c for c in row if c]
    return sum(_numeric(c) for c in cells) * 3 <= len(cells)


def _is_unit(cell: str) -> bool:
    return _unit_scale(cell.strip(_BRACKETS)) is not None


def _continues(top: list[str | None], sub: Sequence[str | None]) -> bool:
    """Whether `sub` is a second header row: units under the header, or sub-headers under a merged cell."""
    cells = [(j, c) for j, c in enumerate(sub) if c]
    if not cells or any(_numeric(c) for _, c in cells):
        return False
    if all(_is_unit(c) for _, c in cells):
        return True
    width = max(len(top), len(sub))
    top = list(top) + [None] * (width - len(top))
    sub = list(sub) + [None] * (width - len(sub))
    fills_blank = any(not top[j] for j, _ in cells)
    leaves_blank = any(top[j] and not sub[j] for j in range(width))
    return fills_blank and leaves_blank


def _join(top: list[str | None], sub: Sequence[str | None]) -> list[str | None]:
    """Two header rows as one: "销售额 / 万元"; a merged top cell spans the sub-headers to its right."""
    width = max(len(top), len(sub))
    out: list[str | None] = []
    carry = None
    for j in range(width):
        t = top[j] if j < len(top) else None
        s = sub[j] if j < len(sub) else None
        if s and _is_unit(s):
            s = s.strip(_BRACKETS)
        if t:
            carry = t if s else None
        elif s and carry:
            t = carry
        out.append(f"{t} / {s}" if t and s else (t or s))
    return out


def find_layout(rows: Sequence[Sequence[str | None]], header_row: int | None = None, first_row: int = 1) -> Layout:
    """Find the header in the first rows of a sheet or file.

    The header is the first row that fills at least half of the widest row, holds mostly text
    and is not a line of "key：value" notes; one or two rows below it that only hold units
    (台, 万元) or the sub-headers of a merged cell are joined to it. Rows above it are left out
    (a title, notes); a note that states a money unit ("单位：万元") gives `money_scale`.

    Parameters
    ----------
    rows : sequence of sequences of str or None
        The first rows (cells trimmed, blanks None); row `i` is row `first_row + i` of the file.
    header_row : int, optional
        The header's row in the file, chosen by the user: no search, no joining.
    first_row : int

    Returns
    -------
    Layout

    Raises
    ------
    ReadError
        "bad_header_row" when `header_row` is not a non-blank row among `rows`.
    """
    filled = [_filled(r) for r in rows]
    if header_row is not None:
        at = header_row - first_row
        if not 0 <= at < len(rows) or not filled[at]:
            raise ReadError("bad_header_row", row=header_row, last=first_row + len(rows) - 1)
        detected, height = False, 1
    else:
        detected = True
        widest = max(filled, default=0)
        need = max(2, math.ceil(widest / 2))
        at = next(
            (
                i
                for i, row in enumerate(rows)
                if filled[i] >= need and _text_like(row) and not all(_NOTE_CELL.match(c) for c in row if c)
            ),
            None,
        )
        if at is None or widest <= 1:
            at = next((i for i, n in enumerate(filled) if n), 0)
        height = 1
        while height < 3 and at + height < len(rows) and _continues(list(rows[at]), rows[at + height]):
            height += 1
    header = list(rows[at]) if rows else []
    for j in range(1, height):
        header = _join(header, rows[at + j])
    left_out: list[LeftOut] = []
    scale = None
    first_filled = next((i for i, n in enumerate(filled) if n), at)
    data_from = at + height
    # a units line right under the header ("单位：万元" on its own) is a note, not data
    while data_from < len(rows) and filled[data_from] == 1 and note_unit(_line(rows[data_from])) is not None:
        data_from += 1
    for i in [*range(at), *range(at + height, data_from)]:
        if not filled[i]:
            continue
        text = _line(rows[i])
        unit = note_unit(text)
        if unit is not None and scale is None:
            scale = unit
        why = "units" if unit is not None else ("title" if i == first_filled else "note")
        left_out.append(LeftOut(first_row + i, text, why))
    return Layout(at, height, [clean_header(h) for h in header], data_from, tuple(left_out), scale, detected)


def _line(row: Sequence[str | None]) -> str:
    return " ".join(c for c in row if c)


def trailing_notes(rows: Sequence[Sequence[str | None]]) -> int:
    """How many of the last rows are notes under the table (注：…, 数据来源：…, 制表人：…)."""
    count = 0
    for row in reversed(rows):
        cells = [c for c in row if c]
        if len(cells) != 1 or not (_TRAILING_NOTE.match(cells[0]) or _NOTE_CELL.match(cells[0])):
            break
        count += 1
    return count


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding that decoded it: strict UTF-8, strict GB18030, then a detector."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ReadError("binary", name=name) from None
    if b"\x00" in raw or raw.startswith(_BINARY_MAGIC):
        raise ReadError("binary", name=name)
    text = encoding = None
    for candidate in ("utf-8-sig", "gb18030"):
        if candidate == "utf-8-sig" and not _may_be_utf8(raw):
            continue
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        encoding = candidate if candidate != "utf-8-sig" or raw.startswith(_BOM) else "utf-8"
        break
    if text is None:
        # Short GBK text is often mislabelled by detectors (STACK.md §5), hence last.
        best = charset_normalizer.from_bytes(raw).best()
        if best is None:
            raise ReadError("binary", name=name)
        text, encoding = str(best), best.encoding
    _check_text(text[:_SAMPLE_CHARS], name)
    return text, encoding


def _may_be_utf8(raw: bytes) -> bool:
    """False when the first bytes already are not UTF-8 (a failed decode copies the whole file)."""
    try:
        raw[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"  # only a character cut off at 4096 bytes
    return True


def _check_text(sample: str, name: str) -> None:
    """Raise for decoded text that is not a table: binary noise, or a web page saved as .xls."""
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f") + sample.count("\x7f")
    if controls > max(8, len(sample) // 100):
        raise ReadError("binary", name=name)
    head = sample.lstrip()[:2048].lower()
    if head.startswith("<") and ("<html" in head or "<table" in head or "<?xml" in head):
        raise ReadError("html", name=name)


def _sniff_delimiter(text: str) -> str | None:
    """Comma, tab, semicolon or pipe; None when no early row holds any of them (titles above the header may not)."""
    lines = [line for line in text[:_SAMPLE_CHARS].splitlines() if line.strip()][:30]
    counts = {d: [len(next(csv.reader([line], delimiter=d))) for line in lines] for d in _DELIMITERS}
    # a delimiter splits most early rows (a title or two above the header may hold none)
    fields = {d: max(n) if sum(k > 1 for k in n) * 2 >= len(n) else 1 for d, n in counts.items()}
    if max(fields.values()) == 1:
        return None
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    if sniffed in fields and fields[sniffed] > 1:
        return sniffed
    return max(_DELIMITERS, key=fields.__getitem__)


def _layout(sample: str, content: str | bytes, name: str, limits: Limits) -> tuple[str | None, str, int]:
    """The delimiter, the separator to split on and the number of fields of the widest early row.

    A one-column file still needs quote handling, so it is split on a control character that
    `content` (the whole file) lacks. A row with more fields than `limits.max_fields` (empty
    ones included: 100,000 trailing delimiters) is refused here, before the file is parsed.
    """
    delimiter = _sniff_delimiter(sample)
    spare = (c for c in "\x1f\x1e\x1d\x1c" if (c if isinstance(content, str) else c.encode()) not in content)
    sep = delimiter or next(spare, "\x1f")
    width = 0
    reader = csv.reader(io.StringIO(sample), delimiter=sep)
    try:
        for number, fields in enumerate(reader, start=1):
            if number > LAYOUT_ROWS:
                break
            if len(fields) > limits.max_fields:
                empty = sum(1 for f in fields if not f.strip())
                raise ReadError("too_wide", name=name, row=number, fields=f"{len(fields):,}", empty=f"{empty:,}")
            named = sum(1 for f in fields if f.strip())
            if named > limits.max_columns:
                raise ReadError("too_many_columns", name=name, n=named, limit=limits.max_columns)
            width = max(width, len(fields))
    except csv.Error:
        pass  # an unclosed quote: the parser below says where
    return delimiter, sep, max(width, 1)


def _read_csv_bytes(raw: bytes, name: str, limits: Limits, header_row: int | None = None) -> Table | None:
    """The usual upload the quick way: `_decode` and `_read_csv_text` without decoding the whole file.

    pyarrow splits the bytes as they are and only the cells are decoded, each distinct cell
    once. Delimiters, quotes and line breaks are ASCII bytes that never occur inside a UTF-8
    or GB18030 character, so the bytes split into the cells the text would, and the file
    decodes strictly exactly when every cell does; the encoding is the one `_decode` would
    find. The pipe can be the second byte of a GBK character, so such files are left to the
    general path, as are other encodings, irregular rows and anything `_decode` would reject:
    None means "read it the general way", which also says what is wrong.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", *_BINARY_MAGIC)) or b"\x00" in raw:
        return None
    start = _decode_start(raw)
    if start is None:
        return None
    sample, encoding = start
    # A byte order mark goes, as pyarrow drops it from the start of the text re-encoded as UTF-8.
    body = raw.removeprefix(_BOM if encoding == "utf-8-sig" else _GB18030_BOM)
    try:
        _check_text(sample, name)
        if not sample.strip():
            return None
        delimiter, sep, width = _layout(sample, body, name, limits)
    except ReadError as exc:
        if exc.code in ("too_wide", "too_many_columns"):
            raise
        return None  # raised again from the whole text, which may be in another encoding
    if encoding == "gb18030" and (sep == "|" or body.startswith(_BOM)):
        return None  # "|" can end a GBK character; pyarrow would drop the UTF-8 BOM bytes, GB18030 reads 锘
    cells = _read_regular_csv(body, sep, width, "utf-8" if encoding == "utf-8-sig" else encoding)
    if cells is None:
        return None
    if encoding == "utf-8-sig" and not raw.startswith(_BOM):
        encoding = "utf-8"
    return _table(cells, encoding, delimiter, name, limits, header_row)


def _decode_start(raw: bytes) -> tuple[str, str] | None:
    """The first `_SAMPLE_CHARS` characters and the encoding they decode in (UTF-8 first), if any."""
    head = raw[: 4 * _SAMPLE_CHARS + 4]  # four bytes at most per character, plus one cut off
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head, final=len(head) == len(raw))
        except UnicodeDecodeError:
            continue
        return text[:_SAMPLE_CHARS], encoding
    return None


def _read_csv_text(text: str, encoding: str, name: str, limits: Limits, header_row: int | None = None) -> Table:
    """Parse decoded CSV text, every cell as text: pyarrow when rows are regular, else the C engine."""
    delimiter, sep, width = _layout(text[:_SAMPLE_CHARS], text, name, limits)
    data = text.encode("utf-8")
    cells = _read_regular_csv(data, sep, width, None)
    if cells is None:
        cells = _read_irregular_csv(data, sep, width, name, limits).apply(_clean_cells)
    return _table(cells, encoding, delimiter, name, limits, header_row)


def _read_irregular_csv(data: bytes, sep: str, width: int, name: str, limits: Limits) -> pd.DataFrame:
    """UTF-8 `data` that pyarrow refused, read by pandas' C engine, which explains what is wrong."""
    names = list(range(width))  # explicit, or leading blank lines would set the width to 1
    while True:
        try:
            return pd.read_csv(
                io.BytesIO(data),
                sep=sep,
                header=None,
                names=names,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                index_col=False,
                encoding="utf-8",
                engine="c",
                nrows=limits.max_rows + 64,
            )
        except pd.errors.EmptyDataError:
            raise ReadError("empty", name=name) from None
        except pd.errors.ParserError as exc:
            width_error = _PARSER_WIDTH.search(str(exc))
            quote = _PARSER_QUOTE.search(str(exc))
            if width_error and int(width_error[3]) <= limits.max_fields:
                # Rows wider than the first one: read again wide enough, then decide in `_table`
                # whether the extra fields are empty (trailing delimiters) or shifted data.
                names = list(range(int(width_error[3])))
                continue
            if width_error:
                fields = int(width_error[3])
                raise ReadError(
                    "too_wide", name=name, row=int(width_error[2]), fields=f"{fields:,}", empty="?"
                ) from None
            raise ReadError("unclosed_quote", name=name, row=int(quote[1]) + 1 if quote else "?") from None


def _table(
    cells: pd.DataFrame, encoding: str | None, delimiter: str | None, name: str, limits: Limits, header_row: int | None
) -> Table:
    """The table in parsed cells (trimmed, blanks NaN, one row per row of the file): header found, blank rows out."""
    blank = cells.isna().all(axis=1).to_numpy()
    if blank.all():
        raise ReadError("empty", name=name)
    head = cells.iloc[: max(LAYOUT_ROWS, (header_row or 0) + 3)]
    rows = [[None if v is None or v != v else v for v in row] for row in head.itertuples(index=False)]
    layout = find_layout(rows, header_row)
    return assemble_table(cells, blank, layout, name, limits, encoding=encoding, delimiter=delimiter)


def assemble_table(
    cells: pd.DataFrame,
    blank: np.ndarray,
    layout: Layout,
    name: str,
    limits: Limits,
    **about: object,
) -> Table:
    """The `Table` below `layout`: data rows (blank ones out, notes under the table out), named columns."""
    header = layout.header
    start = layout.data_from
    body = cells.iloc[start:]
    keep = ~blank[start:]
    row_numbers = np.flatnonzero(keep) + start + 1
    if not keep.all():
        body = body[keep]
    left_out = list(layout.left_out)
    tail = body.iloc[-5:]
    notes = trailing_notes([[None if v is None or v != v else v for v in row] for row in tail.itertuples(index=False)])
    if notes and notes < len(body):
        for number, row in zip(row_numbers[-notes:], tail.iloc[-notes:].itertuples(index=False), strict=True):
            left_out.append(LeftOut(int(number), _line([v for v in row if isinstance(v, str)]), "note"))
        body, row_numbers = body.iloc[:-notes], row_numbers[:-notes]
    if len(body) > limits.max_rows:
        raise ReadError("too_many_rows", name=name, limit=f"{limits.max_rows:,}")
    width = max((i + 1 for i, h in enumerate(header) if h), default=0)
    extra = body.iloc[:, width:].notna().any(axis=1).to_numpy()
    if extra.any():
        at = int(np.argmax(extra))
        saw = int(body.iloc[at].notna().to_numpy().nonzero()[0].max()) + 1
        raise ReadError("shifted_row", name=name, row=int(row_numbers[at]), saw=saw, width=width)
    header = header + [""] * (width - len(header))
    frame = _assemble(header[:width], [body.iloc[:, j] for j in range(width)], name, limits)
    return Table(
        frame,
        about.get("encoding"),
        about.get("delimiter"),
        about.get("sheet"),
        about.get("sheets", ()),
        row_numbers,
        header_row=layout.header_at + 1,
        header_rows=layout.header_rows,
        money_scale=layout.money_scale,
        left_out=tuple(left_out),
        issues=tuple(about.get("issues", ())),
        skipped_sheets=tuple(about.get("skipped_sheets", ())),
        header_detected=layout.detected,
    )


def _read_regular_csv(data: bytes, sep: str, width: int, encoding: str | None) -> pd.DataFrame | None:
    """Read with pyarrow's CSV reader: cells as text, stripped, blanks NaN, blank lines kept (row numbers).

    The cells are decoded from `encoding`, or are UTF-8 already when it is None. Returns None
    for anything irregular (ragged rows, an unclosed quote, a blank first line) and for a cell
    that does not decode.
    """
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string() if encoding is None else pa.large_binary()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:  # ragged rows, unclosed quotes and the like
        return None
    columns = {}
    for j, cells in enumerate(table.columns):
        text = _trimmed(cells) if encoding is None else _decode_cells(cells, encoding)
        if text is None:
            return None
        columns[j] = pd.array(text, dtype=_TEXT)
    return pd.DataFrame(columns)


def _decode_cells(cells: pa.ChunkedArray, encoding: str) -> pa.ChunkedArray | None:
    """Raw cells as `_trimmed` text, or None if one does not decode.

    Cells up to the last one that is not ASCII are decoded, each distinct cell once (a million
    rows name a few thousand cities). The ASCII rest (numbers, codes: often all but the
    header) reads the same in every encoding here and needs no decoding.
    """
    text = pa.chunked_array([chunk.view(pa.large_string()) for chunk in cells.chunks], pa.large_string())
    wide = np.flatnonzero(~pc.string_is_ascii(text).to_numpy(zero_copy_only=False))
    head = int(wide[-1]) + 1 if wide.size else 0
    rest = _trimmed(text.slice(head), ascii_only=True)
    if not head:
        return rest
    coded = pc.dictionary_encode(cells.slice(0, head).combine_chunks())
    distinct = _decode_all(coded.dictionary, encoding)
    if distinct is None:
        return None
    return pa.chunked_array([_trimmed(distinct).take(coded.indices), *rest.chunks], pa.large_string())


def _decode_all(cells: pa.Array, encoding: str) -> pa.Array | None:
    """Decode many raw cells in one call of the codec: joined by NUL (which the file lacks), split after."""
    joined = pc.binary_join(
        pa.LargeListArray.from_arrays(pa.array([0, len(cells)], pa.int64()), cells.cast(pa.large_binary())),
        pa.scalar(b"\x00", pa.large_binary()),
    )
    try:
        text = str(joined[0].as_buffer(), encoding)
    except UnicodeDecodeError:
        return None
    return pc.split_pattern(pa.array([text], pa.large_string()), "\x00").flatten()


def _trimmed(text: pa.Array | pa.ChunkedArray, *, ascii_only: bool = False) -> pa.Array | pa.ChunkedArray:
    """Cells with white space stripped; empty ones null.

    ASCII white space is a byte up to 0x20, so `ascii_only` cells without one need no stripping.
    """
    stripped = text if ascii_only and not _low_bytes(text) else pc.utf8_trim_whitespace(text)
    blank = pc.equal(stripped, "")
    if not pc.any(blank).as_py():
        return stripped
    return pc.if_else(blank, pa.scalar(None, stripped.type), stripped)


def _low_bytes(text: pa.ChunkedArray) -> bool:
    """Whether the character data holds a byte up to 0x20 (white space, controls)."""
    data = (chunk.buffers()[2] for chunk in text.chunks)
    return any((np.frombuffer(buffer, np.uint8) <= 0x20).any() for buffer in data if buffer is not None)


def _clean_cells(column: pd.Series) -> pd.Series:
    """Strip white space; empty becomes NaN."""
    column = column.astype("str")
    cleaned = _trimmed(pa.array(column.array))
    return pd.Series(pd.array(cleaned, dtype=column.dtype), index=column.index, name=column.name)


def _assemble(header: list[str], columns: list[pd.Series], name: str, limits: Limits) -> pd.DataFrame:
    """Name the columns (unique, blanks filled) and drop unnamed empty ones."""
    kept: dict[str, pd.Series] = {}
    seen: dict[str, int] = {}
    for j, (title, column) in enumerate(zip(header, columns, strict=True)):
        title = title or ""
        if not title:
            if column.isna().all():
                continue
            title = f"column_{j + 1}"
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title} ({seen[title]})"
        kept[title] = column.reset_index(drop=True)
    if len(kept) > limits.max_columns:
        raise ReadError("too_many_columns", name=name, n=len(kept), limit=limits.max_columns)
    if not kept:
        raise ReadError("empty", name=name)
    frame = pd.DataFrame(kept)
    if frame.empty:
        raise ReadError("header_only", name=name)
    return frame
