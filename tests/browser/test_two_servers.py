"""Headless Chromium: two app processes on one PostgreSQL store see each other's imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.i18n import t

pytestmark = pytest.mark.browser

UNITS = t("overview.units_12m", "en")


def _import(location: str, path: Path, rows: list[tuple[str, str, int, float]]) -> None:
    """`python -m analysis import` of a sales file, as a monthly job would run it."""
    path.write_text("region_id,month,units,revenue\n" + "".join(f"{r},{m},{u},{v}\n" for r, m, u, v in rows))
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "import", "--kind", "sales", str(path), "--store", location],
        cwd=config.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _open_imported_data(offline_page, server: str) -> None:
    """The Overview of `server` in English on the imported data (a new session: the sidebar starts over)."""
    offline_page.page.goto(server, wait_until="domcontentloaded")
    offline_page.wait_for_app()
    offline_page.choose("English")
    offline_page.choose(t("dataset.store", "en"))


def _units_shown(offline_page) -> str:
    """The Overview's "Units, last 12 months" figure, or the note that the store is empty."""
    page = offline_page.page
    empty = page.get_by_text(t("dataset.store_empty", "en")[:40])
    metric = page.get_by_test_id("stMetric").filter(has_text=UNITS)
    metric.or_(empty).first.wait_for(timeout=30_000)
    if empty.count():
        return "empty"
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def _version_on_the_data_page(offline_page) -> str:
    """The version the Data page offers first (the newest), e.g. "version 2 · … · 2 rows (current)"."""
    page = offline_page.page
    page.get_by_test_id("stSidebarNav").get_by_text(t("page.data", "en"), exact=True).click()
    page.get_by_text(t("data.title", "en")).wait_for(timeout=30_000)
    offline_page.wait_for_app()
    return page.get_by_role("combobox", name=t("data.versions.pick", "en"), exact=True).input_value()


def test_an_import_shows_on_both_app_servers(store_locations, servers_on_store, offline_page, tmp_path) -> None:
    location = store_locations("postgresql")
    first, second = servers_on_store(location), servers_on_store(location)

    for server in (first, second):  # both have run on the empty store (and filled whatever they cache)
        _open_imported_data(offline_page, server)
        assert _units_shown(offline_page) == "empty"

    _import(location, tmp_path / "sales_1.csv", [("450102", "2026-01", 120, 360000.0), ("450202", "2026-01", 80, 2e5)])
    for server in (first, second):
        _open_imported_data(offline_page, server)
        assert _units_shown(offline_page) == "200"
    assert "version 1" in _version_on_the_data_page(offline_page)  # the second server's Data page

    # The second server's session stays open; the next import must show in it on its next run. (The
    # same month again: a replace and an update by month give the same version.)
    _import(location, tmp_path / "sales_2.csv", [("450102", "2026-01", 300, 9e5), ("450202", "2026-01", 5, 1.5e4)])
    offline_page.page.get_by_test_id("stSidebarNav").get_by_text(t("page.overview", "en"), exact=True).click()
    offline_page.wait_for_app()
    assert _units_shown(offline_page) == "305"
    _open_imported_data(offline_page, first)
    assert _units_shown(offline_page) == "305"
    shown = _version_on_the_data_page(offline_page)
    assert "version 2" in shown and t("data.versions.is_current", "en") in shown
    assert offline_page.blocked == []
