"""The ``vega-lite`` widget: the author's own spec, fed by the widget's source.

A payload that is itself a spec (jsondash's vega-lite family returns whole specs) is laid
over the widget's ``spec``; any other payload becomes the spec's inline data: a list as it
is, any other known shape as its tidy rows.
"""

from __future__ import annotations

from typing import Any

from gaugeboard.widgets.charts.theme import chart_config, deep_merge
from gaugeboard.widgets.payloads import SHAPES, rows_of, shape_of, unknown_shape_error
from gaugeboard.widgets.request import WidgetRequest
from gaugeboard.widgets.vega_lite import chart_spec, finish_spec

SPEC_KEYS = frozenset(
    {"$schema", "mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat", "spec"}
)
SPEC_SHAPE = 'a Vega-Lite spec {"mark"|"layer"|…, …}'


def is_spec(payload: Any) -> bool:
    """Whether ``payload`` is a Vega-Lite spec rather than data."""
    return isinstance(payload, dict) and bool(SPEC_KEYS & payload.keys())


def _inline_rows(payload: Any) -> Any:
    if payload is None or isinstance(payload, list):
        return payload
    if shape_of(payload) is None:
        raise unknown_shape_error(payload, (*SHAPES, SPEC_SHAPE), "vega-lite widgets")
    return rows_of(payload)


def vega_lite_spec(request: WidgetRequest, payload: Any) -> dict[str, Any]:
    """The author's spec with the payload in it, the theme's config under the spec's own,
    and ``override`` laid over it all; no data URL survives."""
    if is_spec(payload):
        spec = chart_spec(deep_merge(request.spec, payload), None)
    else:
        spec = chart_spec(request.spec, _inline_rows(payload))
    config = deep_merge(chart_config(request.theme, None), spec.get("config") or {})
    if config:
        spec["config"] = config
    if request.override:
        spec = finish_spec(deep_merge(spec, request.override))
    return spec
