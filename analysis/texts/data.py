"""Data page texts: upload, column mapping, validation report, import, versions, templates."""

from analysis.io.templates import HEADERS_ZH
from analysis.io.units import header_unit
from analysis.schemas import KINDS

TEXT: dict[str, tuple[str, str]] = {
    "page.data": ("数据", "Data"),
    "data.title": ("数据导入与版本", "Data: import and versions"),
    "data.intro": (
        "上传 CSV 或 Excel 文件，确认列映射，查看校验报告，然后导入为新版本；旧版本保留，可随时恢复。",
        "Upload a CSV or Excel file, confirm the column mapping, read the validation report, then import it as a "
        "new version; earlier versions are kept and can be restored at any time.",
    ),
    "data.store_failed": ("暂时无法读取存储：{detail}", "The store cannot be read right now: {detail}"),
    "data.store_at": ("存储位置：{path}", "Store: {path}"),
    "data.kind": ("数据类型", "Kind of data"),
    # 1 upload
    "data.step.upload": ("1. 上传文件", "1. Upload a file"),
    "data.upload": ("CSV 或 Excel 文件", "CSV or Excel file"),
    "data.upload.button": ("选择文件", "Choose a file"),
    "data.upload.limit": ("每个文件最大 {mb} MB · {types}", "Up to {mb} MB per file · {types}"),
    "data.upload.help": (
        "支持 UTF-8、UTF-8 BOM、GBK/GB18030 编码，逗号、制表符或分号分隔，以及 .xlsx 工作簿。",
        "UTF-8, UTF-8 with BOM and GBK/GB18030 encodings, comma, tab or semicolon separated, and .xlsx workbooks.",
    ),
    "data.upload.hint": (
        "选择一个文件开始。还没有文件？在页面下方下载模板。",
        "Choose a file to start. No file yet? Download a template at the bottom of this page.",
    ),
    "data.read_failed": ("无法读取此文件：{message}", "This file cannot be read: {message}"),
    # 2 preview
    "data.step.preview": ("2. 预览", "2. Preview"),
    "data.sheet": ("工作表", "Sheet"),
    "data.preview.csv": (
        "编码 {encoding} · 分隔符 {delimiter} · {rows} 行 × {columns} 列，下表为前 {shown} 行（读取原样）",
        "Encoding {encoding} · delimiter {delimiter} · {rows} rows × {columns} columns; the first {shown} rows as read",
    ),
    "data.preview.excel": (
        "工作表 {sheet} · {rows} 行 × {columns} 列，下表为前 {shown} 行（读取原样）",
        "Sheet {sheet} · {rows} rows × {columns} columns; the first {shown} rows as read",
    ),
    "data.delimiter.comma": ("逗号", "comma"),
    "data.delimiter.tab": ("制表符", "tab"),
    "data.delimiter.semicolon": ("分号", "semicolon"),
    "data.delimiter.pipe": ("竖线", "pipe"),
    "data.delimiter.none": ("无（单列）", "none (one column)"),
    # 3 mapping
    "data.step.mapping": ("3. 列映射", "3. Column mapping"),
    "data.mapping.saved": (
        "已自动套用上次为相同表头保存的映射，请确认。",
        "The mapping saved for these headers last time was applied; please confirm it.",
    ),
    "data.mapping.guessed": (
        "已根据表头自动识别每一列，请确认或更正。",
        "Each column was recognised from its header; confirm or correct it.",
    ),
    "data.mapping.help": (
        "选择这一列对应的字段；选“忽略此列”则不导入。",
        "Choose the field this column holds; 'ignore this column' leaves it out.",
    ),
    "data.mapping.ignore": ("（忽略此列）", "(ignore this column)"),
    "data.mapping.unit": ("“{header}”的金额单位", "Money unit of '{header}'"),
    "data.mapping.units": ("金额单位（换算为元）", "Money units (converted to yuan)"),
    "data.mapping.save": (
        "导入时保存此映射，下次相同表头的文件自动套用",
        "Save this mapping on import and apply it to the next file with the same headers",
    ),
    "data.mapping.download": ("下载映射（JSON，可用于命令行 --mapping）", "Download the mapping (JSON, for --mapping)"),
    "data.target.province": ("省份 · province（用于区分重名地区）", "province (tells apart regions of the same name)"),
    "data.target.parent_city": (
        "所属城市 · parent_city（用于区分重名区县）",
        "parent_city (tells apart counties of the same name)",
    ),
    "data.unit.1": ("元", "CNY (元)"),
    "data.unit.10000": ("万元", "10k CNY (万元)"),
    "data.unit.100000000": ("亿元", "100M CNY (亿元)"),
    "data.unit.other": ("×{factor}（表头中的单位）", "×{factor} (unit in the header)"),
    # 4 report
    "data.step.report": ("4. 校验报告", "4. Validation report"),
    "data.report.read": ("读取行数", "Rows read"),
    "data.report.importable": ("可导入行数", "Rows to import"),
    "data.report.errors": ("错误", "Errors"),
    "data.report.warnings": ("警告", "Warnings"),
    "data.report.blocked": (
        "有 {n} 个错误，修正后才能导入。下表列出每个问题所在的行（表头为第 1 行）、列、值和修正方法。",
        "{n} errors must be fixed before this file can be imported. The table lists the row (header = row 1), "
        "column, value and fix for each.",
    ),
    "data.report.warned": (
        "没有错误，可以导入；请留意 {n} 个警告。",
        "No errors: the file can be imported. Note the {n} warnings.",
    ),
    "data.report.clean": ("校验通过：{rows} 行可以导入。", "Validation passed: {rows} rows can be imported."),
    "data.report.truncated": (
        "仅显示前 {shown} 条，共 {total} 条；完整报告请下载。",
        "Showing the first {shown} of {total} findings; download the full report.",
    ),
    "data.report.download": ("下载校验报告与问题行（CSV）", "Download the report with the offending rows (CSV)"),
    "data.report.severity": ("级别", "Severity"),
    "data.report.row": ("行", "Row"),
    "data.report.column": ("列", "Column"),
    "data.report.value": ("值", "Value"),
    "data.report.message": ("问题与修正方法", "Problem and fix"),
    "data.severity.error": ("错误", "error"),
    "data.severity.warning": ("警告", "warning"),
    # 5 import
    "data.step.import": ("5. 导入", "5. Import"),
    "data.import.button": ("导入为新版本", "Import as a new version"),
    "data.import.blocked": ("存在错误，不能导入。", "There are errors, so nothing can be imported."),
    "data.import.done": (
        "已导入为{kind}数据的版本 {version}，共 {rows} 行。在侧边栏的数据集中选择“{dataset}”即可在各页面使用。",
        "Imported as version {version} of the {kind} data, {rows} rows. Choose '{dataset}' as the dataset in the "
        "sidebar to use it on every page.",
    ),
    "data.import.failed": (
        "导入失败，当前版本保持不变：{detail}",
        "The import failed and the current version is unchanged: {detail}",
    ),
    "data.summary.title": ("本次导入的变化", "What this import changed"),
    "data.summary.rows": ("行数", "Rows"),
    "data.summary.regions": ("覆盖地区", "Regions covered"),
    "data.summary.periods": ("时间范围", "Period covered"),
    "data.summary.previous": ("上一版本 {version}：{value}", "previous version {version}: {value}"),
    "data.summary.first": ("首次导入", "first import"),
    "data.summary.added": ("新增行", "Rows added"),
    "data.summary.removed": ("删除行", "Rows removed"),
    "data.summary.changed": ("数值变动的行", "Rows with changed values"),
    # 6 versions
    "data.step.versions": ("版本：{kind}", "Versions: {kind}"),
    "data.versions.none": ("还没有导入过{kind}数据。", "Nothing has been imported as {kind} data yet."),
    "data.versions.version": ("版本", "Version"),
    "data.versions.created_at": ("时间（UTC）", "Time (UTC)"),
    "data.versions.source": ("来源", "Source"),
    "data.versions.filename": ("文件", "File"),
    "data.versions.rows": ("行数", "Rows"),
    "data.source.import": ("导入", "import"),
    "data.source.demo": ("演示数据", "demo data"),
    "data.versions.current": ("当前", "Current"),
    "data.versions.pick": ("选择版本", "Version"),
    "data.versions.restore": ("恢复为当前版本", "Make it current"),
    "data.versions.label": ("版本 {version} · {created} · {rows} 行", "version {version} · {created} · {rows} rows"),
    "data.versions.restored": (
        "{kind}数据的版本 {version} 已恢复为当前版本。",
        "Version {version} of {kind} is current again.",
    ),
    "data.versions.failed": (
        "恢复失败，当前版本保持不变：{detail}",
        "Restoring failed; the current version is unchanged: {detail}",
    ),
    "data.versions.is_current": ("（当前）", " (current)"),
    # 7 templates
    "data.step.templates": ("模板", "Templates"),
    "data.step.audit": ("操作记录", "Audit trail"),
    "data.templates.intro": (
        "每种数据一个模板：全部列、带单位的表头和一行示例。除必填列外，其他列都可以删去。",
        "One template per kind: every column, headers with units and one example row. Any column but the required "
        "ones may be deleted.",
    ),
    "data.templates.kind": ("模板的数据类型", "Template for"),
    "data.templates.headers": ("表头语言", "Header language"),
    "data.templates.zh": ("中文表头", "Chinese headers"),
    "data.templates.en": ("英文表头", "English headers"),
    "data.templates.required": ("必填列：{columns}", "Required columns: {columns}"),
    "data.templates.csv": ("下载 CSV 模板", "Download the CSV template"),
    "data.templates.excel": ("下载 Excel 模板", "Download the Excel template"),
    # layout, value mapping, plan, set-aside
    "data.header_row": ("表头所在行", "Header row"),
    "data.header_row.help": (
        "按文件中的行号计（第一行为 1）。已自动找到表头；标题、说明和空行在它上方。若不对，请改为表头所在的行。",
        "As rows are counted in the file (first row = 1). The header was found automatically, below any title, "
        "notes and blank rows; change it if it is wrong.",
    ),
    "data.report.bad_rows": ("问题行", "Rows with errors"),
    "data.report.levels": ("各层级行数：{counts}", "Rows per level: {counts}"),
    "data.severity.note": ("说明", "note"),
    "data.values.title": ("地区对照", "Region values"),
    "data.values.help": (
        "有 {n} 个地区值无法识别。为每个值选择对应的地区（候选按相似度排列），保存后会用于本文件和以后含相同值的文件。",
        "{n} region values do not resolve. Pick the region each one means (suggestions first); once saved, the "
        "choice applies to this file and to every later file with the same value.",
    ),
    "data.values.pick": ("“{value}”（{rows} 行）", "'{value}' ({rows} rows)"),
    "data.values.none": ("（暂不对应）", "(leave unresolved)"),
    "data.values.more": (
        "另有 {n} 个值未列出；保存上面的对照后会再列出。",
        "{n} more values are not listed; they show once the ones above are saved.",
    ),
    "data.values.save": ("保存地区对照并重新校验", "Save the region values and check again"),
    "data.values.saved": ("已保存 {n} 个地区对照。", "{n} region values saved."),
    "data.mode": ("导入方式", "How to import"),
    "data.mode.update.long": (
        "更新：替换文件中出现的月份（年份、编号），保留其余",
        "Update: replace the months (years, ids) the file holds, keep the rest",
    ),
    "data.mode.replace.long": ("替换：以本文件作为全部数据", "Replace: the file becomes all of the data"),
    "data.mode.update": ("更新", "update"),
    "data.mode.replace": ("替换", "replace"),
    "data.plan.title": ("导入前预览：将发生的变化", "Before the import: what it will change"),
    "data.plan.added": ("新增行", "Rows added"),
    "data.plan.replaced": ("替换行", "Rows replaced"),
    "data.plan.removed": ("删除行", "Rows removed"),
    "data.plan.unchanged": ("不变行", "Rows unchanged"),
    "data.plan.rows": ("新版本行数", "Rows in the new version"),
    "data.plan.says.update": (
        "更新：新增 {added} 行，替换 {replaced} 行，删除 {removed} 行；其他月份的数据保留。新版本共 {rows} 行（当前 {current} 行）。",
        "Update: added {added} rows, replaced {replaced}, removed {removed}; the other months are kept. The new "
        "version has {rows} rows (now {current}).",
    ),
    "data.plan.says.replace": (
        "替换：新增 {added} 行，替换 {replaced} 行，删除 {removed} 行；新版本只含本文件的 {rows} 行（当前 {current} 行）。",
        "Replace: added {added} rows, replaced {replaced}, removed {removed}; the new version holds only this "
        "file's {rows} rows (now {current}).",
    ),
    "data.plan.partition.month": ("月份", "Month"),
    "data.plan.partition.year": ("年份", "Year"),
    "data.plan.partition.distributor_id": ("经销商编号", "Distributor"),
    "data.plan.partition.promotion_id": ("促销编号", "Promotion"),
    "data.plan.partition.action_id": ("事项编号", "Action"),
    "data.plan.removes_most": (
        "替换会删除当前 {current} 行中的 {removed} 行（超过一半）。旧版本会保留，可恢复。",
        "Replacing removes {removed} of the {current} current rows (more than half). The old version is kept and "
        "can be restored.",
    ),
    "data.plan.confirm": ("我确认要替换", "I confirm the replace"),
    "data.set_aside.choose": (
        "留出 {bad} 个问题行，只导入其余 {rows} 行（问题行可下载，修正后作为更新再导入）",
        "Set the {bad} bad rows aside and import the other {rows} (download them, correct them, import them later "
        "as an update)",
    ),
    "data.set_aside.download": (
        "下载留出的 {n} 行及原因（CSV）",
        "Download the {n} rows set aside with their reasons (CSV)",
    ),
    "data.versions.mode": ("方式", "Mode"),
    "data.versions.set_aside": ("留出行", "Set aside"),
    "data.versions.user_name": ("用户", "User"),
    # command line (python -m analysis validate/import)
    "data.cli.store_fault": ("错误：{message}", "error: {message}"),
    "data.cli.severity.error": ("错误", "ERROR"),
    "data.cli.severity.warning": ("警告", "WARNING"),
    "data.cli.severity.note": ("说明", "NOTE"),
    "data.cli.bad_header_row": (
        "--header-row 须为 1 或更大的行号，而不是 {row}",
        "--header-row must be 1 or more, got {row}",
    ),
    "data.cli.could_skip": (
        "加上 --skip-bad-rows 可导入其余 {rows} 行，并留出 {bad} 个问题行。",
        "With --skip-bad-rows the other {rows} rows can be imported and the {bad} bad rows set aside.",
    ),
    "data.cli.set_aside": (
        "已留出 {n} 行（见上方错误），修正后可作为更新再次导入。",
        "{n} rows set aside (see the errors above); import them as an update once corrected.",
    ),
    "data.cli.plan.update": (
        "更新：新增 {added} 行，替换 {replaced} 行，删除 {removed} 行，不变 {unchanged} 行；新版本共 {rows} 行（当前 {current} 行）。",
        "update: added {added} rows, replaced {replaced}, removed {removed}, unchanged {unchanged}; the new version has "
        "{rows} rows (now {current}).",
    ),
    "data.cli.plan.replace": (
        "替换：新增 {added} 行，替换 {replaced} 行，删除 {removed} 行，不变 {unchanged} 行；新版本共 {rows} 行（当前 {current} 行）。",
        "replace: added {added} rows, replaced {replaced}, removed {removed}, unchanged {unchanged}; the new version "
        "has {rows} rows (now {current}).",
    ),
    "data.cli.plan.partition": (
        "  {partition}：新增 {added}，替换 {replaced}，删除 {removed}",
        "  {partition}: added {added}, replaced {replaced}, removed {removed}",
    ),
    # what each canonical column is, for the mapping step
    **{
        f"data.target.{name}": (f"{header_unit(HEADERS_ZH[name])[0]} · {name}", name)
        for name in sorted({n for kind in KINDS.values() for n in kind.names})
    },
}
