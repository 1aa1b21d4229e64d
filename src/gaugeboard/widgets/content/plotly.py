"""The ``plotly`` widget (jsondash's ``plotly-any``, and Plotly outputs of notebooks): a
Plotly figure ``{"data": [...], "layout": {...}}`` drawn by plotly.js from the ``plotly``
Python package.

The figure is sealed like a Vega-Lite spec: only ``data`` and ``layout`` leave the server
(a figure's ``config`` and ``frames`` are dropped: the page's options are the only ones),
layout pictures must be inline ``data:`` images, and trace types that fetch map tiles or
compile WebGL code at run time (which the page's CSP forbids) are refused; ``scattergl``
and ``scatterpolargl`` are drawn as their SVG twins.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from gaugeboard.widgets.content.option_checks import ContentOptions, read_options
from gaugeboard.widgets.content.shapes import wrong_shape
from gaugeboard.widgets.content.urls import image_url_problem
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

ACCEPTED = ("options.figure", 'a Plotly figure {"data": [...], "layout"?: {...}}')
MAX_TRACES = 500
# WebGL traces with an SVG twin that draws the same figure.
SVG_TWINS = {"scattergl": "scatter", "scatterpolargl": "scatterpolar"}
_MAPS = "maps load tiles or shapes from the internet, which the page does not allow"
_WEBGL = "it is drawn with WebGL code compiled at run time, which the page's CSP forbids"
REFUSED_TRACES: dict[str, str] = {
    **dict.fromkeys(
        (
            "scattergeo",
            "choropleth",
            "scattermapbox",
            "choroplethmapbox",
            "densitymapbox",
            "scattermap",
            "choroplethmap",
            "densitymap",
        ),
        _MAPS,
    ),
    **dict.fromkeys(
        (
            "scatter3d",
            "surface",
            "mesh3d",
            "cone",
            "streamtube",
            "volume",
            "isosurface",
            "splom",
            "parcoords",
            "heatmapgl",
            "pointcloud",
        ),
        _WEBGL,
    ),
}


class PlotlyOptions(ContentOptions):
    """A figure written into the dashboard instead of fetched."""

    figure: dict[str, Any] | None = Field(None)


def _trace(trace: Any, where: str) -> dict[str, Any]:
    if not isinstance(trace, dict):
        raise WidgetDataError(f"{where}: a trace must be an object")
    kind = trace.get("type", "scatter")
    if not isinstance(kind, str):
        raise WidgetDataError(f"{where}.type: must be a string")
    reason = REFUSED_TRACES.get(kind.lower())
    if reason is not None:
        raise WidgetDataError(f"{where}.type: {kind!r} traces are not drawn ({reason})")
    twin = SVG_TWINS.get(kind.lower())
    return {**trace, "type": twin} if twin else dict(trace)


def _layout(layout: Any, where: str) -> dict[str, Any]:
    if layout is None:
        return {}
    if not isinstance(layout, dict):
        raise WidgetDataError(f"{where}: must be an object")
    sealed = dict(layout)
    images = sealed.get("images")
    if isinstance(images, list):
        sealed["images"] = [
            image
            for image in images
            if isinstance(image, dict)
            and isinstance(image.get("source"), str)
            and image["source"].startswith("data:")
            and image_url_problem(image["source"]) is None
        ]
    return sealed


def sealed_figure(figure: Any, where: str = "payload") -> dict[str, Any]:
    """``{"data", "layout"}`` of a Plotly figure as the page may draw it; WidgetDataError
    naming what cannot be drawn."""
    if not isinstance(figure, dict) or not isinstance(figure.get("data"), list):
        raise wrong_shape("plotly", ACCEPTED, figure)
    traces = figure["data"]
    if len(traces) > MAX_TRACES:
        raise WidgetDataError(f"{where}.data: at most {MAX_TRACES} traces are drawn")
    return {
        "data": [_trace(trace, f"{where}.data[{i}]") for i, trace in enumerate(traces)],
        "layout": _layout(figure.get("layout"), f"{where}.layout"),
    }


def render_plotly(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "plotly", "figure": {"data", "layout"}}``."""
    options = read_options(PlotlyOptions, request.options)
    if options.figure is not None:
        return {"kind": "plotly", "figure": sealed_figure(options.figure, "options.figure")}
    return {"kind": "plotly", "figure": sealed_figure(payload)}
