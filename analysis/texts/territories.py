"""Texts of the Territories page, of the reasons a design gives, and of the `territories` command."""

TEXT: dict[str, tuple[str, str]] = {
    "page.territories": ("区域设计", "Territories"),
    "territories.title": ("区域设计（板块划分）", "Territory design"),
    "territories.tagline": (
        "把一个省的区县划成相连、均衡、紧凑的经销区域（板块）：看每块的容量与偏差、每个区县为何归入该块，手动调整，"
        "与现有区域对比，存为当前的经销区域。",
        "Cut a province's counties into contiguous, balanced, compact distributor territories: each territory's "
        "totals and deviation, why each county belongs where it is, manual moves, the comparison with the current "
        "territories, and saving the design as the current territories.",
    ),
    "territories.no_counties": ("这个省没有可划分的区县。", "This province has no counties to divide."),
    "territories.scope": ("范围（省）", "Scope (province)"),
    "territories.scope_help": (
        "在侧栏选了省份时，以侧栏为准。",
        "Follows the sidebar's province when one is chosen there.",
    ),
    # settings
    "territories.k_mode": ("区域数量", "Number of territories"),
    "territories.k_mode.k": ("直接给定", "Given"),
    "territories.k_mode.target": ("按每块目标推算", "From a target per territory"),
    "territories.k": ("区域数 K", "Territories (K)"),
    "territories.target": ("每块的目标{name}", "Target {name} per territory"),
    "territories.k_from_target": ("合计 {total} → K = {k}", "Total {total} → K = {k}"),
    "territories.balance": ("均衡哪些指标", "Balance"),
    "territories.balance_help": (
        "当前评分方案下各区县的指标；每块的目标 = 合计 ÷ K。",
        "The counties' figures under the current scenario; each territory's target is the total ÷ K.",
    ),
    "territories.weight": ("{name} 的权重", "Weight of {name}"),
    "territories.tolerance": ("允许偏差", "Tolerance"),
    "territories.tolerance_help": (
        "每块的每个指标与目标的最大相对偏差。",
        "The largest deviation of each territory's total from the target, per variable.",
    ),
    "territories.compactness": ("紧凑度权重", "Compactness"),
    "territories.compactness_help": (
        "0 = 只看均衡；越大越倾向圆整、边界短的区域。",
        "0 = balance only; higher prefers round territories with short borders.",
    ),
    "territories.constraints": ("种子、锁定与排除", "Seeds, locks and exclusions"),
    "territories.seeds": ("以现有经销商的驻地为种子", "Seed territories at the current distributors' seats"),
    "territories.seeds_help": (
        "每块从一家现有经销商的驻地区县长出，区域以该经销商命名（容量最大的 K 家）。",
        "Each territory grows from a current distributor's seat and is named after it (the K largest holders).",
    ),
    "territories.locks": ("锁定给现有经销商的区县", "Counties kept with their current distributor"),
    "territories.locks_help": ("这些区县留在现有经销商的区域里。", "These counties stay in their holder's territory."),
    "territories.exclude": ("排除的区县", "Counties left out"),
    "territories.exclude_help": (
        "不参与划分；保存时保留其现有经销商。",
        "Not divided; when saved they keep their current distributor.",
    ),
    "territories.exclude_hold": ("排除住房门槛暂缓的区县", "Leave out the counties the housing gate holds"),
    # solving
    "territories.solve": ("重新划分", "Solve"),
    "territories.solving": ("正在划分区域…", "Designing territories…"),
    "territories.solved": ("{k} 块区域，用时 {seconds} 秒", "{k} territories in {seconds}s"),
    "territories.stale": (
        "设置已改动，下面仍是上一次的划分：点“重新划分”。",
        "The settings changed; below is still the previous design: press Solve.",
    ),
    "territories.invalid": ("无法划分：{detail}", "Cannot design: {detail}"),
    "territories.feasible": (
        "每块区域都相连，每个指标都在目标的 ±{tolerance} 以内。",
        "Every territory is one piece and within ±{tolerance} of every target.",
    ),
    "territories.infeasible": ("未能满足的条件：", "What could not be met:"),
    # the map and the balance table
    "territories.map.legend": ("区域", "Territory"),
    "territories.map_help": (
        "颜色 = 区域（以经销商命名），圆点 = 换了经销商的区县（{moved} 个）。点击区县查看它为何在这一块。",
        "Colour = territory (named after its distributor); dots = counties that change distributor ({moved}). "
        "Click a county to see why it is where it is.",
    ),
    "territories.balance_table": ("均衡表", "Balance"),
    "territories.targets": (
        "每块目标：{targets}；允许偏差 ±{tolerance}。",
        "Target per territory: {targets}; tolerance ±{tolerance}.",
    ),
    "territories.vacancy": ("空缺 {id}", "Vacant {id}"),
    # a county's panel
    "territories.county_panel": ("区县：为何在这一块，手动调整", "A county: why it is here, move it"),
    "territories.county": ("区县", "County"),
    "territories.move.to": ("移到", "Move to"),
    "territories.move": ("移动", "Move"),
    "territories.move.none": ("没有可移入的其他区域。", "There is no other territory to move it to."),
    "territories.move.undo": ("撤销上一步", "Undo the last move"),
    "territories.move.reset": ("撤销全部调整", "Undo every move"),
    "territories.move.count": (
        "已手动调整 {n} 个区县；均衡表与对比已更新。",
        "{n} counties moved by hand; the tables follow.",
    ),
    "territories.move.splits": (
        "没有移动：这样会让 {territories} 分成互不相连的几块。",
        "Not moved: it would split {territories} into pieces that do not touch.",
    ),
    # why a county is where it is
    "territories.why.seed": (
        "{county}是{holder}的驻地（种子区县），留在该区域。",
        "{county} is {holder}'s seat (its seed) and stays in it.",
    ),
    "territories.why.lock": ("{county}锁定在{holder}的区域。", "{county} is locked to {holder}."),
    "territories.why.manual": ("{county}是手动调整到{holder}的。", "{county} was moved to {holder} by hand."),
    "territories.why.adjacency": (
        "{county}经由相邻的{via}接入{holder}；在它相邻的区域中，这一块的中心最近（{centre} 公里）",
        "{county} joins {holder} through its neighbour {via}; of the territories it touches, this one has the "
        "nearest centre ({centre} km)",
    ),
    "territories.why.centre": ("{county}是{holder}的中心区县。", "{county} is the centre of {holder}."),
    "territories.why.contiguity": (
        "{county}离{nearest}的中心更近（{nearest_km} 公里，本块 {centre} 公里），但移走它会把{holder}分成两块",
        "{county} is nearer {nearest}'s centre ({nearest_km} km against {centre} km), but moving it would split "
        "{holder} in two",
    ),
    "territories.why.balance": (
        "{county}离{nearest}的中心更近（{nearest_km} 公里，本块 {centre} 公里），但移过去会让区域更偏离目标（±{tolerance}）",
        "{county} is nearer {nearest}'s centre ({nearest_km} km against {centre} km), but moving it would push the "
        "territories further off their targets (±{tolerance})",
    ),
    "territories.why.compactness": (
        "{county}离{nearest}的中心更近（{nearest_km} 公里，本块 {centre} 公里），移过去不改善均衡，却让区域形状更不紧凑",
        "{county} is nearer {nearest}'s centre ({nearest_km} km against {centre} km); moving it would not improve "
        "the balance and would make the shapes less compact",
    ),
    "territories.why.unassigned": (
        "{county}所在的片区没有分到区域。",
        "{county}'s piece of the province got no territory.",
    ),
    "territories.why.excluded": (
        "{county}不参与划分（保留现有经销商）。",
        "{county} is left out of the design (it keeps its current distributor).",
    ),
    # what could not be met
    "territories.infeasible.k_exceeds_units": ("区域数 {k} 多于区县数 {units}", "{k} territories for {units} counties"),
    "territories.infeasible.components_exceed_k": (
        "范围内有 {components} 个互不相连的片区，多于区域数 {k}：{n} 个区县未分配",
        "the scope has {components} separate pieces, more than {k} territories: {n} counties are left over",
    ),
    "territories.infeasible.lock_violated": (
        "{unit}锁定在{territory}，却被分到{assigned}",
        "{unit} is locked to {territory} but went to {assigned}",
    ),
    "territories.infeasible.seed_moved": ("种子区县{unit}不在{territory}", "seed county {unit} is not in {territory}"),
    "territories.infeasible.territory_empty": ("{territory}没有区县", "{territory} has no county"),
    "territories.infeasible.not_contiguous": ("{territory}分成 {pieces} 块", "{territory} is in {pieces} pieces"),
    "territories.infeasible.not_contiguous.locks_apart": (
        "{territory}分成 {pieces} 块：它锁定的区县互不相连",
        "{territory} is in {pieces} pieces: its locked counties do not touch",
    ),
    "territories.infeasible.unit_exceeds_target": (
        "{territory}：单是{unit}的{variable}（{value}）就是目标 {target} 的 {ratio} 倍",
        "{territory}: {unit} alone holds {value} of {variable}, {ratio} times the target {target}",
    ),
    "territories.infeasible.locks_exceed_target": (
        "{territory}：锁定区县的{variable}合计 {value}，超过目标 {target}",
        "{territory}: its locked counties hold {value} of {variable}, more than the target {target}",
    ),
    "territories.infeasible.component_share": (
        "{territories}所在片区（{units} 个区县）的{variable}为 {value}，与其目标 {target} 相差 {ratio}",
        "the piece of {territories} ({units} counties) holds {value} of {variable}, {ratio} off its target {target}",
    ),
    "territories.infeasible.out_of_tolerance": (
        "{territory}：{variable}偏离目标 {deviation}，超出 ±{tolerance}",
        "{territory}: {variable} is {deviation} off the target, beyond ±{tolerance}",
    ),
    "territories.infeasible.other": ("未满足：{code}", "not met: {code}"),
    # before / after
    "territories.before_after": ("与现有区域对比", "Against the current territories"),
    "territories.before_after_help": (
        "现有区域 = {month} 仍有效的授权；每家经销商得失的容量与当前销售额（近12个月）。",
        "Current territories = the contracts in force in {month}; each distributor's gain or loss in capacity and "
        "in current sales (last 12 months).",
    ),
    "territories.moved": ("换经销商的区县", "Counties changing hands"),
    "territories.newly": ("新覆盖的区县", "Counties newly covered"),
    "territories.held_before": ("现有覆盖的区县", "Counties covered now"),
    "territories.held_after": ("设计后覆盖的区县", "Counties covered by the design"),
    "territories.moved_counties": ("变动的区县明细（{n}）", "The counties that change ({n})"),
    # saving
    "territories.save": ("保存为当前经销区域", "Save as the current territories"),
    "territories.vacancies": ("空缺区域由谁接手", "Who takes the vacant territories"),
    "territories.vacancies_help": (
        "没有现有经销商的区域，可交给本省的备选或其他经销商；保存前每块都需要一家经销商。",
        "A territory no current distributor holds can go to a prospect or another distributor of the province; "
        "every territory needs one before saving.",
    ),
    "territories.vacancy.holder": ("{id} 交给", "{id} goes to"),
    "territories.vacancy.none": ("（待招商）", "(to recruit)"),
    "territories.save.vacant": (
        "保存前请为这些区域指定经销商：{territories}",
        "Give these territories a distributor first: {territories}",
    ),
    "territories.save.help": (
        "存为经销区域的新版本（可在“数据”页回滚）：只改动本设计划分的区县；换了经销商的区县，原授权到上月为止，新授权自 {month} 起。",
        "Stored as a new version of the territories (restorable on the Data page): only the counties of the design "
        "change; where a county changes hands, the old contract ends the month before and the new one starts in "
        "{month}.",
    ),
    "territories.save.demo_help": (
        "当前是演示数据：保存时先把演示数据写入存储，再存入本设计，数据集随后切换为“已导入数据”。新授权自 {month} 起。",
        "This is the demo data: saving first writes the demo data into the store, then the design, and switches "
        "the dataset to the imported data. New contracts start in {month}.",
    ),
    "territories.save.demo_store_in_use": (
        "存储中已有导入的数据；请在侧栏把数据集切换为“已导入数据”，再设计并保存区域。",
        "The store already holds imported data; switch the dataset to the imported data in the sidebar to design "
        "and save territories there.",
    ),
    "territories.save.button": ("保存为当前经销区域", "Save as the current territories"),
    "territories.save.failed": ("没有保存：{detail}", "Not saved: {detail}"),
    "territories.saved": (
        "已存为经销区域的第 {version} 个版本（{rows} 行）：覆盖、预警与配额已按新区域计算。",
        "Saved as version {version} of the territories ({rows} rows): coverage, flags and quotas now use it.",
    ),
    # exports
    "territories.export": ("导出", "Export"),
    "territories.sheet.counties": ("区县划分", "Counties"),
    "territories.sheet.balance": ("均衡表", "Balance"),
    "territories.sheet.change": ("经销商得失", "Gains and losses"),
    "territories.sheet.moved": ("换经销商的区县", "Moved counties"),
    # the data dictionary's labels of the page's columns (analysis/fields.py)
    "field.territory": ("区域", "Territory"),
    "field.territory_id": ("区域编号", "Territory ID"),
    "field.holder": ("经销商", "Distributor"),
    "field.holder_before": ("现经销商", "Held by now"),
    "field.holder_after": ("设计后经销商", "Held by after"),
    "field.counties_before": ("现有区县数", "Counties now"),
    "field.counties_after": ("设计后区县数", "Counties after"),
    "field.capacity_units_before": ("现有容量（台/年）", "Capacity now (units/yr)"),
    "field.capacity_units_after": ("设计后容量（台/年）", "Capacity after (units/yr)"),
    "field.capacity_units_change": ("容量增减（台/年）", "Capacity change (units/yr)"),
    "field.our_revenue_before": ("现有销售额", "Sales now"),
    "field.our_revenue_after": ("设计后销售额", "Sales after"),
    "field.our_revenue_change": ("销售额增减", "Sales change"),
    "field.capacity_units_dev": ("容量偏离目标", "Capacity vs target"),
    "field.whitespace_units_dev": ("空白容量偏离目标", "Whitespace vs target"),
    "field.our_revenue_dev": ("销售额偏离目标", "Sales vs target"),
    "field.our_units_dev": ("销量偏离目标", "Units vs target"),
    "field.households_dev": ("户数偏离目标", "Households vs target"),
    "field.housing_3y_units_dev": ("新房偏离目标", "New homes vs target"),
    "field.competitor_units_dev": ("竞品销量偏离目标", "Competitor units vs target"),
    "field.planned_units_dev": ("预计出货偏离目标", "Planned sell-in vs target"),
    "field.max_dev": ("最大偏差", "Largest deviation"),
    "field.radius_km": ("半径（公里）", "Radius (km)"),
    "field.polsby_popper": ("紧凑度（PP）", "Compactness (Polsby–Popper)"),
    "field.feasible": ("达标", "Within tolerance"),
    "field.reason": ("归属原因", "Why here"),
    "field.why": ("原因", "Why"),
    # the command line
    "territories.cli.no_counties": ("{scope} 没有区县数据", "no counties with data in {scope}"),
    "territories.cli.bad_balance": ("均衡指标 --balance {value}：{detail}", "--balance {value}: {detail}"),
    "territories.cli.bad_file": ("文件 {option} {path}：{detail}", "{option} {path}: {detail}"),
    "territories.cli.territory": (
        "{territory}：{counties} 个区县，{variable} {value}（{deviation}）{flag}",
        "{territory}: {counties} counties, {variable} {value} ({deviation}){flag}",
    ),
    "territories.cli.off": ("，超出允许偏差", ", beyond the tolerance"),
    "territories.cli.done": (
        "{scope}：{k} 块区域，{counties} 个区县，最大偏差 {max_dev}，{contiguous}，用时 {seconds} 秒{target}",
        "{scope}: {k} territories over {counties} counties, largest deviation {max_dev}, {contiguous}, in "
        "{seconds}s{target}",
    ),
    "territories.cli.contiguous": ("每块都相连", "every territory contiguous"),
    "territories.cli.split": ("有区域不相连", "some territory in pieces"),
    "territories.cli.unmet": ("未满足：{reason}", "not met: {reason}"),
    "territories.cli.vacant": (
        "不能保存：{territories} 没有现有经销商；请用 --seed 把每块的种子设在一家经销商的驻地（territory 列写经销商编号）",
        "cannot save: {territories} hold no current distributor; seed each territory at a distributor's seat with "
        "--seed (the territory column naming the distributor)",
    ),
    "territories.cli.saved": (
        "已存为经销区域的第 {version} 个版本（{rows} 行），新授权自 {month} 起",
        "saved as version {version} of the territories ({rows} rows); new contracts start in {month}",
    ),
}
