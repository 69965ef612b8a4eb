"""Shared fixtures: a temporary store, a running Streamlit server and headless Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, settings

from analysis import config

# No deadlines: on a loaded two-core machine an example can take many times its usual time, and a
# deadline turns that into a red run. Timings belong in bench/.
settings.register_profile("atlas", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("atlas")

ROOT = config.ROOT
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store directory, also exported to the app through the environment."""
    directory = tmp_path / "store"
    monkeypatch.setenv("TERRITORY_ATLAS_STORE", str(directory))
    return directory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(tmp_path_factory: pytest.TempPathFactory):
    port = _free_port()
    env = {**os.environ, "TERRITORY_ATLAS_STORE": str(tmp_path_factory.mktemp("server-store"))}
    log = tmp_path_factory.mktemp("server-log") / "streamlit.log"
    with log.open("wb") as out:
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
                "--server.headless",
                "true",
                "--global.developmentMode",
                "false",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"streamlit did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory):
    """`streamlit run app.py` on a free loopback port, with its own empty store."""
    proc, url = _start_server(tmp_path_factory)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def fresh_server(tmp_path_factory: pytest.TempPathFactory):
    """A server no session has visited yet (for what only the first request of a process shows)."""
    proc, url = _start_server(tmp_path_factory)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    """The system Chromium, headless. Missing browser: skip locally, fail under CI=true."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium at /usr/bin/chromium: run .ci/run, which installs it")
        pytest.skip("no system Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield instance
        instance.close()


class OfflinePage:
    """A browser page whose every request outside loopback is aborted and recorded."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        page.route("**/*", self._route)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))

    def _route(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def choose(self, name: str) -> None:
        """Pick a sidebar radio option, clicking again if a press was lost to a layout shift."""
        sidebar = self.page.get_by_test_id("stSidebar")
        checked = sidebar.get_by_role("radio", name=name, checked=True)
        for _ in range(5):
            sidebar.get_by_text(name, exact=True).first.click()
            time.sleep(0.5)
            self.wait_for_app()
            if checked.count():
                return
        raise AssertionError(f"could not select {name!r} in the sidebar")

    def wait_for_app(self, timeout: float = 60_000) -> None:
        """Wait until the script has finished running (Streamlit's own e2e convention)."""
        self.page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = OfflinePage(context.new_page())
    yield page
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    directory = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# --- Store backends (issue 16): DuckDB always, PostgreSQL in a throwaway cluster --------------------
# A test that takes `store_location` runs once per backend ([duckdb], [postgresql]). The cluster is
# started once per session, on the first PostgreSQL test, with its programs found on PATH or under
# /usr/lib/postgresql/*/bin; every location is a fresh database. Without PostgreSQL the
# [postgresql] variants are skipped locally and fail under CI=true (.ci/run installs it).
STORE_BACKENDS = ("duckdb", "postgresql")


@pytest.fixture(scope="session")
def pg_cluster():
    """A PostgreSQL cluster on loopback for this test session (fsync off: nothing in it outlives the run)."""
    from analysis.io.store.pg_cluster import Cluster, find_binaries

    binaries = find_binaries()
    if binaries is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no PostgreSQL (initdb, pg_ctl): run .ci/run, which installs it")
        pytest.skip("no PostgreSQL server programs (apt-get install postgresql)")
    cluster = Cluster(binaries, {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"})
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        cluster.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL did not start: {exc}")
        pytest.skip(f"PostgreSQL did not start: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def store_locations(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """`new(backend)`: a location no store has used yet, a directory or a new database's URL."""
    made = [0]

    def new(backend: str) -> str:
        if backend == "duckdb":
            return str(tmp_path_factory.mktemp("store"))
        made[0] += 1
        return request.getfixturevalue("pg_cluster").create_database(f"store_{made[0]}")

    return new


@pytest.fixture(scope="module", params=STORE_BACKENDS)
def store_backend(request: pytest.FixtureRequest) -> str:
    """The backend a store test runs on ("duckdb" or "postgresql")."""
    return request.param


@pytest.fixture
def store_location(store_backend: str, store_locations) -> str:
    """An empty store's location on each backend: a directory, or a fresh PostgreSQL database's URL."""
    return store_locations(store_backend)


class _StoreAt:
    """A stand-in for tmp_path_factory whose "server-store" is `location`, so `_start_server` serves it."""

    def __init__(self, factory: pytest.TempPathFactory, location: str):
        self.factory, self.location = factory, location

    def mktemp(self, basename: str):
        return self.location if basename == "server-store" else self.factory.mktemp(basename)


@pytest.fixture
def servers_on_store(tmp_path_factory: pytest.TempPathFactory):
    """`start(location)`: the URL of a new `streamlit run app.py` on that store; all are stopped at the end."""
    procs = []

    def start(location: str) -> str:
        proc, url = _start_server(_StoreAt(tmp_path_factory, location))
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=20)


# --- end of the store backends -----------------------------------------------------------------------
