"""Data: upload → preview (sheet, header row) → column mapping → validation report (value mapping) →
import plan (update or replace, bad rows set aside) → import → what changed; versions; templates."""

import streamlit as st

from analysis.access import allowed, refusal
from analysis.i18n import t
from analysis.io.columns import mapping_signature
from analysis.io.files import Limits
from analysis.io.importing import DEFAULT_MODE, commit_import, plan_import
from analysis.io.mappings import region_map, save_mapping, save_region_map, saved_key
from analysis.io.store import Store, StoreError
from analysis.io.workbooks import workbook_sheets
from analysis.schemas import UPLOADABLE
from ui import auth
from ui import data as ui
from ui.audit import audit_panel
from ui.context import context
from ui.frame import require_frame
from ui.safe import literal
from ui.state import widget

require_frame("pages/data.py")
ctx = context()
L = ctx.lang
directory = ctx.store_location  # a directory or a postgresql:// URL
store = Store(directory)
st.title(t("data.title", L))
st.caption(t("data.intro", L))
st.caption(t("data.store_at", L, path=literal(store.location)))
kind = widget(
    st.selectbox, t("data.kind", L), list(UPLOADABLE), format_func=lambda k: t(f"kind.{k}", L), key="data.kind",
    default="sales",
)  # fmt: skip
kind_label = t(f"kind.{kind}", L)
if flash := st.session_state.pop("data_flash", None):
    st.success(flash)


def import_flow() -> None:
    """Steps 1-5; each step shows only once the one before it has something to show."""
    st.subheader(t("data.step.upload", L))
    upload = ui.uploader(L, Limits().max_bytes // 2**20, key="data_upload")
    if upload is None:
        st.info(t("data.upload.hint", L))
        return
    raw, file_key = upload.getvalue(), f"{upload.file_id}_{kind}"
    try:
        saved, values_map = saved_key(store), tuple(sorted(region_map(store).items()))
    except StoreError as exc:
        st.error(exc.message(L))
        saved, values_map = (), ()
    sheet = st.session_state.get(f"data.sheet.{file_key}")
    header_row = st.session_state.get(f"data.header_row.{file_key}.{sheet}")
    found = ui.validate_upload(kind, raw, upload.name, sheet, None, None, str(directory), saved, values_map)
    sheets = found.table.sheets if found.table is not None else workbook_sheets(raw)
    if found.table is not None and header_row is not None and header_row != found.table.header_row:
        first = ui.validate_upload(kind, raw, upload.name, sheet, header_row, None, str(directory), saved, values_map)
    else:
        first = found
    sheet, header_row = ui.layout_controls(found.table, sheets, file_key, L)
    if first.table is None:  # not a table at all: the message says why
        st.error(t("data.read_failed", L, message=literal(first.findings.iloc[0][f"message_{L}"])))
        return

    st.subheader(t("data.step.preview", L))
    ui.preview(first.table, L)

    st.subheader(t("data.step.mapping", L))
    source = st.session_state.setdefault(f"data_source_{file_key}", first.mapping_source)  # as it was on arrival
    st.info(t("data.mapping.saved" if source == "saved" else "data.mapping.guessed", L))
    headers = list(first.table.frame.columns)
    mapping_key = f"{file_key}_{mapping_signature(headers)}"  # another sheet, other headers: fresh widgets
    mapping = ui.mapping_editor(kind, headers, first.mapping, mapping_key, L, first.table.money_scale)
    remember = st.checkbox(t("data.mapping.save", L), value=True, key=f"data_remember_{file_key}")
    st.download_button(
        t("data.mapping.download", L),
        mapping.to_json(),
        file_name=f"{kind}_mapping.json",
        mime="application/json",
        key="data_mapping_download",
    )
    given = None if ui.same_mapping(mapping, first.mapping) and source != "given" else mapping.to_json()
    prepared = (
        first
        if given is None
        else ui.validate_upload(kind, raw, upload.name, sheet, header_row, given, str(directory), saved, values_map)
    )

    st.subheader(t("data.step.report", L))
    ui.report(prepared, L)
    chosen = ui.value_mapping(prepared, file_key, L)
    if chosen:
        try:
            save_region_map(store, chosen, user=ctx.user.audit_user)
        except StoreError as exc:
            st.error(exc.message(L))
        else:
            st.session_state["data_flash"] = t("data.values.saved", L, n=len(chosen))
            st.rerun()

    st.subheader(t("data.step.import", L))
    token = (file_key, mapping.to_json(), header_row, sheet)
    done = st.session_state.get("data_done")
    if done is not None and done[0] == token:
        ui.summary(done[1], L)
        return
    skip = False
    if not prepared.ok:
        if prepared.importable(skip_bad_rows=True):
            skip = st.checkbox(
                t("data.set_aside.choose", L, bad=f"{len(prepared.set_aside):,}", rows=f"{len(prepared.frame):,}"),
                key=f"data_skip_{file_key}",
            )
            if skip:
                st.download_button(
                    t("data.set_aside.download", L, n=f"{len(prepared.set_aside):,}"),
                    ui.to_csv_bytes(prepared.set_aside_rows(L)),
                    file_name=f"{kind}_set_aside.csv",
                    mime="text/csv",
                    icon=":material/download:",
                    key="data_set_aside_download",
                )
        if not skip:
            st.caption(t("data.import.blocked", L))
    importable = prepared.importable(skip)
    mode = widget(
        st.radio, t("data.mode", L), ["update", "replace"], format_func=lambda m: t(f"data.mode.{m}.long", L),
        key="data.mode", default=DEFAULT_MODE, horizontal=True,
    )  # fmt: skip
    plan = None
    if importable:
        try:
            plan = plan_import(store, prepared, mode)
        except StoreError as exc:
            st.error(exc.message(L))
            return
        ui.plan_view(plan, L)
    confirmed = True
    if plan is not None and mode == "replace" and plan.removes_most:
        st.warning(t("data.plan.removes_most", L, removed=f"{plan.removed:,}", current=f"{plan.current_rows:,}"))
        confirmed = st.checkbox(t("data.plan.confirm", L), key=f"data_confirm_{file_key}")
    if st.button(
        t("data.import.button", L),
        type="primary",
        disabled=not importable or not confirmed,
        key="data_import",
        icon=":material/upload:",
    ):
        try:
            outcome = commit_import(
                store,
                prepared,
                mode=mode,
                skip_bad_rows=skip,
                confirmed=confirmed,
                filename=upload.name,
                plan=plan,
                user=ctx.user.audit_user,
            )
            if outcome.done and remember:
                save_mapping(store, kind, mapping, headers, user=ctx.user.audit_user)
        except StoreError as exc:  # locked, full, read-only, damaged: the write is all or nothing
            st.error(t("data.import.failed", L, detail=exc.message(L)))
            return
        if not outcome.done:
            st.error(outcome.refused.render(L))
            return
        st.session_state["data_done"] = (token, outcome.summary)
        st.rerun()


def versions_section() -> None:
    """Every stored version of the chosen kind; any one can be made current again."""
    st.subheader(t("data.step.versions", L, kind=kind_label))
    try:
        versions = store.versions(kind)
    except StoreError as exc:
        st.error(t("data.store_failed", L, detail=exc.message(L)))
        return
    if versions.empty:
        st.caption(t("data.versions.none", L, kind=kind_label))
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    with c1:
        chosen = widget(
            st.selectbox,
            t("data.versions.pick", L),
            versions["version"].tolist(),
            format_func=lambda v: ui.version_label(versions, v, L),
            key=f"data.restore_pick.{kind}",
            default=int(versions["version"].iloc[0]),
        )
    is_current = bool(versions.loc[versions["version"] == chosen, "current"].iloc[0])
    may_restore = allowed(ctx.user, "restore")
    why = None if may_restore else refusal(ctx.user, "restore").render(L)
    if c2.button(t("data.versions.restore", L), disabled=is_current or not may_restore, key="data_restore",
                 icon=":material/history:", help=why):  # fmt: skip
        try:
            store.restore(kind, int(chosen), user=ctx.user.audit_user)
        except StoreError as exc:
            st.error(t("data.versions.failed", L, detail=exc.message(L)))
            return
        st.session_state["data_flash"] = t("data.versions.restored", L, kind=kind_label, version=chosen)
        st.rerun()
    ui.versions_table(versions, L)


if auth.require(ctx.user, "import", L):  # a viewer reads the versions and templates, imports nothing
    import_flow()
st.divider()
versions_section()
st.divider()
if allowed(ctx.user, "import"):
    st.subheader(t("data.step.audit", L))
    audit_panel(ctx)
    st.divider()
st.subheader(t("data.step.templates", L))
ui.templates(kind, L)
