"""The summary as an Excel workbook: every report table a sheet, numbers as numbers with their formats."""

from __future__ import annotations

from analysis.io.exports import to_excel_bytes
from analysis.summary.build import Summary
from analysis.summary.tables import sheets


def build_excel(summary: Summary, lang: str = "zh") -> bytes:
    """The summary as an .xlsx workbook, in `lang`.

    Sheets (`analysis.summary.tables.sheets`): KPIs, trend (24 months and the forecast), regions
    (attainment, every region), movers, what changed (counts), tier migrations, housing-gate
    changes, distributor classes, forecast, promotion reviews, meeting actions, key points; then the
    data dictionary. Headers are in `lang`; numeric cells are numbers with the number format of
    their column's kind (`analysis.io.exports.to_excel_bytes`), text is formula-safe.

    Parameters
    ----------
    summary : Summary
    lang : {"zh", "en"}

    Returns
    -------
    bytes
    """
    return to_excel_bytes(sheets(summary, lang), lang)
