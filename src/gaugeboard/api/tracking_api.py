"""The tracking API of the reference: ``GET|POST /e``, ``/e.gif``, ``GET /events``, and the
detailed JSON ``POST /api/event``. Event-key authenticated, callable from any site (CORS).
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Response, request

from gaugeboard.api.event_models import (
    EventBody,
    EventKeyQuery,
    EventList,
    EventsStored,
    TrackQuery,
)
from gaugeboard.auth.access import Access, access, sessionless
from gaugeboard.errors import GaugeboardError, MalformedRequest
from gaugeboard.events.api_format import events_from_api_body
from gaugeboard.events.decoding import events_from_json_body, events_from_parameters
from gaugeboard.events.keys import require_live_key
from gaugeboard.events.listing import EventListQuery, list_events
from gaugeboard.events.validation import parse_events
from gaugeboard.http.body import request_body
from gaugeboard.http.contract import checked_query, described
from gaugeboard.http.error_pages import REFUSED_HEADER, note_refusal
from gaugeboard.http.responses import error_style, json_response
from gaugeboard.state import close_db_session, current_state, db_session

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
CORS_ENDPOINTS = {"gaugeboard.track.track", "gaugeboard.track.pixel", "gaugeboard.track.api_event"}


def build_tracking_blueprint() -> Blueprint:
    bp = Blueprint("track", __name__)
    bp.add_url_rule("/e", view_func=track, methods=["GET", "POST"])
    bp.add_url_rule("/e.gif", view_func=pixel, methods=["GET"])
    bp.add_url_rule("/events", view_func=events_list, methods=["GET"])
    bp.add_url_rule("/api/event", view_func=api_event, methods=["POST"])
    bp.after_request(allow_any_origin)
    return bp


def allow_any_origin(response: Response) -> Response:
    """Sites send events from their own pages; no credentials are ever read here."""
    if request.endpoint in CORS_ENDPOINTS:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Event-Key"
        response.headers["Access-Control-Max-Age"] = "86400"
        # A page's script may read why nothing was stored.
        response.headers["Access-Control-Expose-Headers"] = f"X-Gaugeboard-Stored, {REFUSED_HEADER}"
    return response


def _parameters() -> dict[str, str]:
    parameters = request.args.to_dict()
    if request.method == "POST" and request.mimetype in FORM_TYPES:
        parameters.update(request.form.to_dict())
    return parameters


def _raw_events(parameters: dict[str, str]) -> list[Any]:
    if request.method == "POST" and request.mimetype not in FORM_TYPES:
        body = request_body()
        if body.strip():
            return events_from_json_body(body, parameters)
    return events_from_parameters(parameters)


def _ingest(parameters: dict[str, str], raws: list[Any], key_secret: str | None) -> int:
    state = current_state()
    key = require_live_key(state.key_cache, db_session, key_secret)
    records = parse_events(raws)
    close_db_session()  # a key lookup's read (on a cache miss) ends before the write
    assert state.committer is not None
    return state.committer.submit(key.id, records)


@access(Access.PUBLIC)
@sessionless
@error_style("zero")
# check=False: a seed endpoint, answering 0 in the reference's words; the events engine
# checks events itself (events/validation.py, shared with the WSGI fast path of /e).
@described(
    query=TrackQuery,
    responses={200: None},
    media={200: "text/plain", "default": "text/plain"},
    tags=["tracking"],
    check=False,
)
def track() -> Response:
    """Answer ``1`` once every event is durably stored, ``0`` (and a 4xx) when none was."""
    parameters = _parameters()
    _ingest(parameters, _raw_events(parameters), parameters.get("_k"))
    return Response("1", mimetype="text/plain")


@access(Access.PUBLIC)
@sessionless
@error_style("zero")
# check=False: the pixel answers its GIF whatever it is sent, as the reference's does.
@described(
    query=TrackQuery,
    responses={200: None},
    media={200: "image/gif"},
    tags=["tracking"],
    check=False,
)
def pixel() -> Response:
    """The same as ``GET /e`` for ``<img>`` tags: always a 1×1 GIF; the outcome is a header."""
    parameters = _parameters()
    headers = {"X-Gaugeboard-Stored": "1"}
    try:
        _ingest(parameters, events_from_parameters(parameters), parameters.get("_k"))
    except GaugeboardError as error:
        headers = {"X-Gaugeboard-Stored": "0", REFUSED_HEADER: note_refusal(error)}
    response = Response(PIXEL, mimetype="image/gif", headers=headers)
    response.headers["Cache-Control"] = "no-store"
    return response


@access(Access.VIEWER)
@error_style("json")
@described(query=EventListQuery, responses={200: EventList}, tags=["tracking"])
def events_list() -> Response:
    query = checked_query(EventListQuery)
    items, more = list_events(db_session(), current_state().segments_dir, query)
    return json_response(
        {
            "ok": True,
            "items": items,
            "page": query.page,
            "limit": query.limit,
            "next": query.page + 1 if more else None,
        }
    )


@access(Access.PUBLIC)
@sessionless
@error_style("json")
# check=False: the events engine checks events with its own code (events/validation.py,
# the same as for /e and its WSGI fast path), naming every bad item.
@described(
    query=EventKeyQuery,
    json=EventBody,
    responses={200: EventsStored},
    tags=["events"],
    check=False,
)
def api_event() -> Response:
    """One or many events with per-item errors; nothing is stored when any item is bad."""
    body = request_body()
    if not body.strip():
        raise MalformedRequest("body: an event object or a list of events is required")
    raws, body_key = events_from_api_body(body)
    secret = request.args.get("_k") or request.headers.get("X-Event-Key") or body_key
    stored = _ingest({}, raws, secret)
    return json_response(
        {"ok": True, "received": len(raws), "stored": stored, "duplicates": len(raws) - stored}
    )
