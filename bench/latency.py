"""Latency of the real app in headless Chromium: page loads, interactions, the first page after a start.

    .venv/bin/python bench/latency.py [--app-dir DIR] [--repeat 3] [--profile] [--json FILE] [--cases ...]

The bench starts `streamlit run app.py` in --app-dir itself (through bench/latency_profile.py, on
a free loopback port, headless, no file watcher, no telemetry, development mode off, an empty
store so that the built-in demo data is shown) and drives it with the system Chromium through
Playwright; every request that does not go to loopback is aborted. Level: county (sidebar 区县).

Cases, each cold and warm ("cold": the first time after a server start, in a fresh browser
context; "warm": the second time, same server and tab, after going to another page and back):

- page X: a click on the sidebar link, until the script has ended (the app's
  `data-test-script-state` back to `notRunning` after a run started) and the last figure is drawn.
  The cold overview is the run that choosing 区县 on the landing page starts (its first run at
  county level).
- weight-step: the first weight slider of Market Scoring focused, one ArrowRight, until the
  tables' text and the charts have changed.
- drill-down: a click on a county of the national county map of Map Explorer, until the map shows
  the county's province.
- map-click: then, inside one of that province's cities (opened untimed), a click on a county until
  the region panel names it
  (its caption ends with the region id).
- language-switch: sidebar radio 中文 -> English on the overview, until the title has changed.
- first-page: from the start of the server process to the first map drawn on "/" (the overview,
  at the default level: no choice has been made yet).

How: a recorder in the page notes with its own clock every change of the script state, every
input event, and when the figures (per Plotly chart: `.trace path` count, i.e. choropleth
paths or bars and lines, and `plotly_afterplot` events) and the tables (the text of the data
grids' accessible cells) last changed. A step is done when a run has started after the input,
the script has ended, no component is still loading (`stSkeleton`), every visible chart has
drawn, the step's own condition holds, and nothing has changed for QUIET_MS. Times run from the
input event to the script's end ("script") and to the last change ("total": screen complete);
"draw" is the script's end to the last figure drawn. A radio click the app undoes (the first
click after a fresh server's first page is) or a sidebar click that starts no run is done again,
and the click that holds is measured.

Each session has its own server: it opens "/" (first-page), chooses 区县 (overview cold), opens
page X (cold) and its interactions, goes to the data page (the overview for X = data) and back
(warm) and repeats them; every session yields first-page and overview-cold samples.

Breakdown: the server's script time is the sum of the runs the wrapper timed
(`ScriptRunner._run_script`, fragment reruns included) that started between the input and the
end of the step; bytes are what the browser received on the websocket during the step. With
--profile, after the timed repeats, one more session per case among the three slowest runs on a
server under cProfile; only that breakdown comes from it.

The same is measured on bench/latency_minimal_app.py (a landing page with a tiny table and map,
and "/table": all 2,875 counties in an `st.dataframe` with 15 numeric columns and a one-trace
`go.Choropleth`, plus a slider): the cost of Streamlit itself, the floor this app can reach.
Its first page, /table visit and slider step are the equivalents of the app's first page, page
visits and interactions. The report is a table of medians of --repeat sessions, the goals with
pass or fail, and the profile of the three slowest cases. The machine may be shared: the load
average is printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STREAMLIT_OPTIONS = [
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
    "--browser.gatherUsageStats",
    "false",
    "--global.developmentMode",
    "false",
]
LOOPBACK = {"127.0.0.1", "localhost"}
PAGES = ("overview", "scoring", "data", "map", "competitors", "housing", "distributors", "summary")
DEFAULT_PAGE = "overview"  # served at "/"
AWAY_PAGE = {"data": "overview"}  # where a session goes between the cold and the warm visit; else "data"
INTERACTIONS = {"scoring": ("weight-step",), "map": ("drill-down", "map-click"), "overview": ("language-switch",)}
INTERACTION_CASES = ("weight-step", "map-click", "drill-down", "language-switch")
CASES = ("first-page", *PAGES, *INTERACTION_CASES)
COUNTY, ENGLISH, CHINESE = "区县", "English", "中文"
QUIET_MS = 500  # nothing redrawn for this long after the script's end: the screen is complete
WAIT_MS = 90_000  # the longest wait for one step
RUN_START_MS = 5_000  # no run this long after an input: the input was lost, do it again
MINIMAL = "minimal"

# Goals (ms, bytes)
PAGE_SCRIPT_MS, PAGE_DRAWN_MS = 500, 1000
STEP_SERVER_MS, STEP_SCREEN_MS = 300, 600
COUNTY_MAP_BYTES, COUNTY_MAP_DRAWN_MS = 1_000_000, 1500
FIRST_PAGE_MS = 3000
MINIMAL_RATIO = 1.5

# Installed in every page before its own scripts: records script-state changes, input events, and
# when the figures and the tables last changed (polled), so that all times are taken in the page.
RECORDER_JS = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const CHARTS = "[data-testid='stPlotlyChart']";
  const TABLES = "[data-testid='stDataFrame'] canvas table";
  const rec = {
    states: [], inputs: [], figures: "", tables: "", figureChange: 0, tableChange: 0, firstMap: 0, app: null, serial: 0,
    plots() { return [...document.querySelectorAll(CHARTS + " .js-plotly-plot")]; },
    shapes(plot) { return plot.querySelectorAll(".trace path").length; },
    drawn() {
      if (document.querySelector("[data-testid='stSkeleton']")) return false;  // a component still loading
      return [...document.querySelectorAll(CHARTS)].filter((chart) => chart.offsetParent !== null).every((chart) => {
        const plot = chart.querySelector(".js-plotly-plot");
        return plot && (rec.shapes(plot) > 0 || plot.afterplots > 0);
      });
    },
    tableText() { return [...document.querySelectorAll(TABLES)].map((table) => table.textContent).join("|"); },
    title() { const h1 = document.querySelector("[data-testid='stMain'] h1"); return h1 ? h1.textContent : ""; },
    mapShapes() {
      const map = document.querySelector(CHARTS + " .choroplethlayer");
      return map ? map.querySelectorAll("path").length : 0;
    },
    captions() {
      return [...document.querySelectorAll("[data-testid='stCaptionContainer']")].map((c) => c.textContent).join("|");
    },
    checked(label) {
      return [...document.querySelectorAll("[data-testid='stSidebar'] input[type='radio']")]
        .some((input) => input.checked && input.closest("label")?.textContent.trim() === label);
    },
    started(since) { return rec.states.some(([time, state]) => time >= since && state === "running"); },
    done(since, quiet, ready) {
      const running = rec.states.find(([time, state]) => time >= since && state === "running");
      if (!running) return null;
      const [end, state] = rec.states[rec.states.length - 1];
      if (state !== "notRunning" || !rec.drawn() || !ready()) return null;
      if (now() - Math.max(end, rec.figureChange, rec.tableChange) < quiet) return null;
      const inputs = rec.inputs.filter((time) => time >= since && time <= running[0]);
      return {
        start: inputs.length ? inputs[inputs.length - 1] : since,
        end,
        figures: rec.figureChange >= since ? rec.figureChange : null,
        tables: rec.tableChange >= since ? rec.tableChange : null,
        firstMap: rec.firstMap >= since ? rec.firstMap : null,
      };
    },
    poll() {
      const app = document.querySelector("[data-testid='stApp']");
      if (app && app !== rec.app) {
        rec.app = app;
        rec.states.push([now(), app.getAttribute("data-test-script-state")]);
        observer.disconnect();
        observer.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
      }
      const plots = rec.plots();
      for (const plot of plots) {
        plot.serial = plot.serial || ++rec.serial;  // a chart that is replaced changes the signature
        if (typeof plot.on === "function" && plot.afterplots === undefined) {
          plot.afterplots = 0;
          plot.on("plotly_afterplot", () => { plot.afterplots += 1; rec.figureChange = now(); });
        }
      }
      const figures = plots.map((plot) => [plot.serial, rec.shapes(plot), plot.afterplots || 0].join(":")).join(",");
      if (figures !== rec.figures) { rec.figures = figures; rec.figureChange = now(); }
      if (!rec.firstMap && document.querySelector(CHARTS + " .choroplethlayer path")) rec.firstMap = now();
      const tables = rec.tableText();
      if (tables !== rec.tables) { rec.tables = tables; rec.tableChange = now(); }
    },
  };
  const observer = new MutationObserver(() => rec.states.push([now(), rec.app.getAttribute("data-test-script-state")]));
  for (const type of ["mousedown", "keydown"]) document.addEventListener(type, () => rec.inputs.push(now()), true);
  window.__latency = rec;
  setInterval(rec.poll, 25);
})();
"""

# A point inside the region of the map with the largest visible area (its filled share of a grid over
# its box; the map's values trace is its last choropleth trace), leaving out the regions in `exclude`
# and those a caption names (the region panel's caption ends with its region id): {x, y, id}.
# Choropleth paths take no pointer events (Plotly finds the region under the mouse itself), so the
# point is tested with isPointInFill.
MAP_TARGET_JS = """
(exclude) => {
  const traces = document.querySelectorAll("[data-testid='stPlotlyChart'] .choroplethlayer .trace");
  const plot = traces[traces.length - 1].closest(".js-plotly-plot");
  const captions = window.__latency.captions();
  const GRID = 8, CANDIDATES = 200;  // the regions with the largest boxes
  const paths = [...traces[traces.length - 1].querySelectorAll("path")]
    .filter((path) => path.__data__ && !exclude.includes(String(path.__data__.loc)))
    .filter((path) => !captions.includes(String(path.__data__.loc)))
    .map((path) => [path, path.getBoundingClientRect()])
    .sort(([, a], [, b]) => b.width * b.height - a.width * a.height);
  let best = null;
  for (const [path, box] of paths.slice(0, CANDIDATES)) {
    const toPath = path.getScreenCTM().inverse();
    const inside = [];
    for (let i = 0.5; i < GRID; i++) for (let j = 0.5; j < GRID; j++) {
      const x = box.left + (box.width * i) / GRID, y = box.top + (box.height * j) / GRID;
      if (x <= 0 || y <= 0 || x >= innerWidth || y >= innerHeight) continue;
      if (!plot.contains(document.elementFromPoint(x, y))) continue;  // under the colour bar or the mode bar
      if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(toPath))) inside.push({ x, y });
    }
    const area = (box.width * box.height * inside.length) / GRID ** 2;
    if (inside.length && (!best || area > best.area)) {
      best = { area, ...inside[Math.floor(inside.length / 2)], id: String(path.__data__.loc) };
    }
  }
  return best;
}
"""


class BenchTimeout(Exception):
    """The global --timeout has run out."""


class Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def ms(self, wanted: float = WAIT_MS) -> float:
        """A wait of at most `wanted` ms that ends before the deadline."""
        left = (self.end - time.monotonic()) * 1000
        if left <= 0:
            raise BenchTimeout("the global --timeout ran out")
        return min(wanted, left)


@dataclass
class Sample:
    """One measurement; times in ms from the input event (for the first page: from the process start)."""

    total: float  # screen complete: the script ended and the last figure and table were drawn
    script: float  # the browser saw the script end
    server: float  # the server's script runs, summed
    ws_bytes: int  # received by the browser on the websocket
    draw: float  # script end -> last figure drawn (0 when nothing was drawn after the end)
    runs: list[dict] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run` through bench/latency_profile.py, with its own run log and store."""

    def __init__(self, workdir: Path, script_args: list[str], profile: bool, deadline: Deadline):
        self.tmp = Path(tempfile.mkdtemp(prefix="latency-server-"))
        self.runs_log = self.tmp / "runs.jsonl"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, str(BENCH / "latency_profile.py"), "--log", str(self.runs_log)]
        command += ["--profile"] if profile else []
        command += ["run", "app.py", "--server.port", str(self.port), *STREAMLIT_OPTIONS]
        command += ["--", *script_args] if script_args else []
        # The app's store (TERRITORY_ATLAS_STORE) is empty, so it shows the built-in demo data.
        env = {**os.environ, "TERRITORY_ATLAS_STORE": str(self.tmp / "store")}
        self.output = (self.tmp / "server.log").open("wb")
        self.started = time.time() * 1000
        self.process = subprocess.Popen(command, cwd=workdir, env=env, stdout=self.output, stderr=subprocess.STDOUT)
        try:
            self._wait_until_healthy(deadline)
        except BaseException:
            self.stop()
            raise

    def _wait_until_healthy(self, deadline: Deadline) -> None:
        give_up = time.monotonic() + deadline.ms(60_000) / 1000
        while time.monotonic() < give_up and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.05)
        log = (self.tmp / "server.log").read_text(errors="replace")
        raise RuntimeError(f"streamlit did not start: {log[-1500:]}")

    def runs(self, start: float, end: float) -> list[dict]:
        """The script runs that started between `start` and `end` (epoch ms)."""
        if not self.runs_log.exists():
            return []
        runs = map(json.loads, self.runs_log.read_text().splitlines())
        return [run for run in runs if start - 1 <= run["start"] * 1000 <= end]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def url_path(page: str) -> str:
    return "" if page == DEFAULT_PAGE else page


def on_page(path: str) -> str:
    return f"location.pathname === {json.dumps('/' + path)}"


class Tab:
    """A fresh browser context and page on one server, with the recorder and a websocket byte count."""

    def __init__(self, browser: Browser, server: Server, deadline: Deadline):
        self.server = server
        self.deadline = deadline
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        self.context.add_init_script(RECORDER_JS)
        self.page: Page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._count))
        self.received = 0
        self.blocked: list[str] = []

    def _route(self, route) -> None:
        if (urlparse(route.request.url).hostname or "") in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _count(self, payload: str | bytes) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)

    def close(self) -> None:
        self.context.close()

    # Actions: each returns a function that does it.

    def open(self, path: str) -> Callable[[], None]:
        return lambda: self.page.goto(self.server.url + path, wait_until="commit", timeout=self.deadline.ms())

    def nav(self, path: str) -> Callable[[], None]:
        """Click the sidebar link to the page at `path` ("" for the default page)."""
        link = self.page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").first
        return lambda: link.click(timeout=self.deadline.ms())

    def radio(self, label: str) -> Callable[[], None]:
        """Click a sidebar radio option."""
        option = self.page.get_by_test_id("stSidebar").get_by_text(label, exact=True).first
        return lambda: option.click(timeout=self.deadline.ms())

    def slider_step(self) -> Callable[[], None]:
        """One ArrowRight on the first slider of the page (not the sidebar's)."""
        thumb = self.page.locator("[data-testid='stMain'] [data-testid='stSlider'] input[type='range']").first

        def step() -> None:
            thumb.focus(timeout=self.deadline.ms())
            thumb.press("ArrowRight")

        return step

    def map_click(self, exclude: tuple[str, ...] = ()) -> tuple[Callable[[], None], str]:
        """A click inside the largest region of the map that is not in `exclude` and that no caption
        names; and the region's id."""
        target = self.page.evaluate(MAP_TARGET_JS, list(exclude))
        if target is None:
            raise RuntimeError("no clickable region on the map")
        return lambda: self.page.mouse.click(target["x"], target["y"]), target["id"]

    def button(self, text: str) -> Callable[[], None]:
        button = self.page.get_by_test_id("stButton").filter(has_text=text).first
        return lambda: button.click(timeout=self.deadline.ms())

    # Measuring

    def state(self, expression: str):
        """The value of a recorder expression, for `ready` conditions (JSON)."""
        return json.dumps(self.page.evaluate(f"() => window.__latency.{expression}"))

    def measure(
        self, action: Callable[[], None], ready: str = "true", since: float | None = None, retry: bool = False
    ) -> Sample:
        """Do `action`; wait until a script run has started and ended, the JS expression `ready` holds
        and nothing has been redrawn for QUIET_MS; time it from the input event (or `since`, epoch ms).

        With `retry` (sidebar links and radios), an action that starts no run within RUN_START_MS was
        lost and is done again; the time then starts at the input that started the run."""
        mark = time.time() * 1000
        self.received = 0
        attempts = 3 if retry else 1
        for attempt in range(attempts):
            action()
            last = attempt == attempts - 1
            try:
                self.page.wait_for_function(
                    "since => window.__latency && window.__latency.started(since)",
                    arg=mark,
                    polling=50,
                    timeout=self.deadline.ms(WAIT_MS if last else RUN_START_MS),
                )
                break
            except PlaywrightTimeout:
                if last:
                    raise
        done = self.page.wait_for_function(
            f"since => window.__latency.done(since, {QUIET_MS}, () => ({ready}))",
            arg=mark,
            polling=50,
            timeout=self.deadline.ms(),
        ).json_value()
        if since is None:
            start, figures = done["start"], done["figures"]
            screen = max(t for t in (done["end"], figures, done["tables"]) if t is not None)
        else:  # the first page: until the first map is drawn
            start, figures = since, done["firstMap"]
            screen = figures or done["end"]
        runs = self.server.runs(start, screen)
        return Sample(
            total=round(screen - start, 1),
            script=round(done["end"] - start, 1),
            server=round(sum(run["ms"] for run in runs), 1),
            ws_bytes=self.received,
            draw=round(max(0.0, figures - done["end"]) if figures else 0.0, 1),
            runs=runs,
        )


class Session:
    """One server and one fresh browser tab; measures steps and keeps their samples."""

    def __init__(self, bench: Bench, server: Server, name: str, target: str, profiled: bool):
        self.bench = bench
        self.name = name
        self.tab = Tab(bench.browser, server, bench.deadline)
        self.target = target
        self.profiled = profiled
        self.step = "start"

    def measure(self, case: str | None, mode: str, action: Callable[[], None], ready: str = "true", **options):
        self.step = f"{case or 'moving on'} {mode}".strip()
        return self.tab.measure(action, ready, **options)

    def keep(self, case: str, mode: str, sample: Sample) -> None:
        self.bench.keep(self.target, case, mode, sample, self.profiled)
        if self.bench.screenshots:
            self.bench.screenshots.mkdir(parents=True, exist_ok=True)
            name = f"{self.name}_{case}_{mode}_{time.strftime('%H%M%S')}.png".replace(" ", "_")
            self.tab.page.screenshot(path=self.bench.screenshots / name)

    def take(self, case: str | None, mode: str, action: Callable[[], None], ready: str = "true", **options) -> None:
        """Measure a step and keep it under (case, mode); case None: a step that only leads to the next."""
        sample = self.measure(case, mode, action, ready, **options)
        if case is not None:
            self.keep(case, mode, sample)

    def visit(self, case: str | None, mode: str, path: str) -> None:
        self.take(case, mode, self.tab.nav(path), on_page(path), retry=True)

    def choose(self, case: str | None, mode: str, label: str, ready: str = "true") -> None:
        """Pick a sidebar radio option. The app can undo a click: the run happens and the option goes
        back (the first click after a fresh server's first page does); it is then clicked again, and
        the click that holds is the one measured."""
        checked = f"__latency.checked({json.dumps(label)})"
        for _ in range(5):
            sample = self.measure(case, mode, self.tab.radio(label), f"!{checked} || ({ready})", retry=True)
            if self.tab.page.evaluate(f"() => {checked}"):
                if case is not None:
                    self.keep(case, mode, sample)
                return
        raise RuntimeError(f"the sidebar radio {label!r} does not stay checked")


def redrawn(tab: Tab) -> str:
    """A `ready` condition: the tables' text and the figures have both changed since now."""
    return f"__latency.tableText() !== {tab.state('tableText()')} && __latency.figures !== {tab.state('figures')}"


def minimal_equivalent(case: str) -> str:
    if case == "first-page":
        return "first-page"
    return "page" if case in PAGES else "step"


class Bench:
    """Runs the sessions; samples by (target, case, mode), target "app" or MINIMAL."""

    def __init__(
        self,
        browser: Browser,
        app_dir: Path,
        boundaries: Path,
        cases: list[str],
        deadline: Deadline,
        screenshots: Path | None,
    ):
        self.browser = browser
        self.screenshots = screenshots
        self.app_dir = app_dir
        self.boundaries = boundaries
        self.cases = cases
        self.deadline = deadline
        self.samples: dict[tuple[str, str, str], list[Sample]] = defaultdict(list)
        self.profiled: dict[tuple[str, str], list[Sample]] = defaultdict(list)
        self.failures: list[str] = []
        self.blocked: set[str] = set()
        self.minimal_dir = Path(tempfile.mkdtemp(prefix="latency-minimal-"))
        shutil.copy(BENCH / "latency_minimal_app.py", self.minimal_dir / "app.py")
        shutil.copytree(app_dir / "static" / "topo", self.minimal_dir / "static" / "topo")
        (self.minimal_dir / ".streamlit").mkdir()
        config = '[server]\nenableStaticServing = true\n[client]\ntoolbarMode = "minimal"\n'  # as the app's
        (self.minimal_dir / ".streamlit" / "config.toml").write_text(config)

    def close(self) -> None:
        shutil.rmtree(self.minimal_dir, ignore_errors=True)

    def keep(self, target: str, case: str, mode: str, sample: Sample, profiled: bool) -> None:
        if profiled:
            self.profiled[case, mode].append(sample)
        elif target == MINIMAL or case in self.cases:
            self.samples[target, case, mode].append(sample)

    def pages(self) -> list[str]:
        """The pages whose session measures a selected case (every session gives the first page)."""
        pages = [p for p in PAGES if p in self.cases or set(INTERACTIONS.get(p, ())) & set(self.cases)]
        return pages or [DEFAULT_PAGE]

    def app_sessions(self, pages: list[str], profiled: bool) -> None:
        for page in pages:
            self.session(f"app {page}", self.app_dir, [], profiled, "app", lambda s, p=page: self.app_steps(s, p))

    def minimal_session(self) -> None:
        script_args = ["--boundaries", str(self.boundaries)]
        self.session("minimal", self.minimal_dir, script_args, False, MINIMAL, self.minimal_steps)

    def session(self, name: str, workdir: Path, script_args: list[str], profiled: bool, target: str, steps) -> None:
        log(f"{name}{' (profiled)' if profiled else ''}")
        server = session = None
        try:
            server = Server(workdir, script_args, profiled, self.deadline)
            session = Session(self, server, name, target, profiled)
            steps(session)
        except BenchTimeout:
            raise
        except Exception as error:
            step = session.step if session else "server start"
            message = f"{name}{' (profiled)' if profiled else ''}, {step}: {type(error).__name__}: {error}"
            self.failures.append(message.splitlines()[0])
            log(f"  failed: {self.failures[-1]}")
        finally:
            if session:
                self.blocked.update(session.tab.blocked)
                session.tab.close()
            if server:
                server.stop()

    def app_steps(self, s: Session, page: str) -> None:
        s.take("first-page", "cold", s.tab.open("/"), since=s.tab.server.started)
        s.choose(DEFAULT_PAGE, "cold", COUNTY)
        if page != DEFAULT_PAGE:
            s.visit(page, "cold", url_path(page))
        self.interactions(s, page, "cold")
        s.visit(None, "", url_path(AWAY_PAGE.get(page, "data")))
        s.visit(page, "warm", url_path(page))
        self.interactions(s, page, "warm")

    def interactions(self, s: Session, page: str, mode: str) -> None:
        tab = s.tab
        if page == "scoring":
            s.take("weight-step", mode, tab.slider_step(), redrawn(tab))
        elif page == "map":
            national = tab.state("mapShapes()")
            drill, province_of = tab.map_click()
            s.take("drill-down", mode, drill, f"__latency.mapShapes() > 0 && __latency.mapShapes() !== {national}")
            # In a province the map shows its cities, and a click on one opens it (the city step): open one,
            # untimed, then time a click on one of its counties until the region panel names it. Not the
            # region clicked last: the app ignores a repeated click on it.
            cities = tab.state("mapShapes()")
            open_city, city = tab.map_click(exclude=(province_of,))
            s.take(None, mode, open_city, f"__latency.mapShapes() > 0 && __latency.mapShapes() !== {cities}")
            click, region = tab.map_click(exclude=(province_of, city))
            s.take("map-click", mode, click, f"__latency.captions().includes({json.dumps(region)})")
            if mode == "cold":  # back to the national map for the warm visit
                # The national map again (with the outline of the county selected last: one shape more).
                s.take(None, mode, tab.button("全国"), f"__latency.mapShapes() >= {national}")
        elif page == DEFAULT_PAGE:
            title = tab.state("title()")
            s.choose("language-switch", mode, ENGLISH, f"__latency.title() !== {title}")
            if mode == "cold":  # back to Chinese for the warm visit
                s.choose(None, mode, CHINESE, f"__latency.title() === {title}")

    def minimal_steps(self, s: Session) -> None:
        """First page (the landing page), /table cold, away and back (warm), two slider steps (cold, warm).

        The warm visit comes before the steps: after a step the next visit is sent in full again
        (Streamlit does not reuse the step's messages), and the floor should be the best case."""
        s.take("first-page", "cold", s.tab.open("/"), since=s.tab.server.started)
        s.visit("page", "cold", "table")
        s.visit(None, "", "")
        s.visit("page", "warm", "table")
        s.take("step", "cold", s.tab.slider_step(), redrawn(s.tab))
        s.take("step", "warm", s.tab.slider_step(), redrawn(s.tab))


# Report

METRICS = ("total", "script", "server", "ws_bytes", "draw")
GOALS = [  # (tag, text, which rows, metric, limit)
    ("script", "every page: script finished ≤ 0.5 s", lambda c, m: c in PAGES, "script", PAGE_SCRIPT_MS),
    ("drawn", "every page: figures drawn ≤ 1.0 s", lambda c, m: c in PAGES, "total", PAGE_DRAWN_MS),
    ("server", "interactions: ≤ 0.3 s server time", lambda c, m: c in INTERACTION_CASES, "server", STEP_SERVER_MS),
    ("screen", "interactions: screen updated ≤ 0.6 s", lambda c, m: c in INTERACTION_CASES, "total", STEP_SCREEN_MS),
    ("1MB", "national county map: ≤ 1 MB sent", lambda c, m: (c, m) == ("map", "cold"), "ws_bytes", COUNTY_MAP_BYTES),
    (
        "map1.5s",
        "national county map: drawn ≤ 1.5 s after a cold page load",
        lambda c, m: (c, m) == ("map", "cold"),
        "total",
        COUNTY_MAP_DRAWN_MS,
    ),
    ("3s", "first page after server start ≤ 3 s", lambda c, m: c == "first-page", "total", FIRST_PAGE_MS),
    ("1.5x", "every case ≤ 1.5× the minimal page doing the same", lambda c, m: True, "ratio", MINIMAL_RATIO),
]


def median(samples: list[Sample], metric: str) -> float | None:
    return statistics.median(getattr(s, metric) for s in samples) if samples else None


def modes(case: str) -> tuple[str, ...]:
    return ("cold",) if case == "first-page" else ("cold", "warm")


def summarise(bench: Bench) -> tuple[list[dict], list[dict]]:
    """Rows of medians for the app's cases and for the minimal app's."""
    minimal_rows = []
    for case in ("first-page", "page", "step"):
        for mode in modes(case):
            samples = bench.samples[MINIMAL, case, mode]
            minimal_rows.append(
                {"case": f"{MINIMAL} {case}", "mode": mode, "n": len(samples)}
                | {metric: median(samples, metric) for metric in METRICS}
            )
    minimal_total = {(row["case"], row["mode"]): row["total"] for row in minimal_rows}
    rows = []
    for case in (c for c in CASES if c in bench.cases):
        for mode in modes(case):
            samples = bench.samples["app", case, mode]
            row = {"case": case, "mode": mode, "n": len(samples)} | {m: median(samples, m) for m in METRICS}
            row["minimal"] = minimal_total.get((f"{MINIMAL} {minimal_equivalent(case)}", mode))
            row["ratio"] = round(row["total"] / row["minimal"], 2) if row["total"] and row["minimal"] else None
            row["failed"] = [tag for tag, _, _, metric, limit in applicable(row) if not meets(row, metric, limit)]
            rows.append(row)
    return rows, minimal_rows


def applicable(row: dict) -> list[tuple]:
    return [goal for goal in GOALS if goal[2](row["case"], row["mode"])]


def meets(row: dict, metric: str, limit: float) -> bool:
    return row[metric] is not None and row[metric] <= limit


def number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def print_table(rows: list[dict], minimal_rows: list[dict]) -> None:
    header = ("case", "mode", "n", "total ms", "script ms", "server ms", "ws bytes", "draw ms", "minimal ms", "ratio")
    widths = (16, 5, 3, 9, 9, 9, 11, 8, 10, 6)
    line = "  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True)))
    print(line + "  goals failed")
    print("-" * (len(line) + 14))
    for row in [*rows, None, *minimal_rows]:
        if row is None:
            print()
            continue
        cells = [row["case"], row["mode"], str(row["n"])]
        cells += [number(row[m]) for m in ("total", "script", "server", "ws_bytes", "draw")]
        cells += [number(row.get("minimal")), number(row.get("ratio"), 2)]
        text = "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        failed = row.get("failed")
        print(text + ("" if failed is None else "  " + (" ".join(failed) or "none")))


def goal_results(rows: list[dict]) -> list[dict]:
    results = []
    for tag, text, _, metric, limit in GOALS:
        checked = [row for row in rows if any(goal[0] == tag for goal in applicable(row))]
        failing = [row for row in checked if not meets(row, metric, limit)]
        results.append(
            {
                "goal": text,
                "tag": tag,
                "pass": bool(checked) and not failing,
                "rows": len(checked),
                "failing": [
                    f"{row['case']} {row['mode']} {number(row[metric], 2 if metric == 'ratio' else 0)}"
                    for row in failing
                ],
            }
        )
    return results


def print_goals(results: list[dict]) -> None:
    print("\nGoals (on the medians)")
    for goal in results:
        verdict = "PASS" if goal["pass"] else "FAIL" if goal["rows"] else "n/a "
        passed = goal["rows"] - len(goal["failing"])
        detail = f"  over: {', '.join(goal['failing'])}" if goal["failing"] else ""
        print(f"  [{verdict}] {goal['goal']} ({goal['tag']}): {passed}/{goal['rows']} rows{detail}")


def slowest(rows: list[dict], count: int = 3) -> list[dict]:
    measured = [row for row in rows if row["total"] is not None]
    return sorted(measured, key=lambda row: row["total"], reverse=True)[:count]


def session_page(case: str) -> str:
    """The page whose session measures `case`."""
    pages = [page for page, cases in INTERACTIONS.items() if case in cases]
    return pages[0] if pages else case if case in PAGES else DEFAULT_PAGE


def profile_breakdown(bench: Bench, rows: list[dict], top: int = 10) -> list[dict]:
    """For each row: the profiled sample nearest the median, its server runs and their top functions
    (cumulative and own ms summed over the runs)."""
    breakdowns = []
    for row in rows:
        samples = sorted(bench.profiled[row["case"], row["mode"]], key=lambda s: s.total)
        entry = {"case": row["case"], "mode": row["mode"], "total": row["total"], "runs": [], "functions": []}
        if samples:
            sample = samples[len(samples) // 2]
            functions: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
            for run in sample.runs:
                for name, cumulative, own, calls in run.get("top", []):
                    functions[name][0] += cumulative
                    functions[name][1] += own
                    functions[name][2] += calls
            ranked = sorted(functions.items(), key=lambda item: item[1][0], reverse=True)[:top]
            entry |= {
                "profiled_total": sample.total,
                "runs": [{"page": r["page"], "ms": r["ms"], "fragment": r["fragment"]} for r in sample.runs],
                "functions": [[name, round(c, 1), round(o, 1), n] for name, (c, o, n) in ranked],
            }
        breakdowns.append(entry)
    return breakdowns


def print_profiles(breakdowns: list[dict], profiled: bool) -> None:
    print("\nWhere the server's milliseconds go: the three slowest cases")
    if not profiled:
        print("  (run with --profile for the breakdown)")
        return
    print("  (one more session under cProfile, which slows Python down: compare the functions, not the totals)")
    for entry in breakdowns:
        runs = ", ".join(f"{r['page']}{' fragment' if r['fragment'] else ''} {r['ms']:,.0f} ms" for r in entry["runs"])
        print(
            f"\n  {entry['case']} {entry['mode']}: median {number(entry['total'])} ms; profiled runs: {runs or 'none'}"
        )
        if entry["functions"]:
            print(f"    {'cumulative ms':>13}  {'own ms':>8}  {'calls':>8}  function")
        for name, cumulative, own, calls in entry["functions"]:
            print(f"    {cumulative:>13,.0f}  {own:>8,.0f}  {calls:>8,}  {name}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="the app (holds app.py); default: this repository")
    parser.add_argument("--repeat", type=int, default=3, help="sessions per case; medians are reported")
    parser.add_argument("--profile", action="store_true", help="profile the three slowest cases in one more session")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES), help="default: all")
    parser.add_argument("--screenshots", type=Path, help="save a screenshot after every measured step here")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the whole bench")
    parser.add_argument(
        "--boundaries",
        type=Path,
        default=ROOT / "data" / "boundaries" / "county.parquet",
        help="county boundaries for the minimal app",
    )
    args = parser.parse_args()
    app_dir = args.app_dir.resolve()
    deadline = Deadline(args.timeout)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    load_before = os.getloadavg()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        bench = Bench(browser, app_dir, args.boundaries.resolve(), args.cases, deadline, args.screenshots)
        try:
            for repeat in range(args.repeat):
                log(f"repeat {repeat + 1}/{args.repeat}")
                bench.app_sessions(bench.pages(), profiled=False)
                bench.minimal_session()
            if args.profile:
                pages = {session_page(row["case"]) for row in slowest(summarise(bench)[0])}
                log("profiling the slowest cases")
                bench.app_sessions(sorted(pages, key=PAGES.index), profiled=True)
        except BenchTimeout:
            bench.failures.append(f"the global timeout ({args.timeout:.0f} s) ran out; the rest was not measured")
            log(bench.failures[-1])
        finally:
            browser.close()
            bench.close()

    rows, minimal_rows = summarise(bench)
    goals = goal_results(rows)
    breakdowns = profile_breakdown(bench, slowest(rows)) if args.profile else []
    load = f"load {load_before[0]:.1f} -> {os.getloadavg()[0]:.1f}"
    print(f"Latency of {app_dir} · {started} · medians of {args.repeat} · {load}")
    print("total: input -> screen complete (first-page: process start -> first map drawn)")
    print("script: input -> the browser saw the script end · server: the server's script runs, summed")
    print("draw: script end -> last figure drawn · ws bytes: received by the browser on the websocket")
    print("minimal: the same on the minimal app (pages: its /table visit; interactions: its slider step) · ratio:")
    print("total / minimal · goals failed: see the goals below\n")
    print_table(rows, minimal_rows)
    print_goals(goals)
    print_profiles(breakdowns, args.profile)
    if bench.failures:
        print("\nFailed:")
        for failure in bench.failures:
            print(f"  {failure}")
    if bench.blocked:
        print(f"\nBlocked requests outside loopback: {sorted(bench.blocked)}")
    if args.json:
        result = {
            "app_dir": str(app_dir),
            "started": started,
            "repeat": args.repeat,
            "load": load,
            "rows": rows,
            "minimal_rows": minimal_rows,
            "goals": goals,
            "profiles": breakdowns,
            "failures": bench.failures,
            "blocked": sorted(bench.blocked),
            "samples": {"|".join(key): [asdict(s) for s in value] for key, value in bench.samples.items()},
            "profiled_samples": {"|".join(key): [asdict(s) for s in value] for key, value in bench.profiled.items()},
        }
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
