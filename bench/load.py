"""Load: N browser sessions at once against one app server, on a DuckDB store and on a PostgreSQL store.

    .venv/bin/python bench/load.py [--sessions 20] [--backends duckdb postgresql] [--timeout 1200] [--json FILE]

For each backend the demo data is written to a new store (`python -m analysis demo --store ...`: a
directory, or a database of a throwaway PostgreSQL cluster on loopback, analysis/io/store/pg_cluster.py)
and one `streamlit run app.py -- --store ...` serves it (bench/latency.py's `Server`, which also logs
every script run). One headless Chromium; each session is a fresh browser context with every
request outside loopback aborted. A session opens "/", picks 已导入数据 (the store) and 区县 (county
level), then, timed: opens Map Explorer, then Market Scoring, then moves the first weight slider
one step. Times are taken in the page by bench/latency.py's recorder (input event to the screen
complete: the script ended, every chart drawn, nothing redrawn for QUIET_MS), so that waiting for
one tab after another in this script does not add to any session's time.

First one session alone (the reference), then N at once: every session's steps are fired together
and then collected. Reported per step: p50 and p95 of the N sessions next to the single session's
time; errors (a step that timed out or failed, a page that shows an exception); the server's
resident memory (psutil when installed, else /proc: the server process and its children) after the
single session and with N open, and the growth per extra session. Goals, as pass/fail lines: zero
errors, p95 of every step ≤ 3× the single session's, ≤ 150 MB per extra session.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from latency import (  # noqa: E402 - after the path is set
    CHROMIUM,
    CHROMIUM_ARGS,
    QUIET_MS,
    RUN_START_MS,
    BenchTimeout,
    Deadline,
    Server,
    Tab,
    on_page,
    redrawn,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

STEPS = ("map", "scoring", "weight-step")
STORE_DATASET, COUNTY = "已导入数据（当前版本）", "区县"
RATIO_GOAL, MB_PER_SESSION_GOAL = 3.0, 150.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- memory ------------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, MB (psutil when installed, else /proc)."""
    try:
        import psutil

        process = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20
    except ImportError:
        pass
    total, todo, seen = 0, [pid], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 2**20


# -- stores ------------------------------------------------------------------------------------------


def write_demo(location: str) -> None:
    """The demo data in the store at `location`, through the command line."""
    done = subprocess.run([sys.executable, "-m", "analysis", "demo", "--store", location], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"demo --store {location} failed: {done.stderr[-1500:]}")


class Backend:
    """A store with the demo data: a temporary directory, or a database in a throwaway cluster."""

    def __init__(self, kind: str):
        self.kind, self.cluster, self.folder = kind, None, None
        if kind == "duckdb":
            self.folder = tempfile.mkdtemp(prefix="load-store-")
            self.location = self.folder
        else:
            from analysis.io.store.pg_cluster import Cluster, find_binaries

            binaries = find_binaries()
            if binaries is None:
                raise RuntimeError("no PostgreSQL server programs (apt-get install postgresql)")
            self.cluster = Cluster(binaries).start()
            self.location = self.cluster.create_database("load")
        write_demo(self.location)

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()
        if self.folder is not None:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)


# -- sessions ----------------------------------------------------------------------------------------


class LoadTab(Tab):
    """bench/latency.py's tab, with its steps split in two: fire the input, later collect the time."""

    def fire(self, action) -> float:
        """Do `action`; the mark (epoch ms) its time is measured from."""
        mark = time.time() * 1000
        action()
        return mark

    def started(self, mark: float, wait_ms: float) -> bool:
        try:
            self.page.wait_for_function("since => window.__latency && window.__latency.started(since)", arg=mark,
                                        polling=50, timeout=self.deadline.ms(wait_ms))  # fmt: skip
            return True
        except PlaywrightTimeout:
            return False

    def collect(self, mark: float, ready: str = "true") -> float:
        """Input → screen complete, ms, for the input fired at `mark` (its run must have started)."""
        done = self.page.wait_for_function(
            f"since => window.__latency.done(since, {QUIET_MS}, () => ({ready}))",
            arg=mark,
            polling=100,
            timeout=self.deadline.ms(),
        ).json_value()
        screen = max(t for t in (done["end"], done["figures"], done["tables"]) if t is not None)
        return round(screen - done["start"], 1)

    def failed_page(self) -> bool:
        """Whether the page shows an exception (a traceback box or the frame's error message)."""
        return self.page.locator("[data-testid='stException']").count() > 0

    def checked(self, label: str) -> bool:
        return self.page.evaluate(f"() => window.__latency.checked({json.dumps(label)})")


class Run:
    """One round of sessions on one server: setup, then the timed steps fired together."""

    def __init__(self, browser, server: Server, count: int, deadline: Deadline):
        self.tabs = [LoadTab(browser, server, deadline) for _ in range(count)]
        self.times: dict[str, list[float]] = {step: [] for step in STEPS}
        self.errors: list[str] = []
        self.alive = list(range(count))

    def _fail(self, index: int, what: str, error: Exception | str) -> None:
        self.errors.append(f"session {index + 1}, {what}: {str(error).splitlines()[0][:200]}")
        if index in self.alive:
            self.alive.remove(index)

    def _together(self, what: str, action_of, ready_of=lambda tab: "true", keep: bool = True) -> None:
        """Fire `action_of(tab)` in every live tab, then collect each; an input that starts no run is
        fired again (twice at most)."""
        marks = {}
        for i in self.alive[:]:
            try:
                ready = ready_of(self.tabs[i])  # before the input: `redrawn` notes what the page shows now
                marks[i] = (self.tabs[i].fire(action_of(self.tabs[i])), ready)
            except BenchTimeout:
                raise
            except Exception as error:
                self._fail(i, what, error)
        for i, (mark, ready) in marks.items():
            tab = self.tabs[i]
            try:
                for _ in range(2):
                    if tab.started(mark, RUN_START_MS):
                        break
                    mark = tab.fire(action_of(tab))
                total = tab.collect(mark, ready)
                if tab.failed_page():
                    self._fail(i, what, "the page shows an exception")
                elif keep:
                    self.times[what].append(total)
            except BenchTimeout:
                raise
            except Exception as error:
                self._fail(i, what, error)

    def _choose(self, label: str) -> None:
        """A sidebar radio in every tab, clicked again where the app undid it (see bench/latency.py)."""
        for _ in range(4):
            todo = [i for i in self.alive if not self.tabs[i].checked(label)]
            if not todo:
                return
            everyone, self.alive = self.alive, todo
            self._together(f"choose {label}", lambda tab: tab.radio(label), keep=False)
            failed = set(todo) - set(self.alive)
            self.alive = [i for i in everyone if i not in failed]
        for i in [i for i in self.alive if not self.tabs[i].checked(label)]:
            self._fail(i, f"choose {label}", "the radio does not stay checked")

    def go(self) -> None:
        for i, tab in enumerate(self.tabs):
            try:
                tab.open("/")()
            except Exception as error:
                self._fail(i, "open", error)
        for i in self.alive[:]:
            try:
                self.tabs[i].page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                                                    timeout=self.tabs[i].deadline.ms())  # fmt: skip
            except BenchTimeout:
                raise
            except Exception as error:
                self._fail(i, "open", error)
        self._choose(STORE_DATASET)
        self._choose(COUNTY)
        self._together("map", lambda tab: tab.nav("map"), lambda tab: on_page("map"))
        self._together("scoring", lambda tab: tab.nav("scoring"), lambda tab: on_page("scoring"))
        self._together("weight-step", lambda tab: tab.slider_step(), redrawn)

    def blocked(self) -> list[str]:
        return sorted({url for tab in self.tabs for url in tab.blocked})

    def close(self) -> None:
        for tab in self.tabs:
            tab.close()


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1), nearest-rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def measure(browser, kind: str, sessions: int, deadline: Deadline) -> dict:
    """The single session and the N sessions on one server over a `kind` store with the demo data."""
    log(f"{kind}: writing the demo data")
    backend = Backend(kind)
    server = None
    result = {"backend": kind, "sessions": sessions, "errors": [], "steps": {}}
    try:
        server = Server(ROOT, ["--store", backend.location], False, deadline)
        result["rss_start_mb"] = round(rss_mb(server.process.pid), 1)
        log(f"{kind}: one session")
        single = Run(browser, server, 1, deadline)
        single.go()
        result["rss_single_mb"] = round(rss_mb(server.process.pid), 1)
        single.close()
        log(f"{kind}: {sessions} sessions at once")
        many = Run(browser, server, sessions, deadline)
        try:
            many.go()
            result["rss_many_mb"] = round(rss_mb(server.process.pid), 1)
        finally:
            many.close()
        result["errors"] = [f"single {e}" for e in single.errors] + many.errors
        result["blocked"] = sorted(set(single.blocked()) | set(many.blocked()))
        for step in STEPS:
            alone = single.times[step][0] if single.times[step] else None
            times = many.times[step]
            result["steps"][step] = {
                "single_ms": alone, "n": len(times), "p50_ms": percentile(times, 0.5),
                "p95_ms": percentile(times, 0.95), "max_ms": max(times) if times else None,
            }  # fmt: skip
        if sessions > 1 and "rss_many_mb" in result:
            growth = (result["rss_many_mb"] - result["rss_single_mb"]) / (sessions - 1)
            result["mb_per_extra_session"] = round(growth, 1)
    except BenchTimeout:
        result["errors"].append("the global --timeout ran out; the rest was not measured")
    except Exception as error:
        result["errors"].append(f"{type(error).__name__}: {str(error).splitlines()[0][:300]}")
    finally:
        if server is not None:
            server.stop()
        backend.close()
    return result


def goals(result: dict) -> list[tuple[bool, str]]:
    lines = [(not result["errors"], f"zero errors ({len(result['errors'])})")]
    for step, row in result["steps"].items():
        ok = row["p95_ms"] is not None and row["single_ms"] and row["p95_ms"] <= RATIO_GOAL * row["single_ms"]
        ratio = f"{row['p95_ms'] / row['single_ms']:.2f}×" if row["p95_ms"] and row["single_ms"] else "–"
        lines.append((bool(ok), f"{step}: p95 ≤ {RATIO_GOAL:g}× the single session ({ratio})"))
    per = result.get("mb_per_extra_session")
    shown = "–" if per is None else per
    memory = f"server memory ≤ {MB_PER_SESSION_GOAL:g} MB per extra session ({shown} MB)"
    lines.append((per is not None and per <= MB_PER_SESSION_GOAL, memory))
    return lines


def number(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def report(results: list[dict], started: str, load: str) -> None:
    print(f"Load test · {started} · {load}")
    print("times: input -> screen complete, ms, per session (bench/latency.py's recorder)\n")
    for result in results:
        print(f"{result['backend']}: {result['sessions']} sessions at once on one server")
        print(f"  {'step':<12} {'single':>8} {'p50':>8} {'p95':>8} {'max':>8} {'n':>4}")
        for step, row in result["steps"].items():
            print(f"  {step:<12} {number(row['single_ms']):>8} {number(row['p50_ms']):>8} {number(row['p95_ms']):>8}"
                  f" {number(row['max_ms']):>8} {row['n']:>4}")  # fmt: skip
        print(f"  server RSS: {result.get('rss_start_mb', '–')} MB at start, {result.get('rss_single_mb', '–')} MB "
              f"with one session, {result.get('rss_many_mb', '–')} MB with {result['sessions']}; "
              f"{result.get('mb_per_extra_session', '–')} MB per extra session")  # fmt: skip
        for error in result["errors"]:
            print(f"  error: {error}")
        if result.get("blocked"):
            print(f"  blocked requests outside loopback: {result['blocked']}")
        for ok, text in goals(result):
            print(f"  [{'PASS' if ok else 'FAIL'}] {text}")
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions at once (default 20)")
    parser.add_argument("--backends", nargs="+", choices=["duckdb", "postgresql"], default=["duckdb", "postgresql"])
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for the whole bench")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    deadline = Deadline(args.timeout)
    started, before = time.strftime("%Y-%m-%d %H:%M:%S"), os.getloadavg()[0]
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for kind in args.backends:
                results.append(measure(browser, kind, args.sessions, deadline))
        finally:
            browser.close()
    report(results, started, f"load {before:.1f} -> {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps({"started": started, "results": results}, ensure_ascii=False, indent=1))
    sys.exit(0 if all(ok for result in results for ok, _ in goals(result)) else 1)


if __name__ == "__main__":
    main()
