"""Turn one widget and its payload into what the browser draws.

The result is a JSON object with ``kind``: ``vega-lite`` (``spec``) for every chart type,
``vega`` (``spec``, ``size``) for every figure type, or the content type's name
(``number``, ``number-group``, ``table``, ``markdown``, ``html``, ``iframe``, ``image``,
``timeline``, ``plotly``) with its own fields (docs/widgets.md), ``notes`` when the
payload was read from a jsondash form with settings left out or rewritten
(``jsondash_payloads``), and ``approximate: true`` when the payload is a metric result of
estimated numbers (the page labels the widget so).
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.catalog import CHART_TYPES, FIGURE_TYPES
from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.figures import render_figure
from gaugeboard.widgets.jsondash_payloads import normalise
from gaugeboard.widgets.request import WidgetRequest

MAX_NOTES = 50


def render_widget(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The drawable form of ``payload`` for ``request``; WidgetDataError when it cannot be."""
    read = normalise(request, payload)
    if read.request.type in CHART_TYPES:
        output = render_chart(read.request, read.payload)
    elif read.request.type in FIGURE_TYPES:
        output = render_figure(read.request, read.payload)
    else:
        output = render_content(read.request, read.payload)
    if read.notes:
        output["notes"] = read.notes[:MAX_NOTES]
    if isinstance(payload, dict) and payload.get("approximate") is True:
        output["approximate"] = True
    return output
