"""Texts of sign-in, roles, scopes, the roles file and the audit trail (issue 16)."""

TEXT: dict[str, tuple[str, str]] = {
    # roles and actions
    "access.role.viewer": ("查看者", "viewer"),
    "access.role.analyst": ("分析师", "analyst"),
    "access.role.admin": ("管理员", "admin"),
    "access.action.read": ("查看页面", "Reading the pages"),
    "access.action.download": ("下载", "Downloading"),
    "access.action.import": ("导入数据", "Importing data"),
    "access.action.map_values": ("保存列映射或地区映射", "Saving a column or region mapping"),
    "access.action.save_scenario": ("保存评分方案", "Saving a scenario"),
    "access.action.save_territory": ("保存经销区域设计", "Saving a territory design"),
    "access.action.brand_setting": ("设置我方品牌", "Setting our brand"),
    "access.action.restore": ("恢复旧版本", "Restoring an earlier version"),
    "access.action.delete_scenario": ("删除评分方案", "Deleting a scenario"),
    "access.action.manage_users": ("管理用户与范围", "Managing users and scopes"),
    "access.refused": (
        "{action}需要“{needed}”角色；您当前的角色是“{role}”。如需此权限，请联系管理员。",
        "{action} needs the {needed} role; your role is {role}. Ask an admin if you need it.",
    ),
    "access.scope.not_province_or_city": (
        "“{value}”（{region_id}）是{level}级地区；范围只能列省或市（代码或名称）。",
        "{value!r} ({region_id}) is at {level} level; a scope lists provinces or cities (adcode or name).",
    ),
    # the roles file
    "access.roles.syntax": (
        "角色文件不是有效的 TOML：{detail}。请按 .streamlit/roles.toml.example 的格式修改。",
        "The roles file is not valid TOML: {detail}. Correct it after .streamlit/roles.toml.example.",
    ),
    "access.roles.missing": (
        "找不到角色文件 {path}。请创建它，或修改 TERRITORY_ATLAS_ROLES。",
        "There is no roles file at {path}. Create it or correct TERRITORY_ATLAS_ROLES.",
    ),
    "access.roles.unreadable": ("无法读取角色文件 {path}：{detail}", "The roles file {path} cannot be read: {detail}"),
    "access.roles.in_file": ("角色文件 {path}：{problem}", "{path}: {problem}"),
    "access.roles.unknown_key": (
        "未知的设置“{setting}”；可用：{known}。",
        "unknown setting {setting!r}; use one of: {known}.",
    ),
    "access.roles.bad_claim": (
        'claim 须为声明名称（如 "groups"），而不是 {value}。',
        'claim must name a claim (such as "groups"), not {value}.',
    ),
    "access.roles.not_table": (
        "[{entry}] 须为表（例如 [{entry}] 之下每行一项）。",
        "[{entry}] must be a table (one entry per line under [{entry}]).",
    ),
    "access.roles.group_role": (
        "组“{group}”：未知角色 {role}。可用：{roles}。",
        "group {group!r}: unknown role {role}. Use one of: {roles}.",
    ),
    "access.roles.bad_email": (
        '“{entry}”不是电子邮件地址；[users."…"] 的键须为邮件地址。',
        '{entry!r} is not an e-mail address; the keys of [users."…"] are addresses.',
    ),
    "access.roles.duplicate": (
        "{entry}：该地址出现了两次（不区分大小写）；请只保留一项。",
        "{entry}: this address is listed twice (case does not matter); keep one entry.",
    ),
    "access.roles.user_not_table": (
        '{entry}：须写成 [users."{entry}"] 表，内含 role = "…"。',
        '{entry}: write it as a [users."{entry}"] table with role = "…".',
    ),
    "access.roles.unknown_user_key": (
        "{entry}：未知的设置“{setting}”；可用：{known}。",
        "{entry}: unknown setting {setting!r}; use one of: {known}.",
    ),
    "access.roles.no_role": (
        '{entry}：缺少 role。请加上 role = "viewer"、"analyst" 或 "admin"。',
        '{entry}: no role. Add role = "viewer", "analyst" or "admin".',
    ),
    "access.roles.bad_role": (
        "{entry}：未知角色 {role}。可用：{roles}。",
        "{entry}: unknown role {role}. Use one of: {roles}.",
    ),
    "access.roles.bad_scope_type": (
        '{entry}：scope 须为列表，例如 scope = ["450000", "广东"]。',
        '{entry}: scope must be a list, such as scope = ["450000", "广东"].',
    ),
    "access.roles.bad_scope": ("{entry}：范围项“{value}”：{reason}", "{entry}: scope entry {value!r}: {reason}"),
    # sign-in (ui/auth.py)
    "auth.single_user": ("单用户模式：未配置登录", "Single-user mode: no sign-in configured"),
    "auth.signed_in_as": ("已登录：{name}（{role}）", "Signed in as {name} ({role})"),
    "auth.scope": ("范围：{scope}", "Scope: {scope}"),
    "auth.scope_all": ("全国", "All of China"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.sign_in_title": ("请先登录", "Please sign in"),
    "auth.no_access_title": ("没有访问权限", "No access"),
    "auth.sign_in_body": (
        "区域版图的数据属于公司，只对团队成员开放。请用公司账号登录。",
        "Territory Atlas holds the company's data and is open to the team only. Sign in with your company account.",
    ),
    "auth.no_role": (
        "{email} 已登录，但还没有任何角色，因此不能查看数据。请管理员在角色文件中为您添加角色，或把您加入有角色的组。",
        "{email} is signed in but has no role, so no data can be shown. Ask an admin to give you a role in the "
        "roles file or to add you to a group that has one.",
    ),
    "auth.roles_invalid": (
        "角色文件有误，暂时无法确定任何人的角色：\n{problems}",
        "The roles file has errors, so no one's role can be known until they are fixed:\n{problems}",
    ),
    "auth.secrets_unreadable": (
        "登录配置文件 secrets.toml 无法读取（格式有误），因此暂时无法登录。请管理员按 .streamlit/secrets.toml.example 修正它。",
        "The sign-in settings (secrets.toml) cannot be read, so no one can sign in for now. Ask an admin to correct the file after .streamlit/secrets.toml.example.",
    ),
    # the audit trail (ui/audit.py, python -m analysis audit)
    "audit.title": ("操作记录", "Audit trail"),
    "audit.caption": (
        "每次导入、恢复、映射修改、方案保存和区域设计保存都记录在存储中，只增不改。",
        "Every import, restore, mapping change, scenario save and territory design save is recorded in the store, append-only.",
    ),
    "audit.filter.user": ("用户", "User"),
    "audit.filter.action": ("操作", "Action"),
    "audit.filter.kind": ("数据类型", "Kind"),
    "audit.filter.since": ("起始日期", "Since"),
    "audit.filter.all": ("全部", "All"),
    "audit.empty": ("没有符合条件的记录。", "No entries match."),
    "audit.count": ("{n} 条记录（最新在前）", "{n} entries, newest first"),
    "audit.action.import": ("导入", "import"),
    "audit.action.restore": ("恢复版本", "restore"),
    "audit.action.demo": ("写入演示数据", "demo data"),
    "audit.action.design": ("区域设计", "territory design"),
    "audit.action.app": ("应用内修改", "change in the app"),
    "audit.action.capacity": ("按容量生成", "from capacity"),
    "audit.action.scenario.save": ("保存方案", "scenario saved"),
    "audit.action.scenario.delete": ("删除方案", "scenario deleted"),
    "audit.action.column_mapping.save": ("保存列映射", "column mapping saved"),
    "audit.action.column_mapping.delete": ("删除列映射", "column mapping deleted"),
    "audit.action.region_map.save": ("保存地区映射", "region mapping saved"),
    "audit.action.region_map.delete": ("删除地区映射", "region mapping deleted"),
    "audit.group.scenario": ("方案", "scenarios"),
    "audit.group.column_mapping": ("列映射", "column mappings"),
    "audit.group.region_map": ("地区映射", "region mappings"),
    "audit.download": ("操作记录", "audit-trail"),
    "field.audit_id": ("序号", "No."),
    "field.audit_at": ("时间（UTC）", "Time (UTC)"),
    "field.audit_user": ("用户", "User"),
    "field.audit_action": ("操作", "Action"),
    "field.audit_kind": ("数据类型", "Kind"),
    "field.audit_name": ("名称", "Name"),
    "field.version_from": ("原版本", "From version"),
    "field.version_to": ("新版本", "To version"),
    "field.audit_rows": ("行数", "Rows"),
    "field.audit_detail": ("详情", "Detail"),
    "cli.audit.since": ("--since 须写成 YYYY-MM-DD，而不是 “{value}”", "--since must be YYYY-MM-DD, got {value!r}"),
    "cli.audit.none": ("{path} 中没有符合条件的操作记录", "no audit entries match in {path}"),
}
