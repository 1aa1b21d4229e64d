"""The ``vega-lite`` widget: the author's spec with the widget's data put inline, and what
every chart spec goes through before it leaves the server."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from gaugeboard.widgets.chart_images import DATA_KEYS, image_problems
from gaugeboard.widgets.request import WidgetDataError

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Keys Vega-Embed reads from a spec as its own options (``usermeta.embedOptions``: a
# ``patch`` that rewrites the compiled spec, actions, loaders…): a spec never carries them.
EMBED_OPTION_KEYS = frozenset({"usermeta"})


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


def without_embed_options(node: Any) -> Any:
    """A copy of a spec with no ``usermeta`` in it, at the top or in any nested view (layer,
    concat, facet and repeat ``spec``…); data is copied as it is."""
    if isinstance(node, list):
        return [without_embed_options(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: value if key in DATA_KEYS else without_embed_options(value)
        for key, value in node.items()
        if key not in EMBED_OPTION_KEYS
    }


def finish_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A spec the browser can draw with no network access, sized to its widget."""
    finished: dict[str, Any] = without_embed_options(without_data_urls(copy.deepcopy(dict(spec))))
    finished["$schema"] = VEGA_LITE_SCHEMA
    finished.setdefault("width", "container")
    finished.setdefault("autosize", {"type": "fit", "contains": "padding"})
    return finished


def outgoing_spec(spec: Mapping[str, Any], image_origins: Sequence[str]) -> dict[str, Any]:
    """The spec as it leaves the server, whatever built it (a chart type, a raw spec, a
    spec from a URL source, an ``override``): no data URL, no option Vega-Embed would read,
    always Vega-Lite, and image marks only from ``image_origins``; WidgetDataError naming
    each image the chart's options do not allow."""
    sealed: dict[str, Any] = without_embed_options(without_data_urls(dict(spec)))
    sealed["$schema"] = VEGA_LITE_SCHEMA
    problems = image_problems(sealed, image_origins, "spec")
    if problems:
        raise WidgetDataError(problems)
    return sealed


def chart_spec(spec: Mapping[str, Any], rows: Any) -> dict[str, Any]:
    """The author's spec with ``rows`` (the widget's source data, already fetched) inline;
    ``rows`` None keeps the spec's own inline data."""
    finished = finish_spec(spec)
    if rows is not None:
        finished["data"] = {"values": rows}
    return finished
