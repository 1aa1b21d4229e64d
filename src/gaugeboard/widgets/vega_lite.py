"""The ``vega-lite`` widget: the author's spec with the widget's data put inline."""

from __future__ import annotations

import copy
from typing import Any

from gaugeboard.dashboards.document import Widget

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def without_data_urls(node: Any) -> Any:
    """A copy of a spec in which no ``data`` (top level, layers, concat, lookups…) has a URL
    or any form other than inline values or a named data set: the browser fetches nothing."""
    if isinstance(node, list):
        return [without_data_urls(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: without_data_urls(value) for key, value in node.items()}
    data = cleaned.get("data")
    if "data" in cleaned and not (
        isinstance(data, dict)
        and ("values" in data or set(data) <= {"name", "format"})
        and "url" not in data
    ):
        cleaned["data"] = {"values": []}
    return cleaned


def chart_spec(widget: Widget, rows: list[dict[str, Any]] | None) -> dict[str, Any]:
    """A complete spec the browser can draw with no network access: data is always inline
    (``rows`` are the widget's source rows, already fetched)."""
    spec: dict[str, Any] = without_data_urls(copy.deepcopy(widget.spec))
    spec.setdefault("$schema", VEGA_LITE_SCHEMA)
    spec.setdefault("width", "container")
    spec.setdefault("autosize", {"type": "fit", "contains": "padding"})
    if rows is not None:
        spec["data"] = {"values": rows}
    return spec
