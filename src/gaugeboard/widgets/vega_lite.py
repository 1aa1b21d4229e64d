"""The ``vega-lite`` widget: the author's spec with the widget's data put inline."""

from __future__ import annotations

import copy
from typing import Any

from gaugeboard.dashboards.document import Widget

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def chart_spec(widget: Widget) -> dict[str, Any]:
    """A complete spec the browser can draw with no network access: data is always inline."""
    spec = copy.deepcopy(widget.spec)
    spec.setdefault("$schema", VEGA_LITE_SCHEMA)
    spec.setdefault("width", "container")
    spec.setdefault("autosize", {"type": "fit", "contains": "padding"})
    if widget.source is not None:
        spec["data"] = {"values": widget.source.data}
    elif "data" in spec and "values" not in spec["data"]:
        # A URL in a spec would make the browser fetch it; only inline data is drawn.
        spec["data"] = {"values": []}
    return spec
