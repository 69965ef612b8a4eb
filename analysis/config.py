"""Paths, resolved from this file and overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
BOUNDARY_DIR = DATA_DIR / "boundaries"
REGIONS_CSV = DATA_DIR / "regions.csv"
POPULATION_CSV = DATA_DIR / "province_population_2020.csv"
PRESETS_DIR = ROOT / "analysis" / "presets"
STATIC_DIR = ROOT / "static"
TOPOJSON_URL = "/app/static/topo/"

STORE_ENV = "TERRITORY_ATLAS_STORE"


def default_store_dir() -> Path:
    """Where the store lives unless `--store` or $TERRITORY_ATLAS_STORE says otherwise.

    Outside the repository so that user data is never tracked: $XDG_DATA_HOME or
    ~/.local/share, then `territory-atlas`.
    """
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "territory-atlas"
