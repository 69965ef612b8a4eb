"""A territory manager limited to Guangxi sees Guangxi only: no other province's name on any page, in
any download or in the monthly report, and the Data page's import controls are not theirs (viewer)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.geo.boundaries import load_regions
from tests.auth.conftest import VIEWER
from tests.auth.test_browser_auth import _open, _sign_in

pytestmark = pytest.mark.browser

PAGES = ["", "scoring", "map", "competitors", "housing", "distributors", "territories", "summary", "data"]


def _outside_names() -> list[str]:
    """The names of every province but Guangxi, as pages write them (full and short Chinese names)."""
    provinces = load_regions("province")
    others = provinces[provinces["region_id"] != "450000"]
    return sorted({*others["name"], *others["short_name"]})


def _text_of(name: str, data: bytes) -> str:
    """The readable text of a downloaded file."""
    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    if name.endswith(".pdf"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    if name.endswith((".xlsx", ".pptx")):  # every XML part: cells (shared strings), slides
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if n.endswith(".xml")]
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in parts)
    return data.decode("utf-8", "replace")


def _downloads(offline_page, tmp_path: Path) -> dict[str, str]:
    """Every download button of the page, clicked: file name → text."""
    page = offline_page.page
    found = {}
    buttons = page.get_by_test_id("stMain").get_by_test_id("stDownloadButton")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible() or button.get_by_role("button").is_disabled():
            continue
        with page.expect_download(timeout=120_000) as download:
            button.click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        found[path.name] = _text_of(path.name, path.read_bytes())
    return found


def test_a_manager_scoped_to_guangxi_sees_no_other_province(auth_server, offline_page, tmp_path, screenshot_dir):
    _open(offline_page, auth_server)
    _sign_in(offline_page, auth_server, VIEWER)
    page = offline_page.page
    outside = _outside_names()
    seen_downloads = 0
    for path in PAGES:
        page.goto(f"{auth_server}/{path}?level=city", wait_until="domcontentloaded")
        offline_page.wait_for_app(timeout=120_000)
        page.wait_for_timeout(1500)
        text = page.get_by_test_id("stApp").inner_text()
        assert "广西" in text or path in ("data",), path
        leaked = [name for name in outside if name in text]
        assert leaked == [], (path, leaked)
        for name, content in _downloads(offline_page, tmp_path).items():
            seen_downloads += 1
            leaked = [n for n in outside if n in content]
            assert leaked == [], (path, name, leaked)
        if path == "data":  # a viewer: versions and templates, no upload
            assert page.get_by_test_id("stFileUploader").count() == 0
        page.screenshot(path=str(screenshot_dir / f"scoped_{path or 'overview'}_zh.png"), full_page=True)
    assert seen_downloads >= 5
    assert offline_page.blocked == []
