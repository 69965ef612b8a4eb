"""Region resolution texts: what went wrong with a region cell, and how a name was read."""

TEXT: dict[str, tuple[str, str]] = {
    # what went wrong (Resolution.message)
    "region.empty": (
        "地区为空。请填写地区名称或行政区划代码。",
        "The region is empty. Fill in a region name or adcode.",
    ),
    "region.ambiguous": (
        "“{value}”有 {count} 个同名地区：{candidates}。请增加省份或城市列以区分。",
        "'{value}' matches {count} regions: {candidates}. Add a province or city column to tell them apart.",
    ),
    "region.closest": ("最接近的：{candidates}。", "Closest: {candidates}. "),
    "region.unresolved": (
        "未找到地区“{value}”。{closest}请检查拼写或改用行政区划代码。",
        "No region named '{value}'. {closest}Check the spelling or use the 6-digit adcode.",
    ),
    "region.unresolved_in_parent": (
        "在“{parent}”中未找到地区“{value}”。{closest}请检查拼写或上级地区，或改用行政区划代码。",
        "No region named '{value}' in '{parent}'. {closest}Check the spelling and the parent, or use the 6-digit adcode.",
    ),
    "region.unresolved_parent": (
        "未找到上级地区“{parent}”（“{value}”所在的省份或城市）。{closest}请检查省份或城市列的拼写或改用行政区划代码。",
        "No province or city named '{parent}' (the parent of '{value}'). {closest}"
        "Check the spelling in the province or city column or use the 6-digit adcode.",
    ),
    "region.unresolved_code": (
        "未找到行政区划代码“{value}”。{closest}请检查代码（6 位数字）或改用地区名称。",
        "No region with adcode '{value}'. {closest}Check the code (6 digits) or use the region name.",
    ),
    # how a name was read (Resolution.reading); notes
    "region.reading.colloquial": (
        "“{value}”是{name}的通行简称，读作 {code}。",
        "'{value}' is a common short form of {name}; read as {code}.",
    ),
    "region.reading.address": (
        "“{value}”按地址（省、市、区县连写）读作{name}（{code}）。",
        "'{value}' is read as an address (province, city and county written together): {name} ({code}).",
    ),
    "region.reading.traditional": (
        "“{value}”含繁体字，按“{simplified}”读作{name}（{code}）。",
        "'{value}' is written in traditional characters; read as '{simplified}': {name} ({code}).",
    ),
    "region.reading.parent_self": (
        "上级地区“{parent}”与“{value}”同名，读作其下的{name}（{code}）。",
        "The parent '{parent}' has the same name as '{value}', so it is read as the unit below it: {name} ({code}).",
    ),
    # warnings
    "region.reading.former": (
        "“{value}”是{name}的旧称（{year} 年起改称）；读作 {code}。",
        "{value} is the former name of {name} ({year}); read as {code}.",
    ),
    "region.reading.merged": (
        "“{value}”已于 {year} 年撤销并入{name}；读作 {code}。",
        "{value} was merged into {name} in {year}; read as {code}.",
    ),
    "region.reading.split": (
        "“{value}”已于 {year} 年撤销，其辖区今属以下地区之一：{candidates}。请改用现行名称或行政区划代码。",
        "{value} was abolished in {year}; its area now lies in one of: {candidates}. "
        "Use today's name or the 6-digit adcode.",
    ),
    "region.reading.newer": (
        "“{value}”是 {year} 年的新区划，内置地图尚未收录；读作原来的{name}（{code}）。",
        "{value} is a newer unit ({year}) that the bundled map does not have yet; read as {name} ({code}).",
    ),
    "region.reading.newer_split": (
        "“{value}”是 {year} 年的新区划，内置地图尚未收录；它由以下地区组成：{candidates}。",
        "{value} is a newer unit ({year}) that the bundled map does not have yet; it was formed from: {candidates}.",
    ),
    "region.reading.former_code": (
        "行政区划代码 {value} 是{former}的旧代码（{year} 年停用）；读作{name}（{code}）。",
        "Adcode {value} is the old code of {former} (until {year}); read as {name} ({code}).",
    ),
    "region.reading.also_former": (
        "“{value}”读作现行的{name}（{code}）；但在 {year} 年以前它也是另一地区的名称，其辖区今属{successors}。请确认所指。",
        "'{value}' is read as today's {name} ({code}), but until {year} it also named another unit, "
        "now {successors}. Check which one is meant.",
    ),
    "region.reading.context": (
        "“{value}”有多个同名地区；按本列其他行（{basis}）读作{name}（{code}）。",
        "'{value}' names several regions; read as {name} ({code}) from the other rows of the column ({basis}).",
    ),
    "region.context.province": ("多在{province}", "mostly in {province}"),
    "region.context.level": ("多为{level}地区", "mostly {level}-level units"),
    "region.context.both": ("多为{province}的{level}地区", "mostly {level}-level units in {province}"),
    "region.level.province": ("省级", "province"),
    "region.level.city": ("地级", "prefecture"),
    "region.level.county": ("县级", "county"),
}
