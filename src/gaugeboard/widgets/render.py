"""Turn one widget and its payload into what the browser draws.

The result is a JSON object with ``kind``: ``vega-lite`` (``spec``) for every chart type,
``vega`` (``spec``, ``size``) for every figure type, or the content type's name
(``number``, ``number-group``, ``table``, ``markdown``, ``html``, ``iframe``, ``image``,
``timeline``, ``plotly``) with its own fields (docs/widgets.md).
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.catalog import CHART_TYPES, FIGURE_TYPES
from gaugeboard.widgets.charts import render_chart
from gaugeboard.widgets.content import render_content
from gaugeboard.widgets.figures import render_figure
from gaugeboard.widgets.request import WidgetRequest


def render_widget(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The drawable form of ``payload`` for ``request``; WidgetDataError when it cannot be."""
    if request.type in CHART_TYPES:
        return render_chart(request, payload)
    if request.type in FIGURE_TYPES:
        return render_figure(request, payload)
    return render_content(request, payload)
