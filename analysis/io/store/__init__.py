"""The versioned store (`Store`) and its backends: a DuckDB file (default) or PostgreSQL."""

from __future__ import annotations

from analysis.io.store.base import MODES, SCHEMA_VERSION, Connection, Store, UpdatePlan, VersionInfo, current_user
from analysis.io.store.errors import StoreError

__all__ = [
    "MODES",
    "SCHEMA_VERSION",
    "Connection",
    "Store",
    "StoreError",
    "UpdatePlan",
    "VersionInfo",
    "backend_for",
    "current_user",
]


def backend_for(location) -> type[Store]:
    """The Store class for `location`: PostgreSQL for a ``postgresql://`` URL, else a DuckDB directory."""
    if location is None:
        raise TypeError("Store needs a location: a directory or a postgresql:// URL")
    if str(location).startswith(("postgresql://", "postgres://")):
        from analysis.io.store.postgres_store import PostgresStore

        return PostgresStore
    from analysis.io.store.duckdb_store import DuckDBStore

    return DuckDBStore
