"""Map Explorer in headless Chromium with every request outside loopback blocked:
shapes at each level, a click drills down, the region panel explains the tier."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PATHS = ".js-plotly-plot .choroplethlayer path"


def _paths(page) -> int:
    return page.locator(PATHS).count()


def _wait_paths(offline_page, minimum: int, maximum: int = 10_000, other_than: int = -1) -> int:
    """Wait for the map to hold between `minimum` and `maximum` shapes (and not `other_than`)."""
    page = offline_page.page
    offline_page.wait_for_app()
    page.wait_for_function(
        f"() => {{ const n = document.querySelectorAll({PATHS!r}).length;"
        f" return n >= {minimum} && n <= {maximum} && n !== {other_than}; }}",
        timeout=60_000,
    )
    offline_page.wait_for_app()
    return _paths(page)


def _click_region(page, index: int) -> None:
    """Click the `index`-th shape of the values trace (the last choropleth trace)."""
    shapes = page.locator(".js-plotly-plot .choroplethlayer .trace").last.locator("path")
    shapes.nth(index).click(force=True)


def test_map_drills_from_china_to_counties_and_explains_a_region(app_server, offline_page, screenshot_dir) -> None:
    page = offline_page.page
    page.goto(f"{app_server}/map", wait_until="domcontentloaded")
    assert _wait_paths(offline_page, 34, 34) == 34  # 31 provinces with data + 3 grey
    page.screenshot(path=str(screenshot_dir / "map_country_zh.png"), full_page=True)

    _click_region(page, 18)  # a province: its cities replace the country
    cities = _wait_paths(offline_page, 2, 33, other_than=34)
    assert page.get_by_test_id("stButton").filter(has_text="全国").count() == 1  # breadcrumb back to China
    page.screenshot(path=str(screenshot_dir / "map_province_zh.png"), full_page=True)

    _click_region(page, 0)  # a city: its counties replace the province's cities
    _wait_paths(offline_page, 1, 200, other_than=cities)
    page.get_by_test_id("stButton").nth(2).wait_for(timeout=30_000)  # China › province › city
    _click_region(page, 0)  # a county (the deepest level): the panel opens it
    offline_page.wait_for_app()
    page.get_by_text("等级依据").first.wait_for(timeout=30_000)
    page.get_by_text("区县 · ").first.wait_for(timeout=30_000)  # the panel now shows a county
    page.screenshot(path=str(screenshot_dir / "map_city_zh.png"), full_page=True)

    page.get_by_test_id("stButton").filter(has_text="全国").first.click()
    _wait_paths(offline_page, 34, 34)
    offline_page.choose("区县")
    assert _wait_paths(offline_page, 2800) >= 2800  # the national county map
    page.screenshot(path=str(screenshot_dir / "map_counties_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_text("Map Explorer").first.wait_for(timeout=30_000)
    assert _wait_paths(offline_page, 2800) >= 2800
    page.get_by_text("Why this tier").first.wait_for(timeout=30_000)
    page.screenshot(path=str(screenshot_dir / "map_counties_en.png"), full_page=True)

    assert offline_page.blocked == []


def test_a_deep_link_as_the_servers_first_request_gets_the_whole_app(fresh_server, offline_page) -> None:
    page = offline_page.page
    page.goto(f"{fresh_server}/map", wait_until="domcontentloaded")
    _wait_paths(offline_page, 34, 34)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("语言 / Language").wait_for(timeout=30_000)  # the frame's sidebar, not a file list
    assert sidebar.get_by_text("地图探索").count() == 1
    assert sidebar.get_by_text("app", exact=True).count() == 0
    assert offline_page.blocked == []
