"""Files of the shapes analysts and ERPs send, and hostile ones, made here (issues 11 and 12).

Each builder returns the bytes of one file. `CASES` lists, per class of issue 12, files with what the
import must make of them: the stored values, or the finding (code and row) that refuses them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

import openpyxl

HEADER = "城市,月份,销量,销售额\n"


def xlsx(sheets: dict[str, list[list[object]]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    """A workbook: sheet -> rows; `formats` sets number formats by (sheet, cell), e.g. ("s", "B3"): "0.00"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for (title, cell), number_format in (formats or {}).items():
        book[title][cell].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls(sheets: dict[str, list[list[object]]]) -> bytes:
    """A legacy .xls workbook (BIFF8), as Excel 97-2003 and many ERPs still write."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    sheet.write(i, j, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx() -> bytes:
    """Issue 11: a title row, a units row, the header, data in 万元 and a 合计 row, behind a cover sheet."""
    return xlsx(
        {
            "封面": [["2025年销售报表"], ["编制：区域销售部"]],
            "销售": [
                ["2025年销售报表"],
                ["单位：万元"],
                ["城市", "月份", "销量(台)", "销售额"],
                ["南宁", "2025-01", 120, 36],
                ["柳州", "2025-01", 80, 24.5],
                ["桂林", "2025-01", 50, 15],
                ["合计", None, 250, 75.5],
            ],
        }
    )


def zip_bomb(inflated: int = 600 * 1024 * 1024) -> bytes:
    """A real zip bomb shaped like an .xlsx: a few MB whose sheet part inflates to `inflated` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheets><sheet name="s" sheetId="1"/></sheets></workbook>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b"<row>" + b" " * (1 << 20) + b"</row>"
            for _ in range(inflated // len(chunk)):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def wide_csv(columns: int = 100_000) -> bytes:
    """A CSV whose every row ends in `columns` empty fields (a sheet saved with its whole width)."""
    tail = "," * columns
    rows = ["城市,月份,销量,销售额" + tail, *(f"南宁,2025-0{m},1,1" + tail for m in range(1, 10))]
    return ("\n".join(rows) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what importing it must give."""

    name: str
    kind: str
    raw: bytes
    stored: dict[str, list] = field(default_factory=dict)  # stored column -> values, when it imports
    finding: tuple[str, int | None] | None = None  # (code, row) that must be reported
    blocks: bool = False  # an error: nothing imports without set-aside
    options: dict = field(default_factory=dict)


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


# Issue 12, per class: the files tried and the right value or finding each must end in.
CASES: dict[str, list[Case]] = {
    "header units": [
        Case(
            "unit_note.csv",
            "sales",
            _csv("城市,月份,销量,销售额（单位：万元）\n南宁,2025-01,1,36\n"),
            {"revenue": [360000.0]},
        ),
        Case(
            "unit_tax.csv",
            "sales",
            _csv("城市,月份,销量,销售额（万元，含税）\n南宁,2025-01,1,36\n", "gbk"),
            {"revenue": [360000.0]},
        ),
        Case(
            "own_unit.csv",
            "sales",
            _csv("城市,月份,销量,销售额(万元)\n南宁,2025-01,1,36万\n柳州,2025-01,1,12\n"),
            {"revenue": [360000.0, 120000.0]},
            ("own_unit", 2),
        ),
        Case(
            "note_vs_header.csv",
            "sales",
            _csv("销售月报（单位：万元）\n城市,月份,销量,销售额(元)\n南宁,2025-01,1,3600\n"),
            {"revenue": [3600.0]},
        ),
        Case(
            "traditional_unit.csv",
            "sales",
            _csv("城市,月份,銷量,銷售額(萬元)\n南宁,2025-01,1,2\n"),
            {"revenue": [20000.0]},
        ),
    ],
    "months": [
        Case(
            "year_and_month.csv",
            "sales",
            _csv("城市,月份,销量,销售额\n南宁,20253,1,1\n柳州,202510,1,1\n"),
            {"month": ["2025-03", "2025-10"]},
        ),
        Case(
            "display_format.xlsx",
            "sales",
            xlsx(
                {"s": [["城市", "月份", "销量", "销售额"], ["南宁", 2025.1, 1, 1], ["柳州", 2025.09, 1, 1]]},
                {("s", "B2"): "0.00", ("s", "B3"): "0.00"},
            ),
            {"month": ["2025-10", "2025-09"]},
        ),
        Case(
            "decades_away.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,1,1\n柳州,2025-02,1,1\n桂林,1955-06,1,1\n"),
            finding=("outlier_month", 4),
            blocks=True,
        ),
        Case(
            "serial_1955.xlsx",
            "sales",
            xlsx(
                {
                    "s": [
                        ["城市", "月份", "销量", "销售额"],
                        ["南宁", "2025-01", 1, 1],
                        ["柳州", dt.datetime(1955, 6, 13), 1, 1],
                    ]
                }
            ),
            finding=("outlier_month", 3),
            blocks=True,
        ),
    ],
    "discounts and counts": [
        Case(
            "discounts.csv",
            "competitors",
            _csv("城市,年份,品牌,回款,折扣率\n南宁,2024,甲,1,8折\n柳州,2024,甲,1,85折\n桂林,2024,甲,1,9.5折\n"),
            {"discount_rate": [0.2, 0.15, 0.05]},
        ),
        Case(
            "fractional_units.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,3.5,1\n"),
            finding=("not_whole", 2),
            blocks=True,
        ),
        Case(
            "placeholder_dash.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,-,1\n"),
            finding=("placeholder", 2),
            blocks=True,
        ),
        Case(
            "placeholder_na.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,1,#N/A\n柳州,2025-01,nan,1\n"),
            finding=("placeholder", 3),
            blocks=True,
        ),
        Case(
            "placeholder_slash.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,—,1\n柳州,2025-01,/,1\n"),
            finding=("placeholder", 2),
            blocks=True,
        ),
        Case(
            "too_big.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,99999999999999999999,1\n"),
            finding=("too_big", 2),
            blocks=True,
        ),
        Case(
            "too_big_float.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,1e30,1e300\n"),
            finding=("too_big", 2),
            blocks=True,
        ),
    ],
    "two columns, one field": [
        Case(
            "orders_and_shipments.csv",
            "sales",
            _csv("城市,月份,订货数量,发货数量,销售额\n南宁,2025-01,5,4,1\n"),
            finding=("column_choice", None),
            blocks=True,
        ),
        Case(
            "two_units.csv",
            "sales",
            _csv("城市,月份,数量,销量,销售额\n南宁,2025-01,5,4,1\n"),
            finding=("column_choice", None),
            blocks=True,
        ),
        Case(
            "two_revenues.csv",
            "sales",
            _csv("城市,月份,销量,销售额,金额\n南宁,2025-01,5,4,1\n"),
            finding=("column_choice", None),
            blocks=True,
        ),
    ],
    "subtotals and double names": [
        Case(
            "province_subtotal.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,3,30\n柳州,2025-01,2,20\n广西,2025-01,5,50\n"),
            {"region_id": ["450100", "450200"]},
            ("subtotal_row", 4),
        ),
        Case(
            "province_mismatch.csv",
            "sales",
            _csv(HEADER + "南宁,2025-01,3,30\n柳州,2025-01,2,20\n广西,2025-01,9,50\n"),
            finding=("subtotal_mismatch", 4),
            blocks=True,
        ),
        Case(
            "city_subtotal.csv",
            "sales",
            _csv("区县,月份,销量,销售额\n芙蓉区,2025-01,1,10\n天心区,2025-01,2,20\n长沙市,2025-01,3,30\n"),
            {"region_id": ["430102", "430103"]},
            ("subtotal_row", 4),
        ),
        Case(
            "hainan_in_qinghai.csv",
            "demographics",
            _csv("地区,年份,人口\n西宁,2024,1\n海东,2024,1\n海南,2024,1\n玉树,2024,1\n"),
            {"region_id": ["630100", "630200", "632500", "632700"]},
        ),
        Case(
            "jilin_among_cities.csv",
            "demographics",
            _csv("城市,年份,人口\n长春,2024,1\n吉林,2024,1\n四平,2024,1\n通化,2024,1\n"),
            {"region_id": ["220100", "220200", "220300", "220500"]},
        ),
    ],
    "traditional characters": [
        Case("trad_headers.csv", "sales", _csv("地區,月份,銷量,銷售額\n南宁,2025-01,1,1\n"), {"region_id": ["450100"]}),
        Case(
            "trad_names.csv",
            "sales",
            _csv(HEADER + "廣州,2025-01,1,1\n南寧,2025-01,1,1\n"),
            {"region_id": ["440100", "450100"]},
            ("region_reading", 2),
        ),
        Case(
            "trad_big5.csv",
            "sales",
            _csv("地區,月份,銷量,銷售額\n廣州,2025-01,1,1\n", "utf-8-sig"),
            {"region_id": ["440100"]},
        ),
    ],
    "formulas, NUL bytes, cover sheets": [
        Case(
            "uncached_formula.xlsx",
            "sales",
            xlsx(
                {
                    "s": [
                        ["城市", "月份", "销量", "销售额"],
                        ["南宁", "2025-01", 2, "=C2*100"],
                        ["柳州", "2025-01", 1, 50],
                    ]
                }
            ),
            finding=("formula_no_value", 2),
            blocks=True,
        ),
        Case(
            "nul_byte.csv",
            "sales",
            HEADER.encode() + "南宁,2025-01,1,1\n柳州\x00,2025-01,1,1\n".encode(),
            finding=("nul_byte", 3),
            blocks=True,
        ),
        Case(
            "cover_first.xlsx",
            "sales",
            report_xlsx(),
            {"revenue": [360000.0, 245000.0, 150000.0]},
            ("sheet_chosen", None),
        ),
        Case(
            "cover_chosen.xlsx",
            "sales",
            report_xlsx(),
            finding=("cover_sheet", None),
            blocks=True,
            options={"sheet": "封面"},
        ),
    ],
}
