"""The DOT reader of network widgets."""

from __future__ import annotations

import pytest

from gaugeboard.widgets.figures.dot import MAX_DOT_CHARS, parse_dot
from gaugeboard.widgets.request import WidgetDataError


def test_edge_chains_make_an_edge_per_step() -> None:
    graph = parse_dot("digraph { a -> b -> c }")
    assert graph.directed
    assert [(s, t) for s, t, _ in graph.edges] == [("a", "b"), ("b", "c")]


def test_undirected_graph_and_its_name() -> None:
    graph = parse_dot("strict graph deps { x -- y; }")
    assert (graph.directed, list(graph.nodes)) == (False, ["x", "y"])


def test_node_attributes_are_kept() -> None:
    graph = parse_dot('digraph { a [label="Alpha", color=red]; a -> b [label=go] }')
    assert graph.nodes["a"] == {"label": "Alpha", "color": "red"}
    assert graph.edges[0][2] == {"label": "go"}


def test_an_edge_to_a_subgraph_reaches_each_of_its_nodes() -> None:
    graph = parse_dot("digraph { a -> {b c}; subgraph s { d -> e } }")
    assert [(s, t) for s, t, _ in graph.edges] == [("a", "b"), ("a", "c"), ("d", "e")]


def test_comments_defaults_ports_and_quoted_names() -> None:
    source = """
    # a preprocessor line
    digraph {
      // defaults
      node [shape=box]; rankdir=LR;
      /* a block
         comment */
      "first node":p1 -> "say \\"hi\\""
    }
    """
    graph = parse_dot(source)
    assert [(s, t) for s, t, _ in graph.edges] == [("first node", 'say "hi"')]


def test_html_labels_are_read_as_text() -> None:
    graph = parse_dot("digraph { a [label=<<b>Bold</b> name>] }")
    assert graph.nodes["a"]["label"] == "Bold  name"


def test_an_error_names_its_line() -> None:
    with pytest.raises(WidgetDataError, match="line 3: expected a name"):
        parse_dot("digraph {\n a -> b;\n c -> ;\n}")


def test_text_that_is_not_a_graph_is_refused() -> None:
    with pytest.raises(WidgetDataError, match="expected 'graph' or 'digraph'"):
        parse_dot("hello")


def test_unclosed_graph_is_refused() -> None:
    with pytest.raises(WidgetDataError, match="expected '}'"):
        parse_dot("graph { a -- b")


def test_huge_text_is_refused_before_reading() -> None:
    with pytest.raises(WidgetDataError, match="over"):
        parse_dot("graph {" + " " * MAX_DOT_CHARS + "}")


def test_a_long_chain_reads_in_one_pass() -> None:
    source = "digraph {" + ";".join(f"n{i} -> n{i + 1}" for i in range(5000)) + "}"
    assert len(parse_dot(source).edges) == 5000


def test_deeply_nested_subgraphs_are_refused_not_a_crash() -> None:
    with pytest.raises(WidgetDataError, match="nested subgraphs"):
        parse_dot("graph { a -- " + "{" * 5000 + "}" * 5000 + " }")


def test_empty_statements_are_skipped() -> None:
    assert list(parse_dot("graph { ;; a; ; }").nodes) == ["a"]
