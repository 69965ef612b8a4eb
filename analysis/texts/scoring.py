"""Texts of the Market Scoring page."""

TEXT: dict[str, tuple[str, str]] = {
    "page.scoring": ("市场评分", "Market scoring"),
    "scoring.title": ("市场评分", "Market scoring"),
    "scoring.tagline": (
        "按权重给每个市场打分、分 A/B/C 档；每个分数都能拆开解释，没有住房供应的市场暂缓。",
        "Every market scored on weighted criteria and tiered A/B/C; each score explains itself, "
        "and markets without a housing pipeline are on hold.",
    ),
    "scoring.province_note": (
        "侧栏选择了“省”层级：评分按地级市进行（省份太少，分档没有意义）。",
        "The sidebar level is Province: scoring runs on prefecture cities (too few provinces to tier).",
    ),
    "scoring.no_data": (
        "当前数据集中没有可评分的地区（需要销售、竞品、住房或人口数据）。",
        "The current dataset has no region to score (sales, competitor, housing or demographic data needed).",
    ),
    # settings panel
    "scoring.settings": ("权重与假设", "Weights and assumptions"),
    "scoring.preset": ("预设方案", "Preset"),
    "scoring.preset.default": ("均衡（默认）", "Balanced (default)"),
    "scoring.preset.growth": ("增长优先", "Growth first"),
    "scoring.preset.whitespace": ("空白市场优先", "Whitespace first"),
    "scoring.method": ("标准化方法", "Normalisation"),
    "scoring.method.minmax": ("最小-最大（0–1）", "Min-max (0–1)"),
    "scoring.method.zscore": ("Z 分数（总体标准差）", "z-score (population sd)"),
    "scoring.tier_rule": ("分档规则", "Tier rule"),
    "scoring.tier_rule.quantile": ("分位数：前 20 % 为 A，其后 30 % 为 B", "Quantiles: top 20 % A, next 30 % B"),
    "scoring.tier_rule.threshold": ("固定分数线：A ≥ 0.60，B ≥ 0.40", "Fixed cut-offs: A ≥ 0.60, B ≥ 0.40"),
    "scoring.tier_rule.pareto": (
        "帕累托：按得分累计容量占比 80 % / 95 %",
        "Pareto: cumulative capacity share by score, 80 % / 95 %",
    ),
    "scoring.weights": ("权重", "Weights"),
    "scoring.weights_help": (
        "拖动滑块设定相对重要性；右侧百分比是归一化后的权重，合计 100 %。设为 0 即不使用该指标。",
        "Drag to set relative importance; the percentages are the normalised weights and add up to 100 %. "
        "0 leaves a criterion out.",
    ),
    "scoring.weights_total": ("归一化权重合计 {total}", "Normalised weights add up to {total}"),
    "scoring.weights_zero": (
        "所有权重都为 0，已改用预设权重。",
        "Every weight is 0, so the preset's weights are used.",
    ),
    "scoring.benefit": ("越高越好", "higher is better"),
    "scoring.cost": ("越低越好", "lower is better"),
    "scoring.gate": ("住房门槛", "Housing gate"),
    "scoring.gate_on": ("启用住房门槛", "Use the housing gate"),
    "scoring.gate_help": (
        "实地经验：未来三年没有新建住宅的市场不开发。未超过下方套数的地区标为“暂缓”，不参与分档。",
        "Field rule: no new housing in the next three years, don't open. Regions at or below the number "
        "below are put on hold and not tiered.",
    ),
    "scoring.gate_min": (
        "未来三年新建住宅至少多于（套）",
        "New homes in the next three years must exceed",
    ),
    "scoring.ahp": ("用层次分析法（AHP）两两比较定权重", "Weights from pairwise comparisons (AHP)"),
    "scoring.ahp_help": (
        "在对角线右上方填写：行指标比列指标重要几倍（1–9，次要时填 1/3 即 0.333）。左下方自动取倒数。",
        "Fill the cells above the diagonal: how many times more important the row is than the column "
        "(1–9; 0.333 for 1/3 when less important). The cells below are the reciprocals.",
    ),
    "scoring.ahp_cr": ("一致性比率 CR", "Consistency ratio CR"),
    "scoring.ahp_ok": ("CR < 0.10，判断基本一致。", "CR < 0.10: the judgements are consistent enough."),
    "scoring.ahp_warning": (
        "CR = {cr} ≥ 0.10：两两比较相互矛盾，请调整后再使用这些权重。",
        "CR = {cr} ≥ 0.10: the comparisons contradict each other; revise them before using these weights.",
    ),
    "scoring.ahp_apply": ("使用这些权重", "Use these weights"),
    "scoring.ahp_error": ("无法计算：{detail}", "Cannot compute: {detail}"),
    "scoring.capacity": ("容量假设", "Capacity assumptions"),
    "scoring.category": ("品类", "Product category"),
    "scoring.category.water_purifier": ("净水器", "Water purifier"),
    "scoring.category.water_heater": ("热水器", "Water heater"),
    "scoring.category.water_softener": ("软水机", "Water softener"),
    "scoring.penetration": ("当前渗透率", "Penetration now"),
    "scoring.penetration_next": ("一年后渗透率", "Penetration in a year"),
    "scoring.life_years": ("产品寿命（年）", "Product life (years)"),
    "scoring.fitout_rate": ("新房装修入住率", "Fit-out rate of new homes"),
    "scoring.attach_rate": ("新房配置率", "Attach rate in new homes"),
    "scoring.lag": ("入住滞后（竣工当年 / 次年 / 第三年）：{lag}", "Move-in lag: {lag} in years t, t+1, t+2"),
    "scoring.chain": (
        "容量（台/年）= 户数 × 渗透率 ÷ 寿命（更新）+ 户数 × （一年后渗透率 − 渗透率）（新增）"
        "+ 新建住宅 × 入住率 × 配置率，按入住滞后分摊（新房）",
        "Capacity (units/yr) = households × penetration ÷ life (replacement) + households × (next "
        "penetration − penetration) (upgrade) + new homes × fit-out × attach, spread over the move-in "
        "lag (new housing)",
    ),
    "scoring.sell_in": ("出货预估假设", "Sell-in assumptions"),
    "scoring.attainable_share": ("可争取份额（占容量）", "Attainable share of capacity"),
    "scoring.coverage_b": ("B 档产品线覆盖率", "Range coverage, tier B"),
    "scoring.coverage_c": ("C 档产品线覆盖率", "Range coverage, tier C"),
    # criteria
    "scoring.crit.whitespace_units": ("空白容量", "Whitespace"),
    "scoring.crit.housing_per_1000hh": ("每千户新房", "New homes per 1,000 households"),
    "scoring.crit.capacity_units": ("市场容量", "Capacity"),
    "scoring.crit.yoy_growth": ("我方同比增长", "Our YoY growth"),
    "scoring.crit.income_per_capita": ("人均收入", "Income per capita"),
    "scoring.crit.hhi": ("集中度 HHI", "Concentration (HHI)"),
    "scoring.crit.price_index": ("价格指数", "Price index"),
    "scoring.crit.our_share": ("我方份额", "Our share"),
    "scoring.crit.bpi": ("购买力指数", "Buying power index"),
    # headline
    "scoring.regions": ("参评地区", "Regions scored"),
    "scoring.planned_total": ("预计出货（台/年）", "Planned sell-in (units/yr)"),
    "scoring.tier.A": ("A 档", "Tier A"),
    "scoring.tier.B": ("B 档", "Tier B"),
    "scoring.tier.C": ("C 档", "Tier C"),
    "scoring.tier.hold": ("暂缓", "Hold"),
    "scoring.tier.total": ("合计", "Total"),
    "scoring.gate.open": ("开放", "open"),
    "scoring.gate.hold": ("暂缓", "hold"),
    # ranked table
    "scoring.ranking": ("市场排名", "Ranked markets"),
    "scoring.all": ("全部", "All"),
    "scoring.filter_province": ("省份", "Province"),
    "scoring.filter_tier": ("档位", "Tier"),
    "scoring.filter_gate": ("门槛", "Gate"),
    "scoring.shown": (
        "显示 {shown} / {total} 个地区；点击列标题排序。",
        "{shown} of {total} regions; click a header to sort.",
    ),
    "scoring.col.rank": ("排名", "Rank"),
    "scoring.col.region": ("地区", "Region"),
    "scoring.col.province": ("省份", "Province"),
    "scoring.col.tier": ("档位", "Tier"),
    "scoring.col.score": ("得分", "Score"),
    "scoring.col.coverage": ("数据覆盖", "Coverage"),
    "scoring.col.gate": ("门槛", "Gate"),
    "scoring.col.capacity": ("容量（台/年）", "Capacity (units/yr)"),
    "scoring.col.housing": ("3年新房（套）", "New homes, 3 yrs"),
    "scoring.col.whitespace": ("空白（台/年）", "Whitespace (units/yr)"),
    "scoring.col.our_units": ("我方销量（近12月）", "Our units (12 m)"),
    "scoring.col.our_share": ("我方份额", "Our share"),
    "scoring.col.hhi": ("集中度 HHI", "HHI"),
    "scoring.col.yoy": ("同比", "YoY"),
    "scoring.col.price_index": ("价格指数", "Price index"),
    "scoring.col.keep_share": ("档位稳定性", "Tier stability"),
    "scoring.col.planned": ("预计出货（台/年）", "Planned (units/yr)"),
    "scoring.col.regions": ("地区数", "Regions"),
    "scoring.col.range_coverage": ("产品线覆盖", "Range coverage"),
    "scoring.col.criterion": ("指标", "Criterion"),
    "scoring.col.value": ("原始值", "Value"),
    "scoring.col.weight": ("权重", "Weight"),
    "scoring.col.contribution": ("贡献", "Contribution"),
    # region detail
    "scoring.detail": ("地区解读", "Region detail"),
    "scoring.pick_region": ("选择地区", "Region"),
    "scoring.why": ("为什么是这一档", "Why this tier"),
    "scoring.contrib_title": ("得分构成：{region}（合计 {score}）", "What makes the score: {region} (total {score})"),
    "scoring.missing": ("缺失", "missing"),
    "scoring.low_coverage": (
        "数据覆盖率 {coverage} 低于 60 %：该得分所依据的数据不足。",
        "Coverage {coverage} is below 60 %: this score rests on too little data.",
    ),
    "scoring.renormalised": (
        "缺失指标：{names}；其余指标的权重已重新归一化（覆盖率 {coverage}），缺失值从不按 0 计。",
        "Missing: {names}; the other weights were re-normalised (coverage {coverage}), never counted as 0.",
    ),
    "scoring.rule.quantile.A": (
        "A：得分 {score}，位于前 {a}（A 档最低分 {threshold}）。",
        "A: score {score} is in the top {a} (lowest A score {threshold}).",
    ),
    "scoring.rule.quantile.B": (
        "B：得分 {score}，位于前 {a} 之后的 {b}（B 档最低分 {threshold}）。",
        "B: score {score} is in the {b} after the top {a} (lowest B score {threshold}).",
    ),
    "scoring.rule.quantile.C": (
        "C：得分 {score}，低于 B 档最低分 {threshold}（不在前 {ab}）。",
        "C: score {score} is below the lowest B score {threshold} (not in the top {ab}).",
    ),
    "scoring.rule.threshold.A": ("A：得分 {score} ≥ {threshold}。", "A: score {score} ≥ {threshold}."),
    "scoring.rule.threshold.B": ("B：得分 {score} ≥ {threshold}。", "B: score {score} ≥ {threshold}."),
    "scoring.rule.threshold.C": ("C：得分 {score} < {threshold}。", "C: score {score} < {threshold}."),
    "scoring.rule.pareto.A": (
        "A：按得分从高到低累计，容量占比到此为 {value}，≤ {threshold}。",
        "A: counting from the best score down, the cumulative capacity share reaches {value} here, ≤ {threshold}.",
    ),
    "scoring.rule.pareto.B": (
        "B：按得分从高到低累计，容量占比到此为 {value}，≤ {threshold}。",
        "B: counting from the best score down, the cumulative capacity share reaches {value} here, ≤ {threshold}.",
    ),
    "scoring.rule.pareto.C": (
        "C：按得分从高到低累计，容量占比到此为 {value}，> {threshold}。",
        "C: counting from the best score down, the cumulative capacity share reaches {value} here, > {threshold}.",
    ),
    "scoring.rule.hold": (
        "暂缓：{years} 年计划新建住宅 {units} 套，未超过门槛 {minimum} 套。",
        "Hold: {units} new homes planned in {years}, not above the gate of {minimum}.",
    ),
    "scoring.rule.hold_unknown": (
        "暂缓：没有 {years} 年的住房供应数据。",
        "Hold: no housing pipeline reported for {years}.",
    ),
    "scoring.rule.no_score": ("没有任何评分指标的数据，无法分档。", "No criterion has data, so there is no tier."),
    "scoring.next_gap": ("升到 {tier} 档还差 {gap} 分。", "{gap} more points would reach tier {tier}."),
    "scoring.chain_title": ("容量推算", "Capacity chain"),
    "scoring.chain.replacement": (
        "更新需求：{households} 户 × {penetration} ÷ {life} 年 = {value} 台",
        "Replacement: {households} households × {penetration} ÷ {life} years = {value} units",
    ),
    "scoring.chain.upgrade": (
        "新增需求：{households} 户 × （{next} − {penetration}）= {value} 台",
        "Upgrade: {households} households × ({next} − {penetration}) = {value} units",
    ),
    "scoring.chain.newhousing": (
        "新房需求（入住率 {fitout} × 配置率 {attach}，按滞后分摊）= {value} 台",
        "New housing (fit-out {fitout} × attach {attach}, spread over the lag) = {value} units",
    ),
    "scoring.chain.capacity": ("容量合计 = {value} 台/年", "Capacity = {value} units/yr"),
    "scoring.chain.served": (
        "已被满足：我方 {ours} + 竞品 {competitors} = {served} 台 → 空白 {whitespace} 台",
        "Served: ours {ours} + competitors {competitors} = {served} units → whitespace {whitespace} units",
    ),
    "scoring.chain.market": (
        "市场：HHI {hhi}，领先者 {leader}（{leader_share}），我方份额 {our_share}，价格指数 {price_index}",
        "Market: HHI {hhi}, leader {leader} ({leader_share}), our share {our_share}, price index {price_index}",
    ),
    "scoring.ours": ("我方", "our brand"),
    # stability, sell-in, export
    "scoring.stability": ("档位稳定性", "Tier stability"),
    "scoring.stability_help": (
        "把每个权重随机上下浮动 ±{spread}，重复 {draws} 次，统计每个地区保持原档位的比例；低于 80 % 为“临界”。",
        "Every weight is moved at random by up to ±{spread}, {draws} times; the share of draws in which a "
        "region keeps its tier is shown, and below 80 % it is borderline.",
    ),
    "scoring.spread": ("权重浮动幅度", "Weight perturbation"),
    "scoring.borderline_count": ("临界地区", "Borderline regions"),
    "scoring.borderline_none": (
        "没有临界地区：权重小幅变动不会改变任何档位。",
        "No borderline region: small weight changes move no tier.",
    ),
    "scoring.sell_in_title": ("按档位的出货预估", "Expected sell-in by tier"),
    "scoring.sell_in_help": (
        "预计出货 = 容量 × 可争取份额 {share} × 产品线覆盖率（A 全线，B ≥ 70 %，C ≥ 50 %）。",
        "Planned units = capacity × attainable share {share} × range coverage (A full range, B ≥ 70 %, C ≥ 50 %).",
    ),
    "scoring.export": ("导出", "Export"),
    "scoring.export_csv": ("下载 CSV", "Download CSV"),
    "scoring.export_xlsx": ("下载 Excel", "Download Excel"),
}
