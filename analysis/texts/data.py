"""Data page texts: upload, column mapping, validation report, import, versions, templates."""

from analysis.io.readers import header_unit
from analysis.io.templates import HEADERS_ZH
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
    # what each canonical column is, for the mapping step
    **{
        f"data.target.{name}": (f"{header_unit(HEADERS_ZH[name])[0]} · {name}", name)
        for name in sorted({n for kind in KINDS.values() for n in kind.names})
    },
}
