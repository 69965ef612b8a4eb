"""Figures of the Distributors and Territories pages: the prospect funnel, coverage, territories, balance.

Built from the one bar chart (`bars.bars`) and the one choropleth (`maps.region_map`, categorical
layers), so they share the product's layout, colours and number formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from analysis.charts import bars, maps
from analysis.charts.style import MUTED, NO_DATA, STATUS_COLOURS
from analysis.fields import field
from analysis.i18n import t

COVERAGE_COLOURS = {"uncovered": NO_DATA, "one": "#9ecae1", "shared": "#2171b5", "gap": "#d7301f"}
# Territories: qualitative colours that stay apart side by side (ColorBrewer Set3/Paired, darker first).
TERRITORY_COLOURS = (
    "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#b2df8a", "#fb9a99",
    "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#bebada", "#80b1d3", "#fccde5", "#bc80bd", "#ccebc5",
)  # fmt: skip
UNASSIGNED = "#d9d9d9"


def funnel_figure(table: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars per source (labelled with its channel), one colour per status.

    Parameters
    ----------
    table : DataFrame
        `analysis.distributors.funnel.funnel`: source, channel, status, distributors.
    lang : {"zh", "en"}
    """
    sources = list(dict.fromkeys(table["source"]))
    channel = table.drop_duplicates("source").set_index("source")["channel"]
    labels = [
        f"{t(f'distributors.source.{s}', lang)}\n({t(f'distributors.channel.{channel[s]}', lang)})" for s in sources
    ]
    statuses = list(dict.fromkeys(table["status"]))
    series = {
        t(f"distributors.status.{status}", lang): table[table["status"] == status]
        .set_index("source")["distributors"]
        .reindex(sources)
        .fillna(0)
        .tolist()
        for status in statuses
    }
    return bars.bars(
        labels,
        series,
        "count",
        lang,
        axis_label=t("distributors.funnel.count", lang),
        colours=[STATUS_COLOURS.get(s, MUTED) for s in statuses],
        stacked=True,
        height=360,
    )


def coverage_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """County map of coverage: not covered, one distributor, shared, and high-tier gaps.

    Parameters
    ----------
    frame : DataFrame
        Counties in view: region_id, name, name_en and ``status`` from
        `analysis.distributors.coverage.coverage` (missing = not covered).
    lang : {"zh", "en"}
    """
    categories = {k: (t(f"distributors.coverage.{k}", lang), colour) for k, colour in COVERAGE_COLOURS.items()}
    shown = frame.assign(status=frame["status"].fillna("uncovered"))
    return maps.region_map(
        shown,
        "county",
        "status",
        "category",
        lang,
        title=t("distributors.coverage.legend", lang),
        categories=categories,
        height=560,
    )


def territory_colours(territories: Sequence[str]) -> dict[str, str]:
    """A colour per territory id, in the given order (the palette repeats beyond its length)."""
    return {tid: TERRITORY_COLOURS[i % len(TERRITORY_COLOURS)] for i, tid in enumerate(territories)}


def territory_figure(
    frame: pd.DataFrame,
    lang: str,
    labels: Mapping[str, str],
    *,
    colours: Mapping[str, str] | None = None,
    selected: str | None = None,
    moved: pd.DataFrame | None = None,
    centres: pd.DataFrame | None = None,
    height: int = 600,
) -> go.Figure:
    """County map coloured by territory, each territory named (its distributor), moved counties marked.

    Parameters
    ----------
    frame : DataFrame
        Counties of the scope: region_id, name, name_en and ``territory`` (missing = none).
    lang : {"zh", "en"}
    labels : mapping of territory id → label
        What the legend and the hover say (the distributor's name, or the territory id).
    colours : mapping of territory id → colour, optional
        `territory_colours` of the labels' order by default.
    selected : str, optional
        A county outlined.
    moved : DataFrame, optional
        lon, lat, name, name_en of counties that change territory (dots).
    centres : DataFrame, optional
        lon, lat, name, name_en: a label per territory (the name shown at its centre).
    height : int
    """
    colours = dict(colours or territory_colours(list(labels)))
    categories = {tid: (label, colours.get(tid, UNASSIGNED)) for tid, label in labels.items()}
    return maps.region_map(
        frame,
        "county",
        "territory",
        "category",
        lang,
        title=t("territories.map.legend", lang),
        categories=categories,
        selected=selected,
        markers=moved,
        labels=centres,
        height=height,
    )


def balance_figure(balance: pd.DataFrame, variable: str, kind: str, lang: str, labels: Mapping[str, str]) -> go.Figure:
    """Each territory's total of one balance variable as bars, coloured by territory.

    Parameters
    ----------
    balance : DataFrame
        The design's balance table: territory and `variable`.
    variable, kind : str
        The column and its number kind (`analysis.formats.KINDS`).
    lang : {"zh", "en"}
    labels : mapping of territory id → label
    """
    names = [labels.get(tid, tid) for tid in balance["territory"]]
    colours = territory_colours(list(labels))
    return bars.bars(
        names,
        {field(variable).label(lang): balance[variable].tolist()},
        kind,
        lang,
        axis_label=field(variable).label(lang),
        colours=[colours.get(tid, UNASSIGNED) for tid in balance["territory"]],
        height=300,
    )
