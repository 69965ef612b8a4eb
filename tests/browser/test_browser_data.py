"""Headless Chromium: the Data page flow (upload → preview → mapping → report → import →
new version) in Chinese and English, every request outside loopback blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

GBK_SALES = '城市,月份,销量(台),销售额(元)\n南宁,2025年1月,120,"360,000"\n柳州,2025年1月,80,"240,000"\n'.encode("gbk")
BAD_SALES = "城市,月份,销量,销售额\n南宁,2025-01,-5,100\n火星,2025-01,3,100\n朝阳区,2025-13,3,100\n".encode("gbk")


def test_data_page_imports_a_gbk_file_in_both_languages(
    app_server, offline_page, screenshot_dir: Path, tmp_path: Path
) -> None:
    page = offline_page.page
    page.goto(app_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebarNav").get_by_text("数据", exact=True).click()
    page.get_by_text("数据导入与版本").wait_for(timeout=30_000)
    offline_page.wait_for_app()

    path = tmp_path / "销售_2025年1月.csv"
    path.write_bytes(GBK_SALES)
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text("编码 GBK / GB18030").wait_for(timeout=30_000)
    offline_page.wait_for_app()
    assert page.get_by_text("已根据表头自动识别每一列").count() == 1  # the mapping step
    assert page.get_by_text("校验通过：2 行可以导入。").count() == 1  # the report
    assert page.get_by_test_id("stDataFrame").count() >= 1  # the preview

    page.get_by_role("button", name="导入为新版本").click()
    page.get_by_text("已导入为销售数据的版本").wait_for(timeout=30_000)
    offline_page.wait_for_app()
    assert page.get_by_text("本次导入的变化").count() == 1
    _screenshot(page, screenshot_dir / "data_zh.png")

    offline_page.choose("English")
    page.get_by_text("Imported as version").wait_for(timeout=30_000)
    offline_page.wait_for_app()
    assert page.get_by_text("What this import changed").count() == 1
    assert page.get_by_text("Versions: Sales").count() == 1
    _screenshot(page, screenshot_dir / "data_en.png")

    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_SALES)
    page.locator("input[type='file']").set_input_files(str(bad))
    page.get_by_text("errors must be fixed").wait_for(timeout=30_000)
    offline_page.wait_for_app()
    assert page.get_by_role("button", name="Import as a new version").is_disabled()
    _screenshot(page, screenshot_dir / "data_errors_en.png")

    assert offline_page.blocked == []


def _screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport to fit it."""
    height = page.evaluate("document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, int(height) + 120)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
