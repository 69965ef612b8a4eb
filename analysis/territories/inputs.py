"""What a territory design is made from: counties and scored columns, balance variables, locks, seeds.

The scope's counties with their scored columns, the balance variables and their weights, and locks and seeds read from a
table.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

# Scored columns worth balancing, in the order offered; `capacity` means capacity_units and so on.
BALANCE_CANDIDATES = (
    "capacity_units", "whitespace_units", "our_revenue", "our_units", "households", "housing_3y_units",
    "competitor_units", "planned_units",
)  # fmt: skip
BALANCE_KINDS = {
    "capacity_units": "units", "whitespace_units": "units", "our_revenue": "money", "our_units": "units",
    "households": "count", "housing_3y_units": "count", "competitor_units": "units", "planned_units": "units",
}  # fmt: skip


def balance_options(scored: pd.DataFrame) -> list[str]:
    """The scored columns a design can balance: the candidates present with some positive value.

    >>> balance_options(pd.DataFrame({"capacity_units": [1.0], "our_revenue": [0.0], "score": [0.3]}))
    ['capacity_units']
    """
    out = []
    for column in BALANCE_CANDIDATES:
        if column in scored:
            values = pd.to_numeric(scored[column], errors="coerce")
            if (values > 0).any():
                out.append(column)
    return out


def resolve_column(name: str, columns) -> str:
    """A balance variable as typed ("capacity", "whitespace_units") → its scored column.

    Raises
    ------
    ValueError
        If no column matches; the message lists the ones there are.

    >>> resolve_column("capacity", ["capacity_units", "whitespace_units"])
    'capacity_units'
    """
    columns = list(columns)
    text = name.strip()
    for candidate in (text, f"{text}_units", f"our_{text}"):
        if candidate in columns:
            return candidate
    raise ValueError(f"unknown balance variable {name!r}; choose among {columns}")


def parse_balance(text: str, columns) -> dict[str, float]:
    """Parse "capacity=0.7,whitespace=0.3" → {"capacity_units": 0.7, "whitespace_units": 0.3}.

    A name without a weight weighs 1.

    Raises
    ------
    ValueError
        On an unknown variable, a weight that is not a non-negative number, or nothing given.

    >>> parse_balance("capacity=0.7, whitespace=0.3", ["capacity_units", "whitespace_units"])
    {'capacity_units': 0.7, 'whitespace_units': 0.3}
    """
    out: dict[str, float] = {}
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        name, _, weight = part.partition("=")
        try:
            value = float(weight) if weight.strip() else 1.0
        except ValueError:
            raise ValueError(f"the weight of {name.strip()!r} must be a number, got {weight.strip()!r}") from None
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"the weight of {name.strip()!r} must be a non-negative number, got {value!r}")
        out[resolve_column(name, columns)] = value
    if not out or sum(out.values()) <= 0:
        raise ValueError(f"give at least one balance variable with a positive weight, e.g. capacity=1; got {text!r}")
    return out


def design_units(
    scored: pd.DataFrame, regions: pd.DataFrame, balance: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """The counties of a scored table as design units: region_id, names, lon, lat, area_km2 and the scored columns.

    Balance columns that are missing for a county (no data) count as 0 there.

    Parameters
    ----------
    scored : DataFrame
        County rows of the scope (`ui.cache.scored` or `score_regions` output).
    regions : DataFrame
        The region table (region_id, lon, lat, area_km2), e.g. `load_regions("county")`.
    balance : mapping, optional
        The balance columns to fill.

    Returns
    -------
    DataFrame, one row per county, sorted by region_id.
    """
    points = regions.drop_duplicates("region_id")[["region_id", "lon", "lat", "area_km2"]]
    extra = [c for c in ("lon", "lat", "area_km2") if c in scored.columns]
    units = scored.drop(columns=extra).merge(points, on="region_id", how="left")
    units = units[units["lon"].notna() & units["lat"].notna()]
    fill = {c: 0.0 for c in (balance or {}) if c in units.columns}
    for column in fill:
        units[column] = pd.to_numeric(units[column], errors="coerce").fillna(0.0).clip(lower=0.0)
    return units.sort_values("region_id", ignore_index=True)


def read_pairs(frame: pd.DataFrame, what: str) -> dict[str, str]:
    """Locks (county → territory) or seeds (territory → county) from a table.

    Parameters
    ----------
    frame : DataFrame
        Columns ``region_id`` (or ``region``) and ``territory`` (or ``distributor_id``).
    what : {"locks", "seeds"}

    Returns
    -------
    dict
        county → territory for locks; territory → county for seeds.

    Raises
    ------
    ValueError
        If a column is missing, or a seed names two counties for one territory.

    >>> read_pairs(pd.DataFrame({"region": ["450102"], "territory": ["D1"]}), "locks")
    {'450102': 'D1'}
    """
    region = next((c for c in ("region_id", "region", "county") if c in frame.columns), None)
    territory = next((c for c in ("territory", "territory_id", "distributor_id") if c in frame.columns), None)
    if region is None or territory is None:
        raise ValueError(f"{what} need columns region_id and territory; the file has {list(frame.columns)}")
    regions = frame[region].astype("str").str.strip().str.replace(r"\.0$", "", regex=True)
    names = frame[territory].astype("str").str.strip()
    if what == "seeds":
        twice = names[names.duplicated()]
        if len(twice):
            raise ValueError(f"seeds name more than one county for territories {sorted(set(twice))}")
        return dict(zip(names, regions, strict=True))
    return dict(zip(regions, names, strict=True))
