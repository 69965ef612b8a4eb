"""Write the map geometry the browser loads once per level: static/geo/{province,city,county}.json.

Run after scripts/build_boundaries.py (or whenever data/boundaries/ changes):

    python scripts/build_map_geometry.py

Each file is the GeoJSON FeatureCollection of one level's bundled boundaries (feature id = adcode),
written compactly. Streamlit serves ./static at /app/static (server.enableStaticServing), gzipped;
a map trace names the file by URL (`analysis.charts.maps`), so plotly.js fetches the geometry once
per page load and reuses it for every layer, scope and rerun: a figure carries only the values.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import config  # noqa: E402
from analysis.geo import boundaries  # noqa: E402


def main() -> None:
    """Write one file per level and print its size."""
    out = config.GEO_DIR
    out.mkdir(parents=True, exist_ok=True)
    for level in boundaries.LEVELS:
        path = out / f"{level}.json"
        path.write_text(json.dumps(boundaries.geojson(level), separators=(",", ":")), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
