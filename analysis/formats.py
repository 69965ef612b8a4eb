"""The one number format: how counts, money, shares and indices read in Chinese and in English.

Every figure a person reads goes through here: page metrics and tables, chart axes, hover and
colour bars, the PDF, the Excel and CSV exports. A figure has a *kind*, which fixes its decimals
and its unit; the language fixes how large numbers are abbreviated (万/亿 in Chinese, K/M/B in
English). Below 10,000 a number is written in full in both languages, from 10,000 on it is
abbreviated, so one figure never appears as "2.1K" next to "2,141".

Kinds
-----
count    people, households, homes, regions: whole numbers
units    units of product per period: whole numbers, "台" in Chinese labels
money    yuan: "¥" in front
price    yuan per unit: "¥", whole yuan, never abbreviated below 10,000
share    a fraction 0–1 written as a percentage with one decimal
growth   a fraction written as a signed percentage with one decimal
index    a ratio such as the price index: two decimals
score    a 0–1 score: three decimals
hhi      the concentration index 0–10,000: a whole number, never abbreviated
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

KINDS = ("count", "units", "money", "price", "share", "growth", "index", "score", "hhi")
DASH = "–"  # what an unknown figure looks like, everywhere

# Steps of abbreviation, largest first: (divisor, suffix).
_STEPS = {"zh": ((1e8, "亿"), (1e4, "万")), "en": ((1e9, "B"), (1e6, "M"), (1e3, "K"))}
_ABBREVIATE_FROM = 1e4
_DECIMALS = {"index": 2, "score": 3, "share": 1, "growth": 1}
_UNABBREVIATED = ("hhi", "index", "score", "share", "growth")


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _check(kind: str, lang: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if lang not in _STEPS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")


def _abbreviated(v: float, lang: str) -> str:
    """A non-negative number, whole below 10,000 and with one decimal and a suffix from there."""
    if v >= _ABBREVIATE_FROM:
        for divisor, suffix in _STEPS[lang]:
            if v >= divisor:
                return f"{v / divisor:,.1f}{suffix}"
    return f"{v:,.0f}"


def fmt(value: object, kind: str, lang: str = "zh", *, signed: bool = False) -> str:
    """One figure as a reader of `lang` expects it.

    Parameters
    ----------
    value : float, int or None
        NaN and None are unknown and read "–".
    kind : str
        One of `KINDS`.
    lang : {"zh", "en"}
    signed : bool, default False
        Put "+" in front of positive values (growth is always signed).

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown kind or language.

    Examples
    --------
    >>> fmt(123_456_789, "money", "zh"), fmt(123_456_789, "money", "en")
    ('¥1.2亿', '¥123.5M')
    >>> fmt(2141, "units", "en"), fmt(21_410, "units", "en"), fmt(45_600, "count", "zh")
    ('2,141', '21.4K', '4.6万')
    >>> fmt(0.1234, "share", "zh"), fmt(0.05, "growth", "en"), fmt(None, "money", "zh")
    ('12.3%', '+5.0%', '–')
    >>> fmt(4740.147, "units", "zh"), fmt(0.779, "score", "en"), fmt(2600.0, "hhi", "en")
    ('4,740', '0.779', '2,600')
    """
    _check(kind, lang)
    if _missing(value):
        return DASH
    v = float(value)  # type: ignore[arg-type]
    if kind in ("share", "growth"):
        sign = "+" if (signed or kind == "growth") else ""
        return f"{v * 100:{sign}.{_DECIMALS[kind]}f}%"
    if kind in ("index", "score"):
        return f"{v:{'+' if signed else ''}.{_DECIMALS[kind]}f}"
    sign = "-" if v < 0 else ("+" if signed and v > 0 else "")
    body = f"{abs(v):,.0f}" if kind in _UNABBREVIATED else _abbreviated(abs(v), lang)
    return f"{sign}¥{body}" if kind in ("money", "price") else f"{sign}{body}"


@dataclass(frozen=True)
class Scale:
    """A common divisor for a column or an axis of figures, and the unit that goes in its title.

    Tables and charts keep numbers as numbers (so they sort and scale), divided by `divisor`,
    with the unit in the header or axis title: "销售额（万元）", "Revenue (CNY M)".
    """

    divisor: float
    unit: str
    decimals: int

    def title(self, label: str, lang: str) -> str:
        """`label` with the unit appended: 销售额（万元） / Revenue (CNY M)."""
        if not self.unit:
            return label
        return f"{label}（{self.unit}）" if lang == "zh" else f"{label} ({self.unit})"

    def printf(self) -> str:
        """The printf format for Streamlit's NumberColumn: thousands separators, fixed decimals."""
        return f"%,.{self.decimals}f"

    def d3(self) -> str:
        """The d3 format for Plotly axes, hover and colour bars."""
        return f",.{self.decimals}f"


_UNITS = {
    ("money", "zh"): ((1e8, "亿元"), (1e4, "万元"), (1.0, "元")),
    ("money", "en"): ((1e9, "CNY B"), (1e6, "CNY M"), (1e3, "CNY K"), (1.0, "CNY")),
    ("count", "zh"): ((1e8, "亿"), (1e4, "万"), (1.0, "")),
    ("count", "en"): ((1e9, "B"), (1e6, "M"), (1e3, "K"), (1.0, "")),
}


def scale_for(values, kind: str, lang: str) -> Scale:
    """The scale that writes a column or axis of `values` of `kind` in `lang`.

    The unit is the largest step of the language that the largest value reaches (4.5 亿元 and
    450 CNY M for the same ¥450,000,000, never 45,000 万元 next to 450,000,000); a scaled column
    gets one decimal, or two when its typical value is below one unit.

    Parameters
    ----------
    values : array-like
        The figures of the column or axis (NaN ignored).
    kind : str
        One of `KINDS`.
    lang : {"zh", "en"}

    Returns
    -------
    Scale
        For shares and growth the divisor is 0.01 (values shown in percent).

    Examples
    --------
    >>> s = scale_for([4.5e8, 1.2e8], "money", "zh")
    >>> s.divisor, s.title("销售额", "zh"), scale_for([4.5e8], "money", "en").title("Revenue", "en")
    (100000000.0, '销售额（亿元）', 'Revenue (CNY M)')
    >>> scale_for([0.12, 0.5], "share", "en").divisor, scale_for([3.0, 8.0], "units", "zh").unit
    (0.01, '')
    """
    _check(kind, lang)
    if kind in ("share", "growth"):
        return Scale(0.01, "%", _DECIMALS[kind])
    if kind in ("index", "score", "hhi"):
        return Scale(1.0, "", _DECIMALS.get(kind, 0))
    if kind == "price":
        return Scale(1.0, "元" if lang == "zh" else "CNY", 0)
    finite = np.abs(np.asarray(values, dtype=float).ravel())
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return Scale(1.0, _UNITS[("money" if kind == "money" else "count", lang)][-1][1], 0)
    largest, typical = float(finite.max()), float(np.median(finite))
    steps = _UNITS[("money" if kind == "money" else "count", lang)]
    divisor, unit = next(((d, u) for d, u in steps if largest >= d), steps[-1])
    if divisor == 1.0:
        return Scale(1.0, unit, 0)
    return Scale(divisor, unit, 2 if typical < divisor else 1)


EXCEL_FORMATS = {
    "count": "#,##0",
    "units": "#,##0",
    "money": "#,##0.00",
    "price": "#,##0.00",
    "share": "0.0%",
    "growth": "+0.0%;-0.0%;0.0%",
    "index": "0.00",
    "score": "0.000",
    "hhi": "#,##0",
}
CSV_DECIMALS = {
    "count": 0,
    "units": 0,
    "money": 2,
    "price": 2,
    "share": 4,
    "growth": 4,
    "index": 4,
    "score": 4,
    "hhi": 0,
}


@dataclass(frozen=True)
class Figure:
    """A number of a kind, formatted in the reader's language when a text that holds it is rendered."""

    value: float | None
    kind: str
    signed: bool = False

    def render(self, lang: str) -> str:
        """The figure in `lang`."""
        return fmt(self.value, self.kind, lang, signed=self.signed)
