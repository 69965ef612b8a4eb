"""The monthly review meeting's slide deck (PPTX): the same tables as the page, charts PowerPoint can edit.

python-pptx writes the deck: native, editable line and bar charts (the trend with its forecast, the
movers, each promotion against its baseline), tables as PowerPoint tables split across slides
under repeated headers (never cut), and every text as text, Chinese included (East Asian font set
beside the Latin one). Slides: title; KPIs against plan; the 24-month trend with the forecast;
movers; attainment; tier migrations; housing-gate changes; distributor classes and flags; the
distributors furthest behind their quotas; one per promotion review; the key points; the meeting's
actions.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import numpy as np

from analysis.charts.style import BRAND, FORECAST, GAIN, INK, LOSS, MUTED, PLAN
from analysis.formats import scale_for
from analysis.i18n import t
from analysis.summary import tables as tb
from analysis.summary.build import Summary
from analysis.summary.promotions import PromotionReview

LATIN_FONT = "Arial"
EAST_ASIAN_FONT = "Microsoft YaHei"  # what Chinese Office has; LibreOffice substitutes a CJK font it has
HEADER_BLUE = "1F4E79"
SLIDE_W, SLIDE_H = 13.333, 7.5  # inches, 16:9
MARGIN = 0.5
TOP = 1.35  # below the title
ROW_H = 0.34  # a table row, inches
ROWS_PER_SLIDE = 14  # rows of a table of short cells on one slide (the header repeats on the next)
TEXT_ROWS_PER_SLIDE = 8  # rows when a column holds sentences


def _rgb(colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())


def _font(font, size: float | None = None, bold: bool | None = None, colour: str | None = None) -> None:
    """Size, weight, colour and both typefaces (Latin and East Asian) of a python-pptx Font."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = _rgb(colour)
    font.name = LATIN_FONT
    rpr = font._rPr if hasattr(font, "_rPr") else font._element
    for tag in ("a:ea", "a:cs"):
        found = rpr.find(qn(tag))
        if found is None:
            found = rpr.makeelement(qn(tag), {})
            rpr.append(found)
        found.set("typeface", EAST_ASIAN_FONT)


def _write(frame, lines, size: float = 14, colour: str = INK, bold: bool = False, bullets: bool = False) -> None:
    """Lines of text into a text frame, each its own paragraph (a bulleted one with a hanging indent)."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        _font(run.font, size, bold, colour)
        if bullets:
            paragraph.space_after = Pt(8)
            ppr = paragraph._p.get_or_add_pPr()
            ppr.set("marL", str(Pt(size * 1.2)))
            ppr.set("indent", str(-Pt(size * 1.2)))
            ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": LATIN_FONT}))
            ppr.append(ppr.makeelement(qn("a:buChar"), {"char": "•"}))


def _textbox(slide, left, top, width, height, lines, **style):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _write(box.text_frame, lines, **style)
    return box


def _slide(prs, title: str):
    """A "Title Only" slide with `title` in the house font."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    from pptx.util import Inches

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = (
        Inches(MARGIN),
        Inches(0.35),
        Inches(SLIDE_W - 2 * MARGIN),
        Inches(0.8),
    )
    shape.text_frame.text = title
    paragraph = shape.text_frame.paragraphs[0]
    paragraph.alignment = 1  # left
    _font(paragraph.runs[0].font, 26, True, HEADER_BLUE)
    return slide


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(slide, grid: tb.Grid, top: float = TOP, backgrounds: dict | None = None, size: float = 11):
    """A PowerPoint table of `grid` (it must fit: callers split with `Grid.pages`)."""
    from pptx.util import Inches

    rows, cols = len(grid.rows) + 1, len(grid.headers)
    width = SLIDE_W - 2 * MARGIN
    shape = slide.shapes.add_table(rows, cols, Inches(MARGIN), Inches(top), Inches(width), Inches(ROW_H * rows))
    table = shape.table
    wanted = [
        min(max(_width(h), *(_width(r[i]) for r in grid.rows), 8) if grid.rows else max(_width(h), 8), 60) + 2
        for i, h in enumerate(grid.headers)
    ]
    total = sum(wanted)
    for i, column in enumerate(table.columns):
        column.width = Inches(width * wanted[i] / total)
    for r in range(rows):
        table.rows[r].height = Inches(ROW_H)
    for c, header in enumerate(grid.headers):
        _cell(table.cell(0, c), header, size, grid.numeric[c], bold=True, colour="FFFFFF", fill=HEADER_BLUE)
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row):
            fill = (backgrounds or {}).get((c, r))
            _cell(table.cell(r, c), value, size, grid.numeric[c], fill=fill)
    return shape


def _cell(cell, text: str, size: float, right: bool, *, bold: bool = False, colour: str = INK, fill=None) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    cell.text = ""
    paragraph = cell.text_frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    _font(run.font, size, bold, colour)
    paragraph.alignment = PP_ALIGN.RIGHT if right else PP_ALIGN.LEFT
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.02)
    if fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)
    elif not bold:
        cell.fill.background()


def _table_slides(
    prs,
    title: str,
    grid: tb.Grid,
    lang: str,
    *,
    per_slide: int = ROWS_PER_SLIDE,
    note: str = "",
    backgrounds: dict | None = None,
    empty: str = "",
) -> None:
    """As many slides as the table needs, `per_slide` rows each, the header repeated, "(1/3)" in the title."""
    if not grid.rows and empty:
        slide = _slide(prs, title)
        _textbox(slide, MARGIN, TOP, SLIDE_W - 2 * MARGIN, 1.0, [empty], size=16, colour=MUTED)
        if note:
            _note(slide, note)
        return
    pieces = grid.pages(per_slide)
    for i, piece in enumerate(pieces):
        heading = (
            title if len(pieces) == 1 else t("summary.deck.part", lang, title=title, part=i + 1, parts=len(pieces))
        )
        slide = _slide(prs, heading)
        shift = i * per_slide
        moved = {(c, r - shift): v for (c, r), v in (backgrounds or {}).items() if shift < r <= shift + per_slide}
        _table(slide, piece, backgrounds=moved)
        if note:
            _note(slide, note)


def _note(slide, text: str) -> None:
    _textbox(slide, MARGIN, SLIDE_H - 0.6, SLIDE_W - 2 * MARGIN, 0.4, [text], size=10, colour=MUTED)


def _chart_font(chart, size: float = 11) -> None:
    _font(chart.font, size, colour=INK)


def _line_chart(slide, months, series, kind: str, axis_label: str, lang: str, box=(MARGIN, TOP, 12.3, 5.0)):
    """A native line chart: `series` is a list of (name, values, colour, dash, markers); zero-based axis."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.enum.dml import MSO_LINE
    from pptx.util import Inches, Pt

    every = np.concatenate([np.asarray([v for v in values if v is not None], dtype=float) for _, values, *_ in series])
    scale = scale_for(every, kind, lang)
    data = CategoryChartData()
    data.categories = list(months)
    for name, values, *_ in series:
        data.add_series(
            name, [None if v is None or not np.isfinite(v) else round(float(v) / scale.divisor, 4) for v in values]
        )
    left, top, width, height = box
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top), Inches(width), Inches(height), data
    ).chart
    _chart_font(chart)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.TOP
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("#E5E5E5")
    axis.tick_labels.number_format = f"#,##0{'.' + '0' * scale.decimals if scale.decimals else ''}"
    axis.tick_labels.number_format_is_linked = False
    axis.has_title = True
    axis.axis_title.text_frame.text = scale.title(axis_label, lang)
    _font(axis.axis_title.text_frame.paragraphs[0].runs[0].font, 11, False, INK)
    dashes = {"solid": MSO_LINE.SOLID, "dash": MSO_LINE.DASH, "dot": MSO_LINE.ROUND_DOT}
    from pptx.enum.chart import XL_MARKER_STYLE

    for plot_series, (_, _, colour, dash, markers) in zip(chart.plots[0].series, series, strict=True):
        plot_series.smooth = False
        line = plot_series.format.line
        line.color.rgb = _rgb(colour)
        line.width = Pt(2.25 if dash == "solid" else 1.75)
        line.dash_style = dashes[dash]
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if markers else XL_MARKER_STYLE.NONE
        if markers:
            plot_series.marker.size = 5
            plot_series.marker.format.fill.solid()
            plot_series.marker.format.fill.fore_color.rgb = _rgb(colour)
            plot_series.marker.format.line.color.rgb = _rgb(colour)
    return chart


# ------------------------------------------------------------------------------------------ slides


def _title_slide(prs, summary: Summary, lang: str, today: dt.date | None, scenario: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text_frame.text = t("summary.deck.title", lang)
    _font(slide.shapes.title.text_frame.paragraphs[0].runs[0].font, 40, True, HEADER_BLUE)
    subtitle = slide.placeholders[1]
    subtitle.text_frame.text = t("summary.deck.subtitle", lang, scope=summary.scope_name(lang), month=summary.month)
    _font(subtitle.text_frame.paragraphs[0].runs[0].font, 24, False, INK)
    span = f"{summary.span[0]} – {summary.span[1]}"
    lines = [t("summary.report.generated", lang, span=span, date=(today or dt.date.today()).isoformat())]
    if scenario:
        lines.append(t("summary.deck.scenario", lang, name=scenario))
    if summary.is_demo:
        lines.append(t("summary.demo_note", lang))
    _textbox(slide, MARGIN, SLIDE_H - 1.4, SLIDE_W - 2 * MARGIN, 1.0, lines, size=12, colour=MUTED)


def _kpi_slide(prs, summary: Summary, lang: str) -> None:
    slide = _slide(prs, t("summary.deck.kpis", lang))
    r = summary.kpis.revenue
    cards = [
        (t("summary.card.actual", lang), tb.kpi_value(r.actual, "amount", "revenue", lang)),
        (t("field.attainment", lang), tb.kpi_value(r.attainment, "share", "revenue", lang)),
        (t("summary.card.yoy", lang), tb.kpi_value(r.yoy, "growth", "revenue", lang)),
        (t("summary.card.ytd_attainment", lang), tb.kpi_value(r.ytd_attainment, "share", "revenue", lang)),
    ]
    width = (SLIDE_W - 2 * MARGIN - 0.3 * 3) / 4
    for i, (label, value) in enumerate(cards):
        left = MARGIN + i * (width + 0.3)
        box = _textbox(slide, left, TOP - 0.1, width, 0.9, [label], size=12, colour=MUTED)
        paragraph = box.text_frame.add_paragraph()
        run = paragraph.add_run()
        run.text = value
        _font(run.font, 26, True, INK)
    grid = tb.kpi_grid(summary, lang)
    _table(slide, grid, top=TOP + 1.0, size=11)


def _trend_slide(prs, summary: Summary, lang: str) -> None:
    slide = _slide(prs, t("summary.deck.trend", lang))
    trend = tb.trend_table(summary, lang)
    history = trend["revenue"].notna().to_numpy()
    actual = [v if h else None for v, h in zip(trend["revenue"], history, strict=True)]
    plan = [v if h else None for v, h in zip(trend["target_revenue"], history, strict=True)]
    series = [
        (t("summary.trend.actual", lang), actual, BRAND, "solid", True),
        (t("summary.trend.plan", lang), plan, PLAN, "dash", False),
    ]
    if summary.forecast is not None and (~history).any():
        last = int(np.flatnonzero(history)[-1])
        point = [None] * len(trend)
        point[last] = float(trend["revenue"].iloc[last])
        for i in np.flatnonzero(~history):
            point[i] = float(trend["forecast_revenue"].iloc[i])
        series.append((t("summary.trend.forecast", lang), point, FORECAST, "dot", True))
        band = trend[["forecast_lower", "forecast_upper"]].to_numpy(float)
        if np.isfinite(band[~history]).all():  # the band is in the legend only when it is drawn
            for label, j in (("summary.trend.lower", 0), ("summary.trend.upper", 1)):
                values = [float(band[i, j]) if not h else None for i, h in enumerate(history)]
                series.append((t(label, lang), values, "#F2C49B", "dash", False))
    _line_chart(slide, trend["month"], series, "money", t("summary.measure.revenue", lang), lang)
    reason = summary.forecast.reason_text().render(lang) if summary.forecast else t("summary.forecast.none", lang)
    _note(slide, reason)


def _movers_slide(prs, summary: Summary, lang: str) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    slide = _slide(prs, t("summary.deck.movers", lang))
    m = summary.movers
    rows = [*m[m["group"] == "gain_abs"].itertuples(), *m[m["group"] == "loss_abs"].itertuples()]
    if not rows:
        _textbox(slide, MARGIN, TOP, 12, 1, [t("summary.movers.none", lang)], size=16, colour=MUTED)
        _note(slide, t("summary.movers.basis", lang))
        return
    scale = scale_for([abs(r.change) for r in rows], "money", lang)
    data = CategoryChartData()
    data.categories = [r.name if lang == "zh" else r.name_en for r in rows][::-1]
    data.add_series(t("field.revenue_change", lang), [round(r.change / scale.divisor, 4) for r in rows][::-1])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(MARGIN), Inches(TOP), Inches(7.4), Inches(5.3), data
    ).chart
    _chart_font(chart)
    chart.has_legend = False
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = 60
    for point, r in zip(plot.series[0].points, rows[::-1], strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(GAIN if r.change > 0 else LOSS)
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # names left of the bars, drops too
    axis = chart.value_axis
    axis.has_title = True
    axis.axis_title.text_frame.text = scale.title(t("field.revenue_change", lang), lang)
    _font(axis.axis_title.text_frame.paragraphs[0].runs[0].font, 11, False, INK)
    axis.tick_labels.number_format = "#,##0.0"
    axis.tick_labels.number_format_is_linked = False
    table = tb.movers_table(summary, lang, groups=("gain_abs", "loss_abs"))
    grid = tb.grid(table, ["name", "revenue_change", "yoy"], lang)
    from pptx.util import Inches as In

    shape = _table(slide, grid, top=TOP, size=10)
    shape.left, shape.width = In(8.1), In(SLIDE_W - MARGIN - 8.1)
    widths = [2.0, 1.35, 1.38]
    for column, w in zip(shape.table.columns, widths, strict=True):
        column.width = In(w)
    _note(slide, t("summary.movers.basis", lang))


def _attainment_slides(prs, summary: Summary, lang: str) -> None:
    level = t(f"level.{summary.level}", lang)
    title = t("summary.deck.attainment", lang, level=level if lang == "zh" else level.lower())
    table = tb.attainment_table(summary, lang)
    columns = ["name", "revenue", "target_revenue", "attainment", "ytd_revenue", "ytd_target", "ytd_attainment", "yoy"]
    grid = tb.grid(table, columns, lang)
    backgrounds = {}
    for i, row in enumerate(table.itertuples(index=False), start=1):
        for col, value in ((3, row.attainment), (6, row.ytd_attainment)):
            if band := tb.attainment_band(value):
                backgrounds[(col, i)] = tb.BAND_COLOURS[band]
    note = t("summary.attainment.legend", lang) + " " + t("summary.attainment.all_rows", lang, n=len(table))
    _table_slides(prs, title, grid, lang, backgrounds=backgrounds, note=note)


def _changes_slides(prs, summary: Summary, lang: str) -> None:
    changes = summary.changes
    scoring = changes.scoring_text()
    if changes.scored:
        grid = tb.grid(
            tb.migrations_table(summary, lang),
            ["name", "tier_prev", "tier_now", "tier_move", "new_whitespace", "whitespace_units"],
            lang,
        )
        c = changes.counts
        counts = t(
            "summary.story.tiers",
            lang,
            up=c["up"],
            down=c["down"],
            enter=c["enter_hold"],
            leave=c["leave_hold"],
            whitespace=c["new_whitespace"],
        )
        _table_slides(
            prs,
            t("summary.deck.tiers", lang),
            grid,
            lang,
            empty=t("summary.changed.no_migration", lang),
            note=counts + " " + t("summary.changed.level_note", lang),
        )
        grid = tb.grid(
            tb.gates_table(summary, lang),
            ["name", "gate_change", "gate_prev", "gate_now", "pipeline_units", "gate_reason"],
            lang,
        )
        _table_slides(
            prs,
            t("summary.deck.gates", lang),
            grid,
            lang,
            per_slide=TEXT_ROWS_PER_SLIDE,
            empty=t("summary.changed.no_gate_change", lang),
        )
    else:
        for key in ("summary.deck.tiers", "summary.deck.gates"):
            slide = _slide(prs, t(key, lang))
            _textbox(slide, MARGIN, TOP, 12, 1.2, [scoring.render(lang) if scoring else ""], size=16, colour=MUTED)

    slide = _slide(prs, t("summary.deck.distributors", lang))
    counts = tb.grid(tb.change_counts(summary, lang), ["change_item", "this_month", "last_month"], lang)
    keep = [
        row
        for row in counts.rows
        if row[0]
        in {
            t(f"summary.changed.{k}", lang)
            for k in ("distributor_up", "distributor_down", "conflict_flags", "price_flags")
        }
    ]
    shape = _table(slide, tb.Grid(counts.headers, keep, counts.numeric), size=12)
    from pptx.util import Inches

    shape.width = Inches(6.0)
    for column, w in zip(shape.table.columns, (3.6, 1.2, 1.2), strict=True):
        column.width = Inches(w)
    _note(slide, t("summary.changed.flags_basis", lang))
    grid = tb.grid(
        tb.distributors_table(summary, lang), ["distributor", "name", "class_prev", "class_now", "class_reason"], lang
    )
    if grid.rows:
        _table_slides(prs, t("summary.changed.distributors", lang), grid, lang, per_slide=TEXT_ROWS_PER_SLIDE)
    else:
        _textbox(
            slide, MARGIN, TOP + 2.2, 12, 0.8, [t("summary.changed.no_distributor_change", lang)], size=14, colour=MUTED
        )


def _quotas_slide(prs, summary: Summary, lang: str) -> None:
    table = tb.quotas_table(summary, lang, lowest=tb.LOWEST_QUOTAS)
    total = 0 if summary.quotas is None else len(summary.quotas)
    slide = _slide(
        prs, t("summary.quotas.lowest", lang, n=len(table), total=total) if total else t("summary.quotas.title", lang)
    )
    if table.empty:
        _textbox(slide, MARGIN, TOP, 12, 1, [t("summary.quotas.none", lang)], size=16, colour=MUTED)
        return
    grid = tb.grid(table, tb.QUOTA_SHOWN, lang)
    backgrounds = {}
    for i, (month, ytd) in enumerate(zip(table["quota_attainment"], table["ytd_attainment"], strict=True), start=1):
        for col, value in ((4, month), (7, ytd)):
            if band := tb.attainment_band(value):
                backgrounds[(col, i)] = tb.BAND_COLOURS[band]
    _table(slide, grid, backgrounds=backgrounds, size=10)
    _note(slide, t("summary.quotas.basis", lang))


def _promotion_slide(prs, review: PromotionReview, lang: str) -> None:
    slide = _slide(prs, t("summary.deck.promotion", lang, name=review.name))
    months = review.start if review.start == review.end else f"{review.start} – {review.end}"
    heading = t(
        "summary.promo.heading",
        lang,
        name=review.name,
        months=months,
        metric=t(f"summary.promo.metric.{review.metric}", lang),
    )
    _textbox(
        slide, MARGIN, TOP - 0.15, SLIDE_W - 2 * MARGIN, 1.1, [heading, review.verdict_text().render(lang)], size=13
    )
    if review.status == "reviewed":
        m = review.months
        base = m["baseline"].notna().to_numpy()
        series = [
            (t("summary.promo.chart.actual", lang), list(m["actual"]), BRAND, "solid", True),
            (
                t("summary.promo.chart.baseline", lang),
                [v if b else None for v, b in zip(m["baseline"], base, strict=True)],
                FORECAST,
                "dash",
                True,
            ),
        ]
        if np.isfinite(m.loc[base, ["lower", "upper"]].to_numpy(float)).all():
            for key, column in (("summary.promo.chart.lower", "lower"), ("summary.promo.chart.upper", "upper")):
                series.append(
                    (
                        t(key, lang),
                        [v if b else None for v, b in zip(m[column], base, strict=True)],
                        "#F2C49B",
                        "dash",
                        False,
                    )
                )
        kind = "money" if review.metric == "revenue" else "count"
        _line_chart(
            slide,
            m["month"],
            series,
            kind,
            t(f"summary.promo.metric.{review.metric}", lang),
            lang,
            box=(MARGIN, TOP + 1.2, 12.3, 4.4),
        )
    _note(slide, t("summary.promo.method", lang))


def _promotion_slides(prs, summary: Summary, lang: str) -> None:
    if not summary.promotions:
        slide = _slide(prs, t("summary.promo.title", lang))
        _textbox(slide, MARGIN, TOP, 12, 1, [t("summary.promo.none", lang)], size=16, colour=MUTED)
        return
    for review in summary.promotions:
        _promotion_slide(prs, review, lang)


def _key_points_slide(prs, summary: Summary, lang: str) -> None:
    slide = _slide(prs, t("summary.deck.key_points", lang))
    _textbox(slide, MARGIN, TOP, SLIDE_W - 2 * MARGIN, 5.5, tb.key_points(summary, lang), size=18, bullets=True)


def _actions_slides(prs, summary: Summary, lang: str) -> None:
    table = tb.actions_table(summary, lang)
    columns = [
        "action_group",
        "action_id",
        "action_what",
        "action_owner",
        "action_due",
        "name",
        "distributor_id",
        "action_status",
    ]
    grid = tb.grid(table, columns, lang)
    overdue = t("summary.actions.group.overdue", lang)
    backgrounds = {(0, i): tb.BAND_COLOURS["short"] for i, row in enumerate(grid.rows, start=1) if row[0] == overdue}
    _table_slides(
        prs,
        t("summary.deck.actions", lang),
        grid,
        lang,
        per_slide=10,
        backgrounds=backgrounds,
        note=t("summary.deck.actions_note", lang),
        empty=t("summary.actions.none", lang),
    )


def build_deck(summary: Summary, lang: str = "zh", *, today: dt.date | None = None, scenario: str = "") -> bytes:
    """The summary as the monthly review meeting's deck (.pptx), in `lang`.

    Parameters
    ----------
    summary : Summary
    lang : {"zh", "en"}
    today : date, optional
        The "generated on" date; default today.
    scenario : str, optional
        The scoring scenario's name, said on the title slide.

    Returns
    -------
    bytes
    """
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    prs.core_properties.title = f"{t('summary.deck.title', lang)} {summary.month} · {summary.scope_name(lang)}"
    prs.core_properties.author = "Territory Atlas"
    prs.core_properties.language = "zh-CN" if lang == "zh" else "en-US"
    _title_slide(prs, summary, lang, today, scenario)
    _kpi_slide(prs, summary, lang)
    _trend_slide(prs, summary, lang)
    _movers_slide(prs, summary, lang)
    _attainment_slides(prs, summary, lang)
    _changes_slides(prs, summary, lang)
    _quotas_slide(prs, summary, lang)
    _promotion_slides(prs, summary, lang)
    _key_points_slide(prs, summary, lang)
    _actions_slides(prs, summary, lang)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def slide_count(data: bytes) -> int:
    """Slides in a deck written by `build_deck`."""
    from pptx import Presentation

    return len(Presentation(io.BytesIO(data)).slides)
