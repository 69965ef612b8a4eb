"""Upload templates: for every kind, its columns with Chinese or English headers and one example row."""

from __future__ import annotations

import pandas as pd

from analysis.schemas import KINDS

# Chinese headers as analysts write them (units in brackets); each maps back to its column
# through `analysis.io.columns.guess_mapping`, which tests/test_import_acceptance.py checks.
HEADERS_ZH: dict[str, str] = {
    "region": "地区",
    "month": "月份",
    "year": "年份",
    "units": "销量(台)",
    "revenue": "销售额(元)",
    "product": "产品",
    "distributor_id": "经销商编号",
    "channel": "渠道",
    "target_revenue": "目标销售额(元)",
    "target_units": "目标销量(台)",
    "competitor": "竞品品牌",
    "avg_price": "均价(元)",
    "stores": "门店数",
    "local_price": "本地价格(元)",
    "discount_rate": "折扣率",
    "new_units": "新建住宅套数",
    "status": "状态",
    "floor_area_m2": "建筑面积(平方米)",
    "communities": "小区数",
    "population": "常住人口(人)",
    "households": "户数",
    "income_per_capita": "人均可支配收入(元)",
    "urban_share": "城镇化率",
    "retail_sales": "社会消费品零售总额(元)",
    "name": "经销商名称",
    "source": "来源",
    "credibility": "信誉",
    "philosophy": "经营理念",
    "finance": "资金实力",
    "product_priority": "产品重视度",
    "execution": "执行力",
    "skus_stocked": "铺货SKU数",
    "skus_total": "SKU总数",
    "ordered_months_last_3": "近3个月下单月数",
    "since": "起始月份",
    "exclusive": "是否独家",
    "category": "品类",
    "competitor_en": "品牌英文名",
    "until": "截止月份",
    "categories": "授权品类",
    "channels": "授权渠道",
    "grade": "等级",
    "promotion_id": "促销编号",
    "start": "开始月份",
    "end": "结束月份",
    "metric": "目标指标",
    "target": "目标值",
    "action_id": "事项编号",
    "what": "事项",
    "owner": "负责人",
    "due": "到期月份",
}

# One plausible row per kind, by column; "zh" and "en" differ only where people write text.
_EXAMPLES: dict[str, dict[str, object]] = {
    "sales": {
        "region": ("南宁", "Nanning"),
        "month": "2025-01",
        "units": 120,
        "revenue": 360000,
        "category": ("净水器", "water purifier"),
        "product": ("净水器 A1", "Purifier A1"),
        "distributor_id": "D001",
        "channel": ("经销", "dealer"),
    },
    "plan": {
        "region": ("南宁", "Nanning"),
        "month": "2025-01",
        "target_revenue": 400000,
        "target_units": 130,
        "category": ("净水器", "water purifier"),
        "distributor_id": "D001",
    },
    "competitors": {
        "region": ("南宁", "Nanning"),
        "year": 2024,
        "competitor": ("品牌甲", "Brand X"),
        "revenue": 5000000,
        "category": ("净水器", "water purifier"),
        "competitor_en": "Brand X",
        "avg_price": 2999,
        "units": 1667,
        "stores": 12,
        "local_price": 3199,
        "discount_rate": "10%",
    },
    "housing": {
        "region": ("南宁", "Nanning"),
        "year": 2026,
        "new_units": 25000,
        "status": "planned",
        "floor_area_m2": 2500000,
        "communities": 60,
    },
    "demographics": {
        "region": ("南宁", "Nanning"),
        "year": 2024,
        "population": 8900000,
        "households": 3100000,
        "income_per_capita": 45000,
        "urban_share": "72%",
        "retail_sales": 250000000000,
    },
    "distributors": {
        "distributor_id": "D001",
        "name": ("南宁示例商贸有限公司", "Nanning Example Trading Co."),
        "region": ("南宁", "Nanning"),
        "status": "active",
        "source": "referral",
        "credibility": 4,
        "philosophy": 4,
        "finance": 3,
        "product_priority": 5,
        "execution": 4,
        "skus_stocked": 18,
        "skus_total": 24,
        "ordered_months_last_3": 3,
    },
    "territories": {
        "distributor_id": "D001",
        "region": ("南宁", "Nanning"),
        "since": "2024-01",
        "until": "2026-12",
        "exclusive": ("是", "yes"),
        "categories": ("净水器;热水器", "water purifier;water heater"),
        "channels": ("经销;工程", "dealer;project"),
        "grade": "A",
    },
    "promotions": {
        "promotion_id": "P2026-05",
        "name": ("五一净水节", "May Day purifier week"),
        "region": ("南宁", "Nanning"),
        "start": "2026-05",
        "end": "2026-05",
        "metric": "units",
        "target": 1500,
        "category": ("净水器", "water purifier"),
    },
    "actions": {
        "action_id": "A001",
        "month": "2026-10",
        "what": ("在南宁新增两家经销商", "Sign two more distributors in Nanning"),
        "owner": ("张经理", "Manager Zhang"),
        "due": "2026-12",
        "region": ("南宁", "Nanning"),
        "distributor_id": "D001",
        "status": "open",
    },
}


def template_frame(kind: str, lang: str = "zh") -> pd.DataFrame:
    """An upload template for `kind`: every column, headers in `lang`, one example row.

    Chinese headers carry their units (销售额(元)); English headers are the canonical column
    names. Both are recognised by the column mapping without any correction.

    Parameters
    ----------
    kind : str
        One of `analysis.schemas.KINDS`.
    lang : {"zh", "en"}

    Returns
    -------
    DataFrame
        One row, columns in the kind's order (required columns first).

    Raises
    ------
    KeyError
        For an unknown kind.

    Examples
    --------
    >>> template_frame("sales", "zh").columns[:4].tolist()
    ['地区', '月份', '销量(台)', '销售额(元)']
    >>> template_frame("plan", "en").columns.tolist()
    ['region', 'month', 'target_revenue', 'target_units', 'category', 'distributor_id']
    """
    spec = KINDS[kind]
    example = _EXAMPLES[kind]
    zh = lang == "zh"
    data = {}
    for column in spec.names:
        value = example[column]
        if isinstance(value, tuple):
            value = value[0] if zh else value[1]
        data[HEADERS_ZH[column] if zh else column] = [value]
    return pd.DataFrame(data)
