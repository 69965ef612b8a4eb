"""Texts of the import pipeline: why a file cannot be read (read.<code>) and each finding (finding.<code>)."""

TEXT: dict[str, tuple[str, str]] = {
    # -- files that are not a usable table --------------------------------------------------
    "read.too_large": (
        "文件“{name}”大小为 {size}，超过上限 {limit}；请拆分文件或删除不需要的列后再上传。",
        "'{name}' is {size}, over the {limit} limit; split it or remove columns you do not need, then upload again.",
    ),
    "read.empty": (
        "文件“{name}”是空的；请确认选对了文件，并且导出时包含了数据。",
        "'{name}' is empty; check that you picked the right file and that the export contains data.",
    ),
    "read.binary": (
        "“{name}”不是文本表格（含二进制内容，可能是图片、压缩包或其他程序的文件）；请上传 CSV 或 Excel（.xlsx/.xls）文件。",
        "'{name}' is not a text table (it holds binary content such as an image or an archive); "
        "upload a CSV or Excel (.xlsx/.xls) file instead.",
    ),
    "read.header_only": (
        "“{name}”只有表头、没有数据行；请确认导出时包含了数据。",
        "'{name}' has a header but no data rows; check that the export contains data.",
    ),
    "read.too_many_columns": (
        "“{name}”有 {n} 列，超过上限 {limit} 列；请只保留需要的列（长表：每行一个地区和时期）后再上传。",
        "'{name}' has {n} columns, over the limit of {limit}; keep only the columns you need "
        "(a long table: one row per region and period) and upload again.",
    ),
    "read.too_wide": (
        "“{name}”第 {row} 行有 {fields} 个字段（其中 {empty} 个为空），远超表格的列数，未继续读取；"
        "通常是末尾有大量空列：请在 Excel 中删除最后一个数据列右侧的所有列后另存，再上传。",
        "Row {row} of '{name}' has {fields} fields ({empty} of them empty), far more than a table has, so the file "
        "was not read further; usually the sheet has a great many empty columns at the end: delete every column "
        "right of the last one with data in Excel, save and upload again.",
    ),
    "read.too_many_rows": (
        "“{name}”超过 {limit} 行数据的上限；请按时间或地区拆分后分批上传。",
        "'{name}' has more than {limit} data rows, over the limit; split it by period or region and upload the parts.",
    ),
    "read.too_many_cells": (
        "“{name}”的工作表“{sheet}”有 {cells} 个单元格，超过上限 {limit}，未读取；"
        "请删除多余的行列（包括只有格式的空单元格）或拆分后再上传。",
        "Sheet '{sheet}' of '{name}' has {cells} cells, over the limit of {limit}, so it was not read; delete the "
        "rows and columns you do not need (formatted empty cells count too) or split it, then upload again.",
    ),
    "read.zip_bomb": (
        "“{name}”解压后有 {size}（上限 {limit}），或其中某部分的压缩比异常，像是压缩炸弹，未读取；"
        "请在 Excel 中打开并另存为新的 .xlsx 或 CSV 后再上传。",
        "'{name}' would inflate to {size} (limit {limit}), or one of its parts is compressed implausibly far, as in "
        "a zip bomb, so it was not read; open it in Excel and save it as a new .xlsx or CSV, then upload again.",
    ),
    "read.html": (
        "“{name}”是网页（HTML/XML）文件，只是扩展名像表格；请在 Excel 中打开它并另存为 .xlsx 或 CSV 后再上传。",
        "'{name}' is a web page (HTML/XML) with a spreadsheet-like name; "
        "open it in Excel and save it as .xlsx or CSV, then upload again.",
    ),
    "read.xlsb": (
        "“{name}”是 Excel 二进制工作簿（.xlsb）或 OpenDocument 表格（.ods）；请另存为 .xlsx 或 CSV 后再上传。",
        "'{name}' is a binary Excel workbook (.xlsb) or an OpenDocument spreadsheet (.ods); "
        "save it as .xlsx or CSV and upload again.",
    ),
    "read.damaged": (
        "无法打开 Excel 工作簿“{name}”（文件可能已损坏：{error}）；请在 Excel 中打开并另存为 .xlsx 后重试。",
        "The Excel workbook '{name}' cannot be opened (it may be damaged: {error}); "
        "open it in Excel, save it as .xlsx and try again.",
    ),
    "read.xls_unreadable": (
        "无法读取旧版 Excel 工作簿“{name}”（.xls，可能加了密码或已损坏：{error}）；"
        "请在 Excel 中取消密码并另存为 .xlsx 或 CSV 后再上传。",
        "The old Excel workbook '{name}' (.xls) cannot be read (it may be password-protected or damaged: {error}); "
        "remove the password and save it as .xlsx or CSV in Excel, then upload again.",
    ),
    "read.bad_sheet": (
        "“{name}”中没有名为“{sheet}”的工作表；可选的工作表有：{sheets}。",
        "'{name}' has no sheet named '{sheet}'; its sheets are: {sheets}.",
    ),
    "read.chart_sheet": (
        "工作表“{sheet}”是图表，没有单元格数据；请选择其他工作表：{sheets}。",
        "Sheet '{sheet}' is a chart without cells; choose another sheet: {sheets}.",
    ),
    "read.empty_sheet": (
        "工作表“{sheet}”是空的；请选择有数据的工作表（其他工作表：{others}）。",
        "Sheet '{sheet}' is empty; choose a sheet with data (other sheets: {others}).",
    ),
    "read.cover_sheet": (
        "工作表“{sheet}”是封面或说明页（只有标题和文字，没有带表头的表格）；请选择有数据的工作表（其他工作表：{others}）。",
        "Sheet '{sheet}' is a cover or notes page (a title and text, no table with a header); choose the sheet "
        "with the data (other sheets: {others}).",
    ),
    "read.bad_header_row": (
        "第 {row} 行不能作为表头：它是空行或不在文件的前 {last} 行之内；请选择表头所在的行。",
        "Row {row} cannot be the header: it is blank or beyond the first {last} rows of the file; choose the row "
        "that holds the header.",
    ),
    "read.unclosed_quote": (
        '“{name}”无法按表格读取：第 {row} 行附近有未配对的引号（"）；请检查该处的引号是否成对后再上传。',
        "'{name}' cannot be read as a table: a quote (\") near row {row} is not closed; "
        "check that quotes come in pairs and upload again.",
    ),
    "read.shifted_row": (
        "“{name}”第 {row} 行有 {saw} 个值，但表头只有 {width} 列，"
        "通常是数字中的千分位逗号没有加引号（如 360,000）；请去掉千分位逗号或给该值加上引号后再上传。",
        "Row {row} of '{name}' has {saw} values but the header has {width} columns, usually because a number "
        "with a thousands separator (such as 360,000) is not quoted; remove the separators or quote the value.",
    ),
    # -- how the file was read (notes) ------------------------------------------------------
    "finding.header_found": (
        "表头在第 {row} 行{joined}；其上方的行不属于表格。如不对，请指定表头所在的行。",
        "The header is on row {row}{joined}; the rows above it are not part of the table. If this is wrong, "
        "choose the header row.",
    ),
    "finding.header_joined": ("（与下面 {n} 行合并为一个表头）", " (joined with the {n} row(s) below it)"),
    "finding.left_out_title": (
        "第 {row} 行是标题“{line}”，未作为数据读取。",
        "Row {row} is a title, '{line}', not data.",
    ),
    "finding.left_out_note": (
        "第 {row} 行是说明“{line}”，未作为数据读取。",
        "Row {row} is a note, '{line}', not data.",
    ),
    "finding.left_out_units": (
        "第 {row} 行“{line}”说明了金额单位：表头未注明单位的金额列按 {unit} 读取并换算为元。",
        "Row {row}, '{line}', states the money unit: money columns whose header states none are read in {unit} "
        "and converted to yuan.",
    ),
    "finding.sheet_chosen": (
        "读取了工作表“{sheet}”（表格所在的工作表）；略过：{skipped}。如不对，请选择工作表。",
        "Read sheet '{sheet}', the one holding the table; passed over: {skipped}. If this is wrong, choose the sheet.",
    ),
    "finding.sheet_skipped": ("工作表“{sheet}”（{why}）", "'{sheet}' ({why})"),
    "finding.sheet.cover": ("封面或说明页", "a cover or notes page"),
    "finding.sheet.empty": ("空", "empty"),
    "finding.sheet.chart": ("图表", "a chart"),
    "finding.sheet.smaller": ("数据较少", "a smaller table"),
    "finding.unit_applied": (
        "列 {header} 的表头没有注明单位，按文件中的说明以 {unit} 读取（×{factor}）。",
        "Column {header} states no unit in its header; read in {unit} (×{factor}) as the note in the file says.",
    ),
    "finding.own_unit": (
        "{rows} 个单元格自带单位（如“{value}”），按单元格的单位读取，不再乘以表头的单位。",
        "{rows} cells carry their own unit (such as '{value}'); they are read in that unit, not scaled again by the "
        "header's.",
    ),
    # -- rows left out ------------------------------------------------------------------------
    "finding.totals_row": (
        "合计行（“{value}”），未导入。",
        "A totals row ('{value}'), left out.",
    ),
    "finding.totals_sum": (
        "这一行没有地区，数值等于其他各行之和，是合计行，未导入。",
        "This row names no region and its numbers equal the sum of the other rows: a totals row, left out.",
    ),
    "finding.subtotal_row": (
        "{region}（{level}）这一行等于文件中其下 {children} 个地区之和，是小计，未导入。",
        "The row of {region} ({level}) equals the sum of the {children} regions below it in the file: a subtotal, "
        "left out.",
    ),
    "finding.subtotal_mismatch": (
        "{region}（{level}）这一行与文件中其下 {children} 个地区同时出现，但 {column} 不等于它们之和（{value} ≠ {total}）；"
        "若是小计请删除该行，若是另外的数据请拆到下级地区，否则会被重复计算。",
        "The row of {region} ({level}) comes with {children} regions below it in the file, but its {column} is not "
        "their sum ({value} ≠ {total}); delete it if it is a subtotal, or split it over the regions below it: "
        "otherwise it is counted twice.",
    ),
    # -- levels --------------------------------------------------------------------------------
    "finding.levels": ("各层级行数：{counts}。", "Rows per level: {counts}."),
    "finding.level_count": ("{level} {rows} 行", "{level} {rows} rows"),
    "finding.mixed_levels": (
        "文件混有不同层级的地区：{counts}。{coarser_rows} 行是{coarser}级（如 {examples}，{value}），"
        "在{finer}级的评分中无法拆分、不会计入；细一级的行会汇总到上级。请确认这是有意的。",
        "The file mixes region levels: {counts}. {coarser_rows} rows are at {coarser} level (such as {examples}; "
        "{value}): they cannot be split into {finer} scores and are not in them; finer rows roll up. Check that "
        "this is meant.",
    ),
    "finding.mixed_levels_finer": (
        "文件混有不同层级的地区：{counts}。{rows} 行是更细的{finer}数据（如 {examples}），会汇总到{level}。请确认这是有意的。",
        "The file mixes region levels: {counts}. {rows} rows are finer, at {finer} level (such as {examples}): they "
        "roll up into {level} figures. Check that this is meant.",
    ),
    # -- cells --------------------------------------------------------------------------------
    "finding.not_number": (
        "“{value}”不是数字。请填写数字（可含千分位逗号）。",
        "'{value}' is not a number. Enter a number (thousands separators are fine).",
    ),
    "finding.negative": (
        "{header} 不能为负数（{value}）。请更正或删除该行。",
        "{header} cannot be negative ({value}). Correct or remove the row.",
    ),
    "finding.out_of_range_score": (
        "{header} 应为 1–5 分（{value}）。",
        "{header} must be a score from 1 to 5 ({value}).",
    ),
    "finding.out_of_range_share": (
        "{header} 应为 0–100% 之间（{value}）。",
        "{header} must be between 0 and 100% ({value}).",
    ),
    "finding.not_whole": (
        "{header} 是个数，应为整数，而这里是 {value}；不会四舍五入，请更正（单位是否写错？）。",
        "{header} counts things and must be a whole number, but this is {value}; it is not rounded: correct it "
        "(is the unit right?).",
    ),
    "finding.too_big": (
        "{header} 的值 {value} 过大，超出该列能存储的范围；请检查单位或多余的数字。",
        "{header} value {value} is too large for the column; check the unit or for extra digits.",
    ),
    "finding.placeholder": (
        "必填列 {header} 是占位符“{value}”而不是数值；请填写数值，或把该行留出。",
        "Required column {header} holds the placeholder '{value}', not a value; fill it in or set the row aside.",
    ),
    "finding.blank": ("必填列 {header} 为空。请填写该值。", "Required column {header} is blank. Fill it in."),
    "finding.bad_month": (
        "“{value}”不是有效月份。请写成 2025-03、2025年3月 或 202503。",
        "'{value}' is not a valid month. Write it as 2025-03, 2025年3月 or 202503.",
    ),
    "finding.future_month": (
        "月份 {month} 在未来。请确认是否为计划数据。",
        "Month {month} is in the future. Check that it is not a typo.",
    ),
    "finding.outlier_month": (
        "月份 {month}（“{value}”）与文件中其他月份（{first} – {last}）相差几十年，可能读错了（如 Excel 日期序号）；请更正该单元格。",
        "Month {month} ('{value}') is decades away from the file's other months ({first} – {last}) and was probably "
        "misread (an Excel day number?); correct the cell.",
    ),
    "finding.bad_year": ("“{value}”不是有效年份。", "'{value}' is not a valid year."),
    "finding.bad_choice": ("“{value}”不是允许的取值：{choices}。", "'{value}' is not one of: {choices}."),
    "finding.formula_no_value": (
        "单元格是公式 {value}，但文件中没有它的计算结果（由程序生成、未在 Excel 中保存过）；"
        "请在 Excel 中打开并保存，或把公式粘贴为数值后再上传。",
        "The cell holds the formula {value} but the file has no calculated value for it (written by a program, never "
        "saved in Excel); open and save it in Excel, or paste the formulas as values, then upload again.",
    ),
    "finding.nul_byte": (
        "单元格中有 NUL 字节（\\0，常见于 ERP 导出），已去掉后为“{value}”；请核对该行。",
        "The cell holds a NUL byte (\\0, as some ERP exports write); without it the cell reads '{value}'; check the "
        "row.",
    ),
    # -- rows and keys -------------------------------------------------------------------------
    "finding.duplicate_row": ("与前面某行完全相同，已去除。", "Exact duplicate of an earlier row; removed."),
    "finding.duplicate_key": (
        "与第 {row} 行的键（{label}）相同但数值不同。请保留一行或合并。",
        "Same key ({label}) as row {row} but different values. Keep one row or merge them.",
    ),
    # -- columns -------------------------------------------------------------------------------
    "finding.missing_column": (
        "缺少必填列“{name}”。请在文件中加入该列，或在映射步骤中指定对应的列。",
        "Required column '{name}' is missing. Add it to the file or map one of your columns to it.",
    ),
    "finding.column_choice": (
        "有多列都像“{field}”：{headers}。请在列映射中选定其中一列（其余设为忽略），或用 --mapping 指定。",
        "Several columns look like '{field}': {headers}. Choose one of them in the column mapping (ignore the "
        "others), or give a --mapping.",
    ),
    "finding.mapping_missing": (
        "列映射与文件不符：文件中没有这些列：{headers}。请重新确认列映射。",
        "The column mapping does not fit this file: it has no columns {headers}. Confirm the mapping again.",
    ),
    "finding.mapping_doubled": (
        "列映射与文件不符：多列映射到了同一字段：{columns}。请重新确认列映射。",
        "The column mapping does not fit this file: more than one column is mapped to: {columns}. Confirm the "
        "mapping again.",
    ),
    # -- regions -------------------------------------------------------------------------------
    "finding.region_reading": ("{reading}（{rows} 行）", "{reading} ({rows} rows)"),
    "finding.region_mapped": (
        "“{value}”按保存的地区对照读作 {region}（{rows} 行）。",
        "'{value}' reads as {region} by the saved region map ({rows} rows).",
    ),
    "finding.region_map_bad": (
        "地区对照把“{value}”对应到 {region}，但这不是有效的地区代码；已忽略该条对照。",
        "The region map maps '{value}' to {region}, which is not a region code; that entry is ignored.",
    ),
    # -- levels in scores and pages (analysis.io.levels) --------------------------------------
    "levels.not_scored": (
        "{rows} 行是{level}数据（{values}），无法拆分到{target}，未计入{target}的数字。",
        "{rows} rows at {level} level ({values}) are not in {target} figures: they cannot be split.",
    ),
    "levels.rolled_up": (
        "{rows} 行是{level}数据（{values}），已汇总到{target}。",
        "{rows} rows at {level} level ({values}) are rolled up into {target} figures.",
    ),
    "levels.value.units": ("{n} 台", "{n} units"),
    "levels.value.target_units": ("{n} 台", "{n} units"),
    "levels.name.province": ("省级", "province"),
    "levels.name.city": ("市级", "city"),
    "levels.name.county": ("区县级", "county"),
    # -- the import ----------------------------------------------------------------------------
    "import.blocked": (
        "文件有 {errors} 个错误，未导入任何数据。可修正后重新导入，或选择“留出问题行”只导入其余的行。",
        "The file has {errors} errors, so nothing was imported. Fix them and import again, or set the bad rows "
        "aside to import the rest.",
    ),
    "import.confirm_removal": (
        "替换会删除当前版本 {current} 行中的 {removed} 行（超过一半）；请确认后再导入。",
        "Replacing would remove {removed} of the {current} current rows (more than half); confirm to import.",
    ),
}
