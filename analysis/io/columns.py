"""Column mapping: which header of an uploaded file is which canonical column of a kind.

`guess_mapping` proposes a mapping from header synonyms (Chinese and English, units
stripped); the user confirms or corrects it; a confirmed `Mapping` can be saved and found
again by `mapping_signature` for next month's file with the same headers.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.geo.names import normalise_text
from analysis.io.units import header_unit, unit_in_header
from analysis.schemas import KINDS, Kind

PROVINCE = "province"
PARENT_CITY = "parent_city"
"""Parent columns: not part of any kind, they help resolve an ambiguous region name."""

# Region headers come in three strengths: an explicit region or code column, a county
# column, a city column. The strongest present becomes `region`; a city column next to a
# stronger one is its parent (城市 + 区县 -> parent_city + region).
_REGION_STRONG = (
    "region",
    "region_id",
    "region_code",
    "region_name",
    "adcode",
    "ad_code",
    "area_code",
    "行政区划代码",
    "区划代码",
    "行政代码",
    "行政区代码",
    "地区代码",
    "地区编码",
    "区域代码",
    "地区",
    "区域",
    "地区名称",
    "区域名称",
    "行政区",
    "行政区划",
    "行政区名称",
    "销售区域",
    "所在地区",
    "所属地区",
)
_REGION_COUNTY = (
    "county",
    "district",
    "county_name",
    "district_name",
    "区县",
    "县区",
    "区/县",
    "县/区",
    "县(市、区)",
    "县(市,区)",
    "县市区",
    "区县名称",
    "县区名称",
    "县",
    "区",
    "县级市",
)
_REGION_CITY = (
    "city",
    "city_name",
    "prefecture",
    "城市",
    "地市",
    "市",
    "地级市",
    "城市名称",
    "所在城市",
    "所属城市",
    "地市名称",
    "市州",
    "城市/地区",
)

SYNONYMS: dict[str, tuple[str, ...]] = {
    "region": _REGION_STRONG + _REGION_COUNTY + _REGION_CITY,
    PROVINCE: (
        "province",
        "province_name",
        "省份",
        "省",
        "省区",
        "省/自治区",
        "省(自治区、直辖市)",
        "所在省份",
        "所属省份",
        "省份名称",
    ),
    PARENT_CITY: ("parent_city", "上级城市", "所属地市", "上级地市"),
    "month": (
        "month",
        "date",
        "period",
        "year_month",
        "yearmonth",
        "sales_month",
        "月份",
        "日期",
        "年月",
        "月",
        "时间",
        "期间",
        "统计月份",
        "销售月份",
        "月度",
        "所属月份",
        "账期",
    ),
    "year": ("year", "yr", "fiscal_year", "年份", "年度", "年", "统计年度", "统计年份", "所属年度"),
    "units": (
        "units",
        "unit_sales",
        "qty",
        "quantity",
        "volume",
        "sales_units",
        "sales_volume",
        "销量",
        "数量",
        "台数",
        "销售量",
        "销售数量",
        "件数",
        "出货量",
        "销售台数",
        "年销量",
    ),
    "revenue": (
        "revenue",
        "sales",
        "sales_amount",
        "amount",
        "turnover",
        "income",
        "销售额",
        "金额",
        "回款",
        "年回款",
        "回款额",
        "销售金额",
        "营收",
        "营业收入",
        "销售收入",
        "营业额",
        "年销售额",
        "收入",
    ),
    "product": (
        "product",
        "sku",
        "model",
        "product_name",
        "产品",
        "产品名称",
        "型号",
        "商品",
        "商品名称",
        "产品型号",
    ),
    "distributor_id": (
        "distributor_id",
        "distributor",
        "distributor_code",
        "dealer_id",
        "dealer",
        "dealer_code",
        "经销商编号",
        "经销商代码",
        "经销商id",
        "经销商编码",
        "客户编号",
        "客户编码",
        "客户代码",
        "经销商",
    ),
    "channel": ("channel", "sales_channel", "渠道", "销售渠道", "渠道类型"),
    "target_revenue": (
        "target_revenue",
        "revenue_target",
        "sales_target",
        "target",
        "plan",
        "planned_revenue",
        "目标销售额",
        "计划销售额",
        "销售目标",
        "目标金额",
        "计划金额",
        "目标回款",
        "计划回款",
        "目标",
        "计划",
        "任务",
        "任务额",
    ),
    "target_units": (
        "target_units",
        "units_target",
        "planned_units",
        "目标销量",
        "计划销量",
        "目标台数",
        "计划台数",
        "目标数量",
        "计划数量",
        "任务量",
    ),
    "competitor": (
        "competitor",
        "brand",
        "competitor_brand",
        "rival",
        "竞品",
        "品牌",
        "竞品品牌",
        "竞争对手",
        "竞品名称",
        "品牌名称",
        "对手",
    ),
    "avg_price": (
        "avg_price",
        "average_price",
        "price",
        "unit_price",
        "mean_price",
        "均价",
        "单价",
        "平均价格",
        "平均单价",
        "成交均价",
        "平均售价",
        "售价",
        "价格",
    ),
    "stores": (
        "stores",
        "store_count",
        "outlets",
        "shops",
        "门店数",
        "门店",
        "店数",
        "网点数",
        "门店数量",
        "网点",
        "店铺数",
    ),
    "local_price": ("local_price", "本地价格", "当地价格", "本地均价", "本地售价", "当地售价", "当地均价"),
    "discount_rate": ("discount_rate", "discount", "折扣率", "折扣", "优惠率", "折让率", "返点率"),
    "new_units": (
        "new_units",
        "new_homes",
        "completions",
        "housing_units",
        "new_housing_units",
        "新建住宅套数",
        "交付套数",
        "新房套数",
        "新建套数",
        "住宅套数",
        "新增住宅套数",
        "竣工套数",
        "套数",
        "新房",
    ),
    "status": ("status", "state", "stage", "状态", "项目状态", "交付状态", "合作状态", "阶段"),
    "floor_area_m2": (
        "floor_area_m2",
        "floor_area",
        "area_m2",
        "建筑面积",
        "面积",
        "住宅面积",
        "竣工面积",
        "总建筑面积",
    ),
    "communities": ("communities", "projects", "estates", "小区数", "小区数量", "楼盘数", "项目数", "小区", "楼盘"),
    "population": (
        "population",
        "pop",
        "resident_population",
        "人口",
        "常住人口",
        "总人口",
        "户籍人口",
        "人口数",
        "年末常住人口",
        "常住人口数",
    ),
    "households": ("households", "household_count", "户数", "家庭户数", "总户数", "住户数", "家庭数"),
    "income_per_capita": (
        "income_per_capita",
        "per_capita_income",
        "disposable_income",
        "income",
        "人均可支配收入",
        "人均收入",
        "居民人均可支配收入",
        "城镇居民人均可支配收入",
        "可支配收入",
    ),
    "urban_share": (
        "urban_share",
        "urbanization",
        "urbanisation",
        "urbanization_rate",
        "urbanisation_rate",
        "urban_rate",
        "城镇化率",
        "城镇人口比重",
        "城镇化水平",
        "城镇人口占比",
        "城镇化",
    ),
    "retail_sales": (
        "retail_sales",
        "retail",
        "consumer_retail_sales",
        "社会消费品零售总额",
        "社零",
        "社零总额",
        "零售总额",
        "社会零售总额",
        "消费品零售总额",
    ),
    "name": (
        "name",
        "distributor_name",
        "dealer_name",
        "company",
        "company_name",
        "名称",
        "经销商名称",
        "客户名称",
        "公司名称",
        "企业名称",
        "商家名称",
    ),
    "source": ("source", "lead_source", "来源", "渠道来源", "获客来源", "客户来源", "线索来源"),
    "credibility": ("credibility", "reputation", "trust", "信誉", "信用", "诚信", "口碑", "信誉评分"),
    "philosophy": ("philosophy", "mindset", "理念", "经营理念", "理念契合", "经营思路"),
    "finance": ("finance", "financial_strength", "funds", "资金", "财务", "资金实力", "财力", "资金评分"),
    "product_priority": ("product_priority", "priority", "产品优先级", "重视程度", "产品重视度", "优先级"),
    "execution": ("execution", "executive_ability", "执行力", "执行", "执行能力", "执行评分"),
    "skus_stocked": (
        "skus_stocked",
        "stocked_skus",
        "在售sku数",
        "铺货sku数",
        "已铺sku",
        "铺货数",
        "在售型号数",
        "已铺货sku数",
    ),
    "skus_total": ("skus_total", "total_skus", "sku总数", "总sku数", "全部sku数", "型号总数"),
    "ordered_months_last_3": (
        "ordered_months_last_3",
        "ordered_months",
        "order_months_last_3",
        "近3个月下单月数",
        "近三个月下单月数",
        "近3月下单月数",
        "近三月下单月数",
        "下单月数",
    ),
    "since": (
        "since",
        "start",
        "start_month",
        "start_date",
        "起始月份",
        "开始月份",
        "合作开始",
        "起始日期",
        "开始日期",
        "合作起始月份",
        "签约月份",
    ),
    "exclusive": ("exclusive", "is_exclusive", "是否独家", "独家", "排他", "是否排他", "独家代理"),
    "category": ("category", "product_category", "product_line", "品类", "产品类别", "产品品类", "类别", "品类名称"),
    "competitor_en": ("competitor_en", "brand_en", "english_name", "brand_name_en", "品牌英文名", "英文品牌", "英文名"),
    "until": ("until", "end_month", "end_date", "expiry", "截止月份", "到期月份", "合同到期", "终止月份", "截止日期"),
    "categories": ("categories", "authorised_categories", "授权品类", "经营品类", "代理品类"),
    "channels": ("channels", "authorised_channels", "授权渠道", "经营渠道"),
    "grade": ("grade", "class", "等级", "级别", "经销商等级"),
    "promotion_id": ("promotion_id", "campaign_id", "promo_id", "促销编号", "活动编号", "促销活动编号"),
    "start": ("start", "start_month", "start_date", "开始月份", "开始日期", "起始月份", "活动开始"),
    "end": ("end", "end_month", "end_date", "结束月份", "结束日期", "活动结束"),
    "metric": ("metric", "objective", "kpi", "目标指标", "考核指标", "指标"),
    "target": ("target", "goal", "target_value", "目标值", "目标", "目标数"),
    "action_id": ("action_id", "事项编号", "行动编号"),
    "what": ("what", "action", "task", "事项", "行动", "任务内容"),
    "owner": ("owner", "responsible", "负责人", "责任人"),
    "due": ("due", "due_month", "deadline", "到期月份", "截止月份", "期限"),
}

# When a kind lacks a column, headers meant for a close relative still fit (a plan file
# headed 销售额 means the target; a territory file headed 月份 means since when).
_FALLBACK = {"target_revenue": "revenue", "target_units": "units", "since": "month"}

_SCORE_EXACT = 300
_SCORE_FALLBACK = 200
_SCORE_CONTAINS = 100
_REGION_RANK = {
    **dict.fromkeys(_REGION_STRONG, 3),
    **dict.fromkeys(_REGION_COUNTY, 2),
    **dict.fromkeys(_REGION_CITY, 1),
}
_TOKEN = re.compile(r"[a-z0-9]+")
_BRACKETS = re.compile(r"[(\[【{][^)\]】}]*[)\]】}]")


def _key(text: str) -> str:
    """Compare headers without case, white space, underscores or hyphens."""
    return re.sub(r"[_\-·.]", "", normalise_text(text).lower())


def _forms(header: str) -> tuple[str, ...]:
    """The header's comparison keys: as written, without its unit, without brackets."""
    stem, _ = header_unit(header)
    forms = (_key(header), _key(stem), _key(_BRACKETS.sub("", stem)))
    return tuple(f for i, f in enumerate(forms) if f and f not in forms[:i])


def _words(header: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", header).lower())


def _candidates(kind: Kind) -> dict[str, list[tuple[str, int]]]:
    """For each column a header may map to: its synonyms with a base score."""
    targets: dict[str, list[tuple[str, int]]] = {}
    for column in kind.names:
        targets[column] = [(s, _SCORE_EXACT) for s in (column, *SYNONYMS.get(column, ()))]
        fallback = _FALLBACK.get(column)
        if fallback and fallback not in kind.names:
            targets[column] += [(s, _SCORE_FALLBACK) for s in SYNONYMS[fallback]]
    if "region" in kind.names:
        targets[PROVINCE] = [(s, _SCORE_EXACT) for s in SYNONYMS[PROVINCE]]
        targets[PARENT_CITY] = [(s, _SCORE_EXACT) for s in SYNONYMS[PARENT_CITY]]
    return targets


def _score(forms: tuple[str, ...], words: list[str], synonym: str, base: int) -> int:
    """How well a header fits `synonym`: exact beats contained, a longer containment a shorter.

    Chinese synonyms of two or more characters may sit anywhere in the header (2025年销售额);
    English ones must be whole words (so "city" is not found in "capacity").
    """
    key = _key(synonym)
    if key in forms:
        return base + (3 - forms.index(key)) * 10 + _REGION_RANK.get(synonym, 0)
    if synonym.isascii():
        target = _words(synonym)
        n = len(target)
        inside = len(key) >= 3 and any(words[i : i + n] == target for i in range(len(words) - n + 1))
    else:
        inside = len(key) >= 2 and any(key in form for form in forms)
    return base - _SCORE_EXACT + _SCORE_CONTAINS + len(key) if inside else 0


def guess_columns(headers: Sequence[str], kind: Kind) -> tuple[dict[str, str | None], dict[str, tuple[str, ...]]]:
    """`guess_mapping` and the columns it could not decide: column -> the headers that fit it equally.

    When two headers fit one column equally well (订货数量 and 发货数量 for units), neither is
    mapped to it: the analyst chooses.

    >>> guess_columns(["城市", "月份", "订货数量", "发货数量", "金额"], KINDS["sales"])[1]
    {'units': ('订货数量', '发货数量')}
    """
    targets = _candidates(kind)
    forms = [_forms(h) for h in headers]
    scored: list[tuple[int, int, str]] = []
    score_of: dict[tuple[int, str], int] = {}
    for position, header in enumerate(headers):
        words = _words(header)
        for column, synonyms in targets.items():
            best = max((_score(forms[position], words, s, base) for s, base in synonyms), default=0)
            if best:
                scored.append((best, position, column))
                score_of[(position, column)] = best
    scored.sort(key=lambda item: (-item[0], item[1]))
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    taken: dict[str, int] = {}
    placed: dict[int, str] = {}
    for _, position, column in scored:
        if column in taken or position in placed:
            continue
        mapping[headers[position]] = column
        taken[column] = position
        placed[position] = column
    ties: dict[str, tuple[str, ...]] = {}
    for column, position in list(taken.items()):
        if column in (PROVINCE, PARENT_CITY):
            continue
        best = score_of[(position, column)]
        rivals = [
            p for p in range(len(headers)) if p != position and p not in placed and score_of.get((p, column)) == best
        ]
        if rivals:
            ties[column] = tuple(headers[p] for p in sorted([position, *rivals]))
            mapping[headers[position]] = None
            del taken[column], placed[position]
    cities = {_key(s) for s in _REGION_CITY}
    region_at = next((i for i, h in enumerate(headers) if mapping[h] == "region"), None)
    if region_at is not None and PARENT_CITY not in taken and not set(forms[region_at]) & cities:
        # the region went to a code or county column; a city column beside it is its parent
        for position, header in enumerate(headers):
            if position not in placed and set(forms[position]) & cities:
                mapping[header] = PARENT_CITY
                break
    return mapping, ties


def guess_mapping(headers: Sequence[str], kind: Kind) -> dict[str, str | None]:
    """Guess which header is which canonical column of `kind`.

    Headers are compared without case, spaces, underscores, units or traditional characters
    ("銷售額(萬元)" is 销售额); an exact synonym beats a header that merely contains one, a
    longer contained synonym beats a shorter one, and no two headers get the same column (the
    best match wins; two headers that fit a column equally well get neither, see
    `guess_columns`). A city column next to a county or code column becomes "parent_city"; a
    province column becomes "province".

    Parameters
    ----------
    headers : sequence of str
        The file's headers, in order.
    kind : Kind
        The kind being uploaded (from `analysis.schemas.KINDS`).

    Returns
    -------
    dict
        Every header mapped to a canonical column name, "province", "parent_city", or
        None (ignored), in header order.

    Examples
    --------
    >>> guess_mapping(["城市", "月份", "销量(台)", "销售额(元)", "备注"], KINDS["sales"])
    {'城市': 'region', '月份': 'month', '销量(台)': 'units', '销售额(元)': 'revenue', '备注': None}
    >>> guess_mapping(["省份", "城市", "区县", "年份", "常住人口(万人)"], KINDS["demographics"])
    {'省份': 'province', '城市': 'parent_city', '区县': 'region', '年份': 'year', '常住人口(万人)': 'population'}
    """
    return guess_columns(headers, kind)[0]


def mapping_signature(headers: Sequence[str]) -> str:
    """A stable fingerprint of a header set, to find a saved mapping for the next file.

    Order, case, white space and full-width forms do not matter.

    >>> mapping_signature(["城市", "销售额（元）"]) == mapping_signature(["销售额(元)", " 城市"])
    True
    """
    keys = sorted(_key(h) for h in headers)
    return hashlib.sha256(json.dumps(keys, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Mapping:
    """A confirmed mapping: (header, canonical column) pairs and unit overrides.

    `money_units` holds (canonical column, multiplier) pairs the user chose, e.g.
    ("revenue", 10000.0) for a file in 万元 whose header does not say so. It overrides the
    unit in the header; it is meant for money columns but works for any numeric column.
    """

    columns: tuple[tuple[str, str], ...]
    money_units: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_guess(cls, guess: dict[str, str | None], money_units: dict[str, float] | None = None) -> Mapping:
        """A mapping from `guess_mapping` output, ignoring headers mapped to None."""
        return cls(
            columns=tuple((h, c) for h, c in guess.items() if c),
            money_units=tuple((money_units or {}).items()),
        )

    def to_json(self) -> str:
        """The mapping as a JSON text (UTF-8 friendly, Chinese kept readable)."""
        return json.dumps(
            {
                "columns": [[h, c] for h, c in self.columns],
                "money_units": [[c, m] for c, m in self.money_units],
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        """Read a mapping written by `to_json`.

        Raises
        ------
        ValueError
            If the text is not such a mapping.
        """
        try:
            data = json.loads(text)
            columns = tuple((str(h), str(c)) for h, c in data["columns"])
            units = tuple((str(c), float(m)) for c, m in data.get("money_units", ()))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a column mapping: {exc}") from exc
        return cls(columns=columns, money_units=units)

    def save(self, path: str | Path) -> None:
        """Write the mapping to `path` as UTF-8 JSON."""
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        """Read a mapping saved with `save`."""
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


_TYPES = {column.name: column.type for kind in KINDS.values() for column in kind.columns}
_SCALED_TYPES = ("money", "int", "float")


class MappingError(ValueError):
    """A mapping that does not fit a file: `code` ("mapping_missing" or "mapping_doubled") and its params."""

    def __init__(self, code: str, **params: object):
        super().__init__(code, params)
        self.code = code
        self.params = params


def apply_mapping(
    frame: pd.DataFrame, mapping: Mapping, note_scale: float | None = None
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Rename mapped columns to canonical names and drop the rest.

    Parameters
    ----------
    frame : DataFrame
        `Table.frame` as read. Not modified.
    mapping : Mapping
        Which header is which column.
    note_scale : float, optional
        The money unit a note in the file states ("单位：万元" -> 10000.0): money columns whose
        header states no unit are read in it.

    Returns
    -------
    (DataFrame, dict)
        The canonical columns in mapping order (cells still text), and the multiplier to
        base units for every money column (its header's unit, else the note's, else 1.0) and for
        any other numeric column whose header carries a scale (人口(万人) -> 10000.0). A user's
        choice in `mapping.money_units` overrides both.

    Raises
    ------
    MappingError
        If the mapping names a header that is not in the frame ("mapping_missing"), or maps two
        headers to one column ("mapping_doubled").
    """
    from analysis.i18n import Join

    missing = [h for h, _ in mapping.columns if h not in frame.columns]
    if missing:
        raise MappingError("mapping_missing", headers=Join(missing))
    canonical = [c for _, c in mapping.columns]
    doubled = sorted({c for c in canonical if canonical.count(c) > 1})
    if doubled:
        raise MappingError("mapping_doubled", columns=Join(doubled))
    out = frame[[h for h, _ in mapping.columns]].copy()
    out.columns = canonical
    multipliers: dict[str, float] = {}
    for header, column in mapping.columns:
        kind = _TYPES.get(column)
        stated = unit_in_header(header)
        if kind == "money":
            multipliers[column] = stated if stated is not None else (note_scale or 1.0)
        elif kind in _SCALED_TYPES and stated not in (None, 1.0):
            multipliers[column] = stated
    for column, scale in mapping.money_units:
        if column in canonical:
            multipliers[column] = float(scale)
    return out, multipliers


def missing_required(mapping: Mapping, kind: Kind) -> list[str]:
    """Required columns of `kind` that no header is mapped to, in the kind's order."""
    mapped = {c for _, c in mapping.columns}
    return [c for c in kind.required if c not in mapped]
