"""`streamlit run` with every script run timed, and optionally profiled; the server side of bench/latency.py.

    python bench/latency_profile.py --log FILE [--profile] run app.py [streamlit options]

Everything after the wrapper's own options goes to Streamlit's CLI unchanged. Before the CLI
starts, `ScriptRunner._run_script` (streamlit/runtime/scriptrunner/script_runner.py) is
wrapped: it runs one rerun request to its end, on the session's script thread, including the
reruns that `st.rerun()` asks for inside it (it loops), the widget callbacks, fragment reruns
(`st.fragment`: a rerun whose `fragment_id_queue` is not empty) and the garbage collection
Streamlit does after each run. The app needs no hooks of its own.

Each run appends one JSON line to FILE:

    {"start": epoch s, "end": epoch s, "ms": wall time, "fragment": bool, "page": "scoring",
     "top": [[function, cumulative ms, own ms, calls], ...]}

`top` is there with --profile only: the run under cProfile, the functions with the largest
cumulative time, leaving out the plumbing that wraps the whole run (Streamlit's script runner,
`exec`, the frame app.py, `pg.run()`: their cumulative time is the run's) and the import machinery
but `_find_and_load`, which stands for every import. cProfile slows Python code down, so
bench/latency.py uses profiled servers only for the breakdown, never for the timings it reports.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import sysconfig
import threading
import time
from pathlib import Path

TOP_FUNCTIONS = 30
PLUMBING = ("streamlit/runtime/scriptrunner/", "streamlit/navigation/page.py", "builtins.exec>", "app.py:1(<module>)")
IMPORTS = ("<frozen importlib", "importlib/__init__.py")  # an import is a chain of these; _find_and_load stands for it
STDLIB = sysconfig.get_paths()["stdlib"] + "/"


def top_functions(profile: cProfile.Profile) -> list[list]:
    """The functions with the largest cumulative time: [name, cumulative ms, own ms, calls]."""
    stats = pstats.Stats(profile).stats
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.items():
        name = f"{short_path(filename)}:{line}({function})"
        if any(part in name for part in PLUMBING):
            continue
        if name.startswith(IMPORTS) and function != "_find_and_load":
            continue
        rows.append([name, 1000 * cumulative, 1000 * own, calls])
    rows.sort(key=lambda row: row[1], reverse=True)
    return [[name, round(cumulative, 1), round(own, 1), calls] for name, cumulative, own, calls in rows[:TOP_FUNCTIONS]]


def short_path(filename: str) -> str:
    """site-packages/streamlit/x.py -> streamlit/x.py; the app's and the standard library's files relative."""
    if "site-packages/" in filename:
        return filename.rsplit("site-packages/", 1)[1]
    return filename.removeprefix(str(Path.cwd()) + "/").removeprefix(STDLIB)


def install(log_path: Path, profile: bool) -> None:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script
    lock = threading.Lock()  # one line per run, whatever the number of sessions

    def timed_run_script(self, rerun_data) -> None:
        profiler = cProfile.Profile() if profile else None
        start = time.time()
        began = time.perf_counter()
        try:
            if profiler is None:
                original(self, rerun_data)
            else:
                profiler.runcall(original, self, rerun_data)
        finally:
            seconds = time.perf_counter() - began
            page_hash = self._get_script_run_ctx().page_script_hash
            page = self._pages_manager.get_pages().get(page_hash, {}).get("script_path", "")
            record = {
                "start": start,
                "end": time.time(),
                "ms": round(1000 * seconds, 1),
                "fragment": bool(rerun_data.fragment_id_queue),
                "page": Path(page).stem,
            }
            if profiler is not None:
                record["top"] = top_functions(profiler)
            with lock, log_path.open("a") as out:
                out.write(json.dumps(record) + "\n")

    ScriptRunner._run_script = timed_run_script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", type=Path, required=True, help="append one JSON line per script run here")
    parser.add_argument("--profile", action="store_true", help="run every script run under cProfile")
    parser.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="`run app.py ...`, for Streamlit's CLI")
    args = parser.parse_args()
    install(args.log, args.profile)

    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *args.streamlit_args]
    streamlit_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
