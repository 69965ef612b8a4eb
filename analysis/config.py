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
GEO_DIR = STATIC_DIR / "geo"  # one GeoJSON file per level (scripts/build_map_geometry.py)
GEO_URL = "/app/static/geo/"

STORE_ENV = "TERRITORY_ATLAS_STORE"


def default_store_location() -> str:
    """Where the store lives unless `--store` says otherwise.

    $TERRITORY_ATLAS_STORE (a directory or a ``postgresql://`` URL), else a directory outside the repository so that
    user data is never tracked ($XDG_DATA_HOME or ~/.local/share, then `territory-atlas`).
    """
    env = os.environ.get(STORE_ENV)
    if env:
        return env if "://" in env else str(Path(env).expanduser())
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(base) / "territory-atlas")


# --- team use (issue 16): the roles file and the upload limit -------------------------------------
ROLES_ENV = "TERRITORY_ATLAS_ROLES"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"


def roles_path() -> Path:
    """The roles file (who has which role and scope): $TERRITORY_ATLAS_ROLES, else .streamlit/roles.toml."""
    env = os.environ.get(ROLES_ENV)
    return Path(env).expanduser() if env else ROOT / ".streamlit" / "roles.toml"


def _upload_limit_mb() -> int:
    """`server.maxUploadSize` as the server sees it: its environment variable, else .streamlit/config.toml, else 200."""
    import tomllib

    env = os.environ.get("STREAMLIT_SERVER_MAX_UPLOAD_SIZE")
    if env and env.strip().isdigit():
        return int(env)
    try:
        with STREAMLIT_CONFIG.open("rb") as f:
            return int(tomllib.load(f).get("server", {}).get("maxUploadSize", 200))
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return 200  # Streamlit's own default


UPLOAD_LIMIT_MB = _upload_limit_mb()  # the largest file st.file_uploader takes, in MB (the Data page says it)
