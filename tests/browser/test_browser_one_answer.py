"""One market answer: a scenario saved on the Scoring page gives the same tiers on the Map, in the
Housing export and from `python -m analysis score --scenario`; a copied URL reopens the same view."""

from __future__ import annotations

import io
import time
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from playwright.sync_api import expect

from analysis.cli import main

NAME = "tier check"


def _csv(page, button_text: str, section: str | None = None) -> pd.DataFrame:
    """Click a download button (inside the expander or block holding `section`, if given); its CSV."""
    scope = page.get_by_test_id("stMain")
    buttons = scope.get_by_test_id("stDownloadButton").filter(has_text=button_text)
    with page.expect_download(timeout=60_000) as download:
        buttons.last.click()
    return pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()), encoding="utf-8-sig", dtype=str)


def _tiers(frame: pd.DataFrame) -> pd.Series:
    return frame.set_index("Adcode")["Tier"].replace({"Hold": "hold"})


def _panel_tier(offline_page, url: str) -> str:
    page = offline_page.page
    page.goto(url, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    metric = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Tier", exact=True)).first
    metric.wait_for(timeout=60_000)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def test_a_saved_scenario_gives_the_same_tiers_everywhere(app_server, offline_page, tmp_path, screenshot_dir) -> None:
    page = offline_page.page
    page.goto(f"{app_server}/scoring?lang=en&level=city", wait_until="domcontentloaded")
    offline_page.wait_for_app()
    page.get_by_text("Weights and assumptions").wait_for(timeout=60_000)

    slider = page.get_by_test_id("stSlider").filter(has_text="Capacity").first.get_by_role("slider")
    slider.focus()
    slider.press("End")  # capacity weight 100: a draft
    time.sleep(1)
    offline_page.wait_for_app()
    page.get_by_test_id("stSidebar").get_by_text("unsaved draft", exact=False).wait_for(timeout=60_000)

    box = page.get_by_test_id("stTextInput").filter(has_text="Scenario name").get_by_role("textbox")
    box.fill(NAME)
    box.press("Enter")
    offline_page.wait_for_app()
    page.get_by_test_id("stButton").filter(has_text="Save scenario").get_by_role("button").click()
    offline_page.wait_for_app()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Scenario")).to_have_value(NAME, timeout=60_000)  # named there
    expect(sidebar.get_by_text("unsaved draft", exact=False)).to_have_count(0, timeout=60_000)  # the rerun is done
    page.screenshot(path=str(screenshot_dir / "scenario_saved_en.png"), full_page=True)

    scoring = _tiers(_csv(page, "Download CSV"))
    assert len(scoring) >= 360 and {"A", "B", "C"} <= set(scoring)
    page.get_by_test_id("stExpander").filter(has_text="Scenario file and versions").first.click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="Download the scenario (TOML)").click()
    toml = tmp_path / "saved.toml"
    toml.write_bytes(Path(download.value.path()).read_bytes())

    # The Map, opened from a copied URL in a fresh session, shows the same tier for each sampled city.
    sample = pd.concat([scoring[scoring == tier].head(2) for tier in ("A", "B", "C", "hold")])
    view = f"lang=en&level=city&scenario={quote(NAME)}"
    for region_id, tier in sample.items():
        shown = _panel_tier(offline_page, f"{app_server}/map?{view}&region={region_id}")
        assert shown == ("Hold" if tier == "hold" else tier), region_id
    page.screenshot(path=str(screenshot_dir / "scenario_map_en.png"), full_page=True)

    # The Housing page's export: every city's tier as on Scoring.
    page.goto(f"{app_server}/housing?{view}", wait_until="domcontentloaded")
    offline_page.wait_for_app()
    housing = _tiers(_csv(page, "Download CSV"))
    common = housing.index.intersection(scoring.index)
    assert len(common) >= 360
    assert (housing[common] == scoring[common]).all()

    # The command line with the same scenario, on the same (demo) data.
    store, out = tmp_path / "store", tmp_path / "scores.csv"
    assert main(["demo", "--store", str(store)]) == 0
    assert main(["score", "--level", "city", "--scenario", str(toml), "--store", str(store), "--out", str(out)]) == 0
    cli = pd.read_csv(out, dtype={"region_id": str}).set_index("region_id")["tier"]
    assert (cli.reindex(scoring.index) == scoring).all()
    assert offline_page.blocked == []
