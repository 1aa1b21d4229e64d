"""``/api/alert``: alerts of the caller (an admin's: everyone's) — list, create, read,
change, delete, silence, evaluate now, history, and a test of a draft without saving.

Any signed-in viewer, editor or admin calls these; an alert is seen only by its owner and
admins (anyone else gets 404), which is the alerts service's rule."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

from gaugeboard.alerts import service
from gaugeboard.alerts.model import AlertChange, AlertCreate, AlertTest, SilenceBody
from gaugeboard.alerts.service import AlertEnv
from gaugeboard.api.alert_models import (
    AlertDeleted,
    AlertHistory,
    AlertList,
    AlertPageQuery,
    AlertReading,
    AlertSaved,
)
from gaugeboard.auth.access import Access, access
from gaugeboard.errors import NotFound
from gaugeboard.http.contract import checked_body, checked_query, described
from gaugeboard.http.dashboard_actor import dashboard_actor
from gaugeboard.http.job_runner import ID
from gaugeboard.http.responses import json_response
from gaugeboard.state import current_state, db_session

TAGS = ["alerts"]


def register(bp: Blueprint) -> None:
    one = f"/alert/<{ID}:alert_id>"
    bp.add_url_rule("/alert", view_func=alert_list, methods=["GET"])
    bp.add_url_rule("/alert", view_func=alert_create, methods=["POST"])
    bp.add_url_rule("/alert/test", view_func=alert_test, methods=["POST"])
    bp.add_url_rule(one, view_func=alert_get, methods=["GET"])
    bp.add_url_rule(one, view_func=alert_update, methods=["PUT"])
    bp.add_url_rule(one, view_func=alert_delete, methods=["DELETE"])
    bp.add_url_rule(f"{one}/evaluate", view_func=alert_evaluate, methods=["POST"])
    bp.add_url_rule(f"{one}/history", view_func=alert_history, methods=["GET"])
    bp.add_url_rule(f"{one}/silence", view_func=alert_silence, methods=["POST"])


def _env() -> AlertEnv:
    env = current_state().alerts
    if env is None:
        raise NotFound("alerts are not available on this server")
    return env


@access(Access.VIEWER)
@described(query=AlertPageQuery, responses={200: AlertList}, tags=TAGS)
def alert_list() -> Response:
    """The caller's alerts by name (an admin sees everyone's), a page at a time."""
    query = checked_query(AlertPageQuery)
    offset = (query.page - 1) * query.limit
    items = service.list_alerts(db_session(), dashboard_actor(), offset, query.limit + 1)
    more = len(items) > query.limit
    body = {"ok": True, "items": items[: query.limit], "next": query.page + 1 if more else None}
    return json_response(body)


@access(Access.VIEWER)
@described(json=AlertCreate, responses={201: AlertSaved}, tags=TAGS)
def alert_create() -> Response:
    """A new alert, owned by the caller: what it watches (``source``), its ``condition``,
    the window, how many breaching evaluations make it alert, the re-notify interval and
    its ``channels``."""
    body = checked_body(AlertCreate)
    saved = service.create_alert(_env(), db_session(), dashboard_actor(), body)
    location = url_for("gaugeboard.api.alert_get", alert_id=saved["id"])
    return json_response({"ok": True, "alert": saved}, 201, {"Location": location})


@access(Access.VIEWER)
@described(json=AlertTest, responses={200: AlertReading}, tags=TAGS)
def alert_test() -> Response:
    """A draft's number now (and the previous window's, for ``change``) and whether its
    condition is breached; nothing is saved or sent."""
    body = checked_body(AlertTest)
    reading = service.dry_run(_env(), db_session(), dashboard_actor(), body)
    return json_response({"ok": True, **reading})


@access(Access.VIEWER)
@described(responses={200: AlertSaved}, tags=TAGS)
def alert_get(alert_id: int) -> Response:
    """One alert and where it stands."""
    alert = service.get_alert(db_session(), dashboard_actor(), alert_id)
    return json_response({"ok": True, "alert": alert})


@access(Access.VIEWER)
@described(json=AlertChange, responses={200: AlertSaved}, tags=TAGS)
def alert_update(alert_id: int) -> Response:
    """Change the fields given; a new source, condition or window starts it afresh."""
    change = checked_body(AlertChange)
    saved = service.update_alert(_env(), db_session(), dashboard_actor(), alert_id, change)
    return json_response({"ok": True, "alert": saved})


@access(Access.VIEWER)
@described(responses={200: AlertDeleted}, tags=TAGS)
def alert_delete(alert_id: int) -> Response:
    """Delete an alert with its history."""
    service.delete_alert(db_session(), dashboard_actor(), alert_id)
    return json_response({"ok": True, "deleted": alert_id})


@access(Access.VIEWER)
@described(responses={200: AlertHistory}, tags=TAGS)
def alert_evaluate(alert_id: int) -> Response:
    """Evaluate the alert now, as the schedule does: its state may change and
    notifications go out. Answers with its newest evaluation."""
    found = service.evaluate_now(_env(), db_session(), dashboard_actor(), alert_id)
    return json_response({"ok": True, **found})


@access(Access.VIEWER)
@described(query=AlertPageQuery, responses={200: AlertHistory}, tags=TAGS)
def alert_history(alert_id: int) -> Response:
    """The newest evaluations (``changed`` marks state changes) and deliveries."""
    query = checked_query(AlertPageQuery)
    found = service.history(db_session(), dashboard_actor(), alert_id, query.limit)
    return json_response({"ok": True, **found})


@access(Access.VIEWER)
@described(json=SilenceBody, responses={200: AlertSaved}, tags=TAGS)
def alert_silence(alert_id: int) -> Response:
    """Hold back notifications until ``until`` (states still change); null ends it."""
    body = checked_body(SilenceBody)
    saved = service.silence_alert(db_session(), dashboard_actor(), alert_id, body.until)
    return json_response({"ok": True, "alert": saved})
