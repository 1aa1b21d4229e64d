"""Network graphs (jsondash's ``sigma``, ``cytoscape`` and ``graph`` families) drawn with
Vega's ``force`` transform: nodes pushed apart, edges pulling their ends together, run to
rest before the first frame (``static``), so a drawing does not move under the reader.

Each family's payload is read here into one node list and one edge list:

- sigma: ``{"nodes": [{"id", "label", "size", "color", …}], "edges": [{"source", "target"}]}``
  (``links`` is read like ``edges``);
- cytoscape: ``{"elements": [{"data": {"id", "label"}}, {"data": {"source", "target"}}]}``
  or ``{"elements": {"nodes": [...], "edges": [...]}}``;
- DOT: ``{"graph": "digraph { a -> b; }"}``, read by dot.py.

A graph with more nodes than ``options.max_nodes`` is not laid out: the widget says so
rather than freezing the page.
"""

from __future__ import annotations

import json
from typing import Any

from gaugeboard.widgets.content.colors import css_color
from gaugeboard.widgets.content.shapes import describe
from gaugeboard.widgets.figures.dot import parse_dot
from gaugeboard.widgets.figures.spec import line_stroke, palette, text_fill
from gaugeboard.widgets.payloads import is_number
from gaugeboard.widgets.request import WidgetDataError

ACCEPTED = (
    'sigma {"nodes": [...], "edges": [...]}; cytoscape {"elements": [...]}; '
    'DOT {"graph": "digraph { a -> b }"}'
)
MAX_EDGES_PER_NODE = 20


class _Graph:
    """Nodes by id in order of appearance, and edges between their indexes."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.edges: list[dict[str, Any]] = []

    def node(self, key: Any, label: Any = None, size: Any = None, color: Any = None) -> int:
        name = str(key)
        if name not in self.index:
            self.index[name] = len(self.nodes)
            self.nodes.append({"id": name, "label": name, "size": 1})
        found = self.nodes[self.index[name]]
        if label not in (None, ""):
            found["label"] = str(label)
        if is_number(size) and size > 0:
            found["size"] = size
        if isinstance(color, str) and css_color(color):
            found["color"] = css_color(color)
        return self.index[name]

    def edge(self, source: Any, target: Any, label: Any = None) -> None:
        if source is None or target is None:
            return
        self.edges.append(
            {
                "source": self.node(source),
                "target": self.node(target),
                "label": "" if label is None else str(label),
            }
        )


def _sigma(payload: dict[str, Any], graph: _Graph) -> None:
    for index, node in enumerate(payload.get("nodes") or []):
        if not isinstance(node, dict) or node.get("id") is None:
            raise WidgetDataError(f"payload.nodes[{index}]: a node needs an id")
        graph.node(node["id"], node.get("label"), node.get("size"), node.get("color"))
    for edge in payload.get("edges") or payload.get("links") or []:
        if isinstance(edge, dict):
            graph.edge(edge.get("source"), edge.get("target"), edge.get("label"))


def _cytoscape(elements: Any, graph: _Graph) -> None:
    if isinstance(elements, dict):
        elements = [*(elements.get("nodes") or []), *(elements.get("edges") or [])]
    if not isinstance(elements, list):
        raise WidgetDataError("payload.elements: must be a list of elements")
    edges = []
    for index, element in enumerate(elements):
        data = element.get("data") if isinstance(element, dict) else None
        if not isinstance(data, dict):
            raise WidgetDataError(f"payload.elements[{index}]: needs a data object")
        if "source" in data or element.get("group") == "edges":
            edges.append(data)
        elif data.get("id") is not None:
            graph.node(data["id"], data.get("label", data.get("name")), None, data.get("color"))
    for data in edges:
        graph.edge(data.get("source"), data.get("target"), data.get("label"))


def _dot(source: Any, graph: _Graph) -> bool:
    if not isinstance(source, str):
        raise WidgetDataError("payload.graph: must be DOT text")
    parsed = parse_dot(source)
    for name, attributes in parsed.nodes.items():
        graph.node(name, attributes.get("label"), None, attributes.get("color"))
    for source_name, target_name, attributes in parsed.edges:
        graph.edge(source_name, target_name, attributes.get("label"))
    return parsed.directed


def read_graph(payload: Any) -> tuple[_Graph, bool]:
    """The graph in any accepted payload, and whether its edges have a direction."""
    graph = _Graph()
    if payload in (None, [], {}):
        return graph, False
    if isinstance(payload, dict) and "graph" in payload:
        return graph, _dot(payload["graph"], graph)
    if isinstance(payload, dict) and "elements" in payload:
        _cytoscape(payload["elements"], graph)
        return graph, True
    if isinstance(payload, dict) and isinstance(payload.get("nodes"), list):
        _sigma(payload, graph)
        return graph, False
    raise WidgetDataError(f"payload: a network takes {ACCEPTED}; got {describe(payload)}")


def _limits(graph: _Graph, max_nodes: int) -> None:
    if len(graph.nodes) > max_nodes:
        raise WidgetDataError(
            f"payload: the graph has {len(graph.nodes)} nodes, more than the {max_nodes} "
            "this widget lays out (options.max_nodes, at most 2000); filter it at its source"
        )
    if len(graph.edges) > max_nodes * MAX_EDGES_PER_NODE:
        raise WidgetDataError(
            f"payload: the graph has {len(graph.edges)} edges, more than "
            f"{max_nodes * MAX_EDGES_PER_NODE} ({MAX_EDGES_PER_NODE} per node laid out)"
        )


def network_body(payload: Any, options: Any, theme: str) -> dict[str, Any]:
    """Nodes as circles (sized by ``size``, in their own colour or the palette's), edges as
    lines, names beside the nodes."""
    graph, directed = read_graph(payload)
    _limits(graph, options.max_nodes)
    default = palette(options.colors)
    first = default[0] if isinstance(default, list) else "#4c78a8"
    nodes = [{**node, "fill": node.get("color", first)} for node in graph.nodes]
    form = json.dumps(options.format or ",~r")
    node_mark = {
        "type": "symbol",
        "name": "nodes",
        "zindex": 1,
        "from": {"data": "node-data"},
        "encode": {
            "enter": {"stroke": {"value": "#ffffff"}, "strokeWidth": {"value": 1}},
            "update": {
                "fill": {"field": "fill"},
                "size": {"scale": "size", "field": "size"},
                "tooltip": {"signal": f"{{title: datum.label, size: format(datum.size, {form})}}"},
                "description": {"signal": "'node ' + datum.label"},
            },
        },
        "transform": [
            {
                "type": "force",
                "iterations": 300,
                "static": True,
                "signal": "force",
                "forces": [
                    {
                        "force": "center",
                        "x": {"signal": "width / 2"},
                        "y": {"signal": "height / 2"},
                    },
                    {"force": "collide", "radius": 14},
                    {"force": "nbody", "strength": -150},
                    {"force": "link", "links": "link-data", "distance": 70},
                ],
            }
        ],
    }
    edge_mark = {
        "type": "path",
        "name": "edges",
        "from": {"data": "link-data"},
        "interactive": False,
        "encode": {
            "update": {
                "stroke": {"value": line_stroke(theme)},
                "strokeWidth": {"value": 1.2},
            }
        },
        "transform": [
            {
                "type": "linkpath",
                "require": {"signal": "force"},
                "shape": "line",
                "sourceX": "datum.source.x",
                "sourceY": "datum.source.y",
                "targetX": "datum.target.x",
                "targetY": "datum.target.y",
            }
        ],
    }
    label_mark = {
        "type": "text",
        "name": "labels",
        "from": {"data": "nodes"},
        "interactive": False,
        "zindex": 2,
        "encode": {
            "update": {
                "x": {"field": "x"},
                "y": {"field": "y"},
                "dx": {"value": 8},
                "baseline": {"value": "middle"},
                "fontSize": {"value": 10},
                "text": {"field": "datum.label"},
                "opacity": {"value": 1 if options.labels else 0},
                **text_fill(theme),
            }
        },
    }
    return {
        "data": [
            {"name": "node-data", "values": nodes},
            {"name": "link-data", "values": graph.edges},
        ],
        "scales": [
            {
                "name": "size",
                "type": "sqrt",
                "domain": {"data": "node-data", "field": "size"},
                "range": [40, 400],
                "zero": False,
            },
        ],
        "marks": [node_mark, edge_mark, label_mark],
    }
