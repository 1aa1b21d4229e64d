"""Drawing what is not saved yet: the widget type catalog with each type's options schema,
and ``POST /api/dashboard/preview``, which checks a draft document and returns its widgets'
outputs in the same form as the data request, so editors preview before saving."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from gaugeboard.api.dashboard_models import PreviewBody, WidgetOutputs, WidgetTypes
from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.validation import parse_document
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.errors import Forbidden
from gaugeboard.http.contract import checked_body, described
from gaugeboard.http.dashboard_request import parse_data_request
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import json_response
from gaugeboard.http.source_context import source_context
from gaugeboard.http.team_variables import for_caller
from gaugeboard.sources.definitions import DatasetSource, UrlSource
from gaugeboard.widgets.option_schemas import widget_types

DRAFT_NAME = "preview"
HTML_NOTE = "HTML widgets are shown after the dashboard is saved."


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/widget/types", view_func=types_list, methods=["GET"])
    bp.add_url_rule("/dashboard/preview", view_func=preview, methods=["POST"])


@access(Access.VIEWER)
@described(responses={200: WidgetTypes}, tags=["widgets"])
def types_list() -> Response:
    return json_response({"ok": True, "types": list(widget_types())})


def draft_document(raw: dict[str, Any]) -> DashboardDocument:
    """The draft, checked like a saved document; a draft may leave out its name."""
    return parse_document({"name": DRAFT_NAME, **raw})


def _fetches_for_the_server(document: DashboardDocument) -> bool:
    """URL and dataset sources make the server fetch on the caller's behalf."""
    return any(isinstance(w.source, UrlSource | DatasetSource) for w in document.widgets)


@access(Access.VIEWER)
@described(json=PreviewBody, responses={200: WidgetOutputs}, tags=["dashboards"])
def preview() -> Response:
    body = checked_body(PreviewBody)
    document = for_caller(draft_document(body.document))
    if _fetches_for_the_server(document) and not require_principal().has_role("editor"):
        raise Forbidden("document: previewing url or dataset sources needs the editor role")
    wanted = parse_data_request(document, body.model_extra or {})
    context = source_context(document, wanted.values, wanted.time_range)
    outputs = render_all(document, context, wanted.inputs, only=wanted.only)
    for output in outputs.values():
        _hide_html(output)
    return json_response({"ok": True, "widgets": outputs})


def _hide_html(output: dict[str, Any]) -> None:
    """An unsaved HTML widget has no sandboxed address of its own to be shown from."""
    if output.get("ok") and output.get("kind") == "html":
        output.pop("html", None)
        output["note"] = HTML_NOTE
