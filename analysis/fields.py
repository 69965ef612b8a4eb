"""The data dictionary: every column a person reads in a table or an export, with its label and kind.

A field's label comes from the catalog (``field.<name>``) in the reader's language; its kind says how
its values are written (one of `analysis.formats.KINDS`, or "text", "region", "tier", "gate",
"flag", "bool", "month", "year", "id", "category"). Tables on the pages, CSV and Excel exports and the reports
all take their headers and number formats from here, and the Excel files carry this dictionary as a
sheet (canonical name, label, unit), so an exported file can be read back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.formats import KINDS as NUMBER_KINDS
from analysis.formats import scale_for
from analysis.i18n import CATALOG, t


@dataclass(frozen=True)
class Field:
    """A column: its canonical name and how its values are written."""

    name: str
    kind: str

    @property
    def numeric(self) -> bool:
        return self.kind in NUMBER_KINDS

    def label(self, lang: str) -> str:
        """The header in `lang` (the canonical name when the catalog has none)."""
        key = f"field.{self.name}"
        return t(key, lang) if key in CATALOG else self.name


_KINDS = {
    # who and where
    "region_id": "id", "name": "region", "name_en": "region", "region": "region", "province": "region",
    "province_id": "id", "parent_id": "id", "level": "text", "distributor_id": "id", "distributor": "text",
    "competitor": "text", "brand": "text", "category": "category", "product": "text", "month": "month", "year": "year",
    # scores and tiers
    "rank": "count", "score": "score", "weight": "share", "contribution": "score", "criterion": "text",
    "direction": "text", "push_score": "score", "tier": "tier", "gate": "gate", "coverage": "share",
    "push_coverage": "share", "keep_share": "share", "tier_reason": "text", "gate_reason": "text", "gate_note": "text",
    "pipeline_flag": "flag", "class": "tier", "class_prev": "tier", "class_now": "tier", "tier_prev": "tier",
    "tier_now": "tier",
    # market figures
    "population": "count", "households": "count", "income_per_capita": "money", "retail_sales": "money",
    "bpi": "index", "capacity_units": "units", "replacement_units": "units", "upgrade_units": "units",
    "newhousing_units": "units", "whitespace_units": "units", "served_units": "units", "competitor_units": "units",
    "competitor_revenue": "money", "our_units": "units", "our_revenue": "money", "planned_units": "units",
    "housing_3y_units": "count", "pipeline_units": "count", "pipeline_per_1000hh": "index", "hhi": "hhi",
    "competitor_hhi": "hhi", "leader": "text", "leader_share": "share", "our_share": "share",
    "our_unit_share": "share", "yoy_growth": "growth", "price_index": "index", "our_price": "price",
    "competitor_price": "price", "local_price": "price", "avg_price": "price", "attainment": "share",
    "plan_revenue": "money", "revenue": "money", "units": "units", "revenue_share": "share", "unit_share": "share",
    "range_coverage": "share", "regions": "count", "distributors": "count", "new_units": "count",
    "target_revenue": "money", "target_units": "units",
    # distributors and territories
    "seat": "region", "dist_status": "text", "dist_source": "text", "dist_score": "index", "class_rule": "text",
    "ordered_months": "count", "credibility": "count", "philosophy": "count", "finance": "count",
    "product_priority": "count", "execution": "count", "prospects": "count", "contract_status": "text",
    "since": "month", "until": "month", "months_left": "count", "counties": "count", "exclusive": "bool",
    "contract_categories": "text", "contract_channels": "text", "grade": "text", "flag": "text", "severity": "text",
    "county": "region", "months": "text", "explanation": "text", "alert": "bool", "flagged_units": "units",
    "outside_share": "share", "foreign_counties": "count", "breaches": "text", "quota_units": "units",
    "quota_revenue": "money", "quota_source": "text", "ytd_attainment": "share", "year_progress": "share",
    "territory": "text", "territory_id": "id", "holder": "text", "holder_before": "text", "holder_after": "text",
    "counties_before": "count", "counties_after": "count", "capacity_units_before": "units",
    "capacity_units_after": "units", "capacity_units_change": "units", "our_revenue_before": "money",
    "our_revenue_after": "money", "our_revenue_change": "money", "max_dev": "growth", "radius_km": "count",
    "polsby_popper": "index", "feasible": "bool", "reason": "text", "why": "text",
    **{f"{c}_dev": "growth" for c in ("capacity_units", "whitespace_units", "our_revenue", "our_units", "households",
                                      "housing_3y_units", "competitor_units", "planned_units")},
    # summary and review
    "measure": "text", "actual": "count", "plan": "count", "mom": "growth", "yoy": "growth", "ytd": "count",
    "ytd_last_year": "count", "ytd_growth": "growth", "ytd_plan": "count", "pacing": "share", "year_plan": "count",
    "ytd_revenue": "money", "ytd_target": "money", "revenue_last_year": "money", "revenue_change": "money",
    "mover_group": "text", "forecast_revenue": "money", "forecast_lower": "money", "forecast_upper": "money",
    "model": "text", "change_item": "text", "this_month": "count", "last_month": "count", "tier_move": "text",
    "new_whitespace": "bool", "gate_change": "text", "gate_prev": "gate", "gate_now": "gate", "class_reason": "text",
    "promotion_id": "id", "promotion": "text", "promotion_metric": "text", "promotion_start": "month",
    "promotion_end": "month", "promotion_target": "count", "promotion_actual": "count", "baseline": "count",
    "baseline_lower": "count", "baseline_upper": "count", "uplift": "growth", "uplift_lower": "growth",
    "uplift_upper": "growth", "target_met": "bool", "after_month": "month", "dip": "growth", "dip_lower": "growth",
    "dip_upper": "growth", "baseline_model": "text", "promotion_verdict": "text", "action_group": "text",
    "action_id": "id", "action_month": "month", "action_what": "text", "action_owner": "text", "action_due": "month",
    "action_status": "text", "key_point": "text", "month_quota": "money", "ytd_quota": "money",
    "quota_attainment": "share",
    # audit
    "audit_id": "id", "audit_at": "text", "audit_user": "text", "audit_action": "text", "audit_kind": "text",
    "audit_name": "text", "version_from": "id", "version_to": "id", "audit_rows": "count", "audit_detail": "text",
}  # fmt: skip
FIELDS: dict[str, Field] = {name: Field(name, kind) for name, kind in _KINDS.items()}


def field(name: str) -> Field:
    """The field of a column; an unknown column is text labelled by its name."""
    return FIELDS.get(name, Field(name, "text"))


def header(name: str, values, lang: str) -> tuple[str, float]:
    """The header of a numeric column in `lang` with its unit, and the divisor its values take.

    Examples
    --------
    >>> header("our_revenue", [4.5e8], "zh")
    ('我方销售额（亿元）', 100000000.0)
    >>> header("capacity_units", [12_000], "en")
    ('Capacity (units/yr, K)', 1000.0)
    """
    f = field(name)
    if not f.numeric:
        return f.label(lang), 1.0
    scale = scale_for(values, f.kind, lang)
    label = f.label(lang)
    if not scale.unit or scale.unit == "%":
        return label, scale.divisor
    if f.kind == "money" or ("（" not in label and "(" not in label):
        return scale.title(label, lang), scale.divisor
    # "容量（台/年）" + 万 → "容量（万台/年）"; "Capacity (units/yr)" + K → "Capacity (units/yr, K)"
    if lang == "zh":
        head, unit = label.rstrip("）").split("（", 1)
        return f"{head}（{scale.unit}{unit}）", scale.divisor
    head, unit = label.rstrip(")").split(" (", 1)
    return f"{head} ({unit}, {scale.unit})", scale.divisor


def dictionary(columns, lang: str) -> pd.DataFrame:
    """The data-dictionary sheet of an export: canonical column, its label and kind."""
    rows = [{"column": c, "label": field(c).label(lang), "kind": field(c).kind} for c in columns]
    return pd.DataFrame(rows)


_VALUE_TEXTS = {
    "tier": {"hold": "field.value.hold"},
    "gate": {"open": "field.value.open", "hold": "field.value.hold"},
    "flag": {"drying": "field.value.drying", "unknown": "field.value.unknown"},
}
_BASE_UNITS = {"money": ("元", "CNY"), "price": ("元", "CNY"), "units": ("台", "units"), "share": ("%", "%"),
               "growth": ("%", "%")}  # fmt: skip


def present(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame's coded values in words of `lang`: hold → 暂缓, open → 开放, True → 是, drying → 供应趋于枯竭.

    Numbers are left as numbers; only tier, gate, flag and yes/no columns change. Not modified.
    """
    out = {}
    for column in frame.columns:
        f = field(column)
        values = frame[column]
        texts = _VALUE_TEXTS.get(f.kind)
        if texts:
            values = values.map(lambda v, texts=texts: t(texts[v], lang) if v in texts else v)
        elif f.kind == "category":
            from analysis.market.scenarios import category_label

            values = values.map(lambda v: category_label(v, lang) if isinstance(v, str) and v else v)
        elif f.kind == "bool" or pd.api.types.is_bool_dtype(values):
            values = values.map(lambda v: t("field.value.yes" if v else "field.value.no", lang) if pd.notna(v) else v)
        out[column] = values
    return pd.DataFrame(out, index=frame.index)


def export_header(name: str, lang: str) -> str:
    """A column's header in an export: the label with the unit its values are in (yuan, units, %)."""
    f = field(name)
    label = f.label(lang)
    unit = _BASE_UNITS.get(f.kind)
    if unit is None or f.kind == "units":
        return label
    text = unit[0] if lang == "zh" else unit[1]
    return f"{label}（{text}）" if lang == "zh" else f"{label} ({text})"


def for_export(frame: pd.DataFrame, lang: str, *, percent: bool = False) -> pd.DataFrame:
    """A frame ready to export in `lang`.

    Headers in words with units, coded values in words, numbers rounded to their kind's decimals (shares ×100 when
    `percent`, as a CSV shows them).

    Examples
    --------
    >>> f = pd.DataFrame({"region_id": ["450100"], "tier": ["hold"], "our_share": [0.12346], "score": [0.1234567]})
    >>> for_export(f, "en", percent=True).to_dict("records")
    [{'Adcode': '450100', 'Tier': 'Hold', 'Our share (%)': 12.35, 'Expansion score': 0.1235}]
    """
    from analysis.formats import CSV_DECIMALS

    out = present(frame, lang)
    for column in out.columns:
        f = field(column)
        if f.numeric and pd.api.types.is_numeric_dtype(out[column]):
            values = out[column].astype(float)
            if percent and f.kind in ("share", "growth"):
                values = values * 100
                out[column] = values.round(2)
            else:
                out[column] = values.round(CSV_DECIMALS[f.kind])
    out.columns = [export_header(c, lang) for c in out.columns]
    return out
