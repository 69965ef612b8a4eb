"""Headless Chromium, every request outside loopback blocked: the Territories page designs Guangxi,
takes a manual move, compares with the current territories in Chinese and English, and a saved design
becomes the current territories that the Distributors page then covers."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PATHS = ".js-plotly-plot .choroplethlayer path"
GUANGXI_COUNTIES = 111


def _screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so make the window as tall as the content."""
    height = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 200, 1000), 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def _open(offline_page, title: str) -> None:
    """Open a page from the navigation (the way a person does), and wait until it has run."""
    page = offline_page.page
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    offline_page.wait_for_app()
    page.wait_for_timeout(500)
    offline_page.wait_for_app()


def _territory_map_drawn(offline_page) -> None:
    page = offline_page.page
    offline_page.wait_for_app()
    page.wait_for_function(f"() => document.querySelectorAll({PATHS!r}).length >= {GUANGXI_COUNTIES}", timeout=120_000)


def _metric(page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).first
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def _pick_next_county(offline_page, label: str) -> None:
    """Choose the next option of the county selector."""
    page = offline_page.page
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).first
    box.click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    offline_page.wait_for_app()


def _move_until_one_is_taken(offline_page, lang: str) -> bool:
    """Press Move; when the move would split a territory the page refuses it, so try the next county.

    Returns whether a refusal was seen on the way.
    """
    page = offline_page.page
    move, refused, county = ("移动", "没有移动", "区县") if lang == "zh" else ("Move", "Not moved", "County")
    saw_refusal = False
    moved = page.get_by_text(re.compile("已手动调整 1 个区县|1 counties moved by hand"))
    for _ in range(25):
        page.get_by_role("button", name=move, exact=True).click()
        # One of the two answers comes, however loaded the machine is: wait for it, not for a fixed time.
        moved.or_(page.get_by_text(refused)).first.wait_for(timeout=180_000)
        offline_page.wait_for_app()
        if moved.count():
            return saw_refusal
        saw_refusal = True
        _pick_next_county(offline_page, county)
        page.get_by_text(refused).first.wait_for(state="detached", timeout=180_000)  # the next answer is new
    raise AssertionError("no move was taken")


def test_design_move_compare_and_save(fresh_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.goto(fresh_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()

    _open(offline_page, "经销商")
    page.get_by_text("有经销商覆盖的区县", exact=True).wait_for(timeout=180_000)
    covered_demo = int(_metric(page, "有经销商覆盖的区县").replace(",", ""))

    _open(offline_page, "区域设计")
    _territory_map_drawn(offline_page)
    assert page.get_by_role("heading", name="区域设计（板块划分）").count() == 1
    page.get_by_role("heading", name="均衡表").wait_for(timeout=60_000)
    page.get_by_text("每块区域都相连").first.wait_for(timeout=60_000)
    _move_until_one_is_taken(offline_page, "zh")
    page.get_by_role("heading", name="与现有区域对比").wait_for(timeout=60_000)
    assert page.get_by_text("是手动调整到").count() >= 1  # the moved county's panel says why it is there
    _territory_map_drawn(offline_page)
    _screenshot(page, screenshot_dir / "territories_zh.png")

    offline_page.choose("English")
    page.get_by_role("heading", name="Territory design").wait_for(timeout=60_000)
    _territory_map_drawn(offline_page)
    page.get_by_text("1 counties moved by hand").wait_for(timeout=60_000)  # the move survives the language switch
    assert page.get_by_role("heading", name="Against the current territories").count() == 1
    assert page.get_by_text("Counties changing hands", exact=True).count() == 1
    _screenshot(page, screenshot_dir / "territories_en.png")

    page.get_by_role("button", name="Save as the current territories").click()
    offline_page.wait_for_app()
    page.get_by_text(re.compile(r"Saved as version 2 of the territories")).wait_for(timeout=180_000)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_role("radio", name="Imported data (current versions)", checked=True).count() == 1
    _territory_map_drawn(offline_page)
    assert _metric(page, "Counties changing hands") == "0"  # the saved design is now the current one

    _open(offline_page, "Distributors")
    page.get_by_text("Counties covered", exact=True).wait_for(timeout=180_000)
    assert sidebar.get_by_role("radio", name="Imported data (current versions)", checked=True).count() == 1
    covered_after = int(_metric(page, "Counties covered").replace(",", ""))
    assert covered_after > covered_demo  # every county of Guangxi is now some distributor's
    assert offline_page.blocked == []
