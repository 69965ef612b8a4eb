"""The summary as a PDF for executives: offline, without a browser, every table whole.

reportlab sets the document in the CJK font found on the system and embeds it (`analysis.summary.fonts`;
the built-in STSong-Light CID font only when no font file is found — the document's subject line and
its first page say which). Long tables continue on the next page under a repeated header; nothing is
cut. The charts are drawn with matplotlib's Agg renderer in the product's colours
(`analysis.charts.style`), zero-based.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.charts.style import BRAND, FORECAST, GAIN, INK, LOSS, PLAN
from analysis.formats import fmt, scale_for
from analysis.i18n import t
from analysis.summary import fonts
from analysis.summary import tables as tb
from analysis.summary.build import Summary
from analysis.summary.promotions import PromotionReview

MARGIN_MM = 15
TEXT_WIDTH_MM = 180  # A4 less the margins
HEADER_BLUE = "#1f4e79"


# ------------------------------------------------------------------------------------------ charts


def _chart_lang(lang: str) -> str:
    """Chinese chart labels only when a CJK font exists; otherwise English, never empty boxes."""
    return lang if lang != "zh" or fonts.matplotlib_family() else "en"


def _rc(lang: str) -> dict:
    family = fonts.matplotlib_family()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [*([family] if family else []), "DejaVu Sans"],
        "axes.unicode_minus": False,  # CJK fonts lack U+2212; an ASCII minus always renders
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "text.color": INK,
        "axes.labelcolor": INK,
    }


def _figure(width_in: float, height_in: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=150, layout="constrained")
    return fig, fig.add_subplot()


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()


def _value_axis(ax, scale, label: str, lang: str) -> None:
    """Make the y axis zero-based, in the language's unit (万元, CNY M); call after plotting."""
    from matplotlib.ticker import FuncFormatter

    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1e-9))
    ax.set_ylabel(scale.title(label, lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.{scale.decimals}f}"))
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)


def trend_png(summary: Summary, lang: str) -> bytes:
    """24 months of revenue against plan, the forecast and its band (the band in the legend only when drawn)."""
    import matplotlib as mpl

    lang = _chart_lang(lang)
    trend = tb.trend_table(summary, lang)
    history = trend[trend["revenue"].notna()]
    future = trend[trend["revenue"].isna() & trend.get("forecast_revenue", pd.Series(dtype=float)).notna()]
    values = np.concatenate(
        [
            history[["revenue", "target_revenue"]].to_numpy(float).ravel(),
            future.get("forecast_upper", pd.Series(dtype=float)).to_numpy(float),
        ]
    )
    with mpl.rc_context(_rc(lang)):
        fig, ax = _figure(7.2, 3.0)
        scale = scale_for(values, "money", lang)
        divisor = scale.divisor
        x = np.arange(len(history))
        ax.plot(x, history["target_revenue"] / divisor, "--", color=PLAN, lw=1.5, label=t("summary.trend.plan", lang))
        ax.plot(x, history["revenue"] / divisor, "-o", color=BRAND, lw=2, ms=3, label=t("summary.trend.actual", lang))
        labels = list(history["month"])
        if len(future):
            fx = np.arange(len(history) - 1, len(history) + len(future))
            band = future[["forecast_lower", "forecast_upper"]].to_numpy(float)
            if np.isfinite(band).all():
                ax.fill_between(
                    fx[1:],
                    band[:, 0] / divisor,
                    band[:, 1] / divisor,
                    color=FORECAST,
                    alpha=0.2,
                    lw=0,
                    label=t("summary.trend.band", lang),
                )
            fy = np.concatenate([[history["revenue"].iloc[-1]], future["forecast_revenue"]]) / divisor
            ax.plot(fx, fy, ":o", color=FORECAST, lw=2, ms=3, label=t("summary.trend.forecast", lang))
            labels += list(future["month"])
        ticks = np.arange(0, len(labels), 3)
        ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=45, ha="right")
        _value_axis(ax, scale, t("summary.measure.revenue", lang), lang)
        fig.legend(loc="outside upper left", ncols=4, frameon=False, fontsize=7)
        ax.margins(x=0.01)
        return _png(fig)


def movers_png(summary: Summary, lang: str) -> bytes:
    """The biggest absolute gains and drops on last year as horizontal bars (gains green, drops red)."""
    import matplotlib as mpl
    from matplotlib.ticker import FuncFormatter

    chart_lang = _chart_lang(lang)
    m = summary.movers
    rows = pd.concat([m[m["group"] == "gain_abs"], m[m["group"] == "loss_abs"].iloc[::-1]])
    with mpl.rc_context(_rc(chart_lang)):
        fig, ax = _figure(7.2, 2.8)
        if rows.empty:
            ax.text(0.5, 0.5, t("summary.movers.none", chart_lang), ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return _png(fig)
        scale = scale_for(rows["change"].abs(), "money", chart_lang)
        names = [r["name"] if chart_lang == "zh" else r["name_en"] for _, r in rows.iterrows()]
        y = np.arange(len(rows))[::-1]
        ax.barh(y, rows["change"] / scale.divisor, color=[GAIN if v > 0 else LOSS for v in rows["change"]])
        ax.set_yticks(y, names)
        ax.axvline(0, color="#555555", lw=0.8)
        for yi, value, share in zip(y, rows["change"], rows["change_pct"], strict=True):
            ax.annotate(
                fmt(share, "growth", lang),
                (value / scale.divisor, yi),
                xytext=(3 if value > 0 else -3, 0),
                textcoords="offset points",
                ha="left" if value > 0 else "right",
                va="center",
                fontsize=7,
            )
        ax.set_xlabel(scale.title(t("field.revenue_change", chart_lang), chart_lang))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.{scale.decimals}f}"))
        ax.grid(axis="x", color="#e5e5e5", lw=0.6)
        ax.margins(x=0.15)
        return _png(fig)


def promotion_png(review: PromotionReview, lang: str) -> bytes:
    """A promotion's metric.

    The 12 months before, the promotion (shaded) and the month after, with the baseline and its band over the promotion
    and the month after.
    """
    import matplotlib as mpl

    lang = _chart_lang(lang)
    months = review.months
    kind = "money" if review.metric == "revenue" else "count"
    with mpl.rc_context(_rc(lang)):
        fig, ax = _figure(7.2, 2.4)
        values = np.concatenate([months["actual"].to_numpy(float), months["upper"].to_numpy(float)])
        scale = scale_for(values, kind, lang)
        divisor = scale.divisor
        x = np.arange(len(months))
        inside = np.flatnonzero(months["phase"].to_numpy() == "promotion")
        if inside.size:
            ax.axvspan(inside[0] - 0.5, inside[-1] + 0.5, color="#f2f2f2", lw=0)
        base = months["baseline"].notna().to_numpy()
        band = months.loc[base, ["lower", "upper"]].to_numpy(float)
        if base.any() and np.isfinite(band).all():
            ax.fill_between(
                x[base],
                band[:, 0] / divisor,
                band[:, 1] / divisor,
                color=FORECAST,
                alpha=0.2,
                lw=0,
                label=t("summary.trend.band", lang),
            )
        ax.plot(
            x[base],
            months.loc[base, "baseline"] / divisor,
            "--o",
            color=FORECAST,
            lw=1.5,
            ms=3,
            label=t("summary.promo.chart.baseline", lang),
        )
        ax.plot(
            x, months["actual"] / divisor, "-o", color=BRAND, lw=2, ms=3, label=t("summary.promo.chart.actual", lang)
        )
        ax.set_xticks(x[::2], list(months["month"])[::2], rotation=45, ha="right")
        _value_axis(ax, scale, t(f"summary.promo.metric.{review.metric}", lang), lang)
        fig.legend(loc="outside upper left", ncols=3, frameon=False, fontsize=7)
        return _png(fig)


# ----------------------------------------------------------------------------------------- content


@dataclass
class Block:
    """One piece of the document: a heading, a paragraph, a table, an image; `keep` holds a group together."""

    kind: str  # "title", "subtitle", "h2", "body", "bullet", "note", "table", "image", "keep", "space"
    text: str = ""
    grid: tb.Grid | None = None
    backgrounds: dict = field(default_factory=dict)
    image: bytes = b""
    parts: list[Block] = field(default_factory=list)


def _grid_block(grid: tb.Grid, backgrounds: dict | None = None) -> Block:
    return Block("table", grid=grid, backgrounds=backgrounds or {})


def _or_note(grid: tb.Grid, empty_key: str, lang: str) -> list[Block]:
    return [_grid_block(grid)] if grid.rows else [Block("note", t(empty_key, lang))]


def content(summary: Summary, lang: str, today: dt.date | None = None) -> list[Block]:
    """Every block of the report, in order (the font is chosen from their text)."""
    scope = summary.scope_name(lang)
    span = f"{summary.span[0]} – {summary.span[1]}"
    generated = t("summary.report.generated", lang, span=span, date=(today or dt.date.today()).isoformat())
    if summary.is_demo:
        generated += " · " + t("summary.demo_note", lang)
    blocks = [
        Block("title", t("summary.report.title", lang)),
        Block("subtitle", t("summary.report.subtitle", lang, month=summary.month, scope=scope)),
        Block("note", generated),
        Block("space"),
        Block("h2", t("summary.kpis", lang)),
        _grid_block(tb.kpi_grid(summary, lang)),
        Block("h2", t("summary.narrative", lang)),
        *[Block("bullet", line) for line in tb.key_points(summary, lang)],
    ]
    trend = [Block("h2", t("summary.trend", lang)), Block("image", image=trend_png(summary, lang))]
    reason = summary.forecast.reason_text().render(lang) if summary.forecast else t("summary.forecast.none", lang)
    blocks.append(Block("keep", parts=[*trend, Block("note", reason)]))
    blocks.append(
        Block(
            "keep",
            parts=[
                Block("h2", t("summary.movers.title", lang)),
                Block("image", image=movers_png(summary, lang)),
                Block("note", t("summary.movers.basis", lang)),
            ],
        )
    )

    level = t(f"level.{summary.level}", lang)
    blocks.append(Block("h2", t("summary.attainment", lang, level=level if lang == "zh" else level.lower())))
    attainment = tb.attainment_table(summary, lang)
    columns = ["name", "revenue", "target_revenue", "attainment", "ytd_revenue", "ytd_target", "ytd_attainment", "yoy"]
    grid = tb.grid(attainment, columns, lang)
    backgrounds = {}
    for i, row in enumerate(attainment.itertuples(index=False), start=1):
        for col, value in ((3, row.attainment), (6, row.ytd_attainment)):
            if band := tb.attainment_band(value):
                backgrounds[(col, i)] = tb.BAND_COLOURS[band]
    blocks += [
        _grid_block(grid, backgrounds),
        Block(
            "note",
            t("summary.attainment.legend", lang) + " " + t("summary.attainment.all_rows", lang, n=len(grid.rows)),
        ),
    ]

    blocks.append(Block("h2", t("summary.changed", lang)))
    scoring = summary.changes.scoring_text()
    blocks.append(Block("note", scoring.render(lang) if scoring else t("summary.changed.level_note", lang)))
    blocks.append(
        _grid_block(tb.grid(tb.change_counts(summary, lang), ["change_item", "this_month", "last_month"], lang))
    )
    blocks.append(Block("note", t("summary.changed.flags_basis", lang)))
    if summary.changes.scored:
        blocks.append(Block("h2", t("summary.changed.migrations", lang)))
        migrations = tb.grid(
            tb.migrations_table(summary, lang), ["name", "tier_prev", "tier_now", "tier_move", "new_whitespace"], lang
        )
        blocks += _or_note(migrations, "summary.changed.no_migration", lang)
        blocks.append(Block("h2", t("summary.changed.gates", lang)))
        gates = tb.grid(
            tb.gates_table(summary, lang), ["name", "gate_change", "gate_prev", "gate_now", "gate_reason"], lang
        )
        blocks += _or_note(gates, "summary.changed.no_gate_change", lang)
    blocks.append(Block("h2", t("summary.changed.distributors", lang)))
    distributors = tb.grid(
        tb.distributors_table(summary, lang), ["distributor", "name", "class_prev", "class_now", "class_reason"], lang
    )
    blocks += _or_note(distributors, "summary.changed.no_distributor_change", lang)

    quotas = tb.quotas_table(summary, lang, lowest=tb.LOWEST_QUOTAS)
    total = 0 if summary.quotas is None else len(summary.quotas)
    blocks.append(
        Block(
            "h2",
            t("summary.quotas.lowest", lang, n=len(quotas), total=total) if total else t("summary.quotas.title", lang),
        )
    )
    if quotas.empty:
        blocks.append(Block("note", t("summary.quotas.none", lang)))
    else:
        grid = tb.grid(quotas, tb.QUOTA_SHOWN, lang)
        shades = {}
        for i, (month, ytd) in enumerate(zip(quotas["quota_attainment"], quotas["ytd_attainment"], strict=True), 1):
            for col, value in ((4, month), (7, ytd)):
                if band := tb.attainment_band(value):
                    shades[(col, i)] = tb.BAND_COLOURS[band]
        blocks += [_grid_block(grid, shades), Block("note", t("summary.quotas.basis", lang))]

    title = Block("h2", t("summary.promo.title", lang))
    if not summary.promotions:
        blocks += [title, Block("note", t("summary.promo.none", lang))]
    for i, review in enumerate(summary.promotions):
        months = review.start if review.start == review.end else f"{review.start} – {review.end}"
        heading = t(
            "summary.promo.heading",
            lang,
            name=review.name,
            months=months,
            metric=t(f"summary.promo.metric.{review.metric}", lang),
        )
        parts = [
            Block("body", f"{heading}：" if lang == "zh" else f"{heading}:"),
            Block("body", review.verdict_text().render(lang)),
        ]
        if review.status == "reviewed":
            parts.append(Block("image", image=promotion_png(review, lang)))
        blocks.append(Block("keep", parts=[title, *parts] if i == 0 else parts))  # the heading stays with the first
    if summary.promotions:
        blocks.append(Block("note", t("summary.promo.method", lang)))

    blocks.append(Block("h2", t("summary.actions.title", lang)))
    actions = tb.grid(
        tb.actions_table(summary, lang),
        [
            "action_group",
            "action_id",
            "action_what",
            "action_owner",
            "action_due",
            "name",
            "distributor_id",
            "action_status",
        ],
        lang,
    )
    blocks += _or_note(actions, "summary.actions.none", lang)
    return blocks


def _texts(blocks: list[Block]):
    for block in blocks:
        yield block.text
        if block.grid is not None:
            yield from block.grid.headers
            for row in block.grid.rows:
                yield from row
        yield from _texts(block.parts)


# --------------------------------------------------------------------------------------- rendering

_SAFE_FOR_CID = str.maketrans({"·": "・", "•": "・", "−": "-"})  # characters STSong-Light lacks


def _styles(font: fonts.PdfFont, lang: str) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    body = font.regular if font.embedded or lang == "zh" else "Helvetica"
    bold = font.bold if font.embedded or lang == "zh" else "Helvetica-Bold"
    wrap = "CJK" if lang == "zh" or font.embedded else None
    base = ParagraphStyle("body", fontName=body, fontSize=9.5, leading=14, wordWrap=wrap)
    grey = colors.HexColor("#666666")
    return {
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=18, leading=24, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=16),
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=11, textColor=grey, spaceAfter=2),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        "body": ParagraphStyle("body2", parent=base, spaceAfter=2),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=0, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8, leading=10, alignment=2),
        "head": ParagraphStyle("head", parent=base, fontName=bold, fontSize=8, leading=10, textColor=colors.white),
        "head_right": ParagraphStyle(
            "head_right", parent=base, fontName=bold, fontSize=8, leading=10, textColor=colors.white, alignment=2
        ),
        "body_font": body,
    }


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _paragraph(text: str, style, font: fonts.PdfFont, bullet: str | None = None):
    """A paragraph; with the CID fallback, text with CJK characters is set in the CID font."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    if not font.embedded:
        if _CJK.search(text) and style.fontName != font.regular:
            style = style.clone(style.name + "_cid", fontName=font.regular, wordWrap="CJK")
        if style.fontName == font.regular:
            text = text.translate(_SAFE_FOR_CID)
    return Paragraph(escape(text), style, bulletText=bullet)


def _widths(grid: tb.Grid, style, total: float) -> list[float]:
    """Column widths.

    Numbers get the width of their widest cell (they never wrap), text columns share the rest by their widest text
    (capped); everything scaled to fill `total`.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 14.0  # the cell's own padding (6 + 6) and a little air
    cells = [max((stringWidth(row[i], style.fontName, style.fontSize) for row in grid.rows[:300]), default=0.0) + pad
             for i in range(len(grid.headers))]  # fmt: skip
    heads = [stringWidth(h, style.fontName, style.fontSize) + pad for h in grid.headers]
    wanted = [min(max(c, h), total * 0.45) for c, h in zip(cells, heads, strict=True)]
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    numbers = sum(c for c, n in zip(cells, grid.numeric, strict=True) if n)
    words = sum(w for w, n in zip(wanted, grid.numeric, strict=True) if not n)
    if numbers >= total * 0.8 or not words:  # too many numbers to keep whole: shrink everything alike
        return [w * total / sum(wanted) for w in wanted]
    rest = (total - numbers) / words  # headers of numbers wrap; their cells do not
    return [c if n else w * rest for c, w, n in zip(cells, wanted, grid.numeric, strict=True)]


def _table(block: Block, styles: dict, font: fonts.PdfFont):
    """A table that continues on the next page under its repeated header row.

    Numbers right-aligned, headers aligned with their column.
    """
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    grid = block.grid
    heads = [styles["head_right" if n else "head"] for n in grid.numeric]
    cells = [[_paragraph(h, s, font) for h, s in zip(grid.headers, heads, strict=True)]]
    for row in grid.rows:
        cells.append(
            [_paragraph(v, styles["cell_right" if n else "cell"], font) for v, n in zip(row, grid.numeric, strict=True)]
        )
    table = Table(cells, colWidths=_widths(grid, styles["cell"], TEXT_WIDTH_MM * mm), repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_BLUE)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [
        ("BACKGROUND", (c, r), (c, r), colors.HexColor(colour)) for (c, r), colour in block.backgrounds.items()
    ]
    table.setStyle(TableStyle(commands))
    return table


def _image(png: bytes, width_mm: float = TEXT_WIDTH_MM):
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width_mm * mm, height=width_mm * mm * h / w)


def _flowables(blocks: list[Block], styles: dict, font: fonts.PdfFont) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    out = []
    for block in blocks:
        if block.kind == "table":
            out.append(_table(block, styles, font))
        elif block.kind == "image":
            out.append(_image(block.image))
        elif block.kind == "space":
            out.append(Spacer(1, 4 * mm))
        elif block.kind == "keep":
            out.append(KeepTogether(_flowables(block.parts, styles, font)))
        elif block.kind == "bullet":
            out.append(_paragraph(block.text, styles["bullet"], font, bullet="•"))
        else:
            out.append(_paragraph(block.text, styles[block.kind], font))
    return out


def build_pdf(summary: Summary, lang: str = "zh", today: dt.date | None = None) -> bytes:
    """The summary as a PDF.

    Title, KPIs, key points, trend and movers charts, attainment of every region, what changed, promotion reviews and
    the meeting's actions.

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
    from reportlab.platypus import SimpleDocTemplate

    blocks = content(summary, lang, today)
    scope = summary.scope_name(lang)
    footer_text = f"{t('summary.report.title', lang)} · {summary.month} · {scope}"
    found = fonts.find()
    note = t("summary.report.font.embedded", lang, font=found.family) if found else t("summary.report.font.cid", lang)
    blocks.insert(3, Block("note", note))
    font = fonts.pdf_font("".join(_texts(blocks)) + footer_text + t("summary.report.page", lang, page="0123456789"))
    styles = _styles(font, lang)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=f"{t('summary.report.title', lang)} {summary.month} · {scope}",
        author="Territory Atlas",
        subject=note,
    )

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(styles["body_font"] if font.embedded or lang == "zh" else "Helvetica", 7.5)
        canvas.setFillGray(0.45)
        line = footer_text if font.embedded else footer_text.translate(_SAFE_FOR_CID)
        canvas.drawString(MARGIN_MM * mm, 8 * mm, line)
        canvas.drawRightString(A4[0] - MARGIN_MM * mm, 8 * mm, t("summary.report.page", lang, page=document.page))
        canvas.restoreState()

    doc.build(_flowables(blocks, styles, font), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    """Pages in a PDF written by `build_pdf` (counts its page objects)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", data))
