"""Texts of the Distributors page and of the explanations `analysis.distributors` writes."""

TEXT: dict[str, tuple[str, str]] = {
    "page.distributors": ("经销商", "Distributors"),
    "distributors.title": ("经销商", "Distributors"),
    "distributors.tagline": (
        "按五项标准给经销商打分、按进货与铺货分 A/B/C 类；看备选来源、区域覆盖，以及窜货和砸价的预警。",
        "Score distributors on five criteria and class them by orders and range coverage; see where candidates "
        "come from, which counties are covered, and warnings of cross-territory selling and price cutting.",
    ),
    "distributors.empty": (
        "当前数据集中没有经销商数据。请在“数据”页或用命令行导入 distributors 与 territories。",
        "The current dataset has no distributors. Import the distributors and territories kinds on the Data page "
        "or from the command line.",
    ),
    # criteria, statuses, sources, channels
    "distributors.crit.credibility": ("决策人信誉", "Decision-maker credibility"),
    "distributors.crit.philosophy": ("经营理念", "Business philosophy"),
    "distributors.crit.finance": ("资金实力", "Financial strength"),
    "distributors.crit.product_priority": ("我方产品地位", "Importance of our line"),
    "distributors.crit.execution": ("执行力", "Execution"),
    "distributors.status.prospect": ("备选", "Prospect"),
    "distributors.status.active": ("合作中", "Active"),
    "distributors.status.ended": ("已终止", "Ended"),
    "distributors.status.unknown": ("未注明", "Not stated"),
    "distributors.source.web": ("网络搜索", "Web search"),
    "distributors.source.registry": ("工商名录", "Business registry"),
    "distributors.source.street": ("扫街拜访", "Street visits"),
    "distributors.source.ads": ("广告", "Ads"),
    "distributors.source.trade_show": ("展会", "Trade shows"),
    "distributors.source.referral": ("朋友介绍", "Referrals"),
    "distributors.source.unknown": ("未注明", "Not stated"),
    "distributors.channel.active": ("主动搜寻", "Active search"),
    "distributors.channel.passive": ("被动吸引", "Passive (inbound)"),
    "distributors.channel.unknown": ("未注明", "Not stated"),
    # scorecard and weights
    "distributors.scorecard": ("五项评分与分类", "Five-criteria scorecard and classes"),
    "distributors.scorecard_help": (
        "评分 = 五项 1–5 分的加权平均（缺项不按 0 分计，权重在已评项上重新归一）。分类按实际进货与铺货："
        "A 近3个月每月进货，B 铺货率 ≥ 70 %，C ≥ 50 %，其余未分级。",
        "Score = weighted mean of the five 1–5 ratings (a missing rating is not read as 0: the weights are "
        "re-normalised over the rated ones). Classes follow orders and range: A ordered in each of the last 3 "
        "months, B stocks ≥ 70 % of the range, C ≥ 50 %, otherwise unclassified.",
    ),
    "distributors.weights": ("权重", "Weights"),
    "distributors.weights.mode": ("权重来源", "Weights from"),
    "distributors.weights.ahp": ("层次分析法（两两比较）", "AHP (pairwise comparison)"),
    "distributors.weights.hand": ("手动设定", "Set by hand"),
    "distributors.weights.zero": (
        "权重不能全为 0，已改用等权重。",
        "The weights cannot all be 0; equal weights are used.",
    ),
    "distributors.ahp.help": (
        "每格表示行指标相对列指标的重要程度（1 = 同等，3 = 稍重要，5 = 明显重要，9 = 极端重要；1/3 表示列指标稍重要）。"
        "下三角自动取倒数。",
        "Each cell says how much more important the row criterion is than the column criterion (1 = equal, "
        "3 = moderately, 5 = strongly, 9 = extremely; 1/3 = the column criterion is moderately more important). "
        "The lower triangle is the reciprocal.",
    ),
    "distributors.ahp.cell": ("{row} 相对 {col}", "{row} versus {col}"),
    "distributors.ahp.reset": ("恢复示例判断", "Reset to the example judgements"),
    "distributors.ahp.cr": ("一致性比率 CR", "Consistency ratio CR"),
    "distributors.ahp.lambda": ("最大特征值 λmax", "Principal eigenvalue λmax"),
    "distributors.ahp.ok": (
        "CR < 0.10：判断前后一致，可以采用。",
        "CR < 0.10: the judgements are consistent enough to use.",
    ),
    "distributors.ahp.warning": (
        "CR = {cr} ≥ 0.10：两两判断相互矛盾，权重不可靠，请调整判断。",
        "CR = {cr} ≥ 0.10: the pairwise judgements contradict each other; revise them before trusting the weights.",
    ),
    "distributors.band": ("分类回差带（百分点）", "Class hysteresis band (percentage points)"),
    "distributors.band_format": ("%d 个百分点", "%d pp"),
    "distributors.band_help": (
        "上期为 B 的经销商，铺货率跌到 70 % 减回差带以下才降为 C（C 同理），避免逐月来回跳档。",
        "A distributor that was B last period drops to C only below 70 % minus the band (likewise for C), "
        "so classes do not flap month to month.",
    ),
    "distributors.band.history": (
        "按已存储的 {n} 个经销商版本（每个版本视为一期）逐期推算分类。",
        "Classes are carried through the {n} stored versions of the distributors (each version is one period).",
    ),
    "distributors.band.no_history": (
        "只有一期经销商数据，没有上期分类：回差带从导入第二个版本起生效。",
        "There is one period of distributor data and no previous class: the band takes effect from the second "
        "imported version.",
    ),
    "distributors.filter_status": ("状态", "Status"),
    "distributors.filter_all": ("全部状态", "All statuses"),
    "distributors.shown": ("显示 {shown} / {total} 家经销商", "Showing {shown} of {total} distributors"),
    "distributors.class.A": ("A 类", "Class A"),
    "distributors.class.B": ("B 类", "Class B"),
    "distributors.class.C": ("C 类", "Class C"),
    "distributors.class.unclassified": ("未分级", "Unclassified"),
    "distributors.col.rank": ("排名", "Rank"),
    "distributors.col.id": ("编号", "ID"),
    "distributors.col.name": ("经销商", "Distributor"),
    "distributors.col.seat": ("所在区县", "Seat county"),
    "distributors.col.province": ("省份", "Province"),
    "distributors.col.status": ("状态", "Status"),
    "distributors.col.source": ("来源", "Source"),
    "distributors.col.score": ("综合评分（1–5）", "Score (1–5)"),
    "distributors.col.class": ("分类", "Class"),
    "distributors.col.range": ("铺货率", "Range coverage"),
    "distributors.col.ordered": ("近3月进货月数", "Months ordered (of 3)"),
    "distributors.col.rule": ("分类依据", "Why this class"),
    "distributors.col.tier": ("潜力等级", "Prospect tier"),
    "distributors.col.county": ("区县", "County"),
    "distributors.col.covering": ("覆盖经销商", "Covering distributors"),
    "distributors.col.prospects": ("当地备选经销商", "Prospects seated here"),
    "distributors.col.market_score": ("市场评分", "Market score"),
    "distributors.col.units": ("销量（台）", "Units"),
    "distributors.col.flagged_units": ("区域外销量（台）", "Units outside territory"),
    "distributors.col.rate": ("区域外占比", "Share outside"),
    "distributors.col.foreign": ("涉及区县数", "Foreign counties"),
    "distributors.col.flagged": ("预警", "Alert"),
    "distributors.col.explanation": ("说明", "Explanation"),
    "distributors.col.month": ("月份", "Month"),
    "distributors.col.product": ("产品", "Product"),
    "distributors.col.price": ("单价（元）", "Unit price (CNY)"),
    "distributors.col.floor": ("限价（元）", "Floor (CNY)"),
    "distributors.col.median": ("同组中位价（元）", "Peer median (CNY)"),
    "distributors.col.mad": ("稳健 z 值", "Robust z"),
    # class rules (analysis.distributors writes these)
    "distributors.rule.A": (
        "A：近{n}个月每月都有进货（{months}/{n}）",
        "A: ordered in each of the last {n} months ({months}/{n})",
    ),
    "distributors.rule.needs_a": (
        "；A 需近{n}个月每月进货（现为 {months}/{n}）",
        "; A needs orders in {n}/{n} months (has {months}/{n})",
    ),
    "distributors.rule.no_range": (
        "未分级：没有 SKU 总数，无法计算铺货率",
        "Unclassified: no SKU range to measure coverage against",
    ),
    "distributors.rule.B": (
        "B：铺货率 {coverage} ≥ {bar}（{margin} 个百分点）",
        "B: range coverage {coverage} ≥ {bar} ({margin} pp)",
    ),
    "distributors.rule.C": (
        "C：铺货率 {coverage} ≥ {bar}（{margin} 个百分点）",
        "C: range coverage {coverage} ≥ {bar} ({margin} pp)",
    ),
    "distributors.rule.band": (
        "（回差带：上期为 {previous}，门槛由 {base} 放宽）",
        " (band: was {previous}, bar lowered from {base})",
    ),
    "distributors.rule.needs_b": (
        "；B 需铺货率 ≥ {b}（差 {gap} 个百分点）",
        "; B needs coverage ≥ {b} (short {gap} pp)",
    ),
    "distributors.rule.none": (
        "未分级：铺货率 {coverage} < {bar}（{margin} 个百分点）",
        "Unclassified: range coverage {coverage} < {bar} ({margin} pp)",
    ),
    # funnel
    "distributors.funnel": ("备选经销商来源", "Where candidates come from"),
    "distributors.funnel_help": (
        "主动搜寻：网络搜索、工商名录、扫街拜访；被动吸引：广告、展会、朋友介绍。柱高为经销商数，颜色为当前状态。",
        "Active search: web, business registry, street visits; passive: ads, trade shows, referrals. Bar height is "
        "the number of distributors, colour their current status.",
    ),
    "distributors.funnel.count": ("经销商数", "Distributors"),
    "distributors.funnel.conversion": ("合作中 {active}（{share}）", "{active} active ({share})"),
    # coverage
    "distributors.coverage": ("区域覆盖", "Territory coverage"),
    "distributors.coverage_help": (
        "各区县由几家经销商覆盖（已终止的不计）；红色为潜力 A/B 档、住房闸门开放、却无人覆盖的区县。",
        "How many distributors cover each county (ended ones not counted); red marks counties of prospect tier A "
        "or B, with the housing gate open, that nobody covers.",
    ),
    "distributors.coverage.legend": ("覆盖情况", "Coverage"),
    "distributors.coverage.uncovered": ("无人覆盖", "Not covered"),
    "distributors.coverage.one": ("1 家覆盖", "One distributor"),
    "distributors.coverage.shared": ("2 家及以上", "Shared (2+)"),
    "distributors.coverage.gap": ("高潜力无人覆盖", "High tier, not covered"),
    "distributors.coverage.covered": ("有经销商覆盖的区县", "Counties covered"),
    "distributors.coverage.gaps": ("高潜力无人覆盖的区县", "High-tier counties not covered"),
    "distributors.coverage.gaps_table": (
        "优先招商：高潜力无人覆盖的区县（按市场评分）",
        "Where to recruit: high-tier counties nobody covers (by market score)",
    ),
    "distributors.coverage.no_gaps": (
        "所选范围内每个高潜力区县都有经销商覆盖。",
        "Every high-tier county in view has a distributor.",
    ),
    # conflicts
    "distributors.conflicts": ("窜货预警（区域外销售）", "Cross-territory selling (窜货)"),
    "distributors.conflicts_help": (
        "销售记录中归属某经销商、但区县不在其授权区域内的销量。占比 > {rate} 或同一区县单月 ≥ {n} 台即预警。",
        "Units credited to a distributor in a county outside its territory. Alert when the share exceeds {rate} "
        "or {n} or more units land in one foreign county in a month.",
    ),
    "distributors.window": ("观察期", "Window"),
    "distributors.window.n": ("近{n}个月", "the last {n} months"),
    "distributors.window.all": ("全部月份", "all months"),
    "distributors.window.option": ("近 {n} 个月", "Last {n} months"),
    "distributors.conflicts.none": (
        "{window}没有区域外销售：每一笔归属经销商的销量都在其授权区域内。",
        "No cross-territory sales in {window}: every unit credited to a distributor was sold inside its territory.",
    ),
    "distributors.conflicts.count": (
        "{flagged} 家经销商触发预警，{watch} 家有少量区域外销量",
        "{flagged} distributors flagged, {watch} more with a few units outside",
    ),
    "distributors.conflict.summary": (
        "{window}共 {units} 台，其中 {flagged} 台（{rate}）售在授权区域外的 {counties} 个区县",
        "In {window}, {flagged} of {units} units ({rate}) were sold in {counties} counties outside the territory",
    ),
    "distributors.conflict.rate": ("区域外占比 {rate} > {max}", "share outside {rate} > {max}"),
    "distributors.conflict.burst": (
        "{month} 在{county}售出 {units} 台（同一区县单月 ≥ {n} 台）",
        "{units} units in {county} in {month} (≥ {n} in one foreign county in a month)",
    ),
    "distributors.conflict.below": (
        "未达预警线（占比 ≤ {max}，单个区县单月 < {n} 台），留意即可",
        "below the alert lines (share ≤ {max}, < {n} units per foreign county and month); watch only",
    ),
    # prices
    "distributors.prices": ("砸价预警（低于限价或异常低价）", "Price cutting (砸价)"),
    "distributors.prices_help": (
        "单价 = 区县当月该产品销售额 ÷ 销量。低于限价即预警；或与同省同月同产品的其他区县相比，稳健 z 值 < −{threshold}"
        "（z = 0.6745 ×（单价 − 中位数）÷ 绝对中位差）。",
        "Unit price = a county's revenue ÷ units of the product in the month. Alert below the floor, or when the "
        "robust z-score against the other counties of the province (same product and month) is below −{threshold} "
        "(z = 0.6745 × (price − median) ÷ MAD).",
    ),
    "distributors.floors": ("各产品限价（元，留空 = 不设限价）", "Floor per product (CNY; blank = no floor)"),
    "distributors.prices.none": (
        "{window}没有低于限价或异常偏低的单价（共检查 {n} 个区县 × 月 × 产品）。",
        "No unit price below a floor or abnormally low in {window} ({n} county × month × product prices checked).",
    ),
    "distributors.prices.count": ("{n} 个单价触发预警", "{n} prices flagged"),
    "distributors.price.lead": ("单价 {price}：", "Unit price {price}: "),
    "distributors.price.floor": ("低于限价 {floor}", "below the floor {floor}"),
    "distributors.price.outlier": (
        "比同省同月同产品 {peers} 个区县的中位数 {median} 低 {below}，稳健 z 值 {score} < {threshold}",
        "{below} below the median {median} of {peers} counties (same product, province and month), "
        "robust z {score} < {threshold}",
    ),
    # export
    "distributors.export": ("导出", "Export"),
    "distributors.export_csv": ("下载评分表 CSV", "Download the scorecard (CSV)"),
    "distributors.export_xlsx": ("下载全部表格 Excel", "Download all tables (Excel)"),
}
