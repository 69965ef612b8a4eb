"""Texts every page shows above its figures."""

TEXT: dict[str, tuple[str, str]] = {
    "notes.scope": (
        "范围：{scope} · {level}层级 · {n} 个地区 · 评分方案：{scenario}",
        "Scope: {scope} · {level} level · {n} regions · scenario: {scenario}",
    ),
    "notes.draft": ("{name}（未保存的草稿）", "{name} (unsaved draft)"),
    "brand.default": ("我方品牌", "Our brand"),
    "download.csv": ("下载 CSV", "Download CSV"),
    "download.xlsx": ("下载 Excel", "Download Excel"),
}
