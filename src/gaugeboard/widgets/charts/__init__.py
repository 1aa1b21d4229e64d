"""Chart widget types drawn as Vega-Lite specs.

Each type has an options model (options.py), a list of payload shapes it draws
(payloads.py names them) and a builder returning the spec's body; this module checks
both, then sizes, themes and overrides the body into a spec the browser draws offline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gaugeboard.widgets.charts.cartesian import area_chart, bar_chart, line_chart, scatter_chart
from gaugeboard.widgets.charts.distribution import boxplot_chart, histogram_chart
from gaugeboard.widgets.charts.encoding import Chart
from gaugeboard.widgets.charts.grid import grid_chart
from gaugeboard.widgets.charts.options import parse_options
from gaugeboard.widgets.charts.parts import gauge_chart, pie_chart
from gaugeboard.widgets.charts.ranked import funnel_chart
from gaugeboard.widgets.charts.raw import vega_lite_spec
from gaugeboard.widgets.charts.sparkline import sparkline_chart
from gaugeboard.widgets.charts.theme import chart_config, deep_merge
from gaugeboard.widgets.payloads import shape_of, unknown_shape_error
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import VEGA_LITE_SCHEMA, finish_spec, outgoing_spec

Builder = Callable[[Chart], dict[str, Any]]

XY = ("rows", "series", "labels", "numbers", "pairs", "metric", "retention")
PARTS = ("rows", "labels", "series", "numbers", "metric", "venn", "tree")
SPREAD = ("rows", "numbers", "series", "metric")
GRID = ("retention", "rows", "series", "metric")
# Per type: its builder and the payload shapes it draws (an empty payload always draws).
CHARTS: dict[str, tuple[Builder, tuple[str, ...]]] = {
    "line": (line_chart, XY),
    "timeseries": (line_chart, ("rows", "series", "pairs", "metric")),
    "step": (line_chart, XY),
    "spline": (line_chart, XY),
    "area": (area_chart, XY),
    "bar": (bar_chart, (*XY, "funnel", "venn", "tree")),
    "scatter": (scatter_chart, XY),
    "pie": (pie_chart, PARTS),
    "donut": (pie_chart, PARTS),
    "heatmap": (grid_chart, GRID),
    "retention": (grid_chart, GRID),
    "histogram": (histogram_chart, SPREAD),
    "boxplot": (boxplot_chart, SPREAD),
    "sparkline": (sparkline_chart, ("rows", "numbers", "pairs", "series", "labels", "metric")),
    "gauge": (gauge_chart, ("labels", "rows", "numbers", "metric")),
    "funnel": (funnel_chart, ("funnel", "rows", "labels", "metric")),
}


def accepted_shapes(widget_type: str) -> tuple[str, ...]:
    """The payload shapes ``widget_type`` draws (names from payloads.SHAPES)."""
    return CHARTS[widget_type][1]


def _assemble(request: WidgetRequest, options: Any, body: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": options.height or "container",
        "autosize": {"type": "fit", "contains": "padding"},
        **body,
    }
    config = deep_merge(chart_config(request.theme, options.colors), body.get("config") or {})
    if config:
        spec["config"] = config
    if request.override:
        spec = deep_merge(spec, request.override)
    return finish_spec(spec)


def render_chart(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "vega-lite", "spec": …}`` for a chart type; WidgetDataError when the
    options are wrong, the payload has a shape this type does not draw, or the spec shows
    images its options do not allow. Every chart spec leaves through ``outgoing_spec``."""
    options, problems = parse_options(request.type, request.options)
    if problems or options is None:
        raise WidgetDataError([f"options.{problem}" for problem in problems])
    if request.type == "vega-lite":
        spec = vega_lite_spec(request, payload)
    else:
        builder, accepted = CHARTS[request.type]
        shape = shape_of(payload)
        if shape != "empty" and shape not in accepted:
            raise unknown_shape_error(payload, accepted, f"{request.type} charts")
        spec = _assemble(request, options, builder(Chart(request, options, payload)))
    return {"kind": "vega-lite", "spec": outgoing_spec(spec, options.images or ())}


def chart_options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem with a chart's ``options``, as ``name: reason`` strings."""
    return parse_options(widget_type, options)[1]
