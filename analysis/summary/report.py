"""The monthly summary as files and figures: Excel and PDF reports, the trend chart for the page.

The PDF needs no browser and no network: reportlab writes it, Chinese text uses reportlab's
built-in CID font STSong-Light (real text, extractable, no font file), and the charts are drawn
with matplotlib's Agg renderer. Chinese chart labels need a CJK system font (Debian
`fonts-noto-cjk`); without one the chart labels fall back to English rather than to empty boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.charts.style import FONT
from analysis.formats import fmt
from analysis.i18n import region_label, t
from analysis.io.exports import to_excel_bytes
from analysis.summary.build import Summary, forecast_reason, format_kpi, kpi_rows, narrative

# Tried in order; the first one matplotlib knows is used for Chinese labels.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Arial Unicode MS",
    "Noto Serif CJK SC",
)
CID_FONT = "STSong-Light"
TREND_MONTHS = 24
COLOURS = {"actual": "#1f4e79", "plan": "#8c8c8c", "forecast": "#d9822b", "gain": "#2e7d32", "loss": "#c62828"}
ATTAINMENT_BANDS = ((1.0, "#d8efd9"), (0.9, "#fff1c7"), (-np.inf, "#f8d5d8"))  # ≥ 100 %, 90–100 %, < 90 %
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Characters STSong-Light has no glyph for, and a look-alike it has.
_CID_SAFE = str.maketrans({"·": "・", "•": "・", "−": "-"})


def attainment_colour(value: float) -> str | None:
    """Background colour for an attainment: green ≥ 100 %, amber 90–100 %, red below; None if unknown."""
    if value is None or not np.isfinite(value):
        return None
    return next(colour for floor, colour in ATTAINMENT_BANDS if value >= floor)


def _name(row, lang: str) -> str:
    return region_label(row["name"], row["name_en"], lang)


def _pct(value: float) -> float:
    """A fraction as a percentage rounded to 2 decimals (Excel cells read 98.06, not 0.98064...)."""
    return round(float(value) * 100, 2) if value is not None and np.isfinite(value) else np.nan


# ----------------------------------------------------------------------------------------- tables


def _trend_window(summary: Summary) -> pd.DataFrame:
    return summary.series.tail(TREND_MONTHS).reset_index(drop=True)


def kpi_table(summary: Summary, lang: str) -> pd.DataFrame:
    """KPIs for a sheet: figure, revenue, units and the unit (yuan / units / %)."""
    rows = kpi_rows(summary.kpis, lang)
    percent = rows["kind"] != "money"
    unit = np.where(percent, "%", "")
    return pd.DataFrame(
        {
            t("summary.kpi.label", lang): rows["label"],
            t("summary.col.revenue", lang): np.where(percent, rows["revenue"].map(_pct), rows["revenue"]),
            t("summary.col.units", lang): np.where(percent, rows["units"].map(_pct), rows["units"]),
            "%": unit,
        }
    )


def regions_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The attainment table with readable headers; percentages as numbers like 98.06."""
    a = summary.attainment
    return pd.DataFrame(
        {
            t("summary.col.region", lang): [_name(r, lang) for _, r in a.iterrows()],
            t("summary.col.revenue", lang): a["revenue"],
            t("summary.col.target_revenue", lang): a["target_revenue"],
            t("summary.col.attainment", lang): a["attainment"].map(_pct),
            t("summary.col.ytd_revenue", lang): a["ytd_revenue"],
            t("summary.col.ytd_target", lang): a["ytd_target"],
            t("summary.col.ytd_attainment", lang): a["ytd_attainment"].map(_pct),
            t("summary.col.yoy", lang): a["yoy"].map(_pct),
        }
    )


def movers_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The movers with readable headers."""
    m = summary.movers
    return pd.DataFrame(
        {
            t("summary.col.group", lang): m["group"].map(lambda g: t(f"summary.movers.{g}", lang)),
            t("summary.col.rank", lang): m["rank"],
            t("summary.col.region", lang): [_name(r, lang) for _, r in m.iterrows()],
            t("summary.col.value", lang): m["value"],
            t("summary.col.base", lang): m["base"],
            t("summary.col.change", lang): m["change"],
            t("summary.col.change_pct", lang): m["change_pct"].map(_pct),
        }
    )


def change_counts(summary: Summary, lang: str) -> pd.DataFrame:
    """What changed, as counts: this month and (where it applies) last month."""
    c = summary.changes.counts
    keys = (
        ["up", "down", "enter_hold", "leave_hold", "new_whitespace"] if summary.changes.migrations is not None else []
    )
    keys += ["distributor_up", "distributor_down", "conflict_flags", "price_flags"]
    return pd.DataFrame(
        {
            t("summary.col.item", lang): [t(f"summary.changed.{k}", lang) for k in keys],
            t("summary.col.this_month", lang): [c[k] for k in keys],
            t("summary.col.last_month", lang): [c.get(f"{k}_prev", np.nan) for k in keys],
        }
    )


def migrations_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Tier migrations with readable headers, or one row saying why there are none."""
    m = summary.changes.migrations
    if m is None:
        return pd.DataFrame({t("summary.changed.migrations", lang): [summary.changes.scoring_text(lang)]})
    return pd.DataFrame(
        {
            t("summary.col.region", lang): [_name(r, lang) for _, r in m.iterrows()],
            t("summary.col.tier_prev", lang): m["tier_prev"],
            t("summary.col.tier_now", lang): m["tier_now"],
            t("summary.col.move", lang): m["move"],
            t("summary.col.hold", lang): m["hold"],
            t("summary.col.new_whitespace", lang): m["new_whitespace"],
        }
    )


def distributors_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Distributors whose class changed, with readable headers."""
    d = summary.changes.distributors
    return pd.DataFrame(
        {
            t("summary.col.distributor", lang): d["distributor_id"],
            t("summary.col.region", lang): d["name"],
            t("summary.col.class_prev", lang): d["class_prev"],
            t("summary.col.class_now", lang): d["class_now"],
            t("summary.col.rule", lang): d["rule"],
        }
    )


def trend_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Monthly actual and plan (24 months) followed by the forecast months."""
    window = _trend_window(summary)
    out = pd.DataFrame(
        {
            t("summary.col.month", lang): window["month"],
            t("summary.col.revenue", lang): window["revenue"],
            t("summary.col.target_revenue", lang): window["target_revenue"],
            t("summary.col.units", lang): window["units"],
            t("summary.col.target_units", lang): window["target_units"],
        }
    )
    if summary.forecast is None:
        return out
    f = summary.forecast.values
    future = pd.DataFrame(
        {
            t("summary.col.month", lang): f["month"],
            t("summary.col.forecast", lang): f["forecast"],
            t("summary.col.lower", lang): f["lower"],
            t("summary.col.upper", lang): f["upper"],
        }
    )
    return pd.concat([out, future], ignore_index=True)


def forecast_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The forecast months with their band and model, or one row saying there is no forecast."""
    if summary.forecast is None:
        return pd.DataFrame({t("summary.forecast.title", lang): [t("summary.forecast.none", lang)]})
    f = summary.forecast.values
    return pd.DataFrame(
        {
            t("summary.col.month", lang): f["month"],
            t("summary.col.forecast", lang): f["forecast"].round(0),
            t("summary.col.lower", lang): f["lower"].round(0),
            t("summary.col.upper", lang): f["upper"].round(0),
            t("summary.col.model", lang): t(f"summary.model.{summary.forecast.model}", lang),
        }
    )


def story(summary: Summary, lang: str) -> list[str]:
    """The narrative of the summary (3–5 sentences)."""
    return narrative(summary.kpis, summary.movers, summary.changes, lang, forecast_result=summary.forecast)


def notes(summary: Summary, lang: str) -> list[str]:
    """The narrative, then how the forecast was chosen and what is not wired, for the last sheet/page."""
    lines = story(summary, lang)
    if summary.forecast is not None:
        lines.append(forecast_reason(summary.forecast, lang))
    if summary.changes.scoring_note:
        lines.append(summary.changes.scoring_text(lang))
    if summary.is_demo:
        lines.append(t("summary.demo_note", lang))
    return lines


# ------------------------------------------------------------------------------------------ Excel


def build_excel(summary: Summary, lang: str = "zh") -> bytes:
    """The summary as an .xlsx workbook (formula-safe, via `exports.to_excel_bytes`).

    Sheets: KPIs, trend (24 months + forecast), regions (attainment), movers, what changed (counts),
    tiers (migrations, or why there are none), distributor classes, forecast, key points.

    Parameters
    ----------
    summary : Summary
    lang : {"zh", "en"}

    Returns
    -------
    bytes
    """
    sheets = {
        t("summary.sheet.kpis", lang): kpi_table(summary, lang),
        t("summary.sheet.trend", lang): trend_table(summary, lang),
        t("summary.sheet.regions", lang): regions_table(summary, lang),
        t("summary.sheet.movers", lang): movers_table(summary, lang),
        t("summary.sheet.changes", lang): change_counts(summary, lang),
        t("summary.sheet.tiers", lang): migrations_table(summary, lang),
        t("summary.sheet.distributors", lang): distributors_table(summary, lang),
        t("summary.sheet.forecast", lang): forecast_table(summary, lang),
        t("summary.sheet.narrative", lang): pd.DataFrame({t("summary.narrative", lang): notes(summary, lang)}),
    }
    return to_excel_bytes(sheets)


# --------------------------------------------------------------------------------- plotly (page)


def money_axis(lang: str) -> tuple[float, str]:
    """Divisor and axis unit: 万元 in Chinese, yuan in English."""
    return (1e4, "万元") if lang == "zh" else (1.0, "CNY")


def trend_figure(summary: Summary, lang: str, height: int = 380) -> go.Figure:
    """24 months of revenue against plan, then the forecast line and its band (plotly)."""
    window = _trend_window(summary)
    divisor, unit = money_axis(lang)
    fig = go.Figure()
    hover = "%{x}<br>%{customdata}<extra>%{fullData.name}</extra>"
    if summary.forecast is not None:
        f = summary.forecast.values
        fig.add_scatter(
            x=f["month"], y=f["upper"] / divisor, mode="lines", line_width=0, showlegend=False, hoverinfo="skip"
        )
        fig.add_scatter(
            x=f["month"],
            y=f["lower"] / divisor,
            mode="lines",
            line_width=0,
            fill="tonexty",
            fillcolor="rgba(217,130,43,0.2)",
            name=t("summary.trend.band", lang),
            hoverinfo="skip",
        )
        last = window.iloc[[-1]]
        fig.add_scatter(
            x=[*last["month"], *f["month"]],
            y=[*(last["revenue"] / divisor), *(f["forecast"] / divisor)],
            customdata=[fmt(v, "money", lang) for v in [*last["revenue"], *f["forecast"]]],
            mode="lines+markers",
            line={"color": COLOURS["forecast"], "dash": "dot", "width": 2},
            name=t("summary.trend.forecast", lang),
            hovertemplate=hover,
        )
    fig.add_scatter(
        x=window["month"],
        y=window["target_revenue"] / divisor,
        customdata=[fmt(v, "money", lang) for v in window["target_revenue"]],
        mode="lines",
        line={"color": COLOURS["plan"], "dash": "dash", "width": 2},
        name=t("summary.trend.plan", lang),
        hovertemplate=hover,
    )
    fig.add_scatter(
        x=window["month"],
        y=window["revenue"] / divisor,
        customdata=[fmt(v, "money", lang) for v in window["revenue"]],
        mode="lines+markers",
        line={"color": COLOURS["actual"], "width": 2.5},
        marker_size=5,
        name=t("summary.trend.actual", lang),
        hovertemplate=hover,
    )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        yaxis={
            "title": {"text": f"{t('summary.col.revenue', lang)} ({unit})"},
            "tickformat": ",.0f" if lang == "zh" else "~s",
        },
        xaxis={  # category axis in calendar order, whatever order the traces came in
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [
                *window["month"],
                *([] if summary.forecast is None else summary.forecast.values["month"]),
            ],
            "tickangle": -45,
        },
        hovermode="x unified",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return fig


# ------------------------------------------------------------------------------ matplotlib (PDF)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The first CJK font of `CJK_FONTS` that matplotlib can find, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _chart_lang(lang: str) -> str:
    """Chinese chart labels only when a CJK font exists; otherwise English, never empty boxes."""
    return lang if lang != "zh" or cjk_font() else "en"


def _new_figure(width_in: float, height_in: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _rc(lang: str) -> dict:
    families = [cjk_font()] if lang == "zh" and cjk_font() else []
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*families, "DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts lack U+2212; an ASCII minus always renders
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _money_ticks(lang: str, largest: float) -> tuple[float, str]:
    """Divisor and unit for a money axis whose values reach `largest` yuan: 万元, or CNY (thousand/million)."""
    if lang == "zh":
        return 1e4, "万元"
    return next(((d, u) for d, u in ((1e6, "CNY million"), (1e3, "CNY thousand")) if largest >= 10 * d), (1.0, "CNY"))


def trend_png(summary: Summary, lang: str) -> bytes:
    """The trend chart (24 months actual vs plan, 3-month forecast with its band) as a PNG."""
    import matplotlib as mpl
    from matplotlib.ticker import FuncFormatter

    lang = _chart_lang(lang)
    window = _trend_window(summary)
    divisor, unit = _money_ticks(lang, float(np.nanmax(window[["revenue", "target_revenue"]].to_numpy(dtype=float))))
    with mpl.rc_context(_rc(lang)):
        fig, ax = _new_figure(7.2, 3.0)
        x = np.arange(len(window))
        ax.plot(
            x,
            window["target_revenue"] / divisor,
            "--",
            color=COLOURS["plan"],
            lw=1.5,
            label=t("summary.trend.plan", lang),
        )
        ax.plot(
            x,
            window["revenue"] / divisor,
            "-o",
            color=COLOURS["actual"],
            lw=2,
            ms=3,
            label=t("summary.trend.actual", lang),
        )
        labels = list(window["month"])
        if summary.forecast is not None:
            f = summary.forecast.values
            fx = np.arange(len(window) - 1, len(window) + len(f))
            fy = np.concatenate([[window["revenue"].iloc[-1]], f["forecast"]]) / divisor
            ax.fill_between(
                fx[1:],
                f["lower"] / divisor,
                f["upper"] / divisor,
                color=COLOURS["forecast"],
                alpha=0.2,
                lw=0,
                label=t("summary.trend.band", lang),
            )
            ax.plot(fx, fy, ":o", color=COLOURS["forecast"], lw=2, ms=3, label=t("summary.trend.forecast", lang))
            labels += list(f["month"])
        ticks = np.arange(0, len(labels), 3)
        ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")
        ax.set_ylabel(f"{t('summary.col.revenue', lang)} ({unit})")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.grid(axis="y", color="#e5e5e5", lw=0.6)
        ax.legend(loc="upper left", ncols=4, frameon=False, fontsize=7)
        ax.margins(x=0.01)
        return _png(fig)


def movers_png(summary: Summary, lang: str) -> bytes:
    """The top and bottom movers (absolute change on last year) as a horizontal bar chart PNG."""
    import matplotlib as mpl
    from matplotlib.ticker import FuncFormatter

    chart_lang = _chart_lang(lang)
    m = summary.movers
    rows = pd.concat([m[m["group"] == "gain_abs"], m[m["group"] == "loss_abs"].iloc[::-1]])
    divisor, unit = _money_ticks(chart_lang, float(rows["change"].abs().max()) if len(rows) else 0.0)
    with mpl.rc_context(_rc(chart_lang)):
        fig, ax = _new_figure(7.2, 2.8)
        if rows.empty:
            ax.text(0.5, 0.5, t("summary.movers.none", chart_lang), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return _png(fig)
        names = [_name(r, chart_lang) for _, r in rows.iterrows()]
        y = np.arange(len(rows))[::-1]
        colours = [COLOURS["gain"] if v > 0 else COLOURS["loss"] for v in rows["change"]]
        ax.barh(y, rows["change"] / divisor, color=colours)
        ax.set_yticks(y, names)
        ax.axvline(0, color="#555555", lw=0.8)
        for yi, value, share in zip(y, rows["change"], rows["change_pct"], strict=True):
            label = fmt(share, "growth", lang)
            ax.annotate(
                label,
                (value / divisor, yi),
                xytext=(3 if value > 0 else -3, 0),
                textcoords="offset points",
                ha="left" if value > 0 else "right",
                va="center",
                fontsize=7,
            )
        ax.set_xlabel(f"{t('summary.col.change', chart_lang)} ({unit})")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.grid(axis="x", color="#e5e5e5", lw=0.6)
        ax.margins(x=0.15)
        return _png(fig)


# -------------------------------------------------------------------------------------------- PDF


@lru_cache(maxsize=1)
def _register_cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _styles(lang: str) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    cid = _register_cid_font()
    body = cid if lang == "zh" else "Helvetica"
    bold = cid if lang == "zh" else "Helvetica-Bold"
    base = ParagraphStyle("body", fontName=body, fontSize=9.5, leading=14, wordWrap="CJK" if lang == "zh" else None)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=18, leading=24, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=16),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#666666")),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "body": base,
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=0, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "body_font": body,
        "bold_font": bold,
        "cid": cid,
    }


def _text(text: str, style, styles: dict, bullet: str | None = None):
    """A paragraph; text with CJK characters switches to the CID font whatever the language."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    if _CJK.search(text) and style.fontName != styles["cid"]:
        style = style.clone(style.name + "_cjk", fontName=styles["cid"], wordWrap="CJK")
    if style.fontName == styles["cid"]:
        text = text.translate(_CID_SAFE)
    return Paragraph(escape(text), style, bulletText=bullet)


def _table(rows: list[list[str]], widths, styles: dict, backgrounds=None, align_right_from: int = 1):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [[_text(str(v), styles["cell"], styles) for v in row] for row in rows]
    for row in cells[1:]:
        for cell in row[align_right_from:]:
            cell.style = cell.style.clone(cell.style.name + "_r", alignment=2)
    table = Table(cells, colWidths=widths, repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for cell in cells[0]:
        cell.style = cell.style.clone(cell.style.name + "_h", textColor=colors.white)
    for (col, row), colour in (backgrounds or {}).items():
        commands.append(("BACKGROUND", (col, row), (col, row), colors.HexColor(colour)))
    table.setStyle(TableStyle(commands))
    return table


def _move_label(row, lang: str) -> str:
    """What happened to a region in words: tier up/down, into/out of hold, new whitespace."""
    parts = []
    if row["move"]:
        parts.append(t(f"summary.changed.{row['move']}", lang))
    if row["hold"]:
        parts.append(t(f"summary.changed.{row['hold']}_hold", lang))
    if row["new_whitespace"]:
        parts.append(t("summary.changed.new_whitespace", lang))
    return ", ".join(parts)


def _image(png: bytes, width_mm: float):
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width_mm * mm, height=width_mm * mm * h / w)


def build_pdf(summary: Summary, lang: str = "zh", today: dt.date | None = None) -> bytes:
    """The summary as a PDF: title, month, scope, KPI table, key points, trend and movers charts,
    attainment by region, what changed and the forecast note.

    Works offline and without a browser: reportlab for the document (Chinese in the built-in
    STSong-Light CID font, so the text is real and extractable) and matplotlib for the charts.

    Parameters
    ----------
    summary : Summary
    lang : {"zh", "en"}
    today : date, optional
        The "generated on" date; default today.

    Returns
    -------
    bytes
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

    s = _styles(lang)
    scope = summary.scope_name(lang)
    span = f"{summary.span[0]} – {summary.span[1]}"
    generated = t("summary.report.generated", lang, span=span, date=(today or dt.date.today()).isoformat())
    if summary.is_demo:
        generated += " · " + t("summary.demo_note", lang)
    story_ = [
        _text(t("summary.report.title", lang), s["title"], s),
        _text(t("summary.report.subtitle", lang, month=summary.month, scope=scope), s["subtitle"], s),
        _text(generated, s["note"], s),
        Spacer(1, 4 * mm),
    ]

    rows = kpi_rows(summary.kpis, lang)
    kpi = [[t("summary.kpi.label", lang), t("summary.col.revenue", lang), t("summary.col.units", lang)]]
    kpi += [
        [r.label, format_kpi(r.revenue, r.kind, "revenue", lang), format_kpi(r.units, r.kind, "units", lang)]
        for r in rows.itertuples()
        if pd.notna(r.revenue) or pd.notna(r.units)  # e.g. the annual plan share while the plan ends mid-year
    ]
    story_ += [_text(t("summary.kpis", lang), s["h2"], s), _table(kpi, [80 * mm, 50 * mm, 50 * mm], s)]

    story_.append(_text(t("summary.narrative", lang), s["h2"], s))
    story_ += [_text(line, s["bullet"], s, bullet="•") for line in story(summary, lang)]

    trend = [_text(t("summary.trend", lang), s["h2"], s), _image(trend_png(summary, lang), 180)]
    if summary.forecast is not None:
        trend.append(_text(forecast_reason(summary.forecast, lang), s["note"], s))
    story_.append(KeepTogether(trend))

    movers = [_text(t("summary.report.movers_chart", lang), s["h2"], s), _image(movers_png(summary, lang), 180)]
    movers.append(_text(t("summary.movers.basis", lang), s["note"], s))
    story_.append(KeepTogether(movers))

    level = t(f"level.{summary.level}", lang)
    story_.append(_text(t("summary.attainment", lang, level=level if lang == "zh" else level.lower()), s["h2"], s))
    a = summary.attainment.head(15)
    regions = [
        [
            t("summary.col.region", lang),
            t("summary.col.revenue", lang),
            t("summary.col.target_revenue", lang),
            t("summary.col.attainment", lang),
            t("summary.col.ytd_attainment", lang),
            t("summary.col.yoy", lang),
        ]
    ]
    backgrounds = {}
    for i, (_, r) in enumerate(a.iterrows(), start=1):
        regions.append(
            [
                _name(r, lang),
                fmt(r["revenue"], "money", lang),
                fmt(r["target_revenue"], "money", lang),
                fmt(r["attainment"], "share", lang),
                fmt(r["ytd_attainment"], "share", lang),
                fmt(r["yoy"], "growth", lang),
            ]
        )
        for col, value in ((3, r["attainment"]), (4, r["ytd_attainment"])):
            if colour := attainment_colour(value):
                backgrounds[(col, i)] = colour
    story_.append(_table(regions, [40 * mm, 30 * mm, 30 * mm, 27 * mm, 30 * mm, 23 * mm], s, backgrounds))
    story_.append(_text(t("summary.attainment.legend", lang), s["note"], s))

    counts = change_counts(summary, lang)
    changed = [[*map(str, counts.columns)]] + [
        [str(item), f"{now:,}", "–" if pd.isna(before) else f"{int(before):,}"]
        for item, now, before in counts.itertuples(index=False)
    ]
    block = [_text(t("summary.changed", lang), s["h2"], s)]
    note = summary.changes.scoring_text(lang) or t("summary.changed.level_note", lang)
    block += [_text(note, s["note"], s), _table(changed, [100 * mm, 40 * mm, 40 * mm], s)]
    migrations = summary.changes.migrations
    if migrations is not None and len(migrations):
        header = ["region", "tier_prev", "tier_now", "move"]
        moved = [[t(f"summary.col.{c}", lang) for c in header]]
        moved += [
            [_name(r, lang), str(r["tier_prev"]), str(r["tier_now"]), _move_label(r, lang)]
            for _, r in migrations.head(15).iterrows()
        ]
        block += [Spacer(1, 3 * mm), _table(moved, [60 * mm, 35 * mm, 35 * mm, 50 * mm], s)]
    story_.append(KeepTogether(block))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{t('summary.report.title', lang)} {summary.month}",
        author="Territory Atlas",
    )

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(s["body_font"], 7.5)
        canvas.setFillGray(0.45)
        line = f"{t('summary.report.title', lang)} · {summary.month} · {scope}"
        canvas.drawString(15 * mm, 8 * mm, line.translate(_CID_SAFE) if s["body_font"] == s["cid"] else line)
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story_, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF written by `build_pdf` (counts its page objects)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", data))
