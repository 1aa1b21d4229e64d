"""Figure specs: hierarchies, voronoi, word cloud, venn and network graphs as Vega."""

from __future__ import annotations

import math
from typing import Any

import pytest

from gaugeboard.widgets.figures.network import read_graph
from gaugeboard.widgets.figures.trees import MAX_NODES, tree_nodes
from gaugeboard.widgets.figures.venn import distance_for, layout, lens_area
from gaugeboard.widgets.options import options_problems
from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

TREE = {
    "name": "root",
    "children": [
        {"name": "a", "children": [{"name": "a1", "size": 3}, {"name": "a2", "size": 2}]},
        {"name": "b", "size": 5},
    ],
}


def draw(widget_type: str, payload: Any, **options: Any) -> dict[str, Any]:
    return render_widget(WidgetRequest(id="w", type=widget_type, options=options), payload)


def transforms(spec: dict[str, Any]) -> list[str]:
    found = [t["type"] for d in spec["data"] for t in d.get("transform", [])]
    return found + [t["type"] for m in spec["marks"] for t in m.get("transform", [])]


def test_nested_tree_becomes_rows_with_parents_and_paths() -> None:
    nodes = tree_nodes(TREE)
    assert [(n["name"], n["parent"]) for n in nodes] == [
        ("root", None),
        ("a", 0),
        ("a1", 1),
        ("a2", 1),
        ("b", 0),
    ]
    assert nodes[2]["path"] == "root / a / a1"


def test_inner_value_beyond_its_children_is_the_node_own_share() -> None:
    flame = {"name": "main", "value": 10, "children": [{"name": "f", "value": 6}]}
    assert [n["size"] for n in tree_nodes(flame)] == [4.0, 6.0]


def test_leaf_without_size_counts_as_one() -> None:
    assert tree_nodes({"name": "r", "children": [{"name": "x"}]})[1]["size"] == 1.0


def test_flat_parent_rows_become_the_same_tree() -> None:
    rows = [
        {"id": "root"},
        {"id": "a", "parent": "root"},
        {"id": "a1", "parent": "a", "size": 3},
        {"id": "b", "parent": "root", "size": 5},
    ]
    assert [(n["name"], n["parent"]) for n in tree_nodes(rows)] == [
        ("root", None),
        ("a", 0),
        ("a1", 1),
        ("b", 0),
    ]


def test_flat_rows_with_several_roots_share_one() -> None:
    nodes = tree_nodes([{"id": "x", "parent": None}, {"id": "y", "parent": None}])
    assert [n["parent"] for n in nodes] == [None, 0, 0]


def test_flat_row_with_an_unknown_parent_is_named() -> None:
    with pytest.raises(WidgetDataError, match=r"payload\[1\].parent: no row has the id 'zz'"):
        tree_nodes([{"id": "x"}, {"id": "y", "parent": "zz"}])


def test_flat_rows_in_a_cycle_are_refused() -> None:
    rows = [{"id": "r"}, {"id": "x", "parent": "y"}, {"id": "y", "parent": "x"}]
    with pytest.raises(WidgetDataError, match="cycle"):
        tree_nodes(rows)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(WidgetDataError, match="appears twice"):
        tree_nodes([{"id": "x", "parent": None}, {"id": "x", "parent": None}])


def test_a_huge_hierarchy_gets_a_clear_message() -> None:
    wide = {"name": "r", "children": [{"name": str(i)} for i in range(MAX_NODES)]}
    with pytest.raises(WidgetDataError, match=f"more than {MAX_NODES} nodes"):
        tree_nodes(wide)


@pytest.mark.parametrize(
    ("widget_type", "layout_transform"),
    [
        ("treemap", "treemap"),
        ("circlepack", "pack"),
        ("dendrogram", "tree"),
        ("radial-dendrogram", "tree"),
        ("flamegraph", "partition"),
    ],
)
def test_hierarchies_are_vega_layouts_over_stratify(
    widget_type: str, layout_transform: str
) -> None:
    output = draw(widget_type, TREE)
    assert output["kind"] == "vega"
    assert output["spec"]["$schema"].endswith("/vega/v6.json")
    assert transforms(output["spec"])[:2] == ["stratify", layout_transform]


@pytest.mark.parametrize("widget_type", ["dendrogram", "radial-dendrogram"])
def test_dendrograms_draw_their_links_with_linkpath(widget_type: str) -> None:
    assert {"treelinks", "linkpath"} <= set(transforms(draw(widget_type, TREE)["spec"]))


def test_figures_fill_their_widget_unless_a_height_is_set() -> None:
    assert draw("treemap", TREE)["size"] == {"width": "container", "height": "container"}
    output = draw("treemap", TREE, height=200)
    assert (output["size"]["height"], output["spec"]["height"]) == (200, 200)


def test_colour_by_value_uses_a_sequential_scale() -> None:
    scale = draw("circlepack", TREE, color_by="value")["spec"]["scales"][0]
    assert (scale["type"], scale["domain"]["field"]) == ("sequential", "value")


def test_treemap_keeps_accepting_the_options_of_its_bar_days() -> None:
    assert options_problems("treemap", {"limit": 10, "x_title": "Leaf", "y": "size"}) == []


def test_figure_options_refuse_unknown_keys_by_name() -> None:
    [problem] = options_problems("wordcloud", {"sizes": "n"})
    assert problem.startswith("sizes: not an option of wordcloud")


def test_voronoi_reads_jsondash_pairs_and_draws_cells_over_the_points() -> None:
    spec = draw("voronoi", [[1, 2], [3, 4], [5, 1]])["spec"]
    assert spec["data"][0]["values"][1] == {"x": 3, "y": 4}
    cells = spec["marks"][1]
    assert (cells["from"]["data"], cells["transform"][0]["type"]) == ("dots", "voronoi")


def test_voronoi_refuses_what_has_no_points() -> None:
    with pytest.raises(WidgetDataError, match="a voronoi takes"):
        draw("voronoi", "points")


def test_wordcloud_keeps_the_largest_words_with_their_size() -> None:
    words = [{"text": w, "size": s} for w, s in (("a", 1), ("b", 9), ("c", 5))]
    spec = draw("wordcloud", words, max_words=2)["spec"]
    assert [row["text"] for row in spec["data"][0]["values"]] == ["b", "c"]
    assert spec["marks"][0]["transform"][0]["fontSize"] == {"field": "datum.size"}


def test_wordcloud_reads_a_word_to_number_object() -> None:
    spec = draw("wordcloud", {"alpha": 3, "beta": 1})["spec"]
    assert [row["text"] for row in spec["data"][0]["values"]] == ["alpha", "beta"]


def test_lens_area_is_zero_apart_and_the_small_circle_inside() -> None:
    assert lens_area(1, 1, 2.5) == 0
    assert lens_area(2, 1, 0.5) == pytest.approx(math.pi)


def test_distance_gives_back_the_overlap_asked_for() -> None:
    d = distance_for(2, 1.5, 2.0)
    assert lens_area(2, 1.5, d) == pytest.approx(2.0, rel=1e-6)


def test_venn_circles_have_the_sets_areas_and_overlap() -> None:
    sizes = {frozenset("A"): 10.0, frozenset("B"): 6.0, frozenset("AB"): 2.0}
    (x1, y1, r1), (x2, y2, r2) = layout(["A", "B"], sizes)
    assert math.pi * r1 * r1 == pytest.approx(10)
    assert lens_area(r1, r2, math.hypot(x2 - x1, y2 - y1)) == pytest.approx(2, rel=1e-6)


def test_venn_labels_every_set_and_intersection() -> None:
    payload = [
        {"sets": ["A"], "size": 10},
        {"sets": ["B"], "size": 8},
        {"sets": ["C"], "size": 6},
        {"sets": ["A", "B"], "size": 3},
        {"sets": ["A", "B", "C"], "size": 1},
    ]
    labels = draw("venn", payload)["spec"]["data"][1]["values"]
    assert {label["text"] for label in labels} == {"A", "B", "C", "A ∩ B", "A ∩ B ∩ C"}


def test_venn_of_four_sets_says_three_at_most() -> None:
    payload = [{"sets": [name], "size": 1} for name in "ABCD"]
    with pytest.raises(WidgetDataError, match="3 sets at most; got 4"):
        draw("venn", payload)


def test_venn_overlap_without_its_sets_is_refused() -> None:
    with pytest.raises(WidgetDataError, match="no size for the set 'B' alone"):
        draw("venn", [{"sets": ["A"], "size": 1}, {"sets": ["A", "B"], "size": 1}])


def test_sigma_nodes_and_edges_are_read() -> None:
    graph, _ = read_graph(
        {
            "nodes": [{"id": "a", "label": "A", "size": 3}, {"id": "b"}],
            "edges": [{"source": "a", "target": "b"}],
        }
    )
    assert [(n["id"], n["label"]) for n in graph.nodes] == [("a", "A"), ("b", "b")]
    assert graph.edges == [{"source": 0, "target": 1, "label": ""}]


def test_cytoscape_elements_are_read() -> None:
    payload = {
        "elements": [
            {"data": {"id": "a"}},
            {"data": {"id": "b"}},
            {"data": {"source": "a", "target": "b"}},
        ]
    }
    graph, directed = read_graph(payload)
    assert (len(graph.nodes), len(graph.edges), directed) == (2, 1, True)


def test_cytoscape_grouped_elements_are_read() -> None:
    payload = {
        "elements": {
            "nodes": [{"data": {"id": "a"}}],
            "edges": [{"data": {"source": "a", "target": "c"}}],
        }
    }
    assert [n["id"] for n in read_graph(payload)[0].nodes] == ["a", "c"]


def test_a_node_colour_that_is_not_a_colour_is_dropped() -> None:
    graph, _ = read_graph({"nodes": [{"id": "a", "color": "url(https://evil.example/x)"}]})
    assert "color" not in graph.nodes[0]


def test_network_is_laid_out_by_the_force_transform() -> None:
    spec = draw("network", {"graph": "graph { a -- b }"})["spec"]
    assert spec["marks"][0]["transform"][0]["type"] == "force"
    assert spec["marks"][0]["transform"][0]["static"] is True


def test_a_graph_over_the_node_limit_says_so() -> None:
    nodes = [{"id": str(i)} for i in range(30)]
    with pytest.raises(WidgetDataError, match="30 nodes, more than the 20 this widget lays out"):
        draw("network", {"nodes": nodes, "edges": []}, max_nodes=20)


def test_network_refuses_other_payloads_naming_the_shapes() -> None:
    with pytest.raises(WidgetDataError, match="sigma .* cytoscape .* DOT"):
        draw("network", [1, 2])
