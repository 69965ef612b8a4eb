"""Streamlit pieces of the Data page: cached validation, the mapping editor, the report,
the import summary, the versions list and the templates."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.columns import PARENT_CITY, PROVINCE, Mapping
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.io.importing import ImportSummary, Prepared, prepare
from analysis.io.mappings import MAPPINGS_DIR, find_mapping
from analysis.io.readers import Table, header_unit
from analysis.io.templates import template_frame
from analysis.schemas import KINDS, UPLOADABLE

IGNORE = ""
MONEY_UNITS = (1.0, 1e4, 1e8)
PREVIEW_ROWS = 10
REPORT_ROWS = 1000
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "gb18030": "GBK / GB18030", "utf-16": "UTF-16"}
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe", None: "none"}


def translated_choice(widget, label: str, options: list, format_func, key: str, lang: str, index: int = 0, **kwargs):
    """A select or radio whose option texts are in `lang` and whose value survives a language switch.

    The browser keeps showing the option texts a widget was first drawn with, so each
    language gets its own widget (key `<key>_<lang>`), started from the language-free
    value kept in `st.session_state[key]` (as `ui.common.sidebar_choice` does).
    """
    current = st.session_state.get(key)
    index = options.index(current) if current in options else index
    value = widget(label, options, index=index, format_func=format_func, key=f"{key}_{lang}", **kwargs)
    st.session_state[key] = value
    return value


def saved_mappings_key(store_dir: Path, kind: str) -> tuple[tuple[str, int], ...]:
    """The saved mappings of `kind` and their times, so a newly saved one invalidates the cache."""
    folder = store_dir / MAPPINGS_DIR
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob(f"{kind}-*.json")))


@st.cache_data(show_spinner=False, max_entries=4)
def validate_upload(
    kind: str,
    raw: bytes,
    filename: str,
    sheet: str | None,
    mapping_json: str | None,
    store_directory: str,
    saved_key: tuple[tuple[str, int], ...],
) -> Prepared:
    """`prepare` once per file, sheet and mapping; without a mapping, a saved one or a guess."""
    if mapping_json is not None:
        return prepare(kind, raw, filename, sheet=sheet, mapping=Mapping.from_json(mapping_json))
    return prepare(kind, raw, filename, sheet=sheet, mapping_lookup=partial(find_mapping, store_directory, kind))


def preview(table: Table, lang: str) -> None:
    """The first rows as read, with how the file was read."""
    rows, columns = table.frame.shape
    shown = min(rows, PREVIEW_ROWS)
    if table.sheet is not None:
        st.caption(t("data.preview.excel", lang, sheet=table.sheet, rows=f"{rows:,}", columns=columns, shown=shown))
    else:
        encoding = ENCODINGS.get(table.encoding or "", str(table.encoding).upper())
        delimiter = t(f"data.delimiter.{DELIMITERS.get(table.delimiter, 'none')}", lang)
        st.caption(
            t(
                "data.preview.csv",
                lang,
                encoding=encoding,
                delimiter=delimiter,
                rows=f"{rows:,}",
                columns=columns,
                shown=shown,
            )
        )
    st.dataframe(table.frame.head(PREVIEW_ROWS), hide_index=True, width="stretch")


def _unit_label(factor: float, lang: str) -> str:
    if factor in MONEY_UNITS:
        return t(f"data.unit.{int(factor)}", lang)
    return t("data.unit.other", lang, factor=f"{factor:g}")


def mapping_editor(kind: str, headers: list[str], initial: Mapping, key: str, lang: str) -> Mapping:
    """One select per header (canonical column, parent hint or ignore) and a unit per money column.

    Widgets start from `initial` (a saved mapping or the guess); `key` names this file, so
    the next upload starts afresh. The returned mapping keeps a unit only where it differs
    from the unit in the header.
    """
    spec = KINDS[kind]
    targets = [IGNORE, *spec.names, *((PROVINCE, PARENT_CITY) if "region" in spec.names else ())]
    chosen_for = dict(initial.columns)
    units_for = dict(initial.money_units)
    st.caption(t("data.mapping.help", lang))
    grid = st.columns(4)
    pairs = []
    for i, header in enumerate(headers):
        start = chosen_for.get(header, IGNORE)
        with grid[i % 4]:
            choice = translated_choice(
                st.selectbox,
                header,
                targets,
                lambda c: t("data.mapping.ignore", lang) if c == IGNORE else t(f"data.target.{c}", lang),
                f"data_map_{key}_{i}",
                lang,
                index=targets.index(start) if start in targets else 0,
            )
        if choice != IGNORE:
            pairs.append((header, choice))
    money = [(h, c) for h, c in pairs if c in spec.names and spec.column(c).type == "money"]
    units = {}
    if money:
        st.markdown(f"**{t('data.mapping.units', lang)}**")
        unit_grid = st.columns(4)
        for i, (header, column) in enumerate(money):
            in_header = header_unit(header)[1]
            options = sorted({*MONEY_UNITS, in_header})
            start = units_for.get(column, in_header)
            with unit_grid[i % 4]:
                factor = translated_choice(
                    st.selectbox,
                    t("data.mapping.unit", lang, header=header),
                    options,
                    lambda f: _unit_label(f, lang),
                    f"data_unit_{key}_{column}",
                    lang,
                    index=options.index(start) if start in options else options.index(in_header),
                )
            if factor != in_header:
                units[column] = float(factor)
    return Mapping(columns=tuple(pairs), money_units=tuple(units.items()))


def same_mapping(a: Mapping | None, b: Mapping | None) -> bool:
    """Equal up to the order of the pairs."""
    if a is None or b is None:
        return a is b
    return set(a.columns) == set(b.columns) and dict(a.money_units) == dict(b.money_units)


def report(prepared: Prepared, lang: str) -> None:
    """Counts, a verdict, the findings table and the download of findings with their rows."""
    errors, warnings = len(prepared.errors), len(prepared.warnings)
    read = len(prepared.table.frame) if prepared.table is not None else 0
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("data.report.read", lang), f"{read:,}")
    c2.metric(t("data.report.importable", lang), f"{len(prepared.frame):,}")
    c3.metric(t("data.report.errors", lang), f"{errors:,}")
    c4.metric(t("data.report.warnings", lang), f"{warnings:,}")
    if errors:
        st.error(t("data.report.blocked", lang, n=f"{errors:,}"))
    elif warnings:
        st.warning(t("data.report.warned", lang, n=f"{warnings:,}"))
    else:
        st.success(t("data.report.clean", lang, rows=f"{len(prepared.frame):,}"))
        return
    table = prepared.report(lang)
    findings = table[["severity", "row", "column", "value", "message"]].assign(
        severity=table["severity"].map(lambda s: t(f"data.severity.{s}", lang))
    )
    if len(findings) > REPORT_ROWS:
        st.caption(t("data.report.truncated", lang, shown=f"{REPORT_ROWS:,}", total=f"{len(findings):,}"))
    labels = {c: t(f"data.report.{c}", lang) for c in findings.columns}
    st.dataframe(
        findings.head(REPORT_ROWS),
        column_config={
            "severity": st.column_config.TextColumn(labels["severity"], width=70),
            "row": st.column_config.NumberColumn(labels["row"], format="%d", width=60),
            "column": st.column_config.TextColumn(labels["column"], width=110),
            "value": st.column_config.TextColumn(labels["value"], width=110),
            "message": st.column_config.TextColumn(labels["message"], width="large"),
        },
        hide_index=True,
        width="stretch",
    )
    download = table.assign(severity=findings["severity"]).rename(columns=labels)
    st.download_button(
        t("data.report.download", lang),
        to_csv_bytes(download),
        file_name=f"{prepared.kind}_report.csv",
        mime="text/csv",
        icon=":material/download:",
        key="data_report_download",
    )


def summary(result: ImportSummary, lang: str) -> None:
    """The new version against the one it replaced: rows, regions, period, rows added/removed/changed."""
    kind = t(f"kind.{result.kind}", lang)
    dataset = t("dataset.store", lang)
    st.success(t("data.import.done", lang, kind=kind, version=result.version, rows=f"{result.rows:,}", dataset=dataset))
    st.markdown(f"**{t('data.summary.title', lang)}**")

    def before(value: str) -> str:
        if result.previous_version is None:
            return t("data.summary.first", lang)
        return t("data.summary.previous", lang, version=result.previous_version, value=value)

    def span(periods: tuple[str, str] | None) -> str:
        return "–" if periods is None else " – ".join(dict.fromkeys(periods))

    def delta(now: int, then: int) -> str | None:
        return None if result.previous_version is None else f"{now - then:+,}"

    c1, c2, c3 = st.columns(3)
    c1.metric(t("data.summary.rows", lang), f"{result.rows:,}", delta(result.rows, result.previous_rows))
    c1.caption(before(f"{result.previous_rows:,}"))
    c2.metric(t("data.summary.regions", lang), f"{result.regions:,}", delta(result.regions, result.previous_regions))
    c2.caption(before(f"{result.previous_regions:,}"))
    c3.metric(t("data.summary.periods", lang), span(result.periods))
    c3.caption(before(span(result.previous_periods)))
    c4, c5, c6 = st.columns(3)
    c4.metric(t("data.summary.added", lang), f"{result.added:,}")
    c5.metric(t("data.summary.removed", lang), f"{result.removed:,}")
    c6.metric(t("data.summary.changed", lang), f"{result.changed:,}")


def versions_table(versions: pd.DataFrame, lang: str) -> None:
    columns = ["version", "created_at", "source", "filename", "rows", "current"]
    st.dataframe(
        versions[columns].assign(source=versions["source"].map(lambda s: t(f"data.source.{s}", lang))),
        column_config={
            **{c: t(f"data.versions.{c}", lang) for c in columns},
            "version": st.column_config.NumberColumn(t("data.versions.version", lang), format="%d"),
            "rows": st.column_config.NumberColumn(t("data.versions.rows", lang), format="localized"),
            "created_at": st.column_config.DatetimeColumn(
                t("data.versions.created_at", lang), format="YYYY-MM-DD HH:mm:ss"
            ),
            "current": st.column_config.CheckboxColumn(t("data.versions.current", lang)),
        },
        hide_index=True,
        width="stretch",
    )


def version_label(versions: pd.DataFrame, version: int, lang: str) -> str:
    row = versions.set_index("version").loc[version]
    text = t(
        "data.versions.label",
        lang,
        version=version,
        created=pd.Timestamp(row["created_at"]).strftime("%Y-%m-%d %H:%M"),
        rows=f"{int(row['rows']):,}",
    )
    return text + (t("data.versions.is_current", lang) if row["current"] else "")


def templates(default_kind: str, lang: str) -> None:
    """A template per kind and header language, as CSV and Excel."""
    st.caption(t("data.templates.intro", lang))
    c1, c2 = st.columns(2)
    kinds = list(UPLOADABLE)
    with c1:
        kind = translated_choice(
            st.selectbox,
            t("data.templates.kind", lang),
            kinds,
            lambda k: t(f"kind.{k}", lang),
            f"data_template_kind_{default_kind}",
            lang,
            index=kinds.index(default_kind),
        )
    header_lang = c2.radio(  # starts in the page's language every time the language changes
        t("data.templates.headers", lang),
        ("zh", "en"),
        index=0 if lang == "zh" else 1,
        format_func=lambda code: t(f"data.templates.{code}", lang),
        horizontal=True,
        key=f"data_template_lang_{lang}",
    )
    frame = template_frame(kind, header_lang)
    spec = KINDS[kind]
    required = [h for h, c in zip(frame.columns, spec.names, strict=True) if c in spec.required]
    st.caption(t("data.templates.required", lang, columns=("、" if lang == "zh" else ", ").join(required)))
    st.dataframe(frame, hide_index=True, width="stretch")
    name = f"template_{kind}_{header_lang}"
    d1, d2, _ = st.columns([1, 1, 2])
    d1.download_button(
        t("data.templates.csv", lang),
        to_csv_bytes(frame),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        key="data_template_csv",
    )
    d2.download_button(
        t("data.templates.excel", lang),
        to_excel_bytes({kind: frame}),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="data_template_excel",
    )
