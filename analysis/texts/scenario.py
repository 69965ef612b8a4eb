"""Texts of scenarios: the sidebar's choice, drafts, presets, saving and comparing."""

TEXT: dict[str, tuple[str, str]] = {
    "sidebar.scenario": ("评分方案", "Scenario"),
    "scenario.draft_badge": (
        "正在使用未保存的方案草稿（基于“{name}”）。在“市场评分”页保存或放弃。",
        "An unsaved draft of “{name}” is in use. Save or drop it on the Market scoring page.",
    ),
    "scenario.preset.expansion": ("拓展潜力（默认）", "Expansion potential (default)"),
    "scenario.preset.defend_and_grow": ("守住并增长", "Defend and grow"),
    "scenario.preset.balanced": ("均衡", "Balanced"),
    "error.page": (
        "这一页出错了（{kind}），已记录在服务器日志中。请刷新页面；若仍出错，请联系管理员。",
        "This page failed ({kind}); the server log has the details. Reload the page, and tell an administrator if it persists.",
    ),
}
