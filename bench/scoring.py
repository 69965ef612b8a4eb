"""Market scoring at national county level with ≥ 8 million sales rows in the store.

    .venv/bin/python bench/scoring.py [--months 60] [--products 50] [--repeat 9] [--store DIR|URL | --pg-temp]

The data: `generate_demo(DemoSpec(months=60, products=50))` (2,848 counties × 60 months × 50
products ≈ 8.5 million sales rows, plus competitors, housing and demographics) written by a child
process, so that this process's peak memory is the pipeline's own, into a temporary DuckDB store,
or into `--store` (a directory or a ``postgresql://`` URL, where it becomes a new version), or
into a throwaway local PostgreSQL cluster started for the run (`--pg-temp`, needs the server's
programs: Debian package `postgresql`).

Timed in the same run, warm, as the median of `--repeat` runs taken in turns (a, b, a, b, ...) so
that a busy machine slows them alike:
  (a) the full pipeline: store → region features (sales aggregated in DuckDB) → scored table;
  (b) a hand-written SQL reference for the same per-region sales metrics (our units and revenue
      in the last 12 months and the 12 before, YoY), run by the same database;
  (c) re-scoring after a weight change, with the features cached.
Goals: (a) ≤ 1.5 × (b); (c) ≤ 50 ms; peak memory ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.io.store import Store  # noqa: E402
from analysis.market.features import build_features_sql, sales_metrics_sql  # noqa: E402
from analysis.market.scenarios import Scenario  # noqa: E402
from analysis.market.scoring import score_regions  # noqa: E402

KINDS = ("sales", "competitors", "housing", "demographics")

# The reference, written from the data contract alone (months are "YYYY-MM" text): the latest
# month, then one aggregation over the two 12-month windows with YoY.
LAST_MONTH_SQL = "SELECT max(month) FROM data_sales WHERE version = :v"
REFERENCE_SQL = """
SELECT region_id,
       sum(units) FILTER (WHERE month >= :start) AS units_12m,
       sum(revenue) FILTER (WHERE month >= :start) AS revenue_12m,
       sum(units) FILTER (WHERE month < :start) AS units_prev,
       sum(revenue) FILTER (WHERE month < :start) AS revenue_prev,
       sum(revenue) FILTER (WHERE month >= :start) / nullif(sum(revenue) FILTER (WHERE month < :start), 0) - 1 AS yoy
FROM data_sales
WHERE version = :version AND month BETWEEN :prev_start AND :last
GROUP BY region_id
"""


def write_store(location: str, months: int, products: int) -> None:
    """Generate the scaled demo data and store the kinds scoring reads (runs in a child process)."""
    from analysis.demo import DemoSpec, generate_demo

    started = time.perf_counter()
    frames = generate_demo(DemoSpec(months=months, products=products))
    generated = time.perf_counter() - started
    store = Store(location)
    for kind in KINDS:
        store.write(kind, frames[kind], source="demo", note="benchmark")
    print(
        f"data: {len(frames['sales']):,} sales rows, generated in {generated:.1f}s, "
        f"stored in {time.perf_counter() - started - generated:.1f}s",
        flush=True,
    )


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A database in a PostgreSQL cluster started for this run (durable settings, as a server would have)."""
    from analysis.io.store.pg_cluster import Cluster, find_binaries

    binaries = find_binaries()
    if binaries is None:
        raise SystemExit("--pg-temp needs PostgreSQL's server programs (Debian: apt-get install postgresql)")
    with Cluster(binaries, {"shared_buffers": "1GB", "work_mem": "64MB", "max_wal_size": "4GB"}) as cluster:
        print(f"PostgreSQL cluster: {binaries}, port {cluster.port}", flush=True)
        yield cluster.create_database("bench")


def interleaved(funcs: dict, repeat: int) -> tuple[dict[str, float], dict]:
    """Median seconds of each function, run in turns so that a busy machine slows them alike."""
    results = {name: func() for name, func in funcs.items()}  # warm: region table, DuckDB buffers
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            started = time.perf_counter()
            results[name] = func()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}, results


def reference(store: Store):
    with store.reading() as con:
        version = con.scalar("SELECT version FROM current WHERE kind = 'sales'")
        last = con.scalar(LAST_MONTH_SQL, {"v": version})
        year, month = (int(x) for x in last.split("-"))
        start = f"{year - 1}-{month + 1:02d}" if month < 12 else f"{year}-01"
        prev_start = f"{year - 2}-{month + 1:02d}" if month < 12 else f"{year - 1}-01"
        params = {"version": version, "start": start, "prev_start": prev_start, "last": last}
        return con.frame(REFERENCE_SQL, params)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--products", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=9)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", help="a store directory or postgresql:// URL (default: a temporary DuckDB store)")
    where.add_argument("--pg-temp", action="store_true", help="a throwaway local PostgreSQL cluster for this run")
    args = parser.parse_args()

    with ExitStack() as stack:
        if args.pg_temp:
            location = stack.enter_context(temporary_postgres())
        else:
            location = args.store or stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-scoring-"))
        child = multiprocessing.get_context("spawn").Process(
            target=write_store, args=(location, args.months, args.products)
        )
        child.start()
        child.join()
        if child.exitcode:
            raise SystemExit(f"data generation failed with exit code {child.exitcode}")
        store = Store(location)
        with store.reading() as con:
            version = store.current_version("sales")
            rows = con.scalar("SELECT count(*) FROM data_sales WHERE version = :v", {"v": version})
        config = Scenario()

        def pipeline():
            return score_regions(build_features_sql(store, "county"), config)

        def sales_part():
            with store.reading() as con:
                return sales_metrics_sql(con, store.current_version("sales"))

        times, results = interleaved({"a": pipeline, "b": lambda: reference(store), "sales": sales_part}, args.repeat)
        time_a, time_b, time_sales = times["a"], times["b"], times["sales"]
        scored, ref = results["a"], results["b"]
        features = build_features_sql(store, "county")
        moved = config.with_weights({"whitespace_units": 0.10, "competitor_hhi": 0.25})
        times, results = interleaved({"c": lambda: score_regions(features, moved)}, max(args.repeat, 20))
        time_c, rescored = times["c"], results["c"]

        ref = ref.set_index("region_id").reindex(features["region_id"])
        same = np.allclose(ref["units_12m"].fillna(0), features["our_units"]) and np.allclose(
            ref["revenue_12m"].fillna(0), features["our_revenue"]
        )
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    print(f"store: {type(store).__name__} at {store.location}")
    print(f"sales rows in the current version: {rows:,}; counties scored: {len(scored):,}")
    print(f"(a) full pipeline, store → scored table:   {time_a * 1000:8.1f} ms")
    print(f"    of which the sales aggregation:        {time_sales * 1000:8.1f} ms")
    print(f"(b) hand-written SQL reference, sales:     {time_b * 1000:8.1f} ms  (matches features: {same})")
    print(f"    ratio (a)/(b):                         {time_a / time_b:8.2f}   (goal ≤ 1.5)")
    print(f"(c) re-scoring after a weight change:      {time_c * 1000:8.1f} ms  (goal ≤ 50 ms)")
    changed = (
        rescored.set_index("region_id")["tier"] != scored.set_index("region_id")["tier"].reindex(rescored["region_id"])
    ).sum()
    print(f"    tiers changed by that weight change:   {changed:8,}")
    print(f"peak memory, this process: {peak_mb:,.0f} MB (goal ≤ 2,048 MB); data generator (child): {child_mb:,.0f} MB")


if __name__ == "__main__":
    main()
