"""Monthly Summary in headless Chromium, every request outside loopback blocked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_summary_shows_kpis_trend_promotions_and_actions_offline_in_both_languages(
    app_server, offline_page, screenshot_dir
) -> None:
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 5200})  # Streamlit scrolls inside: show the whole page
    page.goto(app_server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebarNav").get_by_text("月度摘要", exact=True).click()
    page.get_by_text("月度经营摘要", exact=True).wait_for(timeout=120_000)
    offline_page.wait_for_app(timeout=180_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=120_000)
    assert page.get_by_test_id("stMetric").count() >= 12
    assert page.get_by_text("年累计达成率").count() >= 2
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 3  # actual, plan, forecast
    assert page.get_by_text("促销复盘", exact=True).count() >= 1
    assert page.get_by_text("618净水节（2026-06，销量）").count() == 1
    assert page.get_by_text("会议行动项", exact=True).count() >= 1
    assert page.get_by_test_id("stDownloadButton").count() == 3
    page.screenshot(path=str(screenshot_dir / "summary_zh.png"), full_page=True)

    offline_page.choose("English")
    page.get_by_text("Monthly executive summary", exact=True).wait_for(timeout=120_000)
    offline_page.wait_for_app(timeout=180_000)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace", timeout=120_000)
    assert page.get_by_text("YTD attainment").count() >= 2
    assert page.get_by_text("Promotion reviews", exact=True).count() >= 1
    assert page.get_by_text("Download the meeting deck (PPTX)").count() == 1
    page.screenshot(path=str(screenshot_dir / "summary_en.png"), full_page=True)

    assert offline_page.blocked == []


def test_an_action_edited_on_the_page_is_saved_as_a_new_version(servers_on_store, offline_page, tmp_path) -> None:
    """On stored data the meeting's actions are edited in place and saved: a new version, in the audit trail."""
    from analysis.cli import main
    from analysis.io.store import Store

    location = str(tmp_path / "store")
    assert main(["demo", "--store", location]) == 0
    url = servers_on_store(location)
    page = offline_page.page
    page.set_viewport_size({"width": 1400, "height": 5600})
    page.goto(url, wait_until="domcontentloaded")
    offline_page.wait_for_app(timeout=120_000)
    offline_page.choose("English")
    offline_page.choose("Imported data (current versions)")
    page.get_by_test_id("stSidebarNav").get_by_text("Monthly summary", exact=True).click()
    page.get_by_text("Monthly executive summary", exact=True).wait_for(timeout=120_000)
    offline_page.wait_for_app(timeout=120_000)
    form = page.get_by_test_id("stForm")
    saved = page.get_by_text("Saved 1 actions (actions version 2).")
    unchanged = page.get_by_text("Nothing changed to save.")
    for _ in range(3):  # a keystroke the grid's canvas missed on a loaded machine saves nothing: edit again
        box = form.get_by_test_id("stDataFrame").bounding_box()
        page.mouse.click(box["x"] + 690, box["y"] + 35 + 17)  # the first action's owner (columns are fixed)
        page.wait_for_timeout(1000)
        page.keyboard.press("Enter")  # opens the cell's editor
        page.wait_for_timeout(1000)
        page.keyboard.press("Control+A")
        page.keyboard.type("Zhang Wei", delay=50)
        page.keyboard.press("Enter")
        page.wait_for_timeout(1000)
        form.get_by_role("button", name="Save actions").click()
        saved.or_(unchanged).first.wait_for(timeout=120_000)
        if saved.count():
            break
        offline_page.wait_for_app(timeout=120_000)
    saved.wait_for(timeout=10_000)
    store = Store(location)
    assert store.read("actions").set_index("action_id").loc["A-002", "owner"] == "Zhang Wei"  # the overdue one, first
    assert store.versions("actions").iloc[0][["version", "source", "note"]].tolist() == [2, "app", "review 2026-10"]
    assert store.audit(kind="actions").iloc[0]["action"] == "app"
    assert offline_page.blocked == []
