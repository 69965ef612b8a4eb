"""The one catalog of user-facing text (Chinese and English) and how a text is rendered.

Numbers inside texts are formatted by `analysis.formats`.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

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
    "sidebar.all_in_scope": ("我负责的全部地区", "All my regions"),
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
    "kind.promotions": ("促销活动", "Promotions"),
    "kind.actions": ("会议行动项", "Meeting actions"),
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

    A parameter that is itself renderable (a `Text`, an `analysis.formats.Figure`, a `Join`) is
    rendered in `lang` first, so numbers and nested phrases follow the reader's language.

    >>> t("overview.through", "en", month="2026-10")
    'through 2026-10'
    """
    zh, en = CATALOG[key]
    text = zh if lang == "zh" else en
    if not params:
        return text
    return text.format(**{name: _rendered(value, lang) for name, value in params.items()})


def _rendered(value: object, lang: str) -> object:
    render = getattr(value, "render", None)
    return render(lang) if callable(render) else value


class Text:
    """A catalog entry and its parameters, rendered in the reader's language when it is shown.

    Analysis code returns `Text` where it has something to say (a finding, the rule behind a
    tier, a reason a region is held), so that the words come from the catalog at the last
    moment, in the language of whoever reads them. Hashable and comparable by key and params.

    >>> reason = Text("overview.through", month="2026-10")
    >>> reason.render("zh"), reason.render("en")
    ('截至 2026-10', 'through 2026-10')
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: object):
        if key not in CATALOG:
            raise KeyError(f"no text {key!r} in the catalog")
        self.key = key
        self.params = tuple(sorted(params.items()))

    def render(self, lang: str) -> str:
        """The text in `lang` ("zh" or "en")."""
        return t(self.key, lang, **dict(self.params))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, self.params))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.params)
        return f"Text({self.key!r}{', ' if inner else ''}{inner})"


@dataclass(frozen=True)
class Join:
    """Several renderable parts joined the way the language lists them: 甲、乙 / A, B."""

    parts: tuple

    def __init__(self, parts):
        object.__setattr__(self, "parts", tuple(parts))

    def render(self, lang: str) -> str:
        """The parts in `lang`, separated by 、 or a comma."""
        return ("、" if lang == "zh" else ", ").join(str(_rendered(p, lang)) for p in self.parts)


@dataclass(frozen=True)
class Name:
    """A name that reads in the reader's language when a text holding it is rendered."""

    zh: str
    en: str = ""

    def render(self, lang: str) -> str:
        """The Chinese name, or the English one (the Chinese when there is none)."""
        return self.zh if lang == "zh" or not self.en else self.en


def region_label(name: str, name_en: str, lang: str) -> str:
    """A region's name in `lang`: the Chinese name, or its English form."""
    return name if lang == "zh" else name_en
