"""Bundled geography: the region table and the simplified boundary layers."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import geopandas as gpd
import pandas as pd
import shapely

from analysis import config
from analysis.schemas import LEVELS

REGION_DTYPES = {
    "region_id": "str",
    "name": "str",
    "short_name": "str",
    "name_en": "str",
    "pinyin": "str",
    "level": "str",
    "parent_id": "str",
    "province_id": "str",
    "city_id": "str",
    "lon": "float64",
    "lat": "float64",
    "area_km2": "float64",
}


@lru_cache(maxsize=1)
def _regions() -> pd.DataFrame:
    return pd.read_csv(config.REGIONS_CSV, dtype=REGION_DTYPES, keep_default_na=False, na_values=[""])


def load_regions(level: str | None = None) -> pd.DataFrame:
    """The region table: one row per region and level.

    Parameters
    ----------
    level : {"province", "city", "county"}, optional
        Keep one level only.

    Returns
    -------
    DataFrame with region_id (adcode text), name, short_name, name_en, pinyin, level,
    parent_id, province_id, city_id, lon, lat, area_km2. `region_id` is unique within a
    level; a city without counties (东莞市) appears at city and county level with one id.
    """
    regions = _regions()
    if level is not None:
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
        regions = regions[regions["level"] == level].reset_index(drop=True)
    return regions.copy()


@lru_cache(maxsize=3)
def _boundaries(level: str) -> gpd.GeoDataFrame:
    return gpd.read_parquet(config.BOUNDARY_DIR / f"{level}.parquet")


def load_boundaries(level: str) -> gpd.GeoDataFrame:
    """Simplified boundaries of one level: region_id and geometry (WGS84, clockwise rings)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    return _boundaries(level).copy()


@lru_cache(maxsize=8)
def geojson(level: str) -> dict:
    """A GeoJSON FeatureCollection of one level, feature `id` = region_id (read-only, shared)."""
    layer = _boundaries(level)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": rid, "geometry": shapely.geometry.mapping(geom)}
            for rid, geom in zip(layer["region_id"], layer.geometry, strict=True)
        ],
    }


def subset_geojson(level: str, region_ids: frozenset[str]) -> dict:
    """The features of `level` whose id is in `region_ids`."""
    full = geojson(level)
    return {"type": "FeatureCollection", "features": [f for f in full["features"] if f["id"] in region_ids]}


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    regions = _regions()
    return dict(zip(regions["region_id"], zip(regions["name"], regions["name_en"], strict=True), strict=True))


def region_name(region_id: str, lang: str) -> str | None:
    """A region's name in `lang` by its adcode (any level), None for an unknown id.

    >>> region_name("450100", "zh"), region_name("450100", "en")
    ('南宁市', 'Nanning')
    """
    names = _names().get(str(region_id))
    return None if names is None else names[0 if lang == "zh" else 1]


def rollup_ids(level: str) -> pd.Series:
    """Map every region id at `level` or finer to the id at `level` that contains it.

    Data may name counties or cities (南宁 resolves to the city 450100): a city id rolls up to
    itself at city level and to its province at province level; at county level only county
    ids map. An id present at two levels (东莞市 441900) is one place and maps once.

    >>> ups = rollup_ids("province")
    >>> ups["450102"], ups["450100"], ups["450000"]
    ('450000', '450000', '450000')
    >>> "450100" in rollup_ids("county").index
    False
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    depth = {name: i for i, name in enumerate(LEVELS)}
    regions = _regions()
    finer = regions[regions["level"].map(depth) >= depth[level]]
    finer = finer.assign(depth=finer["level"].map(depth)).sort_values("depth", ascending=False, kind="stable")
    finer = finer.drop_duplicates("region_id")
    column = {"county": "region_id", "city": "city_id", "province": "province_id"}[level]
    return pd.Series(finer[column].to_numpy(), index=finer["region_id"].to_numpy(), name=level)


def province_of(region_ids: pd.Series) -> pd.Series:
    """The province adcode of each region id of any level (the first two digits for ids not in the table).

    >>> province_of(pd.Series(["450102", "450100", "110000", "999999"])).tolist()
    ['450000', '450000', '110000', '990000']
    """
    known = region_ids.map(rollup_ids("province"))
    return known.fillna(region_ids.astype("str").str[:2] + "0000").astype("str")


SCOPE_LEVELS = ("province", "city")  # what a scope (a user's, the sidebar's) is made of


@lru_cache(maxsize=1)
def _scope_levels() -> dict[str, str]:
    """Each province or city adcode → its level (a city without counties, 东莞 441900, is a city here)."""
    regions = _regions()
    regions = regions[regions["level"].isin(SCOPE_LEVELS)]
    return dict(zip(regions["region_id"], regions["level"], strict=True))


@lru_cache(maxsize=64)
def scope_counties(scope: tuple[str, ...] | frozenset[str]) -> frozenset[str]:
    """The county ids inside a scope of province or city adcodes (every county for an empty scope).

    Raises
    ------
    ValueError
        An entry that is no province or city adcode.

    >>> sorted(scope_counties(("450100",)))[:2]
    ['450102', '450103']
    >>> len(scope_counties(("450000",))) > len(scope_counties(("450100",)))
    True
    """
    if not scope:
        return frozenset(rollup_ids("county").index)
    levels = _scope_levels()
    unknown = sorted(set(scope) - levels.keys())
    if unknown:
        raise ValueError(f"a scope lists province or city adcodes; not one: {', '.join(unknown)}")
    counties = rollup_ids("county").index
    found: set[str] = set()
    for level in SCOPE_LEVELS:
        ids = [rid for rid in scope if levels[rid] == level]
        if ids:  # counties_in also lists the cities of a province (they roll up to it too)
            found.update(counties_in(ids, level).intersection(counties))
    return frozenset(found)


@lru_cache(maxsize=64)
def _inside(scope: tuple[str, ...]) -> pd.Series:
    """Every region id of every level → whether all of its counties lie in `scope`."""
    counties = rollup_ids("county").index
    inside = pd.Series(counties.isin(scope_counties(scope)), index=counties)
    flags = [inside]
    for level in ("city", "province"):
        parent = rollup_ids(level).reindex(counties)
        flags.append(inside.groupby(parent.to_numpy()).all())
    joined = pd.concat(flags)
    return joined[~joined.index.duplicated()]  # 东莞 441900 is a city and a county: one place


def in_scope(region_ids: pd.Series, scope: Iterable[str]) -> pd.Series:
    """Whether each region (of any level) lies wholly within `scope`.

    A province is in a city scope only when every county of it is; an id not in the region table is
    in scope when its province (its first two digits) is. An empty scope holds everything.

    Parameters
    ----------
    region_ids : Series of str
        Adcodes of provinces, cities or counties, mixed or not.
    scope : iterable of str
        Province or city adcodes (a `User.scope`).

    Returns
    -------
    Series of bool, on `region_ids`' index.

    Examples
    --------
    >>> ids = pd.Series(["450102", "450100", "450000", "440100", "451000"])
    >>> in_scope(ids, ("450100",)).tolist()
    [True, True, False, False, False]
    >>> in_scope(ids, ("450000",)).tolist()
    [True, True, True, False, True]
    """
    scope = (scope,) if isinstance(scope, str) else tuple(sorted(set(scope)))
    region_ids = pd.Series(region_ids) if not isinstance(region_ids, pd.Series) else region_ids
    ids = region_ids.astype("str")
    if not scope:
        return pd.Series(True, index=region_ids.index)
    inside = _inside(scope).astype("boolean")
    found = ids.map(inside).astype("boolean")
    if found.isna().any():
        found = found.fillna(province_of(ids).map(inside).astype("boolean"))
    return found.fillna(False).astype(bool)


def within(frame: pd.DataFrame, scope, column: str = "region_id") -> pd.DataFrame:
    """The rows of `frame` whose region lies inside `scope` (province or city adcodes).

    Every row for an empty scope.

    >>> f = pd.DataFrame({"region_id": ["450102", "110101"]})
    >>> within(f, ("450000",))["region_id"].tolist(), len(within(f, ()))
    (['450102'], 2)
    """
    if not scope or frame.empty:
        return frame
    return frame[in_scope(frame[column], scope).to_numpy()]


def counties_in(region_ids, level: str) -> pd.Index:
    """The county ids inside the given regions of `level` (a region's own id when it is a county).

    >>> counties_in(["450100"], "city")[:2].tolist()
    ['450102', '450103']
    """
    to_level = rollup_ids(level)
    return to_level.index[to_level.isin(set(region_ids))]
