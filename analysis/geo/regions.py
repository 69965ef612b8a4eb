"""Resolve the `region` cells of an upload (adcodes, Chinese names, pinyin) to region_ids.

Rules, in order (DATA.md, "Regions"):

1. Empty, NaN or white space → status "empty".
2. A 6-digit adcode as text or number (``450100``, ``450100.0``, ``" ４５０１００ "``; a 9- or
   12-digit statistics code ending in zeros is cut to 6 digits). An id that exists at two
   levels (东莞市 441900 is a city and a county) is one place and resolves to the **finest**
   level, "county". An explicit province code stays a province (110000 is 北京市 the province).
3. A name, after `normalise_text`, tried tier by tier; the first tier with a match wins:
   Chinese: exact full name (朝阳市) → short name (朝阳, 新疆) → a province and/or city prefix
   followed by the rest (广西南宁, 吉林省长春市朝阳区); latin, ignoring case, spaces, hyphens and
   apostrophes: English name (Shaanxi, Hong Kong) → first pinyin reading → any pinyin reading →
   the same after dropping a suffix word ("Nanning City", "Chaoyang Qu": the suffix keeps only
   names ending in 市/区…) → a latin prefix ("Jilin Changchun").
4. Places with one full name at nested levels are one place and collapse to the finest:
   北京市 (province 110000, city 110100) → 110100; 东莞市 → 441900 at county level; 台湾省 → 710000
   at county level.
5. Latin input loses the characters, so homophones are broken by level: when the coarsest
   candidates share one Chinese short name, finer places with another name are dropped
   ("Nanjing" → 南京市, not 南靖县; "Chaoyang" keeps the 朝阳s and drops 潮阳区).
6. A parent (province or city; name, pinyin or adcode) keeps only candidates inside it, inside
   any of its readings when the parent itself is ambiguous (吉林 = 吉林省 or 吉林市). A parent that
   names no province or city → "unresolved". An adcode outside its parent → "unresolved".
7. Several candidates left: when one contains all the others (长沙 → 长沙市, not 长沙县 inside it;
   吉林 → 吉林省 ⊃ 吉林市) or exactly one of the outermost is a province (河北 → 河北省, not 天津's
   河北区), it wins. Otherwise "ambiguous", listing every candidate (朝阳 → 朝阳市, 朝阳县 and
   two 朝阳区; 西安 → 西安市 and two 西安区). None → "unresolved" with up to five closest by
   difflib ratio (names, or pinyin for latin input; those inside the parent first).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.geo import boundaries
from analysis.geo.names import normalise_text
from analysis.schemas import LEVELS

STATUSES = ("ok", "unresolved", "ambiguous", "empty")
RESULT_COLUMNS = ("region_id", "level", "status", "candidates")

_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_CODE = re.compile(r"(\d+)(?:\.0*)?")
_LATIN = re.compile(r"[A-Za-zÜüÄäÖö'’`\-.·]+")
_LATIN_DROP = re.compile(r"['’`\-.·_]")
_ZH_DROP = re.compile(r"[·・\-—_/\\,，、|>.:：]")
# Short forms that `short_name` gets wrong or the table lacks, keyed by full name.
_ZH_ALIASES = {"新疆维吾尔自治区": ("新疆",), "万柏林区": ("万柏林",)}
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


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one region cell.

    `value`, `parent` and `reason` only feed `message` and are left out of comparisons.
    """

    region_id: str | None
    level: str | None
    status: str
    candidates: tuple[str, ...] = ()
    value: str = field(default="", compare=False)
    parent: str | None = field(default=None, compare=False)
    reason: str = field(default="", compare=False)  # unresolved: "name", "code" or "parent"

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
        zh = lang == "zh"
        listed = ("；" if zh else "; ").join(self.candidates)
        if self.status == "ok":
            return ""
        if self.status == "empty":
            return (
                "地区为空。请填写地区名称或行政区划代码。"
                if zh
                else "The region is empty. Fill in a region name or adcode."
            )
        if self.status == "ambiguous":
            if zh:
                return f"“{self.value}”有 {len(self.candidates)} 个同名地区：{listed}。请增加省份或城市列以区分。"
            return (
                f"'{self.value}' matches {len(self.candidates)} regions: {listed}. "
                "Add a province or city column to tell them apart."
            )
        closest = (f"最接近的：{listed}。" if zh else f"Closest: {listed}. ") if self.candidates else ""
        if self.reason == "parent":
            if zh:
                return (
                    f"未找到上级地区“{self.parent}”（“{self.value}”所在的省份或城市）。{closest}"
                    "请检查省份或城市列的拼写或改用行政区划代码。"
                )
            return (
                f"No province or city named '{self.parent}' (the parent of '{self.value}'). {closest}"
                "Check the spelling in the province or city column or use the 6-digit adcode."
            )
        if self.parent is not None:
            if zh:
                return (
                    f"在“{self.parent}”中未找到地区“{self.value}”。{closest}请检查拼写或上级地区，或改用行政区划代码。"
                )
            return (
                f"No region named '{self.value}' in '{self.parent}'. {closest}"
                "Check the spelling and the parent, or use the 6-digit adcode."
            )
        if self.reason == "code":
            if zh:
                return f"未找到行政区划代码“{self.value}”。{closest}请检查代码（6 位数字）或改用地区名称。"
            return f"No region with adcode '{self.value}'. {closest}Check the code (6 digits) or use the region name."
        if zh:
            return f"未找到地区“{self.value}”。{closest}请检查拼写或改用行政区划代码。"
        return f"No region named '{self.value}'. {closest}Check the spelling or use the 6-digit adcode."


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
    return _ZH_DROP.sub("", text)


def _add(index: dict[str, list[int]], key: str, row: int) -> None:
    rows = index.setdefault(key, [])
    if row not in rows:
        rows.append(row)


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


class RegionResolver:
    """Resolve region cells against one region table; the lookups are built once.

    Parameters
    ----------
    regions : DataFrame
        The region table as returned by `analysis.geo.boundaries.load_regions`: region_id, name,
        short_name, name_en, pinyin, level, parent_id, province_id, city_id.

    Examples
    --------
    >>> resolver = default_resolver()
    >>> resolver.resolve_one("广西南宁").region_id
    '450100'
    >>> resolver.resolve_one("朝阳区", parent="长春").region_id
    '220104'
    """

    def __init__(self, regions: pd.DataFrame):
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
        english: dict[str, list[int]] = {}
        first_reading: dict[str, list[int]] = {}
        any_reading: dict[str, list[int]] = {}
        zh_prefix: dict[str, list[int]] = {}
        latin_prefix: dict[str, list[int]] = {}
        zh_strings: list[tuple[str, int]] = []
        latin_strings: list[tuple[str, int]] = []
        for row, (name, short_name, name_en, pinyin) in enumerate(
            zip(self.names, self.shorts, column("name_en"), column("pinyin"), strict=True)
        ):
            _add(self.by_id, self.ids[row], row)
            zh_keys = [_zh_key(normalise_text(name))]
            shorts = [_zh_key(normalise_text(s)) for s in (short_name, *_ZH_ALIASES.get(name, ())) if s]
            readings = [_latin_key(normalise_text(p)) for p in (pinyin or "").split("|") if p]
            english_keys = [_latin_key(normalise_text(e)) for e in (name_en, *_LATIN_ALIASES.get(name, ())) if e]
            for key in zh_keys:
                _add(full, key, row)
            for key in shorts:
                _add(short, key, row)
            for key in english_keys:
                _add(english, key, row)
            if readings:
                _add(first_reading, readings[0], row)
            for key in readings:
                _add(any_reading, key, row)
            if self.ranks[row] < _RANK["county"]:
                for key in zh_keys + shorts:
                    _add(zh_prefix, key, row)
                for key in english_keys + readings[:1]:
                    _add(latin_prefix, key, row)
            zh_strings += [(key, row) for key in dict.fromkeys(zh_keys + shorts)]
            latin_strings += [(key, row) for key in dict.fromkeys(english_keys + readings)]
        self._tiers = {False: (full, short), True: (english, first_reading, any_reading)}
        self._prefixes = {False: zh_prefix, True: latin_prefix}
        self._prefix_len = {latin: max(map(len, p), default=0) for latin, p in self._prefixes.items()}
        upper = {row for row in range(n) if self.ranks[row] < _RANK["county"]}
        self._fuzzy = {
            (False, False): _Fuzzy(zh_strings, _chars),
            (True, False): _Fuzzy(latin_strings, _bigrams),
            (False, True): _Fuzzy([e for e in zh_strings if e[1] in upper], _chars),
            (True, True): _Fuzzy([e for e in latin_strings if e[1] in upper], _bigrams),
        }
        self._finest = self._same_place_finest()
        self._cache: dict[tuple[str, str | None], Resolution] = {}

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
        return False

    def _match(self, key: str, latin: bool, keep: Callable[[int], bool], depth: int = 0) -> list[int]:
        """Rows named `key`, by the first tier that has any row passing `keep`."""
        for tier in self._tiers[latin]:
            hits = [row for row in tier.get(key, ()) if keep(row)]
            if hits:
                return hits
        if latin:
            for suffix, endings in _LATIN_SUFFIXES:
                if key.endswith(suffix) and len(key) - len(suffix) >= 2:
                    hits = self._match(key[: -len(suffix)], latin, keep, depth)
                    if hits:
                        return [row for row in hits if self.names[row].endswith(endings)] or hits
        if depth >= 2:
            return []
        hits = []
        prefixes = self._prefixes[latin]
        for length in range(min(len(key) - 1, self._prefix_len[latin]), 1, -1):
            for p in prefixes.get(key[:length], ()):

                def inside_p(row: int, p: int = p) -> bool:
                    return self._inside(row, (p,), strict=True) and keep(row)

                hits += self._match(key[length:], latin, inside_p, depth + 1)
        return _unique(hits)

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
            return [row for row in self.by_id.get(code, ()) if upper(row)]
        latin = _LATIN.fullmatch(text) is not None
        key = _latin_key(text) if latin else _zh_key(text)
        return self._match(key, latin, upper)

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

    def _closest(self, text: str, latin: bool, parents: list[int] | None, upper_only: bool = False) -> tuple[str, ...]:
        """Up to five labels of the rows most similar to `text`, those inside `parents` first."""
        query = _latin_key(text) if latin else _zh_key(text)
        best: dict[int, float] = {}
        for row, ratio in self._fuzzy[(latin, upper_only)].scores(query).items():
            if parents and self._inside(row, parents):
                ratio += 1.0  # a near name inside the given parent beats a closer one elsewhere
            row = self._finest[row]
            best[row] = max(best.get(row, 0.0), ratio)
        ranked = sorted(best, key=lambda row: (-best[row], self.ids[row], self.ranks[row]))
        return tuple(self._label(row) for row in ranked[:_CLOSEST])

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

    def _ok(self, row: int, value: str, parent: str | None) -> Resolution:
        return Resolution(self.ids[row], self.levels[row], "ok", value=value, parent=parent)

    # -- public --------------------------------------------------------------------------

    def resolve_one(self, value: object, parent: object = None) -> Resolution:
        """Resolve one region cell, optionally within a parent province or city.

        Parameters
        ----------
        value : str, int or float
            An adcode (``"450100"``, ``450100``, ``450100.0``), a Chinese name (``"南宁市"``,
            ``"南宁"``, ``"广西南宁"``) or pinyin/English (``"Nanning"``). NaN or blank is "empty".
        parent : str, int or float, optional
            A province or city (name, pinyin or adcode) that contains the region.

        Returns
        -------
        Resolution
            status "ok" with region_id and level, or "ambiguous" / "unresolved" with
            candidates, or "empty".

        Examples
        --------
        >>> found = default_resolver().resolve_one(450100.0)
        >>> found.region_id, found.level, found.status
        ('450100', 'city', 'ok')
        """
        text = _display(value)
        if text is None:
            return Resolution(None, None, "empty")
        parent_text = _display(parent)
        cache_key = (text, parent_text)
        cached = self._cache.get(cache_key)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[cache_key] = self._resolve(text, parent_text)
        return cached

    def _resolve(self, value: str, parent: str | None) -> Resolution:
        text = normalise_text(value)
        parent_rows = None
        if parent is not None:
            parent_text = normalise_text(parent)
            parent_rows = self._parent_rows(parent_text)
            if not parent_rows:
                latin = _LATIN.fullmatch(parent_text) is not None
                closest = self._closest(parent_text, latin, None, upper_only=True)
                return Resolution(None, None, "unresolved", closest, value, parent, "parent")

        def keep(row: int) -> bool:
            return parent_rows is None or self._inside(row, parent_rows)

        code = self._code(text)
        if code is not None:
            rows = self.by_id.get(code, [])
            if not rows:
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

        latin = _LATIN.fullmatch(text) is not None
        key = _latin_key(text) if latin else _zh_key(text)
        rows = _unique(self._finest[row] for row in self._match(key, latin, keep))
        if latin and len(rows) > 1:
            rows = self._homophones(rows)
        winner = self._outermost(rows)
        if winner is not None:
            return self._ok(winner, value, parent)
        if rows:
            rows.sort(key=lambda row: (self.ids[row], self.ranks[row]))
            return Resolution(None, None, "ambiguous", tuple(map(self._label, rows)), value, parent)
        return Resolution(None, None, "unresolved", self._closest(text, latin, parent_rows), value, parent, "name")

    def resolve(self, values: pd.Series, parents: pd.Series | None = None) -> pd.DataFrame:
        """Resolve a column of region cells, each distinct (value, parent) pair once.

        Parameters
        ----------
        values : Series
            Region cells: adcodes, names or pinyin, any dtype.
        parents : Series, optional
            A province or city for each cell, aligned with `values` by index.

        Returns
        -------
        DataFrame
            Indexed like `values`, with region_id and level (str, NaN unless "ok"), status
            ("ok", "unresolved", "ambiguous", "empty") and candidates (tuple of labels).

        Raises
        ------
        ValueError
            When `parents` has an index that cannot be aligned (duplicates) with `values`.

        Examples
        --------
        >>> out = default_resolver().resolve(pd.Series(["南宁", "朝阳区", None]))
        >>> out["status"].tolist()
        ['ok', 'ambiguous', 'empty']
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
        results = [self.resolve_one(value, parent) for value, parent in pairs]

        def take(per_pair: list, dtype: str | None) -> pd.api.extensions.ExtensionArray | np.ndarray:
            if dtype is None:  # tuples: fill an object array so numpy does not unpack them
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
            },
            index=values.index,
        )


@lru_cache(maxsize=1)
def default_resolver() -> RegionResolver:
    """The resolver over the bundled region table (`analysis.geo.boundaries.load_regions`), built once."""
    return RegionResolver(boundaries.load_regions())
