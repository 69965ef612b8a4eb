"""Headless Chromium: the Market Scoring page draws its table and contributions chart offline, in both languages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

BARS = ".js-plotly-plot .barlayer .point path"
TABLE = "[data-testid='stDataFrame']:visible"  # the ranked table comes first (the AHP matrix is folded away)


def _scoring_page_ready(offline_page) -> None:
    page = offline_page.page
    offline_page.wait_for_app()
    page.locator(TABLE).first.wait_for(timeout=60_000)
    page.wait_for_selector(BARS, timeout=60_000)


def _screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so make the window as tall as the content."""
    height = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), 6000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_scoring_page_ranks_explains_and_switches_language_offline(app_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.goto(app_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebarNav").get_by_text("市场评分", exact=True).click()
    _scoring_page_ready(offline_page)
    assert page.get_by_role("heading", name="市场评分").count() >= 1
    assert page.locator(TABLE).count() >= 2  # ranked table, borderline regions, sell-in by tier
    assert page.locator(BARS).count() >= 5  # one bar per criterion in use
    assert page.get_by_text("为什么是这一档").count() >= 1
    _screenshot(page, screenshot_dir / "scoring_zh.png")

    offline_page.choose("English")
    page.get_by_role("heading", name="Market scoring").first.wait_for(timeout=30_000)
    _scoring_page_ready(offline_page)
    assert page.get_by_text("Why this tier").count() >= 1
    assert page.locator(BARS).count() >= 5
    _screenshot(page, screenshot_dir / "scoring_en.png")

    assert offline_page.blocked == []
