"""Content widget types: numbers, tables, text, embedded pages and images, timelines,
Plotly figures.

Each type has an options model (unknown keys refused) and a renderer turning the
source's payload into the JSON object the browser draws with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gaugeboard.widgets.content.embeds import (
    HtmlOptions,
    IframeOptions,
    ImageOptions,
    render_html,
    render_iframe,
    render_image,
)
from gaugeboard.widgets.content.markdown import MarkdownOptions, render_markdown
from gaugeboard.widgets.content.number import NumberOptions, render_number
from gaugeboard.widgets.content.number_group import NumberGroupOptions, render_number_group
from gaugeboard.widgets.content.option_checks import ContentOptions, problems_of
from gaugeboard.widgets.content.plotly import PlotlyOptions, render_plotly
from gaugeboard.widgets.content.table import TableOptions, render_table
from gaugeboard.widgets.content.timeline import TimelineOptions, render_timeline
from gaugeboard.widgets.content.unsupported import UnsupportedOptions, render_unsupported
from gaugeboard.widgets.request import WidgetDataError, WidgetRequest

Renderer = Callable[[WidgetRequest, Any], dict[str, Any]]

CONTENT_KINDS: dict[str, tuple[type[ContentOptions], Renderer]] = {
    "number": (NumberOptions, render_number),
    "number-group": (NumberGroupOptions, render_number_group),
    "table": (TableOptions, render_table),
    "markdown": (MarkdownOptions, render_markdown),
    "html": (HtmlOptions, render_html),
    "iframe": (IframeOptions, render_iframe),
    "image": (ImageOptions, render_image),
    "timeline": (TimelineOptions, render_timeline),
    "plotly": (PlotlyOptions, render_plotly),
    "unsupported": (UnsupportedOptions, render_unsupported),
}


def render_content(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The output object of a content type (its ``kind`` is the type)."""
    kind = CONTENT_KINDS.get(request.type)
    if kind is None:
        raise WidgetDataError(f"type: {request.type!r} is not a content widget type")
    return kind[1](request, payload)


def content_options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    """Every problem of a content type's ``options`` as ``name: reason`` strings."""
    kind = CONTENT_KINDS.get(widget_type)
    return problems_of(kind[0], options) if kind else []
