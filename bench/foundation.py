"""Foundation figures: boundary file sizes and load times, demo generation, and the time
from `streamlit run` to the Overview page drawn in headless Chromium (network blocked).

    .venv/bin/python bench/foundation.py
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.demo import generate_demo  # noqa: E402
from analysis.geo import boundaries  # noqa: E402


def boundary_layers() -> None:
    print("boundary layers (GeoParquet):")
    for level in ("province", "city", "county"):
        path = config.BOUNDARY_DIR / f"{level}.parquet"
        boundaries._boundaries.cache_clear()
        started = time.perf_counter()
        layer = boundaries.load_boundaries(level)
        elapsed = time.perf_counter() - started
        print(
            f"  {level:8s} {len(layer):5d} regions  {path.stat().st_size / 1e6:5.2f} MB  load {elapsed * 1000:6.1f} ms"
        )


def demo() -> None:
    started = time.perf_counter()
    frames = generate_demo()
    elapsed = time.perf_counter() - started
    rows = ", ".join(f"{k} {len(v):,}" for k, v in frames.items())
    print(f"demo data: generated in {elapsed:.2f}s ({rows})")


def first_page(runs: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(runs):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            env = {**os.environ, "TERRITORY_ATLAS_STORE": tempfile.mkdtemp()}
            started = time.perf_counter()
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.port",
                    str(port),
                    "--server.address",
                    "127.0.0.1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            url = f"http://127.0.0.1:{port}"
            while True:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.05)
            healthy = time.perf_counter() - started
            page = browser.new_page()
            blocked = []

            def route(r, blocked=blocked):
                if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot .choroplethlayer path", timeout=120_000)
            drawn = time.perf_counter() - started
            times.append(drawn)
            print(
                f"  run: server healthy {healthy:.1f}s, first page with map drawn {drawn:.1f}s, "
                f"blocked outside requests: {len(blocked)}"
            )
            page.close()
            proc.terminate()
            proc.wait()
        browser.close()
    print(f"streamlit run → Overview map drawn: median {sorted(times)[len(times) // 2]:.1f}s over {runs} cold starts")


if __name__ == "__main__":
    boundary_layers()
    demo()
    first_page()
