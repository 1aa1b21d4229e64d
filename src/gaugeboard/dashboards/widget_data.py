"""Every widget's drawable data for one dashboard request, each with its own error.

A widget whose source or payload fails gets ``{"ok": false, "error": …}`` and never breaks
the others. Widgets naming the same source (after variables are filled in) share one
fetch; a widget ``key`` picks its part of a jsondash ``{"multicharts": {key: …}}`` payload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import orjson
from pydantic import ValidationError

from gaugeboard.dashboards.document import AbsoluteTimeRange, DashboardDocument, Widget
from gaugeboard.dashboards.validation import fill_placeholders
from gaugeboard.errors import GaugeboardError, InternalError, ValidationFailed
from gaugeboard.json_paths import json_path
from gaugeboard.sources.definitions import DatasetSource
from gaugeboard.sources.resolve import AnySource, SourceContext, fetch_payload
from gaugeboard.widgets.render import render_widget
from gaugeboard.widgets.request import WidgetRequest

log = logging.getLogger(__name__)

# Resolve a filled-in source to its payload: plain fetch, or through a cache.
INTERNAL_ERROR = "Internal error drawing this widget."
PayloadFetcher = Callable[[AnySource, SourceContext], Any]


def widget_request(document: DashboardDocument, widget: Widget) -> WidgetRequest:
    return WidgetRequest(
        id=widget.id,
        type=widget.type,
        title=widget.title,
        options=widget.options,
        spec=widget.spec,
        override=widget.override,
        theme=document.theme,
    )


def filled_source(widget: Widget, values: Mapping[str, Any]) -> AnySource | None:
    """The widget's source with ``{{name}}`` placeholders filled from ``values``."""
    if widget.source is None:
        return None
    raw = fill_placeholders(widget.source.model_dump(mode="json"), dict(values))
    try:
        return type(widget.source).model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed(
            [f"source.{json_path(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        ) from None


def source_identity(source: AnySource, context: SourceContext) -> bytes:
    """Two widgets with equal identities get the same payload (one fetch between them).
    A data set's rows also depend on who asks and on the data set's version."""
    dataset = (
        context.datasets.cache_key(source.dataset)
        if isinstance(source, DatasetSource) and context.datasets is not None
        else None
    )
    return orjson.dumps(
        {
            "source": source.model_dump(mode="json"),
            "range": _range_value(context.time_range),
            "timezone": context.timezone,
            "inputs": dict(context.inputs) if source.type == "url" else {},
            "dataset": dataset,
        },
        option=orjson.OPT_SORT_KEYS,
    )


def _range_value(value: Any) -> Any:
    return value.model_dump() if isinstance(value, AbsoluteTimeRange) else value


def pick_key(payload: Any, key: str | None) -> Any:
    """jsondash's shared payload: ``{"multicharts": {key: payload}}`` and a widget ``key``."""
    if key is None:
        return payload
    shared = payload.get("multicharts") if isinstance(payload, dict) else None
    if not isinstance(shared, dict):
        raise ValidationFailed(f'key: the payload has no "multicharts" object to pick {key!r} from')
    if key not in shared:
        raise ValidationFailed(f"key: {key!r} is not in the payload's multicharts")
    return shared[key]


def widget_context(base: SourceContext, widget: Widget, inputs: Mapping[str, str]) -> SourceContext:
    """The context of one widget: its own time range and its input values on top."""
    values = {**base.values, **inputs}
    return replace(
        base,
        time_range=widget.time_range if widget.time_range is not None else base.time_range,
        values=values,
        inputs=dict(inputs),
    )


def render_all(
    document: DashboardDocument,
    base: SourceContext,
    inputs: Mapping[str, Mapping[str, str]],
    fetch: PayloadFetcher = fetch_payload,
    only: set[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Every (or ``only`` the named) widget's output, keyed by widget id."""
    shared: dict[bytes, tuple[Any, GaugeboardError | None]] = {}
    outputs: dict[str, dict[str, Any]] = {}
    for widget in document.widgets:
        if only is not None and widget.id not in only:
            continue
        context = widget_context(base, widget, inputs.get(widget.id, {}))
        outputs[widget.id] = _render_one(document, widget, context, fetch, shared)
    return outputs


def _render_one(
    document: DashboardDocument,
    widget: Widget,
    context: SourceContext,
    fetch: PayloadFetcher,
    shared: dict[bytes, tuple[Any, GaugeboardError | None]],
) -> dict[str, Any]:
    try:
        payload = _payload(widget, context, fetch, shared)
        output = render_widget(widget_request(document, widget), pick_key(payload, widget.key))
    except GaugeboardError as exc:
        return exc.body()
    except Exception:
        log.exception("widget %s could not be drawn", widget.id)
        return InternalError("Internal error drawing this widget.").body()
    return {"ok": True, **output}


def _payload(
    widget: Widget,
    context: SourceContext,
    fetch: PayloadFetcher,
    shared: dict[bytes, tuple[Any, GaugeboardError | None]],
) -> Any:
    source = filled_source(widget, context.values)
    if source is None:
        return None
    identity = source_identity(source, context)
    if identity not in shared:
        try:
            shared[identity] = (fetch(source, context), None)
        except GaugeboardError as exc:
            shared[identity] = (None, exc)
    payload, error = shared[identity]
    if error is not None:
        raise error
    return payload
