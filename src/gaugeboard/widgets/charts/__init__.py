"""Chart widget types drawn as Vega-Lite specs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import chart_spec


def render_chart(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """``{"kind": "vega-lite", "spec": …}`` for a chart type."""
    if request.type == "vega-lite":
        return {"kind": "vega-lite", "spec": chart_spec(request.spec, payload)}
    raise WidgetDataError(f"type: {request.type!r} is not drawn yet")


def chart_options_problems(widget_type: str, options: Mapping[str, Any]) -> list[str]:
    return []
