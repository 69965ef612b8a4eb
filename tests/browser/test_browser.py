"""Headless Chromium against a local server, every request outside loopback blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _open(offline_page, url: str):
    page = offline_page.page
    page.goto(url, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    return page


def test_overview_draws_the_map_and_kpis_offline_in_both_languages(app_server, offline_page, screenshot_dir) -> None:
    page = _open(offline_page, app_server)
    assert page.locator(".js-plotly-plot .choroplethlayer path").count() >= 30
    assert page.get_by_test_id("stMetric").count() == 3
    assert page.get_by_text("近12个月销售额").count() >= 1
    page.screenshot(path=str(screenshot_dir / "overview_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_text("Revenue, last 12 months").wait_for(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    assert page.locator(".js-plotly-plot .choroplethlayer path").count() >= 30
    page.screenshot(path=str(screenshot_dir / "overview_en.png"), full_page=True)

    assert offline_page.blocked == []
    assert not [e for e in offline_page.console_errors if "topojson" in e.lower()]
