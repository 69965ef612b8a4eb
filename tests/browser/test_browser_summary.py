"""Monthly Summary in headless Chromium, every request outside loopback blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_summary_shows_kpis_and_trend_offline_in_both_languages(app_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 3000})  # Streamlit scrolls inside: show the whole page
    page.goto(app_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebarNav").get_by_text("月度摘要", exact=True).click()
    page.get_by_text("月度经营摘要", exact=True).wait_for(timeout=60_000)
    offline_page.wait_for_app()
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=60_000)
    assert page.get_by_test_id("stMetric").count() >= 12
    assert page.get_by_text("年累计达成率").count() >= 2
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 3  # actual, plan, forecast
    page.screenshot(path=str(screenshot_dir / "summary_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_text("Monthly executive summary", exact=True).wait_for(timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=60_000)
    assert page.get_by_text("YTD attainment").count() >= 2
    assert page.get_by_test_id("stDownloadButton").count() == 2
    page.screenshot(path=str(screenshot_dir / "summary_en.png"), full_page=True)

    assert offline_page.blocked == []
