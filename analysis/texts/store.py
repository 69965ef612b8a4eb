"""Texts of the store: its faults and the names of the things it records."""

TEXT: dict[str, tuple[str, str]] = {
    "store.fault.busy": (
        "数据存储 {location} 正被另一次导入占用，请稍后再试。",
        "The store at {location} is busy with another import; try again in a moment.",
    ),
    "store.fault.locked": (
        "数据存储 {location} 被另一个程序锁定（{holder}）。请关闭正在使用它的命令行或应用后再试。",
        "The store at {location} is locked by another program ({holder}). Close the command or app that uses it and try again.",
    ),
    "store.fault.full": (
        "磁盘已满，无法写入数据存储 {location}。请释放磁盘空间后重新导入；之前的版本未受影响。",
        "The disk is full: the store at {location} cannot be written. Free some space and import again; the previous version is unchanged.",
    ),
    "store.fault.read_only": (
        "数据存储 {location} 是只读的（没有写入权限）。请使用可写的目录（--store 或 TERRITORY_ATLAS_STORE）或修改权限。",
        "The store at {location} is read-only (no permission to write). Use a writable directory (--store or TERRITORY_ATLAS_STORE) or change its permissions.",
    ),
    "store.fault.corrupt": (
        "数据存储文件 {location} 已损坏或不完整，无法打开。请从备份恢复该文件，或把它移走后重新导入数据。",
        "The store file {location} is damaged or truncated and cannot be opened. Restore it from a backup, or move it aside and import the data again.",
    ),
    "store.fault.missing": ("{location} 处没有数据存储。", "There is no store at {location}."),
    "store.fault.unknown_kind": (
        "未知的数据类型“{kind}”；可选：{kinds}。",
        "Unknown kind {kind!r}; expected one of: {kinds}.",
    ),
    "store.fault.no_version": (
        "{kind} 没有版本 {version}；已存的版本：{known}",
        "{kind} has no version {version}; stored versions: {known}",
    ),
    "store.fault.unreachable": (
        "无法连接数据库 {location}：{holder}。请确认数据库服务已启动、地址和权限正确。",
        "Cannot reach the database at {location}: {holder}. Check that the server runs and the address and credentials are right.",
    ),
    "store.fault.failed": (
        "数据存储 {location} 出错：{error}",
        "The store at {location} failed: {error}",
    ),
    "store.fault.schema_newer": (
        "数据存储 {location} 由更新版本的程序创建（结构版本 {found}，本程序支持到 {known}）。请升级程序。",
        "The store at {location} was written by a newer version (schema {found}; this one knows up to {known}). Upgrade the program.",
    ),
    # PostgreSQL (issue 16): the faults a database server has that a file does not
    "store.fault.pg_no_database": (
        "数据库服务器上没有数据库 {database}（{location}）。请先创建它（createdb {database}），或修改连接地址。",
        "There is no database {database} on the server ({location}). Create it first (createdb {database}) or correct the URL.",
    ),
    "store.fault.pg_read_only": (
        "数据库用户没有权限写入数据存储 {location}（{error}）。请让数据库管理员授予权限，或换一个有写权限的用户。",
        "The database user has no permission to write the store at {location} ({error}). Ask the database administrator for the grant, or use a user who may write.",
    ),
    "store.fault.pg_corrupt": (
        "数据库 {location} 报告数据已损坏（{error}）。请让数据库管理员检查并从备份恢复；之前导入的数据无法读取。",
        "The database at {location} reports damaged data ({error}). Ask the database administrator to check it and restore from a backup; the stored data cannot be read.",
    ),
}
