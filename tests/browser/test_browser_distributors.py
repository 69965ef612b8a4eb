"""Headless Chromium: the Distributors page draws its funnel and coverage map offline, in both languages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FUNNEL_BARS = ".js-plotly-plot .barlayer .point path"
COUNTIES = ".js-plotly-plot .choroplethlayer path"
SCORECARD = "[data-testid='stDataFrame']"


def _figures_drawn(offline_page) -> None:
    page = offline_page.page
    offline_page.wait_for_app()
    page.locator(SCORECARD).first.wait_for(timeout=60_000)
    page.wait_for_selector(FUNNEL_BARS, timeout=60_000)
    page.wait_for_function(f"() => document.querySelectorAll({COUNTIES!r}).length >= 2800", timeout=60_000)


def test_distributors_page_draws_funnel_and_coverage_map_offline(app_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 4200})  # Streamlit scrolls inside: show the whole page
    page.goto(f"{app_server}/distributors", wait_until="domcontentloaded")
    _figures_drawn(offline_page)
    assert page.get_by_role("heading", name="五项评分与分类").count() == 1
    assert page.locator(".js-plotly-plot").count() == 2  # funnel and coverage map
    assert page.locator(FUNNEL_BARS).count() >= 12  # 6 sources × the statuses present
    assert page.get_by_text("一致性比率 CR").count() >= 1
    page.screenshot(path=str(screenshot_dir / "distributors_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_role("heading", name="Five-criteria scorecard and classes").wait_for(timeout=60_000)
    _figures_drawn(offline_page)
    assert page.get_by_text("Active search").count() >= 1
    assert page.get_by_text("High-tier counties not covered").count() >= 1
    page.screenshot(path=str(screenshot_dir / "distributors_en.png"), full_page=True)

    assert offline_page.blocked == []
