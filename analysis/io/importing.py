"""The one import path, used by the Data page and the command line alike.

bytes → read (encoding, sheet, header row, units note) → map columns → leave out totals rows →
parse values → resolve regions (saved region map first) → levels and subtotals → validate → a
clean frame in stored columns plus every finding; then `commit_import` plans the change (update by
partition or replace) and writes it with the rows set aside, the user and the audit detail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.formats import Figure
from analysis.geo.names import normalise_text
from analysis.geo.regions import RegionResolver, Resolution, default_resolver
from analysis.i18n import Join, Text
from analysis.io.cells import (
    is_placeholder,
    own_units,
    parse_bools,
    parse_discounts,
    parse_months,
    parse_numbers,
    parse_years,
    unparsed,
)
from analysis.io.columns import Mapping, MappingError, apply_mapping, guess_columns
from analysis.io.files import Limits, ReadError, Table, read_table
from analysis.io.levels import _RANK
from analysis.io.store import Store, UpdatePlan, VersionInfo
from analysis.io.units import unit_in_header
from analysis.schemas import KINDS, Column, Kind

FINDING_COLUMNS = ["severity", "row", "column", "value", "code", "message_zh", "message_en"]
REPORT_COLUMNS = ["severity", "row", "column", "value", "message"]
SEVERITIES = ("error", "warning", "note")
PARENT_COLUMNS = ("province", "parent_city")
DEFAULT_MODE = "update"  # every kind: an import replaces the partitions (months, years, ids) it holds
_NUMERIC_TYPES = ("year", "int", "float", "money", "share", "score")
_COUNT_TYPES = ("int", "year", "score")
_LIMIT = {"int": 2**53, "year": 2**31 - 1, "score": 2**31 - 1, "float": 1e18, "money": 1e18, "share": 1e18}
_NO_NOTE_UNIT = ("avg_price", "local_price", "income_per_capita")  # prices: a "单位：万元" note is about amounts
_TOTAL = re.compile(
    r"^(?:[(（\[【]?(?:合计|总计|小计|总合计|总和|共计|累计|全国合计|全部合计|汇总|总汇总)[)）\]】]?|total|grand total|"
    r"sub-?total|totals|sum)(?:[:：].*)?$",
    re.IGNORECASE,
)
_TOTAL_HINT = re.compile(r"[合总计小汇共累]|total|sum", re.IGNORECASE)  # cheap test before folding a cell
_MONTHS_APART = 240  # a month this many months away from the file's median month is misread
_UNIT_NAMES = {1.0: "元", 1e3: "千元", 1e4: "万元", 1e6: "百万元", 1e8: "亿元"}


@dataclass
class Findings:
    """Collects findings; each names the row as the user counts it (first row of the file = row 1).

    A finding carries a code and the parameters of its catalog text (``finding.<code>``, or a text
    given as such, like a region resolution's), rendered in both languages.
    """

    rows: list[dict] = field(default_factory=list)
    _rendered: dict = field(default_factory=dict, repr=False)

    def add(
        self,
        severity: str,
        code: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        /,
        text: Text | None = None,
        **params: object,
    ) -> None:
        """Add one finding; its message is `text`, else the catalog's ``finding.<code>`` with `params`.

        `row`, `column` and `value` are positional only, so that the text may have placeholders of
        the same names.
        """
        text = text or Text(f"finding.{code}", **params)
        try:
            rendered = self._rendered.get(text)
        except TypeError:  # a parameter that cannot be hashed: render it once, here
            rendered = (text.render("zh"), text.render("en"))
        if rendered is None:  # a thousand rows naming one unknown city share one message
            rendered = self._rendered[text] = (text.render("zh"), text.render("en"))
        self.rows.append(
            {
                "severity": severity,
                "row": row,
                "column": column,
                "value": None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value),
                "code": code,
                "message_zh": rendered[0],
                "message_en": rendered[1],
            }
        )

    def frame(self) -> pd.DataFrame:
        """Every finding as a frame with `FINDING_COLUMNS`."""
        out = pd.DataFrame(self.rows, columns=FINDING_COLUMNS)
        out["row"] = out["row"].astype("Int64")
        return out

    def error_rows(self) -> set[int]:
        """Rows of the file named by an error."""
        return {int(r["row"]) for r in self.rows if r["severity"] == "error" and r["row"] is not None}

    def has_file_errors(self) -> bool:
        """Whether an error is about the whole file (no row): nothing can be imported then."""
        return any(r["severity"] == "error" and r["row"] is None for r in self.rows)


@dataclass
class Prepared:
    """The outcome of reading and validating one file.

    `frame` holds the rows that have no error, in stored columns; `set_aside` the row numbers of
    the file that have one. The file is importable as it is when `ok`, and with its bad rows set
    aside when `importable(skip_bad_rows=True)`.
    """

    kind: str
    frame: pd.DataFrame
    findings: pd.DataFrame
    mapping: Mapping | None = None
    table: Table | None = None
    mapping_source: str = "guessed"  # "given", "saved" (found by `mapping_lookup`) or "guessed"
    set_aside: tuple[int, ...] = ()
    levels: pd.DataFrame | None = None  # level, rows: the file's rows per region level

    @property
    def errors(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "warning"]

    @property
    def notes(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "note"]

    @property
    def ok(self) -> bool:
        return self.errors.empty

    @property
    def file_errors(self) -> pd.DataFrame:
        """Errors about the whole file (a missing column, an unreadable file): set-aside cannot help."""
        errors = self.errors
        return errors[errors["row"].isna()]

    def importable(self, skip_bad_rows: bool = False) -> bool:
        """Whether the file can be imported: without errors, or with its bad rows set aside."""
        if self.ok:
            return True
        return skip_bad_rows and self.file_errors.empty and len(self.frame) > 0

    def offending_rows(self) -> pd.DataFrame:
        """The uploaded rows (as read) that have at least one error, with their row numbers."""
        if self.table is None or self.errors["row"].dropna().empty:
            return pd.DataFrame()
        wanted = set(self.errors["row"].dropna().astype(int))
        numbers = pd.Series(self.table.source_rows(self.table.frame.index), index=self.table.frame.index)
        original = self.table.frame[numbers.isin(wanted)]
        return original.assign(row=numbers[original.index])[["row", *original.columns]]

    def set_aside_rows(self, lang: str = "zh") -> pd.DataFrame:
        """Every row set aside with its reasons: row, reason (each error of the row), then its cells as uploaded."""
        cells = self.offending_rows()
        if cells.empty:
            return pd.DataFrame(columns=["row", "reason"])
        errors = self.errors.dropna(subset=["row"])
        reasons = errors.groupby(errors["row"].astype(int))[f"message_{lang}"].agg(" | ".join)
        out = cells.assign(reason=cells["row"].map(reasons))
        return out[["row", "reason", *[c for c in cells.columns if c != "row"]]].reset_index(drop=True)

    def report(self, lang: str = "zh") -> pd.DataFrame:
        """The validation report to show and download, in `lang` ("zh" or "en").

        Returns
        -------
        DataFrame
            severity, row, column, value, message: errors first, then warnings, then notes, each
            by row (findings about the whole file first); each finding on a row with an error is
            followed by the cells of that row as uploaded (a header that clashes gets a trailing "_").
        """
        findings = self.findings
        order = findings["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
        report = (
            findings.assign(message=findings[f"message_{lang}"], _order=order)
            .sort_values(["_order", "row"], na_position="first", kind="stable")[REPORT_COLUMNS]
            .reset_index(drop=True)
        )
        cells = self.offending_rows()
        if cells.empty:
            return report
        return report.merge(cells, on="row", how="left", suffixes=("", "_"))


def _unreadable(values: pd.Series, parsed: pd.Series) -> pd.Series:
    """`unparsed`, looking only at cells that hold text but no value, so a clean column costs one pass."""
    suspect = values.notna() & parsed.isna()
    if not suspect.any():
        return suspect
    return unparsed(values[suspect], parsed[suspect]).reindex(values.index, fill_value=False)


def _numbers(
    values: pd.Series,
    col: Column,
    header: str,
    rows: pd.Series,
    findings: Findings,
    multiplier: float = 1.0,
) -> pd.Series:
    parsed = parse_numbers(values)
    if col.name == "discount_rate":
        discounts = parse_discounts(values)
        parsed = parsed.where(discounts.isna(), discounts)
    if multiplier != 1.0:
        own = own_units(values)
        parsed = parsed.where(own, parsed * multiplier)
        if own.any():
            first = values[own].iloc[0]
            findings.add("note", "own_unit", int(rows[own.idxmax()]), header, first, rows=int(own.sum()), value=first)
    for idx in values.index[_unreadable(values, parsed)]:
        findings.add("error", "not_number", int(rows[idx]), header, values[idx], value=values[idx])
    if col.required:
        _placeholders(values, parsed, header, rows, findings)
    if col.non_negative:
        for idx in parsed.index[parsed < 0]:
            findings.add("error", "negative", int(rows[idx]), header, values[idx], header=header, value=values[idx])
    if col.type == "score":
        for idx in parsed.index[(parsed < 1) | (parsed > 5)]:
            findings.add(
                "error", "out_of_range_score", int(rows[idx]), header, values[idx], header=header, value=values[idx]
            )
    if col.type == "share":
        # 12 means 12 %; "150%" was already divided by 100 and stays out of range
        percent = values.str.contains("[%％折]").fillna(False).astype(bool)
        parsed = parsed.where((parsed <= 1) | percent, parsed / 100)
        for idx in parsed.index[parsed > 1]:
            findings.add(
                "error", "out_of_range_share", int(rows[idx]), header, values[idx], header=header, value=values[idx]
            )
    limit = _LIMIT.get(col.type, 1e18)
    big = parsed.abs() > limit
    for idx in parsed.index[big]:
        findings.add("error", "too_big", int(rows[idx]), header, values[idx], header=header, value=values[idx])
    parsed = parsed.mask(big)
    if col.type in _COUNT_TYPES:
        whole = parsed.round()
        fractional = (parsed - whole).abs() > 1e-6 * np.maximum(1.0, parsed.abs())
        for idx in parsed.index[fractional]:
            shown = f"{parsed[idx]:.15g}"
            findings.add("error", "not_whole", int(rows[idx]), header, values[idx], header=header, value=shown)
        return whole.mask(fractional).astype("Int64")
    return parsed.astype("float64")


def _placeholders(
    values: pd.Series, parsed: pd.Series | None, header: str, rows: pd.Series, findings: Findings
) -> None:
    """A placeholder (-, —, #N/A, nan, /) where a required value belongs: an error per row, never a silent blank."""
    suspect = values.notna() if parsed is None else values.notna() & parsed.isna()
    if not suspect.any():
        return
    where = values.index[suspect][is_placeholder(values[suspect]).to_numpy()]
    for idx in where:
        findings.add("error", "placeholder", int(rows[idx]), header, values[idx], header=header, value=values[idx])


def _required_blank(values: pd.Series, header: str, rows: pd.Series, findings: Findings) -> None:
    for idx in values.index[values.isna()]:
        findings.add("error", "blank", int(rows[idx]), header, header=header)


def _months(values: pd.Series, header: str, rows: pd.Series, findings: Findings, today: date | None) -> pd.Series:
    parsed = parse_months(values)
    for idx in values.index[_unreadable(values, parsed)]:
        findings.add("error", "bad_month", int(rows[idx]), header, values[idx], value=values[idx])
    counted = pc.value_counts(pa.array(parsed.array)).flatten()
    labels, counts = counted[0].to_pylist(), counted[1].to_numpy(zero_copy_only=False)
    known = [i for i, label in enumerate(labels) if label is not None]
    if known:
        uniques = np.array([labels[i] for i in known], dtype=object)
        numbers = np.array([int(u[:4]) * 12 + int(u[5:7]) - 1 for u in uniques])
        median = np.median(np.repeat(numbers, counts[known]))
        far = np.abs(numbers - median) > _MONTHS_APART
        if far.any():
            near = uniques[~far]
            first, last = (min(near), max(near)) if len(near) else ("–", "–")
            for idx in parsed.index[parsed.isin(uniques[far])]:
                findings.add(
                    "error", "outlier_month", int(rows[idx]), header, values[idx], month=parsed[idx],
                    value=values[idx], first=first, last=last,
                )  # fmt: skip
            parsed = parsed.mask(parsed.isin(uniques[far]))
    if today is None:  # months ahead are expected here (a plan, a contract's end)
        return parsed
    this_month = f"{today.year:04d}-{today.month:02d}"
    for idx in parsed.index[parsed.notna() & (parsed > this_month)]:
        findings.add("warning", "future_month", int(rows[idx]), header, values[idx], month=parsed[idx])
    return parsed


def _duplicates(
    frame: pd.DataFrame, key: list[str], rows: pd.Series, findings: Findings, headers: dict[str, str]
) -> pd.DataFrame:
    """Drop exact duplicate rows (a warning); report rows that repeat `key` with other values (an error).

    `key` holds only the key columns the file has: the others are "" in every row.
    """
    if not key or frame.empty:
        return frame
    # An exact duplicate also repeats the key, so only rows whose key repeats need a closer look.
    repeated = _repeated(frame, key)
    if not repeated.any():
        return frame
    suspects = frame[repeated]
    exact = suspects.duplicated(keep="first")
    for idx in suspects.index[exact]:
        findings.add("warning", "duplicate_row", int(rows[idx]))
    suspects = suspects[~exact]
    clash = suspects.duplicated(subset=key, keep=False)
    if clash.any():
        for _, group in suspects[clash].groupby(key, dropna=False, sort=False):
            first, *others = group.index
            label = ", ".join(str(group.loc[first, k]) for k in key)
            for idx in others:
                findings.add(
                    "error", "duplicate_key", int(rows[idx]), ", ".join(headers.get(k, k) for k in key),
                    row=int(rows[first]), label=label,
                )  # fmt: skip
    return frame.drop(index=exact.index[exact])


def _repeated(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """Rows whose `key` occurs more than once, all of them (`duplicated(keep=False)`).

    When there are not many more possible keys than rows (a million sales rows over a few
    thousand regions and months), counting the codes of each key is several times quicker
    than hashing every row.
    """
    combined = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for column in key:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        size *= max(len(uniques), 1)
        if size > 8 * len(frame) + 1024:
            return frame.duplicated(subset=key, keep=False).to_numpy()
        combined = combined * len(uniques) + codes
    return np.bincount(combined, minlength=size)[combined] > 1


def _fold(value: object) -> str:
    return normalise_text(value).lower()


def _totals(
    mapped: pd.DataFrame, table: Table, spec: Kind, rows: pd.Series, region_header: str | None, findings: Findings
) -> pd.Index:
    """Totals rows to leave out: 合计/总计/小计/Total in the region (or first) cell, or no region and the sums."""
    candidates = [mapped[c] for c in ("region",) if c in mapped.columns]
    first = table.frame.iloc[:, 0]
    if region_header != first.name:
        candidates.append(first.set_axis(mapped.index))
    marked = pd.Series(False, index=mapped.index)
    labels = pd.Series(None, index=mapped.index, dtype=object)
    for values in candidates:
        codes, uniques = pd.factorize(values)
        hit = np.array([_TOTAL_HINT.search(u) is not None and _TOTAL.match(_fold(u)) is not None for u in uniques])
        hit = hit.astype(bool)
        if hit.any():
            found = np.zeros(len(values), dtype=bool)
            found[codes >= 0] = hit[codes[codes >= 0]]
            labels = labels.where(~found | labels.notna(), values)
            marked |= found
    for idx in mapped.index[marked]:
        findings.add("warning", "totals_row", int(rows[idx]), None, labels[idx], value=labels[idx])
    if "region" in mapped.columns:
        blank = mapped["region"].isna() & ~marked
        amounts = [c.name for c in spec.columns if c.type in ("int", "money", "float") and c.name in mapped.columns]
        rest = ~blank & ~marked
        if blank.any() and amounts and rest.sum() >= 2:
            for idx in mapped.index[blank]:
                matches = []
                for column in amounts:
                    value = parse_numbers(mapped.loc[[idx], column]).iloc[0]
                    others = parse_numbers(mapped.loc[rest, column]).sum(min_count=1)
                    if np.isnan(value) and np.isnan(others):
                        continue
                    matches.append(bool(np.isclose(value, others, rtol=1e-6, atol=1e-6)))
                if matches and all(matches):
                    findings.add("warning", "totals_sum", int(rows[idx]))
                    marked[idx] = True
    return mapped.index[marked]


def _apply_region_map(
    values: pd.Series, region_map: MappingType[str, str], header: str, rows: pd.Series, findings: Findings
) -> pd.Series:
    """Cells the saved region map knows, replaced by their region id (one note per value)."""
    if not region_map:
        return values
    folded = {normalise_text(k): v for k, v in region_map.items()}
    codes, uniques = pd.factorize(values)
    targets = [folded.get(normalise_text(u)) for u in uniques]
    if not any(targets):
        return values
    out = values.copy()
    for i, target in enumerate(targets):
        if not target:
            continue
        where = codes == i
        out[where] = target
        first = int(rows[values.index[np.argmax(where)]])
        findings.add(
            "note", "region_mapped", first, header, uniques[i], value=uniques[i], region=target, rows=int(where.sum())
        )
    return out


def _regions(
    values: pd.Series,
    parents: pd.Series | None,
    header: str,
    rows: pd.Series,
    findings: Findings,
    resolver: RegionResolver,
) -> tuple[pd.Series, pd.Series]:
    """Region ids and levels; an error per row that does not resolve, a finding per value read non-literally."""
    if parents is None:
        # A million rows name a few thousand places: resolve each distinct cell once (the other distinct
        # cells are the context), then spread the ids and levels by an Arrow take.
        codes, uniques = pd.factorize(values)
        distinct = resolver.resolve(pd.Series(uniques, dtype=object))
        taken = pa.array(codes, mask=codes < 0)
        ids = pd.Series(pd.array(pa.array(distinct["region_id"].array).take(taken), dtype="str"), index=values.index)
        levels = pd.Series(pd.array(pa.array(distinct["level"].array).take(taken), dtype="str"), index=values.index)
        weights = np.bincount(codes[codes >= 0], minlength=len(uniques))
        _report_regions(
            distinct, pd.Series(uniques, dtype=object), codes, weights, values, header, rows, findings, resolver
        )
        return ids, levels
    resolved = resolver.resolve(values, parents)
    failed = resolved["status"].isin(["unresolved", "ambiguous"]).to_numpy()
    if failed.any():
        pairs = pd.DataFrame({"v": values[failed], "p": None if parents is None else parents[failed]})
        cache: dict[tuple, Text | None] = {}
        for idx, value, parent in zip(pairs.index, pairs["v"], pairs["p"], strict=True):
            key = (value, parent)
            if key not in cache:
                one = resolver.resolve_one(value, parent)
                status, candidates = resolved.at[idx, "status"], resolved.at[idx, "candidates"]
                cache[key] = Resolution(None, None, status, tuple(candidates), one.value, one.parent, one.reason).text()
            findings.add(
                "error", f"region_{resolved.at[idx, 'status']}", int(rows[idx]), header, value, text=cache[key]
            )
    readings = resolved["reading"]
    noted = readings.notna().to_numpy() & ~failed
    if noted.any():
        codes, uniques = pd.factorize(values[noted])
        first = np.zeros(len(uniques), dtype=np.int64)
        first[codes[::-1]] = np.arange(len(codes))[::-1]
        counts = np.bincount(codes, minlength=len(uniques))
        index = values.index[noted]
        for i, value in enumerate(uniques):
            idx = index[first[i]]
            severity = resolved.at[idx, "reading_severity"] or "note"
            findings.add(
                severity, "region_reading", int(rows[idx]), header, value,
                text=Text(
                    "finding.region_reading", reading=resolved.at[idx, "reading"], rows=Figure(counts[i], "count")
                ),
            )  # fmt: skip
    return resolved["region_id"], resolved["level"]


def _report_regions(
    distinct: pd.DataFrame,
    uniques: pd.Series,
    codes: np.ndarray,
    weights: np.ndarray,
    values: pd.Series,
    header: str,
    rows: pd.Series,
    findings: Findings,
    resolver: RegionResolver,
) -> None:
    """Errors per row of the distinct values that do not resolve, one finding per value read non-literally."""
    status = distinct["status"].to_numpy(dtype=object)
    failed = np.flatnonzero(np.isin(status, ["unresolved", "ambiguous"]))
    noted = np.flatnonzero(distinct["reading"].notna().to_numpy() & ~np.isin(status, ["unresolved", "ambiguous"]))
    if not len(failed) and not len(noted):
        return
    positions = {int(i): np.flatnonzero(codes == i) for i in [*failed, *noted]}
    for i in failed:
        one = resolver.resolve_one(uniques[i])
        text = Resolution(
            None, None, status[i], tuple(distinct["candidates"].iloc[i]), one.value, None, one.reason
        ).text()
        for position in positions[int(i)]:
            idx = values.index[position]
            findings.add("error", f"region_{status[i]}", int(rows[idx]), header, values[idx], text=text)
    for i in noted:
        idx = values.index[positions[int(i)][0]]
        severity = distinct["reading_severity"].iloc[i] or "note"
        text = Text("finding.region_reading", reading=distinct["reading"].iloc[i], rows=Figure(weights[i], "count"))
        findings.add(severity, "region_reading", int(rows[idx]), header, values[idx], text=text)


def _level_rows(
    out: pd.DataFrame,
    levels: pd.Series,
    values: pd.Series,
    spec: Kind,
    rows: pd.Series,
    header: str,
    findings: Findings,
) -> tuple[pd.Index, pd.DataFrame]:
    """Rows per level; subtotal rows to leave out (equal to their children); the mixed-level warning.

    A row coarser than most of the file's rows (a province among cities, a city among counties)
    that comes with rows below it in the file (same month and other key columns) is a subtotal
    when every amount equals their sum, and an error otherwise (it would count twice). Coarser
    rows without rows below them, and finer rows, make the file mixed: a warning that names how
    they will be used.
    """
    counted = pc.value_counts(pa.array(levels.array)).flatten()
    counts = pd.Series(counted[1].to_numpy(zero_copy_only=False), index=counted[0].to_pylist())
    counts = counts[[lv in _RANK for lv in counts.index]]
    table = pd.DataFrame({"level": counts.index, "rows": counts.to_numpy()})
    table = table.assign(rank=table["level"].map(_RANK)).sort_values("rank").drop(columns="rank")
    if counts.empty:
        return pd.Index([]), table.reset_index(drop=True)

    def listing(frame: pd.DataFrame) -> Join:
        return Join(
            Text("finding.level_count", level=Text(f"levels.name.{r.level}"), rows=Figure(r.rows, "count"))
            for r in frame.itertuples(index=False)
        )

    if len(counts) == 1:  # one level: the counts are in `Prepared.levels`, nothing to say
        return pd.Index([]), table.reset_index(drop=True)
    findings.add("note", "levels", None, header, counts=listing(table))
    dominant = counts.idxmax()
    amounts = [
        stored for c, stored in zip(spec.columns, spec.stored_columns, strict=True)
        if c.type in ("int", "money", "float") and stored in out.columns and stored not in spec.stored_key
    ]  # fmt: skip
    others = [k for k in spec.stored_key if k != "region_id" and k in out.columns]
    parents = _parents()
    fine = out[levels == dominant]
    fine_parents = parents.reindex(pd.MultiIndex.from_arrays([fine["region_id"], levels[fine.index]]))
    drop: list = []
    handled: set = set()
    for level in ("province", "city"):
        if _RANK[level] >= _RANK[dominant]:
            continue
        coarse = out[levels == level]
        if coarse.empty or not amounts:
            continue
        link = "province_id" if level == "province" else "city_id"
        children = fine[others + amounts].assign(_parent=fine_parents[link].to_numpy())
        sums = children.groupby(["_parent", *others], dropna=False)[amounts].sum(min_count=1)
        sizes = children.groupby(["_parent", *others], dropna=False).size()
        for idx in coarse.index:
            key = (coarse.at[idx, "region_id"], *(coarse.at[idx, k] for k in others))
            if key not in sizes.index:
                continue
            handled.add(idx)
            total = sums.loc[key]
            name = values[idx]
            differs = [
                c for c in amounts
                if not np.isclose(float(coarse.at[idx, c]), float(total[c]), rtol=1e-6, atol=1e-6)
            ]  # fmt: skip
            level_text = Text(f"levels.name.{level}")
            if not differs:
                findings.add(
                    "warning", "subtotal_row", int(rows[idx]), header, name, region=name, level=level_text,
                    children=int(sizes.loc[key]),
                )  # fmt: skip
                drop.append(idx)
            else:
                column = differs[0]
                findings.add(
                    "error", "subtotal_mismatch", int(rows[idx]), header, name, region=name, level=level_text,
                    children=int(sizes.loc[key]), column=column, value=f"{float(coarse.at[idx, column]):,.15g}",
                    total=f"{float(total[column]):,.15g}",
                )  # fmt: skip
    rest = levels[(levels != dominant) & levels.isin(list(_RANK))].drop(index=[*drop, *handled], errors="ignore")
    if not rest.empty:
        remaining = table.copy()
        remaining.loc[remaining["level"] == dominant, "rows"] = int(counts[dominant])
        for level in rest.unique():
            remaining.loc[remaining["level"] == level, "rows"] = int((rest == level).sum())
        coarser = rest[rest.map(_RANK) < _RANK[dominant]]
        if not coarser.empty:
            examples = Join(list(dict.fromkeys(values[coarser.index].astype(str)))[:3])
            sums = Join(
                Text("levels.value.units", n=Figure(out.loc[coarser.index, c].sum(), "units"))
                if c == "units" else Figure(out.loc[coarser.index, c].sum(), "money")
                for c in amounts if c in ("units", "revenue", "target_revenue")
            )  # fmt: skip
            coarse_level = coarser.map(_RANK).idxmin()
            findings.add(
                "warning", "mixed_levels", int(rows[coarser.index[0]]), header, None, counts=listing(remaining),
                coarser_rows=Figure(len(coarser), "count"), coarser=Text(f"levels.name.{levels[coarse_level]}"),
                examples=examples, value=sums, finer=Text(f"levels.name.{dominant}"),
            )  # fmt: skip
        finer = rest[rest.map(_RANK) > _RANK[dominant]]
        if not finer.empty:
            examples = Join(list(dict.fromkeys(values[finer.index].astype(str)))[:3])
            findings.add(
                "warning", "mixed_levels_finer", int(rows[finer.index[0]]), header, None, counts=listing(remaining),
                rows=Figure(len(finer), "count"), finer=Text(f"levels.name.{levels[finer.index[0]]}"),
                examples=examples, level=Text(f"levels.name.{dominant}"),
            )  # fmt: skip
    return pd.Index(drop), table.reset_index(drop=True)


def _parents() -> pd.DataFrame:
    """province_id and city_id of every (region_id, level) of the bundled table."""
    from analysis.geo import boundaries

    global _PARENTS
    if _PARENTS is None:
        regions = boundaries.load_regions()
        _PARENTS = regions.set_index(["region_id", "level"])[["province_id", "city_id"]]
    return _PARENTS


_PARENTS: pd.DataFrame | None = None


def _promotion_rows(out: pd.DataFrame, rows: pd.Series, header_of: dict, findings: Findings) -> None:
    """One objective and one plan per promotion (目标的单一化), by the rule the post-review relies on."""
    from analysis.summary.promotions import promotion_findings  # the review's module, loaded for this kind only

    for found in promotion_findings(out):
        column = header_of.get(found.column, found.column)
        findings.add("error", found.code, int(rows[found.row]), column, found.value, **found.params)


def _layout_notes(table: Table, findings: Findings) -> None:
    """What the reader found around the table: the header row, titles and notes left out, the sheet chosen."""
    if table.header_row > 1 or table.header_rows > 1:
        joined = Text("finding.header_joined", n=table.header_rows - 1) if table.header_rows > 1 else ""
        findings.add("note", "header_found", table.header_row, row=table.header_row, joined=joined)
    for left in table.left_out:
        unit = _UNIT_NAMES.get(table.money_scale or 1.0, f"×{table.money_scale:g}") if left.why == "units" else ""
        findings.add("note", f"left_out_{left.why}", left.row, None, left.text, row=left.row, line=left.text, unit=unit)
    if table.skipped_sheets:
        skipped = Join(
            Text("finding.sheet_skipped", sheet=s, why=Text(f"finding.sheet.{why}")) for s, why in table.skipped_sheets
        )
        findings.add("note", "sheet_chosen", None, None, table.sheet, sheet=table.sheet, skipped=skipped)
    for issue in table.issues:
        findings.add("error", issue.code, issue.row, issue.column, issue.value, value=issue.value)


def prepare(
    kind: str,
    raw: bytes,
    filename: str,
    *,
    mapping: Mapping | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    limits: Limits | None = None,
    resolver: RegionResolver | None = None,
    today: date | None = None,
    mapping_lookup: Callable[[list[str]], Mapping | None] | None = None,
    region_map: MappingType[str, str] | None = None,
) -> Prepared:
    """Read, map, parse, resolve and validate one uploaded file of `kind`.

    Parameters
    ----------
    kind : str
        One of `analysis.schemas.KINDS`.
    raw, filename : bytes, str
        The file as uploaded; the name only serves messages.
    mapping : Mapping, optional
        A confirmed column mapping; guessed from the headers when omitted. Its
        `money_units` (the unit chosen in the mapping step, e.g. ("revenue", 10000.0) for
        万元) override the unit in the header and in a note of the file.
    sheet : str, optional
        Excel sheet; the one holding the table when omitted.
    header_row : int, optional
        The header's row in the file (first row = 1); found when omitted.
    limits : Limits, optional
        Size limits for reading; `Limits()` when omitted.
    resolver : RegionResolver, optional
        The bundled region table's resolver when omitted.
    today : date, optional
        Sales months after today's month are warned about; the real date when omitted.
    mapping_lookup : callable, optional
        Called with the file's headers when no `mapping` is given; a mapping it returns
        (such as `analysis.io.mappings.find_mapping` for a store) is used instead of a guess.
    region_map : mapping of str to str, optional
        Region cells the analyst mapped before (value -> region id), applied before resolving.

    Returns
    -------
    Prepared
        `frame` holds the rows without errors in stored columns, `set_aside` the rows with one;
        `findings` lists every error, warning and note at once.
    """
    spec = KINDS[kind]
    findings = Findings()
    try:
        table = read_table(raw, filename, sheet=sheet, header_row=header_row, limits=limits or Limits())
    except ReadError as exc:
        findings.add("error", exc.code, text=exc.text)
        return Prepared(kind, spec.empty(), findings.frame())
    _layout_notes(table, findings)

    headers = list(table.frame.columns)
    source = "given"
    ties: dict[str, tuple[str, ...]] = {}
    if mapping is None and mapping_lookup is not None:
        mapping, source = mapping_lookup(headers), "saved"
    if mapping is None:
        guess, ties = guess_columns(headers, spec)
        mapping, source = Mapping.from_guess(guess), "guessed"
    for column, tied in ties.items():
        findings.add("error", "column_choice", None, column, field=column, headers=Join(tied))
    try:
        mapped, multipliers = apply_mapping(table.frame, mapping, table.money_scale)
    except MappingError as exc:  # a saved or hand-made mapping that does not fit this file
        findings.add("error", exc.code, **exc.params)
        return Prepared(kind, spec.empty(), findings.frame(), mapping, table, source)
    header_of = {c: h for h, c in mapping.columns}
    if table.money_scale is not None:
        chosen = dict(mapping.money_units)
        for column, header in header_of.items():
            if column in _NO_NOTE_UNIT and column not in chosen and unit_in_header(header) is None:
                multipliers[column] = 1.0  # a price is not in 万元 because the amounts are
            elif column in multipliers and column not in chosen and unit_in_header(header) is None:
                unit = _UNIT_NAMES.get(table.money_scale, f"×{table.money_scale:g}")
                findings.add(
                    "note", "unit_applied", None, header, header=header, unit=unit, factor=f"{table.money_scale:g}"
                )
    missing = [c for c in spec.required if c not in mapped.columns and c not in ties]
    for name in missing:
        findings.add("error", "missing_column", None, name, name=name)
    if missing or ties:
        return Prepared(kind, spec.empty(), findings.frame(), mapping, table, source)

    rows = pd.Series(table.source_rows(mapped.index), index=mapped.index)
    totals = _totals(mapped, table, spec, rows, header_of.get("region"), findings)
    if len(totals):
        mapped, rows = mapped.drop(index=totals), rows.drop(index=totals)
    out = pd.DataFrame(index=mapped.index)
    parents = None
    for parent in PARENT_COLUMNS:
        if parent in mapped.columns:
            parents = mapped[parent] if parents is None else mapped[parent].fillna(parents)
    today = today or date.today()
    resolver = resolver or default_resolver()
    levels = None
    region_header = header_of.get("region", "region")
    for col in spec.columns:
        if col.name not in mapped.columns:
            continue
        values = mapped[col.name]
        header = header_of.get(col.name, col.name)
        if col.required:
            _required_blank(values, header, rows, findings)
        if col.type == "region":
            values = _apply_region_map(values, region_map or {}, header, rows, findings)
            out["region_id"], levels = _regions(values, parents, header, rows, findings, resolver)
        elif col.type == "month":
            actuals = kind == "sales" and col.name == "month"
            out[col.name] = _months(values, header, rows, findings, today if actuals else None)
            if col.required:
                _placeholders(values, out[col.name], header, rows, findings)
        elif col.type == "year":
            parsed = parse_years(values)
            for idx in values.index[_unreadable(values, parsed)]:
                findings.add("error", "bad_year", int(rows[idx]), header, values[idx], value=values[idx])
            if col.required:
                _placeholders(values, parsed, header, rows, findings)
            out[col.name] = parsed
        elif col.type in ("int", "float", "money", "share", "score"):
            out[col.name] = _numbers(values, col, header, rows, findings, multipliers.get(col.name, 1.0))
        elif col.type == "bool":
            out[col.name] = parse_bools(values)
        else:
            text = values.str.strip()
            if col.required:
                _placeholders(text, None, header, rows, findings)
            if col.choices:
                for idx in text.index[text.notna() & ~text.isin(col.choices)]:
                    findings.add(
                        "error", "bad_choice", int(rows[idx]), header, text[idx], value=text[idx],
                        choices=Join(col.choices),
                    )  # fmt: skip
            out[col.name] = text.fillna("") if col.name in spec.key else text
    for key in spec.key:
        if key not in mapped.columns and spec.column(key).type == "text":
            out[key] = ""  # optional key parts (product, channel) default to "", so keys compare

    level_table = None
    if levels is not None:
        subtotals, level_table = _level_rows(out, levels, mapped["region"], spec, rows, region_header, findings)
        if len(subtotals):
            out, rows = out.drop(index=subtotals), rows.drop(index=subtotals)
    if kind == "promotions":
        _promotion_rows(out, rows, header_of, findings)
    stored_headers = {
        stored: header_of.get(c.name, c.name) for c, stored in zip(spec.columns, spec.stored_columns, strict=True)
    }
    present_key = [stored for k, stored in zip(spec.key, spec.stored_key, strict=True) if k in mapped.columns]
    out = _duplicates(out, present_key, rows, findings, stored_headers)
    bad = findings.error_rows()
    set_aside: tuple[int, ...] = ()
    if bad:
        keep = ~rows.reindex(out.index).isin(bad)
        set_aside = tuple(sorted(bad))
        out = out[keep.to_numpy()]
    clean = out.reindex(columns=list(spec.stored_columns)).reset_index(drop=True)
    if findings.has_file_errors():
        clean = clean.iloc[:0]
    return Prepared(kind, clean, findings.frame(), mapping, table, source, set_aside, level_table)


@dataclass(frozen=True)
class ImportOutcome:
    """What `commit_import` did: the plan it followed, the version it wrote, or why it wrote nothing."""

    prepared: Prepared
    plan: UpdatePlan | None = None
    info: VersionInfo | None = None
    summary: ImportSummary | None = None
    refused: Text | None = None

    @property
    def done(self) -> bool:
        return self.info is not None


def plan_import(store: Store, prepared: Prepared, mode: str = DEFAULT_MODE) -> UpdatePlan:
    """What importing `prepared` in `mode` would change, counted before anything is written.

    Parameters
    ----------
    store : Store
    prepared : Prepared
    mode : {"update", "replace"}
        "update" (the default for every kind) keeps the current rows of the partitions (months for
        sales and plan, years for competitors, housing and demographics, ids for distributors,
        territories and promotions) the file does not hold; "replace" makes the file the whole kind.

    Returns
    -------
    UpdatePlan
    """
    return store.plan_update(prepared.kind, prepared.frame, mode)


def commit_import(
    store: Store,
    prepared: Prepared,
    *,
    mode: str = DEFAULT_MODE,
    skip_bad_rows: bool = False,
    confirmed: bool = False,
    user: str | None = None,
    filename: str = "",
    plan: UpdatePlan | None = None,
) -> ImportOutcome:
    """Write a validated file as a new version, or nothing: the one write of the Data page and the CLI.

    Parameters
    ----------
    store : Store
    prepared : Prepared
        From `prepare`.
    mode : {"update", "replace"}
        See `plan_import`.
    skip_bad_rows : bool
        Import the rows without errors and set the others aside (counted in the version record);
        without it a file with any error is not imported at all.
    confirmed : bool
        A replace that removes more than half of the current rows needs it.
    user, filename : str
        For the version record and the audit trail.
    plan : UpdatePlan, optional
        The plan shown to the user (computed again when omitted).

    Returns
    -------
    ImportOutcome
        `refused` says why nothing was written ("import.blocked", "import.confirm_removal").

    Raises
    ------
    StoreError
        When the store cannot be written (locked, full, read-only, corrupt).
    """
    kind = prepared.kind
    if not prepared.importable(skip_bad_rows):
        return ImportOutcome(prepared, refused=Text("import.blocked", errors=Figure(len(prepared.errors), "count")))
    plan = plan or plan_import(store, prepared, mode)
    if mode == "replace" and plan.removes_most and not confirmed:
        refused = Text(
            "import.confirm_removal", removed=Figure(plan.removed, "count"), current=Figure(plan.current_rows, "count")
        )
        return ImportOutcome(prepared, plan, refused=refused)
    previous_version = store.current_version(kind)
    previous = store.read(kind) if previous_version is not None else KINDS[kind].empty()
    table = prepared.table
    set_aside = len(prepared.set_aside) if not prepared.ok else 0
    detail = {
        "mapping": prepared.mapping_source,
        "sheet": table.sheet if table is not None else None,
        "header_row": table.header_row if table is not None else None,
        "added": plan.added,
        "replaced": plan.replaced,
        "removed": plan.removed,
        "set_aside_rows": list(prepared.set_aside[:1000]) if set_aside else [],
    }
    info = store.write(
        kind, prepared.frame, mode=mode, source="import", filename=filename, user=user, set_aside=set_aside,
        detail=detail,
    )  # fmt: skip
    summary = summarise_import(kind, previous, store.read(kind), info.version, previous_version)
    return ImportOutcome(prepared, plan, info, summary)


def import_file(
    store: Store,
    kind: str,
    raw: bytes,
    filename: str,
    *,
    mode: str = DEFAULT_MODE,
    skip_bad_rows: bool = False,
    confirmed: bool = True,
    user: str | None = None,
    **kwargs,
) -> ImportOutcome:
    """`prepare` then `commit_import`: validate a file and store it as a new version (or nothing)."""
    prepared = prepare(kind, raw, filename, **kwargs)
    return commit_import(
        store, prepared, mode=mode, skip_bad_rows=skip_bad_rows, confirmed=confirmed, user=user, filename=filename
    )


@dataclass(frozen=True)
class ImportSummary:
    """What an import changed against the version that was current before it.

    `periods` is the first and last month (or year) covered, None for kinds without one;
    `added`, `removed` and `changed` count rows by the kind's key.
    """

    kind: str
    version: int
    rows: int
    regions: int
    periods: tuple[str, str] | None
    previous_version: int | None
    previous_rows: int
    previous_regions: int
    previous_periods: tuple[str, str] | None
    added: int
    removed: int
    changed: int


def summarise_import(
    kind: str, previous: pd.DataFrame, current: pd.DataFrame, version: int, previous_version: int | None
) -> ImportSummary:
    """Compare the rows of a new version with those of the version it replaced.

    Parameters
    ----------
    kind : str
        One of `analysis.schemas.KINDS`.
    previous, current : DataFrame
        Stored columns of the earlier current version (empty for a first import) and of the
        new one, as `Store.read` or `Prepared.frame` give them. Not modified.
    version, previous_version : int, int or None
        Their version numbers.

    Returns
    -------
    ImportSummary

    Examples
    --------
    >>> old = pd.DataFrame({"region_id": ["450100", "450200"], "month": ["2025-01"] * 2, "units": [1, 2],
    ...                     "revenue": [10.0, 20.0]})
    >>> new = pd.DataFrame({"region_id": ["450100", "450300"], "month": ["2025-01", "2025-02"], "units": [5, 3],
    ...                     "revenue": [10.0, 30.0]})
    >>> s = summarise_import("sales", old, new, 2, 1)
    >>> (s.added, s.removed, s.changed, s.periods, s.regions)
    (1, 1, 1, ('2025-01', '2025-02'), 2)
    """
    spec = KINDS[kind]
    old, new = _comparable(previous, spec), _comparable(current, spec)
    key = list(spec.stored_key)
    both = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    matched = both[both["_merge"] == "both"]
    differs = pd.Series(False, index=matched.index)
    for column in (c for c in spec.stored_columns if c not in key):
        a, b = matched[f"{column}_old"], matched[f"{column}_new"]
        differs |= (a != b) & ~(a.isna() & b.isna())
    return ImportSummary(
        kind=kind,
        version=version,
        rows=len(current),
        regions=_count_regions(new),
        periods=_span(new, spec),
        previous_version=previous_version,
        previous_rows=len(previous),
        previous_regions=_count_regions(old),
        previous_periods=_span(old, spec),
        added=int((both["_merge"] == "right_only").sum()),
        removed=int((both["_merge"] == "left_only").sum()),
        changed=int(differs.sum()),
    )


def _comparable(frame: pd.DataFrame, spec: Kind) -> pd.DataFrame:
    """Stored columns with one dtype per column type, so rows from the store and from a file compare."""
    out = {}
    for col, stored in zip(spec.columns, spec.stored_columns, strict=True):
        values = frame[stored] if stored in frame.columns else pd.Series(np.nan, index=frame.index)
        if col.type in _NUMERIC_TYPES:
            out[stored] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif col.type == "bool":
            out[stored] = pd.array(values, dtype="boolean").to_numpy(dtype="float64", na_value=np.nan)
        else:
            out[stored] = values.astype("str").fillna("")
    return pd.DataFrame(out, index=frame.index)


def _count_regions(frame: pd.DataFrame) -> int:
    return int(frame.loc[frame["region_id"] != "", "region_id"].nunique()) if "region_id" in frame.columns else 0


def _span(frame: pd.DataFrame, spec: Kind) -> tuple[str, str] | None:
    period = next((c.name for c in spec.columns if c.type in ("month", "year") and c.required), None)
    if period is None or frame.empty:
        return None
    values = frame[period]
    values = values[values.notna() & (values != "")]
    if values.empty:
        return None
    if spec.column(period).type == "year":
        return str(int(values.min())), str(int(values.max()))
    return str(values.min()), str(values.max())


def _empty(spec: Kind) -> pd.DataFrame:
    return pd.DataFrame(columns=list(spec.stored_columns))
