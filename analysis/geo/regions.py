"""Resolve the `region` cells of an upload (adcodes, Chinese names, pinyin) to region_ids.

Rules, in order (DATA.md, "Regions"):

1. Empty, NaN or white space → status "empty".
2. A 6-digit adcode as text or number (``450100``, ``450100.0``, ``" ４５０１００ "``; a 9- or
   12-digit statistics code ending in zeros is cut to 6 digits). An id that exists at two
   levels (东莞市 441900 is a city and a county) is one place and resolves to the **finest**
   level, "county". An explicit province code stays a province (110000 is 北京市 the province).
   A code that only an older list has (341400, 巢湖市 until 2011) reads as its successor.
3. A name, after `normalise_text` (traditional characters read as simplified: 廣州 → 广州), tried
   tier by tier; the first tier with a match wins. Chinese: exact full name (朝阳市) → short name
   (朝阳, 新疆, 东乡 for 东乡族自治县) → colloquial forms of autonomous units (恩施州, 石柱县,
   莫力达瓦旗, 广西省) together with former names (襄樊, 崇文区, 萧山市; data/former_names.csv)
   → an address: a province and/or city prefix followed by the rest, with or without suffixes and
   separators (广西南宁, 湖北省 恩施州, 吉林省-长春市-朝阳区). Latin, ignoring case, spaces, hyphens and
   apostrophes: English name (Shaanxi, Hong Kong) → first pinyin reading → any pinyin reading →
   the same after dropping a suffix word ("Nanning City", "Chaoyang Qu": the suffix keeps only
   names ending in 市/区…) → former names' pinyin (Xiangfan) → a latin prefix ("Jilin Changchun").
4. Places with one full name at nested levels are one place and collapse to the finest:
   北京市 (province 110000, city 110100) → 110100; 东莞市 → 441900 at county level; 台湾省 → 710000
   at county level.
5. Latin input loses the characters, so homophones are broken by level: when the coarsest
   candidates share one Chinese short name, finer places with another name are dropped
   ("Nanjing" → 南京市, not 南靖县; "Chaoyang" keeps the 朝阳s and drops 潮阳区).
6. A parent (province or city; name, pinyin, adcode, colloquial or former name) keeps only
   candidates inside it, inside any of its readings when the parent itself is ambiguous (吉林 =
   吉林省 or 吉林市). A parent that names the value itself picks the unit below it (吉林 in 吉林省 →
   吉林市). A parent that names no province or city → "unresolved". An adcode outside its parent
   → "unresolved".
7. Several candidates left: when one contains all the others (长沙 → 长沙市, not 长沙县 inside it;
   吉林 → 吉林省 ⊃ 吉林市) or exactly one of the outermost is a province (河北 → 河北省, not 天津's
   河北区), it wins. Otherwise "ambiguous", listing every candidate (朝阳 → 朝阳市, 朝阳县 and
   two 朝阳区; 西安 → 西安市 and two 西安区). None → "unresolved" with up to five closest by
   difflib ratio (names, or pinyin for latin input; those inside the parent first).
8. In a column (`RegionResolver.resolve`, context=True) the other rows count: the provinces they
   lie in and the level most of them resolve to pick among candidates (海南 in a Qinghai file →
   海南藏族自治州; 吉林 among cities → 吉林市; 东乡 among Gansu counties → 东乡族自治县) and put
   the closest names in those provinces first (柳洲 among Guangxi rows → 柳州市).

Every reading that is not literal carries a `reading` (an `analysis.i18n.Text`) and a severity:
"note" for certain readings (colloquial, address, traditional, a parent naming the value),
"warning" for what a reader must check (former names and codes, choices made from context).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import config
from analysis.geo import boundaries
from analysis.geo.names import colloquial_names, fold_text, normalise_text, short_name, to_simplified
from analysis.i18n import Text
from analysis.schemas import LEVELS

STATUSES = ("ok", "unresolved", "ambiguous", "empty")
RESULT_COLUMNS = ("region_id", "level", "status", "candidates", "reading", "reading_severity")
SEVERITIES = ("", "note", "warning")
FORMER_NAMES_CSV = config.DATA_DIR / "former_names.csv"

_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_CODE = re.compile(r"(\d+)(?:\.0*)?")
_LATIN = re.compile(r"[A-Za-zÜüÄäÖö'’`\-.·]+")
_LATIN_DROP = re.compile(r"['’`\-.·_]")
_ZH_DROP = re.compile(r"[·・\-—_/\\,，、|>.:：]")
_COUNTRY = ("中华人民共和国", "中国")
# Short forms that `short_name` gets wrong or the table lacks, keyed by full name.
_ZH_ALIASES = {"新疆维吾尔自治区": ("新疆",), "万柏林区": ("万柏林",), "内蒙古自治区": ("内蒙",)}
_LATIN_ALIASES = {"新疆维吾尔自治区": ("xinjiang",), "澳门特别行政区": ("macau",), "万柏林区": ("wanbailin",)}
# Latin suffix word → the Chinese name endings it keeps; longest first so "autonomouscounty" beats "county".
_LATIN_SUFFIXES = sorted(
    {
        "specialadministrativeregion": ("特别行政区",),
        "autonomousregion": ("自治区",),
        "autonomousprefecture": ("自治州",),
        "autonomouscounty": ("自治县",),
        "province": ("省",),
        "sheng": ("省",),
        "municipality": ("市",),
        "city": ("市",),
        "shi": ("市",),
        "prefecture": ("州", "地区", "盟"),
        "district": ("区",),
        "qu": ("区",),
        "county": ("县", "旗"),
        "xian": ("县",),
        "banner": ("旗",),
        "league": ("盟",),
        "sar": ("特别行政区",),
    }.items(),
    key=lambda item: len(item[0]),
    reverse=True,
)
_CLOSEST = 5
_CUTOFF = 0.5
_SHORTLIST = 80
_CACHE_SIZE = 50_000
_FIT = 0.5  # the least fit with the other rows that may pick a candidate
_MARGIN = 0.25  # by how much it must beat the next candidate
# How a name was matched, most telling first: the reading shown is the first that applies.
_HOW = ("former", "address", "colloquial", "")
_SEVERITY = {
    "colloquial": "note",
    "address": "note",
    "traditional": "note",
    "parent_self": "note",
    "former": "warning",
    "merged": "warning",
    "newer": "warning",
    "former_code": "warning",
    "also_former": "warning",
    "context": "warning",
}


@dataclass(frozen=True)
class Labels:
    """Candidate labels, listed the way the reader's language separates them.

    Like `analysis.i18n.Join`, but with a semicolon: labels hold commas themselves
    ("朝阳区 (长春市, 吉林省, 220104)").
    """

    labels: tuple[str, ...]

    def render(self, lang: str) -> str:
        """The labels joined by "；" or "; "."""
        return ("；" if lang == "zh" else "; ").join(self.labels)


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one region cell.

    `value`, `parent`, `reason`, `reading` and `reading_severity` are left out of comparisons:
    two resolutions are equal when they name the same region, status and candidates.
    """

    region_id: str | None
    level: str | None
    status: str
    candidates: tuple[str, ...] = ()
    value: str = field(default="", compare=False)
    parent: str | None = field(default=None, compare=False)
    reason: str = field(default="", compare=False)  # unresolved: "name", "code" or "parent"
    reading: Text | None = field(default=None, compare=False)
    reading_severity: str = field(default="", compare=False)  # "", "note" or "warning"

    def text(self) -> Text | None:
        """What went wrong as a catalog text (rendered later in zh or en); None when the status is "ok"."""
        if self.status == "ok":
            return None
        if self.status == "empty":
            return Text("region.empty")
        listed = Labels(self.candidates)
        if self.status == "ambiguous":
            return Text("region.ambiguous", value=self.value, count=len(self.candidates), candidates=listed)
        closest = Text("region.closest", candidates=listed) if self.candidates else ""
        if self.reason == "parent":
            return Text("region.unresolved_parent", value=self.value, parent=self.parent, closest=closest)
        if self.parent is not None:
            return Text("region.unresolved_in_parent", value=self.value, parent=self.parent, closest=closest)
        if self.reason == "code":
            return Text("region.unresolved_code", value=self.value, closest=closest)
        return Text("region.unresolved", value=self.value, closest=closest)

    def message(self, lang: str = "zh") -> str:
        """One sentence saying what went wrong and how to fix it; "" when the status is "ok".

        Parameters
        ----------
        lang : {"zh", "en"}

        Returns
        -------
        str

        Raises
        ------
        ValueError
            For a language other than "zh" or "en".
        """
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
        text = self.text()
        return "" if text is None else text.render(lang)


@dataclass(frozen=True)
class _Former:
    """A unit of an older code list and the rows of the bundled table that succeeded it."""

    name: str
    code: str
    level: str
    year: int
    kind: str
    rows: tuple[int, ...]


@dataclass(frozen=True)
class _Hit:
    """A candidate row and how it was matched: "" literally, or "colloquial", "address", "former"."""

    row: int
    how: str = ""
    former: int | None = None


@dataclass(frozen=True)
class _Outcome:
    """A resolution and what context may still change: the rows it chose among and the former names it shadows."""

    resolution: Resolution
    rows: tuple[int, ...] = ()
    shadowed: tuple[int, ...] = ()  # former entries with the same name as a literal match
    colloquial: tuple[int, ...] = ()  # rows whose colloquial form is that literal name
    parent_rows: tuple[int, ...] | None = None


def _display(value: object) -> str | None:
    """The cell as text (numbers without a trailing .0), or None when it is empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    text = str(value).strip()
    return text or None


def _latin_key(text: str) -> str:
    """Lower-case latin without separators; ü is written v as in the pinyin column."""
    return _LATIN_DROP.sub("", text).lower().replace("ü", "v").replace("ä", "a").replace("ö", "o")


def _zh_key(text: str) -> str:
    key = _ZH_DROP.sub("", text)
    for country in _COUNTRY:
        if key.startswith(country) and len(key) > len(country) + 1:
            return key[len(country) :]
    return key


def _add(index: dict[str, list], key: str, item: object) -> None:
    items = index.setdefault(key, [])
    if item not in items:
        items.append(item)


def _unique(rows: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(rows))


class _Fuzzy:
    """Closest strings by difflib ratio over a shortlist found through an n-gram index."""

    def __init__(self, entries: Iterable[tuple[str, int]], grams: Callable[[str], set[str]]):
        by_string: dict[str, list[int]] = {}
        for text, row in entries:
            _add(by_string, text, row)
        self.strings = list(by_string)
        self.rows = list(by_string.values())
        self.grams = grams
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(self.strings):
            for gram in grams(text):
                postings.setdefault(gram, []).append(i)
        n = max(len(self.strings), 1)
        self.postings = {g: np.array(ix, dtype=np.int64) for g, ix in postings.items()}
        self.weights = {g: math.log(1 + n / len(ix)) for g, ix in postings.items()}
        self._cache: dict[str, dict[int, float]] = {}

    def scores(self, query: str) -> dict[int, float]:
        """Row → best difflib ratio (at least the cut-off) among that row's strings."""
        cached = self._cache.get(query)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[query] = self._scores(query)
        return cached

    def _scores(self, query: str) -> dict[int, float]:
        found = [g for g in self.grams(query) if g in self.postings]
        if not found:
            return {}
        index = np.concatenate([self.postings[g] for g in found])
        weight = np.concatenate([np.full(len(self.postings[g]), self.weights[g]) for g in found])
        overlap = np.bincount(index, weights=weight, minlength=len(self.strings))
        top = np.flatnonzero(overlap)
        if len(top) > _SHORTLIST:
            top = top[np.argpartition(-overlap[top], _SHORTLIST)[:_SHORTLIST]]
        best: dict[int, float] = {}
        matcher = difflib.SequenceMatcher(b=query, autojunk=False)
        for i in top:
            matcher.set_seq1(self.strings[i])
            ratio = matcher.ratio()
            if ratio >= _CUTOFF:
                for row in self.rows[i]:
                    best[row] = max(best.get(row, 0.0), ratio)
        return best


def _chars(text: str) -> set[str]:
    return set(text)


def _bigrams(text: str) -> set[str]:
    padded = f"^{text}$"
    return {padded[i : i + 2] for i in range(len(padded) - 1)}


@dataclass(frozen=True)
class _Context:
    """What the other rows of a column say: row counts by province, city and level."""

    provinces: Counter
    cities: Counter
    levels: Counter
    total: int

    def without(self, province: str | None, city: str | None, level: str | None, weight: int) -> _Context:
        """The context as the other rows see it, without one value's own `weight` rows."""
        if not weight or level is None:
            return self
        provinces, cities, levels = Counter(self.provinces), Counter(self.cities), Counter(self.levels)
        if level != "province":
            provinces[province] -= weight
        cities[city] -= weight
        levels[level] -= weight
        return _Context(+provinces, +cities, +levels, self.total - weight)

    def level(self) -> str | None:
        """The level most rows resolve to, when it is most of them."""
        if not self.levels:
            return None
        level, count = self.levels.most_common(1)[0]
        return level if count * 2 > self.total else None

    def province(self) -> str | None:
        """The province most rows lie in, when it is most of them."""
        if not self.provinces:
            return None
        province, count = self.provinces.most_common(1)[0]
        return province if count * 2 > self.total else None


class RegionResolver:
    """Resolve region cells against one region table; the lookups are built once.

    Parameters
    ----------
    regions : DataFrame
        The region table as returned by `analysis.geo.boundaries.load_regions`: region_id, name,
        short_name, name_en, pinyin, level, parent_id, province_id, city_id.
    former : DataFrame, optional
        Former names (`load_former_names`): former_code, former_name, level, year, kind,
        successor_ids, pinyin. None reads no former names.

    Examples
    --------
    >>> resolver = default_resolver()
    >>> resolver.resolve_one("广西南宁").region_id
    '450100'
    >>> resolver.resolve_one("朝阳区", parent="长春").region_id
    '220104'
    >>> found = resolver.resolve_one("恩施州")
    >>> found.region_id, found.reading_severity, found.reading.render("en")
    ('422800', 'note', "'恩施州' is a common short form of 恩施土家族苗族自治州; read as 422800.")
    >>> resolver.resolve_one("襄樊市").reading.render("en")
    '襄樊市 is the former name of 襄阳市 (2010); read as 420600.'
    """

    def __init__(self, regions: pd.DataFrame, former: pd.DataFrame | None = None):
        def column(name: str) -> list:
            return [None if pd.isna(v) else v for v in regions[name].tolist()]

        self.ids: list[str] = column("region_id")
        self.names: list[str] = column("name")
        self.shorts: list[str] = column("short_name")
        self.levels: list[str] = column("level")
        self.ranks = [_RANK[level] for level in self.levels]
        self.province_ids: list[str | None] = column("province_id")
        self.city_ids: list[str | None] = column("city_id")
        n = len(self.ids)

        self.by_id: dict[str, list[int]] = {}
        full: dict[str, list[int]] = {}
        short: dict[str, list[int]] = {}
        colloquial: dict[str, list[int]] = {}
        english: dict[str, list[int]] = {}
        first_reading: dict[str, list[int]] = {}
        any_reading: dict[str, list[int]] = {}
        zh_prefix: dict[str, list[_Hit]] = {}
        latin_prefix: dict[str, list[_Hit]] = {}
        zh_strings: list[tuple[str, int]] = []
        latin_strings: list[tuple[str, int]] = []
        for row, (name, short_name_, name_en, pinyin) in enumerate(
            zip(self.names, self.shorts, column("name_en"), column("pinyin"), strict=True)
        ):
            _add(self.by_id, self.ids[row], row)
            zh_keys = [_zh_key(normalise_text(name))]
            shorts = [_zh_key(normalise_text(s)) for s in (short_name_, *_ZH_ALIASES.get(name, ())) if s]
            colloquials = [_zh_key(s) for s in colloquial_names(name)]
            readings = [_latin_key(normalise_text(p)) for p in (pinyin or "").split("|") if p]
            english_keys = [_latin_key(normalise_text(e)) for e in (name_en, *_LATIN_ALIASES.get(name, ())) if e]
            for key in zh_keys:
                _add(full, key, row)
            for key in shorts:
                _add(short, key, row)
            for key in colloquials:
                _add(colloquial, key, row)
            for key in english_keys:
                _add(english, key, row)
            if readings:
                _add(first_reading, readings[0], row)
            for key in readings:
                _add(any_reading, key, row)
            if self.ranks[row] < _RANK["county"]:
                for key in zh_keys + shorts:
                    _add(zh_prefix, key, _Hit(row))
                for key in colloquials:
                    _add(zh_prefix, key, _Hit(row, "colloquial"))
                for key in english_keys + readings[:1]:
                    _add(latin_prefix, key, _Hit(row))
            zh_strings += [(key, row) for key in dict.fromkeys(zh_keys + shorts + colloquials)]
            latin_strings += [(key, row) for key in dict.fromkeys(english_keys + readings)]
        self._tiers = {False: (full, short), True: (english, first_reading, any_reading)}
        self._colloquial = colloquial
        self._finest = self._same_place_finest()
        self._formers: list[_Former] = []
        self._former_keys: dict[bool, dict[str, list[int]]] = {False: {}, True: {}}
        self._former_full: dict[str, list[int]] = {}  # full former names only: 巢湖市, not 巢湖
        self._former_codes: dict[str, list[int]] = {}
        if former is not None:
            self._add_formers(former, zh_prefix, zh_strings)
        self._prefixes = {False: zh_prefix, True: latin_prefix}
        self._prefix_len = {latin: max(map(len, p), default=0) for latin, p in self._prefixes.items()}
        upper = {row for row in range(n) if self.ranks[row] < _RANK["county"]}
        self._fuzzy = {
            (False, False): _Fuzzy(zh_strings, _chars),
            (True, False): _Fuzzy(latin_strings, _bigrams),
            (False, True): _Fuzzy([e for e in zh_strings if e[1] in upper], _chars),
            (True, True): _Fuzzy([e for e in latin_strings if e[1] in upper], _bigrams),
        }
        self._cache: dict[tuple[str, str | None], _Outcome] = {}

    def _add_formers(self, former: pd.DataFrame, zh_prefix: dict[str, list[_Hit]], zh_strings: list) -> None:
        """Index former names and codes; a name that several entries share keeps the latest per successor."""
        current = {(self.ids[row], self.names[row]) for row in range(len(self.ids))}
        for r in former.sort_values("year", kind="stable").itertuples(index=False):
            found = [self.by_id.get(rid, ()) for rid in str(r.successor_ids).split("|")]
            rows = _unique(self._finest[min(f, key=lambda row: self.ranks[row])] for f in found if f)
            if not rows or (r.former_code, r.former_name) in current:
                continue
            index = len(self._formers)
            self._formers.append(_Former(r.former_name, r.former_code, r.level, int(r.year), r.kind, tuple(rows)))
            _add(self._former_codes, r.former_code, index)
            short = short_name(r.former_name)
            _add(self._former_full, _zh_key(r.former_name), index)
            for key in dict.fromkeys([_zh_key(r.former_name), _zh_key(short)]):
                if len(key) >= 2:
                    self._add_former_key(False, key, index)
            for reading in str(r.pinyin or "").split("|")[:1]:
                if reading:
                    self._add_former_key(True, _latin_key(reading), index)
            if r.level != "county" and len(rows) == 1 and self.ranks[rows[0]] < _RANK["county"]:
                for key in dict.fromkeys([_zh_key(r.former_name), _zh_key(short)]):
                    _add(zh_prefix, key, _Hit(rows[0], "former", index))

    def _add_former_key(self, latin: bool, key: str, index: int) -> None:
        """One entry per name and successors: the latest (东乡县 until 2016, not its 2000 code change)."""
        entries = self._former_keys[latin].setdefault(key, [])
        same = [i for i in entries if self._formers[i].rows == self._formers[index].rows]
        for i in same:
            entries.remove(i)
        entries.append(index)

    def _same_place_finest(self) -> list[int]:
        """Row → the finest row that is the same place: the same name one level down, repeatedly."""
        child: dict[tuple[str, str, int], int] = {}
        for row in range(len(self.ids)):
            if self.ranks[row] == _RANK["city"]:
                child[(self.province_ids[row], self.names[row], _RANK["city"])] = row
            elif self.ranks[row] == _RANK["county"] and self.city_ids[row] is not None:
                child[(self.city_ids[row], self.names[row], _RANK["county"])] = row
        finest = list(range(len(self.ids)))
        for rank in (_RANK["city"], _RANK["province"]):  # cities first so provinces follow the chain
            for row in range(len(self.ids)):
                if self.ranks[row] == rank:
                    below = child.get((self.ids[row], self.names[row], rank + 1))
                    if below is not None:
                        finest[row] = finest[below]
        return finest

    # -- matching ------------------------------------------------------------------------

    def _inside(self, row: int, parents: Iterable[int], strict: bool = False) -> bool:
        """Whether `row` lies in any of `parents` (or is one of them unless `strict`)."""
        for p in parents:
            if strict and self.ranks[row] <= self.ranks[p]:
                continue
            if self.ranks[p] == _RANK["province"] and self.province_ids[row] == self.ids[p]:
                return True
            if self.ranks[p] == _RANK["city"] and self.city_ids[row] == self.ids[p]:
                return True
            if self.ranks[p] == _RANK["county"] and self.ids[row] == self.ids[p]:
                return True
        return False

    def _match(self, key: str, latin: bool, keep: Callable[[int], bool], depth: int = 0) -> list[_Hit]:
        """Rows named `key`, by the first tier that has any row passing `keep`."""
        for tier in self._tiers[latin]:
            hits = [_Hit(row) for row in tier.get(key, ()) if keep(row)]
            if hits:
                return hits
        if latin:
            for suffix, endings in _LATIN_SUFFIXES:
                if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                    hits = self._match(key[: -len(suffix)], latin, keep, depth)
                    if hits:
                        return [h for h in hits if self.names[h.row].endswith(endings)] or hits
        # Colloquial forms and former names form one tier: 东乡县 is 东乡族自治县 said loosely and
        # the former name of 江西's 东乡区; only a parent or the other rows tell them apart.
        hits = [] if latin else [_Hit(row, "colloquial") for row in self._colloquial.get(key, ()) if keep(row)]
        hits += [
            _Hit(row, "former", index)
            for index in self._former_keys[latin].get(key, ())
            for row in self._formers[index].rows
            if keep(row)
        ]
        if hits:
            return hits
        if depth >= 2:
            return []
        prefixes = self._prefixes[latin]
        for length in range(min(len(key) - 1, self._prefix_len[latin]), 1, -1):
            for p in prefixes.get(key[:length], ()):

                def inside_p(row: int, p: int = p.row) -> bool:
                    return self._inside(row, (p,), strict=True) and keep(row)

                for inner in self._match(key[length:], latin, inside_p, depth + 1):
                    former = p.former if inner.former is None else inner.former
                    hits.append(_Hit(inner.row, "former" if former is not None else "address", former))
        return list(dict.fromkeys(hits))

    def _code(self, text: str) -> str | None:
        """The 6-digit adcode written in `text`, "" for digits that are no adcode, None for a name."""
        match = _CODE.fullmatch(text)
        if match is None:
            return None
        digits = match[1]
        if len(digits) in (9, 12) and set(digits[6:]) == {"0"}:
            digits = digits[:6]
        return digits if len(digits) == 6 else ""

    def _parent_rows(self, text: str) -> list[int]:
        """Province and city rows that a parent cell can mean."""
        upper = self._upper_level
        code = self._code(text)
        if code is not None:
            rows = [row for row in self.by_id.get(code, ()) if upper(row)]
            if not rows:
                rows = [row for i in self._former_codes.get(code, ()) for row in self._formers[i].rows if upper(row)]
            return _unique(rows)
        latin = _LATIN.fullmatch(text) is not None
        key = _latin_key(text) if latin else _zh_key(text)
        return _unique(h.row for h in self._match(key, latin, upper))

    def _upper_level(self, row: int) -> bool:
        return self.ranks[row] < _RANK["county"]

    # -- output --------------------------------------------------------------------------

    def _label(self, row: int) -> str:
        """朝阳区 (长春市, 吉林省, 220104): name, the parents' names, adcode."""
        parts = []
        for parent_id, level in ((self.city_ids[row], "city"), (self.province_ids[row], "province")):
            if parent_id is None or parent_id == self.ids[row] or self.ranks[row] <= _RANK[level]:
                continue
            parent_name = self._name_at(parent_id, level)
            if parent_name and parent_name != self.names[row] and parent_name not in parts:
                parts.append(parent_name)
        return f"{self.names[row]} ({', '.join([*parts, self.ids[row]])})"

    def _name_at(self, region_id: str, level: str) -> str | None:
        for row in self.by_id.get(region_id, ()):
            if self.levels[row] == level:
                return self.names[row]
        return None

    def _closest(
        self,
        text: str,
        latin: bool,
        parents: list[int] | None,
        upper_only: bool = False,
        context: _Context | None = None,
    ) -> tuple[str, ...]:
        """Up to five labels of the rows most like `text`: inside `parents` first, then those fitting `context`."""
        query = _latin_key(text) if latin else _zh_key(text)
        best: dict[int, float] = {}
        for row, ratio in self._fuzzy[(latin, upper_only)].scores(query).items():
            if parents and self._inside(row, parents):
                ratio += 1.0  # a near name inside the given parent beats a closer one elsewhere
            row = self._finest[row]
            if context is not None:
                ratio += self._fit(row, context) * 0.25
            best[row] = max(best.get(row, 0.0), ratio)
        ranked = sorted(best, key=lambda row: (-best[row], self.ids[row], self.ranks[row]))
        return tuple(self._label(row) for row in ranked[:_CLOSEST])

    def _fit(self, row: int, context: _Context, level: str | None = None) -> float:
        """How well a row fits the other rows of its column: its level (1), its province (0–2 by share), its city (1).

        The city counts for counties in a column of counties: a county in the same city as the
        other rows. (In a column of cities a candidate that is another row's city is no nearer.)
        """
        if not context.total:
            return 0.0
        score = 0.0
        if context.provinces.get(self.province_ids[row]):
            score += 2.0 * context.provinces[self.province_ids[row]] / context.total
        if (level or self.levels[row]) == context.level():
            score += 1.0
            if self.ranks[row] == _RANK["county"] and context.cities.get(self.city_ids[row]):
                score += 1.0
        return score

    def _homophones(self, rows: list[int]) -> list[int]:
        """For latin input: drop finer places whose Chinese name differs from the coarsest ones'."""
        coarsest = min(self.ranks[row] for row in rows)
        names = {self.shorts[row] for row in rows if self.ranks[row] == coarsest}
        return [row for row in rows if self.shorts[row] in names] if len(names) == 1 else rows

    def _outermost(self, rows: list[int]) -> int | None:
        """The one place that the others lie in (长沙市 ⊃ 长沙县), or the one province (河北省, not 河北区)."""
        outermost = [row for row in rows if not self._inside(row, rows, strict=True)]
        provinces = [row for row in outermost if self.ranks[row] == _RANK["province"]]
        if len(outermost) == 1:
            return outermost[0]
        return provinces[0] if len(provinces) == 1 else None

    def _reading(self, kind: str, value: str, row: int, **params: object) -> tuple[Text, str]:
        return Text(f"region.reading.{kind}", value=value, name=self.names[row], code=self.ids[row], **params), (
            _SEVERITY[kind]
        )

    def _former_reading(self, value: str, index: int, row: int) -> tuple[Text, str]:
        former = self._formers[index]
        if former.kind == "newer":
            return self._reading("newer", value, row, year=former.year)[0], "warning"
        key = "merged" if former.kind in ("merged", "split") else "former"
        return self._reading(key, value, row, year=former.year)[0], "warning"

    def _ok(self, row: int, value: str, parent: str | None, reading: tuple[Text, str] | None = None) -> Resolution:
        text, severity = reading or (None, "")
        return Resolution(
            self.ids[row], self.levels[row], "ok", value=value, parent=parent, reading=text, reading_severity=severity
        )

    # -- public --------------------------------------------------------------------------

    def resolve_one(self, value: object, parent: object = None) -> Resolution:
        """Resolve one region cell, optionally within a parent province or city.

        Parameters
        ----------
        value : str, int or float
            An adcode (``"450100"``, ``450100``, ``450100.0``), a Chinese name (``"南宁市"``,
            ``"南宁"``, ``"广西南宁"``, ``"恩施州"``, ``"襄樊"``) or pinyin/English (``"Nanning"``).
            NaN or blank is "empty".
        parent : str, int or float, optional
            A province or city (name, pinyin or adcode) that contains the region.

        Returns
        -------
        Resolution
            status "ok" with region_id and level, or "ambiguous" / "unresolved" with
            candidates, or "empty"; `reading` and `reading_severity` say how a name was read.

        Examples
        --------
        >>> found = default_resolver().resolve_one(450100.0)
        >>> found.region_id, found.level, found.status
        ('450100', 'city', 'ok')
        """
        return self._outcome(value, parent).resolution

    def _outcome(self, value: object, parent: object = None) -> _Outcome:
        text = _display(value)
        if text is None:
            return _Outcome(Resolution(None, None, "empty"))
        parent_text = _display(parent)
        cache_key = (text, parent_text)
        cached = self._cache.get(cache_key)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[cache_key] = self._resolve(text, parent_text)
        return cached

    def _resolve(self, value: str, parent: str | None) -> _Outcome:
        folded = fold_text(value)
        text = to_simplified(folded)
        traditional = text if text != folded else None
        parent_rows = None
        if parent is not None:
            parent_text = to_simplified(fold_text(parent))
            parent_rows = self._parent_rows(parent_text)
            if not parent_rows:
                latin = _LATIN.fullmatch(parent_text) is not None
                closest = self._closest(parent_text, latin, None, upper_only=True)
                return _Outcome(Resolution(None, None, "unresolved", closest, value, parent, "parent"))

        def keep(row: int) -> bool:
            return parent_rows is None or self._inside(row, parent_rows)

        code = self._code(text)
        if code is not None:
            return _Outcome(self._resolve_code(code, value, parent, keep))

        latin = _LATIN.fullmatch(text) is not None
        key = _latin_key(text) if latin else _zh_key(text)
        hits = self._match(key, latin, keep)
        how: dict[int, _Hit] = {}
        for hit in hits:
            row = self._finest[hit.row]
            if row not in how or _HOW.index(hit.how) < _HOW.index(how[row].how):
                how[row] = hit
        rows = list(how)
        if latin and len(rows) > 1:
            rows = self._homophones(rows)
        reading = None
        if parent_rows and len(rows) > 1:
            # 吉林 in 吉林省: the unit below the province. A parent that is itself ambiguous (吉林)
            # is read as its coarsest reading first, as parent columns mostly name provinces.
            coarsest = min(self.ranks[row] for row in parent_rows)
            for parents_read in (parent_rows, [row for row in parent_rows if self.ranks[row] == coarsest]):
                itself = {self._finest[row] for row in parents_read}
                below = [row for row in rows if row not in itself and self._inside(row, parents_read)]
                if below and len(below) < len(rows):
                    rows = below
                    reading = "parent_self"
                    break
        shadowed: tuple[int, ...] = ()
        others: tuple[int, ...] = ()
        if rows and not latin and all(how[row].how == "" for row in rows):
            # A literal match hides a former unit of the same full name (巢湖市, the prefecture until
            # 2011) and colloquial forms of other units (巴州: 巴州区, or 巴音郭楞蒙古自治州 in Xinjiang).
            # A former unit inside today's namesake is no other place (运城市, the county-level city
            # that became 盐湖区 when the prefecture took its name).
            shadowed = tuple(
                i
                for i in self._former_full.get(key, ())
                if not any(self._inside(r, rows) for r in self._formers[i].rows)
                and any(keep(r) for r in self._formers[i].rows)
            )
            others = tuple(row for row in self._colloquial.get(key, ()) if keep(row) and self._finest[row] not in rows)
        outcome = dict(
            rows=tuple(rows),
            shadowed=shadowed,
            colloquial=others,
            parent_rows=tuple(parent_rows or ()),
        )
        winner = self._outermost(rows)
        if winner is not None:
            note = self._note(value, winner, how[winner], reading, traditional, parent, shadowed)
            return _Outcome(self._ok(winner, value, parent, note), **outcome)
        if rows:
            rows.sort(key=lambda row: (self.ids[row], self.ranks[row]))
            labels = tuple(map(self._label, rows))
            formers = {how[row].former for row in rows} - {None}
            text_, severity = None, ""
            if len(formers) == 1 and all(how[row].how == "former" for row in rows):
                former = self._formers[formers.pop()]
                kind = "newer_split" if former.kind == "newer" else "split"
                text_ = Text(f"region.reading.{kind}", value=value, year=former.year, candidates=Labels(labels))
                severity = "warning"
            resolution = Resolution(
                None, None, "ambiguous", labels, value, parent, reading=text_, reading_severity=severity
            )
            return _Outcome(resolution, **outcome)
        closest = self._closest(text, latin, parent_rows)
        return _Outcome(Resolution(None, None, "unresolved", closest, value, parent, "name"), **outcome)

    def _note(
        self,
        value: str,
        row: int,
        hit: _Hit,
        reading: str | None,
        traditional: str | None,
        parent: str | None,
        shadowed: tuple[int, ...],
    ) -> tuple[Text, str] | None:
        """The most telling reading of a match: former, parent naming itself, address, colloquial, traditional."""
        if hit.how == "former" and hit.former is not None:
            return self._former_reading(value, hit.former, row)
        if shadowed:
            former = self._formers[shadowed[-1]]
            successors = Labels(tuple(self._label(r) for r in former.rows))
            return self._reading("also_former", value, row, year=former.year, successors=successors)
        if reading == "parent_self":
            return self._reading("parent_self", value, row, parent=parent)
        if hit.how in ("address", "colloquial"):
            return self._reading(hit.how, value, row)
        if traditional is not None:
            return self._reading("traditional", value, row, simplified=traditional)
        return None

    def _resolve_code(self, code: str, value: str, parent: str | None, keep: Callable[[int], bool]) -> Resolution:
        rows = self.by_id.get(code, [])
        if not rows:
            formers = self._former_codes.get(code, ())
            successors = _unique(row for i in formers for row in self._formers[i].rows if keep(row))
            if len(successors) == 1:
                former = self._formers[formers[-1]]
                note = self._reading("former_code", value, successors[0], former=former.name, year=former.year)
                return self._ok(successors[0], value, parent, note)
            if successors:
                successors.sort(key=lambda row: (self.ids[row], self.ranks[row]))
                labels = tuple(map(self._label, successors))
                former = self._formers[formers[-1]]
                split = Text("region.reading.split", value=former.name, year=former.year, candidates=Labels(labels))
                return Resolution(
                    None, None, "ambiguous", labels, value, parent, reading=split, reading_severity="warning"
                )
            same_prefix: list[int] = []
            for prefix in (code[:4], code[:2]) if code else ():
                same_prefix = [row for row, rid in enumerate(self.ids) if rid.startswith(prefix)]
                if same_prefix:
                    break
            labels = tuple(map(self._label, _unique(self._finest[row] for row in same_prefix)))
            return Resolution(None, None, "unresolved", labels[:_CLOSEST], value, parent, "code")
        inside = [row for row in rows if keep(row)]
        if not inside:
            labels = (self._label(max(rows, key=lambda row: self.ranks[row])),)
            return Resolution(None, None, "unresolved", labels, value, parent, "code")
        return self._ok(max(inside, key=lambda row: self.ranks[row]), value, parent)

    # -- a column --------------------------------------------------------------------------

    def _in_context(self, outcome: _Outcome, context: _Context) -> Resolution:
        """The outcome again in the light of the other rows: pick among candidates, order the closest."""
        found = outcome.resolution
        if found.status == "unresolved":
            text = to_simplified(fold_text(found.value))
            latin = _LATIN.fullmatch(text) is not None
            parents = list(outcome.parent_rows) or None
            closest = self._closest(text, latin, parents, context=context)
            return Resolution(None, None, "unresolved", closest, found.value, found.parent, "name")
        # Options: each candidate row, and each former unit that shares the name (巢湖市 the prefecture).
        options: list[tuple[float, int | None, tuple[int, ...]]] = [
            (self._fit(row, context), None, (row,)) for row in outcome.rows
        ]
        options += [(self._fit(row, context), None, (row,)) for row in outcome.colloquial]
        for i in outcome.shadowed:
            former = self._formers[i]
            fit = max(self._fit(row, context, level=former.level) for row in former.rows)
            options.append((fit, i, former.rows))
        if len(options) < 2:
            return found
        options.sort(key=lambda option: -option[0])
        best, runner_up = options[0][0], options[1][0]
        top = options[:1]
        current = None if found.region_id is None else self._row_of(found.region_id, found.level)
        if best < _FIT or best - runner_up < _MARGIN or top[0][2] == (current,):
            return found
        _, former, rows = top[0]
        if former is not None and len(rows) > 1:
            labels = tuple(self._label(row) for row in sorted(rows, key=lambda row: self.ids[row]))
            year = self._formers[former].year
            split = Text("region.reading.split", value=found.value, year=year, candidates=Labels(labels))
            return Resolution(
                None, None, "ambiguous", labels, found.value, found.parent, reading=split, reading_severity="warning"
            )
        if former is not None:
            return self._ok(rows[0], found.value, found.parent, self._former_reading(found.value, former, rows[0]))
        note = self._reading("context", found.value, rows[0], basis=self._basis(context))
        return self._ok(rows[0], found.value, found.parent, note)

    def _row_of(self, region_id: str, level: str | None) -> int | None:
        for row in self.by_id.get(region_id, ()):
            if self.levels[row] == level:
                return row
        return None

    def _basis(self, context: _Context) -> Text:
        province, level = context.province(), context.level()
        name = self._name_at(province, "province") if province else None
        level_text = Text(f"region.level.{level}") if level else None
        if name and level_text:
            return Text("region.context.both", province=name, level=level_text)
        if name:
            return Text("region.context.province", province=name)
        return Text("region.context.level", level=level_text or Text("region.level.county"))

    def _context(self, outcomes: list[_Outcome], weights: np.ndarray) -> _Context:
        provinces: Counter = Counter()
        cities: Counter = Counter()
        levels: Counter = Counter()
        total = 0
        for outcome, weight in zip(outcomes, weights.tolist(), strict=True):
            found = outcome.resolution
            if found.status != "ok" or not weight:
                continue
            row = self._row_of(found.region_id, found.level)
            if found.level != "province":  # a row that is a province says nothing about where the others lie
                provinces[self.province_ids[row]] += weight
            cities[self.city_ids[row] or self.ids[row]] += weight
            levels[found.level] += weight
            total += weight
        return _Context(provinces, cities, levels, total)

    def resolve(self, values: pd.Series, parents: pd.Series | None = None, *, context: bool = True) -> pd.DataFrame:
        """Resolve a column of region cells, each distinct (value, parent) pair once.

        Parameters
        ----------
        values : Series
            Region cells: adcodes, names or pinyin, any dtype.
        parents : Series, optional
            A province or city for each cell, aligned with `values` by index.
        context : bool, default True
            Let the other rows of the column pick among same-named candidates (the provinces
            they lie in, the level most of them resolve to) and order the closest names of
            unresolved cells. Such a choice carries a reading of severity "warning".

        Returns
        -------
        DataFrame
            Indexed like `values`, with region_id and level (str, NaN unless "ok"), status
            ("ok", "unresolved", "ambiguous", "empty"), candidates (tuple of labels), reading
            (`analysis.i18n.Text` or None) and reading_severity ("", "note" or "warning").

        Raises
        ------
        ValueError
            When `parents` has an index that cannot be aligned (duplicates) with `values`.

        Examples
        --------
        >>> out = default_resolver().resolve(pd.Series(["南宁", "朝阳区", None]))
        >>> out["status"].tolist()
        ['ok', 'ambiguous', 'empty']
        >>> out = default_resolver().resolve(pd.Series(["西宁", "海东", "海南", "玉树"]))
        >>> out["region_id"].tolist(), out["reading_severity"].tolist()
        (['630100', '630200', '632500', '632700'], ['', '', 'warning', ''])
        """
        values = values if isinstance(values, pd.Series) else pd.Series(values)
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        uniques = list(uniques)
        if parents is None:
            pairs = [(value, None) for value in uniques]
        else:
            if not parents.index.equals(values.index):
                parents = parents.reindex(values.index)
            parent_codes, parent_uniques = pd.factorize(parents, use_na_sentinel=False)
            parent_uniques = list(parent_uniques)
            width = max(len(parent_uniques), 1)
            codes, pair_codes = pd.factorize(codes.astype(np.int64) * width + parent_codes)
            pairs = [(uniques[c // width], parent_uniques[c % width]) for c in pair_codes]
        outcomes = [self._outcome(value, parent) for value, parent in pairs]
        results = [o.resolution for o in outcomes]
        if context and len(pairs) > 1:
            weights = np.bincount(codes, minlength=len(pairs))
            whole = self._context(outcomes, weights)
            for i, outcome in enumerate(outcomes):
                found = outcome.resolution
                if not self._may_change(outcome):
                    continue
                own = None if found.status != "ok" else self._row_of(found.region_id, found.level)
                seen = whole.without(
                    None if own is None else self.province_ids[own],
                    None if own is None else (self.city_ids[own] or self.ids[own]),
                    found.level,
                    int(weights[i]) if own is not None else 0,
                )
                if seen.total:
                    results[i] = self._in_context(outcome, seen)

        def take(per_pair: list, dtype: str | None) -> pd.api.extensions.ExtensionArray | np.ndarray:
            if dtype is None:  # tuples and texts: fill an object array so numpy does not unpack them
                array = np.empty(len(per_pair), dtype=object)
                array[:] = per_pair
                return array.take(codes)
            return pd.array(per_pair, dtype=dtype).take(codes)

        return pd.DataFrame(
            {
                "region_id": take([r.region_id for r in results], "str"),
                "level": take([r.level for r in results], "str"),
                "status": take([r.status for r in results], "str"),
                "candidates": take([r.candidates for r in results], None),
                "reading": take([r.reading for r in results], None),
                "reading_severity": take([r.reading_severity for r in results], "str"),
            },
            index=values.index,
        )

    @staticmethod
    def _may_change(outcome: _Outcome) -> bool:
        """Whether the other rows can change this outcome: a choice among candidates, or closest names to order."""
        found = outcome.resolution
        if found.status == "unresolved":
            return found.reason == "name" and bool(found.candidates)
        return len(outcome.rows) + len(outcome.shadowed) + len(outcome.colloquial) > 1


def load_former_names() -> pd.DataFrame:
    """The bundled former names (data/former_names.csv, built by scripts/build_former_names.py)."""
    return pd.read_csv(FORMER_NAMES_CSV, dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def default_resolver() -> RegionResolver:
    """The resolver over the bundled region table and former names, built once."""
    return RegionResolver(boundaries.load_regions(), load_former_names())
