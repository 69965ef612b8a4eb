"""Chinese administrative names: suffixes, short forms and normalisation."""

from __future__ import annotations

import re
import unicodedata

# The 55 recognised minority groups, longest first so that 柯尔克孜族 wins over 克孜族-like prefixes.
_GROUPS = """
蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇
柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京
塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各
"""
ETHNIC_GROUPS = sorted(_GROUPS.split(), key=len, reverse=True)


def _autonomous(suffix_group: str) -> re.Pattern[str]:
    groups = "|".join(f"{g}{suffix_group}" for g in ETHNIC_GROUPS)
    return re.compile(rf"^(?P<stem>.+?)(?:(?:{groups})+)自治(?:区|州|县|旗)$")


# Most autonomous names spell 族 (彭水苗族土家族自治县); some Xinjiang ones do not
# (新疆维吾尔自治区, 察布查尔锡伯自治县). Try the strict form first: with 族 optional, one-character
# group names (水, 土, 白) would cut a stem such as 彭水 short.
_AUTONOMOUS = (_autonomous("族"), _autonomous("族?"))
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "特区",
    "新区",
    "省",
    "市",
    "盟",
    "区",
    "县",
    "旗",
)
_EXCEPTIONS = {"神农架林区": "神农架"}  # the only 林区; 万柏林区 is 万柏林 + 区
_SPACE = re.compile(r"\s+")


def normalise_text(value: object) -> str:
    """NFKC-fold a cell (full-width digits and brackets become ASCII) and drop white space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return _SPACE.sub("", text)


def short_name(name: str) -> str:
    """The name as people write it without its administrative suffix.

    >>> short_name("广西壮族自治区"), short_name("南宁市"), short_name("恩施土家族苗族自治州")
    ('广西', '南宁', '恩施')
    >>> short_name("忠县"), short_name("东兴市"), short_name("石柱土家族自治县")
    ('忠县', '东兴', '石柱')
    >>> short_name("新疆维吾尔自治区"), short_name("察布查尔锡伯自治县"), short_name("万柏林区")
    ('新疆', '察布查尔', '万柏林')
    """
    if name in _EXCEPTIONS:
        return _EXCEPTIONS[name]
    for pattern in _AUTONOMOUS:
        match = pattern.match(name)
        if match and len(match["stem"]) >= 2:
            return match["stem"]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name
