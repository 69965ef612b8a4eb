"""The floor for bench/latency.py: a minimal Streamlit app with the same amount of table and map.

    streamlit run latency_minimal_app.py -- --boundaries data/boundaries/county.parquet

Two pages under `st.navigation`. "/table" shows a slider, a table (`st.dataframe`) of every county
with 15 numeric columns and a score, and a `go.Choropleth` of every county coloured by that score,
drawn from a GeoJSON of the boundary file with the local topojson stub (`topojsonURL`
"/app/static/topo/"; the bench runs this file from a directory holding `static/topo` and a
config.toml that turns static serving on). The numbers are random (seeded); the slider moves the
score's weight, so one step changes the table and the map and reruns the page, as a weight step
does in the app. Boundaries and numbers are cached, the figure is built on every run: what a
plain, reasonable Streamlit page costs. The default page ("/") is the landing page: a tiny table
and a one-square map, so that the browser has loaded Streamlit's table and chart components (and
the topojson stub) before "/table" is measured, as the app's landing page does.
"""

import argparse
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

COLUMNS = 15
PLOTLY_CONFIG = {"topojsonURL": "/app/static/topo/", "displaylogo": False}
SQUARE = {  # one clockwise square, for the landing page's map
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "id": "a",
            "geometry": {"type": "Polygon", "coordinates": [[[100, 30], [100, 31], [101, 31], [101, 30], [100, 30]]]},
        }
    ],
}


def boundaries_path() -> str:
    parser = argparse.ArgumentParser()
    parser.add_argument("--boundaries", required=True)
    return parser.parse_args(sys.argv[1:]).boundaries


@st.cache_resource(show_spinner=False)
def counties(path: str) -> tuple[list[str], dict]:
    """Region ids and a GeoJSON FeatureCollection with feature id = region id."""
    layer = gpd.read_parquet(path)
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": rid, "geometry": shapely.geometry.mapping(geom)}
            for rid, geom in zip(layer["region_id"], layer.geometry, strict=True)
        ],
    }
    return layer["region_id"].tolist(), geojson


@st.cache_data(show_spinner=False)
def numbers(ids: list[str]) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    values = rng.random((len(ids), COLUMNS)) * 1000
    return pd.DataFrame(values, columns=[f"value_{i}" for i in range(COLUMNS)]).assign(region_id=ids)


def table_page() -> None:
    ids, geojson = counties(boundaries_path())
    st.title("Minimal table and map")
    weight = st.slider("Weight of value_0", 0, 100, 50, key="weight")
    frame = numbers(ids)
    frame.insert(0, "score", (weight * frame["value_0"] + (100 - weight) * frame["value_1"]) / 100)
    frame.insert(0, "region_id", frame.pop("region_id"))
    st.dataframe(frame, hide_index=True, height=420, key="table")
    fig = go.Figure(
        go.Choropleth(
            geojson=geojson,
            featureidkey="id",
            locations=frame["region_id"],
            z=frame["score"],
            colorscale="Reds",
            marker_line_color="white",
            marker_line_width=0.15,
            text=frame["region_id"],
            hovertemplate="<b>%{text}</b><br>score %{z:.1f}<extra></extra>",
        )
    )
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator")
    fig.update_layout(height=620, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="map", width="stretch")


def landing_page() -> None:
    st.title("Landing")
    st.dataframe(pd.DataFrame({"value": [1, 2, 3]}), key="landing_table")
    fig = go.Figure(go.Choropleth(geojson=SQUARE, featureidkey="id", locations=["a"], z=[1], showscale=False))
    fig.update_geos(visible=False, fitbounds="locations")
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="landing_map")


st.set_page_config(page_title="Minimal", layout="wide")  # the app's layout: the same room for the map
st.navigation(
    [st.Page(landing_page, title="Landing", default=True), st.Page(table_page, title="Table", url_path="table")]
).run()
