"""Hierarchies drawn as Vega layouts: treemap, circle packing, dendrogram, radial
dendrogram (the ``tree`` transform with ``linkpath``) and flame graph (``partition``, an
icicle with the root at the bottom).

Every node is a row from trees.py; ``stratify`` rebuilds the tree in the browser (and in
vl-convert), so the layout follows the widget's size. Cells are coloured by depth, or by
value when ``color_by`` says so; every mark has a tooltip with the node's path and size,
and an ``aria-label`` (Vega's ``description``) with its depth.
"""

from __future__ import annotations

import json
from typing import Any

from gaugeboard.widgets.figures.spec import CELL_TEXT, line_stroke, palette, ramp, text_fill

STRATIFY = {"type": "stratify", "key": "id", "parentKey": "parent"}
SORT = {"field": "value", "order": "descending"}
SIZE = [{"signal": "width"}, {"signal": "height"}]
LABEL_ROOM = 120  # beside a dendrogram's leaves


def _tooltip(number_format: str | None) -> dict[str, Any]:
    form = json.dumps(number_format or ",~r")
    return {"signal": f"{{title: datum.path, size: format(datum.value, {form})}}"}


def _description() -> dict[str, Any]:
    return {"signal": "'depth ' + datum.depth + ': ' + datum.path"}


def _fill(color_by: str) -> dict[str, Any]:
    if color_by == "value":
        return {"scale": "color", "field": "value"}
    return {"scale": "color", "field": "depth"}


def _color_scale(color_by: str, colors: list[str] | None) -> dict[str, Any]:
    if color_by == "value":
        return {
            "name": "color",
            "type": "sequential",
            "domain": {"data": "tree", "field": "value"},
            "range": ramp(colors),
            "zero": True,
        }
    return {
        "name": "color",
        "type": "ordinal",
        "domain": {"data": "tree", "field": "depth", "sort": True},
        "range": palette(colors),
    }


def _tree_data(nodes: list[dict[str, Any]], layout: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": "tree", "values": nodes, "transform": [STRATIFY, layout]},
        {
            "name": "shown",
            "source": "tree",
            "transform": [{"type": "filter", "expr": "datum.depth > 0 || !datum.children"}],
        },
    ]


def treemap_body(nodes: list[dict[str, Any]], options: Any, theme: str) -> dict[str, Any]:
    """Nested rectangles: every node but the root, inner ones with a band for their name."""
    layout = {
        "type": "treemap",
        "field": "size",
        "sort": SORT,
        "round": True,
        "method": "squarify",
        "size": SIZE,
        "paddingTop": 16,
        "paddingInner": 2,
        "paddingOuter": 2,
    }
    cell = {
        "type": "rect",
        "name": "cells",
        "from": {"data": "shown"},
        "encode": {
            "enter": {"stroke": {"value": "#ffffff"}, "strokeWidth": {"value": 1}},
            "update": {
                "x": {"field": "x0"},
                "y": {"field": "y0"},
                "x2": {"field": "x1"},
                "y2": {"field": "y1"},
                "fill": _fill(options.color_by),
                "fillOpacity": {"value": 0.85},
                "tooltip": _tooltip(options.format),
                "description": _description(),
            },
        },
    }
    label = _labels(
        {
            "x": {"signal": "datum.x0 + 4"},
            "y": {"signal": "datum.y0 + 3"},
            "baseline": {"value": "top"},
            "text": {"field": "name"},
            "fill": {"value": CELL_TEXT},
            "fontSize": {"value": 11},
            "fontWeight": {"signal": "datum.children ? 'bold' : 'normal'"},
            "limit": {"signal": "max(0, datum.x1 - datum.x0 - 8)"},
            "opacity": {"signal": "datum.y1 - datum.y0 >= 14 ? 1 : 0"},
        },
        "shown",
    )
    return {
        "data": _tree_data(nodes, layout),
        "scales": [_color_scale(options.color_by, options.colors)],
        "marks": [cell, label],
    }


def circlepack_body(nodes: list[dict[str, Any]], options: Any, theme: str) -> dict[str, Any]:
    """Circles in circles, leaves labelled when they have room."""
    layout = {"type": "pack", "field": "size", "sort": SORT, "size": SIZE, "padding": 3}
    circle = {
        "type": "symbol",
        "name": "circles",
        "from": {"data": "tree"},
        "encode": {
            "enter": {"shape": {"value": "circle"}, "stroke": {"value": "#ffffff"}},
            "update": {
                "x": {"field": "x"},
                "y": {"field": "y"},
                "size": {"signal": "4 * datum.r * datum.r"},
                "fill": _fill(options.color_by),
                "fillOpacity": {"signal": "datum.depth === 0 ? 0.15 : 0.8"},
                "tooltip": _tooltip(options.format),
                "description": _description(),
            },
        },
    }
    label = _labels(
        {
            "x": {"field": "x"},
            "y": {"field": "y"},
            "align": {"value": "center"},
            "baseline": {"value": "middle"},
            "text": {"field": "name"},
            "fill": {"value": CELL_TEXT},
            "fontSize": {"value": 11},
            "limit": {"signal": "2 * datum.r - 4"},
            "opacity": {"signal": "!datum.children && datum.r >= 10 ? 1 : 0"},
        }
    )
    return {
        "data": [{"name": "tree", "values": nodes, "transform": [STRATIFY, layout]}],
        "scales": [_color_scale(options.color_by, options.colors)],
        "marks": [circle, label],
    }


def _links(orient: str, fields: dict[str, str]) -> dict[str, Any]:
    return {
        "name": "tree-links",
        "source": "tree",
        "transform": [
            {"type": "treelinks"},
            {"type": "linkpath", "orient": orient, "shape": "diagonal", **fields},
        ],
    }


def _link_mark(theme: str, radial: bool) -> dict[str, Any]:
    update: dict[str, Any] = {"path": {"field": "path"}, "stroke": {"value": line_stroke(theme)}}
    if radial:
        update["x"] = {"signal": "originX"}
        update["y"] = {"signal": "originY"}
    return {
        "type": "path",
        "name": "links",
        "from": {"data": "tree-links"},
        "interactive": False,
        "encode": {"update": update},
    }


def _node_marks(options: Any, theme: str, radial: bool) -> list[dict[str, Any]]:
    node = {
        "type": "symbol",
        "name": "nodes",
        "from": {"data": "tree"},
        "encode": {
            "update": {
                "x": {"field": "x"},
                "y": {"field": "y"},
                "size": {"value": 64},
                "fill": _fill(options.color_by),
                "tooltip": _tooltip(options.format),
                "description": _description(),
            }
        },
    }
    side = "datum.leftside" if radial else "datum.children"
    text: dict[str, Any] = {
        "x": {"field": "x"},
        "y": {"field": "y"},
        "text": {"field": "name"},
        "fontSize": {"value": 11},
        "baseline": {"value": "middle"},
        "dx": {"signal": f"{side} ? -7 : 7"},
        "align": {"signal": f"{side} ? 'right' : 'left'"},
        "limit": {"value": LABEL_ROOM - 10},
        **text_fill(theme),
    }
    if radial:
        text["angle"] = {"signal": "datum.leftside ? datum.angle - 180 : datum.angle"}
    label = _labels(text)
    return [node, label]


def dendrogram_body(nodes: list[dict[str, Any]], options: Any, theme: str) -> dict[str, Any]:
    """A left-to-right cluster layout, leaves aligned at the right with their names."""
    layout = {
        "type": "tree",
        "method": "cluster",
        "size": [{"signal": "height"}, {"signal": f"max(10, width - {LABEL_ROOM * 2})"}],
        "separation": True,
        "as": ["y", "x0", "depth", "children"],
    }
    shift = {"type": "formula", "expr": f"datum.x0 + {LABEL_ROOM}", "as": "x"}
    return {
        "data": [
            {"name": "tree", "values": nodes, "transform": [STRATIFY, layout, shift]},
            _links("horizontal", {}),
        ],
        "scales": [_color_scale(options.color_by, options.colors)],
        "marks": [_link_mark(theme, False), *_node_marks(options, theme, False)],
    }


RADIAL_SIGNALS = [
    {"name": "originX", "update": "width / 2"},
    {"name": "originY", "update": "height / 2"},
    {"name": "radius", "update": "max(10, min(width, height) / 2 - 50)"},
]
RADIAL_FORMULAS = [
    {"type": "formula", "expr": "(360 * datum.alpha + 270) % 360", "as": "angle"},
    {"type": "formula", "expr": "PI * datum.angle / 180", "as": "radians"},
    {"type": "formula", "expr": "inrange(datum.angle, [90, 270])", "as": "leftside"},
    {"type": "formula", "expr": "originX + datum.radius * cos(datum.radians)", "as": "x"},
    {"type": "formula", "expr": "originY + datum.radius * sin(datum.radians)", "as": "y"},
]


def radial_dendrogram_body(nodes: list[dict[str, Any]], options: Any, theme: str) -> dict[str, Any]:
    """The cluster layout around a circle: the root in the middle, leaves on the rim."""
    layout = {
        "type": "tree",
        "method": "cluster",
        "size": [1, {"signal": "radius"}],
        "separation": False,
        "as": ["alpha", "radius", "depth", "children"],
    }
    links = _links(
        "radial",
        {
            "sourceX": "source.radians",
            "sourceY": "source.radius",
            "targetX": "target.radians",
            "targetY": "target.radius",
        },
    )
    links["transform"][1]["shape"] = "line"
    return {
        "signals": RADIAL_SIGNALS,
        "data": [
            {"name": "tree", "values": nodes, "transform": [STRATIFY, layout, *RADIAL_FORMULAS]},
            links,
        ],
        "scales": [_color_scale(options.color_by, options.colors)],
        "marks": [_link_mark(theme, True), *_node_marks(options, theme, True)],
    }


def flamegraph_body(nodes: list[dict[str, Any]], options: Any, theme: str) -> dict[str, Any]:
    """An icicle turned upside down: the root along the bottom, each frame on its caller,
    as wide as its share of the total."""
    layout = {"type": "partition", "field": "size", "sort": SORT, "size": SIZE, "round": True}
    frame = {
        "type": "rect",
        "name": "frames",
        "from": {"data": "tree"},
        "encode": {
            "enter": {"stroke": {"value": "#ffffff"}, "strokeWidth": {"value": 1}},
            "update": {
                "x": {"field": "x0"},
                "x2": {"field": "x1"},
                "y": {"signal": "height - datum.y1"},
                "y2": {"signal": "height - datum.y0"},
                "fill": _fill(options.color_by),
                "tooltip": _tooltip(options.format),
                "description": _description(),
            },
        },
    }
    label = _labels(
        {
            "x": {"signal": "datum.x0 + 4"},
            "y": {"signal": "height - (datum.y0 + datum.y1) / 2"},
            "baseline": {"value": "middle"},
            "text": {"field": "name"},
            "fill": {"value": CELL_TEXT},
            "fontSize": {"value": 11},
            "limit": {"signal": "max(0, datum.x1 - datum.x0 - 8)"},
            "opacity": {"signal": "datum.x1 - datum.x0 >= 24 ? 1 : 0"},
        }
    )
    return {
        "data": [{"name": "tree", "values": nodes, "transform": [STRATIFY, layout]}],
        "scales": [_color_scale(options.color_by, options.colors)],
        "marks": [frame, label],
    }


def _labels(update: dict[str, Any], source: str = "tree") -> dict[str, Any]:
    """The text mark that names each node of ``source``, placed and shown by ``update``."""
    return {
        "type": "text",
        "name": "labels",
        "from": {"data": source},
        "interactive": False,
        "encode": {"update": update},
    }
