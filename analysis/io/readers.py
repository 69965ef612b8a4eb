"""The only place that turns uploaded bytes into a table, and the parsers for its text cells.

`read_table` decodes CSV (UTF-8, GBK/GB18030, then a detector) or opens .xlsx/.xlsm and
returns every cell as text; nothing is inferred here. The `parse_*` functions turn those
text columns into numbers, months, years and booleans, vectorised, with NaN where a cell
cannot be read so that the caller can report it with its row number.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

# --------------------------------------------------------------------------------------
# Errors and limits
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """Upper bounds on what `read_table` accepts."""

    max_bytes: int = 200 * 1024 * 1024
    max_columns: int = 100
    max_rows: int = 5_000_000


class ReadError(ValueError):
    """An upload that is not a usable table, with a message in Chinese and English.

    `code` is one of "too_large", "empty", "binary", "header_only", "too_many_columns",
    "not_table", "bad_sheet".
    """

    def __init__(self, code: str, zh: str, en: str):
        super().__init__(code, zh, en)
        self.code = code
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return self.en

    def message(self, lang: str = "zh") -> str:
        """One sentence saying what is wrong and how to fix it, in `lang` ("zh" or "en")."""
        return self.zh if lang.lower().startswith("zh") else self.en


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Table:
    """An uploaded table: text cells plus how the file was read.

    `frame` has one column per header (NFKC-normalised, stripped, made unique), every cell
    as pandas "str" with empty cells as NaN, rows in file order on a RangeIndex. Blank
    rows are dropped; `row_numbers` keeps the row number of each frame row as the user
    counts it in the file (header = row 1) so that findings can point at the right row.
    """

    frame: pd.DataFrame
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: tuple[str, ...]
    row_numbers: np.ndarray | None = None

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
_WHITESPACE = re.compile(r"\s+")
_PARSER_WIDTH = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSER_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_EXCEL_MAX_INT = 2**53
_SAMPLE_CHARS = 65536  # how much text the checks and the delimiter sniffing look at
_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str"


def read_table(raw: bytes, filename: str, *, sheet: str | None = None, limits: Limits = Limits()) -> Table:
    """Read an uploaded CSV or Excel file into a table of text cells.

    CSV is decoded strictly as UTF-8 (with or without BOM), then GB18030 (a superset of
    GBK and GB2312), and only then with charset-normalizer; UTF-16 with a BOM (Excel's
    "Unicode text") is also read. The delimiter is one of comma, tab, semicolon and pipe; a
    header without any of them is a one-column table. Excel (.xlsx/.xlsm) is recognised by
    its content, not its name, and read with openpyxl (cached formula values, numbers as
    text without ".0", dates as YYYY-MM-DD).

    Parameters
    ----------
    raw : bytes
        The uploaded file.
    filename : str
        The name the user gave it, used in messages only.
    sheet : str, optional
        Excel sheet to read; the first sheet by default. Ignored for CSV.
    limits : Limits
        Size limits.

    Returns
    -------
    Table

    Raises
    ------
    ReadError
        With `code` "too_large", "empty", "binary", "header_only", "too_many_columns",
        "not_table" or "bad_sheet", and a message in Chinese and English.

    Examples
    --------
    >>> t = read_table("城市,销量\\n南宁,12\\n".encode("gbk"), "s.csv")
    >>> t.encoding, t.delimiter, t.frame.columns.tolist(), t.frame.iloc[0].tolist()
    ('gb18030', ',', ['城市', '销量'], ['南宁', '12'])
    >>> t.source_row(0)
    2
    """
    name = filename or "file"
    if len(raw) > limits.max_bytes:
        raise ReadError(
            "too_large",
            f"文件“{name}”大小为 {_size(len(raw))}，超过上限 {_size(limits.max_bytes)}；"
            "请拆分文件或删除不需要的列后再上传。",
            f"'{name}' is {_size(len(raw))}, over the {_size(limits.max_bytes)} limit; "
            "split it or remove columns you do not need, then upload again.",
        )
    body = raw.removeprefix(_BOM)
    if not body or body.isspace():  # not `.strip()`: that copies the whole file
        raise _empty(name)
    if raw.startswith(_ZIP):
        return _read_workbook(raw, name, sheet, limits)
    if raw.startswith(_OLE2):
        raise ReadError(
            "not_table",
            f"“{name}”是旧版 Excel（.xls）或加了密码的工作簿，无法直接读取；"
            "请在 Excel 中取消密码并另存为 .xlsx 或 CSV 后再上传。",
            f"'{name}' is an old Excel workbook (.xls) or a password-protected one, which cannot be read; "
            "remove the password and save it as .xlsx or CSV in Excel, then upload again.",
        )
    table = _read_csv_bytes(raw, name, limits)
    if table is not None:
        return table
    text, encoding = _decode(raw, name)
    if not text or text.isspace():
        raise _empty(name)
    return _read_csv_text(text, encoding, name, limits)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _empty(name: str) -> ReadError:
    return ReadError(
        "empty",
        f"文件“{name}”是空的；请确认选对了文件，并且导出时包含了数据。",
        f"'{name}' is empty; check that you picked the right file and that the export contains data.",
    )


def _binary(name: str) -> ReadError:
    return ReadError(
        "binary",
        f"“{name}”不是文本表格（含二进制内容，可能是图片、压缩包或其他程序的文件）；请上传 CSV 或 Excel（.xlsx）文件。",
        f"'{name}' is not a text table (it holds binary content such as an image or an archive); "
        "upload a CSV or Excel (.xlsx) file instead.",
    )


def _header_only(name: str) -> ReadError:
    return ReadError(
        "header_only",
        f"“{name}”只有表头、没有数据行；请确认导出时包含了数据。",
        f"'{name}' has a header but no data rows; check that the export contains data.",
    )


def _too_many_columns(name: str, n: int, limit: int) -> ReadError:
    return ReadError(
        "too_many_columns",
        f"“{name}”有 {n} 列，超过上限 {limit} 列；请只保留需要的列（长表：每行一个地区和时期）后再上传。",
        f"'{name}' has {n} columns, over the limit of {limit}; keep only the columns you need "
        "(a long table: one row per region and period) and upload again.",
    )


def _too_many_rows(name: str, limit: int) -> ReadError:
    return ReadError(
        "too_large",
        f"“{name}”超过 {limit:,} 行数据的上限；请按时间或地区拆分后分批上传。",
        f"'{name}' has more than {limit:,} data rows, over the limit; "
        "split it by period or region and upload the parts.",
    )


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding that decoded it: strict UTF-8, strict GB18030, then a detector."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _binary(name) from None
    if b"\x00" in raw or raw.startswith(_BINARY_MAGIC):
        raise _binary(name)
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
            raise _binary(name)
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
        raise _binary(name)
    head = sample.lstrip()[:2048].lower()
    if head.startswith("<") and ("<html" in head or "<table" in head or "<?xml" in head):
        raise ReadError(
            "not_table",
            f"“{name}”是网页（HTML/XML）文件，只是扩展名像表格；请在 Excel 中打开它并另存为 .xlsx 或 CSV 后再上传。",
            f"'{name}' is a web page (HTML/XML) with a spreadsheet-like name; "
            "open it in Excel and save it as .xlsx or CSV, then upload again.",
        )


def _sniff_delimiter(text: str) -> str | None:
    """Comma, tab, semicolon or pipe; None when the header holds none of them."""
    lines = [line for line in text[:_SAMPLE_CHARS].splitlines() if line.strip()][:30]
    header = lines[0]
    fields = {d: len(next(csv.reader([header], delimiter=d))) for d in _DELIMITERS}
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
    """The delimiter, the separator to split on and the number of header fields.

    A one-column file still needs quote handling, so it is split on a control character that
    `content` (the whole file) lacks.
    """
    delimiter = _sniff_delimiter(sample)
    spare = (c for c in "\x1f\x1e\x1d\x1c" if (c if isinstance(content, str) else c.encode()) not in content)
    sep = delimiter or next(spare, "\x1f")
    first_line = next(line for line in sample.splitlines() if line.strip())
    header_fields = next(csv.reader([first_line], delimiter=sep))
    named = sum(1 for f in header_fields if f.strip())
    if named > limits.max_columns:
        raise _too_many_columns(name, named, limits.max_columns)
    return delimiter, sep, len(header_fields)


def _read_csv_bytes(raw: bytes, name: str, limits: Limits) -> Table | None:
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
    except ReadError:
        return None  # raised again from the whole text, which may be in another encoding
    if encoding == "gb18030" and (sep == "|" or body.startswith(_BOM)):
        return None  # "|" can end a GBK character; pyarrow would drop the UTF-8 BOM bytes, GB18030 reads 锘
    cells = _read_regular_csv(body, sep, width, "utf-8" if encoding == "utf-8-sig" else encoding)
    if cells is None:
        return None
    if encoding == "utf-8-sig" and not raw.startswith(_BOM):
        encoding = "utf-8"
    return _table(cells, encoding, delimiter, name, limits)


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


def _read_csv_text(text: str, encoding: str, name: str, limits: Limits) -> Table:
    """Parse decoded CSV text, every cell as text: pyarrow when rows are regular, else the C engine."""
    delimiter, sep, width = _layout(text[:_SAMPLE_CHARS], text, name, limits)
    data = text.encode("utf-8")
    cells = _read_regular_csv(data, sep, width, None)
    if cells is None:
        cells = _read_irregular_csv(data, sep, width, name, limits).apply(_clean_cells)
    return _table(cells, encoding, delimiter, name, limits)


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
            raise _empty(name) from None
        except pd.errors.ParserError as exc:
            width_error = _PARSER_WIDTH.search(str(exc))
            quote = _PARSER_QUOTE.search(str(exc))
            if width_error and int(width_error[3]) <= max(limits.max_columns, width) + 16:
                # Rows wider than the first one: read again wide enough, then decide in `_table`
                # whether the extra fields are empty (trailing delimiters) or shifted data.
                names = list(range(int(width_error[3])))
                continue
            if width_error:
                raise _too_many_columns(name, int(width_error[3]), limits.max_columns) from None
            row = f" {int(quote[1]) + 1}" if quote else ""
            raise ReadError(
                "not_table",
                f'“{name}”无法按表格读取：第{row} 行附近有未配对的引号（"）；请检查该处的引号是否成对后再上传。',
                f"'{name}' cannot be read as a table: a quote (\") near row{row} is not closed; "
                "check that quotes come in pairs and upload again.",
            ) from None


def _table(cells: pd.DataFrame, encoding: str, delimiter: str | None, name: str, limits: Limits) -> Table:
    """The table in parsed cells (trimmed, blanks NaN): header at the first non-blank row, blank rows out."""
    blank = cells.isna().all(axis=1).to_numpy()
    if blank.all():
        raise _empty(name)
    header_at = int(np.argmax(~blank))
    header = [_clean_header(v) for v in cells.iloc[header_at].tolist()]
    body = cells.iloc[header_at + 1 :]
    keep = ~blank[header_at + 1 :]
    row_numbers = np.flatnonzero(keep) + header_at + 2
    if not keep.all():
        body = body[keep]
    if len(body) > limits.max_rows:
        raise _too_many_rows(name, limits.max_rows)
    width = max((i + 1 for i, h in enumerate(header) if h), default=0)
    extra = body.iloc[:, width:].notna().any(axis=1).to_numpy()
    if extra.any():
        at = int(np.argmax(extra))
        saw = int(body.iloc[at].notna().to_numpy().nonzero()[0].max()) + 1
        row = int(row_numbers[at])
        raise ReadError(
            "not_table",
            f"“{name}”第 {row} 行有 {saw} 个值，但表头只有 {width} 列，"
            "通常是数字中的千分位逗号没有加引号（如 360,000）；请去掉千分位逗号或给该值加上引号后再上传。",
            f"Row {row} of '{name}' has {saw} values but the header has {width} columns, usually because a number "
            "with a thousands separator (such as 360,000) is not quoted; remove the separators or quote the value.",
        )
    frame = _assemble(header[:width], [body.iloc[:, j] for j in range(width)], name, limits)
    return Table(frame, encoding, delimiter, None, (), row_numbers)


def _read_regular_csv(data: bytes, sep: str, width: int, encoding: str | None) -> pd.DataFrame | None:
    """pyarrow's CSV reader: cells as text, stripped, blanks NaN, blank lines kept (row numbers).

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


def _clean_header(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", str(value))).strip()


def _assemble(header: list[str], columns: list[pd.Series], name: str, limits: Limits) -> pd.DataFrame:
    """Name the columns (unique, blanks filled) and drop unnamed empty ones."""
    kept: dict[str, pd.Series] = {}
    seen: dict[str, int] = {}
    for j, (title, column) in enumerate(zip(header, columns, strict=True)):
        if not title:
            if column.isna().all():
                continue
            title = f"column_{j + 1}"
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title} ({seen[title]})"
        kept[title] = column.reset_index(drop=True)
    if len(kept) > limits.max_columns:
        raise _too_many_columns(name, len(kept), limits.max_columns)
    if not kept:
        raise _empty(name)
    frame = pd.DataFrame(kept)
    if frame.empty:
        raise _header_only(name)
    return frame


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------


def _read_workbook(raw: bytes, name: str, sheet: str | None, limits: Limits) -> Table:
    """Read one sheet of an .xlsx/.xlsm workbook with openpyxl in read-only mode."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _binary(name) from None
    if "xl/workbook.bin" in members or "content.xml" in members:
        raise ReadError(
            "not_table",
            f"“{name}”是 Excel 二进制工作簿（.xlsb）或 OpenDocument 表格（.ods）；请另存为 .xlsx 或 CSV 后再上传。",
            f"'{name}' is a binary Excel workbook (.xlsb) or an OpenDocument spreadsheet (.ods); "
            "save it as .xlsx or CSV and upload again.",
        )
    if "xl/workbook.xml" not in members:
        raise _binary(name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files; all mean the same here
        raise ReadError(
            "not_table",
            f"无法打开 Excel 工作簿“{name}”（文件可能已损坏）；请在 Excel 中打开并另存为 .xlsx 后重试。",
            f"The Excel workbook '{name}' cannot be opened (it may be damaged: {type(exc).__name__}); "
            "open it in Excel, save it as .xlsx and try again.",
        ) from exc
    try:
        sheets = tuple(book.sheetnames)
        chosen = sheets[0] if sheet is None else sheet
        listing = "、".join(sheets)
        if chosen not in sheets:
            raise ReadError(
                "bad_sheet",
                f"“{name}”中没有名为“{chosen}”的工作表；可选的工作表有：{listing}。",
                f"'{name}' has no sheet named '{chosen}'; its sheets are: {', '.join(sheets)}.",
            )
        worksheet = book[chosen]
        if not hasattr(worksheet, "iter_rows"):
            raise ReadError(
                "bad_sheet",
                f"工作表“{chosen}”是图表，没有单元格数据；请选择其他工作表：{listing}。",
                f"Sheet '{chosen}' is a chart without cells; choose another sheet: {', '.join(sheets)}.",
            )
        worksheet.reset_dimensions()  # the stored <dimension> is often wrong; read what is there
        header, rows, row_numbers = _sheet_cells(worksheet, name, chosen, sheets, limits)
    finally:
        book.close()
    width = max(len(header), max((len(r) for r in rows), default=0))
    header = header + [""] * (width - len(header))
    columns = [pd.Series([r[j] if j < len(r) else None for r in rows], dtype="str") for j in range(width)]
    frame = _assemble(header, columns, f"{name} / {chosen}", limits)
    return Table(frame, None, None, chosen, sheets, np.asarray(row_numbers, dtype=np.int64))


def _sheet_cells(
    worksheet, name: str, chosen: str, sheets: tuple[str, ...], limits: Limits
) -> tuple[list[str], list[list[str | None]], list[int]]:
    """Header, non-blank data rows (as text) and their Excel row numbers."""
    header: list[str] | None = None
    rows: list[list[str | None]] = []
    row_numbers: list[int] = []
    for number, values in enumerate(worksheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1):
        cells = [_excel_text(v) for v in values]
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            continue
        if header is None:
            header = [_clean_header(c) if c is not None else "" for c in cells]
            named = sum(1 for h in header if h)
            if named > limits.max_columns:
                raise _too_many_columns(name, named, limits.max_columns)
            continue
        if len(rows) >= limits.max_rows:
            raise _too_many_rows(name, limits.max_rows)
        rows.append(cells)
        row_numbers.append(number)
    if header is None:
        others = "、".join(s for s in sheets if s != chosen) or "无"
        raise ReadError(
            "empty",
            f"工作表“{chosen}”是空的；请选择有数据的工作表（其他工作表：{others}）。",
            f"Sheet '{chosen}' is empty; choose a sheet with data (other sheets: "
            f"{', '.join(s for s in sheets if s != chosen) or 'none'}).",
        )
    return header, rows, row_numbers


def _excel_text(value: object) -> str | None:
    """An Excel cell as the text the user sees: 450100 not 450100.0, dates as YYYY-MM-DD."""
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
        if math.isfinite(value) and value.is_integer() and abs(value) < _EXCEL_MAX_INT:
            return str(int(value))
        return format(value, ".15g")  # Excel shows 15 significant digits; hides float noise
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


# --------------------------------------------------------------------------------------
# Value parsers
# --------------------------------------------------------------------------------------

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
_PLACEHOLDERS = frozenset(
    {"-", "--", "---", "—", "——", "–", "/", "\\", "n/a", "na", "nan", "null", "none", "无", "暂无", "空", "#n/a"}
)


def _extract(text: pd.Series, pattern: str) -> pd.DataFrame:
    """`text.str.extract(pattern)`, straight through pyarrow's RE2 kernel when the column is
    Arrow-backed: the pandas wrapper costs about 2 s per million cells on top of it."""
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
        placeholder[present] = text.isin(_PLACEHOLDERS).to_numpy() | (text == "").to_numpy()
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
    r"|(?P<serial>[0-9]{5})(?:\.[0-9]*)?"
    r"|(?P<m4>[0-9]{1,2})[-/.](?P<y4>[0-9]{4})"
    r"|(?P<n5>[a-z]{3,9})\.?[ ,/-]*(?P<y5>[0-9]{4})"
    r"|(?P<y6>[0-9]{4})[ ,/-]*(?P<n6>[a-z]{3,9})"
    r")$"
)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_months(s: pd.Series) -> pd.Series:
    """Months in any common spelling, as "YYYY-MM" text; NaN where a cell is not a month.

    Accepts 2025-03, 2025-3, 2025/3, 2025.3, 2025年3月, 202503, full dates (2025-03-15,
    2025/3/15, "2025-03-01 00:00:00", 2025年3月15日, 20250315), 03/2025, Mar 2025, Excel
    serial day numbers between 20000 and 80000 (45658 -> 2025-01) and datetime values.
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
    >>> parse_months(pd.Series(["2025年3月", "2025/3/15", "202503", "45658", "2025-13"])).tolist()
    ['2025-03', '2025-03', '2025-03', '2025-01', nan]
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
    year = year.fillna(parts["y6"]).astype("float64")
    month = parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]).fillna(parts["m4"]).astype("float64")
    named = parts["n5"].fillna(parts["n6"]).map(_MONTH_NAMES).astype("float64")
    month = month.fillna(named)
    serial = parts["serial"].astype("float64")
    serial = serial.where(serial.between(20000, 80000))
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


# --------------------------------------------------------------------------------------
# Units in headers
# --------------------------------------------------------------------------------------

_SCALES = {
    "": 1.0,
    "十": 10.0,
    "百": 100.0,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "十亿": 1e9,
    "万亿": 1e12,
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "'000": 1e3,
    "000": 1e3,
    "10k": 1e4,
    "10thousand": 1e4,
    "tenthousand": 1e4,
    "wan": 1e4,
    "m": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "100m": 1e8,
    "100million": 1e8,
    "yi": 1e8,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
_CURRENCIES = ("人民币元", "人民币", "元", "rmb", "cny", "yuan", "¥", "$")
_COUNTS = (
    *("台", "套", "个", "人", "户", "家", "辆", "件", "间", "栋", "座", "所", "张", "次", "单", "箱", "位"),
    *("平方米", "平米", "平方公里", "公里", "米", "亩", "m2", "km2", "sqm", "%"),
    *("units", "unit", "pcs", "sets", "people", "persons", "households", "stores", "homes", "sqkm"),
)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)


_UNIT = re.compile(
    rf"(?:(?P<cur1>{_alternatives(_CURRENCIES)})[,]?)?"
    rf"(?P<scale>{_alternatives(_SCALES)})?"
    rf"(?P<cur2>{_alternatives(_CURRENCIES)})?"
    rf"(?P<count>{_alternatives(_COUNTS)})?"
)
_BRACKETED = re.compile(r"^(?P<stem>.*?)[ _]*[(\[【{](?P<unit>[^()\[\]【】{}]*)[)\]】}]$")
_TRAILING = re.compile(
    rf"^(?P<stem>.{{2,}}?)[ _/-]*(?P<unit>(?:{_alternatives(k for k in _SCALES if not k.isascii())})"
    rf"(?:{_alternatives(_CURRENCIES[:3])}|{_alternatives(c for c in _COUNTS if not c.isascii())})"
    rf"|{_alternatives(_CURRENCIES[:3])})$"
)
_SLASHED = re.compile(r"^(?P<stem>.+?)[ ]*/[ ]*(?P<unit>[^/]+)$")


def _unit_scale(unit: str) -> float | None:
    """The multiplier a unit such as 万元, 10k CNY or 元/台 stands for; None if it is no unit."""
    text = unit.lower().replace(" ", "").replace("_", "")
    if not text:
        return None
    per = text.split("/")
    if len(per) == 2 and all(per):
        numerator, denominator = per
        if _unit_scale(denominator) is None:
            return None
        return _unit_scale(numerator)
    match = _UNIT.fullmatch(text)
    if match is None or not any(match.group(g) for g in ("cur1", "scale", "cur2", "count")):
        return None
    return _SCALES[match["scale"] or ""]


def header_unit(header: str) -> tuple[str, float]:
    """Split the unit off a header: the header without it, and the factor to base units.

    The unit may sit in brackets (ASCII, full-width or 【】), after a slash, or directly at
    the end when it is a scaled Chinese unit (销售额万元). Money scales to yuan, counts to
    ones (人口(万人) -> 10000). Brackets that hold no unit ("城市(地级市)") are kept.

    Parameters
    ----------
    header : str
        A column header as it appears in the file.

    Returns
    -------
    (str, float)
        The header without its unit (stripped, NFKC) and the multiplier.

    Examples
    --------
    >>> header_unit("年回款(万元)"), header_unit("金额（亿元）"), header_unit("revenue (10k CNY)")
    (('年回款', 10000.0), ('金额', 100000000.0), ('revenue', 10000.0))
    >>> header_unit("销量(台)"), header_unit("销售额万元"), header_unit("Revenue")
    (('销量', 1.0), ('销售额', 10000.0), ('Revenue', 1.0))
    """
    text = _clean_header(header)
    for pattern in (_BRACKETED, _SLASHED, _TRAILING):
        match = pattern.match(text)
        if match and match["stem"].strip():
            scale = _unit_scale(match["unit"])
            if scale is not None:
                return match["stem"].strip(" _-/"), scale
    return text, 1.0
