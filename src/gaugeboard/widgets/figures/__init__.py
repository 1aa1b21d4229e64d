"""Figure widget types: the jsondash families Vega-Lite has no form for, drawn as Vega
specs with Vega's own layouts (hierarchies, voronoi, word cloud, force-directed graphs)
or with marks placed here (venn).

Each type has an options model (options.py) and a builder turning the payload into the
body of a Vega spec; the output is ``{"kind": "vega", "spec", "size"}`` (spec.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gaugeboard.widgets.charts.options import parse_options
from gaugeboard.widgets.figures.hierarchy import (
    circlepack_body,
    dendrogram_body,
    flamegraph_body,
    radial_dendrogram_body,
    treemap_body,
)
from gaugeboard.widgets.figures.network import network_body
from gaugeboard.widgets.figures.options import FIGURE_MODELS
from gaugeboard.widgets.figures.points import voronoi_body, wordcloud_body
from gaugeboard.widgets.figures.spec import drawable, vega_spec
from gaugeboard.widgets.figures.trees import tree_nodes
from gaugeboard.widgets.figures.venn import venn_body
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

Body = Callable[[Any, Any, str], dict[str, Any]]


def _hierarchy(body: Callable[[list[dict[str, Any]], Any, str], dict[str, Any]]) -> Body:
    def build(payload: Any, options: Any, theme: str) -> dict[str, Any]:
        return body(tree_nodes(_renamed(payload, options)), options, theme)

    return build


def _renamed(payload: Any, options: Any) -> Any:
    """Flat parent rows with the label and size under the names ``x`` and ``y`` give."""
    if not isinstance(payload, list) or not (options.x or options.y):
        return payload
    renamed = []
    for row in payload:
        if isinstance(row, dict):
            row = dict(row)
            if options.x and options.x in row:
                row["name"] = row[options.x]
            if options.y and options.y in row:
                row["size"] = row[options.y]
        renamed.append(row)
    return renamed


FIGURES: dict[str, Body] = {
    "treemap": _hierarchy(treemap_body),
    "circlepack": _hierarchy(circlepack_body),
    "dendrogram": _hierarchy(dendrogram_body),
    "radial-dendrogram": _hierarchy(radial_dendrogram_body),
    "flamegraph": _hierarchy(flamegraph_body),
    "voronoi": voronoi_body,
    "wordcloud": wordcloud_body,
    "venn": venn_body,
    "network": network_body,
}


def render_figure(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "vega", "spec", "size"}`` for a figure type; WidgetDataError when the
    options are wrong or the payload cannot be drawn as this figure."""
    options, problems = parse_options(request.type, request.options, FIGURE_MODELS)
    if problems or options is None:
        raise WidgetDataError([f"options.{problem}" for problem in problems])
    height = getattr(options, "height", None)
    body = FIGURES[request.type](payload, options, request.theme)
    return drawable(vega_spec(body, height), height)


def figure_options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem with a figure's ``options``, as ``name: reason`` strings."""
    return parse_options(widget_type, options, FIGURE_MODELS)[1]
