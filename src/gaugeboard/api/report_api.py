"""``/api/report``: scheduled reports of dashboards — list, create, read, change, delete,
send now, run history — and ``/api/report/image/<token>``, a run's PNG behind a signed,
expiring link (no sign-in: the signature is the permission).

A report is managed by whoever may edit its dashboard, and by admins (anyone else gets
404), which is the reports service's rule."""

from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from gaugeboard.api.report_models import (
    ReportDeleted,
    ReportHistory,
    ReportHistoryQuery,
    ReportList,
    ReportListQuery,
    ReportSaved,
)
from gaugeboard.auth.access import Access, access, sessionless
from gaugeboard.errors import NotFound
from gaugeboard.http.contract import checked_body, checked_query, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import ID
from gaugeboard.http.responses import json_response
from gaugeboard.reports import service
from gaugeboard.reports.model import ReportChange, ReportCreate
from gaugeboard.reports.service import ReportEnv
from gaugeboard.state import current_state, db_session

TAGS = ["reports"]


def register(bp: Blueprint) -> None:
    one = f"/report/<{ID}:report_id>"
    bp.add_url_rule("/report", view_func=report_list, methods=["GET"])
    bp.add_url_rule("/report", view_func=report_create, methods=["POST"])
    bp.add_url_rule("/report/image/<token>", view_func=report_image, methods=["GET"])
    bp.add_url_rule(one, view_func=report_get, methods=["GET"])
    bp.add_url_rule(one, view_func=report_update, methods=["PUT"])
    bp.add_url_rule(one, view_func=report_delete, methods=["DELETE"])
    bp.add_url_rule(f"{one}/send", view_func=report_send, methods=["POST"])
    bp.add_url_rule(f"{one}/history", view_func=report_history, methods=["GET"])


def _env() -> ReportEnv:
    env = current_state().reports
    if env is None:
        raise NotFound("reports are not available on this server")
    return env


def _base_url() -> str:
    """Where this gaugeboard was reached (for links when PUBLIC_URL is unset)."""
    return request.url_root.rstrip("/") + current_state().url_prefix.rstrip("/")


@access(Access.VIEWER)
@described(query=ReportListQuery, responses={200: ReportList}, tags=TAGS)
def report_list() -> Response:
    """The reports of the dashboards the caller may edit (an admin sees all), or of one
    ``dashboard``."""
    query = checked_query(ReportListQuery)
    items = service.list_reports(db_session(), dashboard_actor(), query.dashboard)
    return json_response({"ok": True, "items": items, "next": None})


@access(Access.VIEWER)
@described(json=ReportCreate, responses={201: ReportSaved}, tags=TAGS)
def report_create() -> Response:
    """A new report on a dashboard the caller may edit: its ``cron`` schedule, the
    ``widgets`` to send (empty: all) and its ``channels``."""
    body = checked_body(ReportCreate)
    saved = service.create_report(_env(), db_session(), dashboard_actor(), body, _base_url())
    location = url_for("gaugeboard.api.report_get", report_id=saved["id"])
    return json_response({"ok": True, "report": saved}, 201, {"Location": location})


@access(Access.VIEWER)
@described(responses={200: ReportSaved}, tags=TAGS)
def report_get(report_id: int) -> Response:
    """One report."""
    report = service.get_report(db_session(), dashboard_actor(), report_id)
    return json_response({"ok": True, "report": report})


@access(Access.VIEWER)
@described(json=ReportChange, responses={200: ReportSaved}, tags=TAGS)
def report_update(report_id: int) -> Response:
    """Change the fields given."""
    change = checked_body(ReportChange)
    saved = service.update_report(
        _env(), db_session(), dashboard_actor(), report_id, change, _base_url()
    )
    return json_response({"ok": True, "report": saved})


@access(Access.VIEWER)
@described(responses={200: ReportDeleted}, tags=TAGS)
def report_delete(report_id: int) -> Response:
    """Delete a report with its run history."""
    service.delete_report(db_session(), dashboard_actor(), report_id)
    return json_response({"ok": True, "deleted": report_id})


@access(Access.VIEWER)
@described(responses={200: ReportHistory}, tags=TAGS)
def report_send(report_id: int) -> Response:
    """Draw and send the report now, as the schedule does; answers with that run."""
    found = service.send_now(_env(), db_session(), dashboard_actor(), report_id)
    return json_response({"ok": True, **found})


@access(Access.VIEWER)
@described(query=ReportHistoryQuery, responses={200: ReportHistory}, tags=TAGS)
def report_history(report_id: int) -> Response:
    """The newest runs, each with its deliveries as they stand now."""
    query = checked_query(ReportHistoryQuery)
    found = service.history(db_session(), dashboard_actor(), report_id, query.limit)
    return json_response({"ok": True, **found})


@access(Access.PUBLIC)
@sessionless
@described(responses={200: None}, media={200: ("image/png",)}, tags=TAGS)
def report_image(token: str) -> Response:
    """A report run's PNG, for the signed link its webhook carried, until the link
    expires; a changed or expired link is 404."""
    image = service.image_of_link(_env(), token)
    return Response(
        image,
        mimetype="image/png",
        headers={"Cache-Control": "private, max-age=300", "Content-Disposition": "inline"},
    )
