"""Texts about missing inputs (analysis/market/inputs.py)."""

TEXT: dict[str, tuple[str, str]] = {
    "inputs.no_competitors": (
        "没有竞品数据：份额、HHI、领先品牌和空白容量未知，不计入评分权重。",
        "No competitor data: shares, HHI, the leader and whitespace are unknown and left out of the weights.",
    ),
    "inputs.some_competitors": (
        "{total} 个地区中有 {missing} 个没有竞品数据：这些地区的份额、HHI 和空白容量未知。",
        "{missing} of {total} regions have no competitor data: their shares, HHI and whitespace are unknown.",
    ),
    "inputs.no_housing": (
        "没有住房供应数据：住房供应未知，住房门槛不暂缓任何地区（除非方案另有规定）。",
        "No housing data: the pipeline is unknown and the housing gate holds no region (unless the scenario says so).",
    ),
    "inputs.some_housing": (
        "{total} 个地区中有 {missing} 个没有住房供应数据：标为“未知”，不按 0 计。",
        "{missing} of {total} regions have no housing data: shown as unknown, never counted as 0.",
    ),
    "inputs.no_demographics": (
        "没有人口数据：户数和市场容量未知。",
        "No demographic data: households and capacity are unknown.",
    ),
    "inputs.no_prior_year": (
        "没有 13–24 个月前的销售数据：无法计算同比，不显示同比箭头。",
        "No sales 13–24 months back: there is no YoY, and no YoY arrow is shown.",
    ),
    "inputs.no_plan": ("没有计划数据：计划达成率未知。", "No plan data: plan attainment is unknown."),
}
