"""Competitors and Housing Pipeline pages in headless Chromium, network blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "zh_heading", "en_heading", "charts"),
    [
        ("competitors", "品牌份额", "Brand shares", 3),
        ("housing", "新房套数（按年份与状态）", "New homes by year and status", 3),
    ],
)
def test_page_draws_its_figures_offline_in_both_languages(
    app_server, offline_page, screenshot_dir, path, zh_heading, en_heading, charts
) -> None:
    page = offline_page.page
    page.goto(f"{app_server}/{path}", wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_text(zh_heading).first.wait_for(timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    assert page.locator(".js-plotly-plot").count() >= charts
    assert page.locator(".js-plotly-plot .choroplethlayer path").count() >= 30
    page.screenshot(path=str(screenshot_dir / f"{path}_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_text(en_heading).first.wait_for(timeout=30_000)
    page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=60_000)
    page.screenshot(path=str(screenshot_dir / f"{path}_en.png"), full_page=True)
    assert offline_page.blocked == []
