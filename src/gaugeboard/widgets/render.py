"""Turn one widget and its payload into what the browser draws.

The result is a JSON object with ``kind``: ``vega-lite`` (``spec``), or one of the content
kinds (``number``, ``number-group``, ``table``, ``markdown``, ``html``, ``iframe``,
``image``, ``timeline``) with their own fields, described in docs/widgets.md.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.request import WidgetDataError, WidgetRequest
from gaugeboard.widgets.vega_lite import chart_spec


def render_widget(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The drawable form of ``payload`` for ``request``; WidgetDataError when it cannot be."""
    if request.type == "vega-lite":
        return {"kind": "vega-lite", "spec": chart_spec(request.spec, payload)}
    raise WidgetDataError(f"type: {request.type!r} is not drawn yet")
