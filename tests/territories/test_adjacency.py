"""County adjacency: built from the boundaries, symmetric, islands and exclaves linked, provinces connected."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
import shapely

from analysis import config
from analysis.geo.boundaries import load_boundaries, load_regions
from analysis.territories.adjacency import county_graph, graph_from_edges, load_adjacency

OUTSIDE_MAINLAND = {"710000", "810000", "820000"}


@pytest.fixture(scope="module")
def edges() -> pd.DataFrame:
    return load_adjacency()


@pytest.fixture(scope="module")
def counties() -> pd.DataFrame:
    return load_regions("county").set_index("region_id")


@pytest.fixture(scope="module")
def shapes() -> pd.Series:
    return load_boundaries("county").set_index("region_id").geometry


def linked(edges: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    low, high = min(a, b), max(a, b)
    return edges[(edges["a"] == low) & (edges["b"] == high)]


def test_pairs_are_ordered_unique_and_without_self_loops(edges):
    assert (edges["a"] < edges["b"]).all()
    assert not edges.duplicated(["a", "b"]).any()
    assert set(edges["kind"]) == {"border", "island", "exclave"}


def test_every_end_is_a_county(edges, counties):
    assert set(edges["a"]) | set(edges["b"]) <= set(counties.index)


def test_graph_is_symmetric(counties):
    graph = county_graph(counties.index)
    for i, neighbours in enumerate(graph.neighbours):
        assert i not in neighbours
        for j in neighbours:
            assert i in graph.neighbours[j]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("450102", "450103"),  # 兴宁区 – 青秀区, Nanning
        ("450103", "450107"),  # 青秀区 – 西乡塘区, Nanning
        ("110101", "110102"),  # 东城区 – 西城区, Beijing
        ("440305", "440306"),  # 南山区 – 宝安区, Shenzhen
        ("330902", "330903"),  # 定海区 – 普陀区, on Zhoushan island
        ("440881", "450521"),  # 廉江市 (Guangdong) – 合浦县 (Guangxi), across a province border
    ],
)
def test_known_neighbours_share_a_border_in_the_geometry(edges, shapes, a, b):
    row = linked(edges, a, b)
    assert row["kind"].tolist() == ["border"]
    assert row["length_km"].iloc[0] > 0
    shared = shapely.intersection(shapes[a].boundary, shapes[b].boundary)
    assert shared.length > 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("510104", "510106"),  # 锦江区 – 金牛区, Chengdu: the four central districts meet at one point
        ("510105", "510108"),  # 青羊区 – 成华区
        ("320281", "321283"),  # 江阴市 – 泰兴市, a corner across the Yangtze
    ],
)
def test_corner_only_touches_are_not_adjacent(edges, shapes, a, b):
    assert linked(edges, a, b).empty
    assert shapely.intersection(shapes[a], shapes[b]).geom_type in ("Point", "MultiPoint")


@pytest.mark.parametrize(("a", "b"), [("110101", "110108"), ("450102", "110101"), ("460108", "460105")])
def test_known_non_neighbours(edges, shapes, a, b):
    # 东城区 – 海淀区 (西城区 lies between), Nanning – Beijing, 美兰区 – 秀英区 (琼山/龙华 between).
    assert linked(edges, a, b).empty
    assert not shapely.intersects(shapes[a], shapes[b])


@pytest.mark.parametrize(
    ("island", "mainland"),
    [
        ("350206", "350211"),  # 湖里区 (Xiamen island) – 集美区, same city
        ("350527", "350583"),  # 金门县 – 南安市, both 泉州
        ("210224", "210213"),  # 长海县 – 金州区, both 大连
        ("440523", "440515"),  # 南澳县 – 澄海区, both 汕头
        ("310151", "310115"),  # 崇明区 – 浦东新区, Shanghai
    ],
)
def test_islands_link_to_a_county_of_their_city(edges, counties, island, mainland):
    row = linked(edges, island, mainland)
    assert row["kind"].tolist() == ["island"]
    assert row["distance_km"].iloc[0] > 0
    assert counties.at[island, "city_id"] == counties.at[mainland, "city_id"]


def test_zhoushan_islands_chain_to_the_coast(edges):
    # 嵊泗 → 岱山 → 定海 → 北仑 (宁波): the whole city is islands, so it links to the province.
    for a, b in [("330922", "330921"), ("330921", "330902"), ("330902", "330206")]:
        assert linked(edges, a, b)["kind"].tolist() == ["island"]


def test_hainan_islands_linked(edges):
    sansha = edges[edges["a"].isin(["460301", "460302"]) | edges["b"].isin(["460301", "460302"])]
    assert set(sansha["kind"]) == {"island"}
    assert not linked(edges, "460301", "460302").empty  # 西沙区 – 南沙区, one city
    assert linked(edges, "440825", "460108")["kind"].tolist() == ["island"]  # 徐闻县 – 美兰区


@pytest.mark.parametrize(("exclave", "home"), [("131024", "131003"), ("232718", "232721")])
def test_exclaves_link_within_their_province(edges, counties, exclave, home):
    # 香河县 → 广阳区 (Langfang) over Beijing/Tianjin; 加格达奇区 → 呼玛县 over Inner Mongolia.
    assert linked(edges, exclave, home)["kind"].tolist() == ["exclave"]
    assert counties.at[exclave, "province_id"] == counties.at[home, "province_id"]


def test_every_mainland_county_is_reachable_inside_its_province(counties):
    mainland = counties[~counties["province_id"].isin(OUTSIDE_MAINLAND)]
    for province, group in mainland.groupby("province_id"):
        labels = county_graph(group.index).components()
        assert labels.max() == 0, province


def test_mainland_is_one_graph(counties):
    mainland = counties.index[~counties["province_id"].isin(OUTSIDE_MAINLAND)]
    assert county_graph(mainland).components().max() == 0


def test_borders_alone_leave_islands_apart(counties):
    zhejiang = counties.index[counties["province_id"] == "330000"]
    assert county_graph(zhejiang, kinds=("border",)).components().max() > 0


def test_load_adjacency_is_a_copy(edges):
    first = load_adjacency()
    first.loc[0, "a"] = "changed"
    assert load_adjacency().loc[0, "a"] == edges.loc[0, "a"]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kinds"):
        load_adjacency(("ferry",))


def test_graph_from_edges_keeps_ids_and_drops_outside_ends_and_loops():
    frame = pd.DataFrame({"a": ["x", "x", "y", "z"], "b": ["y", "x", "w", "x"], "length_km": [2.0, 9.0, 1.0, 3.0]})
    graph = graph_from_edges(["z", "x", "y", "x"], frame)
    assert graph.ids == ("x", "y", "z")
    assert graph.neighbours == ((1, 2), (0,), (0,))
    assert graph.lengths == ((2.0, 3.0), (2.0,), (3.0,))
    assert graph.edge_count == 2


def test_graph_components_and_connectivity():
    frame = pd.DataFrame({"a": ["a", "c"], "b": ["b", "d"]})
    graph = graph_from_edges("abcde", frame)
    assert graph.components().tolist() == [0, 0, 1, 1, 2]
    assert graph.is_connected([0, 1]) and not graph.is_connected([0, 2]) and not graph.is_connected([])


def test_committed_csv_matches_the_build(edges):
    spec = importlib.util.spec_from_file_location("build_adjacency", config.ROOT / "scripts" / "build_adjacency.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(load_boundaries("county"), load_regions("county"))
    pd.testing.assert_frame_equal(built.reset_index(drop=True), edges, check_dtype=False, atol=1e-3)
