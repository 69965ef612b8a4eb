"""Headless Chromium: the Distributors page draws its funnel and coverage map offline, with its
contracts, flags and quotas, in both languages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FUNNEL_BARS = ".js-plotly-plot .barlayer .point path"
COUNTIES = ".js-plotly-plot .choroplethlayer path"
TABLE = "[data-testid='stDataFrame']"


def _figures_drawn(offline_page) -> None:
    page = offline_page.page
    offline_page.wait_for_app()
    page.locator(TABLE).first.wait_for(timeout=120_000)
    page.wait_for_selector(FUNNEL_BARS, timeout=60_000)
    page.wait_for_function(f"() => document.querySelectorAll({COUNTIES!r}).length >= 2800", timeout=120_000)


def _screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main block, so make the window as tall as the content."""
    height = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 200, 1000), 9000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_distributors_page_draws_funnel_coverage_flags_and_quotas_offline(
    app_server, offline_page, screenshot_dir
) -> None:
    page = offline_page.page
    page.goto(app_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebarNav").get_by_text("经销商", exact=True).click()
    _figures_drawn(offline_page)
    for heading in ("五项评分与分类", "合同与授权范围", "预警：窜货、合同与砸价", "配额与达成"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
    assert page.locator(".js-plotly-plot").count() == 2  # funnel and coverage map
    assert page.locator(FUNNEL_BARS).count() >= 12  # 6 sources × the statuses present
    assert page.get_by_text("一致性比率 CR").count() >= 1
    assert page.get_by_text("合同已到期", exact=True).count() >= 1
    assert page.locator(TABLE).count() >= 6  # scorecard, gaps, contracts, flags, 窜货, quotas
    _screenshot(page, screenshot_dir / "distributors_zh.png")

    offline_page.choose("English")
    page.get_by_role("heading", name="Five-criteria scorecard and classes").wait_for(timeout=60_000)
    _figures_drawn(offline_page)
    assert page.get_by_text("Active search").count() >= 1
    assert page.get_by_text("High-tier counties not covered").count() >= 1
    assert page.get_by_role("heading", name="Quotas and attainment").count() == 1
    _screenshot(page, screenshot_dir / "distributors_en.png")

    assert offline_page.blocked == []
