"""Every table on a page, and every chart, drawn one way.

`table` shows a frame through the data dictionary (analysis/fields.py): headers in the reader's
language with their unit, numbers kept as numbers (so they sort) on one scale per column, coded
values in words. `chart` draws a Plotly figure with the local topojson stub, so that no map ever
reaches for a CDN. `download` offers a frame as CSV and Excel in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from analysis import config
from analysis.fields import field, header, present
from analysis.formats import scale_for
from analysis.i18n import t
from analysis.io.exports import to_csv_bytes, to_excel_bytes

PLOTLY_CONFIG = {"topojsonURL": config.TOPOJSON_URL, "displaylogo": False, "scrollZoom": True}
LAZY_ROWS = 1000  # longer tables are sent a screenful at a time
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(
    frame: pd.DataFrame,
    columns: Sequence[str],
    lang: str,
    *,
    key: str | None = None,
    height: int | str = "auto",
    labels: Mapping[str, str] | None = None,
    wide: Sequence[str] = (),
    **kwargs,
) -> None:
    """Show `columns` of `frame` with the dictionary's headers, units and formats.

    Parameters
    ----------
    frame : DataFrame
    columns : sequence of str
        Canonical column names, in display order. "name" shows the region's name in `lang`
        (name_en in English).
    lang : {"zh", "en"}
    key, height
        Passed to st.dataframe.
    labels : mapping, optional
        Headers to use instead of the dictionary's, by column.
    wide : sequence of str
        Text columns to give room ("large" width).
    **kwargs
        Passed to st.dataframe (on_select, selection_mode, ...).
    """
    shown = present(frame[list(dict.fromkeys([*columns, *(["name_en"] if "name" in columns else [])]))], lang)
    view, config_ = {}, {}
    for column in columns:
        f = field(column)
        values = shown[column]
        if column == "name" and lang != "zh" and "name_en" in shown:
            values = shown["name_en"]
        label = (labels or {}).get(column)
        if f.numeric and pd.api.types.is_numeric_dtype(values):
            head, divisor = header(column, values, lang)
            scale = scale_for(values, f.kind, lang)
            view[column] = values.astype(float) / divisor
            config_[column] = st.column_config.NumberColumn(label or head, format=scale.printf())
        elif pd.api.types.is_bool_dtype(values):
            view[column] = values
            config_[column] = st.column_config.CheckboxColumn(label or f.label(lang))
        else:
            view[column] = values
            config_[column] = st.column_config.TextColumn(
                label or f.label(lang), width="large" if column in wide else None
            )
    st.dataframe(
        pd.DataFrame(view, index=shown.index),
        column_config=config_,
        hide_index=True,
        width="stretch",
        height=height,
        key=key,
        lazy=len(shown) > LAZY_ROWS or None,  # rows sent as the reader scrolls, not all on every rerun
        **{"placeholder": "–", **kwargs},  # a missing value reads as unknown, not "None"
    )


def chart(fig, key: str, **kwargs):
    """Draw a Plotly figure the one way (local topojson, wheel zoom, full width); returns its event."""
    return st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", **kwargs)


def download(sheets, stem: str, lang: str, key: str) -> None:
    """CSV (the first sheet) and Excel (every sheet, with the data dictionary) buttons.

    `sheets` is a mapping of sheet name → frame, or a function returning one (built only when a
    button is pressed, so that a costly export does not slow every rerun).
    """

    def built() -> Mapping[str, pd.DataFrame]:
        return sheets() if callable(sheets) else sheets

    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(
        t("download.csv", lang),
        data=lambda: to_csv_bytes(next(iter(built().values())), lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}.csv",
    )
    c2.download_button(
        t("download.xlsx", lang),
        data=lambda: to_excel_bytes(built(), lang),
        file_name=f"{stem}.xlsx",
        mime=XLSX,
        icon=":material/table_view:",
        on_click="ignore",
        key=f"{key}.xlsx",
    )
