"""Every widget type gaugeboard draws, its family, and the jsondash types it stands in for.

The catalog is the one list the document schema, the renderer and the docs agree on.
"""

from __future__ import annotations

from typing import Literal, get_args

ChartType = Literal[
    "line",
    "area",
    "bar",
    "pie",
    "donut",
    "scatter",
    "timeseries",
    "step",
    "spline",
    "heatmap",
    "histogram",
    "boxplot",
    "sparkline",
    "gauge",
    "funnel",
    "retention",
    "vega-lite",
]
# Drawn as Vega specs with Vega's layouts (figures/): what Vega-Lite has no form for.
FigureType = Literal[
    "treemap",
    "circlepack",
    "dendrogram",
    "radial-dendrogram",
    "flamegraph",
    "voronoi",
    "wordcloud",
    "venn",
    "network",
]
ContentType = Literal[
    "number",
    "number-group",
    "table",
    "markdown",
    "html",
    "iframe",
    "image",
    "timeline",
    "plotly",
    "unsupported",
]
WidgetType = Literal[ChartType, FigureType, ContentType]

CHART_TYPES: tuple[str, ...] = get_args(ChartType)
FIGURE_TYPES: tuple[str, ...] = get_args(FigureType)
CONTENT_TYPES: tuple[str, ...] = get_args(ContentType)
WIDGET_TYPES: tuple[str, ...] = CHART_TYPES + FIGURE_TYPES + CONTENT_TYPES

# jsondash types that are spelled differently here (its family decides nothing else).
JSONDASH_ALIASES: dict[str, str] = {
    "area-spline": "spline",
    "numbergroup": "number-group",
    "datatable": "table",
    "custom": "html",
    "youtube": "iframe",
    "plotly-any": "plotly",
    "sparklines-line": "sparkline",
    "sparklines-bar": "sparkline",
    "sparklines-tristate": "sparkline",
    "sparklines-discrete": "sparkline",
    "sparklines-bullet": "sparkline",
    "sparklines-pie": "pie",
    "sparklines-box": "boxplot",
    "sigma": "network",
    "cytoscape": "network",
    "graph": "network",
}

# jsondash types that are refused, with the reason (none today: every family is drawn).
REFUSED_TYPES: dict[str, str] = {}


def unknown_type_message(name: str) -> str:
    """Why ``name`` is not a widget type, listing the supported ones."""
    reason = REFUSED_TYPES.get(name)
    prefix = f"{name!r} is not supported ({reason})" if reason else f"unknown type {name!r}"
    return f"{prefix}; supported types: {', '.join(WIDGET_TYPES)}"
