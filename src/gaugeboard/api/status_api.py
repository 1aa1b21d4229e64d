"""``/api/status``: the status reading, incidents and maintenance windows, and the route
configuration API (also at FlaskStatus's ``/flask-status/configure``)."""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, request

from gaugeboard.api.status_models import (
    IncidentFetched,
    IncidentList,
    PageQuery,
    RouteConfigured,
    StatusReading,
)
from gaugeboard.auth.access import Access, access, sessionless
from gaugeboard.auth.credentials import authenticate_bearer
from gaugeboard.errors import Forbidden, MalformedRequest, Unauthorized
from gaugeboard.http.body import json_object
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.guard import require_principal
from gaugeboard.http.responses import error_style, json_response
from gaugeboard.monitor.incident_service import (
    IncidentCreate,
    IncidentUpdateCreate,
    create_incident,
    describe_incident,
    find_incident,
    post_update,
)
from gaugeboard.monitor.page_data import all_route_rules, gather, route_json
from gaugeboard.monitor.readings import STATE_LABELS
from gaugeboard.monitor.route_config import (
    RouteConfigure,
    forget_status_route,
    rename_status_route,
)
from gaugeboard.monitor.status_monitor import StatusMonitor, running_monitor
from gaugeboard.state import current_state, db_session
from gaugeboard.store.status_incidents import page_of_incidents
from gaugeboard.store.types import iso_utc, utcnow

CONFIGURE_URL = "/flask-status/configure"


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/status", view_func=status_reading, methods=["GET"])
    bp.add_url_rule("/status/incident", view_func=incident_list, methods=["GET"])
    bp.add_url_rule("/status/incident", view_func=incident_create, methods=["POST"])
    bp.add_url_rule("/status/incident/<int:incident_id>", view_func=incident_get)
    bp.add_url_rule(
        "/status/incident/<int:incident_id>/update", view_func=incident_update, methods=["POST"]
    )
    bp.add_url_rule("/status/route", view_func=configure_route, methods=["PUT", "DELETE"])


def register_flask_status(bp: Blueprint) -> None:
    """FlaskStatus's configure URL, on the status blueprint at the app root."""
    bp.add_url_rule(CONFIGURE_URL, view_func=configure_route, methods=["PUT", "DELETE"])


def status_monitor() -> StatusMonitor:
    return running_monitor(current_state().monitor)


@access(Access.STATUS_READER)
@described(responses={200: StatusReading}, tags=["status"])
def status_reading() -> Response:
    settings = current_state().settings
    db = db_session()
    page = gather(db, status_monitor(), settings["STATUS_MAJOR_OUTAGE_BELOW"])
    return json_response(
        {
            "ok": True,
            "state": page.overall,
            "description": STATE_LABELS[page.overall],
            "generated_at": iso_utc(page.now),
            "routes": [route_json(route) for route in page.reading.routes],
            "incidents": [describe_incident(i, page.rules, page.now) for i in page.ongoing],
        }
    )


@access(Access.STATUS_READER)
@described(query=PageQuery, responses={200: IncidentList}, tags=["status"])
def incident_list() -> Response:
    status_monitor()
    query = checked_query(PageQuery)
    limit, page = query.limit, query.page
    db = db_session()
    items, total = page_of_incidents(db, limit, (page - 1) * limit)
    rules = all_route_rules(db)
    now = utcnow()
    return json_response(
        {
            "ok": True,
            "items": [describe_incident(item, rules, now) for item in items],
            "total": total,
            "next": page + 1 if page * limit < total else None,
        }
    )


@access(Access.STATUS_READER)
@described(responses={200: IncidentFetched}, tags=["status"])
def incident_get(incident_id: int) -> Response:
    status_monitor()
    db = db_session()
    incident = find_incident(db, incident_id)
    return json_response(
        {"ok": True, "incident": describe_incident(incident, all_route_rules(db), utcnow())}
    )


@access(Access.ADMIN)
# check=False: the monitor checks the body with IncidentCreate itself, beside the lookup of
# the route it names, so every problem is reported at once.
@described(json=IncidentCreate, responses={201: IncidentFetched}, tags=["status"], check=False)
def incident_create() -> Response:
    status_monitor()
    body = json_object()
    db = db_session()
    incident = create_incident(db, body, require_principal().name)
    described = describe_incident(incident, all_route_rules(db), utcnow())
    return json_response({"ok": True, "incident": described}, 201)


@access(Access.ADMIN)
# check=False: an unknown incident is a 404 whatever the body, which the monitor checks
# with IncidentUpdateCreate after the lookup (the incident's kind says which statuses fit).
@described(
    json=IncidentUpdateCreate, responses={201: IncidentFetched}, tags=["status"], check=False
)
def incident_update(incident_id: int) -> Response:
    status_monitor()
    body = json_object()
    db = db_session()
    incident = post_update(db, incident_id, body, require_principal().name)
    described = describe_incident(incident, all_route_rules(db), utcnow())
    return json_response({"ok": True, "incident": described}, 201)


# -- route configuration (FlaskStatus's API) --------------------------------------------


def _configure_secret() -> str:
    """The secret of ``Authorization: Bearer <secret>``: missing → 401, other scheme → 400."""
    header = request.headers.get("Authorization")
    if header is None or not header.strip():
        raise Unauthorized(
            "Authorization: send 'Bearer <secret>' (the API secret or an admin token)"
        )
    scheme, _, secret = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise MalformedRequest("Authorization: invalid token; use 'Bearer <secret>'")
    return secret.strip()


def _authorize_configure() -> None:
    secret = _configure_secret()
    expected = current_state().status_api_secret
    if expected and hmac.compare_digest(secret.encode(), expected.encode()):
        return
    try:
        principal = authenticate_bearer(db_session(), secret)
    except Unauthorized:
        raise Unauthorized("Authorization: wrong secret or token") from None
    if not principal.has_role("admin"):
        raise Forbidden("Authorization: configuring routes needs an admin token")


@access(Access.PUBLIC)
@sessionless
@error_style("json")
# check=False: the API secret (or an admin token) answers before the body is read; the
# monitor then checks the body with RouteConfigure.
@described(json=RouteConfigure, responses={200: RouteConfigured}, tags=["status"], check=False)
def configure_route() -> Response:
    """PUT renames a route (name, doc); DELETE forgets its data and hides it."""
    monitor = status_monitor()
    _authorize_configure()
    if request.method == "DELETE":
        forget_status_route(db_session(), monitor, json_object())
        return json_response({"ok": True, "message": "Route deleted"})
    route = rename_status_route(db_session(), monitor, json_object())
    return json_response({"ok": True, "message": "Route modified", "route": route})
