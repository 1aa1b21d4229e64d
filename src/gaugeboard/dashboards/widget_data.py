"""Every widget's drawable data for one dashboard request, each with its own error.

A widget whose source or payload fails gets ``{"ok": false, "error": …}`` and never breaks
the others. Widgets naming the same source (after variables are filled in) share one
fetch; a widget ``key`` picks its part of a jsondash ``{"multicharts": {key: …}}`` payload.
The event (``metric``) queries of a request run first, on up to ``EVENT_QUERY_THREADS``
threads at once, each with its own catalog session: DuckDB releases the GIL while it scans.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy.orm import Session

from gaugeboard.dashboards.document import AbsoluteTimeRange, DashboardDocument, Widget
from gaugeboard.dashboards.validation import fill_placeholders
from gaugeboard.errors import GaugeboardError, InternalError, ValidationFailed
from gaugeboard.json_paths import json_path
from gaugeboard.sources.definitions import DatasetSource, MetricSource
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
    shared: dict[bytes, tuple[Any, Exception | None]] = {}
    planned = [
        (widget, widget_context(base, widget, inputs.get(widget.id, {})))
        for widget in document.widgets
        if only is None or widget.id in only
    ]
    _prefetch_metrics(planned, fetch, shared)
    return {
        widget.id: _render_one(document, widget, context, fetch, shared)
        for widget, context in planned
    }


def _query_threads(context: SourceContext) -> int:
    """Threads for a request's event queries: 1 on an in-memory catalog (one connection)."""
    database = context.db.get_bind().engine.url.database
    if database in (None, "", ":memory:"):
        return 1
    return int(context.settings.get("EVENT_QUERY_THREADS", 1))


def _prefetch_metrics(
    planned: list[tuple[Widget, SourceContext]],
    fetch: PayloadFetcher,
    shared: dict[bytes, tuple[Any, Exception | None]],
) -> None:
    """Run the distinct metric sources of ``planned`` at once, into ``shared``. A widget
    whose source cannot be filled in is left to ``_render_one``, which reports it."""
    jobs: dict[bytes, tuple[MetricSource, SourceContext]] = {}
    for widget, context in planned:
        try:
            source = filled_source(widget, context.values)
        except GaugeboardError:
            continue
        if isinstance(source, MetricSource):
            jobs.setdefault(source_identity(source, context), (source, context))
    if len(jobs) < 2 or (threads := _query_threads(planned[0][1])) < 2:
        return
    engine = planned[0][1].db.get_bind()

    def run(job: tuple[MetricSource, SourceContext]) -> tuple[Any, Exception | None]:
        source, context = job
        with Session(bind=engine) as db:
            try:
                return fetch(source, replace(context, db=db)), None
            except Exception as exc:  # reported by each widget that shares it
                return None, exc

    with ThreadPoolExecutor(max_workers=min(threads, len(jobs))) as pool:
        for identity, outcome in zip(jobs, pool.map(run, jobs.values()), strict=True):
            shared[identity] = outcome


def _render_one(
    document: DashboardDocument,
    widget: Widget,
    context: SourceContext,
    fetch: PayloadFetcher,
    shared: dict[bytes, tuple[Any, Exception | None]],
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
    shared: dict[bytes, tuple[Any, Exception | None]],
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
