"""Command-line messages."""

TEXT: dict[str, tuple[str, str]] = {
    "cli.usage_error": ("错误：{detail}", "error: {detail}"),
    "cli.store_error": ("错误：{detail}", "error: {detail}"),
    "cli.not_a_province": ("这是{level}，不是省", "it is a {level}, not a province"),
    "cli.bad_province": ("省份参数 --province “{value}”：{reason}", "--province {value!r}: {reason}"),
    "cli.bad_suffix": (
        "{option} 须以 {first} 或 {second} 结尾，而不是 {name}",
        "{option} must end in {first} or {second}, got {name}",
    ),
    "cli.bad_month": ("--month 须写成 YYYY-MM，而不是 “{value}”", "--month must be YYYY-MM, got {value!r}"),
    "cli.no_sales": (
        "{path} 中没有销售数据：请先导入销售数据（或写入演示数据：python -m analysis demo --store {store}）",
        "no sales data in {path}: import sales first (or write the demo data: python -m analysis demo --store {store})",
    ),
    "cli.written_to": ("，已写入 {path}", " written to {path}"),
    "cli.demo.kind": ("{kind}：版本 {version}，{rows} 行", "{kind}: version {version}, {rows} rows"),
    "cli.demo.done": ("演示数据已写入 {path}（{seconds} 秒）", "demo data written to {path} in {seconds}s"),
    "cli.mapping_saved": ("已使用为这些表头保存的列映射", "using the column mapping saved for these headers"),
    "cli.where.row": ("第 {row} 行", "row {row}"),
    "cli.where.column": ("列 {column}", "column {column}"),
    "cli.severity.error": ("错误", "ERROR"),
    "cli.severity.warning": ("警告", "WARNING"),
    "cli.validate.ok": ("通过：{rows} 行可以导入", "OK: {rows} rows can be imported"),
    "cli.validate.blocked": ("不能导入：{errors} 个错误", "NOT IMPORTABLE: {errors} errors"),
    "cli.import.nothing": (
        "未写入任何数据，当前版本保持不变。",
        "Nothing was stored; the current version is unchanged.",
    ),
    "cli.import.done": ("{kind}：已存为版本 {version}，{rows} 行", "{kind}: version {version}, {rows} rows"),
    "cli.export.none": ("{kind}：{path} 中尚无数据", "{kind}: nothing stored yet in {path}"),
    "cli.export.done": ("{kind}：版本 {version} 已写入 {path}", "{kind}: version {version} written to {path}"),
    "cli.versions.none": ("{kind}：没有已存的版本", "{kind}: no versions stored"),
    "cli.restore.done": ("{kind}：版本 {version} 已恢复为当前版本", "{kind}: version {version} is current again"),
    "cli.score.done": (
        "{level}：按方案“{scenario}”已评分 {n} 个地区（{tiers}）{target}",
        "{level}: {n} regions scored with scenario {scenario!r} ({tiers}){target}",
    ),
    "cli.scenario.preset": ("内置方案（只读）", "shipped preset (read-only)"),
    "cli.scenario.saved": ("已保存：版本 {version}，{user}，{when}", "saved: version {version} by {user} at {when}"),
    "cli.scenario.invalid": ("方案文件无效：{detail}", "invalid scenario file: {detail}"),
    "cli.scenario.preset_read_only": (
        "“{name}”是内置方案，不能覆盖或删除；请用 --name 另存为新名称",
        "{name!r} is a shipped preset and cannot be overwritten or deleted; save under another name with --name",
    ),
    "cli.scenario.saved_as": ("方案“{name}”已保存为版本 {version}", "scenario {name!r} saved as version {version}"),
    "cli.scenario.deleted": (
        "方案“{name}”已删除（历史版本保留，可用 restore 恢复）",
        "scenario {name!r} deleted (its versions stay; restore brings one back)",
    ),
    "cli.scenario.none_saved": ("没有保存过名为“{name}”的方案", "no saved scenario named {name!r}"),
    "cli.scenario.deleted_mark": ("（已删除）", "(deleted)"),
    "cli.scenario.no_version": ("方案“{name}”没有版本 {version}", "scenario {name!r} has no version {version}"),
    "cli.scenario.restored": (
        "方案“{name}”的版本 {version} 已恢复为新版本 {new}",
        "scenario {name!r}: version {version} restored as version {new}",
    ),
    "cli.report.no_month": (
        "{month} 没有销售数据；可选月份：{first} – {last}",
        "no sales in {month}; sales cover {first} – {last}",
    ),
    "cli.report.pages": ("，{n} 页", ", {n} pages"),
    "cli.report.done": (
        "{month} {scope}：已写入 {path}（{seconds} 秒{pages}）",
        "{month} {scope}: written to {path} in {seconds}s{pages}",
    ),
}
