"""Streamlit pieces of the Data page: cached validation, the layout and mapping controls, the
report with value mapping, the import plan and its write, the versions list and the templates."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from analysis.i18n import t
from analysis.io.columns import PARENT_CITY, PROVINCE, Mapping
from analysis.io.exports import to_csv_bytes, to_excel_bytes
from analysis.io.files import Table
from analysis.io.importing import ImportSummary, Prepared, prepare
from analysis.io.mappings import find_mapping
from analysis.io.store import Store, UpdatePlan
from analysis.io.templates import template_frame
from analysis.schemas import KINDS, UPLOADABLE
from ui.safe import literal
from ui.state import widget

IGNORE = ""
UNMAPPED = ""
MONEY_UNITS = (1.0, 1e4, 1e8)
PREVIEW_ROWS = 10
REPORT_ROWS = 1000
VALUE_ROWS = 20
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "gb18030": "GBK / GB18030", "utf-16": "UTF-16"}
DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe", None: "none"}
_CODE = re.compile(r"(\d{6})\)$")


UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xlsm", "xls")
# Streamlit writes the dropzone's button and size note in English (streamlit/streamlit#13500): the page
# shows them in its own language instead, the button's label drawn from the catalog, the note as a caption.
_DROPZONE_CSS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{button}"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
</style>"""


def uploader(lang: str, max_mb: int, key: str):
    """The file uploader of the import flow, every word of it in `lang`; returns the uploaded file or None."""
    st.html(_DROPZONE_CSS.format(button=t("data.upload.button", lang).replace('"', "")))
    upload = st.file_uploader(
        t("data.upload", lang), type=list(UPLOAD_TYPES), help=t("data.upload.help", lang), max_upload_size=max_mb,
        key=key,
    )  # fmt: skip
    st.caption(t("data.upload.limit", lang, mb=max_mb, types=", ".join(x.upper() for x in UPLOAD_TYPES)))
    return upload


@st.cache_data(show_spinner=False, max_entries=4)
def validate_upload(
    kind: str,
    raw: bytes,
    filename: str,
    sheet: str | None,
    header_row: int | None,
    mapping_json: str | None,
    store_location: str,
    saved: tuple,
    region_map: tuple[tuple[str, str], ...],
) -> Prepared:
    """`prepare` once per file, sheet, header row, mapping and region map; without a mapping, a saved one or a guess.

    `saved` changes whenever a mapping is saved, so a newly saved one is found.
    """
    options = {"sheet": sheet, "header_row": header_row, "region_map": dict(region_map)}
    if mapping_json is not None:
        return prepare(kind, raw, filename, mapping=Mapping.from_json(mapping_json), **options)
    store = Store(store_location)
    return prepare(kind, raw, filename, mapping_lookup=lambda headers: find_mapping(store, kind, headers), **options)


def preview(table: Table, lang: str) -> None:
    """The first rows as read, with how the file was read."""
    rows, columns = table.frame.shape
    shown = min(rows, PREVIEW_ROWS)
    if table.sheet is not None:
        sheet = literal(table.sheet)
        st.caption(t("data.preview.excel", lang, sheet=sheet, rows=f"{rows:,}", columns=columns, shown=shown))
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


def layout_controls(
    table: Table | None, sheets: tuple[str, ...], file_key: str, lang: str
) -> tuple[str | None, int | None]:
    """The sheet and the header row, each starting from what was found, each overridable."""
    sheet = header_row = None
    c1, c2 = st.columns(2)
    if len(sheets) > 1:
        found = table.sheet if table is not None and table.sheet in sheets else sheets[0]
        with c1:
            sheet = widget(
                st.selectbox, t("data.sheet", lang), list(sheets), key=f"data.sheet.{file_key}", default=found
            )
    if table is not None:
        with c2:
            header_row = widget(
                st.number_input,
                t("data.header_row", lang),
                key=f"data.header_row.{file_key}.{sheet}",
                default=int(table.header_row),
                min_value=1,
                step=1,
                help=t("data.header_row.help", lang),
            )
    return sheet, (int(header_row) if header_row is not None else None)


def _unit_label(factor: float, lang: str) -> str:
    if factor in MONEY_UNITS:
        return t(f"data.unit.{int(factor)}", lang)
    return t("data.unit.other", lang, factor=f"{factor:g}")


def mapping_editor(
    kind: str, headers: list[str], initial: Mapping, key: str, lang: str, note_scale: float | None
) -> Mapping:
    """One select per header (canonical column, parent hint or ignore) and a unit per money column.

    Widgets start from `initial` (a saved mapping or the guess); `key` names this file, so the
    next upload starts afresh. The returned mapping keeps a unit only where it differs from the
    unit the file states (in the header, else in a note such as "单位：万元").
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
            choice = widget(
                st.selectbox,
                literal(header),
                targets,
                format_func=lambda c: t("data.mapping.ignore", lang) if c == IGNORE else t(f"data.target.{c}", lang),
                key=f"data.map.{key}.{i}",
                default=start if start in targets else IGNORE,
            )
        if choice != IGNORE:
            pairs.append((header, choice))
    money = [(h, c) for h, c in pairs if c in spec.names and spec.column(c).type == "money"]
    units = {}
    if money:
        st.markdown(f"**{t('data.mapping.units', lang)}**")
        unit_grid = st.columns(4)
        for i, (header, column) in enumerate(money):
            from analysis.io.units import unit_in_header

            stated = unit_in_header(header)
            in_file = stated if stated is not None else (note_scale or 1.0)
            options = sorted({*MONEY_UNITS, in_file})
            start = units_for.get(column, in_file)
            with unit_grid[i % 4]:
                factor = widget(
                    st.selectbox,
                    t("data.mapping.unit", lang, header=literal(header)),
                    options,
                    format_func=lambda f: _unit_label(f, lang),
                    key=f"data.unit.{key}.{column}",
                    default=start if start in options else in_file,
                )
            if factor != in_file:
                units[column] = float(factor)
    return Mapping(columns=tuple(pairs), money_units=tuple(units.items()))


def same_mapping(a: Mapping | None, b: Mapping | None) -> bool:
    """Equal up to the order of the pairs."""
    if a is None or b is None:
        return a is b
    return set(a.columns) == set(b.columns) and dict(a.money_units) == dict(b.money_units)


def report(prepared: Prepared, lang: str) -> None:
    """Counts, rows per level, a verdict, the findings table and the download of findings with their rows."""
    errors, warnings = len(prepared.errors), len(prepared.warnings)
    read = len(prepared.table.frame) if prepared.table is not None else 0
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.metric(t("data.report.read", lang), f"{read:,}")
    c2.metric(t("data.report.importable", lang), f"{len(prepared.frame) if not errors else 0:,}")
    c3.metric(t("data.report.errors", lang), f"{errors:,}")
    c4.metric(t("data.report.warnings", lang), f"{warnings:,}")
    c5.metric(t("data.report.bad_rows", lang), f"{len(prepared.set_aside):,}")
    if prepared.levels is not None and not prepared.levels.empty:
        parts = [
            t("finding.level_count", lang, level=t(f"levels.name.{r.level}", lang), rows=f"{r.rows:,}")
            for r in prepared.levels.itertuples(index=False)
        ]
        st.caption(t("data.report.levels", lang, counts=("、" if lang == "zh" else ", ").join(parts)))
    if errors:
        st.error(t("data.report.blocked", lang, n=f"{errors:,}"))
    elif warnings:
        st.warning(t("data.report.warned", lang, n=f"{warnings:,}"))
    else:
        st.success(t("data.report.clean", lang, rows=f"{len(prepared.frame):,}"))
    if prepared.findings.empty:
        return
    table = prepared.report(lang)
    findings = table[["severity", "row", "column", "value", "message"]].assign(
        severity=table["severity"].map(lambda s: t(f"data.severity.{s}", lang)),
        column=table["column"].fillna(""),
        value=table["value"].fillna(""),
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
        key="data.findings",
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


def value_mapping(prepared: Prepared, file_key: str, lang: str) -> dict[str, str] | None:
    """A picker per region value that does not resolve, seeded with the suggestions; the entries chosen.

    Returns the value -> region id pairs when the analyst saves them (None otherwise).
    """
    errors = prepared.errors
    failing = errors[errors["code"].isin(["region_unresolved", "region_ambiguous"])]
    if failing.empty:
        return None
    values = failing.groupby("value", sort=False).size()
    st.markdown(f"**{t('data.values.title', lang)}**")
    st.caption(t("data.values.help", lang, n=f"{len(values):,}"))
    from analysis.geo.regions import default_resolver

    resolver = default_resolver()
    chosen: dict[str, str] = {}
    grid = st.columns(3)
    for i, (value, count) in enumerate(values.head(VALUE_ROWS).items()):
        found = resolver.resolve_one(value)
        candidates = list(found.candidates)
        ids = [m[1] for m in (_CODE.search(c) for c in candidates) if m]
        labels = dict(zip(ids, [c for c in candidates if _CODE.search(c)], strict=True))
        options = [UNMAPPED, *dict.fromkeys(ids)]
        with grid[i % 3]:
            pick = widget(
                st.selectbox,
                t("data.values.pick", lang, value=literal(value), rows=f"{count:,}"),
                options,
                format_func=lambda o, labels=labels: t("data.values.none", lang) if o == UNMAPPED else labels[o],
                key=f"data.value.{file_key}.{i}",
                default=UNMAPPED,
            )
        if pick != UNMAPPED:
            chosen[str(value)] = pick
    if len(values) > VALUE_ROWS:
        st.caption(t("data.values.more", lang, n=f"{len(values) - VALUE_ROWS:,}"))
    if st.button(t("data.values.save", lang), disabled=not chosen, key="data_values_save", icon=":material/save:"):
        return chosen
    return None


def plan_view(plan: UpdatePlan, lang: str) -> None:
    """Before anything is written: rows added, replaced and removed, in total and per month (year, id)."""
    st.markdown(f"**{t('data.plan.title', lang)}**")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("data.plan.added", lang), f"{plan.added:,}")
    c2.metric(t("data.plan.replaced", lang), f"{plan.replaced:,}")
    c3.metric(t("data.plan.removed", lang), f"{plan.removed:,}")
    c4.metric(t("data.plan.rows", lang), f"{plan.new_rows:,}", f"{plan.new_rows - plan.current_rows:+,}")
    st.caption(
        t(
            f"data.plan.says.{plan.mode}",
            lang,
            added=f"{plan.added:,}",
            replaced=f"{plan.replaced:,}",
            removed=f"{plan.removed:,}",
            current=f"{plan.current_rows:,}",
            rows=f"{plan.new_rows:,}",
        )
    )
    touched = plan.by_partition[(plan.by_partition[["added", "replaced", "removed"]] > 0).any(axis=1)]
    if len(touched):
        labels = {c: t(f"data.plan.{c}", lang) for c in ("added", "replaced", "removed", "unchanged")}
        st.dataframe(
            touched.rename(columns={"partition": t(f"data.plan.partition.{plan.partition}", lang), **labels}),
            hide_index=True,
            width="stretch",
            key="data.plan_table",
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
    columns = ["version", "created_at", "source", "filename", "rows", "mode", "set_aside", "user_name", "current"]
    st.dataframe(
        versions[columns].assign(
            source=versions["source"].map(lambda s: t(f"data.source.{s}", lang)),
            mode=versions["mode"].map(lambda m: t(f"data.mode.{m}", lang) if isinstance(m, str) else ""),
        ),
        column_config={
            **{c: t(f"data.versions.{c}", lang) for c in columns},
            "version": st.column_config.NumberColumn(t("data.versions.version", lang), format="%d"),
            "rows": st.column_config.NumberColumn(t("data.versions.rows", lang), format="localized"),
            "set_aside": st.column_config.NumberColumn(t("data.versions.set_aside", lang), format="localized"),
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
        kind = widget(
            st.selectbox,
            t("data.templates.kind", lang),
            kinds,
            format_func=lambda k: t(f"kind.{k}", lang),
            key=f"data.template_kind.{default_kind}",
            default=default_kind,
        )
    with c2:
        header_lang = widget(
            st.radio,
            t("data.templates.headers", lang),
            ("zh", "en"),
            format_func=lambda code: t(f"data.templates.{code}", lang),
            horizontal=True,
            key=f"data.template_lang.{lang}",  # the page's language first, each language its own choice
            default=lang,
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
