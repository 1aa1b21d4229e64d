"""The ``vega-lite`` widget: the author's spec with the widget's data put inline."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

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


def finish_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A spec the browser can draw with no network access, sized to its widget."""
    finished: dict[str, Any] = without_data_urls(copy.deepcopy(dict(spec)))
    finished.setdefault("$schema", VEGA_LITE_SCHEMA)
    finished.setdefault("width", "container")
    finished.setdefault("autosize", {"type": "fit", "contains": "padding"})
    return finished


def chart_spec(spec: Mapping[str, Any], rows: Any) -> dict[str, Any]:
    """The author's spec with ``rows`` (the widget's source data, already fetched) inline;
    ``rows`` None keeps the spec's own inline data."""
    finished = finish_spec(spec)
    if rows is not None:
        finished["data"] = {"values": rows}
    return finished
