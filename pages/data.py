"""Data: upload → preview → column mapping → validation report → import → what changed;
versions with restore; templates."""

import streamlit as st

from analysis.i18n import t
from analysis.io.columns import mapping_signature
from analysis.io.importing import summarise_import, workbook_sheets
from analysis.io.mappings import save_mapping
from analysis.io.readers import Limits
from analysis.io.store import Store, StoreError
from analysis.schemas import UPLOADABLE
from ui import data as ui
from ui.common import lang, require_frame, store_dir

require_frame()
L = lang()
directory = store_dir()
store = Store(directory)
st.title(t("data.title", L))
st.caption(t("data.intro", L))
st.caption(t("data.store_at", L, path=str(directory)))
kind = ui.translated_choice(
    st.selectbox, t("data.kind", L), list(UPLOADABLE), lambda k: t(f"kind.{k}", L), "data_kind", L
)
kind_label = t(f"kind.{kind}", L)
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)


def import_flow() -> None:
    """Steps 1-5; each step shows only once the one before it has something to show."""
    st.subheader(t("data.step.upload", L))
    upload = st.file_uploader(
        t("data.upload", L),
        type=["csv", "txt", "tsv", "xlsx", "xlsm"],
        help=t("data.upload.help", L),
        max_upload_size=Limits().max_bytes // 2**20,
        key="data_upload",
    )
    if upload is None:
        st.info(t("data.upload.hint", L))
        return
    raw, file_key = upload.getvalue(), f"{upload.file_id}_{kind}"
    sheet = st.session_state.get(f"data_sheet_{file_key}")
    saved_key = ui.saved_mappings_key(directory, kind)
    first = ui.validate_upload(kind, raw, upload.name, sheet, None, str(directory), saved_key)
    sheets = first.table.sheets if first.table is not None else workbook_sheets(raw)
    if len(sheets) > 1:  # offered even when the first sheet cannot be read (a cover page, a chart)
        st.selectbox(t("data.sheet", L), sheets, key=f"data_sheet_{file_key}")
    if first.table is None:  # not a table at all: the message says why
        st.error(t("data.read_failed", L, message=first.findings.iloc[0][f"message_{L}"]))
        return

    st.subheader(t("data.step.preview", L))
    ui.preview(first.table, L)

    st.subheader(t("data.step.mapping", L))
    source = st.session_state.setdefault(f"data_source_{file_key}", first.mapping_source)  # as it was on arrival
    st.info(t("data.mapping.saved" if source == "saved" else "data.mapping.guessed", L))
    headers = list(first.table.frame.columns)
    mapping_key = f"{file_key}_{mapping_signature(headers)}"  # another sheet, other headers: fresh widgets
    mapping = ui.mapping_editor(kind, headers, first.mapping, mapping_key, L)
    remember = st.checkbox(t("data.mapping.save", L), value=True, key=f"data_remember_{file_key}")
    st.download_button(
        t("data.mapping.download", L),
        mapping.to_json(),
        file_name=f"{kind}_mapping.json",
        mime="application/json",
        key="data_mapping_download",
    )
    prepared = (
        first
        if ui.same_mapping(mapping, first.mapping)
        else ui.validate_upload(kind, raw, upload.name, sheet, mapping.to_json(), str(directory), saved_key)
    )

    st.subheader(t("data.step.report", L))
    ui.report(prepared, L)

    st.subheader(t("data.step.import", L))
    token = (file_key, mapping.to_json())
    done = st.session_state.get("data_done")
    if done is not None and done[0] == token:
        ui.summary(done[1], L)
        return
    if not prepared.ok:
        st.caption(t("data.import.blocked", L))
    if st.button(
        t("data.import.button", L),
        type="primary",
        disabled=not prepared.ok,
        key="data_import",
        icon=":material/upload:",
    ):
        try:
            previous_version, previous = store.current_version(kind), store.read(kind)
            info = store.write(kind, prepared.frame, source="import", filename=upload.name)
        except StoreError as exc:  # the store is busy or unreadable; the write is all or nothing
            st.error(t("data.import.failed", L, detail=str(exc)))
            return
        if remember:
            save_mapping(directory, kind, mapping, headers)
        result = summarise_import(kind, previous, prepared.frame, info.version, previous_version)
        st.session_state["data_done"] = (token, result)
        st.rerun()


def versions_section() -> None:
    """Every stored version of the chosen kind; any one can be made current again."""
    st.subheader(t("data.step.versions", L, kind=kind_label))
    try:
        versions = store.versions(kind)
    except StoreError as exc:
        st.error(t("data.store_failed", L, detail=str(exc)))
        return
    if versions.empty:
        st.caption(t("data.versions.none", L, kind=kind_label))
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    with c1:
        chosen = ui.translated_choice(
            st.selectbox,
            t("data.versions.pick", L),
            versions["version"].tolist(),
            lambda v: ui.version_label(versions, v, L),
            f"data_restore_pick_{kind}",
            L,
        )
    is_current = bool(versions.loc[versions["version"] == chosen, "current"].iloc[0])
    if c2.button(t("data.versions.restore", L), disabled=is_current, key="data_restore", icon=":material/history:"):
        try:
            store.restore(kind, int(chosen))
        except StoreError as exc:
            st.error(t("data.versions.failed", L, detail=str(exc)))
            return
        st.session_state["data_flash"] = t("data.versions.restored", L, kind=kind_label, version=chosen)
        st.rerun()
    ui.versions_table(versions, L)


import_flow()
st.divider()
versions_section()
st.divider()
st.subheader(t("data.step.templates", L))
ui.templates(kind, L)
