"""The one import path, used by the Data page and the command line alike.

bytes → read (encoding, delimiter, Excel) → map columns → parse values → resolve regions →
validate → a clean frame in stored columns plus every finding, or nothing stored.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analysis.geo.regions import RegionResolver, default_resolver
from analysis.io.columns import Mapping, apply_mapping, guess_mapping
from analysis.io.readers import (
    Limits,
    ReadError,
    Table,
    parse_bools,
    parse_months,
    parse_numbers,
    parse_years,
    read_table,
    unparsed,
)
from analysis.io.store import Store, VersionInfo
from analysis.schemas import KINDS, Column, Kind

FINDING_COLUMNS = ["severity", "row", "column", "value", "code", "message_zh", "message_en"]
REPORT_COLUMNS = ["severity", "row", "column", "value", "message"]
PARENT_COLUMNS = ("province", "parent_city")
_NUMERIC_TYPES = ("year", "int", "float", "money", "share", "score")


@dataclass
class Findings:
    """Collects findings; each names the row as the user counts it (header = row 1)."""

    rows: list[dict] = field(default_factory=list)

    def add(
        self,
        severity: str,
        code: str,
        zh: str,
        en: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        self.rows.append(
            {
                "severity": severity,
                "row": row,
                "column": column,
                "value": None if value is None or (isinstance(value, float) and np.isnan(value)) else str(value),
                "code": code,
                "message_zh": zh,
                "message_en": en,
            }
        )

    def frame(self) -> pd.DataFrame:
        out = pd.DataFrame(self.rows, columns=FINDING_COLUMNS)
        out["row"] = out["row"].astype("Int64")
        return out


@dataclass
class Prepared:
    """The outcome of reading and validating one file."""

    kind: str
    frame: pd.DataFrame
    findings: pd.DataFrame
    mapping: Mapping | None = None
    table: Table | None = None
    mapping_source: str = "guessed"  # "given", "saved" (found by `mapping_lookup`) or "guessed"

    @property
    def errors(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "error"]

    @property
    def warnings(self) -> pd.DataFrame:
        return self.findings[self.findings["severity"] == "warning"]

    @property
    def ok(self) -> bool:
        return self.errors.empty

    def offending_rows(self) -> pd.DataFrame:
        """The uploaded rows (as read) that have at least one error, with their row numbers."""
        if self.table is None or self.errors["row"].dropna().empty:
            return pd.DataFrame()
        wanted = set(self.errors["row"].dropna().astype(int))
        numbers = pd.Series(self.table.source_rows(self.table.frame.index), index=self.table.frame.index)
        original = self.table.frame[numbers.isin(wanted)]
        return original.assign(row=numbers[original.index])[["row", *original.columns]]

    def report(self, lang: str = "zh") -> pd.DataFrame:
        """The validation report to show and download, in `lang` ("zh" or "en").

        Returns
        -------
        DataFrame
            severity, row, column, value, message: errors first, then by row (findings about
            the whole file first); each finding on a row with an error is followed by the
            cells of that row as uploaded (a header that clashes gets a trailing "_").
        """
        findings = self.findings
        report = (
            findings.assign(message=findings[f"message_{lang}"], _later=findings["severity"] != "error")
            .sort_values(["_later", "row"], na_position="first", kind="stable")[REPORT_COLUMNS]
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
    values: pd.Series, col: Column, header: str, rows: pd.Series, findings: Findings, multiplier: float = 1.0
) -> pd.Series:
    parsed = parse_numbers(values)
    if multiplier != 1.0:
        parsed = parsed * multiplier
    bad = _unreadable(values, parsed)
    for idx in values.index[bad]:
        findings.add(
            "error",
            "not_number",
            f"“{values[idx]}”不是数字。请填写数字（可含千分位逗号）。",
            f"'{values[idx]}' is not a number. Enter a number (thousands separators are fine).",
            int(rows[idx]),
            header,
            values[idx],
        )
    if col.non_negative:
        for idx in parsed.index[parsed < 0]:
            findings.add(
                "error",
                "negative",
                f"{header} 不能为负数（{values[idx]}）。请更正或删除该行。",
                f"{header} cannot be negative ({values[idx]}). Correct or remove the row.",
                int(rows[idx]),
                header,
                values[idx],
            )
    if col.type == "score":
        for idx in parsed.index[(parsed < 1) | (parsed > 5)]:
            findings.add(
                "error",
                "out_of_range",
                f"{header} 应为 1–5 分（{values[idx]}）。",
                f"{header} must be a score from 1 to 5 ({values[idx]}).",
                int(rows[idx]),
                header,
                values[idx],
            )
    if col.type == "share":
        # 12 means 12 %; "150%" was already divided by 100 and stays out of range
        percent = values.str.contains("[%％]").fillna(False).astype(bool)
        parsed = parsed.where((parsed <= 1) | percent, parsed / 100)
        for idx in parsed.index[parsed > 1]:
            findings.add(
                "error",
                "out_of_range",
                f"{header} 应为 0–100% 之间（{values[idx]}）。",
                f"{header} must be between 0 and 100% ({values[idx]}).",
                int(rows[idx]),
                header,
                values[idx],
            )
    if col.type in ("int", "year", "score"):
        return parsed.round().astype("Int64")
    return parsed.astype("float64")


def _required_blank(values: pd.Series, header: str, rows: pd.Series, findings: Findings) -> None:
    for idx in values.index[values.isna()]:
        findings.add(
            "error",
            "blank",
            f"必填列 {header} 为空。请填写该值。",
            f"Required column {header} is blank. Fill it in.",
            int(rows[idx]),
            header,
        )


def _regions(
    values: pd.Series,
    parents: pd.Series | None,
    header: str,
    rows: pd.Series,
    findings: Findings,
    resolver: RegionResolver,
) -> pd.Series:
    if parents is None:
        # A million rows name a few thousand places: resolve each distinct cell once, then spread.
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        distinct = resolver.resolve(pd.Series(uniques))
        region_ids = pd.Series(distinct["region_id"].array.take(codes), index=values.index)
        failed = np.isin(codes, np.flatnonzero(distinct["status"].isin(["unresolved", "ambiguous"]).to_numpy()))
    else:
        resolved = resolver.resolve(values, parents)
        region_ids = resolved["region_id"]
        failed = resolved["status"].isin(["unresolved", "ambiguous"]).to_numpy()
    for idx in values.index[failed]:
        res = resolver.resolve_one(values[idx], None if parents is None else parents[idx])
        findings.add(
            "error", f"region_{res.status}", res.message("zh"), res.message("en"), int(rows[idx]), header, values[idx]
        )
    return region_ids


def _months(values: pd.Series, header: str, rows: pd.Series, findings: Findings, today: date | None) -> pd.Series:
    parsed = parse_months(values)
    for idx in values.index[_unreadable(values, parsed)]:
        findings.add(
            "error",
            "bad_month",
            f"“{values[idx]}”不是有效月份。请写成 2025-03、2025年3月 或 202503。",
            f"'{values[idx]}' is not a valid month. Write it as 2025-03, 2025年3月 or 202503.",
            int(rows[idx]),
            header,
            values[idx],
        )
    if today is None:  # months ahead are expected here (a plan, a contract's end)
        return parsed
    this_month = f"{today.year:04d}-{today.month:02d}"
    for idx in parsed.index[parsed.notna() & (parsed > this_month)]:
        findings.add(
            "warning",
            "future_month",
            f"月份 {parsed[idx]} 在未来。请确认是否为计划数据。",
            f"Month {parsed[idx]} is in the future. Check that it is not a typo.",
            int(rows[idx]),
            header,
            values[idx],
        )
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
        findings.add(
            "warning",
            "duplicate_row",
            "与前面某行完全相同，已去除。",
            "Exact duplicate of an earlier row; removed.",
            int(rows[idx]),
        )
    suspects = suspects[~exact]
    clash = suspects.duplicated(subset=key, keep=False)
    if clash.any():
        for _, group in suspects[clash].groupby(key, dropna=False, sort=False):
            first, *others = group.index
            label = ", ".join(str(group.loc[first, k]) for k in key)
            for idx in others:
                findings.add(
                    "error",
                    "duplicate_key",
                    f"与第 {int(rows[first])} 行的键（{label}）相同但数值不同。请保留一行或合并。",
                    f"Same key ({label}) as row {int(rows[first])} but different values. Keep one row or merge them.",
                    int(rows[idx]),
                    ", ".join(headers.get(k, k) for k in key),
                )
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


def prepare(
    kind: str,
    raw: bytes,
    filename: str,
    *,
    mapping: Mapping | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
    resolver: RegionResolver | None = None,
    today: date | None = None,
    mapping_lookup: Callable[[list[str]], Mapping | None] | None = None,
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
        万元) override the unit in the header.
    sheet : str, optional
        Excel sheet; the first when omitted.
    limits : Limits, optional
        Size limits for reading; `Limits()` when omitted.
    resolver : RegionResolver, optional
        The bundled region table's resolver when omitted.
    today : date, optional
        Months after today's month are warned about; the real date when omitted.
    mapping_lookup : callable, optional
        Called with the file's headers when no `mapping` is given; a mapping it returns
        (such as `analysis.io.mappings.find_mapping` for a store) is used instead of a guess.

    Returns
    -------
    Prepared
        `frame` holds the clean rows in stored columns (empty if there is any error);
        `findings` lists every error and warning at once.
    """
    spec = KINDS[kind]
    findings = Findings()
    try:
        table = read_table(raw, filename, sheet=sheet, limits=limits or Limits())
    except ReadError as exc:
        findings.add("error", exc.code, exc.message("zh"), exc.message("en"))
        return Prepared(kind, _empty(spec), findings.frame())

    headers = list(table.frame.columns)
    source = "given"
    if mapping is None and mapping_lookup is not None:
        mapping, source = mapping_lookup(headers), "saved"
    if mapping is None:
        mapping, source = Mapping.from_guess(guess_mapping(headers, spec)), "guessed"
    try:
        mapped, multipliers = apply_mapping(table.frame, mapping)
    except ValueError as exc:  # a saved or hand-made mapping that does not fit this file
        findings.add(
            "error",
            "bad_mapping",
            f"列映射与文件不符（{exc}）。请重新确认列映射。",
            f"The column mapping does not fit this file ({exc}). Confirm the mapping again.",
        )
        return Prepared(kind, _empty(spec), findings.frame(), mapping, table, source)
    header_of = {c: h for h, c in mapping.columns}
    missing = [c for c in spec.required if c not in mapped.columns]
    for name in missing:
        findings.add(
            "error",
            "missing_column",
            f"缺少必填列“{name}”。请在文件中加入该列，或在映射步骤中指定对应的列。",
            f"Required column '{name}' is missing. Add it to the file or map one of your columns to it.",
            None,
            name,
        )
    if missing:
        return Prepared(kind, _empty(spec), findings.frame(), mapping, table, source)

    rows = pd.Series(table.source_rows(mapped.index), index=mapped.index)
    out = pd.DataFrame(index=mapped.index)
    parents = None
    for parent in PARENT_COLUMNS:
        if parent in mapped.columns:
            parents = mapped[parent] if parents is None else mapped[parent].fillna(parents)
    today = today or date.today()
    resolver = resolver or default_resolver()
    for col in spec.columns:
        if col.name not in mapped.columns:
            continue
        values = mapped[col.name]
        header = header_of.get(col.name, col.name)
        if col.required:
            _required_blank(values, header, rows, findings)
        if col.type == "region":
            out["region_id"] = _regions(values, parents, header, rows, findings, resolver)
        elif col.type == "month":
            actuals = kind == "sales" and col.name == "month"
            out[col.name] = _months(values, header, rows, findings, today if actuals else None)
        elif col.type == "year":
            parsed = parse_years(values)
            for idx in values.index[values.notna() & parsed.isna()]:
                findings.add(
                    "error",
                    "bad_year",
                    f"“{values[idx]}”不是有效年份。",
                    f"'{values[idx]}' is not a valid year.",
                    int(rows[idx]),
                    header,
                    values[idx],
                )
            out[col.name] = parsed
        elif col.type in ("int", "float", "money", "share", "score"):
            out[col.name] = _numbers(values, col, header, rows, findings, multipliers.get(col.name, 1.0))
        elif col.type == "bool":
            out[col.name] = parse_bools(values)
        else:
            text = values.str.strip()
            if col.choices:
                for idx in text.index[text.notna() & ~text.isin(col.choices)]:
                    findings.add(
                        "error",
                        "bad_choice",
                        f"“{text[idx]}”不是允许的取值：{'、'.join(col.choices)}。",
                        f"'{text[idx]}' is not one of: {', '.join(col.choices)}.",
                        int(rows[idx]),
                        header,
                        text[idx],
                    )
            out[col.name] = text.fillna("") if col.name in spec.key else text
    for key in spec.key:
        if key not in mapped.columns and spec.column(key).type == "text":
            out[key] = ""  # optional key parts (product, channel) default to "", so keys compare

    stored_headers = {
        stored: header_of.get(c.name, c.name) for c, stored in zip(spec.columns, spec.stored_columns, strict=True)
    }
    present_key = [stored for k, stored in zip(spec.key, spec.stored_key, strict=True) if k in mapped.columns]
    out = _duplicates(out, present_key, rows, findings, stored_headers)
    result = findings.frame()
    if (result["severity"] == "error").any():
        return Prepared(kind, _empty(spec), result, mapping, table, source)
    clean = out.reindex(columns=list(spec.stored_columns)).reset_index(drop=True)
    return Prepared(kind, clean, result, mapping, table, source)


def workbook_sheets(raw: bytes) -> tuple[str, ...]:
    """The sheet names of an .xlsx/.xlsm upload, () for anything else or a damaged workbook.

    For when the first sheet cannot be read (a cover page, a chart, an empty sheet), so the
    user can still be offered the others.
    """
    if not raw.startswith(b"PK\x03\x04"):
        return ()
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    except Exception:  # openpyxl raises many types on damaged files; read_table has reported the damage
        return ()
    try:
        return tuple(book.sheetnames)
    finally:
        book.close()


def import_file(store: Store, kind: str, raw: bytes, filename: str, **kwargs) -> tuple[Prepared, VersionInfo | None]:
    """Validate and, only when there is no error, store a new version of `kind`."""
    prepared = prepare(kind, raw, filename, **kwargs)
    if not prepared.ok:
        return prepared, None
    return prepared, store.write(kind, prepared.frame, source="import", filename=filename)


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
