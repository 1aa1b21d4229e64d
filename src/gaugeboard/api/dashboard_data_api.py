"""``/api/dashboard/<id>/data``: every widget's data in one request, each with its own
error, served through the per-process source cache, with an ETag; and the published
JSON Schema of the dashboard document."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any, Literal

import orjson
from flask import Blueprint, Response, request
from pydantic import BaseModel

from gaugeboard.auth.access import Access, access
from gaugeboard.dashboards.document import DashboardDocument
from gaugeboard.dashboards.service import document_of
from gaugeboard.dashboards.widget_data import render_all
from gaugeboard.errors import NotFound
from gaugeboard.http.contract import described
from gaugeboard.http.dashboard_lookup import visible_dashboard
from gaugeboard.http.dashboard_request import read_data_request
from gaugeboard.http.html_frames import HTML_WIDGET_POLICY, add_html_frames
from gaugeboard.http.source_context import cached_fetcher, source_context
from gaugeboard.http.team_variables import for_caller

SCHEMA_ID = "https://gaugeboard.dev/schema/dashboard.json"


class DashboardData(BaseModel):
    """Every widget's output by widget id, each with its own ``ok`` and error."""

    ok: Literal[True]
    dashboard: int
    version: int
    widgets: dict[str, dict[str, Any]]


def register(bp: Blueprint) -> None:
    rule = "/dashboard/<int:dashboard_id>/data"
    bp.add_url_rule(rule, view_func=dashboard_data, methods=["GET", "POST"])
    bp.add_url_rule(
        "/dashboard/<int:dashboard_id>/widget/<widget_id>/html",
        view_func=dashboard_widget_html,
        methods=["GET"],
    )
    bp.add_url_rule("/schema/dashboard.json", view_func=dashboard_schema, methods=["GET"])


@access(Access.DASHBOARD_READER)
@described(responses={200: DashboardData, 304: None}, tags=["dashboards"])
def dashboard_data(dashboard_id: int) -> Response:
    dashboard = visible_dashboard(str(dashboard_id))
    document = for_caller(document_of(dashboard))
    wanted = read_data_request(document)
    context = source_context(document, wanted.values, wanted.time_range)
    fetcher = cached_fetcher(document)
    outputs = render_all(document, context, wanted.inputs, fetcher, wanted.only)
    params = request.args if request.method == "GET" else {}
    add_html_frames(outputs, dashboard.id, params)
    body = orjson.dumps(
        {"ok": True, "dashboard": dashboard.id, "version": dashboard.version, "widgets": outputs}
    )
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "X-Gaugeboard-Sources": fetcher.header(),
    }
    if request.if_none_match.contains_weak(etag.strip('"')):
        return Response(status=304, headers=headers)
    return Response(body, mimetype="application/json", headers=headers)


@access(Access.DASHBOARD_READER)
@described(responses={200: None}, media={200: "text/html"}, tags=["dashboards"])
def dashboard_widget_html(dashboard_id: int, widget_id: str) -> Response:
    """An ``html`` widget's HTML alone, under its own sandboxing policy (same request
    parameters as the data request)."""
    dashboard = visible_dashboard(str(dashboard_id))
    document = for_caller(document_of(dashboard))
    wanted = read_data_request(document)
    if widget_id not in {widget.id for widget in document.widgets}:
        raise NotFound(f"widget: no widget {widget_id!r} in this dashboard")
    context = source_context(document, wanted.values, wanted.time_range)
    fetcher = cached_fetcher(document)
    output = render_all(document, context, wanted.inputs, fetcher, {widget_id})[widget_id]
    if not output.get("ok") or output.get("kind") != "html":
        raise NotFound(f"widget: {widget_id!r} has no HTML to show")
    return Response(
        output["html"],
        mimetype="text/html",
        headers={
            "Content-Security-Policy": HTML_WIDGET_POLICY,
            "X-Frame-Options": "SAMEORIGIN",
            "Cache-Control": "private, max-age=60",
        },
    )


@cache
def _schema_bytes() -> bytes:
    schema: dict[str, Any] = DashboardDocument.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }
    return orjson.dumps(schema, option=orjson.OPT_INDENT_2)


@access(Access.PUBLIC)
@described(responses={200: None}, media={200: "application/schema+json"}, tags=["dashboards"])
def dashboard_schema() -> Response:
    return Response(_schema_bytes(), mimetype="application/schema+json")
