"""Do only what changed: a weight step on Market Scoring reruns its fragment, not the page.

The server runs under bench/latency_profile.py, which logs every script run and whether it was a
fragment's; the count of page-level runs must not move when a weight is stepped (after the first
step, which turns the scenario into a draft and so reruns the app once, by design)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, _free_port

pytestmark = pytest.mark.browser


@pytest.fixture
def logged_server(tmp_path):
    port, log = _free_port(), tmp_path / "runs.jsonl"
    env = {**os.environ, "TERRITORY_ATLAS_STORE": str(tmp_path / "store")}
    proc = subprocess.Popen(
        [sys.executable, "bench/latency_profile.py", "--log", str(log), "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    yield url, log
    proc.terminate()
    proc.wait(timeout=20)


def _runs(log) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def _step(offline_page, slider) -> None:
    slider.focus()
    slider.press("ArrowRight")
    time.sleep(1.0)
    offline_page.wait_for_app()
    time.sleep(0.5)


def test_a_weight_step_reruns_the_scoring_fragment_only(logged_server, offline_page) -> None:
    url, log = logged_server
    page = offline_page.page
    page.goto(f"{url}/scoring?lang=en&level=county", wait_until="domcontentloaded")
    offline_page.wait_for_app(timeout=120_000)
    page.get_by_text("Weights and assumptions").wait_for(timeout=120_000)
    slider = page.get_by_test_id("stSlider").filter(has_text="Capacity").first.get_by_role("slider")
    _step(offline_page, slider)  # the first step makes a draft: the sidebar shows it after one app rerun
    page.get_by_test_id("stSidebar").get_by_text("unsaved draft", exact=False).wait_for(timeout=60_000)

    before = _runs(log)
    for _ in range(3):
        _step(offline_page, slider)
    after = _runs(log)[len(before) :]
    assert len(after) >= 3  # each step ran something
    assert [run["fragment"] for run in after] == [True] * len(after)  # and never the page
    assert sum(not run["fragment"] for run in _runs(log)) == sum(not run["fragment"] for run in before)
    assert offline_page.blocked == []
