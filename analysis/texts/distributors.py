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
        "months, B stocks ≥ 70 % of the range, C ≥ 50 %, otherwise unclassified — the same rule as the monthly "
        "summary.",
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
    "distributors.band.rule": (
        "“进货”按销售记录计：近3个月每月都有归属该经销商的销量即为 A；上期分类取上月的结果，回差带作用于上月的分类。",
        '"Ordered" is read from the sales: units credited to the distributor in each of the last 3 months make it '
        "A; last period's class is last month's, and the band acts on it.",
    ),
    "distributors.filter_status": ("状态", "Status"),
    "distributors.filter_all": ("全部状态", "All statuses"),
    "distributors.shown": ("显示 {shown} / {total} 家经销商", "Showing {shown} of {total} distributors"),
    "distributors.class.A": ("A 类", "Class A"),
    "distributors.class.B": ("B 类", "Class B"),
    "distributors.class.C": ("C 类", "Class C"),
    "distributors.class.unclassified": ("未分级", "Unclassified"),
    "distributors.col.floor": ("限价（元）", "Floor (CNY)"),
    # the data dictionary's labels of the page's columns (analysis/fields.py)
    "field.seat": ("所在区县", "Seat county"),
    "field.dist_status": ("状态", "Status"),
    "field.dist_source": ("来源", "Source"),
    "field.dist_score": ("综合评分（1–5）", "Score (1–5)"),
    "field.class_rule": ("分类依据", "Why this class"),
    "field.ordered_months": ("近3月进货月数", "Months ordered (of 3)"),
    "field.credibility": ("决策人信誉", "Credibility"),
    "field.philosophy": ("经营理念", "Philosophy"),
    "field.finance": ("资金实力", "Finance"),
    "field.product_priority": ("我方产品地位", "Our line's importance"),
    "field.execution": ("执行力", "Execution"),
    "field.prospects": ("当地备选经销商", "Prospects seated here"),
    "field.contract_status": ("合同状态", "Contract"),
    "field.since": ("授权起始月", "Since"),
    "field.until": ("授权截止月", "Until"),
    "field.months_left": ("剩余月数", "Months left"),
    "field.counties": ("区县数", "Counties"),
    "field.exclusive": ("独家", "Exclusive"),
    "field.contract_categories": ("授权品类", "Categories"),
    "field.contract_channels": ("授权渠道", "Channels"),
    "field.grade": ("经销商等级", "Grade"),
    "field.flag": ("预警类型", "Flag"),
    "field.severity": ("级别", "Severity"),
    "field.county": ("区县", "County"),
    "field.months": ("月份", "Months"),
    "field.explanation": ("说明", "Explanation"),
    "field.alert": ("预警", "Alert"),
    "field.flagged_units": ("授权范围外销量（台）", "Units outside the contract"),
    "field.outside_share": ("授权范围外占比", "Share outside"),
    "field.foreign_counties": ("涉及区县数", "Counties involved"),
    "field.breaches": ("违约类型", "Breaches"),
    "field.quota_units": ("年度配额（台）", "Annual quota (units)"),
    "field.quota_revenue": ("年度配额（销售额）", "Annual quota (revenue)"),
    "field.quota_source": ("配额来源", "Quota from"),
    "field.ytd_attainment": ("年累计达成率", "YTD attainment"),
    "field.year_progress": ("全年进度", "Year progress"),
    # class rules (analysis.distributors.classes writes these)
    "distributors.rule.window.sales": ("{first} 至 {last}", "{first} to {last}"),
    "distributors.rule.window.table": ("近{n}个月（经销商表）", "the last {n} months (distributor table)"),
    "distributors.rule.A": (
        "A：{window}每月都有进货（{months}/{n}）",
        "A: ordered in every month of {window} ({months}/{n})",
    ),
    "distributors.rule.needs_a": (
        "；A 需{window}每月进货（现为 {months}/{n}）",
        "; A needs orders in every month of {window} (has {months}/{n})",
    ),
    "distributors.rule.no_range": (
        "未分级：没有 SKU 总数，无法计算铺货率{next}",
        "Unclassified: no SKU range to measure coverage against{next}",
    ),
    "distributors.rule.B": (
        "B：铺货率 {coverage} ≥ {bar}（{margin} 个百分点）{band}{next}",
        "B: range coverage {coverage} ≥ {bar} ({margin} pp){band}{next}",
    ),
    "distributors.rule.C": (
        "C：铺货率 {coverage} ≥ {bar}（{margin} 个百分点）{band}{next}",
        "C: range coverage {coverage} ≥ {bar} ({margin} pp){band}{next}",
    ),
    "distributors.rule.band": (
        "（回差带：上期为{previous}，门槛由 {base} 放宽）",
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
    "distributors.conflicts": ("每家经销商的窜货（授权范围外销售）", "Cross-territory selling per distributor"),
    "distributors.conflicts_help": (
        "销售记录中归属某经销商、但在其授权范围外（区域外、授权期外、未授权品类或渠道）的销量。占比 > {rate} 或同一区县单月 ≥ {n} 台即预警。",
        "Units credited to a distributor outside its contract (outside the territory or its months, or a category "
        "or channel it does not cover). Alert when the share exceeds {rate} or {n} or more units land in one "
        "county in a month.",
    ),
    "distributors.window": ("观察期", "Window"),
    "distributors.window.n": ("近{n}个月", "the last {n} months"),
    "distributors.window.all": ("全部月份", "all months"),
    "distributors.window.option": ("近 {n} 个月", "Last {n} months"),
    "distributors.conflicts.none": (
        "{window}没有授权范围外的销售：每一笔归属经销商的销量都在其授权范围内。",
        "No sales outside a contract in {window}: every unit credited to a distributor was sold inside its contract.",
    ),
    "distributors.conflicts.count": (
        "{flagged} 家经销商触发预警，{watch} 家有少量授权范围外销量",
        "{flagged} distributors flagged, {watch} more with a few units outside",
    ),
    "distributors.conflict.summary": (
        "{window}共 {units} 台，其中 {flagged} 台（{rate}）售在授权范围外（{counties} 个区县）；{verdicts}",
        "In {window}, {flagged} of {units} units ({rate}) were sold outside the contract, in {counties} counties; "
        "{verdicts}",
    ),
    "distributors.conflict.rate": ("授权范围外占比 {rate} > {max}", "share outside {rate} > {max}"),
    "distributors.conflict.burst": (
        "{month} 在{county}售出 {units} 台（同一区县单月 ≥ {n} 台）",
        "{units} units in {county} in {month} (≥ {n} in one county in a month)",
    ),
    "distributors.conflict.below": (
        "未达预警线（占比 ≤ {max}，单个区县单月 < {n} 台），留意即可",
        "below the alert lines (share ≤ {max}, < {n} units per county and month); watch only",
    ),
    # contract periods
    "distributors.period.both": ("{since} 至 {until}", "{since} to {until}"),
    "distributors.period.since": ("自 {since} 起", "from {since}"),
    "distributors.period.until": ("至 {until} 止", "until {until}"),
    "distributors.period.open": ("不限期", "without end"),
    # flags (analysis.distributors.flags writes these)
    "distributors.flag.any_category": ("全部品类", "every category"),
    "distributors.flag.cross.region": (
        "{distributor}在授权区域外的{county}销售{category} {units} 台（{months}）",
        "{distributor} sold {units} units of {category} in {county}, outside its territory ({months})",
    ),
    "distributors.flag.cross.dates": (
        "{distributor}在{county}的授权期为 {period}，却在 {months} 销售{category} {units} 台",
        "{distributor}'s contract for {county} runs {period}, yet it sold {units} units of {category} in {months}",
    ),
    "distributors.flag.cross.category": (
        "{distributor}的合同只授权「{allowed}」，却在{county}销售{category} {units} 台（{months}）",
        "{distributor}'s contract covers {allowed} only, yet it sold {units} units of {category} in {county} "
        "({months})",
    ),
    "distributors.flag.cross.channel": (
        "{distributor}的合同只授权渠道「{allowed}」，却在{county}通过其他渠道销售{category} {units} 台（{months}）",
        "{distributor}'s contract covers the channels {allowed} only, yet it sold {units} units of {category} "
        "in {county} through another channel ({months})",
    ),
    "distributors.flag.overlap.exclusive": (
        "{county}独家授权给{first}，{period}又授权给{second}（{category}重叠）",
        "{county} is exclusive to {first}, yet also granted to {second} {period} ({category} overlap)",
    ),
    "distributors.flag.contract.expired": (
        "{distributor}的合同已于 {until} 到期（{months} 个月前），覆盖 {counties} 个区县{selling}",
        "{distributor}'s contract ended in {until} ({months} months ago), covering {counties} counties{selling}",
    ),
    "distributors.flag.contract.expiring": (
        "{distributor}的合同将于 {until} 到期（还有 {months} 个月），覆盖 {counties} 个区县：请安排续签{selling}",
        "{distributor}'s contract ends in {until} (in {months} months), covering {counties} counties: time to "
        "renew{selling}",
    ),
    "distributors.flag.still_selling": ("，到期后仍销售 {units} 台", "; it sold {units} units since"),
    "distributors.flag.sellin.capacity": (
        "{distributor}近{n}个月的进货折合每年 {sell_in} 台，是其区域容量（{capacity} 台/年）的 {ratio} 倍（> {max}）："
        "货可能压在渠道里，或流向区域外",
        "{distributor} took in {sell_in} units a year over the last {n} months, {ratio} times its territory's "
        "capacity of {capacity} units a year (> {max}): stock pushed into the channel, or flowing out",
    ),
    # prices
    "distributors.floors": ("各产品限价（元，留空 = 不设限价）", "Floor per product (CNY; blank = no floor)"),
    "distributors.price.lead": ("单价 {price}：{reasons}", "Unit price {price}: {reasons}"),
    "distributors.price.floor": ("低于限价 {floor}", "below the floor {floor}"),
    "distributors.price.outlier": (
        "比同省同月同产品 {peers} 个区县的中位数 {median} 低 {below}，稳健 z 值 {score} < {threshold}",
        "{below} below the median {median} of {peers} counties (same product, province and month), "
        "robust z {score} < {threshold}",
    ),
    # contracts (授权范围)
    "distributors.contracts": ("合同与授权范围", "Contracts and their territories"),
    "distributors.contracts_help": (
        "每家经销商的授权期、品类、渠道、是否独家与等级（A/B/C）。“即将到期”指 {n} 个月内到期；覆盖与配额只计下月仍有效的授权。",
        'Each distributor\'s months, categories, channels, exclusivity and grade (A/B/C). "Expiring" ends within '
        "{n} months; coverage and quotas count only the rows still in force next month.",
    ),
    "distributors.contracts.none": ("没有经销区域数据。", "There are no territories."),
    "distributors.contract.expired": ("已到期", "Expired"),
    "distributors.contract.expiring": ("即将到期", "Expiring"),
    "distributors.contract.current": ("有效", "Current"),
    "distributors.contract.open": ("不限期", "Open-ended"),
    "distributors.contract.not_started": ("尚未生效", "Not started"),
    "distributors.contract.any_channel": ("全部渠道", "every channel"),
    # flags
    "distributors.flags": ("预警：窜货、合同与砸价", "Flags: cross-territory selling, contracts, price cutting"),
    "distributors.flags_help": (
        "窜货 = 在授权范围外销售：区域外、授权期外、未授权品类或渠道；经销商的授权范围外销量占比 > {rate}，或同一区县单月 ≥ {n} 台即为预警，"
        "其余为关注。另查：独家区域重叠、合同到期、进货折合年量超过区域容量 {ratio} 倍、单价低于限价或稳健 z 值 < −{threshold}。",
        "Cross-territory selling = selling outside the contract: outside the territory, outside its months, or a "
        "category or channel it does not cover; an alert when a distributor's share outside exceeds {rate} or "
        "{n}+ units land in one county in a month, otherwise watch. Also: overlapping exclusive territories, "
        "expired contracts, yearly sell-in above {ratio}× the territory's capacity, prices under the floor or with "
        "a robust z below −{threshold}.",
    ),
    "distributors.flags.filter": ("预警类型", "Kind of flag"),
    "distributors.flags.all": ("全部类型", "Every kind"),
    "distributors.flags.none": ("{window}没有预警。", "No flags in {window}."),
    "distributors.flags.shown": ("显示 {n} / {total} 条预警", "Showing {n} of {total} flags"),
    "distributors.code.cross.region": ("区域外销售", "Outside the territory"),
    "distributors.code.cross.dates": ("授权期外销售", "Outside the contract's months"),
    "distributors.code.cross.category": ("未授权品类", "Category not covered"),
    "distributors.code.cross.channel": ("未授权渠道", "Channel not covered"),
    "distributors.code.overlap.exclusive": ("独家区域重叠", "Exclusive territories overlap"),
    "distributors.code.contract.expired": ("合同已到期", "Contract expired"),
    "distributors.code.contract.expiring": ("合同即将到期", "Contract expiring"),
    "distributors.code.sellin.capacity": ("进货超过区域容量", "Sell-in above capacity"),
    "distributors.code.price.floor": ("低于限价", "Below the price floor"),
    "distributors.code.price.outlier": ("异常低价", "Abnormally low price"),
    "distributors.severity.alert": ("预警", "Alert"),
    "distributors.severity.watch": ("关注", "Watch"),
    # quotas
    "distributors.quotas": ("配额与达成", "Quotas and attainment"),
    "distributors.quotas_help": (
        "年度配额 = 区域容量 × 可达份额（当前方案 {share}），按近12个月的销售季节分到各月，按经销商近12个月均价折算金额。"
        "可手动修改，也可导入带经销商编号的计划行（导入的计划优先）。",
        "Annual quota = the territory's capacity × the attainable share (the scenario's {share}), spread over the "
        "months by the season of the last 12 months and priced at the distributor's average price. Edit it by hand, "
        "or import plan rows that name the distributor (imported plans win).",
    ),
    "distributors.quotas.none": (
        "没有下月仍有效的经销区域，因此没有配额。",
        "No territory is in force next month, so there are no quotas.",
    ),
    "distributors.quotas.year": ("年度配额（销售额）", "Annual quota (revenue)"),
    "distributors.quotas.ytd": ("年初至 {month} 销售额", "Revenue, year to {month}"),
    "distributors.quotas.ytd_attainment": ("年累计达成率", "Year-to-date attainment"),
    "distributors.quotas.month_attainment": ("{month} 达成率", "Attainment {month}"),
    "distributors.quotas.edit": ("修改年度配额（台）", "Edit the annual quotas (units)"),
    "distributors.quotas.edit_help": (
        "改动即时生效（本次会话内）；要长期保存，请下载计划行后在“数据”页导入，或保存到存储。",
        "Edits apply at once (in this session); to keep them, download the plan rows and import them on the Data "
        "page, or save them into the store.",
    ),
    "distributors.quotas.reset": ("恢复按规则计算的配额", "Back to the quotas by the rule"),
    "distributors.quotas.plan_help": (
        "月度配额可作为计划行下载（{rows} 行：每个区县一行，按容量拆分，带经销商编号），导入后即作为配额使用。",
        "The monthly quotas download as plan rows ({rows} rows: one per county, split by capacity, with the "
        "distributor's id); imported, they are the quotas.",
    ),
    "distributors.quotas.save": ("把配额存为计划行", "Save the quotas as plan rows"),
    "distributors.quotas.saved": (
        "已存为计划的第 {version} 个版本（共 {rows} 行）。",
        "Saved as version {version} of the plan ({rows} rows).",
    ),
    "distributors.quota.source.capacity": ("按规则", "By the rule"),
    "distributors.quota.source.edited": ("手动修改", "Edited"),
    "distributors.quota.source.plan": ("导入的计划", "Imported plan"),
    # sheets of the export
    "distributors.sheet.scorecard": ("评分与分类", "Scorecard"),
    "distributors.sheet.funnel": ("备选来源", "Funnel"),
    "distributors.sheet.coverage": ("区域覆盖", "Coverage"),
    "distributors.sheet.contracts": ("合同", "Contracts"),
    "distributors.sheet.flags": ("预警", "Flags"),
    "distributors.sheet.cross_territory": ("窜货", "Cross-territory"),
    "distributors.sheet.quotas": ("配额", "Quotas"),
    "distributors.sheet.plan_rows": ("计划行", "Plan rows"),
    # export
    "distributors.export": ("导出", "Export"),
}
