"""Texts of the Monthly Summary: the page, its narrative, the review meeting and its reports.

The page, its narrative, the review meeting (actions, promotions), and its Excel, PDF and deck reports; the labels of
the summary's table columns (field.<name>).
"""

TEXT: dict[str, tuple[str, str]] = {
    "page.summary": ("月度摘要", "Monthly summary"),
    # page
    "summary.title": ("月度经营摘要", "Monthly executive summary"),
    "summary.caption": (
        "本月对比计划、谁在变化、发生了什么变化、促销效果、会议决定与下一步",
        "The month against plan, what moved, what changed, how promotions did, what the meeting decided",
    ),
    "summary.month": ("月份", "Month"),
    "summary.month_help": ("默认为最近一个完整月份。", "Defaults to the latest complete month."),
    "summary.scope": ("范围", "Scope"),
    "summary.scope.country": ("全国", "All of China"),
    "summary.no_sales": (
        "当前数据集没有销售数据，无法生成月度摘要。",
        "The current dataset has no sales, so there is no summary to show.",
    ),
    "summary.heading": ("{month} 月度摘要 · {scope}", "{month} monthly summary · {scope}"),
    "summary.kpis": ("核心指标（对比计划）", "Key figures against plan"),
    "summary.measure.revenue": ("销售额", "Revenue"),
    "summary.measure.units": ("销量（台）", "Units"),
    "summary.trend": (
        "趋势：近 24 个月实际与计划，及未来 3 个月预测",
        "Trend: 24 months of actual vs plan, and a 3-month forecast",
    ),
    "summary.trend.actual": ("实际", "Actual"),
    "summary.trend.plan": ("计划", "Plan"),
    "summary.trend.forecast": ("预测", "Forecast"),
    "summary.trend.band": ("预测区间（约 80%）", "Forecast band (≈ 80 %)"),
    "summary.trend.lower": ("预测下限", "Forecast, lower"),
    "summary.trend.upper": ("预测上限", "Forecast, upper"),
    "summary.breakdown": ("分地区：涨跌榜与计划达成", "Breakdown: movers and attainment by region"),
    "summary.movers.title": ("同比涨跌榜（销售额）", "Biggest movers on last year (revenue)"),
    "summary.movers.basis": (
        "与去年同月相比（同比）；百分比排名只计上年同月销售额占比不低于 0.5% 的地区。",
        "Against the same month last year (YoY); the percentage ranking only counts regions with at least "
        "0.5 % of last year's month.",
    ),
    "summary.movers.view": ("排序方式", "Rank by"),
    "summary.movers.abs": ("金额变化", "Absolute change"),
    "summary.movers.pct": ("百分比变化", "Percent change"),
    "summary.movers.gain_abs": ("增长最多（金额）", "Biggest gains (amount)"),
    "summary.movers.loss_abs": ("下降最多（金额）", "Biggest drops (amount)"),
    "summary.movers.gain_pct": ("增长最快（百分比）", "Fastest growth (percent)"),
    "summary.movers.loss_pct": ("下降最快（百分比）", "Steepest declines (percent)"),
    "summary.movers.none": ("没有地区。", "No region."),
    "summary.attainment": ("计划达成（按{level}）", "Attainment by {level}"),
    "summary.attainment.legend": (
        "颜色：绿色 ≥ 100%，黄色 90–100%，红色 < 90%。",
        "Colour: green ≥ 100 %, amber 90–100 %, red < 90 %.",
    ),
    "summary.attainment.all_rows": ("共 {n} 个地区，全部列出。", "All {n} regions listed."),
    "summary.changed": ("发生了什么变化（对比上月）", "What changed since last month"),
    "summary.changed.no_scoring": (
        "本次未做市场评分，因此没有评级迁移与住房门槛变化；下面是经销商分级与越区、价格预警的变化。",
        "No market scoring was run, so there are no tier migrations or housing-gate changes; below are the "
        "distributor classes and the territory and price flags.",
    ),
    "summary.changed.no_previous": (
        "数据中没有上个月的销售，无法比较评级与经销商分级的变化。",
        "The data has no sales for the month before, so there are no tier or distributor class changes to show.",
    ),
    "summary.changed.scoring_failed": (
        "本月评分失败，未显示评级迁移：{detail}",
        "Scoring failed for this month, so tier migrations are not shown: {detail}",
    ),
    "summary.changed.level_note": (
        "评级按地级市评分（当前方案，与市场评分页相同），比较本月末与上月末。",
        "Tiers score prefecture cities (the current scenario, as on the Market scoring page), end of this month "
        "against end of last month.",
    ),
    "summary.changed.up": ("评级上调", "Tier up"),
    "summary.changed.down": ("评级下调", "Tier down"),
    "summary.changed.enter_hold": ("进入暂缓", "Entered hold"),
    "summary.changed.leave_hold": ("解除暂缓", "Left hold"),
    "summary.changed.newly_drying": ("新出现住房供应枯竭", "Newly drying pipeline"),
    "summary.changed.new_whitespace": ("新增空白市场", "New whitespace"),
    "summary.changed.distributor_up": ("经销商分级上调", "Distributor class up"),
    "summary.changed.distributor_down": ("经销商分级下调", "Distributor class down"),
    "summary.changed.conflict_flags": ("窜货预警（经销商）", "Cross-territory flags (distributors)"),
    "summary.changed.price_flags": ("低价预警（区县×产品）", "Low-price flags (county × product)"),
    "summary.changed.vs_prev": ("对比上月", "vs last month"),
    "summary.changed.migrations": ("评级迁移", "Tier migrations"),
    "summary.changed.no_migration": ("本月没有地区的评级变化。", "No region changed tier this month."),
    "summary.changed.gates": ("住房门槛变化", "Housing-gate changes"),
    "summary.changed.no_gate_change": (
        "本月没有地区进入或解除暂缓，也没有新出现住房供应枯竭的地区。",
        "No region entered or left hold, and no pipeline newly dried up, this month.",
    ),
    "summary.changed.distributors": ("分级变化的经销商", "Distributors whose class changed"),
    "summary.changed.no_distributor_change": ("本月没有经销商分级变化。", "No distributor changed class this month."),
    "summary.changed.flags_basis": (
        "经销商按所在地计入省份，低价预警按区县计入省份，因此各省之和等于全国。",
        "A distributor counts in the province of its seat and a price flag in its county's, so the provinces "
        "add up to the country.",
    ),
    "summary.narrative": ("要点", "Key points"),
    "summary.forecast.title": ("预测", "Forecast"),
    "summary.downloads": ("下载", "Downloads"),
    "summary.download.excel": ("下载 Excel", "Download Excel"),
    "summary.download.pdf": ("下载 PDF", "Download PDF"),
    "summary.download.deck": ("下载会议幻灯片（PPTX）", "Download the meeting deck (PPTX)"),
    "summary.demo_note": ("演示数据（合成），仅供演示。", "Demo data (synthetic), for demonstration only."),
    # KPI cards
    "summary.card.actual": ("本月", "This month"),
    "summary.card.mom": ("环比", "MoM"),
    "summary.card.yoy": ("同比", "YoY"),
    "summary.card.ytd": ("年初至今", "Year to date"),
    "summary.card.ytd_attainment": ("年累计达成率", "YTD attainment"),
    "summary.card.pacing": ("进度", "Pacing"),
    "summary.delta.vs_plan": ("对比计划", "vs plan"),
    "summary.delta.vs_last_year": ("对比去年同期", "vs last year"),
    "summary.delta.days": ("第 {day}/{days} 天", "day {day} of {days}"),
    "summary.help.pacing": (
        "进度 = 月初至今实际 ÷（本月计划 × 已过天数 ÷ 当月天数）；月份结束后等于达成率。",
        "Pacing = month-to-date actual ÷ (month plan × days elapsed ÷ days in month); once the month is "
        "over it equals attainment.",
    ),
    "summary.help.attainment": ("达成率 = 实际 ÷ 计划。", "Attainment = actual ÷ plan."),
    "summary.kpi.label": ("指标", "Figure"),
    # forecast
    "summary.model.seasonal_naive": ("季节性朴素法（去年同月）", "seasonal naive (same month last year)"),
    "summary.model.holt_winters": ("Holt-Winters 指数平滑", "Holt-Winters exponential smoothing"),
    "summary.forecast.reason.short_history": (
        "采用季节性朴素法：只有 {months} 个月历史，Holt-Winters 至少需要 24 个月。",
        "Seasonal naive: only {months} months of history; Holt-Winters needs at least 24.",
    ),
    "summary.forecast.reason.short_holdout": (
        "采用季节性朴素法：{months} 个月历史在留出检验期后不足 24 个月，无法检验 Holt-Winters。",
        "Seasonal naive: {months} months of history leave fewer than 24 to fit Holt-Winters before the holdout.",
    ),
    "summary.forecast.reason.hw_failed": (
        "采用季节性朴素法：Holt-Winters 无法拟合（{months} 个月历史）。",
        "Seasonal naive: Holt-Winters could not be fitted ({months} months of history).",
    ),
    "summary.forecast.reason.sn_better": (
        "采用季节性朴素法：检验期 MASE {mase_sn}，不劣于 Holt-Winters 的 {mase_hw}（{months} 个月历史）。",
        "Seasonal naive: its holdout MASE {mase_sn} is no worse than Holt-Winters' {mase_hw} ({months} months "
        "of history).",
    ),
    "summary.forecast.reason.hw_better": (
        "采用 Holt-Winters：检验期 MASE {mase_hw}，优于季节性朴素法的 {mase_sn}（{months} 个月历史）。",
        "Holt-Winters: its holdout MASE {mase_hw} beats seasonal naive's {mase_sn} ({months} months of history).",
    ),
    "summary.forecast.none": (
        "历史不足 12 个月，无法做季节性预测。",
        "Fewer than 12 months of history: no seasonal forecast.",
    ),
    # narrative
    "summary.story.month": (
        "{month} 销售额 {revenue}，计划达成率 {attainment}；同比 {yoy}，环比 {mom}。",
        "{month} revenue was {revenue}, {attainment} of plan; {yoy} year on year and {mom} on the month before.",
    ),
    "summary.story.month_no_plan": (
        "{month} 销售额 {revenue}（没有计划数据）；同比 {yoy}，环比 {mom}。",
        "{month} revenue was {revenue} (no plan loaded); {yoy} year on year and {mom} on the month before.",
    ),
    "summary.story.ytd_ahead": (
        "年初至今销售额 {ytd}，比去年同期 {growth}，完成年累计计划的 {attainment}，超出计划 {gap}。",
        "Year to date: {ytd}, {growth} on last year and {attainment} of plan, {gap} ahead of it.",
    ),
    "summary.story.ytd_behind": (
        "年初至今销售额 {ytd}，比去年同期 {growth}，完成年累计计划的 {attainment}，落后计划 {gap}。",
        "Year to date: {ytd}, {growth} on last year and {attainment} of plan, {gap} behind it.",
    ),
    "summary.story.ytd_no_plan": (
        "年初至今销售额 {ytd}，比去年同期 {growth}。",
        "Year to date: {ytd}, {growth} on last year.",
    ),
    "summary.story.movers": (
        "同比增长最多的是{up}（{up_change}，{up_pct}），下降最多的是{down}（{down_change}，{down_pct}）。",
        "Biggest gain on last year: {up} ({up_change}, {up_pct}); biggest drop: {down} ({down_change}, {down_pct}).",
    ),
    "summary.story.movers_up_only": (
        "所有地区同比都没有下降；增长最多的是{region}（{change}，{pct}）。",
        "No region fell on last year; the biggest gain was {region} ({change}, {pct}).",
    ),
    "summary.story.movers_down_only": (
        "没有地区同比增长；下降最多的是{region}（{change}，{pct}）。",
        "No region grew on last year; the biggest drop was {region} ({change}, {pct}).",
    ),
    "summary.story.actions": (
        "上次会议的行动项：{overdue} 项已逾期，{open} 项进行中，{done} 项已完成。",
        "Actions from earlier meetings: {overdue} overdue, {open} open, {done} done.",
    ),
    "summary.story.forecast": (
        "预计未来 {months} 个月销售额合计约 {total}（{model}）。",
        "The next {months} months should bring about {total} ({model}).",
    ),
    "summary.story.tiers": (
        "与上月相比，{up} 个地区评级上调、{down} 个下调，{enter} 个进入暂缓、{leave} 个解除暂缓，"
        "新增空白市场 {whitespace} 个。",
        "Since last month {up} regions moved up a tier and {down} down, {enter} entered hold and {leave} left it, "
        "and {whitespace} show new whitespace.",
    ),
    "summary.story.flags": (
        "经销商分级上调 {dist_up} 家、下调 {dist_down} 家；窜货预警 {conflicts} 家经销商，低价预警 {price} 处。",
        "Distributor classes: {dist_up} up, {dist_down} down; {conflicts} distributors flagged for cross-territory "
        "selling and {price} low-price flags.",
    ),
    "summary.story.next_behind": (
        "下一步：年累计落后计划 {gap}，优先跟进同比下降最多的{regions}。",
        "Next: close the {gap} gap to the year-to-date plan, starting with the biggest decliners, {regions}.",
    ),
    "summary.story.next_behind_plain": (
        "下一步：年累计落后计划 {gap}，需要在剩余月份补上。",
        "Next: close the {gap} gap to the year-to-date plan in the months left.",
    ),
    "summary.story.next_ahead_watch": (
        "下一步：保持节奏，同时查明{regions}同比下降的原因。",
        "Next: keep the pace, and find out why {regions} fell on last year.",
    ),
    "summary.story.next_ahead": (
        "下一步：保持节奏，没有地区同比下降。",
        "Next: keep the pace; no region fell on last year.",
    ),
    # promotions and their review
    "summary.promo.title": ("促销复盘", "Promotion reviews"),
    "summary.promo.none": (
        "近 12 个月内没有结束的促销活动。",
        "No promotion ended in the last 12 months.",
    ),
    "summary.promo.method": (
        "基线：用活动开始前各月的数据做预测（与本页预测相同的方法：季节性朴素法，或在检验期胜出时用 "
        "Holt-Winters），约 80% 区间 = 基线 ± 1.28σ（σ 取模型误差与检验期误差中较大者，多个月按独立误差相加）。"
        "提升 = 实际 ÷ 基线 − 1，其区间由基线区间的两端得出；活动后一个月低于基线即为透支（提前消费）。",
        "Baseline: a forecast from the months before the promotion (the method of this page's forecast: seasonal "
        "naive, or Holt-Winters when it wins the holdout); its ≈ 80 % band is baseline ± 1.28σ (σ the larger of "
        "the model's error and its holdout error, months added as independent errors). Uplift = actual ÷ "
        "baseline − 1, its band from the band's two ends; a month after below its baseline is a pull-forward dip.",
    ),
    "summary.promo.heading": ("{name}（{months}，{metric}）", "{name} ({months}, {metric})"),
    "summary.promo.metric.units": ("销量", "units"),
    "summary.promo.metric.revenue": ("销售额", "revenue"),
    "summary.promo.metric.new_distributors": ("新增经销商", "new distributors"),
    "summary.promo.met": ("达成目标", "target met"),
    "summary.promo.missed": ("未达成目标", "target not met"),
    "summary.promo.verdict.lift": (
        "比基线提升 {uplift}（80% 区间 {low} 至 {high}）：实际 {actual}，基线 {baseline}；目标 {target}，{met}。{after}",
        "Up {uplift} on the baseline (80 % band {low} to {high}): actual {actual} against a baseline of "
        "{baseline}; target {target}, {met}. {after}",
    ),
    "summary.promo.verdict.none": (
        "与基线没有可分辨的差异：{uplift}（80% 区间 {low} 至 {high} 包含 0）；实际 {actual}，基线 {baseline}；"
        "目标 {target}，{met}。{after}",
        "No effect to tell from the baseline: {uplift} (80 % band {low} to {high} includes 0); actual {actual} "
        "against {baseline}; target {target}, {met}. {after}",
    ),
    "summary.promo.verdict.drop": (
        "低于基线 {uplift}（80% 区间 {low} 至 {high}）：实际 {actual}，基线 {baseline}；目标 {target}，{met}。{after}",
        "Below the baseline by {uplift} (80 % band {low} to {high}): actual {actual} against {baseline}; "
        "target {target}, {met}. {after}",
    ),
    "summary.promo.after": (
        "活动后一个月（{month}）对比基线 {dip}（区间 {low} 至 {high}）。",
        "The month after ({month}): {dip} on its baseline (band {low} to {high}).",
    ),
    "summary.promo.after_pending": ("活动后一个月的数据尚未到来。", "The month after has not come in yet."),
    "summary.promo.short_history": (
        "活动前只有 {months} 个月的销售，不足 12 个月，无法建立基线。",
        "Only {months} months of sales before the promotion, fewer than 12: no baseline.",
    ),
    "summary.promo.chart.actual": ("实际", "Actual"),
    "summary.promo.chart.baseline": ("基线", "Baseline"),
    "summary.promo.chart.lower": ("基线下限", "Baseline, lower"),
    "summary.promo.chart.upper": ("基线上限", "Baseline, upper"),
    "finding.promo_metrics": (
        "促销 {promotion} 的目标指标不止一个（{metrics}）：一场促销只能有一个可量化的目标——“目标的单一化，而且一定"
        "是可以量化的”，否则活动“什么效果都没有很好的体现出来”，事后也无法总结。请只保留 {first}，或把其他目标拆成"
        "另一场促销（可选指标：{known}）。",
        "Promotion {promotion} has more than one objective metric ({metrics}): a promotion has one objective, and a "
        "quantified one (the field guide: one goal, and measurable), or "
        "nothing shows its effect and there is nothing to review afterwards. Keep {first} only, or make the other "
        "objective a promotion of its own (metrics: {known}).",
    ),
    "finding.promo_target": (
        "促销 {promotion} 的目标值与第一行（{first}）不同：目标属于整场促销（所有地区合计），每行须相同。",
        "Promotion {promotion} has a target other than its first row's ({first}): the target is the whole "
        "promotion's (all its regions together), the same on every row.",
    ),
    "finding.promo_field": (
        "促销 {promotion} 的 {column} 与第一行（{first}）不同：同一场促销的名称、起止月份与品类须一致。",
        "Promotion {promotion} has a {column} other than its first row's ({first}): one promotion has one name, "
        "one start and end month and one category.",
    ),
    "finding.promo_dates": (
        "结束月份 {end} 早于开始月份 {start}；请检查日期。",
        "The end month {end} is before the start month {start}; check the dates.",
    ),
    # actions of the review meeting
    "summary.actions.title": ("会议行动项", "Meeting actions"),
    "summary.actions.caption": (
        "月度经营会议的决定：做什么、谁负责、何时完成、涉及哪个地区或经销商、状态。未完成的行动项会带到以后每个月的"
        "摘要中，逾期的排在最前；已完成或取消的在决定后三次会议内显示。",
        "What the monthly review decided: what, who, by when, which region or distributor, status. Open actions "
        "carry over to every later month's summary, overdue ones first; done or dropped ones show for three "
        "reviews after the meeting that decided them.",
    ),
    "summary.actions.group.overdue": ("已逾期", "Overdue"),
    "summary.actions.group.open": ("进行中", "Open"),
    "summary.actions.group.done": ("已完成/取消", "Done or dropped"),
    "summary.actions.group.new": ("本次会议决定", "Decided at this review"),
    "summary.actions.status.open": ("进行中", "open"),
    "summary.actions.status.done": ("已完成", "done"),
    "summary.actions.status.dropped": ("已取消", "dropped"),
    "summary.actions.none": ("没有要复盘的行动项。", "No actions to review."),
    "summary.actions.edit": ("记录本次会议的决定、更新状态", "Record this review's decisions and update statuses"),
    "summary.actions.edit_help": (
        "在最后一行下方添加新的行动项（必填“做什么”）；修改状态即可标记完成或取消。保存后生成行动项的新版本，并记入审计日志。",
        'Add new actions below the last row ("what" is required); change a status to mark it done or dropped. '
        "Saving makes a new version of the actions, recorded in the audit trail.",
    ),
    "summary.actions.save": ("保存行动项", "Save actions"),
    "summary.actions.saved": (
        "已保存 {n} 项（行动项版本 {version}）。",
        "Saved {n} actions (actions version {version}).",
    ),
    "summary.actions.nothing": ("没有需要保存的更改。", "Nothing changed to save."),
    "summary.actions.demo": (
        "行动项保存在数据存储中。当前查看的是内置演示数据，只能查看：请在侧栏选择“已导入数据”（可先运行 "
        "`python -m analysis demo --store 目录` 把演示数据写入存储）。",
        "Actions are kept in the store. The built-in demo data is read-only here: pick the imported data in the "
        "sidebar (`python -m analysis demo --store DIR` writes the demo into a store first).",
    ),
    "summary.actions.problem.what_missing": ("第 {row} 行：请填写“做什么”。", "Row {row}: say what is to be done."),
    "summary.actions.problem.due_format": (
        "第 {row} 行：完成月份须写成 YYYY-MM，而不是“{value}”。",
        'Row {row}: the due month must be YYYY-MM, not "{value}".',
    ),
    "summary.actions.problem.due_before": (
        "第 {row} 行：完成月份 {value} 早于作出决定的月份。",
        "Row {row}: the due month {value} is before the month the action was decided.",
    ),
    "summary.actions.problem.status": (
        "第 {row} 行：状态须为进行中、已完成或已取消。",
        "Row {row}: the status must be open, done or dropped.",
    ),
    "summary.actions.region_help": ("行动涉及的地区（省或市）", "The region the action is about (province or city)"),
    "summary.actions.distributor_help": ("行动涉及的经销商", "The distributor the action is about"),
    # tables, sheets and reports
    "summary.sheet.kpis": ("核心指标", "KPIs"),
    "summary.sheet.trend": ("月度趋势", "Trend"),
    "summary.sheet.regions": ("地区达成", "Regions"),
    "summary.sheet.movers": ("涨跌榜", "Movers"),
    "summary.sheet.changes": ("变化", "What changed"),
    "summary.sheet.tiers": ("评级迁移", "Tiers"),
    "summary.sheet.gates": ("住房门槛变化", "Housing gate"),
    "summary.sheet.distributors": ("经销商分级变化", "Distributor classes"),
    "summary.sheet.forecast": ("预测", "Forecast"),
    "summary.sheet.promotions": ("促销复盘", "Promotions"),
    "summary.sheet.actions": ("会议行动项", "Actions"),
    "summary.sheet.narrative": ("要点", "Key points"),
    "summary.report.title": ("月度经营摘要", "Monthly executive summary"),
    "summary.report.subtitle": ("月份：{month} · 范围：{scope}", "Month: {month} · Scope: {scope}"),
    "summary.report.generated": ("数据：{span}；生成于 {date}", "Data: {span}; generated {date}"),
    "summary.report.font.embedded": ("中文字体：{font}（已嵌入）", "CJK font: {font} (embedded)"),
    "summary.report.font.cid": (
        "中文字体：STSong-Light（阅读器内置字体，未嵌入；系统中没有找到可嵌入的中文字体文件）",
        "CJK font: STSong-Light (the reader's built-in font, not embedded: no CJK font file was found)",
    ),
    "summary.report.page": ("第 {page} 页", "page {page}"),
    # the deck
    "summary.deck.title": ("月度经营会议", "Monthly review meeting"),
    "summary.deck.subtitle": ("{scope} · {month}", "{scope} · {month}"),
    "summary.deck.kpis": ("核心指标对比计划", "Key figures against plan"),
    "summary.deck.trend": ("近 24 个月趋势与预测", "24-month trend and forecast"),
    "summary.deck.movers": ("同比涨跌榜", "Movers on last year"),
    "summary.deck.attainment": ("计划达成（按{level}）", "Attainment by {level}"),
    "summary.deck.part": ("{title}（{part}/{parts}）", "{title} ({part}/{parts})"),
    "summary.deck.tiers": ("评级迁移", "Tier migrations"),
    "summary.deck.gates": ("住房门槛变化", "Housing-gate changes"),
    "summary.deck.distributors": ("经销商分级变化与预警", "Distributor classes and flags"),
    "summary.deck.promotion": ("促销复盘：{name}", "Promotion review: {name}"),
    "summary.deck.key_points": ("要点", "Key points"),
    "summary.deck.actions": ("会议行动项", "Meeting actions"),
    "summary.deck.actions_note": (
        "逾期的排在最前。本次会议的新决定请在摘要页记录，下月的会议材料会自动带上。",
        "Overdue first. Record this meeting's decisions on the Summary page; next month's deck carries them.",
    ),
    "summary.deck.scenario": ("评分方案：{name}", "Scoring scenario: {name}"),
    # the report command
    "summary.cli.bad_suffix": (
        "--out 须以 .xlsx、.pdf 或 .pptx 结尾，而不是 {name}",
        "--out must end in .xlsx, .pdf or .pptx, got {name}",
    ),
    "summary.cli.bad_each_out": (
        "--each province 时 --out 须是一个目录，或以 .xlsx、.pdf、.pptx 结尾的文件名模板，而不是 {name}",
        "with --each province, --out must be a directory or a file name ending in .xlsx, .pdf or .pptx, got {name}",
    ),
    "summary.cli.each_with_province": (
        "--each province 与 --province 不能同时使用",
        "--each province and --province cannot be used together",
    ),
    "summary.cli.bad_scenario": ("方案 --scenario：{detail}", "--scenario: {detail}"),
    "summary.cli.done": (
        "已写入 {path} · {scope} · {month} · {size} · {seconds} 秒",
        "wrote {path} · {scope} · {month} · {size} · {seconds}s",
    ),
    "summary.cli.slides": ("{n} 张幻灯片", "{n} slides"),
    "summary.cli.pages": ("{n} 页", "{n} pages"),
    "summary.cli.sheets": ("{n} 个工作表", "{n} sheets"),
    "summary.cli.failed": ("失败 {scope}：{detail}", "FAILED {scope}: {detail}"),
    "summary.cli.each_done": (
        "共写入 {n} 个文件到 {path}（{failed} 个失败），用时 {seconds} 秒",
        "{n} files written to {path} ({failed} failed) in {seconds}s",
    ),
    # column labels of the summary's tables (analysis/fields.py, "summary and review")
    "field.measure": ("指标", "Measure"),
    "field.actual": ("本月实际", "Actual, this month"),
    "field.plan": ("本月计划", "Plan, this month"),
    "field.mom": ("环比", "Month on month"),
    "field.yoy": ("同比", "Year on year"),
    "field.ytd": ("年初至今实际", "Year to date"),
    "field.ytd_last_year": ("去年同期累计", "Same months last year"),
    "field.ytd_growth": ("年累计同比", "Year to date vs last year"),
    "field.ytd_plan": ("年初至今计划", "Plan, year to date"),
    "field.pacing": ("本月进度（按天）", "Pacing (by days)"),
    "field.year_plan": ("全年计划", "Annual plan"),
    "field.ytd_revenue": ("年累计销售额", "YTD revenue"),
    "field.ytd_target": ("年累计计划", "YTD plan"),
    "field.revenue_last_year": ("去年同月销售额", "Same month last year"),
    "field.revenue_change": ("变化", "Change"),
    "field.mover_group": ("类别", "Group"),
    "field.forecast_revenue": ("预测销售额", "Revenue forecast"),
    "field.forecast_lower": ("预测下限", "Forecast, lower"),
    "field.forecast_upper": ("预测上限", "Forecast, upper"),
    "field.model": ("模型", "Model"),
    "field.change_item": ("项目", "Item"),
    "field.this_month": ("本月", "This month"),
    "field.last_month": ("上月", "Last month"),
    "field.tier_move": ("评级变化", "Move"),
    "field.new_whitespace": ("新增空白", "New whitespace"),
    "field.gate_change": ("门槛变化", "Change"),
    "field.gate_prev": ("上月门槛", "Gate last month"),
    "field.gate_now": ("本月门槛", "Gate this month"),
    "field.class_reason": ("分级依据", "Why this class"),
    "field.promotion_id": ("促销编号", "Promotion ID"),
    "field.promotion": ("促销活动", "Promotion"),
    "field.promotion_metric": ("目标指标", "Objective"),
    "field.promotion_start": ("开始月份", "Start"),
    "field.promotion_end": ("结束月份", "End"),
    "field.promotion_target": ("目标值", "Target"),
    "field.promotion_actual": ("实际", "Actual"),
    "field.baseline": ("基线", "Baseline"),
    "field.baseline_lower": ("基线下限", "Baseline, lower"),
    "field.baseline_upper": ("基线上限", "Baseline, upper"),
    "field.uplift": ("提升", "Uplift"),
    "field.uplift_lower": ("提升下限", "Uplift, lower"),
    "field.uplift_upper": ("提升上限", "Uplift, upper"),
    "field.target_met": ("达成目标", "Target met"),
    "field.after_month": ("活动后一个月", "Month after"),
    "field.dip": ("活动后对比基线", "Month after vs baseline"),
    "field.dip_lower": ("活动后下限", "Month after, lower"),
    "field.dip_upper": ("活动后上限", "Month after, upper"),
    "field.baseline_model": ("基线模型", "Baseline model"),
    "field.promotion_verdict": ("复盘结论", "Review"),
    "field.action_group": ("分组", "Group"),
    "field.action_id": ("编号", "ID"),
    "field.action_month": ("决定于", "Decided"),
    "field.action_what": ("做什么", "What"),
    "field.action_owner": ("负责人", "Owner"),
    "field.action_due": ("完成月份", "Due"),
    "field.action_status": ("状态", "Status"),
    "field.key_point": ("要点", "Key point"),
    "field.month_quota": ("本月配额", "Quota, this month"),
    "field.ytd_quota": ("年累计配额", "Quota, year to date"),
    "field.quota_attainment": ("本月配额达成率", "Quota attainment, this month"),
    # quotas of the distributors
    "summary.quotas.title": ("经销商配额达成", "Distributors against their quotas"),
    "summary.quotas.lowest": (
        "配额达成：年累计落后最多的 {n} 家经销商（共 {total} 家）",
        "Quotas: the {n} distributors furthest behind (of {total})",
    ),
    "summary.quotas.none": ("没有配额数据（需要经销区域）。", "No quotas (they need territories)."),
    "summary.quotas.basis": (
        "配额与经销商页相同：按合同区县的市场容量 × 可获得份额，或按导入的经销商计划；经销商页上手工修改的配额不保存，此处不使用。"
        "完整名单见 Excel。",
        "Quotas as on the Distributors page: the capacity of the counties under contract × the attainable share, "
        "or the imported plan rows of the distributor; quotas edited by hand there are not stored and not used here. "
        "The full list is in the Excel file.",
    ),
    "summary.sheet.quotas": ("经销商配额", "Quotas"),
}
