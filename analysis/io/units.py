"""Units in headers and notes: 销售额(万元), 销售额（单位：万元）, a line "单位：万元" above the table."""

from __future__ import annotations

import math
import re
import unicodedata

from analysis.geo.names import to_simplified

_WHITESPACE = re.compile(r"\s+")


def clean_header(value: object) -> str:
    """A header cell as compared and shown: NFKC, traditional characters simplified, white space folded."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _WHITESPACE.sub(" ", to_simplified(unicodedata.normalize("NFKC", str(value)))).strip()


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


_NOTE_PREFIX = re.compile(r"^(?:金额|货币|数量|计量)?单位\s*[:：]?\s*|^(?:units?|in)\s*[:：]?\s*", re.IGNORECASE)
_NOTE_SPLIT = re.compile(r"[,，;；、]")
# "单位：万元" or "金额单位：元" on a line of its own, or inside a title: 2025年销售报表（单位：万元）
_NOTE_LINE = re.compile(
    r"(?:(?:金额|货币)?单位|units?|amounts? in)\s*[:：]\s*(?P<unit>[^,，;；、)）\]】]+)", re.IGNORECASE
)
_MONEY_WORDS = re.compile(rf"(?:{'|'.join(re.escape(c) for c in _CURRENCIES)})", re.IGNORECASE)


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


def _note_scale(unit: str) -> float | None:
    """A unit written as a note, "单位：万元" or "万元，含税": the first part that is a unit."""
    text = _NOTE_PREFIX.sub("", unit.strip())
    for part in _NOTE_SPLIT.split(text):
        part = _NOTE_PREFIX.sub("", part.strip())
        scale = _unit_scale(part)
        if scale is not None:
            return scale
    return None


def _split_unit(text: str) -> tuple[str, float] | None:
    for pattern in (_BRACKETED, _SLASHED, _TRAILING):
        match = pattern.match(text)
        if match and match["stem"].strip():
            scale = _note_scale(match["unit"]) if pattern is _BRACKETED else _unit_scale(match["unit"])
            if scale is not None:
                return match["stem"].strip(" _-/"), scale
    return None


def header_unit(header: str) -> tuple[str, float]:
    """Split the unit off a header: the header without it, and the factor to base units.

    The unit may sit in brackets (ASCII, full-width or 【】, also as a note: 销售额（单位：万元）,
    销售额（万元，含税）), after a slash, or directly at the end when it is a scaled Chinese unit
    (销售额万元). Money scales to yuan, counts to ones (人口(万人) -> 10000). Brackets that hold
    no unit ("城市(地级市)") are kept. Traditional characters read as simplified (銷售額(萬元)).

    Parameters
    ----------
    header : str
        A column header as it appears in the file.

    Returns
    -------
    (str, float)
        The header without its unit (stripped, NFKC, simplified) and the multiplier.

    Examples
    --------
    >>> header_unit("年回款(万元)"), header_unit("金额（亿元）"), header_unit("revenue (10k CNY)")
    (('年回款', 10000.0), ('金额', 100000000.0), ('revenue', 10000.0))
    >>> header_unit("销量(台)"), header_unit("销售额万元"), header_unit("Revenue")
    (('销量', 1.0), ('销售额', 10000.0), ('Revenue', 1.0))
    >>> header_unit("销售额（单位：万元）"), header_unit("销售额（万元，含税）")
    (('销售额', 10000.0), ('销售额', 10000.0))
    """
    text = clean_header(header)
    found = _split_unit(text)
    return found if found is not None else (text, 1.0)


def unit_in_header(header: str) -> float | None:
    """The multiplier a header states, None when it states no unit (so a note above the table may).

    >>> unit_in_header("销售额(元)"), unit_in_header("销售额"), unit_in_header("销售额 / 万元")
    (1.0, None, 10000.0)
    """
    found = _split_unit(clean_header(header))
    return None if found is None else found[1]


def note_unit(text: str) -> float | None:
    """The money unit a note line states ("单位：万元", "金额单位：元", "报表（单位：万元）"), or None.

    Only money units count: a note such as "单位：台" says nothing about money columns.

    >>> note_unit("单位：万元"), note_unit("金额单位：元"), note_unit("2025年销售报表（单位：万元）")
    (10000.0, 1.0, 10000.0)
    >>> note_unit("单位：台") is None, note_unit("制表：张三") is None
    (True, True)
    """
    match = _NOTE_LINE.search(clean_header(text))
    if match is None:
        return None
    for unit in (match["unit"].strip(), match["unit"].split()[0] if match["unit"].split() else ""):
        if _MONEY_WORDS.search(unit):
            scale = _unit_scale(unit)
            if scale is not None:
                return scale
    return None
