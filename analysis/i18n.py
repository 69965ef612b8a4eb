"""The one catalog of user-facing text (Chinese and English) and number formats."""

from __future__ import annotations

import importlib
import math
import pkgutil

from analysis import texts

LANGS = ("zh", "en")

CATALOG: dict[str, tuple[str, str]] = {
    # frame
    "app.title": ("区域版图", "Territory Atlas"),
    "app.tagline": (
        "去哪里开拓、市场有多大、谁在占有、上月表现如何",
        "Where to expand next, how big each market is, who holds it, how last month went",
    ),
    "sidebar.language": ("语言 / Language", "语言 / Language"),  # the same in both, so the switch reads either way
    "sidebar.dataset": ("数据集", "Dataset"),
    "sidebar.level": ("层级", "Level"),
    "sidebar.province": ("省份筛选", "Province filter"),
    "sidebar.all_provinces": ("全国", "All of China"),
    "dataset.demo": ("演示数据（内置）", "Demo data (built-in)"),
    "dataset.store": ("已导入数据（当前版本）", "Imported data (current versions)"),
    "dataset.demo_badge": (
        "演示数据：合成的销售、竞品、住房与人口数据，仅供演示。",
        "Demo data: synthetic sales, competitor, housing and demographic data, for demonstration only.",
    ),
    "dataset.store_empty": (
        "存储中还没有导入的数据，已改用演示数据。请在“数据”页上传，或用命令行 `python -m analysis import` 导入。",
        "The store holds no imported data yet, so the demo data is shown. "
        "Upload on the Data page or run `python -m analysis import`.",
    ),
    "level.province": ("省", "Province"),
    "level.city": ("市", "City"),
    "level.county": ("区县", "County"),
    "page.overview": ("总览", "Overview"),
    # overview
    "overview.status": ("数据状态", "Data status"),
    "overview.kind": ("数据类型", "Kind"),
    "overview.version": ("版本", "Version"),
    "overview.rows": ("行数", "Rows"),
    "overview.span": ("时间范围", "Time span"),
    "overview.regions": ("覆盖区县", "Counties covered"),
    "overview.coverage": ("区县覆盖率", "County coverage"),
    "overview.kpis": ("核心指标（近12个月）", "Headline KPIs (last 12 months)"),
    "overview.revenue_12m": ("近12个月销售额", "Revenue, last 12 months"),
    "overview.units_12m": ("近12个月销量（台）", "Units, last 12 months"),
    "overview.yoy": ("同比", "YoY"),
    "overview.regions_with_sales": ("有销售的区县", "Counties with sales"),
    "overview.map_title": ("各{level}销售额（近12个月）", "Our revenue by {level} (last 12 months)"),
    "overview.no_sales": ("当前数据集没有销售数据。", "The current dataset has no sales data."),
    "overview.next": ("下一步", "Where to go next"),
    "overview.next.map": (
        "在地图上看 A/B/C 潜力等级、空白市场与新房供应，逐级下钻到区县。",
        "See A/B/C prospect tiers, whitespace and the housing pipeline on the map; drill down to counties.",
    ),
    "overview.next.scoring": (
        "调整权重与假设，查看每个市场的评分依据。",
        "Tune weights and assumptions; see why each market scored as it did.",
    ),
    "overview.next.summary": (
        "本月对比计划的经营摘要，可下载 Excel 与 PDF。",
        "This month against plan, to download as Excel or PDF.",
    ),
    "overview.next.data": (
        "上传本月的销售、竞品、住房等数据文件。",
        "Upload this month's sales, competitor and housing files.",
    ),
    "overview.through": ("截至 {month}", "through {month}"),
    "overview.top_regions": ("销售额前十地区", "Top 10 regions by revenue"),
    "kind.sales": ("销售", "Sales"),
    "kind.plan": ("计划", "Plan"),
    "kind.competitors": ("竞品", "Competitors"),
    "kind.housing": ("住房供应", "Housing"),
    "kind.demographics": ("人口与收入", "Demographics"),
    "kind.distributors": ("经销商", "Distributors"),
    "kind.territories": ("经销区域", "Territories"),
    "col.region": ("地区", "Region"),
    "col.name": ("名称", "Name"),
    "col.province": ("省份", "Province"),
    "col.revenue": ("销售额", "Revenue"),
    "col.units": ("销量", "Units"),
    "col.yoy": ("同比", "YoY"),
    "unit.yuan": ("元", "CNY"),
    "unit.units": ("台", "units"),
    "error.generic": ("出现问题：{detail}", "Something went wrong: {detail}"),
}


def _merge_page_texts() -> None:
    """Add each `analysis.texts.<page>.TEXT` to the catalog; a key defined twice is a bug."""
    for module in pkgutil.iter_modules(texts.__path__):
        part = importlib.import_module(f"{texts.__name__}.{module.name}").TEXT
        clash = CATALOG.keys() & part.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        CATALOG.update(part)


_merge_page_texts()


def t(key: str, lang: str = "zh", **params: object) -> str:
    """Text for `key` in `lang`, with `{name}` placeholders filled from `params`.

    >>> t("overview.through", "en", month="2026-10")
    'through 2026-10'
    """
    zh, en = CATALOG[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def format_number(value: float | None, lang: str = "zh", digits: int = 1) -> str:
    """A large number the way a reader of `lang` expects: 1.2亿 / 3,456.7万 in Chinese, 120.0M in English.

    >>> format_number(123_456_789, "zh"), format_number(123_456_789, "en")
    ('1.2亿', '123.5M')
    >>> format_number(45_600, "zh"), format_number(950, "zh"), format_number(None)
    ('4.6万', '950', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    if lang == "zh":
        if v >= 1e8:
            return f"{sign}{v / 1e8:,.{digits}f}亿"
        if v >= 1e4:
            return f"{sign}{v / 1e4:,.{digits}f}万"
        return f"{sign}{v:,.0f}"
    for threshold, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if v >= threshold:
            return f"{sign}{v / threshold:,.{digits}f}{suffix}"
    return f"{sign}{v:,.0f}"


def format_money(value: float | None, lang: str = "zh") -> str:
    """Yuan with the unit: ¥1.2亿 / ¥123.5M."""
    text = format_number(value, lang)
    return text if text == "–" else f"¥{text}"


def format_percent(value: float | None, digits: int = 1, signed: bool = False) -> str:
    """A fraction as a percentage: 0.05 → '+5.0%' when signed.

    >>> format_percent(0.05, signed=True), format_percent(None)
    ('+5.0%', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * 100:{'+' if signed else ''}.{digits}f}%"


def region_label(name: str, name_en: str, lang: str) -> str:
    return name if lang == "zh" else name_en
