"""The one import path, used by the Data page and the command line alike.

bytes → read (encoding, delimiter, Excel) → map columns → parse values → resolve regions →
validate → a clean frame in stored columns plus every finding, or nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from analysis.columns import Mapping, apply_mapping, guess_mapping
from analysis.readers import (
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
from analysis.regions import RegionResolver, default_resolver
from analysis.schemas import KINDS, Column, Kind
from analysis.store import Store, VersionInfo

FINDING_COLUMNS = ["severity", "row", "column", "value", "code", "message_zh", "message_en"]
PARENT_COLUMNS = ("province", "parent_city")


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


def _numbers(
    values: pd.Series, col: Column, header: str, rows: pd.Series, findings: Findings, multiplier: float = 1.0
) -> pd.Series:
    parsed = parse_numbers(values) * multiplier
    bad = unparsed(values, parsed)
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
        parsed = parsed.where(parsed <= 1, parsed / 100)  # 12 meaning 12 %
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
    resolved = resolver.resolve(values, parents)
    for idx in resolved.index[resolved["status"].isin(["unresolved", "ambiguous"])]:
        res = resolver.resolve_one(values[idx], None if parents is None else parents[idx])
        findings.add(
            "error", f"region_{res.status}", res.message("zh"), res.message("en"), int(rows[idx]), header, values[idx]
        )
    return resolved["region_id"]


def _months(values: pd.Series, header: str, rows: pd.Series, findings: Findings, today: date) -> pd.Series:
    parsed = parse_months(values)
    for idx in values.index[unparsed(values, parsed)]:
        findings.add(
            "error",
            "bad_month",
            f"“{values[idx]}”不是有效月份。请写成 2025-03、2025年3月 或 202503。",
            f"'{values[idx]}' is not a valid month. Write it as 2025-03, 2025年3月 or 202503.",
            int(rows[idx]),
            header,
            values[idx],
        )
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


def _duplicates(frame: pd.DataFrame, kind: Kind, rows: pd.Series, findings: Findings) -> pd.DataFrame:
    key = [c for c in kind.stored_key if c in frame.columns]
    if not key or frame.empty:
        return frame
    exact = frame.duplicated(keep="first")
    for idx in frame.index[exact]:
        findings.add(
            "warning",
            "duplicate_row",
            "与前面某行完全相同，已去除。",
            "Exact duplicate of an earlier row; removed.",
            int(rows[idx]),
        )
    frame = frame[~exact]
    clash = frame.duplicated(subset=key, keep=False)
    if clash.any():
        groups = frame[clash].groupby(key, dropna=False, sort=False)
        for _, group in groups:
            first, *others = group.index
            label = ", ".join(str(group.loc[first, k]) for k in key)
            for idx in others:
                findings.add(
                    "error",
                    "duplicate_key",
                    f"与第 {int(rows[first])} 行的键（{label}）相同但数值不同。请保留一行或合并。",
                    f"Same key ({label}) as row {int(rows[first])} but different values. Keep one row or merge them.",
                    int(rows[idx]),
                    ", ".join(key),
                )
    return frame


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
) -> Prepared:
    """Read, map, parse, resolve and validate one uploaded file of `kind`.

    Parameters
    ----------
    kind : str
        One of `analysis.schemas.KINDS`.
    raw, filename : bytes, str
        The file as uploaded; the name only serves messages.
    mapping : Mapping, optional
        A confirmed column mapping; guessed from the headers when omitted.
    sheet : str, optional
        Excel sheet; the first when omitted.

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
    if mapping is None:
        guess = guess_mapping(headers, spec)
        mapping = Mapping(columns=tuple((h, c) for h, c in guess.items() if c), money_units=())
    mapped, multipliers = apply_mapping(table.frame, mapping)
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
        return Prepared(kind, _empty(spec), findings.frame(), mapping, table)

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
            out[col.name] = _months(values, header, rows, findings, today)
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

    out = _duplicates(out, spec, rows, findings)
    result = findings.frame()
    if (result["severity"] == "error").any():
        return Prepared(kind, _empty(spec), result, mapping, table)
    clean = out.reindex(columns=list(spec.stored_columns)).reset_index(drop=True)
    return Prepared(kind, clean, result, mapping, table)


def import_file(store: Store, kind: str, raw: bytes, filename: str, **kwargs) -> tuple[Prepared, VersionInfo | None]:
    """Validate and, only when there is no error, store a new version of `kind`."""
    prepared = prepare(kind, raw, filename, **kwargs)
    if not prepared.ok:
        return prepared, None
    return prepared, store.write(kind, prepared.frame, source="import", filename=filename)


def _empty(spec: Kind) -> pd.DataFrame:
    return pd.DataFrame(columns=list(spec.stored_columns))
