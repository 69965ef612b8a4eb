"""Import benchmark: a 1,000,000-row GBK sales CSV through `prepare()` vs pandas alone.

The file is what analysts send: GBK, Chinese headers (区县,月份,销量(台),销售额(元)), region
names rather than codes (the county names that are unique in China), months written 2025年3月
and revenue with thousands separators ("360,000"). Every row is valid and at one level (a city
row next to its own counties is a subtotal or a double count since issue 12), so the clean path
is what is timed.

Each measurement runs in a fresh Python process that reports its own wall time and peak
resident memory (`ru_maxrss`), so the figures do not share caches or allocations.

    .venv/bin/python bench/import_1m.py                # 1,000,000 rows
    .venv/bin/python bench/import_1m.py --rows 200000  # quicker
    .venv/bin/python bench/import_1m.py --profile      # cProfile of prepare(), top 25
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 2.0
GOAL_PEAK_MB = 1536
HEADER = "区县,月份,销量(台),销售额(元)"


def region_names(seed: int = 0) -> list[str]:
    """County names that each resolve to a distinct county."""
    import numpy as np

    from analysis.geo import boundaries
    from analysis.geo.regions import default_resolver

    regions = boundaries.load_regions()
    resolver = default_resolver()
    counties = regions.loc[regions["level"] == "county", "name"].dropna().tolist()
    names, seen = [], set()
    for name in counties:
        result = resolver.resolve_one(name)
        if result.status == "ok" and result.level == "county" and result.region_id not in seen:
            seen.add(result.region_id)
            names.append(name)
    rng = np.random.default_rng(seed)
    return list(rng.permutation(names))


def generate(path: Path, rows: int, seed: int = 0) -> None:
    """Write `rows` valid sales rows, each (region, month) once, as GBK CSV."""
    import numpy as np
    import pandas as pd

    names = region_names(seed)
    months_needed = -(-rows // len(names))
    first_year = 2025 - (months_needed - 1) // 12
    months = [f"{y}年{m}月" for y in range(first_year, 2026) for m in range(1, 13)][-months_needed:]
    rng = np.random.default_rng(seed)
    pair = rng.permutation(len(names) * len(months))[:rows]
    units = rng.integers(1, 2_000, rows)
    price = rng.integers(1_500, 4_500, rows)
    frame = pd.DataFrame(
        {
            "区县": np.asarray(names, dtype=object)[pair % len(names)],
            "月份": np.asarray(months, dtype=object)[pair // len(names)],
            "销量(台)": units,
            "销售额(元)": [f"{v:,}" for v in (units * price).tolist()],
        }
    )
    frame.to_csv(path, index=False, encoding="gbk")


def _child(mode: str, path: Path) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    import pandas as pd

    if mode == "prepare":
        from analysis.geo.regions import default_resolver
        from analysis.io.importing import prepare

        default_resolver()  # the bundled region table loads once per server; not part of an import
    started = time.perf_counter()
    if mode == "pandas":
        rows, ok = len(pd.read_csv(path, encoding="gb18030")), True
    else:
        prepared = prepare("sales", path.read_bytes(), path.name)
        rows, ok = len(prepared.frame), prepared.ok
        if not ok:
            print(prepared.findings.head(5).to_string(), file=sys.stderr)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "seconds": elapsed, "peak_mb": peak_mb, "rows": rows, "ok": ok}))


def _measure(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _profile(path: Path) -> None:
    import cProfile
    import pstats

    from analysis.geo.regions import default_resolver
    from analysis.io.importing import prepare

    default_resolver()
    raw = path.read_bytes()
    profiler = cProfile.Profile()
    profiler.runcall(prepare, "sales", raw, path.name)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="best of N runs each")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sales_gbk.csv"
        started = time.perf_counter()
        generate(path, args.rows)
        size_mb, took = path.stat().st_size / 1e6, time.perf_counter() - started
        print(f"generated {args.rows:,} rows, {size_mb:.1f} MB GBK in {took:.1f}s")
        if args.profile:
            _profile(path)
            return
        results: dict[str, list[dict]] = {"pandas": [], "prepare": []}
        for _ in range(args.runs):  # interleaved, so a busy machine slows both alike
            for mode, runs in results.items():
                runs.append(_measure(mode, path))
    best = {mode: min(runs, key=lambda r: r["seconds"]) for mode, runs in results.items()}
    assert best["prepare"]["ok"] and best["prepare"]["rows"] == args.rows, best["prepare"]
    ratio = best["prepare"]["seconds"] / best["pandas"]["seconds"]
    peak = max(r["peak_mb"] for r in results["prepare"])
    pandas = best["pandas"]
    print(f"pandas.read_csv(encoding='gb18030'): {pandas['seconds']:6.2f} s, peak {pandas['peak_mb']:,.0f} MB")
    print(f"prepare() read→map→resolve→validate: {best['prepare']['seconds']:6.2f} s, peak {peak:,.0f} MB")
    print(f"ratio {ratio:.2f}× (goal ≤ {GOAL_RATIO:.0f}×): {'met' if ratio <= GOAL_RATIO else 'MISSED'}")
    print(f"peak {peak:,.0f} MB (goal ≤ {GOAL_PEAK_MB:,} MB): {'met' if peak <= GOAL_PEAK_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
