"""The one set of report tables: what the page, the Excel workbook, the PDF and the deck all show.

Each table is a frame with canonical columns of the data dictionary (analysis/fields.py, the block
"summary and review"): numbers stay numbers, coded values (tiers, gates, yes/no) stay codes, and
words that belong to a row (a group, a move, a rule) are rendered in the report's language. The
page draws them with `ui.tables.table`, the workbook writes them with
`analysis.io.exports.to_excel_bytes` (number formats from the dictionary), and the PDF and the deck
turn them into text cells with `grid`, so a header and a number read the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.fields import field, present
from analysis.formats import fmt
from analysis.i18n import Text, t
from analysis.summary.breakdown import ATTAINMENT_COLUMNS
from analysis.summary.build import Summary
from analysis.summary.months import TREND_MONTHS, trend_start

# (figure, kind of its value): "amount" is money for revenue and a count for units.
KPI_FIGURES = (
    ("actual", "amount"),
    ("plan", "amount"),
    ("attainment", "share"),
    ("mom", "growth"),
    ("yoy", "growth"),
    ("ytd", "amount"),
    ("ytd_last_year", "amount"),
    ("ytd_growth", "growth"),
    ("ytd_plan", "amount"),
    ("ytd_attainment", "share"),
    ("pacing", "share"),
    ("year_plan", "amount"),
    ("year_progress", "share"),
)
ATTAINMENT_BANDS = ((1.0, "good"), (0.9, "near"), (-np.inf, "short"))  # ≥ 100 %, 90–100 %, < 90 %
BAND_COLOURS = {"good": "#d8efd9", "near": "#fff1c7", "short": "#f8d5d8"}  # cell backgrounds in the PDF and deck


def _render(value, lang: str) -> str:
    render = getattr(value, "render", None)
    return render(lang) if callable(render) else ("" if value is None or value is np.nan else str(value))


def _label(prefix: str, values: pd.Series, lang: str) -> list[str]:
    return [t(f"{prefix}.{v}", lang) if isinstance(v, str) and v else "" for v in values]


def attainment_band(value: float) -> str | None:
    """The band of an attainment: "good" (≥ 100 %), "near" (90–100 %) or "short" (< 90 %); None when unknown."""
    if value is None or not np.isfinite(value):
        return None
    return next(band for floor, band in ATTAINMENT_BANDS if value >= floor)


# ------------------------------------------------------------------------------------------ tables


def kpi_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The KPIs: one row per measure (revenue, units), one column per figure (`KPI_FIGURES`)."""
    rows = []
    for measure in ("revenue", "units"):
        figures = summary.kpis.measure(measure).as_dict()
        rows.append(
            {"measure": t(f"summary.measure.{measure}", lang), **{name: figures[name] for name, _ in KPI_FIGURES}}
        )
    return pd.DataFrame(rows, columns=["measure", *(name for name, _ in KPI_FIGURES)])


def kpi_value(value: float, kind: str, measure: str, lang: str) -> str:
    """One KPI as the page's cards write it: money (¥, 万/亿) or a count for amounts, else a percentage."""
    if kind == "amount":
        return fmt(value, "money" if measure == "revenue" else "count", lang)
    return fmt(value, kind, lang)


def kpi_grid(summary: Summary, lang: str) -> Grid:
    """The KPIs for a report page or a slide: a row per figure, a column per measure, as text.

    A figure unknown for both measures (say, the annual plan's progress when the plan stops in June)
    is left out.
    """
    rows = []
    for name, kind in KPI_FIGURES:
        values = [summary.kpis.measure(m).as_dict()[name] for m in ("revenue", "units")]
        if all(v is None or not np.isfinite(v) for v in values):
            continue
        cells = [kpi_value(v, kind, m, lang) for v, m in zip(values, ("revenue", "units"), strict=True)]
        rows.append([field(name).label(lang), *cells])
    headers = [t("summary.kpi.label", lang), t("summary.measure.revenue", lang), t("summary.measure.units", lang)]
    return Grid(headers, rows, [False, True, True])


def trend_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The 24 months of the trend (actual and plan), then the forecast months with their band."""
    window = summary.series[summary.series["month"] >= trend_start(summary.month)].tail(TREND_MONTHS)
    out = window[["month", "revenue", "target_revenue", "units", "target_units"]]
    if summary.forecast is None:
        return out.reset_index(drop=True)
    f = summary.forecast.values
    future = pd.DataFrame(
        {
            "month": f["month"],
            "forecast_revenue": f["forecast"],
            "forecast_lower": f["lower"],
            "forecast_upper": f["upper"],
        }
    )
    return pd.concat([out, future], ignore_index=True)


def forecast_table(summary: Summary, lang: str) -> pd.DataFrame:
    """The forecast months with their ≈ 80 % band and the model (empty without a forecast)."""
    columns = ["month", "forecast_revenue", "forecast_lower", "forecast_upper", "model"]
    if summary.forecast is None:
        return pd.DataFrame(columns=columns)
    f = summary.forecast.values
    return pd.DataFrame(
        {
            "month": f["month"],
            "forecast_revenue": f["forecast"],
            "forecast_lower": f["lower"],
            "forecast_upper": f["upper"],
            "model": summary.forecast.model_text().render(lang),
        }
    )[columns]


def movers_table(summary: Summary, lang: str, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """The movers: group, rank, region, this month, the same month last year, the change and YoY."""
    m = summary.movers if groups is None else summary.movers[summary.movers["group"].isin(groups)]
    return pd.DataFrame(
        {
            "mover_group": _label("summary.movers", m["group"], lang),
            "rank": m["rank"].astype("int64"),
            "name": m["name"],
            "name_en": m["name_en"],
            "revenue": m["value"].astype(float),
            "revenue_last_year": m["base"].astype(float),
            "revenue_change": m["change"].astype(float),
            "yoy": m["change_pct"].astype(float),
        }
    ).reset_index(drop=True)


def attainment_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Every region of the breakdown level against its plan, the month and the year to date; all rows."""
    return summary.attainment[ATTAINMENT_COLUMNS[1:]].reset_index(drop=True)


def change_counts(summary: Summary, lang: str) -> pd.DataFrame:
    """What changed, as counts: this month and (for the flags) last month."""
    c = summary.changes.counts
    keys = (
        ["up", "down", "new_whitespace", "enter_hold", "leave_hold", "newly_drying"] if summary.changes.scored else []
    )
    keys += ["distributor_up", "distributor_down", "conflict_flags", "price_flags"]
    return pd.DataFrame(
        {
            "change_item": [t(f"summary.changed.{k}", lang) for k in keys],
            "this_month": pd.array([c.get(k) for k in keys], dtype="Int64"),
            "last_month": pd.array([c.get(f"{k}_prev") for k in keys], dtype="Int64"),
        }
    )


def migrations_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Regions whose tier moved or that show new whitespace (entries into hold are gate changes)."""
    columns = ["name", "name_en", "tier_prev", "tier_now", "tier_move", "new_whitespace", "whitespace_units"]
    m = summary.changes.migrations
    if m is None:
        return pd.DataFrame(columns=columns)
    m = m[(m["move"] != "") | m["new_whitespace"]]
    return pd.DataFrame(
        {
            "name": m["name"],
            "name_en": m["name_en"],
            "tier_prev": m["tier_prev"],
            "tier_now": m["tier_now"],
            "tier_move": _label("summary.changed", m["move"], lang),
            "new_whitespace": m["new_whitespace"].astype(bool),
            "whitespace_units": m["whitespace_now"].astype(float),
        }
    )[columns].reset_index(drop=True)


def gates_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Regions entering or leaving hold and newly drying up, with the gate's verdict this month."""
    columns = ["name", "name_en", "gate_change", "gate_prev", "gate_now", "pipeline_units", "gate_reason"]
    g = summary.changes.gates
    if g is None:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(
        {
            "name": g["name"],
            "name_en": g["name_en"],
            "gate_change": _label("summary.changed", g["change"], lang),
            "gate_prev": g["gate_prev"],
            "gate_now": g["gate_now"],
            "pipeline_units": g["pipeline_units"].astype(float),
            "gate_reason": [_render(v, lang) for v in g["gate_reason"]],
        }
    )[columns].reset_index(drop=True)


def distributors_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Distributors whose class changed: who, where they are seated, the classes and why (the one rule)."""
    d = summary.changes.distributors
    return pd.DataFrame(
        {
            "distributor_id": d["distributor_id"],
            "distributor": d["distributor"],
            "name": d["name"],
            "name_en": d["name_en"],
            "class_prev": d["class_prev"],
            "class_now": d["class_now"],
            "class_reason": [_render(v, lang) for v in d["explanation"]],
        }
    ).reset_index(drop=True)


def promotions_table(summary: Summary, lang: str) -> pd.DataFrame:
    """Each finished promotion against its baseline: uplift with its band, the target, the month after."""
    rows = []
    for p in summary.promotions:
        rows.append(
            {
                "promotion_id": p.promotion_id,
                "promotion": p.name,
                "category": p.category,
                "promotion_metric": t(f"summary.promo.metric.{p.metric}", lang),
                "promotion_start": p.start,
                "promotion_end": p.end,
                "promotion_target": p.target,
                "promotion_actual": p.actual,
                "baseline": p.baseline,
                "baseline_lower": p.baseline_lower,
                "baseline_upper": p.baseline_upper,
                "uplift": p.uplift,
                "uplift_lower": p.uplift_lower,
                "uplift_upper": p.uplift_upper,
                "target_met": p.target_met,
                "after_month": p.after_month,
                "dip": p.dip,
                "dip_lower": p.dip_lower,
                "dip_upper": p.dip_upper,
                "baseline_model": t(f"summary.model.{p.model}", lang) if p.model else "",
                "promotion_verdict": p.verdict_text().render(lang),
            }
        )
    columns = [
        "promotion_id",
        "promotion",
        "category",
        "promotion_metric",
        "promotion_start",
        "promotion_end",
        "promotion_target",
        "promotion_actual",
        "baseline",
        "baseline_lower",
        "baseline_upper",
        "uplift",
        "uplift_lower",
        "uplift_upper",
        "target_met",
        "after_month",
        "dip",
        "dip_lower",
        "dip_upper",
        "baseline_model",
        "promotion_verdict",
    ]
    return pd.DataFrame(rows, columns=columns)


def actions_table(summary: Summary, lang: str, regions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actions this review goes through, overdue first: what, who, by when, where, status."""
    a = summary.actions
    names = _region_names(a["region_id"])
    return pd.DataFrame(
        {
            "action_group": _label("summary.actions.group", a["group"], lang),
            "action_id": a["action_id"],
            "action_month": a["month"],
            "action_what": a["what"],
            "action_owner": a["owner"],
            "action_due": a["due"],
            "name": [names.get(r, ("", ""))[0] for r in a["region_id"]],
            "name_en": [names.get(r, ("", ""))[1] for r in a["region_id"]],
            "distributor_id": a["distributor_id"],
            "action_status": _label("summary.actions.status", a["status"], lang),
        }
    ).reset_index(drop=True)


QUOTA_COLUMNS = [
    "distributor_id",
    "distributor",
    "name",
    "name_en",
    "revenue",
    "month_quota",
    "quota_attainment",
    "ytd_revenue",
    "ytd_quota",
    "ytd_attainment",
    "year_progress",
]
# The columns of the quota table a person reads, the same on the page, in the PDF and in the deck.
QUOTA_SHOWN = [c for c in QUOTA_COLUMNS if c not in ("distributor_id", "name_en")]
LOWEST_QUOTAS = 10  # the deck and the PDF show the distributors furthest behind; the page and Excel all


def quotas_table(summary: Summary, lang: str, lowest: int | None = None) -> pd.DataFrame:
    """Distributors seated in the scope against their quotas, furthest behind year to date first.

    Only the `lowest` of them when given.
    """
    q = summary.quotas
    if q is None or q.empty:
        return pd.DataFrame(columns=QUOTA_COLUMNS)
    names = _region_names(q["region_id"].fillna(""))
    out = pd.DataFrame(
        {
            "distributor_id": q["distributor_id"],
            "distributor": q["distributor"].fillna(q["distributor_id"]),
            "name": [names.get(r, ("", ""))[0] for r in q["region_id"].fillna("")],
            "name_en": [names.get(r, ("", ""))[1] for r in q["region_id"].fillna("")],
            "revenue": q["revenue"].astype(float),
            "month_quota": q["quota_revenue"].astype(float),
            "quota_attainment": q["attainment"].astype(float),
            "ytd_revenue": q["ytd_revenue"].astype(float),
            "ytd_quota": q["ytd_quota_revenue"].astype(float),
            "ytd_attainment": q["ytd_attainment"].astype(float),
            "year_progress": q["year_progress"].astype(float),
        }
    )[QUOTA_COLUMNS]
    return (out.head(lowest) if lowest else out).reset_index(drop=True)


def _region_names(region_ids: pd.Series) -> dict[str, tuple[str, str]]:
    from analysis.geo import boundaries

    regions = boundaries.load_regions().drop_duplicates("region_id")
    wanted = regions[regions["region_id"].isin(set(region_ids))]
    return {r: (n, e) for r, n, e in zip(wanted["region_id"], wanted["name"], wanted["name_en"], strict=True)}


def key_points(summary: Summary, lang: str) -> list[str]:
    """The narrative of the summary (3–5 sentences) in `lang`."""
    return [point.render(lang) for point in summary.key_points()]


def notes(summary: Summary, lang: str) -> list[str]:
    """The key points, then how the forecast was chosen, what is missing and the demo note."""
    lines = key_points(summary, lang)
    if summary.forecast is not None:
        lines.append(summary.forecast.reason_text().render(lang))
    if summary.changes.scoring_text() is not None:
        lines.append(summary.changes.scoring_text().render(lang))
    if summary.is_demo:
        lines.append(t("summary.demo_note", lang))
    return lines


def localized(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with the region's name in `lang` under "name" and no name_en column."""
    if "name_en" not in frame:
        return frame
    out = frame.drop(columns="name_en")
    if lang != "zh":
        out = out.assign(name=frame["name_en"].to_numpy())
    return out


def sheets(summary: Summary, lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the summary by its sheet name in `lang`, in report order."""
    tables = {
        "kpis": kpi_table(summary, lang),
        "trend": trend_table(summary, lang),
        "regions": attainment_table(summary, lang),
        "movers": movers_table(summary, lang),
        "changes": change_counts(summary, lang),
        "tiers": migrations_table(summary, lang),
        "gates": gates_table(summary, lang),
        "distributors": distributors_table(summary, lang),
        "forecast": forecast_table(summary, lang),
        "quotas": quotas_table(summary, lang),
        "promotions": promotions_table(summary, lang),
        "actions": actions_table(summary, lang),
        "narrative": pd.DataFrame({"key_point": notes(summary, lang)}),
    }
    return {t(f"summary.sheet.{name}", lang): localized(frame, lang) for name, frame in tables.items()}


# -------------------------------------------------------------------------------------- text cells


@dataclass(frozen=True)
class Grid:
    """A table as text cells for a PDF page or a slide: headers, rows, which columns are numbers."""

    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]

    def pages(self, rows_per_page: int) -> list[Grid]:
        """The rows split into as few pieces of at most `rows_per_page` as they need, of even size.

        Each piece has the headers; there is at least one piece.

        >>> [len(p.rows) for p in Grid(["a"], [["1"]] * 31, [False]).pages(14)]
        [11, 10, 10]
        """
        pieces = max(1, -(-len(self.rows) // max(1, rows_per_page)))
        base, extra = divmod(len(self.rows), pieces)
        cuts = np.cumsum([0] + [base + 1] * extra + [base] * (pieces - extra))
        return [Grid(self.headers, self.rows[cuts[i] : cuts[i + 1]], self.numeric) for i in range(pieces)]


def grid(frame: pd.DataFrame, columns: Sequence[str], lang: str, labels: dict[str, str] | None = None) -> Grid:
    """Columns of a report table as text: headers from the dictionary, numbers in the language's format.

    Parameters
    ----------
    frame : DataFrame
        A table of this module (canonical columns; "name" with "name_en" beside it).
    columns : sequence of str
        In display order.
    lang : {"zh", "en"}
    labels : mapping, optional
        Headers to use instead of the dictionary's.

    Returns
    -------
    Grid
    """
    shown = present(localized(frame, lang), lang)
    rows: list[list[str]] = [[] for _ in range(len(shown))]
    numeric = []
    for column in columns:
        f = field(column)
        values = shown[column] if column in shown else pd.Series([""] * len(shown), index=shown.index)
        is_number = f.numeric and pd.api.types.is_numeric_dtype(values)
        numeric.append(is_number)
        texts = [fmt(v, f.kind, lang) for v in values] if is_number else [_render(v, lang) for v in values]
        for row, text in zip(rows, texts, strict=True):
            row.append(text)
    headers = [(labels or {}).get(c) or field(c).label(lang) for c in columns]
    return Grid(headers, rows, numeric)


def text_of(value: Text | str | None, lang: str) -> str:
    """A Text or a plain string in `lang` ("" for None)."""
    return _render(value, lang)
